/**
 * The write queue's rows (queue-schema.ts). Every method is one short IndexedDB transaction with no
 * other await inside it (a transaction auto-commits when it waits on anything else, e.g. a fetch).
 * A row is marked `sending` (committed) before its request leaves. Commits use the default
 * ("relaxed") durability: they survive the worker stopping, the browser crashing or restarting;
 * only an OS crash or power loss could lose the last ones, and even then nothing is written twice,
 * because every attempt reads the record before it writes.
 */
import type { Db } from './db';
import { deleteOlder } from './delete-older';
import type { JournalEntry } from './journal-schema';
import { isLive, type QueueRow } from './queue-schema';

export function queueRepo(db: Db) {
  return { ...rowsRepo(db), ...handoffTransactions(db), ...retention(db) };
}
export type QueueRepo = ReturnType<typeof queueRepo>;

/** Rows one at a time, and the rows of a handoff or due by a time. */
function rowsRepo(db: Db) {
  return {
    async get(key: string): Promise<QueueRow | undefined> {
      return db.get('queue', key);
    },
    async put(row: QueueRow): Promise<void> {
      await db.put('queue', row);
    },
    async forJournal(journalId: number): Promise<QueueRow[]> {
      const rows = await db.getAllFromIndex('queue', 'by-journal', journalId);
      return rows.sort(runOrder);
    },
    /** Live rows whose attempt is due at `now` (rows left `sending` by a stopped worker included). */
    async due(now: number): Promise<QueueRow[]> {
      const rows = await db.getAllFromIndex('queue', 'by-due', IDBKeyRange.upperBound(now));
      return rows.filter(isLive);
    },
    async live(): Promise<QueueRow[]> {
      return (await db.getAllFromIndex('queue', 'by-due')).filter(isLive);
    },
    /** Rows settled at `since` or later (done or failed), oldest first. */
    async settledSince(since: number): Promise<QueueRow[]> {
      return db.getAllFromIndex('queue', 'by-settled', IDBKeyRange.lowerBound(since));
    },
    /** When the earliest live row is due, if any. */
    async nextDue(): Promise<number | undefined> {
      const cursor = await db.transaction('queue').store.index('by-due').openCursor();
      return cursor?.value.due;
    },
  };
}

/** The transactions that change rows and their journal entry together. */
function handoffTransactions(db: Db) {
  return {
    /**
     * Adds a handoff's journal entry and its first row in one transaction, unless a row with the same
     * key exists (this context was already taken in for this record): then nothing is written and the
     * existing row is answered. `force` (Retry) replaces a settled row instead. An entry with an id
     * (a plan the agent confirmed) is updated in place, not added.
     */
    async begin(
      entry: JournalEntry,
      row: Omit<QueueRow, 'journalId'>,
      force: boolean,
    ): Promise<{ entry: JournalEntry & { id: number }; row: QueueRow; fresh: boolean }> {
      const tx = db.transaction(['journal', 'queue'], 'readwrite');
      const existing = await tx.objectStore('queue').get(row.key);
      if (existing && (!force || isLive(existing))) {
        const earlier = await tx.objectStore('journal').get(existing.journalId);
        if (earlier?.id !== undefined) {
          await tx.done;
          return { entry: earlier as JournalEntry & { id: number }, row: existing, fresh: false };
        }
      }
      const { id: kept, ...newEntry } = entry;
      const journal = tx.objectStore('journal');
      const id =
        kept === undefined ? await journal.add(newEntry as JournalEntry) : await journal.put(entry);
      const fresh: QueueRow = { ...row, journalId: id };
      await tx.objectStore('queue').put(fresh);
      await tx.done;
      return { entry: { ...newEntry, id }, row: fresh, fresh: true };
    },
    /**
     * A resolved row becomes its write rows, and the journal entry learns the records, in one
     * transaction. A write row that exists already for this handoff and record is kept as it is (at
     * most one write per handoff and record), unless the resolve row is a Retry (`force`) and the
     * existing row has settled.
     */
    async expand(
      resolved: QueueRow,
      writes: QueueRow[],
      change: (entry: JournalEntry) => void,
    ): Promise<QueueRow[]> {
      const tx = db.transaction(['journal', 'queue'], 'readwrite');
      const queue = tx.objectStore('queue');
      const taken: QueueRow[] = [];
      for (const w of writes) {
        const existing = await queue.get(w.key);
        if (existing && existing.journalId !== w.journalId && (!resolved.force || isLive(existing)))
          continue;
        await queue.put(w);
        taken.push(w);
      }
      await queue.put(resolved);
      const entry = await tx.objectStore('journal').get(resolved.journalId);
      if (entry) {
        change(entry);
        await tx.objectStore('journal').put(entry);
      }
      await tx.done;
      return taken;
    },
    /** Puts a row and changes its journal entry in one transaction (an attempt's outcome). */
    async putWithEntry(row: QueueRow, change: (entry: JournalEntry) => void): Promise<void> {
      const tx = db.transaction(['journal', 'queue'], 'readwrite');
      await tx.objectStore('queue').put(row);
      const entry = await tx.objectStore('journal').get(row.journalId);
      if (entry) {
        change(entry);
        await tx.objectStore('journal').put(entry);
      }
      await tx.done;
    },
  };
}

/** What retention and redaction take from settled rows. */
function retention(db: Db) {
  return {
    /** Deletes settled rows older than `before` (retention). */
    purgeSettled: (before: number): Promise<number> => deleteOlder(db, 'queue', before),
    /**
     * Drops the context values settled rows still keep (failed rows keep them for Retry), for when
     * the settings start redacting the journal; answers how many rows changed.
     */
    async dropSettledValues(): Promise<number> {
      const tx = db.transaction('queue', 'readwrite');
      let n = 0;
      let cursor = await tx.store.index('by-settled').openCursor();
      while (cursor) {
        if (cursor.value.values || cursor.value.confirmed) {
          // The confirmed plan holds values too (display text).
          const { values: _dropped, confirmed: _shown, ...row } = cursor.value;
          await cursor.update(row);
          n++;
        }
        cursor = await cursor.continue();
      }
      await tx.done;
      return n;
    },
  };
}

/** Resolve rows first, then writes in record order. */
export function runOrder(a: QueueRow, b: QueueRow): number {
  if (a.kind !== b.kind) return a.kind === 'resolve' ? -1 : 1;
  return a.order - b.order;
}
