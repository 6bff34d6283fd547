import type { Db } from './db';

/** The stores whose rows retention deletes by a time index, and that index. */
const timeIndex = { queue: 'by-settled', seen: 'by-at', said: 'by-at' } as const;

/** Deletes every row of `store` whose time (its index in `timeIndex`) is at or before `cutoff`. */
export async function deleteOlder(
  db: Db,
  store: keyof typeof timeIndex,
  cutoff: number,
): Promise<number> {
  const tx = db.transaction(store, 'readwrite');
  // One index name for any of the three stores: idb's types cannot follow the pairing above.
  const index = tx.store.index(timeIndex[store] as never);
  let n = 0;
  let cursor = await index.openCursor(IDBKeyRange.upperBound(cutoff));
  while (cursor) {
    await cursor.delete();
    n++;
    cursor = await cursor.continue();
  }
  await tx.done;
  return n;
}
