import { describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/context/digest';
import {
  buildJournalExport,
  CSV_COLUMNS,
  exportFileName,
  journalCsv,
  presentEntry,
  type StoredEntry,
} from '@/lib/journal/export';
import { handoffId, isHandoffId } from '@/lib/journal/handoff-id';
import { maskValue } from '@/lib/privacy/redact';
import type { JournalEntry } from '@/lib/store/journal-schema';
import { parseCsv, parseCsvObjects } from '../../support/csv-parse';
import {
  CASE,
  customerRefusal,
  entry,
  kustomerEntry,
  NOW,
  refundRefused,
  SESSION,
  tierWritten,
} from './fixtures';

const stored = (e: ReturnType<typeof entry>, id: number): StoredEntry => ({ ...e, id });
const verifiedTier = {
  ...tierWritten,
  verification: {
    state: 'different' as const,
    expected: 'tier_premium',
    actual: 'tier_basic',
    at: NOW - 1000,
    by: 'verify-now' as const,
  },
};

describe('presentEntry', () => {
  it('drops the index keys, and keeps the raw message only when asked and redaction is off', async () => {
    const e = stored(entry(), 3);
    const plain = await presentEntry(e, 'none', { withText: true });
    expect(plain).not.toHaveProperty('recordKeys');
    expect(plain.text).toBe(e.text);
    expect(await presentEntry(e, 'none', { withText: false })).not.toHaveProperty('text');
    expect(await presentEntry(e, 'mask', { withText: true })).not.toHaveProperty('text');
  });

  it('redacts an entry the journal has not redacted yet, read-back values included', async () => {
    const e = stored(entry({ fields: [verifiedTier, refundRefused], state: 'pending' }), 1);
    const masked = await presentEntry(e, 'mask', { withText: true });
    expect(masked.redacted).toBe('mask');
    expect(masked.context?.values).toEqual({
      'Account Number': maskValue('AC-20931'),
      'Account Tier': maskValue('Premium'),
    });
    expect(masked.fields[0]).toMatchObject({
      value: maskValue('tier_premium'),
      verification: { expected: maskValue('tier_premium'), actual: maskValue('tier_basic') },
    });
    // The value quoted in a reason is masked too, the platform's words stay.
    expect(masked.fields[1]?.value).toBe(maskValue('7500'));
    const hashed = await presentEntry(e, 'hash', { withText: false });
    expect(hashed.fields[0]?.value).toBe(await sha256Hex('tier_premium'));
  });

  it('leaves an already redacted entry as the journal keeps it', async () => {
    const e = stored(
      entry({ redacted: 'hash', text: '', fields: [{ ...tierWritten, value: 'abc' }] }),
      2,
    );
    const shown = await presentEntry(e, 'mask', { withText: true });
    expect(shown.fields[0]?.value).toBe('abc');
    expect(shown.redacted).toBe('hash');
  });
});

describe('the CSV export', () => {
  it('has one record per field outcome with the documented columns', async () => {
    const e = stored(entry({ fields: [verifiedTier, refundRefused] }), 12);
    const { text, records } = journalCsv([await presentEntry(e, 'none', { withText: true })]);
    expect(records).toBe(2);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    const [tier, refund] = parseCsvObjects(text);
    expect(tier).toEqual({
      handoff_id: await handoffId(e),
      at: new Date(NOW - 3_600_000).toISOString(),
      platform: 'salesforce',
      org: 'acme',
      object: 'Case',
      record_id: CASE.id,
      record_url: `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`,
      source: 'transcript',
      source_detail: '',
      trust: 'bot-authored',
      state: 'done',
      field: 'Account_Tier__c',
      label: 'Account Tier',
      value: 'tier_premium',
      outcome: 'written',
      reason: '',
      verification: 'different',
      expected: 'tier_premium',
      actual: 'tier_basic',
      verified_at: new Date(NOW - 1000).toISOString(),
      confirmed_at: '',
      confirmed_by: '',
      declined_at: '',
      author: 'bot',
      journal_id: '12',
    });
    // Appended: the columns of older files keep their positions.
    expect(CSV_COLUMNS.slice(-5)).toEqual([
      'confirmed_at',
      'confirmed_by',
      'declined_at',
      'author',
      'journal_id',
    ]);
    expect(refund).toMatchObject({
      field: 'Refund_Amount__c',
      outcome: 'refused',
      reason: "Refunds over 5,000 need a manager's approval.",
      verification: '',
    });
    // The raw message never reaches a CSV.
    expect(text).not.toContain('Handoff context');
  });

  it('gives a refused context one record: its status as outcome, the notice as reason, its author', async () => {
    const refusal = stored(customerRefusal(), 4);
    const { text } = journalCsv([await presentEntry(refusal, 'none', { withText: true })]);
    const rows = parseCsvObjects(text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      handoff_id: await handoffId(refusal),
      journal_id: '4',
      state: 'refused',
      trust: 'unverified',
      field: '',
      label: '',
      value: '',
      outcome: 'refused',
      reason:
        'A handoff context was posted by the customer, not by the bot, so nothing was written.',
      verification: '',
      author: 'customer',
    });
  });

  it('gives a handoff without mappings its notice as reason, and one that says nothing a reason too', async () => {
    const noMappings = customerRefusal({
      context: { ...(entry().context as NonNullable<JournalEntry['context']>) },
      author: 'bot',
      notice: {
        code: 'no-mappings',
        message: 'No mappings for Case are set up, so nothing was filled.',
      },
    });
    const silent = entry({ fields: [], state: 'done' });
    const rows = parseCsvObjects(
      journalCsv([
        await presentEntry(stored(noMappings, 5), 'none', { withText: false }),
        await presentEntry(stored(silent, 6), 'none', { withText: false }),
      ]).text,
    );
    expect(rows.map((r) => [r.state, r.outcome, r.reason, r.author])).toEqual([
      ['failed', 'failed', 'No mappings for Case are set up, so nothing was filled.', 'bot'],
      ['done', 'done', 'No field was planned for this handoff.', 'bot'],
    ]);
  });

  it('redacts a value quoted in a refused context’s notice like every other value', async () => {
    const refusal = stored(
      customerRefusal({
        notice: {
          code: 'context-untrusted',
          message: 'The customer wrote Account Tier: Enterprise, so nothing was written.',
        },
      }),
      8,
    );
    const { text } = journalCsv([await presentEntry(refusal, 'mask', { withText: false })]);
    const [row] = parseCsvObjects(text);
    expect(row?.reason).toBe(
      `The customer wrote Account Tier: ${maskValue('Enterprise')}, so nothing was written.`,
    );
    expect(text).not.toContain('Enterprise');
  });

  it('names the record each field was written to (the Case behind a session; conversation and customer)', async () => {
    const onSession = stored(entry({ record: SESSION, targets: [CASE] }), 5);
    const k = stored(kustomerEntry(), 6);
    const rows = parseCsvObjects(
      journalCsv([
        await presentEntry(onSession, 'none', { withText: false }),
        await presentEntry(k, 'none', { withText: false }),
      ]).text,
    );
    expect(rows.map((r) => [r.object, r.record_id, r.record_url])).toEqual([
      ['Case', CASE.id, `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`],
      ['Case', CASE.id, `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`],
      [
        'conversation',
        '6650f00dc3d4e5f60123aa01',
        'https://acme.kustomerapp.com/app/conversations/6650f00dc3d4e5f60123aa01',
      ],
      [
        'customer',
        '6650f00dc3d4e5f60123cc01',
        'https://acme.kustomerapp.com/app/customers/6650f00dc3d4e5f60123cc01',
      ],
    ]);
    expect(rows[2]).toMatchObject({ source: 'api-messages', platform: 'kustomer' });
  });

  it('neutralises a value crafted as a formula', async () => {
    const e = stored(
      entry({
        fields: [{ ...tierWritten, value: '=HYPERLINK("https://evil.example","x")' }],
        sourceDetail: '@evil',
      }),
      7,
    );
    const { text } = journalCsv([await presentEntry(e, 'none', { withText: false })]);
    const [row] = parseCsvObjects(text);
    expect(row?.value).toBe(`'=HYPERLINK("https://evil.example","x")`);
    expect(row?.source_detail).toBe("'@evil");
  });

  it('neutralises a refusal notice and an author crafted as formulas', async () => {
    const e = stored(
      customerRefusal({
        author: '@SUM(1+1)',
        context: undefined,
        notice: { code: 'post-message-invalid', message: '=cmd|"/c calc"!A1' },
      }),
      9,
    );
    const [row] = parseCsvObjects(
      journalCsv([await presentEntry(e, 'none', { withText: false })]).text,
    );
    expect(row?.reason).toBe(`'=cmd|"/c calc"!A1`);
    expect(row?.author).toBe("'@SUM(1+1)");
  });
});

describe('buildJournalExport', () => {
  const filters = { from: NOW - 86_400_000, platform: 'salesforce' as const, field: ' tier ' };

  it('writes the JSON file (version 2): format, version, when, the filters and whole entries', async () => {
    const e = stored(entry({ fields: [verifiedTier] }), 9);
    const file = await buildJournalExport([e], {
      format: 'json',
      filters,
      redaction: 'none',
      now: NOW,
    });
    expect(file).toMatchObject({
      fileName: 'handoff-fields-journal-2026-11-21-1000.json',
      mimeType: 'application/json',
      entries: 1,
      records: 1,
    });
    const json = JSON.parse(file.text);
    expect(Object.keys(json)).toEqual(['format', 'version', 'exportedAt', 'filters', 'entries']);
    expect(json).toMatchObject({
      format: 'handoff-fields/journal',
      version: 2,
      exportedAt: '2026-11-21T10:00:00.000Z',
      filters: {
        from: '2026-11-20T10:00:00.000Z',
        platform: 'salesforce',
        field: 'tier',
      },
    });
    // The global id first, then this browser's, when, and the one status (no raw `state`).
    expect(Object.keys(json.entries[0]).slice(0, 5)).toEqual([
      'handoffId',
      'journalId',
      'at',
      'status',
      'recordUrl',
    ]);
    expect(json.entries[0]).not.toHaveProperty('state');
    expect(json.entries[0]).not.toHaveProperty('id');
    expect(json.entries[0]).toMatchObject({
      handoffId: await handoffId(e),
      journalId: 9,
      at: '2026-11-21T09:00:00.000Z',
      status: 'done',
      recordUrl: `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`,
      record: CASE,
      context: { trust: 'bot-authored', values: { 'Account Tier': 'Premium' } },
      settledAt: '2026-11-21T09:00:00.500Z',
      text: 'Handoff context\nAccount Number: AC-20931\nAccount Tier: Premium',
      fields: [
        {
          field: 'Account_Tier__c',
          verification: { state: 'different', at: '2026-11-21T09:59:59.000Z', by: 'verify-now' },
        },
      ],
    });
    expect(json.entries[0]).not.toHaveProperty('recordKeys');
  });

  it('says a refused context’s status once, and names it by the same global id as the CSV', async () => {
    // Stored `failed` (the engine's state) but its context refused: version 1 wrote both.
    const refusal = stored(customerRefusal(), 4);
    const json = JSON.parse(
      (
        await buildJournalExport([refusal], {
          format: 'json',
          filters: { status: 'has-refused-fields', field: 'tier', outcome: 'refused' },
          redaction: 'none',
          now: NOW,
        })
      ).text,
    );
    expect(json.filters).toEqual({
      status: 'has-refused-fields',
      field: 'tier',
      outcome: 'refused',
    });
    expect(json.entries[0]).toMatchObject({ status: 'refused', author: 'customer' });
    expect(JSON.stringify(json)).not.toContain('"state"');
    const csv = await buildJournalExport([refusal], {
      format: 'csv',
      filters: {},
      redaction: 'none',
      now: NOW,
    });
    const [row] = parseCsvObjects(csv.text);
    expect(isHandoffId(json.entries[0].handoffId)).toBe(true);
    expect(row?.handoff_id).toBe(json.entries[0].handoffId);
    // Another browser's journal counts from 1 too: the global id does not depend on it.
    expect((await presentEntry({ ...refusal, id: 1 }, 'none', { withText: false })).handoffId).toBe(
      json.entries[0].handoffId,
    );
  });

  it('never carries the raw message and masks the values when redaction is on', async () => {
    for (const format of ['json', 'csv'] as const) {
      const file = await buildJournalExport([stored(entry({ fields: [verifiedTier] }), 9)], {
        format,
        filters: {},
        redaction: 'mask',
        now: NOW,
      });
      expect(file.text).not.toContain('Handoff context');
      expect(file.text).not.toContain('AC-20931');
      expect(file.text).not.toContain('tier_premium');
      expect(file.text).toContain(maskValue('tier_premium'));
    }
  });

  it('names the file by the UTC minute, without characters Windows refuses', () => {
    expect(exportFileName('csv', Date.UTC(2027, 0, 2, 3, 4, 5))).toBe(
      'handoff-fields-journal-2027-01-02-0304.csv',
    );
  });
});
