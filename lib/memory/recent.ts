/**
 * Memories with a size cap, the least recently used entry forgotten first: what a content script or
 * the background keeps per message, conversation or record for a whole page or worker life (an
 * agent's shift: hundreds of conversations, thousands of messages) must not grow without end. Each
 * user says why its cap is large enough that forgetting costs only a repeated request or check,
 * never a wrong write. A leaf module (no imports): the content scripts and the background share it.
 */

/** A Map of at most `max` entries; `get` and `set` make an entry the most recent. */
export interface RecentMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  readonly size: number;
}

export function recentMap<K, V>(max: number): RecentMap<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const entries = new Map<K, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      while (entries.size > max) entries.delete(entries.keys().next().value as K);
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** A set of at most `max` keys, the least recently used dropped first. */
export interface RecentKeys {
  has(key: string): boolean;
  add(key: string): void;
  readonly size: number;
}

export function recentKeys(max: number): RecentKeys {
  const keys = recentMap<string, true>(max);
  return {
    has: (key) => keys.get(key) !== undefined,
    add: (key) => keys.set(key, true),
    get size() {
      return keys.size;
    },
  };
}
