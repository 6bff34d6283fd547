/**
 * The engine's side of the agent's words: refusals carry their kind beside the admin's reason
 * (the widget says what to do from it), values carry how the console shows them, the record its console name, and "Use the
 * bot's value" writes a kept field alone through the write queue.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { recordKey } from '@/lib/platforms/record-key';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { bot, CASE, fakeSalesforce, kv, mappings, SESSION } from './fake-salesforce';

let n = 0;
async function setup() {
  const db = await openHandoffDb(`agent-words-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const journal = journalRepo(db);
  let clock = 1_000;
  const engine = handoffEngine({
    settings: settingsRepo(db),
    mappings: repo,
    catalogs: catalogsRepo(db),
    journal,
    clientFor: () => sf.client,
    now: () => ++clock,
  });
  // What the fake read answers for the fields asked, CaseNumber included (as Salesforce does).
  const reads: string[][] = [];
  sf.client.read = async (_target, asked) => {
    reads.push([...asked]);
    return { values: { ...sf.record, CaseNumber: '00001026' } };
  };
  return { engine, sf, journal, reads };
}

describe('agent words in the engine', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('names the Case by its number, read with the fields before the write', async () => {
    const view = await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'))]);
    expect(t.reads[0]).toContain('CaseNumber');
    expect(view.recordNames).toEqual({ [recordKey(CASE)]: 'Case 00001026' });
    // The name is not a field of the plan: nothing else about it is shown or written.
    expect(view.fields.map((f) => f.field)).not.toContain('CaseNumber');
    expect(t.sf.writes).toEqual([{ Account_Number__c: 'AC-1' }]);
    // The session's tab names the Case it wrote.
    const onSession = await t.engine.open(SESSION);
    expect(onSession.recordNames?.[recordKey(CASE)]).toBe('Case 00001026');
  });

  it('shows a picklist value by its label and keeps the stored value beside it', async () => {
    const view = await t.engine.messages(CASE, [bot(kv('Account Tier: Premium'))]);
    const tier = view.fields.find((f) => f.field === 'Account_Tier__c');
    expect(tier).toMatchObject({ value: 'tier_premium', display: 'Premium', outcome: 'written' });
  });

  it("gives a refusal its kind and keeps the admin's reason", async () => {
    const view = await t.engine.messages(CASE, [bot(kv('Account Tier: Gold\nRefund: 7500'))]);
    const tier = view.fields.find((f) => f.field === 'Account_Tier__c');
    expect(tier).toMatchObject({ refusal: 'not-a-choice', value: 'Gold' });
    expect(tier?.reason).toContain('value map of Account Tier');
    // A refused value is not one of the field's: no console label for it.
    expect(tier?.display).toBeUndefined();
    const refund = view.fields.find((f) => f.field === 'Refund_Amount__c');
    expect(refund).toMatchObject({
      refusal: 'platform',
      reason: "Refunds over 5,000 need a manager's approval.",
    });
  });

  it("writes the bot's value of a kept field alone, over the record's, and journals it", async () => {
    t.sf.record.Account_Tier__c = 'tier_basic';
    const first = await t.engine.messages(CASE, [
      bot(kv('Account Tier: Premium\nAccount Number: AC-2')),
    ]);
    expect(first.fields.find((f) => f.field === 'Account_Tier__c')).toMatchObject({
      outcome: 'skipped',
      reason: 'kept-existing',
      value: 'tier_premium',
      display: 'Premium',
    });
    expect(t.sf.writes).toEqual([{ Account_Number__c: 'AC-2' }]);

    const view = await t.engine.useBotValue(CASE, 'Case', 'Account_Tier__c');
    // Only that field, through the normal write (read first, then read back).
    expect(t.sf.writes).toEqual([
      { Account_Number__c: 'AC-2' },
      { Account_Tier__c: 'tier_premium' },
    ]);
    expect(t.sf.record.Account_Tier__c).toBe('tier_premium');
    expect(view.state).toBe('done');
    const tier = view.fields.find((f) => f.field === 'Account_Tier__c');
    expect(tier?.outcome).toBe('written');
    expect(tier?.verification?.state).toBe('verified');
    expect(tier?.chosenAt).toBeGreaterThan(0);
    // The other fields keep their outcomes and their places.
    expect(view.fields.map((f) => [f.field, f.outcome])).toEqual(
      first.fields.map((f) => [f.field, f.field === 'Account_Tier__c' ? 'written' : f.outcome]),
    );
    const entry = await t.journal.latestFor(recordKey(CASE));
    expect(entry?.fields.find((f) => f.field === 'Account_Tier__c')?.chosenAt).toBe(tier?.chosenAt);
  });

  it('refuses to write a field the handoff did not keep, with a notice', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-3'))]);
    const view = await t.engine.useBotValue(CASE, 'Case', 'Account_Number__c');
    expect(view.notice?.code).toBe('field-not-kept');
    const other = await t.engine.useBotValue(CASE, 'Case', 'Not_A_Field__c');
    expect(other.notice?.code).toBe('field-not-kept');
    expect(t.sf.writes).toHaveLength(1);
  });
});
