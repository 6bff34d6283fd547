import { Catalog, type PlatformId } from '../platforms/types';
import type { Db } from './db';

export function catalogsRepo(db: Db) {
  return {
    async get(platform: PlatformId, org: string, object: string): Promise<Catalog | undefined> {
      const row = await db.get('catalogs', [platform, org, object]);
      return row ? Catalog.parse(row) : undefined;
    },
    async put(catalog: Catalog): Promise<void> {
      await db.put('catalogs', Catalog.parse(catalog));
    },
    /** Every cached catalog of an object, any org (the popup's field picker). */
    async forObject(platform: PlatformId, object: string): Promise<Catalog[]> {
      const all = await db.getAll('catalogs');
      return all.filter((c) => c.platform === platform && c.object === object);
    },
  };
}
export type CatalogsRepo = ReturnType<typeof catalogsRepo>;
