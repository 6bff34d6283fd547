import { describe, expect, it } from 'vitest';
import { forbiddenKeyPaths, readJournalFile } from '@/lib/journal/file-schema';
import { exportV1, exportV2, type Json, named, stored } from './export-files';
import { customerRefusal, entry, kustomerEntry } from './fixtures';

const three = () => [
  stored(entry(), 1),
  stored(customerRefusal(), 2),
  stored(kustomerEntry({ messageId: 'k-2' }), 3),
];

/** A file with one change made to its first entry. */
async function withEntry(change: (e: Json) => void, version: 1 | 2 = 1): Promise<Json> {
  const file = version === 1 ? await exportV1(three()) : await exportV2(three());
  change((file.entries as Json[])[0] as Json);
  return file;
}

const errorsOf = (name: string, text: string) => {
  const read = readJournalFile({ name, text });
  expect(read.ok).toBe(false);
  return read.ok ? [] : read.errors;
};

describe('readJournalFile: the exports it reads', () => {
  it('reads version 1 as the export writes it, and version 2', async () => {
    for (const file of [await exportV1(three()), await exportV2(three())]) {
      const read = readJournalFile(named('anna.json', file));
      expect(read.ok, JSON.stringify(read)).toBe(true);
      if (!read.ok) continue;
      expect(read.file.name).toBe('anna.json');
      expect(read.file.version).toBe(file.version);
      expect(read.file.entries).toHaveLength(3);
      expect(read.file.entries[1]).toMatchObject({ status: 'refused', author: 'customer' });
    }
  });

  it('keeps an entry key it does not know (a newer browser of the same version), at every level', async () => {
    const file = await withEntry((e) => {
      e.reviewedBy = 'qa@acme';
      ((e.fields as Json[])[0] as Json).note = 'checked';
    }, 2);
    const read = readJournalFile(named('anna.json', file));
    expect(read.ok && read.file.entries[0]).toMatchObject({
      reviewedBy: 'qa@acme',
      fields: [{ field: 'Account_Tier__c', note: 'checked' }, { field: 'Account_Number__c' }],
    });
  });
});

describe('readJournalFile: hostile or wrong files', () => {
  it('not JSON: the line and column', () => {
    expect(
      errorsOf('team/anna.json', '{"format": "handoff-fields/journal",\n  version: 2}'),
    ).toEqual([
      expect.stringMatching(/^team\/anna\.json is not valid JSON: .*\(line 2, column 3\)$/),
    ]);
    expect(errorsOf('anna.json', '')).toEqual(['anna.json is empty']);
  });

  it('the CSV export, an audit export, a mappings file, a bare list', async () => {
    expect(errorsOf('anna.csv', '\uFEFFhandoff_id,at,platform\r\n')).toEqual([
      "anna.csv is the journal's CSV export: merge reads the JSON export (QA journal, Export JSON)",
    ]);
    expect(
      errorsOf('audit.json', JSON.stringify({ format: 'handoff-fields/audit', version: 1 })),
    ).toEqual([
      `audit.json: not a journal export: its format is "handoff-fields/audit" (an audit export); merge reads the QA journal's Export JSON files ("format": "handoff-fields/journal")`,
    ]);
    expect(errorsOf('m.json', JSON.stringify({ mappings: [] }))[0]).toMatch(
      /^m\.json: not a journal export: it has no "format"/,
    );
    expect(errorsOf('list.json', '[]')[0]).toMatch(
      /^list\.json: not a journal export: .*not a list$/,
    );
  });

  it('a newer version says to update; a nonsense version is named', async () => {
    const file = { ...(await exportV2(three())), version: 3 };
    expect(errorsOf('anna.json', JSON.stringify(file))).toEqual([
      'anna.json: version: this file is version 3, made by a newer Handoff Fields (this checkout reads versions 1 and 2): update this checkout (git pull, npm ci) and merge again',
    ]);
    expect(errorsOf('anna.json', JSON.stringify({ ...file, version: '2' }))).toEqual([
      'anna.json: version: must be 1 or 2, not "2"',
    ]);
  });

  it('too many entries: refused before the entries are judged', async () => {
    const file = await exportV1(three());
    const read = readJournalFile(named('big.json', file), { maxEntries: 2 });
    expect(read).toEqual({
      ok: false,
      errors: [
        'big.json: has 3 entries; a journal file takes at most 2: export a shorter date range, or merge fewer files at once',
      ],
    });
  });

  it('prototype-pollution keys anywhere: refused with their path, before anything is copied', async () => {
    const file = await exportV1(three());
    const text = JSON.stringify(file)
      .replace('"Account Tier":"Premium"', '"__proto__":{"polluted":true}')
      .replace('"record":{', '"record":{"constructor":{"prototype":{"x":1}},');
    const errors = errorsOf('anna.json', text);
    expect(errors).toContain(
      'anna.json: entries[0].context.values.__proto__: __proto__ is never a key of a journal export (the context parser refuses it): the file was altered; ask for a fresh export',
    );
    expect(errors).toContain(
      'anna.json: entries[0].record.constructor: constructor is never a key of a journal export (the context parser refuses it): the file was altered; ask for a fresh export',
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('names the file, the entry and the path of each problem', async () => {
    const file = await exportV1([...three(), ...three().map((s) => ({ ...s, id: s.id + 3 }))]);
    const entries = file.entries as Json[];
    ((entries[4] as Json).record as Json).platform = 'salesforc';
    (entries[1] as Json).at = 'yesterday';
    (((entries[2] as Json).fields as Json[])[0] as Json).outcome = 'reverted';
    delete (entries[3] as Json).messageId;
    (entries[5] as Json).status = 'archived';
    expect(errorsOf('team/anna.json', JSON.stringify(file))).toEqual([
      'team/anna.json: entries[1].at: must be a date and time in ISO 8601, as the export writes it (2026-11-21T10:00:00.000Z)',
      'team/anna.json: entries[2].fields[0].outcome: must be one of written, skipped, refused, pending, planned, not "reverted" (a newer Handoff Fields may write it: update this checkout (git pull, npm ci))',
      'team/anna.json: entries[3].messageId: missing',
      'team/anna.json: entries[4].record.platform: must be one of salesforce, kustomer, not "salesforc"',
      expect.stringMatching(
        /^team\/anna\.json: entries\[5\]\.status: must be one of .*done.*, not "archived" \(a newer Handoff Fields may write it/,
      ),
    ]);
  });

  it('version 2: a malformed handoff id; version 1 without its id', async () => {
    const v2 = await withEntry((e) => {
      e.handoffId = '42';
    }, 2);
    expect(errorsOf('b.json', JSON.stringify(v2))).toEqual([
      'b.json: entries[0].handoffId: must be a handoff id, "hf1-" and 32 hex digits',
    ]);
    const v1 = await withEntry((e) => {
      delete e.id;
    });
    expect(errorsOf('a.json', JSON.stringify(v1))).toEqual(['a.json: entries[0].id: missing']);
  });

  it('lists 20 problems and counts the rest', async () => {
    const file = await exportV1(
      Array.from({ length: 30 }, (_, i) => stored(entry({ messageId: `m-${i}` }), i + 1)),
    );
    for (const e of file.entries as Json[]) e.author = 7;
    const errors = errorsOf('a.json', JSON.stringify(file));
    expect(errors).toHaveLength(21);
    expect(errors[0]).toBe('a.json: entries[0].author: must be text, not 7');
    expect(errors[20]).toBe('a.json: and 10 more problems');
  });

  it('a deeply nested unknown value neither overflows the stack nor passes a forbidden key', () => {
    let deep: unknown = { __proto__x: 1 };
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(forbiddenKeyPaths(deep)).toEqual([]);
    const text = `${'['.repeat(3_000)}{"__proto__":1}${']'.repeat(3_000)}`;
    const found = forbiddenKeyPaths(JSON.parse(text));
    expect(found).toHaveLength(1);
    expect(found[0]).toHaveLength(3_001);
  });
});
