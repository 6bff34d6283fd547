/**
 * Save and import of mappings in the background (lib/background/mappings.ts), through the router:
 * a target missing from the stored field catalogs is refused with the field most likely meant;
 * without a catalog for the object, import says the mappings were not checked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mappingHandlers } from '@/lib/background/mappings';
import type { Handlers } from '@/lib/messaging/router';
import { createRouter } from '@/lib/messaging/router';
import type { Catalog, FieldSpec } from '@/lib/platforms/types';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { mappingsRepo } from '@/lib/store/mappings';

let n = 0;
let db: Db;

const field = (name: string, label: string, type = 'string'): FieldSpec => ({
  name,
  label,
  type,
  updateable: true,
});
const caseCatalog = (org: string, fields: FieldSpec[]): Catalog => ({
  platform: 'salesforce',
  org,
  object: 'Case',
  fields,
  fetchedAt: 1,
});
const m = (id: string | undefined, f: string, extra: object = {}) => ({
  ...(id === undefined ? {} : { id }),
  platform: 'salesforce',
  object: 'Case',
  field: f,
  sources: ['Key'],
  ...extra,
});
const file = (mappings: unknown[]) => ({ format: 'handoff-fields/mappings', version: 1, mappings });

function route() {
  const handlers = mappingHandlers({ mappings: mappingsRepo(db), catalogs: catalogsRepo(db) });
  return createRouter(handlers as unknown as Handlers);
}

beforeEach(async () => {
  db = await openHandoffDb(`background-mappings-${n++}`);
  await catalogsRepo(db).put(
    caseCatalog('acme', [
      field('VIP__c', 'VIP', 'boolean'),
      field('Account_Tier__c', 'Account Tier'),
    ]),
  );
  // A sandbox's catalog of the same object: its fields count too.
  await catalogsRepo(db).put(caseCatalog('acme--uat', [field('New_Field__c', 'New Field')]));
});

describe('mappings:save', () => {
  it('refuses a target the catalogs lack, with the field meant and its label, and saves nothing', async () => {
    const reply = await route()({ type: 'mappings:save', mapping: m('vip', 'VIPP__c') });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message:
          'VIPP__c is not a field of Case in the field catalog — did you mean VIP__c (VIP)? Nothing was saved.',
      },
    });
    expect(await mappingsRepo(db).list()).toEqual([]);
  });

  it('saves a target any org’s catalog has, one of an object without a catalog, and a disabled one', async () => {
    for (const mapping of [
      m('vip', 'vip__c'),
      m('new', 'New_Field__c'),
      m('session', 'Anything__c', { object: 'MessagingSession' }),
      m('old', 'Gone__c', { enabled: false }),
    ]) {
      expect(await route()({ type: 'mappings:save', mapping })).toMatchObject({ ok: true });
    }
    expect((await mappingsRepo(db).list()).map((x) => x.id)).toEqual([
      'new',
      'old',
      'session',
      'vip',
    ]);
  });
});

describe('mappings:import', () => {
  it('refuses the file for a missing target, naming path, field and the likely field', async () => {
    const reply = await route()({
      type: 'mappings:import',
      file: file([m(undefined, 'Account_Tier__c'), m(undefined, 'VIPP__c')]),
      mode: 'merge',
    });
    expect(reply).toEqual({
      ok: true,
      data: {
        applied: false,
        errors: [
          'mappings[1].field (VIPP__c): VIPP__c is not a field of Case in the field catalog — did you mean VIP__c (VIP)?',
        ],
      },
    });
    expect(await mappingsRepo(db).list()).toEqual([]);
  });

  it('names each mapping by its catalog label in the file’s own problems', async () => {
    const reply = await route()({
      type: 'mappings:import',
      file: file([m('tier', 'Account_Tier__c', { policy: 'always' })]),
      mode: 'merge',
    });
    expect(reply).toMatchObject({
      data: {
        errors: [
          'mappings[0].policy (Account Tier): must be one of "fill-empty", "overwrite", not "always"',
        ],
      },
    });
  });

  it('applies a file without ids, and says which mappings it could not check', async () => {
    const twice = file([
      m(undefined, 'Account_Tier__c'),
      m(undefined, 'Anything__c', { object: 'MessagingSession' }),
    ]);
    const first = await route()({ type: 'mappings:import', file: twice, mode: 'merge' });
    expect(first).toEqual({
      ok: true,
      data: {
        applied: true,
        summary: { added: 2, updated: 0, removed: 0, unchanged: 0 },
        warnings: [
          '1 mapping of Salesforce MessagingSession was not checked against its fields: there is no field catalog for MessagingSession yet; import its fields under Field catalogs',
        ],
      },
    });
    // The same file again: the same ids, so nothing changes.
    const again = await route()({ type: 'mappings:import', file: twice, mode: 'merge' });
    expect(again).toMatchObject({ data: { summary: { added: 0, updated: 0, unchanged: 2 } } });
    expect((await mappingsRepo(db).list()).map((x) => x.id)).toEqual([
      'salesforce.case.account-tier-c',
      'salesforce.messaging-session.anything-c',
    ]);
  });
});
