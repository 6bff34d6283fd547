import { describe, expect, it } from 'vitest';
import {
  JournalFilters,
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
    const cases = [
      [entry(), 'done'],
      [pending, 'pending'],
      [failed, 'failed'],
      [customerRefusal(), 'refused-context'],
      [different, 'has-different-fields'],
    ] as const;
    for (const [e, status] of cases) {
      for (const [, other] of cases) {
        // `different` is also done: the two statuses are independent.
        const expected = other === status || (e === different && other === 'done');
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

  it('needs every given filter to hold', () => {
    const k = kustomerEntry();
    expect(matchesFilters(k, { platform: 'kustomer', field: 'loyalty', status: 'done' })).toBe(
      true,
    );
    expect(matchesFilters(k, { platform: 'kustomer', field: 'tier__c' })).toBe(false);
  });
});
