/**
 * The organisation's policy in the background (lib/background/policy.ts, ./effective.ts): read from
 * a fake `storage.managed`, applied to what every request reads, refused local edits, the last good
 * policy kept across a refused one and a restart, and a change the browser reports followed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { effectiveMappingsRepo, effectiveSettingsRepo } from '@/lib/background/effective';
import { policyService } from '@/lib/background/policy';
import { backgroundServices } from '@/lib/background/services';
import { handoffEngine } from '@/lib/engine/handoff';
import type { Mapping } from '@/lib/mapping/schema';
import { createRouter, type RequestOrigin } from '@/lib/messaging/router';
import { PROFILES_STORAGE_KEY } from '@/lib/platforms/transcript-profile';
import type { PolicyStatus } from '@/lib/settings/managed';
import type { Settings } from '@/lib/settings/schema';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { policyRepo } from '@/lib/store/policy';
import { settingsRepo } from '@/lib/store/settings';
import {
  bot,
  CASE,
  mappings as engineMappings,
  fakeSalesforce,
  kv,
} from '../engine/fake-salesforce';

const T0 = Date.UTC(2026, 10, 21, 10, 0);
const m = (id: string, field: string, extra: object = {}) => ({
  id,
  platform: 'salesforce',
  object: 'Case',
  field,
  sources: [id],
  ...extra,
});
const mappingsText = (mappings: unknown[]) =>
  JSON.stringify({ format: 'handoff-fields/mappings', version: 1, mappings });
const settingsText = (more: object) =>
  JSON.stringify({ format: 'handoff-fields/settings', version: 1, ...more });

const GOOD = {
  mappings: mappingsText([m('tier', 'Account_Tier__c', { sources: ['Org Tier'] })]),
  settings: settingsText({ retentionDays: 7 }),
};
const BROKEN = {
  mappings: mappingsText([m('tier', 'Account_Tier__c', { platform: 'zendesk' })]),
  settings: settingsText({ retentionDays: 7 }),
};

let n = 0;
let db: Db;
let now: number;
/** What the fake `storage.managed` answers. */
let managed: Record<string, unknown>;
let local: Record<string, unknown>;

function start() {
  const services = backgroundServices({
    db,
    cookies: { get: async () => null, getAll: async () => [] },
    now: () => now,
    managedStorage: { get: async () => structuredClone(managed) },
    localStorage: {
      async set(items) {
        Object.assign(local, items);
      },
    },
  });
  const route = createRouter(services.handlers);
  async function send<T>(message: unknown, from: RequestOrigin = 'extension-page'): Promise<T> {
    const reply = await route(message, from);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as T;
  }
  return { ...services, send };
}

beforeEach(async () => {
  db = await openHandoffDb(`policy-background-${n++}`);
  now = T0;
  managed = {};
  local = {};
});

const ids = (list: Mapping[]) => list.map((x) => x.id);

describe('a policy the browser delivers', () => {
  it('wins over the local mapping with its id and the local settings key, and says so', async () => {
    const bg = start();
    await bg.send({ type: 'mappings:save', mapping: m('tier', 'Account_Tier__c') });
    await bg.send({ type: 'mappings:save', mapping: m('number', 'Account_Number__c') });
    managed = GOOD;
    await bg.policy.refresh();

    const list = await bg.send<Mapping[]>({ type: 'mappings:list' });
    expect(list.map((x) => [x.id, x.sources])).toEqual([
      ['number', ['number']],
      ['tier', ['Org Tier']],
    ]);
    const one = await bg.send<Mapping[]>({
      type: 'mappings:list',
      platform: 'salesforce',
      object: 'Case',
      limit: 1,
    });
    expect(ids(one)).toEqual(['number']);
    expect((await bg.send<Settings>({ type: 'settings:get' })).retentionDays).toBe(7);
    expect(await bg.send<PolicyStatus>({ type: 'policy:status' })).toEqual({
      managed: {
        mappingIds: ['tier'],
        settingsKeys: ['retentionDays'],
        transcriptProfilePlatforms: [],
      },
      appliedAt: T0,
    });
  });

  it('refuses every local change of a managed entry with "Set by your organisation"', async () => {
    managed = GOOD;
    const bg = start();
    const refused = (message: unknown) =>
      expect(bg.send(message)).rejects.toThrow(/Set by your organisation.*ask your admin/);
    await refused({ type: 'mappings:save', mapping: m('tier', 'Account_Tier__c') });
    await refused({ type: 'mappings:delete', id: 'tier' });
    await refused({ type: 'mappings:enable', ids: ['tier'], enabled: false });
    await refused({
      type: 'settings:save',
      settings: JSON.parse(settingsText({ retentionDays: 30 })),
    });
    const imported = await bg.send<{ applied: boolean; errors: string[] }>({
      type: 'mappings:import',
      file: JSON.parse(mappingsText([m('number', 'Account_Number__c'), m('tier', 'X__c')])),
      mode: 'merge',
    });
    expect(imported).toEqual({
      applied: false,
      errors: [expect.stringMatching(/^mappings\[1\] "tier": Set by your organisation/)],
    });
    // Nothing of the refused changes reached the store.
    expect(ids(await mappingsRepo(db).list())).toEqual([]);
    expect((await settingsRepo(db).get()).retentionDays).toBe(30);

    // What is not managed still changes; the settings in force sent back are accepted.
    await bg.send({ type: 'mappings:save', mapping: m('number', 'Account_Number__c') });
    const inForce = await bg.send<Settings>({ type: 'settings:get' });
    const saved = await bg.send<Settings>({
      type: 'settings:save',
      settings: { ...inForce, redaction: 'hash' },
    });
    expect(saved).toMatchObject({ redaction: 'hash', retentionDays: 7 });
    expect(await settingsRepo(db).get()).toMatchObject({ redaction: 'hash', retentionDays: 30 });
  });

  it('keeps a replace import from touching the managed mappings', async () => {
    managed = GOOD;
    const bg = start();
    await bg.send({ type: 'mappings:save', mapping: m('old', 'Old__c') });
    const imported = await bg.send<{ applied: boolean }>({
      type: 'mappings:import',
      file: JSON.parse(mappingsText([m('number', 'Account_Number__c')])),
      mode: 'replace',
    });
    expect(imported.applied).toBe(true);
    expect(ids(await bg.send<Mapping[]>({ type: 'mappings:list' }))).toEqual(['number', 'tier']);
  });

  it('answers the status to extension pages only', async () => {
    const bg = start();
    await expect(bg.send({ type: 'policy:status' }, 'content-script')).rejects.toThrow(
      /may not send "policy:status"/,
    );
    expect(await bg.send({ type: 'policy:status' })).toEqual({
      managed: { mappingIds: [], settingsKeys: [], transcriptProfilePlatforms: [] },
    });
  });
});

describe('a refused policy', () => {
  it('is reported with its errors while the last good one stays, across a restart too', async () => {
    managed = GOOD;
    const first = start();
    expect((await first.send<PolicyStatus>({ type: 'policy:status' })).appliedAt).toBe(T0);

    now = T0 + 60_000;
    managed = BROKEN;
    await first.policy.refresh();
    const status = await first.send<PolicyStatus>({ type: 'policy:status' });
    expect(status).toEqual({
      managed: {
        mappingIds: ['tier'],
        settingsKeys: ['retentionDays'],
        transcriptProfilePlatforms: [],
      },
      error: {
        receivedAt: T0 + 60_000,
        errors: [
          expect.stringMatching(
            /^policy "mappings": mappings\[0\]\.platform \(Account_Tier__c\): /,
          ),
        ],
      },
      appliedAt: T0,
    });
    expect((await first.send<Mapping[]>({ type: 'mappings:list' }))[0]?.sources).toEqual([
      'Org Tier',
    ]);

    // The browser restarts with the broken policy still set: the kept one is in force.
    now = T0 + 120_000;
    const restarted = start();
    const again = await restarted.send<PolicyStatus>({ type: 'policy:status' });
    expect(again.managed.mappingIds).toEqual(['tier']);
    expect(again.error?.receivedAt).toBe(T0 + 120_000);
    expect(again.appliedAt).toBe(T0);
    expect((await restarted.send<Settings>({ type: 'settings:get' })).retentionDays).toBe(7);

    // Corrected: applied, and the error is gone.
    managed = { ...GOOD, settings: settingsText({ retentionDays: 14 }) };
    await restarted.policy.refresh();
    const fixed = await restarted.send<PolicyStatus>({ type: 'policy:status' });
    expect(fixed.error).toBeUndefined();
    expect(fixed.appliedAt).toBe(T0 + 120_000);
    expect((await restarted.send<Settings>({ type: 'settings:get' })).retentionDays).toBe(14);
  });

  it('without a good one before it, leaves the local entries in force', async () => {
    await mappingsRepo(db).save(m('tier', 'Account_Tier__c'));
    managed = BROKEN;
    const bg = start();
    const status = await bg.send<PolicyStatus>({ type: 'policy:status' });
    expect(status.managed.mappingIds).toEqual([]);
    expect(status.error?.errors).toHaveLength(1);
    expect(status.appliedAt).toBeUndefined();
    expect((await bg.send<Mapping[]>({ type: 'mappings:list' }))[0]?.sources).toEqual(['tier']);
  });

  it('does not trust a kept row it cannot read', async () => {
    await db.put('settings', { raw: 'not a policy', appliedAt: 'yesterday' }, 'managed-policy');
    expect(await policyRepo(db).get()).toBeUndefined();
    const bg = start();
    expect((await bg.send<PolicyStatus>({ type: 'policy:status' })).managed.mappingIds).toEqual([]);
  });
});

describe('following the browser', () => {
  it('applies a changed policy, mirrors the profiles in force and drops a removed policy', async () => {
    const bg = start();
    await bg.send({
      type: 'settings:save',
      settings: JSON.parse(
        settingsText({ transcriptProfiles: { kustomer: { botNames: ['Local K'] } } }),
      ),
    });
    managed = { transcriptProfiles: JSON.stringify({ salesforce: { botNames: ['Org bot'] } }) };
    await bg.policy.refresh();
    expect(local[PROFILES_STORAGE_KEY]).toEqual({
      kustomer: { botNames: ['Local K'] },
      salesforce: { botNames: ['Org bot'] },
    });

    managed = {};
    await bg.policy.refresh();
    expect(local[PROFILES_STORAGE_KEY]).toEqual({ kustomer: { botNames: ['Local K'] } });
    expect(await bg.send<PolicyStatus>({ type: 'policy:status' })).toEqual({
      managed: { mappingIds: [], settingsKeys: [], transcriptProfilePlatforms: [] },
    });
  });

  it('takes a rejected read (Firefox without a policy) as no policy', async () => {
    const service = policyService({
      repo: policyRepo(db),
      managed: { get: () => Promise.reject(new Error('Managed storage manifest not found')) },
      now: () => now,
    });
    expect(await service.status()).toEqual({
      managed: { mappingIds: [], settingsKeys: [], transcriptProfilePlatforms: [] },
    });
  });

  it('reads the changes one after the other, the last one winning', async () => {
    const bg = start();
    managed = GOOD;
    const a = bg.policy.refresh();
    managed = { settings: settingsText({ retentionDays: 3 }) };
    const b = bg.policy.refresh();
    await Promise.all([a, b]);
    expect((await bg.send<PolicyStatus>({ type: 'policy:status' })).managed).toEqual({
      mappingIds: [],
      settingsKeys: ['retentionDays'],
      transcriptProfilePlatforms: [],
    });
  });
});

describe('handoffs', () => {
  it('fill fields through the managed mappings', async () => {
    managed = {
      mappings: mappingsText([m('number', 'Account_Number__c', { sources: ['Org Account'] })]),
    };
    const policy = policyService({
      repo: policyRepo(db),
      managed: { get: async () => managed },
      now: () => now,
    });
    const repo = mappingsRepo(db);
    for (const mapping of engineMappings) await repo.save(mapping);
    const sf = fakeSalesforce();
    const engine = handoffEngine({
      settings: effectiveSettingsRepo(settingsRepo(db), policy),
      mappings: effectiveMappingsRepo(repo, policy),
      catalogs: catalogsRepo(db),
      journal: journalRepo(db),
      clientFor: () => sf.client,
    });
    // The local mapping reads `account_number`; the managed one with its id reads `Org Account`.
    await engine.messages(CASE, [bot(kv('account_number: LOCAL-1\nOrg Account: ORG-1'))]);
    expect(sf.record.Account_Number__c).toBe('ORG-1');
  });
});
