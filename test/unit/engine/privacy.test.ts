/**
 * Redaction (settings `redaction`) and retention (`retentionDays`) of the journal, through the
 * engine and the privacy upkeep, over fake-indexeddb with a fake clock.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/context/digest';
import { handoffEngine } from '@/lib/engine/handoff';
import { privacyTasks } from '@/lib/engine/privacy';
import type { MappingInput } from '@/lib/mapping/schema';
import {
  type PlatformClient,
  PlatformError,
  type WriteResult,
} from '@/lib/platforms/platform-client';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { CandidateMessage, FieldSpec, RecordRef } from '@/lib/platforms/types';
import { maskValue, redactEntry } from '@/lib/privacy/redact';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import type { JournalEntry } from '@/lib/store/journal-schema';
import { mappingsRepo } from '@/lib/store/mappings';
import { DAY_MS } from '@/lib/store/retention';
import { settingsRepo } from '@/lib/store/settings';

const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};
const KEY = 'salesforce:acme:Case:5005g00000HfCa1AAF';

const fields: FieldSpec[] = [
  {
    name: 'Account_Number__c',
    label: 'Account Number',
    type: 'string',
    length: 40,
    updateable: true,
  },
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    restricted: true,
    updateable: true,
    options: [{ value: 'tier_basic', label: 'Basic', active: true }],
  },
];
const mappings: MappingInput[] = [
  {
    id: 'number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['Account Number'],
  },
  {
    id: 'tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    unmapped: 'pass',
  },
];

function fakeClient(fail?: () => PlatformError | undefined) {
  const record: Record<string, unknown> = { Account_Number__c: null, Account_Tier__c: null };
  const client: PlatformClient = {
    rules: salesforceRules,
    resolveTargets: async (r) => [r],
    describe: async () => fields,
    read: async () => ({ values: { ...record } }),
    async write(_t, values): Promise<WriteResult> {
      const e = fail?.();
      if (e) throw e;
      if (typeof values.Account_Tier__c === 'string') {
        const message = `Account Tier: bad value for restricted picklist field: ${values.Account_Tier__c}`;
        return { ok: false, refusals: [{ field: 'Account_Tier__c', message }], message };
      }
      Object.assign(record, values);
      return { ok: true };
    },
  };
  return { client, record };
}

const bot = (lines: string, id = 'm1'): CandidateMessage => ({
  platformMessageId: id,
  author: 'bot',
  text: `Handoff context\n${lines}`,
});

let n = 0;
async function setup(redaction: 'none' | 'mask' | 'hash', retentionDays = 30) {
  const db = await openHandoffDb(`privacy-test-${n++}`);
  const settings = settingsRepo(db);
  const saved = await settings.save({
    format: 'handoff-fields/settings',
    version: 1,
    redaction,
    retentionDays,
  });
  expect(saved.ok).toBe(true);
  for (const m of mappings) await mappingsRepo(db).save(m);
  const clock = { t: Date.UTC(2026, 10, 21, 10, 0, 0) };
  let failing = false;
  const sf = fakeClient(() =>
    failing
      ? new PlatformError('api-access-denied', 'Salesforce refused this session.')
      : undefined,
  );
  const engine = handoffEngine({
    settings,
    mappings: mappingsRepo(db),
    catalogs: catalogsRepo(db),
    journal: journalRepo(db),
    clientFor: () => sf.client,
    now: () => clock.t,
  });
  const privacy = privacyTasks({ db, settings, now: () => clock.t });
  return { db, engine, privacy, clock, sf, settings, fail: (on: boolean) => (failing = on) };
}

const stored = (db: Db) => journalRepo(db).latestFor(KEY);

describe('redaction', () => {
  it('masks keep the first and last character; short values are masked whole', () => {
    expect(maskValue('AC-SECRET-7731')).toBe('A••••••••••••1');
    expect(maskValue('ab')).toBe('••');
    expect(maskValue('x')).toBe('•');
    expect(maskValue('é✓😀')).toBe('é•😀');
  });

  it('masks every stored value of a settled handoff, its reasons, and drops the message text', async () => {
    const t = await setup('mask');
    const view = await t.engine.messages(CASE, [
      bot('Account Number: AC-SECRET-7731\nAccount Tier: Gold'),
    ]);
    // The platform stored the real value; the journal keeps no readable copy of it.
    expect(t.sf.record.Account_Number__c).toBe('AC-SECRET-7731');
    const entry = (await stored(t.db)) as JournalEntry;
    expect(entry.redacted).toBe('mask');
    expect(entry.text).toBe('');
    expect(entry.context?.values).toEqual({
      'Account Number': 'A••••••••••••1',
      'Account Tier': 'G••d',
    });
    expect(entry.fields.map((f) => [f.field, f.value, f.outcome])).toEqual([
      ['Account_Number__c', 'A••••••••••••1', 'written'],
      ['Account_Tier__c', 'G••d', 'refused'],
    ]);
    // The planner's own refusal quotes the value: redacted inside the reason too.
    expect(entry.fields[1]?.reason).toBe(
      "'G••d' is not a value of Account Tier, a restricted picklist: use one of tier_basic",
    );
    expect(JSON.stringify(await t.db.getAll('journal'))).not.toMatch(/AC-SECRET-7731|Gold/);
    expect(JSON.stringify(await t.db.getAll('queue'))).not.toMatch(/AC-SECRET-7731|Gold/);
    expect(JSON.stringify(view)).not.toContain('AC-SECRET-7731');
  });

  it('masks what the read-back found too, also a value the context never had', async () => {
    const t = await setup('mask');
    t.sf.record.Account_Number__c = 'TYPED-SECRET-42';
    await t.engine.messages(CASE, [bot('Account Number: AC-SECRET-7731')]);
    const entry = (await stored(t.db)) as JournalEntry;
    expect(entry.fields[0]?.verification).toMatchObject({
      state: 'different',
      expected: 'A••••••••••••1',
      actual: 'T•••••••••••••2',
    });
    expect(JSON.stringify(await t.db.getAll('journal'))).not.toMatch(/TYPED-SECRET-42/);
  });

  it('hashes values as SHA-256 hex, so equal values stay comparable', async () => {
    const t = await setup('hash');
    await t.engine.messages(CASE, [bot('Account Number: AC-SECRET-7731')]);
    const entry = (await stored(t.db)) as JournalEntry;
    const hex = await sha256Hex('AC-SECRET-7731');
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.context?.values['Account Number']).toBe(hex);
    expect(entry.fields[0]?.value).toBe(hex);
    expect(entry.text).toBe('');
  });

  it('keeps values while a write is pending, and says Retry cannot re-run a redacted context', async () => {
    const t = await setup('mask');
    t.fail(true);
    const failed = await t.engine.messages(CASE, [bot('Account Number: AC-SECRET-7731')]);
    expect(failed.state).toBe('failed');
    const queue = await t.db.getAll('queue');
    expect(queue.every((r) => r.values === undefined)).toBe(true);
    t.fail(false);
    const retried = await t.engine.retry(CASE);
    expect(retried.notice).toMatchObject({
      code: 'context-redacted',
      message: expect.stringMatching(/redacted[\s\S]*Retry cannot run it again/),
    });
    expect(t.sf.record.Account_Number__c).toBeNull();
  });

  it('without redaction a failed handoff keeps its text and values for Retry', async () => {
    const t = await setup('none');
    t.fail(true);
    await t.engine.messages(CASE, [bot('Account Number: AC-PLAIN')]);
    expect((await stored(t.db))?.text).toContain('AC-PLAIN');
    t.fail(false);
    expect((await t.engine.retry(CASE)).state).toBe('done');
    expect(t.sf.record.Account_Number__c).toBe('AC-PLAIN');
  });

  it('switching redaction on redacts what settled before (the sweep)', async () => {
    const t = await setup('none');
    await t.engine.messages(CASE, [bot('Account Number: AC-BEFORE')]);
    expect((await stored(t.db))?.redacted).toBeUndefined();
    await t.settings.save({ format: 'handoff-fields/settings', version: 1, redaction: 'hash' });
    expect(await t.privacy.redactSettled()).toBe(1);
    const entry = await stored(t.db);
    expect(entry?.redacted).toBe('hash');
    expect(JSON.stringify(entry)).not.toContain('AC-BEFORE');
    expect(await t.privacy.redactSettled()).toBe(0);
  });

  it('replaces a value in prose only where it stands as a whole word', async () => {
    const entry: JournalEntry = {
      recordKeys: [KEY],
      record: CASE,
      at: 0,
      source: 'transcript',
      messageId: 'm',
      contextDigest: 'd',
      text: 'Handoff context\nVIP: No',
      author: 'bot',
      state: 'failed',
      context: {
        form: 'key-value',
        trust: 'bot-authored',
        author: 'bot',
        messageId: 'm',
        values: { VIP: 'No' },
      },
      fields: [
        {
          field: 'VIP__c',
          label: 'VIP',
          value: 'No',
          outcome: 'refused',
          reason: 'Not written: No is not a checkbox value',
        },
      ],
    };
    const redacted = await redactEntry(entry, 'mask');
    expect(redacted.fields[0]?.reason).toBe('Not written: •• is not a checkbox value');
  });

  it("redacts the console's value and forgets the records' names", async () => {
    const entry: JournalEntry = {
      recordKeys: [KEY],
      record: CASE,
      recordNames: { [KEY]: 'Jane Doe' },
      at: 0,
      source: 'transcript',
      messageId: 'm',
      contextDigest: 'd',
      text: 'Handoff context\nTier: Gold',
      author: 'bot',
      state: 'done',
      context: {
        form: 'key-value',
        trust: 'bot-authored',
        author: 'bot',
        messageId: 'm',
        values: { Tier: 'Gold', Level: 'tier_premium' },
      },
      fields: [
        {
          field: 'Tier__c',
          label: 'Tier',
          value: 'Gold',
          outcome: 'refused',
          refusal: 'not-a-choice',
        },
        {
          field: 'Level__c',
          label: 'Level',
          value: 'tier_premium',
          display: 'Premium',
          outcome: 'written',
        },
      ],
    };
    const redacted = await redactEntry(entry, 'mask');
    expect(redacted.fields[0]?.value).toBe('G••d');
    expect(redacted.fields[1]?.display).toBe('P•••••m');
    expect(redacted.recordNames).toBeUndefined();
    expect(JSON.stringify(redacted)).not.toMatch(/Gold|Premium|Jane/);
  });
});

describe('retention', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup('none', 7);
  });

  it('deletes journal entries, settled queue rows and seen rows past the retention period', async () => {
    await t.engine.messages(CASE, [bot('Account Number: AC-OLD', 'old')]);
    t.clock.t += 6 * DAY_MS;
    await t.engine.messages(CASE, [bot('Account Number: AC-NEWER', 'newer')]);
    t.clock.t += 2 * DAY_MS; // the first is 8 days old, the second 2
    const purged = await t.privacy.purge();
    expect(purged.journal).toBe(1);
    expect(purged.queue).toBe(2); // its resolve and write rows
    const left = await t.db.getAll('journal');
    expect(left.map((e) => e.messageId)).toEqual(['newer']);
    expect((await t.db.getAll('queue')).every((r) => r.journalId === left[0]?.id)).toBe(true);
  });

  it('never deletes a handoff whose write is still waiting', async () => {
    let calls = 0;
    t.sf.client.write = async () => {
      calls++;
      throw new PlatformError('network', 'Could not reach acme.my.salesforce.com.');
    };
    await t.engine.messages(CASE, [bot('Account Number: AC-WAIT')]);
    expect(calls).toBe(1);
    t.clock.t += 30 * DAY_MS;
    await t.privacy.purge();
    expect(await t.db.count('journal')).toBe(1);
  });

  it('keeps seen rows as long as a signed context could be replayed', async () => {
    await t.settings.save({
      format: 'handoff-fields/settings',
      version: 1,
      retentionDays: 1,
      trust: { maxAgeSeconds: 10 * 86_400 },
    });
    await journalRepo(t.db).markSeen('jti|kore-bot|j1', 1);
    const at = (await t.db.get('seen', 'jti|kore-bot|j1'))?.at ?? 0;
    const privacy = privacyTasks({ db: t.db, settings: t.settings, now: () => at + 5 * DAY_MS });
    await privacy.purge();
    expect(await t.db.get('seen', 'jti|kore-bot|j1')).toBeDefined();
    const later = privacyTasks({ db: t.db, settings: t.settings, now: () => at + 12 * DAY_MS });
    await later.purge();
    expect(await t.db.get('seen', 'jti|kore-bot|j1')).toBeUndefined();
  });
});
