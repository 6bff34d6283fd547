import { describe, expect, it } from 'vitest';
import type { FieldOutcome } from '@/lib/handoff/types';
import {
  fieldHasOutcome,
  type JournalFieldOutcome,
  JournalFilters,
  journalFieldOutcomes,
  matchesField,
  matchesFilters,
  matchesStatus,
  needsPredicate,
} from '@/lib/journal/filter';
import {
  customerRefusal,
  entry,
  HOUR,
  kustomerEntry,
  NOW,
  numberWritten,
  prioritySkipped,
  refundRefused,
  tierWritten,
} from './fixtures';

describe('JournalFilters (what a face may send)', () => {
  it('takes a date range, platform, status and field text (trimmed)', () => {
    expect(
      JournalFilters.parse({
        from: NOW - HOUR,
        to: NOW,
        platform: 'kustomer',
        status: 'has-different-fields',
        field: '  tier ',
      }),
    ).toEqual({
      from: NOW - HOUR,
      to: NOW,
      platform: 'kustomer',
      status: 'has-different-fields',
      field: 'tier',
    });
    expect(JournalFilters.parse({})).toEqual({});
  });

  it('refuses what it does not know, an inverted range, and absurd input', () => {
    expect(JournalFilters.safeParse({ platform: 'zendesk' }).success).toBe(false);
    expect(JournalFilters.safeParse({ status: 'anything' }).success).toBe(false);
    expect(JournalFilters.safeParse({ from: 1.5 }).success).toBe(false);
    expect(JournalFilters.safeParse({ field: 'x'.repeat(201) }).success).toBe(false);
    const inverted = JournalFilters.safeParse({ from: NOW, to: NOW - 1 });
    expect(inverted.success).toBe(false);
    expect(JSON.stringify(inverted.error?.issues)).toContain('must come before its end');
  });

  it('says when each entry must be read (anything beyond the date range)', () => {
    expect(needsPredicate({ from: 1, to: 2 })).toBe(false);
    expect(needsPredicate({ field: '' })).toBe(false);
    expect(needsPredicate({ field: 'tier' })).toBe(true);
    expect(needsPredicate({ platform: 'salesforce' })).toBe(true);
    expect(needsPredicate({ status: 'done' })).toBe(true);
  });
});

describe('matchesFilters', () => {
  const at = NOW - HOUR;

  it('keeps the date range, from inclusive and to exclusive', () => {
    expect(matchesFilters(entry({ at }), { from: at, to: at + 1 })).toBe(true);
    expect(matchesFilters(entry({ at }), { from: at + 1 })).toBe(false);
    expect(matchesFilters(entry({ at }), { to: at })).toBe(false);
  });

  it('narrows by platform', () => {
    expect(matchesFilters(kustomerEntry(), { platform: 'kustomer' })).toBe(true);
    expect(matchesFilters(entry(), { platform: 'kustomer' })).toBe(false);
  });

  it('narrows by status: done, pending, failed, refused context, different fields', () => {
    const failed = entry({
      state: 'failed',
      notice: { code: 'session-expired', message: 'expired' },
    });
    const pending = entry({ state: 'pending' });
    const different = entry({
      fields: [
        {
          ...tierWritten,
          verification: { state: 'different', expected: 'a', actual: 'b', at: NOW, by: 'write' },
        },
      ],
    });
    const refused = entry({ fields: [tierWritten, refundRefused] });
    const cases = [
      [entry(), 'done'],
      [pending, 'pending'],
      [failed, 'failed'],
      [customerRefusal(), 'refused-context'],
      [refused, 'has-refused-fields'],
      [different, 'has-different-fields'],
    ] as const;
    for (const [e, status] of cases) {
      for (const [, other] of cases) {
        // `different` and `refused` are also done: the field statuses are independent of it.
        const expected =
          other === status || ((e === different || e === refused) && other === 'done');
        expect(matchesStatus(e, other), `${status} vs ${other}`).toBe(expected);
      }
    }
    // A refused context is failed in the journal but never counted as a failed write.
    expect(matchesFilters(customerRefusal(), { status: 'failed' })).toBe(false);
  });

  it('finds a field by API name or label, any part, any case, among all field outcomes', () => {
    const e = entry({ fields: [tierWritten, numberWritten] });
    expect(matchesField(e, 'account_number__C')).toBe(true);
    expect(matchesField(e, 'tier')).toBe(true);
    expect(matchesField(e, 'ACCOUNT NUMBER')).toBe(true);
    expect(matchesField(e, 'refund')).toBe(false);
    expect(matchesField(e, '   ')).toBe(true);
    // A handoff without field outcomes (a refusal) has no field to match.
    expect(matchesFilters(customerRefusal(), { field: 'tier' })).toBe(false);
  });

  it('matches a field and its outcome on the same field: "Account Tier + refused"', () => {
    const tierRefused = { ...tierWritten, outcome: 'refused' as const, reason: 'not a choice' };
    const refundOnly = entry({ fields: [tierWritten, refundRefused] });
    const tierOnly = entry({ fields: [tierRefused, numberWritten] });
    expect(matchesFilters(tierOnly, { field: 'account tier', outcome: 'refused' })).toBe(true);
    // The tier was written and another field refused: not a match.
    expect(matchesFilters(refundOnly, { field: 'account tier', outcome: 'refused' })).toBe(false);
    expect(matchesFilters(refundOnly, { field: 'account tier', outcome: 'written' })).toBe(true);
    // An outcome alone: any field that came to it.
    expect(matchesFilters(refundOnly, { outcome: 'refused' })).toBe(true);
    expect(matchesFilters(entry(), { outcome: 'refused' })).toBe(false);
    expect(matchesFilters(customerRefusal(), { outcome: 'refused' })).toBe(false);
  });

  it('tells kept from other skips, and reads verified and different from the read-back', () => {
    const kept = { ...prioritySkipped, reason: 'kept-existing' };
    const read = (state: 'verified' | 'different') => ({
      ...tierWritten,
      verification: {
        state,
        expected: 'a',
        actual: state === 'verified' ? 'a' : 'b',
        at: NOW,
        by: 'write' as const,
      },
    });
    const planned = { ...numberWritten, outcome: 'planned' as const };
    const pending = { ...numberWritten, outcome: 'pending' as const };
    const checked = { ...read('verified'), outcome: 'checked' as const };
    const table: [FieldOutcome, JournalFieldOutcome[]][] = [
      [kept, ['skipped', 'kept']],
      [prioritySkipped, ['skipped']],
      [tierWritten, ['written']],
      [refundRefused, ['refused']],
      [read('verified'), ['written', 'verified']],
      [read('different'), ['written', 'different']],
      [planned, ['planned']],
      [pending, ['pending']],
      [checked, ['checked', 'verified']],
    ];
    for (const [field, outcomes] of table) {
      for (const outcome of journalFieldOutcomes) {
        expect(fieldHasOutcome(field, outcome), `${field.field} ${field.reason} ${outcome}`).toBe(
          outcomes.includes(outcome),
        );
      }
    }
  });

  it('takes an outcome only from its list, and reads each entry for it', () => {
    expect(JournalFilters.parse({ field: 'tier', outcome: 'refused' })).toEqual({
      field: 'tier',
      outcome: 'refused',
    });
    expect(JournalFilters.safeParse({ outcome: 'lost' }).success).toBe(false);
    expect(JournalFilters.safeParse({ status: 'has-refused-fields' }).success).toBe(true);
    expect(needsPredicate({ outcome: 'kept' })).toBe(true);
  });

  it('needs every given filter to hold', () => {
    const k = kustomerEntry();
    expect(matchesFilters(k, { platform: 'kustomer', field: 'loyalty', status: 'done' })).toBe(
      true,
    );
    expect(matchesFilters(k, { platform: 'kustomer', field: 'tier__c' })).toBe(false);
  });
});
