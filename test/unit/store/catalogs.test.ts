/**
 * The catalogs repository: the background's copy of every stored catalog, read once, never older
 * than the store, and a row that is not a catalog treated as no catalog (the next describe replaces it).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '@/lib/platforms/types';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';

let n = 0;
let db: Db;
beforeEach(async () => {
  db = await openHandoffDb(`catalogs-store-test-${n++}`);
});

const catalog = (org: string, object: string, fieldNames: string[]): Catalog => ({
  platform: org.startsWith('k') ? 'kustomer' : 'salesforce',
  org,
  object,
  fields: fieldNames.map((name) => ({
    name,
    label: name.toUpperCase(),
    type: 'string',
    updateable: true,
  })),
  fetchedAt: 1_700_000_000_000,
});
const names = (c: Catalog | undefined) => c?.fields.map((f) => f.name);

describe('the background’s copy of the catalogs', () => {
  it('answers every write made through any repository of the database, reading the store once', async () => {
    let reads = 0;
    const counted = new Proxy(db, {
      get(target, property) {
        if (property === 'getAll') reads++;
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const repo = catalogsRepo(counted);
    const other = catalogsRepo(counted);
    await repo.put(catalog('acme', 'Case', ['A__c']));
    await repo.put(catalog('globex', 'Case', ['G__c']));
    await repo.put(catalog('kacme', 'conversation', ['kStr']));
    expect(names(await repo.get('salesforce', 'acme', 'Case'))).toEqual(['A__c']);
    expect((await repo.forObject('salesforce', 'Case')).map((c) => c.org).sort()).toEqual([
      'acme',
      'globex',
    ]);
    expect(await other.list()).toHaveLength(3);
    expect(reads).toBe(1);

    await other.put(catalog('acme', 'Case', ['A__c', 'B__c']));
    expect(names(await repo.get('salesforce', 'acme', 'Case'))).toEqual(['A__c', 'B__c']);
    expect(reads).toBe(2);
    expect(await repo.get('salesforce', 'acme', 'MessagingSession')).toBeUndefined();
  });

  it('never keeps what a read saw when a write began while it read', async () => {
    const repo = catalogsRepo(db);
    await repo.put(catalog('acme', 'Case', ['Old__c']));
    const reading = repo.get('salesforce', 'acme', 'Case');
    const writing = repo.put(catalog('acme', 'Case', ['New__c']));
    await Promise.all([reading, writing]);
    expect(names(await repo.get('salesforce', 'acme', 'Case'))).toEqual(['New__c']);
  });

  it('treats a row that is not a catalog as none, and refuses to store one', async () => {
    const repo = catalogsRepo(db);
    await repo.put(catalog('acme', 'Case', ['A__c']));
    await db.put('catalogs', {
      platform: 'salesforce',
      org: 'acme',
      object: 'MessagingSession',
      fields: 'not a list',
    } as never);
    await catalogsRepo(db).put(catalog('globex', 'Case', ['G__c'])); // drops the copy
    expect(await repo.get('salesforce', 'acme', 'MessagingSession')).toBeUndefined();
    expect((await repo.list()).map((c) => c.object).sort()).toEqual(['Case', 'Case']);
    await expect(
      repo.put({ ...catalog('acme', 'Case', []), fetchedAt: 'yesterday' } as never),
    ).rejects.toThrow();
    expect(names(await repo.get('salesforce', 'acme', 'Case'))).toEqual(['A__c']);
  });
});
