import { describe, expect, it } from 'vitest';
import {
  fieldCounts,
  handoffStatus,
  hasDifferentFields,
  hasRefusedFields,
  journalRow,
} from '@/lib/journal/summary';
import {
  CASE,
  customerRefusal,
  entry,
  kustomerEntry,
  NOW,
  numberWritten,
  prioritySkipped,
  refundRefused,
  SESSION,
  tierWritten,
} from './fixtures';

describe('handoffStatus', () => {
  it('is the entry’s state for a context that was used', () => {
    expect(handoffStatus(entry())).toBe('done');
    expect(handoffStatus(entry({ state: 'pending' }))).toBe('pending');
    // A write that failed (session, validation) is a failure, not a refused context.
    expect(
      handoffStatus(
        entry({
          state: 'failed',
          notice: { code: 'session-expired', message: 'Your Salesforce session has expired.' },
        }),
      ),
    ).toBe('failed');
  });

  it('is refused when the context was not trusted or was refused, whatever the state says', () => {
    expect(handoffStatus(customerRefusal())).toBe('refused');
    const base = entry().context;
    if (!base) throw new Error('the fixture has a context');
    const spoof = entry({
      context: { ...base, trust: 'refused' },
      fields: [],
      state: 'failed',
    });
    expect(handoffStatus(spoof)).toBe('refused');
  });

  it('is refused for a refusal without any context read (malformed, edited, a bad postMessage)', () => {
    for (const code of [
      'context-invalid',
      'context-edited',
      'post-message-conversation',
    ] as const) {
      expect(
        handoffStatus(
          entry({
            context: undefined,
            fields: [],
            state: 'failed',
            notice: { code, message: 'x' },
          }),
        ),
      ).toBe('refused');
    }
    // A redacted context is not a refusal.
    expect(
      handoffStatus(entry({ notice: { code: 'context-redacted', message: 'x' }, state: 'done' })),
    ).toBe('done');
  });
});

describe('fieldCounts', () => {
  it('counts each outcome, and the read-back states beside them', () => {
    const verified = {
      ...tierWritten,
      verification: {
        state: 'verified' as const,
        expected: 'tier_premium',
        actual: 'tier_premium',
        at: NOW,
        by: 'write' as const,
      },
    };
    const different = {
      ...numberWritten,
      verification: {
        state: 'different' as const,
        expected: 'AC-20931',
        actual: 'AC-99999',
        at: NOW,
        by: 'verify-now' as const,
      },
    };
    expect(fieldCounts([verified, different, refundRefused, prioritySkipped])).toEqual({
      written: 2,
      skipped: 1,
      refused: 1,
      pending: 0,
      planned: 0,
      checked: 0,
      verified: 1,
      different: 1,
    });
    expect(hasDifferentFields({ fields: [verified, different] })).toBe(true);
    expect(hasDifferentFields({ fields: [verified] })).toBe(false);
    expect(hasRefusedFields({ fields: [verified, refundRefused] })).toBe(true);
    expect(hasRefusedFields({ fields: [verified, prioritySkipped] })).toBe(false);
  });
});

describe('journalRow', () => {
  it('is the table’s line: when, where, the record’s address, source, trust, status and counts', () => {
    const row = journalRow({ ...entry({ fields: [tierWritten, refundRefused] }), id: 7 });
    expect(row).toEqual({
      id: 7,
      at: NOW - 3_600_000,
      platform: 'salesforce',
      org: 'acme',
      record: CASE,
      recordUrl: `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`,
      source: 'transcript',
      trust: 'bot-authored',
      form: 'key-value',
      status: 'done',
      counts: {
        written: 1,
        skipped: 0,
        refused: 1,
        pending: 0,
        planned: 0,
        checked: 0,
        verified: 0,
        different: 0,
      },
    });
  });

  it('names the records as the console does, and the Case written behind the session opened', () => {
    const caseKey = `salesforce:acme:Case:${CASE.id}`;
    const row = journalRow({
      ...entry({ record: SESSION, targets: [CASE], recordNames: { [caseKey]: '00001026' } }),
      id: 3,
    });
    expect(row).toMatchObject({
      record: SESSION,
      target: CASE,
      names: { [caseKey]: 'Case 00001026' },
    });
    const k = journalRow({
      ...kustomerEntry({
        recordNames: { 'kustomer:acme:customer:6650f00dc3d4e5f60123cc01': 'Jamie Customer' },
      }),
      id: 4,
    });
    // The conversation is the record opened and the first written: no `target` beside it.
    expect(k).not.toHaveProperty('target');
    expect(k.names).toEqual({
      'kustomer:acme:conversation:6650f00dc3d4e5f60123aa01': 'conversation with Jamie Customer',
      'kustomer:acme:customer:6650f00dc3d4e5f60123cc01': 'customer Jamie Customer',
    });
    expect(journalRow({ ...entry(), id: 5 })).not.toHaveProperty('names');
  });

  it('keeps the source detail and redaction, and reads an old entry without a source as transcript', () => {
    const old = { ...entry({ redacted: 'mask' }), id: 1 } as Parameters<typeof journalRow>[0];
    delete (old as { source?: string }).source;
    expect(journalRow(old)).toMatchObject({ source: 'transcript', redacted: 'mask' });
    const pm = journalRow({
      ...entry({ source: 'post-message', sourceDetail: 'https://assist.example.com' }),
      id: 2,
    });
    expect(pm).toMatchObject({
      source: 'post-message',
      sourceDetail: 'https://assist.example.com',
    });
  });
});
