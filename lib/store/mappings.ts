import { Mapping, type MappingInput } from '../mapping/schema';
import type { PlatformId } from '../platforms/types';
import type { Db } from './db';

const byId = (a: Mapping, b: Mapping) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Mappings as stored. Rows are re-validated on read: a row that no longer parses is reported, not dropped. */
export function mappingsRepo(db: Db) {
  return {
    /** Every mapping (one `getAll`), or one platform's through the platform-object index. */
    async list(platform?: PlatformId): Promise<Mapping[]> {
      const rows = platform
        ? await db.getAllFromIndex(
            'mappings',
            'by-platform-object',
            // Every [platform, object]: an array key sorts after every string, so [p, []] ends p's range.
            IDBKeyRange.bound([platform], [platform, []]) as IDBKeyRange,
          )
        : await db.getAll('mappings');
      return rows.map((row) => Mapping.parse(row)).sort(byId);
    },
    async forObject(platform: PlatformId, object: string): Promise<Mapping[]> {
      const rows = await db.getAllFromIndex('mappings', 'by-platform-object', [platform, object]);
      return rows.map((row) => Mapping.parse(row)).sort(byId);
    },
    async save(input: MappingInput | unknown): Promise<Mapping> {
      const mapping = Mapping.parse(input);
      await db.put('mappings', mapping);
      return mapping;
    },
    async remove(id: string): Promise<boolean> {
      const tx = db.transaction('mappings', 'readwrite');
      const existed = (await tx.store.getKey(id)) !== undefined;
      if (existed) await tx.store.delete(id);
      await tx.done;
      return existed;
    },
    /**
     * Reads every mapping and writes what `change` decides from them, in one transaction: all or
     * nothing, and no other write can slip in between the read and the write. `change` runs
     * synchronously inside the transaction (an import's merge); what it answers is handed back.
     */
    async update<T extends { put: readonly Mapping[]; remove: readonly string[] }>(
      change: (existing: Mapping[]) => T,
    ): Promise<T> {
      const tx = db.transaction('mappings', 'readwrite');
      let decided: T;
      let valid: Mapping[];
      try {
        const existing = (await tx.store.getAll()).map((row) => Mapping.parse(row)).sort(byId);
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
    },
    /** Turns mappings on or off in one transaction; answers the mappings that changed. */
    async setEnabled(ids: readonly string[], enabled: boolean): Promise<Mapping[]> {
      const wanted = new Set(ids);
      const tx = db.transaction('mappings', 'readwrite');
      const changed: Mapping[] = [];
      try {
        for (const row of await tx.store.getAll()) {
          if (!wanted.has(String((row as { id?: unknown }).id))) continue;
          const mapping = Mapping.parse(row);
          if (mapping.enabled !== enabled) changed.push({ ...mapping, enabled });
        }
      } catch (error) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw error;
      }
      await Promise.all([...changed.map((m) => tx.store.put(m)), tx.done]);
      return changed.sort(byId);
    },
  };
}
export type MappingsRepo = ReturnType<typeof mappingsRepo>;
