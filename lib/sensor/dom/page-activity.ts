/**
 * A fallback trigger for when the transcript cannot be found in the page (its markup is not what
 * the profile says): any change in the page may be a new message, so the background is asked to
 * read the conversation through the platform's API. Off while the transcript is watched (its own
 * observers trigger the reads then): observing a whole console is the costly part. Throttled: at
 * most one call per `intervalMs`, the first `intervalMs` after a change (a burst of rendering is
 * one call), and none while nothing changes.
 */
export function pageActivity(options: {
  signal: AbortSignal;
  root: () => Node | null;
  intervalMs?: number;
  onActivity(): void;
}) {
  const { signal, intervalMs = 2_000 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | undefined;
  const fire = () => {
    timer = undefined;
    if (!signal.aborted && observer) options.onActivity();
  };
  const stop = () => {
    observer?.disconnect();
    observer = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  signal.addEventListener('abort', stop);
  return {
    /** Watches the page (true) or stops (false); calling it again with the same value does nothing. */
    watch(on: boolean) {
      if (signal.aborted || on === (observer !== undefined)) return;
      if (!on) return stop();
      const root = options.root();
      if (!root) return;
      observer = new MutationObserver(() => {
        if (timer === undefined) timer = setTimeout(fire, intervalMs);
      });
      observer.observe(root, { childList: true, subtree: true, characterData: true });
    },
  };
}
