import { Mapping, type MappingInput } from '../mapping/schema';
import type { PlatformId } from '../platforms/types';
import type { Db } from './db';

/** Mappings as stored. Rows are re-validated on read: a row that no longer parses is reported, not dropped. */
export function mappingsRepo(db: Db) {
  return {
    async list(platform?: PlatformId): Promise<Mapping[]> {
      const rows = await db.getAll('mappings');
      return rows
        .map((row) => Mapping.parse(row))
        .filter((m) => !platform || m.platform === platform)
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    async forObject(platform: PlatformId, object: string): Promise<Mapping[]> {
      const rows = await db.getAllFromIndex('mappings', 'by-platform-object', [platform, object]);
      return rows.map((row) => Mapping.parse(row)).sort((a, b) => a.id.localeCompare(b.id));
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
  };
}
export type MappingsRepo = ReturnType<typeof mappingsRepo>;
