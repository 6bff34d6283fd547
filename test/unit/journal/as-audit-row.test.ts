import { describe, expect, it } from 'vitest';
import { summarise } from '@/lib/audit/summary';
import type { FieldOutcome } from '@/lib/handoff/types';
import { asAuditRow, type EntryForAudit, fieldAudit } from '@/lib/journal/as-audit-row';
import { handoffStatus } from '@/lib/journal/summary';
import type { JournalEntry } from '@/lib/store/journal-schema';
import {
  CASE,
  customerRefusal,
  entry,
  NOW,
  prioritySkipped,
  refundRefused,
  SESSION,
  tierWritten,
} from './fixtures';

const row = (e: JournalEntry) => asAuditRow({ ...e, status: handoffStatus(e) });
const read = (state: 'verified' | 'different', actual: string | null) => ({
  state,
  expected: 'tier_premium',
  actual,
  at: NOW,
  by: 'verify-now' as const,
});

describe('fieldAudit: a journal field as the audit counts it', () => {
  const cases: [string, FieldOutcome, string | undefined][] = [
    [
      'written and verified',
      { ...tierWritten, verification: read('verified', 'tier_premium') },
      'expected',
    ],
    [
      'read back with another value',
      { ...tierWritten, verification: read('different', 'tier_basic') },
      'different',
    ],
    ['read back empty', { ...tierWritten, verification: read('different', null) }, 'missing'],
    ['written, not read back', tierWritten, 'expected'],
    ['skipped: the record held it already', prioritySkipped, 'expected'],
    [
      'skipped: the record kept another value',
      { ...prioritySkipped, reason: 'kept-existing' },
      'different',
    ],
    ['refused', refundRefused, 'refused'],
    [
      'refused, even when read back',
      { ...refundRefused, verification: read('verified', '7500') },
      'refused',
    ],
    ['pending: not sent yet', { ...tierWritten, outcome: 'pending' }, 'missing'],
    ['planned: waiting for the agent', { ...tierWritten, outcome: 'planned' }, 'missing'],
    ['skipped: the context gave no value', { ...prioritySkipped, reason: 'empty' }, undefined],
  ];
  for (const [what, field, state] of cases) {
    it(`${what} → ${state ?? 'not counted'}`, () => {
      expect(fieldAudit(field, 'Case')?.state).toBe(state);
    });
  }

  it('keeps what the context said and what the record held, and why a field was refused', () => {
    expect(
      fieldAudit({ ...tierWritten, verification: read('different', 'tier_basic') }, 'Case'),
    ).toEqual({
      object: 'Case',
      field: 'Account_Tier__c',
      label: 'Account Tier',
      state: 'different',
      expected: 'tier_premium',
      actual: 'tier_basic',
    });
    expect(fieldAudit({ ...refundRefused, object: undefined }, 'Case')).toEqual({
      object: 'Case',
      field: 'Refund_Amount__c',
      label: 'Refund Amount',
      state: 'refused',
      expected: '7500',
      actual: null,
      reason: "Refunds over 5,000 need a manager's approval.",
    });
  });
});

describe('asAuditRow: the record', () => {
  it('the worst of its fields, as the audit says it', () => {
    expect(row(entry()).state).toBe('as-expected');
    expect(row(entry({ fields: [tierWritten, refundRefused] })).state).toBe('refused');
    expect(
      row(entry({ fields: [tierWritten, { ...tierWritten, outcome: 'pending' }] })).state,
    ).toBe('missing');
    expect(
      row(
        entry({
          fields: [refundRefused, { ...tierWritten, verification: read('different', 'x') }],
        }),
      ).state,
    ).toBe('different');
  });

  it('a refused context is refused; no field counted: unreadable when it failed, else no context', () => {
    expect(row(customerRefusal()).state).toBe('refused');
    expect(
      row(
        entry({
          fields: [],
          state: 'failed',
          notice: { code: 'session-expired', message: 'Sign in again.' },
        }),
      ).state,
    ).toBe('unreadable');
    expect(row(entry({ fields: [{ ...prioritySkipped, reason: 'empty' }] })).state).toBe(
      'no-context',
    );
  });

  it('the bot: the signer, else where the context came from, else who posted it', () => {
    const base = entry();
    expect(row(base).bot).toBe('bot');
    expect(
      row(
        entry({
          context: {
            ...(base.context as NonNullable<JournalEntry['context']>),
            form: 'signed',
            trust: 'signed',
            issuer: 'acme-bot',
          },
        }),
      ).bot,
    ).toBe('acme-bot');
    expect(
      row(
        entry({
          source: 'record-field',
          sourceDetail: 'Case.Handoff__c',
          context: {
            ...(base.context as NonNullable<JournalEntry['context']>),
            source: 'record-field',
            sourceDetail: 'Case.Handoff__c',
          },
        }),
      ).bot,
    ).toBe('Case.Handoff__c');
    expect(row(customerRefusal()).bot).toBe('customer');
  });

  it('named as the console names the record written: the Case behind a MessagingSession', () => {
    const onSession = entry({
      record: SESSION,
      targets: [CASE],
      recordNames: { [`salesforce:acme:Case:${CASE.id}`]: '00001026' },
    });
    expect(row(onSession)).toMatchObject({ record: SESSION, name: '00001026' });
    expect(row(entry()).name).toBe(CASE.id);
  });

  it("summed up by the audit's own summarise: the rates per field and per bot", () => {
    const entries: EntryForAudit[] = [
      entry(),
      entry({
        messageId: 'm2',
        fields: [{ ...tierWritten, verification: read('different', 'tier_basic') }],
      }),
      entry({ messageId: 'm3', fields: [refundRefused] }),
      customerRefusal(),
    ].map((e) => ({ ...e, status: handoffStatus(e) }));
    const summary = summarise(entries.map(asAuditRow));
    expect(summary.records).toBe(4);
    expect(summary.byState).toEqual({ 'as-expected': 1, different: 1, refused: 2 });
    expect(summary.fields.find((f) => f.field === 'Account_Tier__c')).toMatchObject({
      total: 2,
      counts: { expected: 1, different: 1, missing: 0, refused: 0 },
    });
    expect(summary.bots).toEqual([
      { bot: 'bot', records: 3, counts: { 'as-expected': 1, different: 1, refused: 1 } },
      { bot: 'customer', records: 1, counts: { refused: 1 } },
    ]);
  });
});
