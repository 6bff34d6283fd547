import type { Db } from './db';
import type { JournalEntry } from './journal-schema';

export function journalRepo(db: Db) {
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
    async get(id: number): Promise<JournalEntry | undefined> {
      return db.get('journal', id);
    },
    async wasSeen(key: string): Promise<number | undefined> {
      return (await db.get('seen', key))?.journalId;
    },
    async markSeen(key: string, journalId: number): Promise<void> {
      await db.put('seen', { key, journalId, at: Date.now() });
    },
  };
}
export type JournalRepo = ReturnType<typeof journalRepo>;
