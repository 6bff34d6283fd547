/**
 * Settings `writeMode: 'verify-only'` (QA and supervisors): a trusted handoff is read, planned and
 * compared with the record, journaled as `verify-only`, and nothing is ever sent — whatever the
 * mappings, and whichever way a write is asked for. Each entry point is an attack here: the fake
 * platform's `write` must never be called.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { VERIFY_ONLY_REASON } from '@/lib/engine/apply';
import { handoffEngine } from '@/lib/engine/handoff';
import { NOT_SENT_VERIFY_ONLY } from '@/lib/engine/write-queue';
import { PlatformError } from '@/lib/platforms/platform-client';
import type { CandidateMessage } from '@/lib/platforms/types';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { queueRepo } from '@/lib/store/queue';
import { settingsRepo } from '@/lib/store/settings';
import { bot, CASE, fakeSalesforce, kv, mappings, SESSION } from './fake-salesforce';

type Mode = 'auto' | 'confirm' | 'verify-only';

let n = 0;
const clock = { t: 1_800_000_000_000 };

async function setup(writeMode: Mode = 'verify-only') {
  const db = await openHandoffDb(`verify-only-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const settings = settingsRepo(db);
  const start = () =>
    handoffEngine({
      settings,
      mappings: repo,
      catalogs: catalogsRepo(db),
      journal: journalRepo(db),
      queue: queueRepo(db),
      clientFor: () => sf.client,
      now: () => clock.t,
      random: () => 0.5,
    });
  const t = { db, sf, repo, settings, journal: journalRepo(db), engine: start(), start };
  await mode(t, writeMode);
  return t;
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function mode(t: { settings: Setup['settings'] }, writeMode: Mode) {
  const saved = await t.settings.save({ format: 'handoff-fields/settings', version: 1, writeMode });
  expect(saved.ok).toBe(true);
}

const liveRows = async (db: Db) =>
  (await db.getAll('queue')).filter((r) => ['pending', 'sending', 'retrying'].includes(r.state));

const CONTEXT = kv('Account Tier: Premium\naccount_number: AC-1001\nRefund: 120');
const customer = (text: string, id: string): CandidateMessage => ({
  platformMessageId: id,
  author: 'customer',
  text,
});

describe('verify only: a trusted handoff is compared, never written', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await setup();
  });

  it('plans, reads and compares each field, journals verify-only, and queues nothing', async () => {
    // Another agent's browser filled the Case: one value as the bot said, one changed since, one empty.
    Object.assign(t.sf.record, { Account_Tier__c: 'tier_premium', Account_Number__c: 'AC-9' });
    const view = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(t.sf.writes).toEqual([]);
    expect(await t.db.getAll('queue')).toEqual([]);
    expect(view.state).toBe('verify-only');
    expect(view.verifyOnly).toBe(true);
    expect(view.planId).toBeUndefined();
    const byField = Object.fromEntries(view.fields.map((f) => [f.field, f]));
    expect(byField.Account_Tier__c).toMatchObject({
      outcome: 'skipped',
      reason: 'unchanged',
      verification: { state: 'verified', expected: 'tier_premium', actual: 'tier_premium' },
    });
    expect(byField.Account_Number__c).toMatchObject({
      outcome: 'skipped',
      reason: 'kept-existing',
      verification: { state: 'different', expected: 'AC-1001', actual: 'AC-9' },
    });
    expect(byField.Refund_Amount__c).toMatchObject({
      outcome: 'skipped',
      reason: VERIFY_ONLY_REASON,
      verification: { state: 'different', expected: '120', actual: null },
    });
    const entry = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(entry).toMatchObject({ state: 'verify-only', verifiedAt: clock.t, settledAt: clock.t });
  });

  it('writes nothing even where every mapping overwrites, and again on resend, poll and reopen', async () => {
    for (const m of mappings) await t.repo.save({ ...m, policy: 'overwrite' } as never);
    Object.assign(t.sf.record, { Account_Number__c: 'AC-9' });
    await t.engine.messages(CASE, [bot(CONTEXT)]);
    await t.engine.messages(CASE, [bot(CONTEXT)]);
    await t.engine.poll(CASE);
    const reopened = await t.engine.open(CASE);
    await t.start().writes.runDue();
    expect(t.sf.writes).toEqual([]);
    expect(reopened.state).toBe('verify-only');
    expect(reopened.verifyOnly).toBe(true);
  });

  it('marks every answer, also a record with no handoff yet', async () => {
    expect((await t.engine.open(CASE)).verifyOnly).toBe(true);
    expect((await t.engine.view(CASE)).verifyOnly).toBe(true);
    await mode(t, 'auto');
    expect((await t.engine.open(CASE)).verifyOnly).toBeUndefined();
  });

  it('fails with why when the record cannot be read, and Retry compares again, writing nothing', async () => {
    const read = t.sf.client.read.bind(t.sf.client);
    t.sf.client.read = async () => {
      throw new PlatformError('session-missing', 'Sign in to Salesforce again.');
    };
    const failed = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(failed.state).toBe('failed');
    expect(failed.notice?.code).toBe('session-missing');
    t.sf.client.read = read;
    const retried = await t.engine.retry(CASE);
    expect(retried.state).toBe('verify-only');
    expect(t.sf.writes).toEqual([]);
  });
});

describe('verify only: the write queue refuses every write, whoever asks', () => {
  it('does not send rows queued before the switch, on the alarm or after a restart', async () => {
    const t = await setup('auto');
    t.sf.failWith(new PlatformError('platform-unavailable', 'Salesforce is not answering.'));
    const waiting = await t.engine.messages(CASE, [bot(CONTEXT)]);
    expect(waiting.state).toBe('pending');
    expect(t.sf.writes).toHaveLength(1); // the failed first attempt, before the switch
    await mode(t, 'verify-only');
    clock.t += 60_000;
    // A new worker (the old one stopped) wakes on the alarm.
    await t.start().writes.runDue();
    expect(t.sf.writes).toHaveLength(1);
    const view = await t.engine.view(CASE);
    expect(view.state).toBe('failed');
    expect(view.notice?.code).toBe('verify-only');
    expect(view.notice?.message).toContain(NOT_SENT_VERIFY_ONLY);
    expect(view.fields.filter((f) => f.outcome === 'refused').map((f) => f.reason)).toEqual([
      NOT_SENT_VERIFY_ONLY,
      NOT_SENT_VERIFY_ONLY,
      NOT_SENT_VERIFY_ONLY,
    ]);
    expect(await liveRows(t.db)).toEqual([]);
    // Not a write that gave up: no console tab is alerted.
    expect(await t.engine.writes.gaveUp()).toEqual([]);
  });

  it('does not send on Retry; once the browser writes again, Retry sends what was kept', async () => {
    const t = await setup('auto');
    t.sf.failWith(new PlatformError('platform-unavailable', 'Salesforce is not answering.'));
    await t.engine.messages(CASE, [bot(CONTEXT)]);
    await mode(t, 'verify-only');
    const retried = await t.engine.retry(CASE);
    expect(t.sf.writes).toHaveLength(1);
    expect(retried.notice?.code).toBe('verify-only');
    // Nothing is lost: back to writing, Retry writes the handoff.
    await mode(t, 'auto');
    const written = await t.engine.retry(CASE);
    expect(written.state).toBe('done');
    expect(t.sf.record.Account_Number__c).toBe('AC-1001');
  });

  it("does not send the bot's value of a kept field, from the panel or straight to the queue", async () => {
    const t = await setup('auto');
    t.sf.record.Account_Number__c = 'AC-TYPED';
    await t.engine.messages(CASE, [bot(CONTEXT)]);
    const writesBefore = t.sf.writes.length;
    await mode(t, 'verify-only');
    const asked = await t.engine.useBotValue(CASE, 'Case', 'Account_Number__c');
    expect(asked.notice?.code).toBe('verify-only');
    expect(t.sf.writes).toHaveLength(writesBefore);
    // Past the engine's check, the queue itself refuses.
    const entry = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    const id = entry?.id as number;
    await t.engine.writes.choose(
      { ...(entry as NonNullable<typeof entry>), id },
      CASE,
      'Account_Number__c',
      entry?.context?.values ?? {},
    );
    await t.engine.writes.run(id);
    expect(t.sf.writes).toHaveLength(writesBefore);
    expect(t.sf.record.Account_Number__c).toBe('AC-TYPED');
  });

  it('does not send a plan on Fill N fields, from the panel or straight to the queue', async () => {
    const t = await setup('confirm');
    const planned = await t.engine.messages(CASE, [bot(CONTEXT)]);
    const planId = planned.planId as number;
    await mode(t, 'verify-only');
    const filled = await t.engine.answerPlan(CASE, planId, 'fill', 7);
    expect(filled.notice?.code).toBe('verify-only');
    expect(filled.state).toBe('awaiting-confirmation');
    expect(t.sf.writes).toEqual([]);
    // Past the engine's check, the queue itself refuses the confirmed plan.
    const entry = await t.journal.get(planId);
    const started = await t.engine.writes.begin(
      entry as NonNullable<typeof entry>,
      CASE,
      entry?.context?.values ?? {},
      true,
      { 'Case.Account_Number__c': 'AC-1001' },
    );
    await t.engine.writes.run(started.entry.id);
    expect(t.sf.writes).toEqual([]);
  });
});

describe('the panel shows the latest trusted handoff, not a newer refused context', () => {
  it("keeps showing the bot's handoff when the customer later types a context", async () => {
    const t = await setup('auto');
    const written = await t.engine.messages(CASE, [bot(CONTEXT, 'm1')]);
    expect(written.state).toBe('done');
    const view = await t.engine.messages(CASE, [
      bot(CONTEXT, 'm1'),
      customer(kv('Account Tier: Basic\naccount_number: HACKED'), 'm2'),
    ]);
    expect(view.state).toBe('done');
    expect(view.context?.author).toBe('bot');
    expect(view.fields.filter((f) => f.outcome === 'written')).toHaveLength(3);
    expect(view.notice).toBeUndefined();
    expect(view.newerRefusal?.code).toBe('context-untrusted');
    expect(view.newerRefusal?.message).toMatch(/^A newer context was not used\. /);
    expect(t.sf.record.Account_Number__c).toBe('AC-1001');
    // Verify now answers the same handoff, with the same line under it.
    const verified = await t.engine.verify(CASE);
    expect(verified.context?.author).toBe('bot');
    expect(verified.newerRefusal?.code).toBe('context-untrusted');
    // The newer refusal is still journaled as its own entry.
    const latest = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(latest?.context?.trust).toBe('unverified');
  });

  it('shows the refusal as the state when no trusted handoff came before it', async () => {
    const t = await setup('auto');
    const view = await t.engine.messages(CASE, [customer(kv('account_number: X-1'), 'm2')]);
    expect(view.state).toBe('failed');
    expect(view.notice?.code).toBe('context-untrusted');
    expect(view.newerRefusal).toBeUndefined();
  });

  it("shows the Case's trusted handoff on the session tab after the customer's context", async () => {
    const t = await setup('verify-only');
    Object.assign(t.sf.record, { Account_Tier__c: 'tier_premium', Account_Number__c: 'AC-1001' });
    await t.engine.messages(SESSION, [bot(CONTEXT, 'm1')]);
    const onSession = await t.engine.messages(SESSION, [customer(kv('Refund: 9000'), 'm3')]);
    expect(onSession.state).toBe('verify-only');
    expect(onSession.newerRefusal?.code).toBe('context-untrusted');
    const onCase = await t.engine.open(CASE);
    expect(onCase.state).toBe('verify-only');
    expect(t.sf.writes).toEqual([]);
  });

  it("still answers the shown handoff's plan and kept fields after a newer refusal", async () => {
    const t = await setup('confirm');
    const planned = await t.engine.messages(CASE, [bot(CONTEXT, 'm1')]);
    await t.engine.messages(CASE, [customer(kv('account_number: X-1'), 'm2')]);
    const shown = await t.engine.view(CASE);
    expect(shown.planId).toBe(planned.planId);
    const filled = await t.engine.answerPlan(CASE, planned.planId as number, 'fill');
    expect(filled.state).toBe('done');
    expect(t.sf.record.Account_Number__c).toBe('AC-1001');
  });
});
