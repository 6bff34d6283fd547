/**
 * A fallback trigger for when the transcript cannot be found in the page (its markup is not what
 * the profile says): any change in the page may be a new message, so the background is asked to
 * read the conversation through the platform's API. A console renders its components in shadow
 * roots, which an observer of the document does not see into: each open shadow root is observed
 * too, new ones as `watch(true)` is called again (the sensor does, each time it looks for lists). Off while the transcript is watched (its own
 * observers trigger the reads then): observing a whole console is the costly part. Throttled: at
 * most one call per `intervalMs`, the first `intervalMs` after a change (a burst of rendering is
 * one call), and none while nothing changes.
 */
import { openShadowRoots } from './deep-query';

export function pageActivity(options: {
  signal: AbortSignal;
  root: () => Node | null;
  intervalMs?: number;
  onActivity(): void;
}) {
  const { signal, intervalMs = 2_000 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | undefined;
  /** The shadow roots observed so far (an observer cannot be asked what it observes). */
  let observed = new WeakSet<Node>();
  const fire = () => {
    timer = undefined;
    if (!signal.aborted && observer) options.onActivity();
  };
  const stop = () => {
    observer?.disconnect();
    observer = undefined;
    observed = new WeakSet();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  signal.addEventListener('abort', stop);
  return {
    /** Watches the page and its shadow roots (true; again: the new shadow roots too) or stops (false). */
    watch(on: boolean) {
      if (signal.aborted) return;
      if (!on) return stop();
      const root = options.root();
      if (!root) return;
      if (!observer) {
        observer = new MutationObserver(() => {
          if (timer === undefined) timer = setTimeout(fire, intervalMs);
        });
      }
      for (const node of [root, ...openShadowRoots(root as ParentNode)]) {
        if (observed.has(node)) continue;
        observed.add(node);
        observer.observe(node, { childList: true, subtree: true, characterData: true });
      }
    },
  };
}
