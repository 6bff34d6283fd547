/**
 * Verify now in any browser (docs/filling-rules.md, "Verify"; issue 17): a browser whose journal
 * never saw the handoff finds its context on the platform, judges it as a handoff is judged,
 * compares it through its own mappings and journals it as checked only; "mapped after" and
 * "mapping changed" are said only when the journal knows the mappings the handoff used; refused
 * and kept fields are shown as such; Verify never changes a handoff's state.
 */
import { describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { NOT_IN_HANDOFF } from '@/lib/engine/verify-now';
import type { FieldOutcome } from '@/lib/handoff/types';
import type { MappingInput } from '@/lib/mapping/schema';
import type { CandidateMessage } from '@/lib/platforms/types';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { es256Key, sign } from '../context/test-signer';
import { bot, CASE, fakeSalesforce, kv, mappings } from './fake-salesforce';

let n = 0;
async function setup(options: { mapped?: boolean; redaction?: 'none' | 'mask' } = {}) {
  const db = await openHandoffDb(`verify-anywhere-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  if (options.mapped ?? true) for (const m of mappings) await repo.save(m);
  const settings = settingsRepo(db);
  await settings.save({
    format: 'handoff-fields/settings',
    version: 1,
    redaction: options.redaction ?? 'none',
  });
  const journal = journalRepo(db);
  const clock = { t: Date.UTC(2026, 10, 21, 10, 0, 0) };
  const engine = handoffEngine({
    settings,
    mappings: repo,
    catalogs: catalogsRepo(db),
    journal,
    clientFor: () => sf.client,
    now: () => clock.t,
  });
  const entries = async () => {
    const out = [];
    for (let id = 1; ; id++) {
      const entry = await journal.get(id);
      if (!entry) return out;
      out.push(entry);
    }
  };
  return { engine, sf, repo, settings, journal, clock, entries };
}

const byField = (fields: readonly FieldOutcome[], name: string) => {
  const f = fields.find((x) => x.field === name);
  if (!f) throw new Error(`no outcome for ${name}`);
  return f;
};
const customer = (text: string, id: string): CandidateMessage => ({
  platformMessageId: id,
  author: 'customer',
  text,
});

/** The fake platform's conversation API lists every message (as Kustomer's does). */
function listsEveryMessage(sf: ReturnType<typeof fakeSalesforce>, messages: CandidateMessage[]) {
  Object.assign(sf.client, { messagesFromApi: 'complete', listMessages: async () => messages });
}

/** What another agent's browser wrote: the number; the refund someone else set; the tier refused. */
const elsewhere = kv('Account Tier: Gold\nAccount Number: AC-1001\nRefund: 12.5');
function filledElsewhere(sf: ReturnType<typeof fakeSalesforce>) {
  sf.record.Account_Number__c = 'AC-1001';
  sf.record.Refund_Amount__c = 99;
}

describe('Verify now in a browser whose journal never saw the handoff', () => {
  it('finds the bot context among the page messages and labels every field, refused included', async () => {
    const t = await setup();
    filledElsewhere(t.sf);
    const view = await t.engine.verify(CASE, [bot(elsewhere)]);
    expect(view.state).toBe('verify-only');
    expect(view.verifyNotice).toBeUndefined();
    expect(view.context).toMatchObject({ trust: 'bot-authored', messageId: 'm1' });
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'checked',
      value: 'AC-1001',
      verification: { state: 'verified', expected: 'AC-1001', actual: 'AC-1001', by: 'verify-now' },
    });
    // Nothing is known of a keep here: another value on the record is simply different.
    expect(byField(view.fields, 'Refund_Amount__c')).toMatchObject({
      outcome: 'checked',
      verification: { state: 'different', expected: '12.5', actual: '99' },
    });
    // The value map has no 'Gold': refused, with why and the bot's value.
    const tier = byField(view.fields, 'Account_Tier__c');
    expect(tier).toMatchObject({ outcome: 'refused', value: 'Gold', refusal: 'not-a-choice' });
    expect(tier.reason).toMatch(/Gold/);
    expect(tier.verification).toBeUndefined();
    expect(view.fields.some((f) => f.reason === NOT_IN_HANDOFF)).toBe(false);
    expect(t.sf.writes).toEqual([]);

    // Journaled as checked only: no mappings claimed for a handoff written elsewhere.
    const [entry] = await t.entries();
    expect(entry).toMatchObject({ state: 'verify-only', verifiedAt: t.clock.t, messageId: 'm1' });
    expect(entry?.mappingsUsed).toBeUndefined();
    expect(entry?.targets).toEqual([CASE]);
  });

  it('compares again on the next Verify now, and the handoff stays checked only', async () => {
    const t = await setup();
    filledElsewhere(t.sf);
    await t.engine.verify(CASE, [bot(elsewhere)]);
    t.sf.record.Refund_Amount__c = 12.5;
    t.clock.t += 60_000;
    const again = await t.engine.verify(CASE, []);
    expect(again.state).toBe('verify-only');
    expect(byField(again.fields, 'Refund_Amount__c')).toMatchObject({
      outcome: 'checked',
      verification: { state: 'verified', at: t.clock.t },
    });
    expect(again.fields.filter((f) => f.field === 'Refund_Amount__c')).toHaveLength(1);
    expect(await t.entries()).toHaveLength(1);
    expect(t.sf.writes).toEqual([]);
  });

  it('takes a signed context whoever posted it, also after it expired', async () => {
    const t = await setup();
    const key = await es256Key('k1');
    await t.settings.save({
      format: 'handoff-fields/settings',
      version: 1,
      trust: { audiences: ['acme'], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
    });
    const iat = Math.floor(t.clock.t / 1000) - 3600;
    const token = await sign(key, {
      ver: 1,
      iss: 'kore-bot',
      aud: 'acme',
      iat,
      exp: iat + 600,
      jti: 'jti-1',
      conv: CASE.id,
      ctx: { 'Account Number': 'AC-SIGNED' },
    });
    t.sf.record.Account_Number__c = 'AC-SIGNED';
    const view = await t.engine.verify(CASE, [customer(`handoff-context: ${token}`, 's1')]);
    expect(view.context).toMatchObject({ trust: 'signed', issuer: 'kore-bot' });
    expect(byField(view.fields, 'Account_Number__c').verification?.state).toBe('verified');
  });

  it("does not take a customer's refused context, newer than the bot's, as the handoff", async () => {
    const t = await setup();
    filledElsewhere(t.sf);
    const view = await t.engine.verify(CASE, [
      bot(elsewhere, 'm1'),
      customer(kv('Account Number: HACK'), 'm2'),
    ]);
    expect(view.context?.messageId).toBe('m1');
    expect(byField(view.fields, 'Account_Number__c').verification).toMatchObject({
      state: 'verified',
      expected: 'AC-1001',
    });
  });

  it('compares nothing, and journals nothing, when the only context found was refused', async () => {
    const t = await setup();
    filledElsewhere(t.sf);
    const view = await t.engine.verify(CASE, [customer(elsewhere, 'm2')]);
    expect(view.verifyNotice?.code).toBe('nothing-to-verify');
    expect(view.verifyNotice?.message).toMatch(/was not used/);
    expect(view.fields).toEqual([]);
    expect(await t.entries()).toEqual([]);
  });

  it('refuses a message the page saw edited, and an unsigned bot context that echoes the customer', async () => {
    const t = await setup();
    const edited = await t.engine.verify(CASE, [{ ...bot(elsewhere), edited: true }]);
    expect(edited.verifyNotice?.message).toMatch(/edited after it was posted/);
    // The conversation API lists the customer's text first, then a bot message repeating it.
    const said = kv('Account Number: AC-EVIL');
    listsEveryMessage(t.sf, [customer(said, 'c1'), bot(said, 'b1')]);
    const echoed = await t.engine.verify(CASE, []);
    expect(echoed.verifyNotice?.message).toMatch(/was not used/);
    expect(await t.entries()).toEqual([]);
  });

  it('finds the context in the conversation API when the page shows none', async () => {
    const t = await setup();
    filledElsewhere(t.sf);
    listsEveryMessage(t.sf, [bot(elsewhere, 'api-1')]);
    const view = await t.engine.verify(CASE, []);
    expect(view.context).toMatchObject({ messageId: 'api-1', source: 'api-messages' });
    expect(byField(view.fields, 'Account_Number__c').verification?.state).toBe('verified');
  });

  it('keeps what it read masked when the journal is redacted', async () => {
    const t = await setup({ redaction: 'mask' });
    filledElsewhere(t.sf);
    const view = await t.engine.verify(CASE, [bot(elsewhere)]);
    expect(byField(view.fields, 'Refund_Amount__c').verification).toMatchObject({
      state: 'different',
      actual: '••',
    });
    const [entry] = await t.entries();
    expect(entry?.text).toBe('');
    expect(JSON.stringify(entry)).not.toContain('AC-1001');
  });
});

describe('a handoff this browser took in before it had mappings (they came later)', () => {
  it('is compared once the mappings are here: fields labelled, not "mapped after it"; notice gone; not failed', async () => {
    const t = await setup({ mapped: false });
    const first = await t.engine.messages(CASE, [bot(elsewhere)]);
    expect(first).toMatchObject({ state: 'failed', notice: { code: 'no-mappings' } });
    for (const m of mappings) await t.repo.save(m);
    filledElsewhere(t.sf);
    const view = await t.engine.verify(CASE, []);
    expect(view.state).toBe('verify-only');
    expect(view.notice).toBeUndefined();
    expect(view.verifyNotice).toBeUndefined();
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'checked',
      verification: { state: 'verified' },
    });
    expect(byField(view.fields, 'Account_Tier__c')).toMatchObject({
      outcome: 'refused',
      value: 'Gold',
    });
    expect(view.fields.some((f) => f.reason === NOT_IN_HANDOFF)).toBe(false);
    expect(t.sf.writes).toEqual([]);
    expect(await t.entries()).toHaveLength(1);
  });
});

describe('the mappings a handoff used', () => {
  const numberLower: MappingInput = { ...mappings[1], transforms: ['lower'] } as MappingInput;

  it('are recorded when the handoff is written, and a changed one is named as changed', async () => {
    const t = await setup();
    await t.engine.messages(CASE, [bot(kv('Account Tier: Premium\nAccount Number: AC-1001'))]);
    const [written] = await t.entries();
    expect(written?.mappingsUsed?.map((m) => m.id).sort()).toEqual(['number', 'refund', 'tier']);
    expect(written?.mappingsUsed?.every((m) => /^[0-9a-f]{16}$/.test(m.digest))).toBe(true);

    await t.repo.save(numberLower);
    const view = await t.engine.verify(CASE);
    expect(view.state).toBe('done');
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'written',
      verification: { state: 'different', expected: 'ac-1001', mappingChanged: true },
    });
    expect(byField(view.fields, 'Account_Tier__c').verification).toEqual(
      expect.not.objectContaining({ mappingChanged: true }),
    );
  });

  it('make no claim when the journal does not know them (an older entry): the field is compared', async () => {
    const t = await setup();
    await t.repo.remove('refund');
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1001\nRefund: 12.5'))]);
    const [entry] = await t.entries();
    if (entry?.id === undefined) throw new Error('no entry');
    const { mappingsUsed: _known, ...older } = entry;
    await t.journal.update({ ...older, id: entry.id });
    await t.repo.save(mappings[2] as MappingInput);
    await t.repo.save(numberLower);
    t.sf.record.Refund_Amount__c = 12.5;
    const view = await t.engine.verify(CASE);
    expect(byField(view.fields, 'Refund_Amount__c')).toMatchObject({
      outcome: 'checked',
      verification: { state: 'verified' },
    });
    expect(byField(view.fields, 'Account_Number__c').verification).toEqual(
      expect.not.objectContaining({ mappingChanged: true }),
    );
    expect(view.state).toBe('done');
  });

  it('say "mapped after it" of a field whose mapping the handoff did not use', async () => {
    const t = await setup();
    await t.repo.remove('refund');
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1001\nRefund: 12.5'))]);
    await t.repo.save(mappings[2] as MappingInput);
    t.sf.record.Refund_Amount__c = 12.5;
    const view = await t.engine.verify(CASE);
    expect(byField(view.fields, 'Refund_Amount__c')).toMatchObject({
      outcome: 'skipped',
      reason: NOT_IN_HANDOFF,
      verification: { state: 'verified' },
    });
  });
});

describe('Verify on a handoff this browser wrote', () => {
  it("shows a kept field as kept, with the record's value, and a done handoff stays done", async () => {
    const t = await setup();
    t.sf.record.Account_Number__c = 'TYPED-BY-AGENT';
    await t.engine.messages(CASE, [bot(kv('Account Tier: Gold\nAccount Number: AC-1001'))]);
    const view = await t.engine.verify(CASE);
    expect(view.state).toBe('done');
    expect(byField(view.fields, 'Account_Number__c')).toMatchObject({
      outcome: 'skipped',
      reason: 'kept-existing',
      verification: { state: 'different', actual: 'TYPED-BY-AGENT' },
    });
    expect(byField(view.fields, 'Account_Tier__c')).toMatchObject({
      outcome: 'refused',
      value: 'Gold',
    });
    expect(t.sf.writes).toEqual([]);
  });
});
