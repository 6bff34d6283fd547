import { beforeEach, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import type { MappingInput } from '@/lib/mapping/schema';
import { PlatformError } from '@/lib/platforms/platform-client';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { es256Key, sign, type TestKey } from '../context/test-signer';
import { bot, CASE, fakeSalesforce, kv, mappings, SESSION } from './fake-salesforce';

let n = 0;
async function setup() {
  const db = await openHandoffDb(`engine-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const settings = settingsRepo(db);
  const engine = handoffEngine({
    settings,
    mappings: repo,
    catalogs: catalogsRepo(db),
    journal: journalRepo(db),
    clientFor: () => sf.client,
  });
  return { engine, sf, repo, settings };
}

describe('handoff engine', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('writes every mapped value of a bot context in one update', async () => {
    const view = await t.engine.messages(CASE, [
      bot(kv('Account Tier: Premium\nAccount Number: AC-1001')),
    ]);
    expect(view.state).toBe('done');
    expect(t.sf.writes).toEqual([
      { Account_Tier__c: 'tier_premium', Account_Number__c: 'AC-1001' },
    ]);
    expect(view.fields.map((f) => [f.field, f.outcome, f.reason])).toEqual([
      ['Account_Number__c', 'written', undefined],
      ['Refund_Amount__c', 'skipped', 'empty'],
      ['Account_Tier__c', 'written', undefined],
    ]);
    expect(view.context?.trust).toBe('bot-authored');
  });

  it('retries once without the field the platform refused, so the others land', async () => {
    const view = await t.engine.messages(CASE, [bot(kv('Account Tier: Premium\nRefund: 7500'))]);
    expect(t.sf.writes).toHaveLength(2);
    expect(t.sf.writes[1]).toEqual({ Account_Tier__c: 'tier_premium' });
    expect(t.sf.record.Account_Tier__c).toBe('tier_premium');
    const refund = view.fields.find((f) => f.field === 'Refund_Amount__c');
    expect(refund).toMatchObject({
      outcome: 'refused',
      reason: "Refunds over 5,000 need a manager's approval.",
    });
  });

  it('handles the same message once, and a MessagingSession context shows on its Case too', async () => {
    await t.engine.messages(SESSION, [bot(kv('Account Number: AC-1'))]);
    await t.engine.messages(SESSION, [bot(kv('Account Number: AC-1'))]);
    const onCase = await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'))]);
    expect(t.sf.writes).toHaveLength(1);
    expect(onCase.targets).toEqual([CASE]);
    expect(onCase.fields.find((f) => f.field === 'Account_Number__c')?.outcome).toBe('written');
  });

  it('shows a handoff run from the Case tab on its MessagingSession tab too', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-7'))]);
    const onSession = await t.engine.open(SESSION);
    expect(onSession.state).toBe('done');
    expect(onSession.context?.values).toMatchObject({ 'Account Number': 'AC-7' });
    expect(onSession.fields.find((f) => f.field === 'Account_Number__c')?.outcome).toBe('written');
  });

  it('asks the platform for a MessagingSession’s Case once, not on every view', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-8'))]);
    const resolve = t.sf.client.resolveTargets.bind(t.sf.client);
    let asked = 0;
    t.sf.client.resolveTargets = async (r) => {
      asked += 1;
      return resolve(r);
    };
    await t.engine.open(SESSION);
    await t.engine.open(SESSION);
    expect((await t.engine.open(SESSION)).state).toBe('done');
    expect(asked).toBe(1);
  });

  it('waits on a MessagingSession whose Case has no handoff, or that has no Case yet', async () => {
    expect((await t.engine.open(SESSION)).state).toBe('waiting');
    t.sf.client.resolveTargets = async () => {
      throw new PlatformError('record-unresolved', 'This messaging session has no Case yet.');
    };
    expect((await t.engine.open(SESSION)).state).toBe('waiting');
  });

  it('leaves out a reserved key and writes the rest of the context, naming the key on the view', async () => {
    const view = await t.engine.messages(CASE, [
      bot('handoff-context\n{"__proto__": {"polluted": 1}, "account": {"number": "AC-7"}}'),
    ]);
    expect(t.sf.writes).toEqual([{ Account_Number__c: 'AC-7' }]);
    expect(view.state).toBe('done');
    expect(view.context?.dropped).toEqual([
      "Handoff context key '__proto__' was left out: __proto__, constructor and prototype are reserved",
    ]);
    expect(view.notice).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an unverified context typed by the customer and writes nothing', async () => {
    const view = await t.engine.messages(CASE, [
      { ...bot(kv('Account Number: HACK')), author: 'customer' },
    ]);
    expect(t.sf.writes).toHaveLength(0);
    expect(view.notice?.code).toBe('context-untrusted');
    expect(view.notice?.message).toMatch(
      /posted by the customer, not by the bot, so nothing was written/,
    );
    expect(view.context?.trust).toBe('unverified');
  });

  describe('signed contexts', () => {
    let key: TestKey;
    const nowSec = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      ver: 1,
      iss: 'kore-bot',
      aud: 'acme',
      iat: nowSec(),
      exp: nowSec() + 600,
      jti: 'jti-1',
      conv: CASE.id,
      ctx: { 'Account Number': 'AC-SIGNED' },
      ...over,
    });
    const signed = async (over?: Record<string, unknown>, id = 's1') => ({
      platformMessageId: id,
      author: 'customer' as const, // external bots post as the end user: only a signature vouches
      text: `handoff-context: ${await sign(key, claims(over))}`,
    });

    beforeEach(async () => {
      key = await es256Key('2026-11');
      const saved = await t.settings.save({
        format: 'handoff-fields/settings',
        version: 1,
        trust: { audiences: ['acme'], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
      });
      expect(saved.ok).toBe(true);
    });

    it('fills fields from a verified context whoever posted it, and names the issuer', async () => {
      const view = await t.engine.messages(CASE, [await signed()]);
      expect(t.sf.record.Account_Number__c).toBe('AC-SIGNED');
      expect(view.context).toMatchObject({ form: 'signed', trust: 'signed', issuer: 'kore-bot' });
    });

    it('refuses an expired token, a replayed jti and a context for another conversation', async () => {
      const expired = await t.engine.messages(CASE, [
        await signed({ exp: nowSec() - 600, iat: nowSec() - 900 }, 'e'),
      ]);
      expect(expired.notice).toMatchObject({
        code: 'context-signature',
        message: expect.stringMatching(/expired/),
      });
      await t.engine.messages(CASE, [await signed({}, 'first')]);
      const replay = await t.engine.messages(CASE, [
        await signed({ ctx: { 'Account Number': 'AC-REPLAY' } }, 'second'),
      ]);
      // Shown under the handoff that was used (the panel's state stays that handoff's).
      expect(replay.newerRefusal?.message).toMatch(/already used/);
      const other = await t.engine.messages(CASE, [
        await signed({ jti: 'jti-2', conv: '5005g00000OtHeRAAA' }, 'o'),
      ]);
      expect(other.newerRefusal?.message).toMatch(/another conversation/);
      expect(t.sf.record.Account_Number__c).toBe('AC-SIGNED');
      expect(t.sf.writes).toHaveLength(1);
    });

    it('lets Retry run the same signed message again', async () => {
      t.sf.failWith(new PlatformError('network', 'Could not reach acme.my.salesforce.com.'));
      const failed = await t.engine.messages(CASE, [await signed()]);
      // A network failure waits in the write queue; Retry tries it now.
      expect(failed.state).toBe('pending');
      expect(failed.queue?.[0]).toMatchObject({ state: 'retrying', attempts: 1 });
      const retried = await t.engine.retry(CASE);
      expect(retried.state).toBe('done');
      expect(t.sf.record.Account_Number__c).toBe('AC-SIGNED');
    });

    it('under "signed only", refuses an unsigned context even from the bot', async () => {
      const current = await t.settings.get();
      await t.settings.save({ ...current, trust: { ...current.trust, policy: 'signed-only' } });
      const view = await t.engine.messages(CASE, [bot(kv('Account Number: AC-KV'))]);
      expect(view.notice?.code).toBe('context-policy');
      expect(view.context?.trust).toBe('unverified');
      expect(t.sf.writes).toHaveLength(0);
    });
  });

  it('reports a malformed context with the parser error', async () => {
    const view = await t.engine.messages(CASE, [bot('#handoff\n{"Account Number": ')]);
    expect(view.notice?.code).toBe('context-invalid');
    expect(view.notice?.message).toMatch(/Nothing was written/);
  });

  it('says that no mappings exist instead of doing nothing', async () => {
    for (const m of mappings) await t.repo.remove(m.id as string);
    const view = await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'))]);
    expect(view.notice?.code).toBe('no-mappings');
  });

  it('keeps a failed write visible and writes it on Retry', async () => {
    t.sf.failWith(new PlatformError('session-expired', 'Your Salesforce session has expired.'));
    const failed = await t.engine.messages(CASE, [bot(kv('Account Number: AC-9'))]);
    expect(failed.state).toBe('failed');
    expect(failed.notice?.code).toBe('session-expired');
    expect(failed.fields.find((f) => f.field === 'Account_Number__c')?.outcome).toBe('refused');
    const retried = await t.engine.retry(CASE);
    expect(retried.state).toBe('done');
    expect(t.sf.record.Account_Number__c).toBe('AC-9');
  });

  it('uses a mapping edited after the first handoff for the next one', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'), 'm1')]);
    await t.repo.save({ ...mappings[1], sources: ['Customer Ref'] } as MappingInput);
    await t.engine.messages(CASE, [bot(kv('Customer Ref: CR-2'), 'm2')]);
    expect(t.sf.record.Account_Number__c).toBe('AC-1'); // fill-empty keeps the first value
    await t.repo.save({
      ...mappings[1],
      sources: ['Customer Ref'],
      policy: 'overwrite',
    } as MappingInput);
    await t.engine.messages(CASE, [bot(kv('Customer Ref: CR-3'), 'm3')]);
    expect(t.sf.record.Account_Number__c).toBe('CR-3');
  });

  it('reads and plans again when the record changed between the read and the write', async () => {
    t.sf.conflictWith({ Account_Number__c: 'TYPED-MEANWHILE' });
    const view = await t.engine.messages(CASE, [
      bot(kv('Account Number: AC-5\nAccount Tier: Premium')),
    ]);
    expect(t.sf.writes).toEqual([
      { Account_Number__c: 'AC-5', Account_Tier__c: 'tier_premium' },
      { Account_Tier__c: 'tier_premium' },
    ]);
    expect(t.sf.record.Account_Number__c).toBe('TYPED-MEANWHILE');
    expect(view.fields.find((f) => f.field === 'Account_Number__c')?.reason).toBe('kept-existing');
  });
});
