import { Catalog, type PlatformId } from '../platforms/types';
import type { Db } from './db';

/**
 * Every stored catalog, checked once and kept by the background between requests: each handoff
 * reads its object's catalog, and opening the options page reads them all twice (its first screen's
 * labels, then the catalogs list). Every write through a repository drops the copy (`version` counts
 * the writes), and a read keeps what it read only if no write began meanwhile, as the mappings'
 * copy does (./mappings.ts). Only this repository writes the catalogs store. Shared by every
 * repository of one database.
 */
interface Snapshot {
  version: number;
  byKey?: ReadonlyMap<string, Catalog>;
}
const snapshots = new WeakMap<Db, Snapshot>();

const keyOf = (platform: string, org: string, object: string) =>
  `${platform}\u0000${org}\u0000${object}`;

/**
 * The field catalogs (describe or metadata) stored per platform, org and object. The catalogs
 * answered are shared with the background's copy: callers never change them.
 */
export function catalogsRepo(db: Db) {
  let snapshot = snapshots.get(db);
  if (!snapshot) {
    snapshot = { version: 0 };
    snapshots.set(db, snapshot);
  }
  const kept = snapshot;
  const written = () => {
    kept.version++;
    kept.byKey = undefined;
  };
  const all = async (): Promise<ReadonlyMap<string, Catalog>> => {
    if (kept.byKey) return kept.byKey;
    const version = kept.version;
    const read = new Map<string, Catalog>();
    for (const row of await db.getAll('catalogs')) {
      // A row that is not a catalog is as good as none: the next describe replaces it.
      const checked = Catalog.safeParse(row);
      if (checked.success) {
        const c = checked.data;
        read.set(keyOf(c.platform, c.org, c.object), c);
      }
    }
    if (kept.version === version) kept.byKey = read;
    return read;
  };

  return {
    async get(platform: PlatformId, org: string, object: string): Promise<Catalog | undefined> {
      return (await all()).get(keyOf(platform, org, object));
    },
    async put(catalog: Catalog): Promise<void> {
      const checked = Catalog.parse(catalog);
      written();
      try {
        await db.put('catalogs', checked);
      } finally {
        written();
      }
    },
    /** Every stored catalog, any platform, org and object. */
    async list(): Promise<Catalog[]> {
      return [...(await all()).values()];
    },
    /** Every stored catalog of an object, any org (the popup's field picker). */
    async forObject(platform: PlatformId, object: string): Promise<Catalog[]> {
      return (await this.list()).filter((c) => c.platform === platform && c.object === object);
    },
  };
}
export type CatalogsRepo = ReturnType<typeof catalogsRepo>;
