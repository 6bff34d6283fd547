// @vitest-environment node
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOURNAL_HELP } from '@/lib/cli/args';
import { type Io, run } from '@/lib/cli/main';
import { CSV_COLUMNS } from '@/lib/journal/export';
import { readJournalFile } from '@/lib/journal/file-schema';
import { handoffId } from '@/lib/journal/handoff-id';
import { parseCsvObjects } from '../../support/csv-parse';
import { exportV1, exportV2, type Json, named, stored } from '../journal/export-files';
import {
  customerRefusal,
  entry,
  HOUR,
  kustomerEntry,
  NOW,
  refundRefused,
  tierWritten,
} from '../journal/fixtures';
import { CLI_TIMEOUT, cli, removeWorkspaces, workspace } from './run-cli';

afterAll(removeWorkspaces);

/** Anna's browser (version 1) and Ben's (version 2) both handled `shared`. */
const shared = entry();
const annaOnly = customerRefusal({ at: NOW - 3 * HOUR });
const benOnly = kustomerEntry({ messageId: 'k-9', at: NOW - 2 * HOUR });
const refused = entry({
  messageId: 'm-r',
  at: NOW - 4 * HOUR,
  fields: [tierWritten, refundRefused],
});
const annaJson = named(
  'anna.json',
  await exportV1([stored(shared, 12), stored(annaOnly, 13)]),
).text;
const benJson = named(
  'ben.json',
  await exportV2([stored(shared, 4), stored(benOnly, 5), stored(refused, 6)]),
).text;
const SHARED_ID = await handoffId(shared);

const SUMMARY = `Merged 2 journal exports: 4 handoffs, 1 duplicate dropped.
  File               Version               Exported at  Handoffs
  exports/anna.json        1  2026-11-21T10:00:00.000Z         2
  exports/ben.json         2  2026-11-21T10:00:00.000Z         3

Records (handoffs) by state, as the audit counts them:
  State        Records  Share
  unreadable         0    0 %
  refused            2   50 %
  different          0    0 %
  missing            0    0 %
  no-context         0    0 %
  as-expected        2   50 %

By field (records whose handoff named the field):
  Field                                           Records  As expected  Different  Missing    Refused
  Case.Refund_Amount__c (Refund Amount)                 1      0 (0 %)    0 (0 %)  0 (0 %)  1 (100 %)
  Case.Account_Number__c (Account Number)               1    1 (100 %)    0 (0 %)  0 (0 %)    0 (0 %)
  Case.Account_Tier__c (Account Tier)                   2    2 (100 %)    0 (0 %)  0 (0 %)    0 (0 %)
  conversation.accountNumberStr (Account Number)        1    1 (100 %)    0 (0 %)  0 (0 %)    0 (0 %)
  customer.loyaltyTierStr (Loyalty Tier)                1    1 (100 %)    0 (0 %)  0 (0 %)    0 (0 %)

By bot (the context's signer, else its source or author):
  Bot       Records  As expected  With problems
  bot             3     2 (67 %)       1 (33 %)
  customer        1      0 (0 %)      1 (100 %)
`;

describe.concurrent('handoff-fields journal merge (spawned)', { timeout: CLI_TIMEOUT }, () => {
  it('merges exports into --out and --csv, prints the summary, and merges its own file again', async () => {
    const cwd = workspace();
    mkdirSync(join(cwd, 'exports'));
    writeFileSync(join(cwd, 'exports/anna.json'), annaJson);
    writeFileSync(join(cwd, 'exports/ben.json'), benJson);
    const args = ['journal', 'merge', 'exports/anna.json', 'exports/ben.json'];
    const r = await cli([...args, '--out', 'team.json', '--csv', 'team.csv'], { cwd });
    expect(r).toEqual({
      code: 0,
      stdout: SUMMARY,
      stderr: 'wrote team.json: 4 handoffs\nwrote team.csv: 7 rows for 4 handoffs\n',
    });
    const team = readJournalFile({
      name: 'team.json',
      text: readFileSync(join(cwd, 'team.json'), 'utf8'),
    });
    if (!team.ok) throw new Error(team.errors.join('\n'));
    expect(team.file.version).toBe(2);
    expect(team.file.entries.map((e) => e.at)).toEqual(
      [shared, benOnly, annaOnly, refused].map((e) => new Date(e.at).toISOString()),
    );
    expect(team.file.entries[0]).toMatchObject({
      handoffId: SHARED_ID,
      seenIn: [
        { file: 'exports/anna.json', journalId: 12 },
        { file: 'exports/ben.json', journalId: 4 },
      ],
    });
    const rows = parseCsvObjects(readFileSync(join(cwd, 'team.csv'), 'utf8').slice(1));
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(rows.map((row) => row.handoff_id)[0]).toBe(SHARED_ID);
    expect(readdirSync(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Merged again with one of its sources: nothing added; the summary only, as JSON.
    const again = await cli(
      ['journal', 'merge', 'team.json', 'exports/anna.json', '--json-summary'],
      { cwd },
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    const summary = JSON.parse(again.stdout) as Json;
    expect(summary).toMatchObject({
      entriesRead: 6,
      duplicatesDropped: 2,
      merged: { entries: 4, duplicatesDropped: 1 },
      summary: { records: 4, byState: { refused: 2, 'as-expected': 2 } },
    });
    expect(existsSync(join(cwd, 'team.json.tmp'))).toBe(false);
  });

  it('refuses an altered or foreign file with its name and path, and writes nothing', async () => {
    const altered = JSON.parse(benJson) as Json;
    ((altered.entries as Json[])[2]?.record as Json).platform = 'zendesk';
    const cwd = workspace({
      'anna.json': annaJson,
      'ben.json': JSON.stringify(altered),
      'audit.json': JSON.stringify({ format: 'handoff-fields/audit', version: 1 }),
    });
    const r = await cli(
      ['journal', 'merge', 'anna.json', 'ben.json', 'audit.json', '--out', 'team.json'],
      { cwd },
    );
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'error: ben.json: entries[2].record.platform: must be one of salesforce, kustomer, not "zendesk"',
        `error: audit.json: not a journal export: its format is "handoff-fields/audit" (an audit export); merge reads the QA journal's Export JSON files ("format": "handoff-fields/journal")`,
        "Nothing was merged. Give the QA journal's JSON exports (Export JSON), as saved; see handoff-fields journal merge --help.",
        '',
      ].join('\n'),
    });
    expect(existsSync(join(cwd, 'team.json'))).toBe(false);
  });

  it('a file over 200 MB is refused before it is read', async () => {
    const cwd = workspace({ 'anna.json': annaJson, 'huge.json': '' });
    truncateSync(join(cwd, 'huge.json'), 201 * 1024 * 1024); // sparse: no disk used
    const r = await cli(['journal', 'merge', 'anna.json', 'huge.json'], { cwd });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: cannot read the journal export huge.json: it is 201 MB, more than the 200 MB one file may be: export a shorter date range.\n',
    });
  });

  it('never writes over an input; an output that cannot be written leaves nothing behind', async () => {
    const cwd = workspace({ 'anna.json': annaJson, 'ben.json': benJson });
    const over = await cli(['journal', 'merge', 'anna.json', 'ben.json', '--csv', './ben.json'], {
      cwd,
    });
    expect(over).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --csv ./ben.json is the export ben.json: a merge never writes over one of its inputs; name a new file\n',
    });
    expect(readFileSync(join(cwd, 'ben.json'), 'utf8')).toBe(benJson);
    const denied = await cli(['journal', 'merge', 'anna.json', '--out', 'missing/team.json'], {
      cwd,
    });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(
      /error: cannot write --out missing\/team\.json: .*ENOENT.*\. Nothing of it was written; check the folder and run the merge again\.\n$/,
    );
    expect(denied.stdout).toContain('Merged 1 journal export: 2 handoffs, 0 duplicates dropped.');
  });

  it('--help and help journal', async () => {
    const cwd = workspace();
    const [a, b] = await Promise.all([
      cli(['journal', 'merge', '--help'], { cwd }),
      cli(['help', 'journal'], { cwd }),
    ]);
    expect(a).toEqual({ code: 0, stdout: `${JOURNAL_HELP}\n`, stderr: '' });
    expect(b).toEqual(a);
  });
});

/** `run` in-process, files in memory and writes recorded: the edge cases, without a process each. */
async function runWith(
  argv: string[],
  files: Record<string, string>,
  options: { identity?: (path: string) => string | undefined; failWrite?: string } = {},
) {
  let stdout = '';
  let stderr = '';
  const written: Record<string, string> = {};
  const io: Io = {
    cwd: '/qa',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    async readFile(path) {
      const file = files[path];
      if (file === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return file;
    },
    readStdin: async () => '',
    now: () => NOW + HOUR,
    async writeFile(path, chunks) {
      if (path === options.failWrite) throw new Error('EACCES: permission denied');
      written[path] = [...chunks].join('');
    },
    fileIdentity: async (path) => options.identity?.(path) ?? (path in files ? path : undefined),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, written };
}

describe('handoff-fields journal merge (in-process)', () => {
  const files = { '/qa/anna.json': annaJson, '/qa/ben.json': benJson };

  it('usage: no file, no action, an unknown action or option, an empty --out', async () => {
    const usage = async (argv: string[]) => (await runWith(argv, files)).stderr.split('\n')[0];
    expect(await usage(['journal', 'merge'])).toBe(
      "error: journal merge: name the journal exports (the QA journal's Export JSON files), e.g. handoff-fields journal merge anna.json ben.json --out team.json",
    );
    expect(await usage(['journal'])).toBe(
      'error: journal: say what to do: handoff-fields journal merge <file.json>... [--out <file>] [--csv <file>]',
    );
    expect(await usage(['journal', 'split', 'a.json'])).toBe(
      'error: journal: there is no "split"; journal has: merge',
    );
    expect(await usage(['journal', 'merge', 'a.json', '--output', 'x'])).toBe(
      'error: journal: unknown option --output',
    );
    expect(await usage(['journal', 'merge', 'a.json', '--out', ' '])).toBe(
      'error: journal merge: --out needs a file, e.g. team.json',
    );
    expect((await runWith(['journal', 'merge'], files)).code).toBe(2);
  });

  it('outputs that clash: the same file twice, --out and --csv one file, an input under another name', async () => {
    const clash = async (argv: string[], identity?: (p: string) => string | undefined) => {
      const r = await runWith(argv, files, { identity });
      expect(r.code).toBe(2);
      expect(r.written).toEqual({});
      return r.stderr;
    };
    expect(await clash(['journal', 'merge', 'anna.json', './anna.json'])).toBe(
      'error: ./anna.json is given twice: give each export once\n',
    );
    expect(
      await clash(['journal', 'merge', 'anna.json', '--out', 't.json', '--csv', '../qa/t.json']),
    ).toBe('error: --out and --csv name the same file (t.json): give each its own\n');
    // A link to Ben's export: another path, the same file.
    expect(
      await clash(['journal', 'merge', 'anna.json', 'ben.json', '--out', 'link.json'], (p) =>
        p === '/qa/link.json' || p === '/qa/ben.json' ? 'dev:42' : undefined,
      ),
    ).toBe(
      'error: --out link.json is the export ben.json: a merge never writes over one of its inputs; name a new file\n',
    );
  });

  it('writes the outputs at paths relative to the current folder; a failed write is named', async () => {
    const ok = await runWith(
      [
        'journal',
        'merge',
        'anna.json',
        'ben.json',
        '--out',
        'out/team.json',
        '--csv',
        '/tmp/t.csv',
      ],
      files,
    );
    expect(ok.code).toBe(0);
    expect(Object.keys(ok.written)).toEqual(['/qa/out/team.json', '/tmp/t.csv']);
    expect(JSON.parse(ok.written['/qa/out/team.json'] ?? '')).toMatchObject({
      exportedAt: new Date(NOW + HOUR).toISOString(),
      merged: { entries: 4, duplicatesDropped: 1 },
    });
    const failed = await runWith(
      ['journal', 'merge', 'anna.json', '--out', 'team.json', '--csv', 'team.csv'],
      files,
      { failWrite: '/qa/team.csv' },
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe(
      'error: cannot write --csv team.csv: EACCES: permission denied. Nothing of it was written (wrote team.json: 2 handoffs); check the folder and run the merge again.\n',
    );
  });

  it('warns when the files disagree in redaction; the summary shows no control characters', async () => {
    const masked = named(
      'masked.json',
      await exportV1([stored(shared, 1)], { redaction: 'mask' }),
    ).text;
    const hostile = named(
      'h.json',
      await exportV2([
        stored(
          entry({
            messageId: 'm-esc',
            fields: [
              { ...tierWritten, field: 'Evil__c', label: 'Tier\u001b[2J\u001b]0;pwned\u0007' },
            ],
          }),
          9,
        ),
      ]),
    ).text;
    const r = await runWith(['journal', 'merge', 'masked.json', 'ben.json', 'h.json'], {
      '/qa/masked.json': masked,
      '/qa/ben.json': benJson,
      '/qa/h.json': hostile,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning: the files disagree in redaction (masked.json: mask; ben.json: none; h.json: none)',
    );
    expect(r.stderr).toContain('warning: 1 handoffs were redacted in one file and not in another');
    expect(r.stdout).toContain('Case.Evil__c (Tier[2J]0;pwned)');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
