/** Runs `work` when the page is idle (after its first paint), or soon where there is no idle callback. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work());
  else setTimeout(work, 50);
}

/**
 * Resolves once the page has painted what is rendered now: after the next animation frame (a task
 * queued from it runs after that frame's paint), or soon where there are no frames.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const after = () => setTimeout(resolve, 0);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(after);
    else after();
  });
}
