import type { Db } from './db';

/**
 * What the background last read of one object store, kept between requests, per database: reading
 * and checking every row again is most of what some requests would wait for. Every write through
 * the store's repositories drops it (`version` counts the writes), and a read keeps what it read
 * only if no write began while it read, so the copy is never older than the store. This holds only
 * while the store's own repository is the only writer of its object store.
 */
export interface KeptCopy<T> {
  /** The copy, or a fresh `read()` (kept if no write began meanwhile). */
  get(): Promise<T>;
  /** The copy if one is at hand, without reading. */
  peek(): T | undefined;
  /** Runs a write, the copy dropped before it starts and again once it has ended. */
  writing<R>(write: () => Promise<R>): Promise<R>;
}

interface Snapshot<T> {
  version: number;
  value?: T;
}

/**
 * A registry of copies, one per database: each repository module makes one, so every repository
 * of a database shares its copy.
 */
export function keptCopies<T>(read: (db: Db) => Promise<T>): (db: Db) => KeptCopy<T> {
  const snapshots = new WeakMap<Db, Snapshot<T>>();
  return (db) => {
    let kept = snapshots.get(db);
    if (!kept) {
      kept = { version: 0 };
      snapshots.set(db, kept);
    }
    const snapshot = kept;
    /** Before a write's transaction is created, and after it ends: the copy is stale. */
    const written = () => {
      snapshot.version++;
      snapshot.value = undefined;
    };
    return {
      async get() {
        if (snapshot.value !== undefined) return snapshot.value;
        const version = snapshot.version;
        const value = await read(db);
        if (snapshot.version === version) snapshot.value = value;
        return value;
      },
      peek: () => snapshot.value,
      async writing(write) {
        written();
        try {
          return await write();
        } finally {
          written();
        }
      },
    };
  };
}
