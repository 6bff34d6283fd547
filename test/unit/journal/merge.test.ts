import { describe, expect, it } from 'vitest';
import { mergedCsvChunks } from '@/lib/cli/journal-csv';
import { CSV_COLUMNS } from '@/lib/journal/export';
import { type JournalFile, readJournalFile } from '@/lib/journal/file-schema';
import { handoffId } from '@/lib/journal/handoff-id';
import {
  type MergedEntry,
  type MergeResult,
  mergedJsonChunks,
  mergeJournals,
} from '@/lib/journal/merge';
import { maskValue } from '@/lib/privacy/redact';
import { parseCsvObjects } from '../../support/csv-parse';
import { exportV1, exportV2, type Json, named, stored } from './export-files';
import { customerRefusal, entry, HOUR, kustomerEntry, NOW, tierWritten } from './fixtures';

const LATER = NOW + 5 * HOUR;

function read(name: string, file: unknown): JournalFile {
  const r = readJournalFile(named(name, file));
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.file;
}

async function merged(...files: JournalFile[]): Promise<Extract<MergeResult, { ok: true }>> {
  const r = await mergeJournals(files, LATER);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r;
}

/** One handoff both browsers saw; each browser also saw one of its own. */
const shared = entry();
const annaOnly = customerRefusal({ at: NOW - 3 * HOUR });
const benOnly = kustomerEntry({ messageId: 'k-9', at: NOW - 2 * HOUR });
const SHARED_ID = await handoffId(shared);

async function annaAndBen() {
  const anna = read('anna.json', await exportV1([stored(shared, 12), stored(annaOnly, 13)]));
  const ben = read('ben.json', await exportV2([stored(shared, 4), stored(benOnly, 5)]));
  return { anna, ben };
}

const ids = (entries: readonly MergedEntry[]) => entries.map((e) => e.handoffId);

describe('mergeJournals', () => {
  it('keeps each handoff once, by its id, and names every file that held it', async () => {
    const { anna, ben } = await annaAndBen();
    const r = await merged(anna, ben);
    expect(r.entriesRead).toBe(4);
    expect(r.duplicatesDropped).toBe(1);
    expect(r.file.entries).toHaveLength(3);
    const both = r.file.entries.find((e) => e.handoffId === SHARED_ID);
    expect(both?.seenIn).toEqual([
      { file: 'anna.json', journalId: 12 },
      { file: 'ben.json', journalId: 4 },
    ]);
    expect(r.file.merged).toEqual({
      files: [
        {
          file: 'anna.json',
          exportedAt: '2026-11-21T10:00:00.000Z',
          version: 1,
          entries: 2,
          filters: {},
        },
        {
          file: 'ben.json',
          exportedAt: '2026-11-21T10:00:00.000Z',
          version: 2,
          entries: 2,
          filters: {},
        },
      ],
      entries: 3,
      duplicatesDropped: 1,
    });
    expect(r.warnings).toEqual([]);
  });

  it('gives a version-1 entry the id the extension exports for it (same record, message id, digest)', async () => {
    const { anna } = await annaAndBen();
    const r = await merged(anna);
    const expected = await handoffId({
      record: shared.record,
      messageId: shared.messageId,
      contextDigest: shared.contextDigest,
    });
    expect(r.file.entries.map((e) => e.journalId)).toEqual([12, 13]);
    expect(r.file.entries[0]?.handoffId).toBe(expected);
    // The export of today's extension, as version 2, names the same id.
    const v2 = await exportV2([stored(shared, 12)]);
    expect((v2.entries as Json[])[0]?.handoffId).toBe(expected);
  });

  it('writes version 2: handoffId and journalId first, no id nor raw state', async () => {
    const { anna, ben } = await annaAndBen();
    const r = await merged(anna, ben);
    for (const e of r.file.entries) {
      expect(Object.keys(e).slice(0, 5)).toEqual([
        'handoffId',
        'journalId',
        'at',
        'status',
        'recordUrl',
      ]);
      expect(e).not.toHaveProperty('id');
      expect(e).not.toHaveProperty('state');
    }
    expect(r.file).toMatchObject({
      format: 'handoff-fields/journal',
      version: 2,
      exportedAt: '2026-11-21T15:00:00.000Z',
    });
  });

  it('lists newest first; one time is ordered by id, never by the files', async () => {
    const sameTime = kustomerEntry({ messageId: 'k-10', at: shared.at });
    const a = read('a.json', await exportV1([stored(annaOnly, 1), stored(shared, 2)]));
    const b = read('b.json', await exportV2([stored(sameTime, 1), stored(benOnly, 2)]));
    const r = await merged(a, b);
    const ats = r.file.entries.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((x, y) => y - x));
    const [first, second] = r.file.entries;
    expect(first?.at).toBe(second?.at);
    expect((first?.handoffId ?? '') < (second?.handoffId ?? '')).toBe(true);
    expect(ids((await merged(b, a)).file.entries)).toEqual(ids(r.file.entries));
  });

  it('keeps the settled copy over a pending one, whichever file comes first', async () => {
    const pending = entry({ state: 'pending', fields: [{ ...tierWritten, outcome: 'pending' }] });
    const a = read('a.json', await exportV1([stored(pending, 1)]));
    const b = read('b.json', await exportV2([stored(shared, 2)]));
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const [kept] = (await merged(...order)).file.entries;
      expect(kept).toMatchObject({ status: 'done', journalId: 2 });
      expect(kept?.fields[0]?.outcome).toBe('written');
    }
  });

  it('of two settled copies, keeps the one read back last', async () => {
    const verified = (at: number, state: 'verified' | 'different') =>
      entry({
        verifiedAt: at,
        fields: [
          {
            ...tierWritten,
            verification: {
              state,
              expected: 'tier_premium',
              actual: state === 'verified' ? 'tier_premium' : 'tier_basic',
              at,
              by: 'verify-now',
            },
          },
        ],
      });
    const a = read('a.json', await exportV2([stored(verified(NOW, 'verified'), 1)]));
    const b = read('b.json', await exportV2([stored(verified(NOW + HOUR, 'different'), 2)]));
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const [kept] = (await merged(...order)).file.entries;
      expect(kept?.fields[0]?.verification?.state).toBe('different');
      expect(kept?.seenIn.map((s) => s.file)).toEqual(['a.json', 'b.json']);
    }
  });

  it('is idempotent: a merged file merged again with one of its sources adds nothing', async () => {
    const { anna, ben } = await annaAndBen();
    const team = await merged(anna, ben);
    const teamFile = read('team.json', JSON.parse([...mergedJsonChunks(team.file)].join('')));
    const again = await merged(teamFile, anna);
    expect(again.file.entries).toEqual(team.file.entries);
    expect(again.file.merged).toEqual(team.file.merged);
    expect(again.duplicatesDropped).toBe(2);
    // A new export merged into the team file: its new handoff is added, its files listed.
    const carl = read(
      'carl.json',
      await exportV1([stored(entry({ messageId: 'm-c' }), 1), stored(shared, 2)]),
    );
    const grown = await merged(teamFile, carl);
    expect(grown.file.entries).toHaveLength(4);
    expect(grown.file.merged.files.map((f) => f.file)).toEqual([
      'anna.json',
      'ben.json',
      'carl.json',
    ]);
    expect(grown.file.merged.duplicatesDropped).toBe(2);
    expect(grown.file.entries.find((e) => e.handoffId === SHARED_ID)?.seenIn).toEqual([
      { file: 'anna.json', journalId: 12 },
      { file: 'ben.json', journalId: 4 },
      { file: 'carl.json', journalId: 2 },
    ]);
  });

  it('makes each record link again from the record: a link in a file is not trusted', async () => {
    const file = await exportV2([stored(shared, 4)]);
    ((file.entries as Json[])[0] as Json).recordUrl = 'javascript:alert(1)';
    const [kept] = (await merged(read('ben.json', file))).file.entries;
    expect(kept?.recordUrl).toBe(
      `https://acme.lightning.force.com/lightning/r/Case/${shared.record.id}/view`,
    );
  });

  it('refuses an entry whose handoff id is not its own (an altered file cannot drop another handoff)', async () => {
    const { anna } = await annaAndBen();
    const forged = await exportV2([stored(benOnly, 5)]);
    const annaFirstId = SHARED_ID;
    ((forged.entries as Json[])[0] as Json).handoffId = annaFirstId;
    const r = await mergeJournals([anna, read('ben.json', forged)], LATER);
    expect(r).toEqual({
      ok: false,
      errors: [
        `ben.json: entries[0].handoffId: ${annaFirstId} is not the id of this entry's record, message id and context digest (${await handoffId(benOnly)}): the file was altered; ask for a fresh export`,
      ],
    });
  });

  it('never un-redacts: the copy kept in the clear is redacted as the other file held it, and says so', async () => {
    const masked = read('anna.json', await exportV1([stored(shared, 12)], { redaction: 'mask' }));
    // Ben's copy is the one kept (read back later), and Ben's browser did not redact.
    const clear = entry({
      verifiedAt: NOW,
      fields: [
        {
          ...tierWritten,
          verification: {
            state: 'verified',
            expected: 'tier_premium',
            actual: 'tier_premium',
            at: NOW,
            by: 'verify-now',
          },
        },
      ],
    });
    const plain = read('ben.json', await exportV2([stored(clear, 4), stored(benOnly, 5)]));
    const r = await merged(masked, plain);
    const [kept] = r.file.entries.filter((e) => e.seenIn.length === 2);
    expect(kept?.redacted).toBe('mask');
    expect(kept?.fields[0]).toMatchObject({
      value: maskValue('tier_premium'),
      verification: {
        state: 'verified',
        actual: maskValue('tier_premium'),
        at: new Date(NOW).toISOString(),
      },
    });
    expect(kept).not.toHaveProperty('text');
    expect(JSON.stringify(kept)).not.toContain('AC-20931');
    expect(r.redactedOnMerge).toBe(1);
    expect(r.warnings).toEqual([
      'the files disagree in redaction (anna.json: mask; ben.json: none): a handoff any file held redacted stays redacted (nothing is un-redacted), but a handoff only a file without redaction held keeps its values',
      `1 handoffs were redacted in one file and not in another (${kept?.handoffId}); 1 kept copies were redacted on merge`,
    ]);
    // Ben's own handoff stays as Ben's file had it.
    expect(r.file.entries.find((e) => e.seenIn.length === 1)?.redacted).toBeUndefined();
  });
});

describe('the merged file as JSON and CSV', () => {
  it('JSON in pieces is exactly the file with a 2-space indent, also without entries', async () => {
    const { anna, ben } = await annaAndBen();
    const r = await merged(anna, ben);
    expect([...mergedJsonChunks(r.file)].join('')).toBe(`${JSON.stringify(r.file, null, 2)}\n`);
    const empty = { ...r.file, entries: [] };
    expect([...mergedJsonChunks(empty)].join('')).toBe(`${JSON.stringify(empty, null, 2)}\n`);
  });

  it('CSV: the export columns, the handoff id in handoff_id, a row per field and one for a refused context', async () => {
    const { anna, ben } = await annaAndBen();
    const r = await merged(anna, ben);
    const tally = { records: 0 };
    const text = [...mergedCsvChunks(r.file.entries, tally)].join('');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsvObjects(text.slice(1));
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    expect(tally.records).toBe(5);
    expect(new Set(rows.map((row) => row.handoff_id))).toEqual(new Set(ids(r.file.entries)));
    const refused = rows.filter((row) => row.state === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      at: new Date(annaOnly.at).toISOString(),
      field: '',
      trust: 'unverified',
    });
  });
});
