import type { Db } from './db';
import type { JournalEntry } from './journal-schema';

export function journalRepo(db: Db) {
  return {
    /** The database, for stores written in one transaction with the journal (the write queue). */
    db,
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
export type JournalRepo = ReturnType<typeof journalRepo>;
