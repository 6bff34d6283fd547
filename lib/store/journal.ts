import type { Db } from './db';
import { isSettledState, type JournalEntry } from './journal-schema';

/**
 * A range of the journal's `at` (epoch ms), as plain numbers: the journal's queries decide it
 * without touching IndexedDB. No `upper`: up to the newest.
 */
export interface AtRange {
  lower: number;
  lowerOpen: boolean;
  upper?: number;
  upperOpen: boolean;
}

const keyRange = (r: AtRange): IDBKeyRange =>
  r.upper === undefined
    ? IDBKeyRange.lowerBound(r.lower, r.lowerOpen)
    : IDBKeyRange.bound(r.lower, r.upper, r.lowerOpen, r.upperOpen);

export function journalRepo(db: Db) {
  return {
    /** The database, for stores written in one transaction with the journal (the write queue). */
    db,
    ...entries(db),
    ...walks(db),
    ...seenMessages(db),
  };
}
export type JournalRepo = ReturnType<typeof journalRepo>;

/** One entry at a time: added, updated, read by id, or the newest of a record. */
function entries(db: Db) {
  return {
    async add(entry: JournalEntry): Promise<JournalEntry> {
      const { id: _ignored, ...row } = entry;
      const id = await db.add('journal', row as JournalEntry);
      return { ...row, id };
    },
    async update(entry: JournalEntry & { id: number }): Promise<void> {
      await db.put('journal', entry);
    },
    /** The newest entry for a record (the widget's view). */
    async latestFor(recordKey: string): Promise<JournalEntry | undefined> {
      const tx = db.transaction('journal', 'readonly');
      const cursor = await tx.store
        .index('by-record')
        .openCursor(IDBKeyRange.only(recordKey), 'prev');
      const entry = cursor?.value;
      await tx.done;
      return entry;
    },
    /** The newest entry for a record that `accept`s (newest first over the record's index). */
    async latestWhere(
      recordKey: string,
      accept: (entry: JournalEntry) => boolean,
    ): Promise<JournalEntry | undefined> {
      const tx = db.transaction('journal', 'readonly');
      let cursor = await tx.store
        .index('by-record')
        .openCursor(IDBKeyRange.only(recordKey), 'prev');
      let found: JournalEntry | undefined;
      while (cursor && !found) {
        if (accept(cursor.value)) found = cursor.value;
        else cursor = await cursor.continue();
      }
      await tx.done;
      return found;
    },
    async get(id: number): Promise<JournalEntry | undefined> {
      return db.get('journal', id);
    },
  };
}

/** Walks over the entries by `at` or id: the journal's queries and its retention. */
function walks(db: Db) {
  return {
    /**
     * Walks the entries in `range` newest first — `at` descending, then id descending (the `by-at`
     * index walked `prev`), so a reader can resume after an `{at, id}` — handing each with its id to
     * `visit` until it answers `false`. Before the walk, counts the entries of each `count` range by
     * the index (null counts 0). One read-only transaction: the counts and the walk agree.
     */
    async newestFirst<K extends string = never>(
      range: AtRange | null,
      visit: (entry: JournalEntry, id: number) => boolean,
      count: Partial<Record<K, AtRange | null>> = {},
    ): Promise<Partial<Record<K, number>>> {
      const tx = db.transaction('journal');
      const index = tx.store.index('by-at');
      const counts: Partial<Record<K, number>> = {};
      for (const [name, r] of Object.entries(count) as [K, AtRange | null | undefined][]) {
        counts[name] = r ? await index.count(keyRange(r)) : 0;
      }
      let cursor = range ? await index.openCursor(keyRange(range), 'prev') : null;
      while (cursor && visit(cursor.value, cursor.primaryKey)) cursor = await cursor.continue();
      await tx.done;
      return counts;
    },
    /**
     * Retention: deletes the entries at or before `cutoff`, except those whose writes are still
     * pending (their queue rows would report to nothing); answers how many.
     */
    async purgeSettled(cutoff: number): Promise<number> {
      const tx = db.transaction('journal', 'readwrite');
      let n = 0;
      let cursor = await tx.store.index('by-at').openCursor(IDBKeyRange.upperBound(cutoff));
      while (cursor) {
        if (cursor.value.state !== 'pending') {
          await cursor.delete();
          n++;
        }
        cursor = await cursor.continue();
      }
      await tx.done;
      return n;
    },
    /**
     * The orgs the journal holds entries of (the Settings section offers their audiences): one
     * step of the `by-record` index per org, as record keys are `platform:org:object:id`.
     */
    async orgs(): Promise<{ platform: string; org: string }[]> {
      const found: { platform: string; org: string }[] = [];
      const tx = db.transaction('journal');
      let cursor = await tx.store.index('by-record').openKeyCursor(null, 'nextunique');
      while (cursor) {
        const [platform = '', org = ''] = String(cursor.key).split(':');
        if (platform && org) found.push({ platform, org });
        // Past every key of this org: ';' sorts right after ':'.
        cursor = await cursor.continue(`${platform}:${org};`);
      }
      await tx.done;
      return found;
    },
    /** The ids of the settled entries not redacted yet (one read-only pass, in id order). */
    async unredactedSettledIds(): Promise<number[]> {
      const ids: number[] = [];
      const tx = db.transaction('journal');
      let cursor = await tx.store.openCursor();
      while (cursor) {
        const e = cursor.value;
        if (!e.redacted && isSettledState(e.state)) ids.push(cursor.primaryKey);
        cursor = await cursor.continue();
      }
      await tx.done;
      return ids;
    },
  };
}

/** The `seen` store: which messages were taken in, and their first digest (edit detection). */
function seenMessages(db: Db) {
  return {
    async wasSeen(key: string): Promise<number | undefined> {
      return (await db.get('seen', key))?.journalId;
    },
    async markSeen(key: string, journalId: number): Promise<void> {
      await db.put('seen', { key, journalId, at: Date.now() });
    },
    /** The digest of a message's first text, as remembered by `rememberFirst` (edit detection). */
    async firstDigest(key: string): Promise<string | undefined> {
      return (await db.get('seen', key))?.digest;
    },
    /** Remembers a message's first digest; a later call for the same key keeps the first one. */
    async rememberFirst(key: string, digest: string, journalId: number): Promise<void> {
      const tx = db.transaction('seen', 'readwrite');
      if ((await tx.store.get(key)) === undefined) {
        await tx.store.put({ key, journalId, at: Date.now(), digest });
      }
      await tx.done;
    },
  };
}
