/**
 * Verify (docs/filling-rules.md, "Verify"): the read-back after each write, and "Verify now" on a record's latest
 * trusted handoff, through the engine with a fake Salesforce and a real (fake-indexeddb) journal.
 */
import { describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { NOT_IN_HANDOFF } from '@/lib/engine/verify-now';
import type { FieldOutcome } from '@/lib/handoff/types';
import { PlatformError } from '@/lib/platforms/platform-client';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { bot, CASE, fakeSalesforce, kv, mappings } from './fake-salesforce';

let n = 0;
async function setup(redaction: 'none' | 'mask' = 'none') {
  const db = await openHandoffDb(`verify-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const settings = settingsRepo(db);
  await settings.save({ format: 'handoff-fields/settings', version: 1, redaction });
  const clock = { t: Date.UTC(2026, 10, 21, 10, 0, 0) };
  const engine = handoffEngine({
    settings,
    mappings: repo,
    catalogs: catalogsRepo(db),
    journal: journalRepo(db),
    clientFor: () => sf.client,
    now: () => clock.t,
  });
  return { engine, sf, repo, clock };
}

const byField = (fields: FieldOutcome[], name: string) => {
  const f = fields.find((x) => x.field === name);
  if (!f) throw new Error(`no outcome for ${name}`);
  return f;
};

const handoff = kv('Account Tier: Premium\nAccount Number: AC-1001');

describe('verify after the write', () => {
  it('reads the written fields back and marks them verified', async () => {
    const t = await setup();
    const view = await t.engine.messages(CASE, [bot(handoff)]);
    expect(byField(view.fields, 'Account_Tier__c').verification).toEqual({
      state: 'verified',
      expected: 'tier_premium',
      actual: 'tier_premium',
      at: t.clock.t,
      by: 'write',
    });
    expect(byField(view.fields, 'Account_Number__c').verification?.state).toBe('verified');
    // An empty value says nothing about the record: not compared.
    expect(byField(view.fields, 'Refund_Amount__c').verification).toBeUndefined();
    expect(view.verifiedAt).toBe(t.clock.t);
  });

  it('marks a field different, with both values, when the platform stored another value', async () => {
    const t = await setup();
    // A platform automation (a trigger) rewrites the number right after the write.
    const write = t.sf.client.write.bind(t.sf.client);
    t.sf.client.write = async (target, values, version) => {
      const result = await write(target, values, version);
      t.sf.record.Account_Number__c = 'AC-1001-NORMALISED';
      return result;
    };
    const view = await t.engine.messages(CASE, [bot(handoff)]);
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'written',
      verification: { state: 'different', expected: 'AC-1001', actual: 'AC-1001-NORMALISED' },
    });
  });

  it('keeps the write when the read-back fails, and says the fields were not checked', async () => {
    const t = await setup();
    let reads = 0;
    const read = t.sf.client.read.bind(t.sf.client);
    t.sf.client.read = async (target, names) => {
      reads++;
      if (reads === 2) throw new PlatformError('network', 'Salesforce could not be reached.');
      return read(target, names);
    };
    const view = await t.engine.messages(CASE, [bot(handoff)]);
    expect(view.state).toBe('done');
    expect(t.sf.writes).toHaveLength(1);
    expect(byField(view.fields, 'Account_Number__c').outcome).toBe('written');
    expect(byField(view.fields, 'Account_Number__c').verification).toBeUndefined();
    expect(view.verifyNotice?.message).toMatch(
      /written, but reading them back to verify failed: Salesforce could not be reached\. Press Verify now/,
    );
  });

  it('compares a value kept under fill-empty with what the context said', async () => {
    const t = await setup();
    t.sf.record.Account_Number__c = 'TYPED-BY-AGENT';
    const view = await t.engine.messages(CASE, [bot(handoff)]);
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'skipped',
      reason: 'kept-existing',
      verification: { state: 'different', expected: 'AC-1001', actual: 'TYPED-BY-AGENT' },
    });
  });
});

describe('Verify now', () => {
  it('finds a field changed on the platform after the write, and it verifies again once restored', async () => {
    const t = await setup();
    await t.engine.messages(CASE, [bot(handoff)]);
    t.sf.record.Account_Number__c = 'CHANGED-LATER';
    t.clock.t += 60_000;
    const view = await t.engine.verify(CASE);
    expect(byField(view.fields, 'Account_Number__c').verification).toEqual({
      state: 'different',
      expected: 'AC-1001',
      actual: 'CHANGED-LATER',
      at: t.clock.t,
      by: 'verify-now',
    });
    expect(byField(view.fields, 'Account_Tier__c').verification?.state).toBe('verified');
    expect(view.verifiedAt).toBe(t.clock.t);
    // Verify writes nothing.
    expect(t.sf.writes).toHaveLength(1);
    // The journal keeps it: the widget's next view shows it.
    const again = await t.engine.view(CASE);
    expect(byField(again.fields, 'Account_Number__c').verification?.state).toBe('different');

    t.sf.record.Account_Number__c = 'AC-1001';
    const fixed = await t.engine.verify(CASE);
    expect(byField(fixed.fields, 'Account_Number__c').verification?.state).toBe('verified');
  });

  it('says there is nothing to verify when no trusted context was seen', async () => {
    const t = await setup();
    const view = await t.engine.verify(CASE);
    expect(view.verifyNotice?.code).toBe('nothing-to-verify');
    await t.engine.messages(CASE, [
      { ...bot(kv('Account Number: HACK'), 'm9'), author: 'customer' },
    ]);
    expect((await t.engine.verify(CASE)).verifyNotice?.code).toBe('nothing-to-verify');
  });

  it('verifies against the trusted handoff even after a later refused context', async () => {
    const t = await setup();
    await t.engine.messages(CASE, [bot(handoff)]);
    await t.engine.messages(CASE, [
      { ...bot(kv('Account Number: HACK'), 'm9'), author: 'customer' },
    ]);
    const view = await t.engine.verify(CASE);
    expect(view.verifyNotice).toBeUndefined();
    expect(byField(view.fields, 'Account_Number__c').verification).toMatchObject({
      state: 'verified',
      expected: 'AC-1001',
    });
  });

  it('compares a field mapped after the handoff, marked as not part of it', async () => {
    const t = await setup();
    await t.repo.remove('refund');
    const first = await t.engine.messages(CASE, [bot(kv('Account Number: AC-1001\nRefund: 12.5'))]);
    expect(first.fields.map((f) => f.field)).not.toContain('Refund_Amount__c');
    await t.repo.save(mappings[2]);
    t.sf.record.Refund_Amount__c = 12.5;
    const view = await t.engine.verify(CASE);
    expect(byField(view.fields, 'Refund_Amount__c')).toMatchObject({
      outcome: 'skipped',
      reason: NOT_IN_HANDOFF,
      verification: { state: 'verified', expected: '12.5', actual: '12.5' },
    });
    expect(t.sf.writes).toHaveLength(1);
  });

  it('names a platform failure and keeps the earlier verification', async () => {
    const t = await setup();
    await t.engine.messages(CASE, [bot(handoff)]);
    t.sf.client.read = async () => {
      throw new PlatformError('session-expired', 'Your Salesforce session expired. Sign in again.');
    };
    const view = await t.engine.verify(CASE);
    expect(view.verifyNotice).toEqual({
      code: 'session-expired',
      message: 'The fields could not be verified: Your Salesforce session expired. Sign in again.',
    });
    expect(byField(view.fields, 'Account_Number__c').verification?.by).toBe('write');
  });

  describe('a redacted journal', () => {
    it('asks for the message when the page does not show it', async () => {
      const t = await setup('mask');
      await t.engine.messages(CASE, [bot(handoff)]);
      const view = await t.engine.verify(CASE, []);
      expect(view.verifyNotice?.code).toBe('context-redacted');
      expect(view.verifyNotice?.message).toMatch(/Scroll the conversation/);
    });

    it('finds the context among the page messages by digest, and keeps what it read redacted', async () => {
      const t = await setup('mask');
      await t.engine.messages(CASE, [bot(handoff)]);
      t.sf.record.Account_Number__c = 'CHANGED-LATER';
      const view = await t.engine.verify(CASE, [
        bot(kv('Account Number: AC-0000'), 'other'),
        bot(handoff),
      ]);
      expect(view.verifyNotice).toBeUndefined();
      expect(byField(view.fields, 'Account_Number__c').verification).toMatchObject({
        state: 'different',
        expected: 'A•••••1',
        actual: 'C•••••••••••R',
      });
    });

    it('does not take a look-alike message for the redacted one', async () => {
      const t = await setup('mask');
      await t.engine.messages(CASE, [bot(handoff)]);
      const view = await t.engine.verify(CASE, [bot(`${handoff} `)]);
      expect(view.verifyNotice?.code).toBe('context-redacted');
    });
  });
});
