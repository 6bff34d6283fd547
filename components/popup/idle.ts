/** Runs `work` when the page is idle (after its first paint), or soon where there is no idle callback. */
export function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work());
  else setTimeout(work, 50);
}
