import { Catalog, type PlatformId } from '../platforms/types';
import type { Db } from './db';
import { keptCopies } from './kept-copy';

const keyOf = (platform: string, org: string, object: string) =>
  `${platform}\u0000${org}\u0000${object}`;

/**
 * Every stored catalog, checked, by platform, org and object, as last read (see kept-copy.ts): each
 * handoff reads its object's catalog, and opening the options page reads them all twice (its first
 * screen's labels, then the catalogs list).
 */
const catalogsCopy = keptCopies(async (db): Promise<ReadonlyMap<string, Catalog>> => {
  const byKey = new Map<string, Catalog>();
  for (const row of await db.getAll('catalogs')) {
    // A row that is not a catalog is as good as none: the next describe replaces it.
    const checked = Catalog.safeParse(row);
    if (checked.success) {
      const c = checked.data;
      byKey.set(keyOf(c.platform, c.org, c.object), c);
    }
  }
  return byKey;
});

/**
 * The field catalogs (describe or metadata) stored per platform, org and object. The catalogs
 * answered are shared with the background's copy: callers never change them.
 */
export function catalogsRepo(db: Db) {
  const copy = catalogsCopy(db);
  const list = async (): Promise<Catalog[]> => [...(await copy.get()).values()];
  return {
    async get(platform: PlatformId, org: string, object: string): Promise<Catalog | undefined> {
      return (await copy.get()).get(keyOf(platform, org, object));
    },
    async put(catalog: Catalog): Promise<void> {
      const checked = Catalog.parse(catalog);
      await copy.writing(() => db.put('catalogs', checked));
    },
    /** Every stored catalog, any platform, org and object. */
    list,
    /** Every stored catalog of an object, any org (the popup's field picker). */
    async forObject(platform: PlatformId, object: string): Promise<Catalog[]> {
      return (await list()).filter((c) => c.platform === platform && c.object === object);
    },
  };
}
export type CatalogsRepo = ReturnType<typeof catalogsRepo>;
