import { Mapping, type MappingInput } from '../mapping/schema';
import { readStoredMapping } from '../mapping/stored';
import type { PlatformId } from '../platforms/types';
import type { Db } from './db';
import { keptCopies } from './kept-copy';

const byId = (a: Mapping, b: Mapping) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every mapping by id, as last read (see kept-copy.ts): what opening the popup or the options page waits for. */
const mappingsCopy = keptCopies(
  async (db): Promise<readonly Mapping[]> =>
    (await db.getAll('mappings')).map(readStoredMapping).sort(byId),
);

/**
 * Mappings as stored. Rows are checked on read (`readStoredMapping`: a cheap exact check, zod for
 * a row an older version wrote): a row that is not a mapping is reported, not dropped. The
 * mappings answered are shared with the background's copy: callers never change them.
 */
export function mappingsRepo(db: Db) {
  const copy = mappingsCopy(db);
  const all = copy.get;
  const writing = copy.writing;

  return {
    /**
     * Every mapping, or one platform's, by id. With `object` (and a platform), that object's; with a
     * `limit` too, only its first ones, read through the index when the copy is not at hand (a
     * screenful without reading every row).
     */
    async list(
      platform?: PlatformId,
      { object, limit }: { object?: string; limit?: number } = {},
    ): Promise<Mapping[]> {
      if (platform && object !== undefined) {
        if (!copy.peek() && limit !== undefined) {
          const rows = await db.getAllFromIndex(
            'mappings',
            'by-platform-object',
            [platform, object],
            limit,
          );
          // The index orders one object's rows by their key, the id: already the list's order.
          return rows.map(readStoredMapping);
        }
        const found = (await all()).filter((m) => m.platform === platform && m.object === object);
        return limit === undefined ? found : found.slice(0, limit);
      }
      const every = await all();
      const listed = platform ? every.filter((m) => m.platform === platform) : every.slice();
      return limit === undefined ? listed : listed.slice(0, limit);
    },
    /**
     * Every mapping by id: the background's copy itself (the same array until the next write), so
     * a caller can keep what it derived from it while it stays the same array.
     */
    every: (): Promise<readonly Mapping[]> => all(),
    /** One object's mappings by id: from the copy, else through the platform-object index. */
    async forObject(platform: PlatformId, object: string): Promise<Mapping[]> {
      const kept = copy.peek();
      if (kept) return kept.filter((m) => m.platform === platform && m.object === object);
      const rows = await db.getAllFromIndex('mappings', 'by-platform-object', [platform, object]);
      return rows.map(readStoredMapping).sort(byId);
    },
    async save(input: MappingInput | unknown): Promise<Mapping> {
      const mapping = Mapping.parse(input);
      await writing(() => db.put('mappings', mapping));
      return mapping;
    },
    remove(id: string): Promise<boolean> {
      return writing(() => removeOne(db, id));
    },
    update<T extends { put: readonly Mapping[]; remove: readonly string[] }>(
      change: (existing: Mapping[]) => T,
    ): Promise<T> {
      return writing(() => updateAll(db, change));
    },
    setEnabled(ids: readonly string[], enabled: boolean): Promise<Mapping[]> {
      return writing(() => enable(db, ids, enabled));
    },
  };
}
export type MappingsRepo = ReturnType<typeof mappingsRepo>;

async function removeOne(db: Db, id: string): Promise<boolean> {
  const tx = db.transaction('mappings', 'readwrite');
  const existed = (await tx.store.getKey(id)) !== undefined;
  if (existed) await tx.store.delete(id);
  await tx.done;
  return existed;
}

/**
 * Reads every mapping and writes what `change` decides from them, in one transaction: all or
 * nothing, and no other write can slip in between the read and the write. `change` runs
 * synchronously inside the transaction (an import's merge); what it answers is handed back.
 */
async function updateAll<T extends { put: readonly Mapping[]; remove: readonly string[] }>(
  db: Db,
  change: (existing: Mapping[]) => T,
): Promise<T> {
  const tx = db.transaction('mappings', 'readwrite');
  let decided: T;
  let valid: Mapping[];
  try {
    const existing = (await tx.store.getAll()).map(readStoredMapping).sort(byId);
    decided = change(existing);
    valid = decided.put.map((m) => Mapping.parse(m));
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
  await Promise.all([
    ...decided.remove.map((id) => tx.store.delete(id)),
    ...valid.map((m) => tx.store.put(m)),
    tx.done,
  ]);
  return decided;
}

/** Turns mappings on or off in one transaction; answers the mappings that changed. */
async function enable(db: Db, ids: readonly string[], enabled: boolean): Promise<Mapping[]> {
  const wanted = new Set(ids);
  const tx = db.transaction('mappings', 'readwrite');
  const changed: Mapping[] = [];
  try {
    for (const row of await tx.store.getAll()) {
      if (!wanted.has(String((row as { id?: unknown }).id))) continue;
      const mapping = readStoredMapping(row);
      if (mapping.enabled !== enabled) changed.push({ ...mapping, enabled });
    }
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
  await Promise.all([...changed.map((m) => tx.store.put(m)), tx.done]);
  return changed.sort(byId);
}
