import { type IDBPDatabase, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { secretsRepo } from '@/lib/store/secrets';
import { settingsRepo } from '@/lib/store/settings';

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
      'queue',
      'said',
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
    expect(db.objectStoreNames.contains('queue')).toBe(true);
    db.close();
  });

  it('upgrades a version-2 database to the write queue without losing a mapping or a journal entry', async () => {
    const name = fresh();
    const v2 = await openDB(name, 2, { upgrade: createV2 });
    const mappings = [
      {
        id: 'tier',
        platform: 'salesforce',
        object: 'Case',
        field: 'Account_Tier__c',
        sources: ['Account Tier'],
      },
      {
        id: 'number',
        platform: 'salesforce',
        object: 'Case',
        field: 'Account_Number__c',
        sources: ['Account Number'],
        policy: 'overwrite',
      },
      {
        id: 'vip',
        platform: 'kustomer',
        object: 'conversation',
        field: 'vipBool',
        sources: ['VIP'],
      },
    ];
    for (const m of mappings) await v2.put('mappings', m);
    const entries = [1, 2, 3].map((i) => ({
      recordKeys: [`salesforce:acme:Case:500000000000000${i}AA`],
      record: { platform: 'salesforce', org: 'acme', object: 'Case', id: `500000000000000${i}AA` },
      at: 1_700_000_000_000 + i,
      source: 'transcript',
      messageId: `m${i}`,
      contextDigest: `digest-${i}`,
      text: `Handoff context\nAccount Number: AC-${i}`,
      author: 'bot',
      fields: [
        {
          field: 'Account_Number__c',
          label: 'Account Number',
          value: `AC-${i}`,
          outcome: 'written',
        },
      ],
      state: 'done',
    }));
    const ids: number[] = [];
    for (const e of entries) ids.push((await v2.add('journal', e)) as number);
    await v2.put('seen', {
      key: 'salesforce:acme|m1|digest-1',
      journalId: ids[0],
      at: 1_700_000_000_001,
    });
    await v2.put(
      'settings',
      { format: 'handoff-fields/settings', version: 1, trust: { policy: 'signed-only' } },
      'settings',
    );
    await v2.put('secrets', {
      key: 'kustomer:acme:api-key',
      value: 'kapi_0123456789abcdefWXYZ',
      savedAt: 5,
    });
    v2.close();

    const db = await openHandoffDb(name);
    expect(db.version).toBe(DB_VERSION);
    // Every mapping, every journal entry (found by record, as the widget finds it), seen, settings, secrets.
    expect((await mappingsRepo(db).list()).map((m) => [m.id, m.field, m.policy])).toEqual([
      ['number', 'Account_Number__c', 'overwrite'],
      ['tier', 'Account_Tier__c', 'fill-empty'],
      ['vip', 'vipBool', 'fill-empty'],
    ]);
    const journal = await db.getAll('journal');
    expect(journal).toEqual(entries.map((e, i) => ({ ...e, id: ids[i] })));
    expect((await journalRepo(db).latestFor('salesforce:acme:Case:5000000000000002AA'))?.text).toBe(
      'Handoff context\nAccount Number: AC-2',
    );
    expect(await journalRepo(db).wasSeen('salesforce:acme|m1|digest-1')).toBe(ids[0]);
    expect((await settingsRepo(db).get()).trust.policy).toBe('signed-only');
    expect(await secretsRepo(db).reveal('kustomer:acme:api-key')).toBe('kapi_0123456789abcdefWXYZ');
    // The new store and indexes, the old seen rows included in the new age index.
    expect([...db.transaction('queue').store.indexNames].sort()).toEqual([
      'by-due',
      'by-journal',
      'by-settled',
    ]);
    expect(await db.countFromIndex('seen', 'by-at', IDBKeyRange.upperBound(Date.now()))).toBe(1);
    expect(await db.count('queue')).toBe(0);
    db.close();
  });
});

/** Version 2 exactly as its migrations created it (v1's stores, then settings and secrets). */
function createV2(db: IDBPDatabase) {
  db.createObjectStore('mappings', { keyPath: 'id' }).createIndex('by-platform-object', [
    'platform',
    'object',
  ]);
  db.createObjectStore('catalogs', { keyPath: ['platform', 'org', 'object'] });
  const journal = db.createObjectStore('journal', { keyPath: 'id', autoIncrement: true });
  journal.createIndex('by-record', 'recordKeys', { multiEntry: true });
  journal.createIndex('by-at', 'at');
  db.createObjectStore('seen', { keyPath: 'key' });
  db.createObjectStore('settings');
  db.createObjectStore('secrets', { keyPath: 'key' });
}

describe('secrets', () => {
  it('shows only the last four characters to the faces', async () => {
    const secrets = secretsRepo(await openHandoffDb(fresh()));
    const hint = await secrets.save('kustomer:acme:api-key', 'kapi_1234567890abcdWXYZ', 5);
    expect(hint).toEqual({ key: 'kustomer:acme:api-key', last4: 'WXYZ', savedAt: 5 });
    expect(JSON.stringify(await secrets.hints())).not.toContain('1234567890');
    expect(await secrets.reveal('kustomer:acme:api-key')).toBe('kapi_1234567890abcdWXYZ');
  });
});
