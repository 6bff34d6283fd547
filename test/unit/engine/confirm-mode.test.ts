/**
 * Settings `writeMode: 'confirm'`: a trusted handoff is planned and shown, nothing is sent before
 * the agent's Fill N fields, and then exactly the plan is written through the durable queue.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { privacyTasks } from '@/lib/engine/privacy';
import { PlatformError } from '@/lib/platforms/platform-client';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { bot, CASE, fakeSalesforce, kv, mappings, SESSION } from './fake-salesforce';

let n = 0;
const clock = { t: 1_800_000_000_000 };

async function setup(writeMode: 'auto' | 'confirm' = 'confirm', redaction = 'none') {
  const db = await openHandoffDb(`confirm-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const settings = settingsRepo(db);
  const saved = await settings.save({
    format: 'handoff-fields/settings',
    version: 1,
    writeMode,
    redaction,
  });
  expect(saved.ok).toBe(true);
  const journal = journalRepo(db);
  const engine = handoffEngine({
    settings,
    mappings: repo,
    catalogs: catalogsRepo(db),
    journal,
    clientFor: () => sf.client,
    now: () => clock.t,
  });
  return { db, engine, sf, repo, settings, journal };
}

const CONTEXT = kv('Account Tier: Premium\naccount_number: AC-1001');

describe('confirm before writing', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('plans a trusted handoff and writes nothing before the click', async () => {
    const view = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(view.state).toBe('awaiting-confirmation');
    expect(view.planId).toBeTypeOf('number');
    expect(view.fields.map((f) => [f.field, f.value, f.outcome])).toEqual([
      ['Account_Number__c', 'AC-1001', 'planned'],
      ['Refund_Amount__c', null, 'skipped'],
      ['Account_Tier__c', 'tier_premium', 'planned'],
    ]);
    // The page sends the message again, the panel polls, the tab is opened again: still nothing.
    await t.engine.messages(CASE, [bot(CONTEXT)]);
    await t.engine.poll(CASE);
    expect((await t.engine.open(CASE)).state).toBe('awaiting-confirmation');
    expect(t.sf.writes).toEqual([]);
    expect(view.queue).toBeUndefined();
  });

  it('writes exactly the plan after Fill N fields, and journals who confirmed and when', async () => {
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    clock.t += 5_000;
    const view = await t.engine.answerPlan(CASE, planned.planId as number, 'fill', 42);
    expect(t.sf.writes).toEqual([
      { Account_Number__c: 'AC-1001', Account_Tier__c: 'tier_premium' },
    ]);
    expect(view.state).toBe('done');
    expect(view.planId).toBeUndefined();
    expect(view.fields.filter((f) => f.outcome === 'written').map((f) => f.field)).toEqual([
      'Account_Number__c',
      'Account_Tier__c',
    ]);
    const entry = await t.journal.get(planned.planId as number);
    expect(entry).toMatchObject({
      state: 'done',
      confirmedAt: clock.t,
      confirmedBy: "this browser's agent, console tab 42",
    });
    expect(entry?.declinedAt).toBeUndefined();
  });

  it('keeps a value the agent typed after the plan was shown (fill-empty)', async () => {
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    t.sf.record.Account_Number__c = 'AC-TYPED';
    const view = await t.engine.answerPlan(CASE, planned.planId as number, 'fill');
    expect(t.sf.writes).toEqual([{ Account_Tier__c: 'tier_premium' }]);
    expect(t.sf.record.Account_Number__c).toBe('AC-TYPED');
    expect(view.fields.find((f) => f.field === 'Account_Number__c')).toMatchObject({
      outcome: 'skipped',
      reason: 'kept-existing',
    });
  });

  it('never writes what the plan did not show: a mapping changed or added since', async () => {
    const planned = await t.engine.messages(CASE, [bot(kv('Account Tier: Premium'))]);
    expect(planned.fields.filter((f) => f.outcome === 'planned').map((f) => f.field)).toEqual([
      'Account_Tier__c',
    ]);
    // An admin maps Premium to another value, and maps a key the plan had no mapping for.
    await t.repo.save({
      ...mappings[0],
      valueMap: [{ from: 'Premium', to: 'tier_basic' }],
    } as never);
    await t.repo.save({ ...mappings[1], sources: ['Account Tier'] } as never);
    const view = await t.engine.answerPlan(CASE, planned.planId as number, 'fill');
    expect(t.sf.writes).toEqual([]);
    expect(view.fields.map((f) => [f.field, f.outcome])).toEqual(
      expect.arrayContaining([
        ['Account_Tier__c', 'refused'],
        ['Account_Number__c', 'refused'],
      ]),
    );
    const tier = view.fields.find((f) => f.field === 'Account_Tier__c');
    expect(tier?.reason).toMatch(/showed 'tier_premium', not 'tier_basic'/);
    expect(view.fields.find((f) => f.field === 'Account_Number__c')?.reason).toMatch(
      /not in the plan you confirmed/,
    );
  });

  it('writes nothing on Not now, journals it declined, and can still fill later', async () => {
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    const planId = planned.planId as number;
    const declined = await t.engine.answerPlan(CASE, planId, 'not-now', 3);
    expect(t.sf.writes).toEqual([]);
    expect(declined.state).toBe('declined');
    expect(declined.planId).toBe(planId);
    expect(declined.fields.filter((f) => f.outcome === 'planned')).toHaveLength(2);
    expect(await t.journal.get(planId)).toMatchObject({ state: 'declined', declinedAt: clock.t });
    // The panel polls and the tab is reopened: still declined, still nothing written.
    expect((await t.engine.open(CASE)).state).toBe('declined');
    const filled = await t.engine.answerPlan(CASE, planId, 'fill', 3);
    expect(filled.state).toBe('done');
    expect(t.sf.writes).toHaveLength(1);
  });

  it('answers no plan but the record’s latest, and each plan once', async () => {
    const first = await t.engine.messages(CASE, [bot(kv('account_number: AC-1'), 'm1')]);
    const second = await t.engine.messages(CASE, [bot(kv('account_number: AC-2'), 'm2')]);
    const stale = await t.engine.answerPlan(CASE, first.planId as number, 'fill');
    expect(stale.notice?.code).toBe('plan-changed');
    expect(stale.planId).toBe(second.planId);
    expect(t.sf.writes).toEqual([]);
    await t.engine.answerPlan(CASE, second.planId as number, 'fill');
    const again = await t.engine.answerPlan(CASE, second.planId as number, 'fill');
    expect(again.notice?.code).toBe('plan-changed');
    expect(t.sf.writes).toEqual([{ Account_Number__c: 'AC-2' }]);
  });

  it('refuses a plan id of another record', async () => {
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    const other = { ...CASE, id: '5005g00000HfCa2AAF' };
    const view = await t.engine.answerPlan(other, planned.planId as number, 'fill');
    expect(view.notice?.code).toBe('plan-changed');
    expect(t.sf.writes).toEqual([]);
  });

  it('confirms from the MessagingSession tab the plan of its Case', async () => {
    const planned = await t.engine.messages(SESSION, [bot(CONTEXT)]);
    expect(planned.targets).toEqual([CASE]);
    const onCase = await t.engine.open(CASE);
    expect(onCase.planId).toBe(planned.planId);
    await t.engine.answerPlan(CASE, planned.planId as number, 'fill');
    expect(t.sf.record.Account_Number__c).toBe('AC-1001');
  });

  it('asks nothing when the plan writes nothing', async () => {
    t.sf.record.Account_Number__c = 'AC-1001';
    const view = await t.engine.messages(CASE, [bot(kv('account_number: AC-1001'))]);
    expect(view.state).toBe('done');
    expect(view.planId).toBeUndefined();
    expect(t.sf.writes).toEqual([]);
  });

  it('fails with why when the plan cannot be made, and Retry plans again', async () => {
    const read = t.sf.client.read.bind(t.sf.client);
    t.sf.client.read = async () => {
      throw new PlatformError('platform-unavailable', 'Salesforce is not answering (503).');
    };
    const failed = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(failed.state).toBe('failed');
    expect(failed.notice?.code).toBe('platform-unavailable');
    t.sf.client.read = read;
    const retried = await t.engine.retry(CASE);
    expect(retried.state).toBe('awaiting-confirmation');
    expect(t.sf.writes).toEqual([]);
  });

  it('keeps a waiting or declined plan’s values when the journal is redacted', async () => {
    t = await setup('confirm', 'mask');
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    await privacyTasks({ db: t.db, settings: t.settings, now: () => clock.t }).redactSettled();
    const entry = await t.journal.get(planned.planId as number);
    expect(entry?.redacted).toBeUndefined();
    await t.engine.answerPlan(CASE, planned.planId as number, 'fill');
    expect(t.sf.writes).toEqual([
      { Account_Number__c: 'AC-1001', Account_Tier__c: 'tier_premium' },
    ]);
    // Settled: now redacted, as every settled handoff.
    expect((await t.journal.get(planned.planId as number))?.redacted).toBe('mask');
  });

  it('writes at once in auto mode (the default)', async () => {
    t = await setup('auto');
    const view = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(view.state).toBe('done');
    expect(view.planId).toBeUndefined();
    expect(t.sf.writes).toHaveLength(1);
  });
});
