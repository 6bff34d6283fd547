import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openHandoffDb } from '@/lib/store/db';
import { mappingsRepo } from '@/lib/store/mappings';
import { secretsRepo } from '@/lib/store/secrets';

let n = 0;
const fresh = () => `migrations-test-${n++}`;

describe('IndexedDB migrations', () => {
  it('upgrades a version-1 database without losing a mapping', async () => {
    const name = fresh();
    // A database exactly as version 1 created it, with a mapping row in it.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('mappings', { keyPath: 'id' }).createIndex('by-platform-object', [
          'platform',
          'object',
        ]);
        db.createObjectStore('catalogs', { keyPath: ['platform', 'org', 'object'] });
        const journal = db.createObjectStore('journal', { keyPath: 'id', autoIncrement: true });
        journal.createIndex('by-record', 'recordKeys', { multiEntry: true });
        journal.createIndex('by-at', 'at');
        db.createObjectStore('seen', { keyPath: 'key' });
      },
    });
    await v1.put('mappings', {
      id: 'tier',
      platform: 'salesforce',
      object: 'Case',
      field: 'Account_Tier__c',
      sources: ['Account Tier'],
    });
    v1.close();

    const db = await openHandoffDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'catalogs',
      'journal',
      'mappings',
      'secrets',
      'seen',
      'settings',
    ]);
    const mappings = await mappingsRepo(db).list();
    expect(mappings.map((m) => [m.id, m.field, m.policy])).toEqual([
      ['tier', 'Account_Tier__c', 'fill-empty'],
    ]);
    db.close();
  });

  it('creates the current schema from nothing', async () => {
    const db = await openHandoffDb(fresh());
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('secrets')).toBe(true);
    db.close();
  });
});

describe('secrets', () => {
  it('shows only the last four characters to the faces', async () => {
    const secrets = secretsRepo(await openHandoffDb(fresh()));
    const hint = await secrets.save('kustomer:acme:api-key', 'kapi_1234567890abcdWXYZ', 5);
    expect(hint).toEqual({ key: 'kustomer:acme:api-key', last4: 'WXYZ', savedAt: 5 });
    expect(JSON.stringify(await secrets.hints())).not.toContain('1234567890');
    expect(await secrets.reveal('kustomer:acme:api-key')).toBe('kapi_1234567890abcdWXYZ');
  });
});
