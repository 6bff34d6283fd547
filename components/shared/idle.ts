/** Runs `work` when the page is idle (after its first paint), or soon where there is no idle callback. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work());
  else setTimeout(work, 50);
}

/**
 * How long afterPaint waits for a frame: a page opened in a background tab (the options page from
 * a middle click) gets none until it is shown, and its work should not wait for that.
 */
export const FRAME_WAIT_MS = 200;

/**
 * Resolves once the page has painted what is rendered now: after the next animation frame (a task
 * queued from it runs after that frame's paint), after FRAME_WAIT_MS when no frame comes, or soon
 * where there are no frames.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let called = false;
    const after = () => {
      if (called) return;
      called = true;
      setTimeout(resolve, 0);
    };
    if (typeof requestAnimationFrame !== 'function') return after();
    requestAnimationFrame(after);
    setTimeout(after, FRAME_WAIT_MS);
  });
}

/**
 * `next()` once `first` has settled and what it showed is painted (or at once without `first`):
 * a page's big request waits until its first screen is on screen, so its answer does not arrive
 * while that screen is drawn.
 */
export function afterFirstPaint<T>(
  first: Promise<unknown> | undefined,
  next: () => Promise<T>,
): Promise<T> {
  return first ? first.then(afterPaint, afterPaint).then(next) : next();
}
