/**
 * Watches the transcript lists of the page: finds them through shadow roots (re-finding when the
 * console re-renders a tab), reads each list's items when it is first seen, then only the items a
 * mutation touched, and reports them debounced. Observers sit on the lists only, never on the
 * whole document, so a busy console costs little.
 */
export interface ListWatcherOptions<T> {
  /** Finds the currently shown lists (deep query), or [] when none is rendered yet. */
  findLists(): Element[];
  /** CSS selector of one item (message) inside a list. */
  itemSelector: string;
  read(item: Element): T | null;
  /** The items a mutation touched (or all, when a list is first seen), per list they sit in. */
  onItems(items: T[], list: Element): void;
  signal: AbortSignal;
  /**
   * How long after a mutation the touched items are read: long enough for a framework to finish
   * rendering the message it inserted (its children come in the same or the next task), short
   * enough not to show in the handoff's latency. One frame at 60 Hz by default.
   */
  debounceMs?: number;
  /** How often to look for lists again (they appear late and are replaced on navigation). */
  rescanMs?: number;
}

const FULL_RESCAN_EVERY = 10;

export function watchLists<T>(options: ListWatcherOptions<T>) {
  const { signal, itemSelector, debounceMs = 16, rescanMs = 1000 } = options;
  const observed = new Map<Element, MutationObserver>();
  /** Touched items, by the list whose observer saw them. */
  const touched = new Map<Element, Element>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const byList = new Map<Element, T[]>();
    for (const [item, list] of touched) {
      // A list no longer watched (navigation dropped it) reports nothing more.
      if (!item.isConnected || !observed.has(list)) continue;
      const value = options.read(item);
      if (value === null) continue;
      const out = byList.get(list);
      if (out) out.push(value);
      else byList.set(list, [value]);
    }
    touched.clear();
    for (const [list, out] of byList) options.onItems(out, list);
  };
  const touch = (item: Element, list: Element) => {
    touched.set(item, list);
    if (timer === undefined) timer = setTimeout(flush, debounceMs);
  };
  const touchWithin = (node: Node, list: Element) => {
    if (!(node instanceof Element)) {
      const owner = node.parentElement?.closest(itemSelector);
      if (owner) touch(owner, list);
      return;
    }
    const owner = node.closest(itemSelector);
    if (owner) return touch(owner, list);
    for (const item of node.querySelectorAll(itemSelector)) touch(item, list);
  };

  const rescan = () => {
    if (signal.aborted) return;
    const lists = new Set(options.findLists());
    for (const [list, observer] of observed) {
      if (!lists.has(list) || !list.isConnected) {
        observer.disconnect();
        observed.delete(list);
      }
    }
    for (const list of lists) {
      if (observed.has(list)) continue;
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'characterData') touchWithin(r.target, list);
          else {
            for (const n of r.addedNodes) touchWithin(n, list);
            if (r.target !== list) touchWithin(r.target, list);
          }
        }
      });
      observer.observe(list, { childList: true, subtree: true, characterData: true });
      observed.set(list, observer);
      for (const item of list.querySelectorAll(itemSelector)) touch(item, list);
    }
  };

  // The deep query walks every shadow root: while the lists we watch are still in the page, look
  // for new ones only every FULL_RESCAN_EVERY ticks (navigation calls rescan() itself at once).
  let tick = 0;
  const interval = setInterval(() => {
    const watching = observed.size > 0 && [...observed.keys()].every((list) => list.isConnected);
    if (watching && ++tick % FULL_RESCAN_EVERY !== 0) return;
    rescan();
  }, rescanMs);
  signal.addEventListener('abort', () => {
    clearInterval(interval);
    if (timer !== undefined) clearTimeout(timer);
    for (const observer of observed.values()) observer.disconnect();
    observed.clear();
  });
  rescan();
  return { rescan };
}
