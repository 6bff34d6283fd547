// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  helpText,
  JOURNAL_HELP,
  OVERVIEW,
  PLAN_HELP,
  parseCliArgs,
  VALIDATE_HELP,
} from '@/lib/cli/args';

const usage = (argv: string[]) => {
  const parsed = parseCliArgs(argv);
  if (parsed.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return parsed.error;
};

describe('parseCliArgs', () => {
  it('help and version', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['-h'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['help', 'plan'])).toEqual({
      ok: true,
      command: { kind: 'help', topic: 'plan' },
    });
    expect(parseCliArgs(['validate', 'x.json', '--help'])).toEqual({
      ok: true,
      command: { kind: 'help', topic: 'validate' },
    });
    expect(parseCliArgs(['--version'])).toEqual({ ok: true, command: { kind: 'version' } });
  });

  it('validate: one file, any number of catalogs', () => {
    expect(parseCliArgs(['validate', 'm.json'])).toEqual({
      ok: true,
      command: { kind: 'validate', mappings: 'm.json', catalogs: [] },
    });
    expect(parseCliArgs(['validate', '--catalog', 'a.json', 'm.json', '--catalog=b.json'])).toEqual(
      {
        ok: true,
        command: { kind: 'validate', mappings: 'm.json', catalogs: ['a.json', 'b.json'] },
      },
    );
  });

  it('plan: every option, the author bot by default', () => {
    expect(
      parseCliArgs(['plan', '--mappings', 'm.json', '--catalog', 'c.json', '--context', 'msg.txt']),
    ).toEqual({
      ok: true,
      command: {
        kind: 'plan',
        mappings: 'm.json',
        catalogs: ['c.json'],
        context: 'msg.txt',
        author: 'bot',
      },
    });
    expect(
      parseCliArgs([
        'plan',
        '--mappings=m.json',
        '--catalog',
        'a.json',
        '--catalog',
        'b.json',
        '--context',
        '-',
        '--settings',
        's.json',
        '--author',
        'customer',
        '--conversation',
        '0Mw5g00000Ms0a1',
        '--current',
        'cur.json',
        '--now',
        '2026-11-21T10:00:00Z',
      ]),
    ).toEqual({
      ok: true,
      command: {
        kind: 'plan',
        mappings: 'm.json',
        catalogs: ['a.json', 'b.json'],
        context: '-',
        settings: 's.json',
        author: 'customer',
        conversation: '0Mw5g00000Ms0a1',
        current: 'cur.json',
        now: Date.parse('2026-11-21T10:00:00Z'),
      },
    });
  });

  it('plan --transcript: a conversation instead of --context, with no --author', () => {
    expect(
      parseCliArgs([
        'plan',
        '--mappings',
        'm.json',
        '--catalog',
        'c.json',
        '--transcript',
        'conversation.json',
        '--settings',
        's.json',
        '--conversation',
        '0Mw5g00000Ms0a1',
        '--current',
        'cur.json',
        '--now',
        '2026-11-21T10:00:00Z',
      ]),
    ).toEqual({
      ok: true,
      command: {
        kind: 'plan',
        mappings: 'm.json',
        catalogs: ['c.json'],
        transcript: 'conversation.json',
        settings: 's.json',
        conversation: '0Mw5g00000Ms0a1',
        current: 'cur.json',
        now: Date.parse('2026-11-21T10:00:00Z'),
      },
    });
    expect(
      parseCliArgs(['plan', '--mappings', 'm', '--catalog', 'c', '--transcript=-']),
    ).toMatchObject({ ok: true, command: { transcript: '-' } });
  });

  it('plan: exactly one of --context and --transcript, and --author only with --context', () => {
    const base = ['plan', '--mappings', 'm', '--catalog', 'c'];
    expect(usage([...base, '--context', 'x.txt', '--transcript', 't.json'])).toBe(
      'plan: give --context <message.txt> (one message) or --transcript <file.json> (a conversation), not both',
    );
    expect(usage(base)).toBe('plan: --context <file> or --transcript <file> is required');
    expect(usage([...base, '--transcript', 't.json', '--author', 'bot'])).toBe(
      'plan: --author goes with --context only: a transcript names the author of each message',
    );
    expect(usage([...base, '--transcript'])).toBe(
      'plan: --transcript needs a value, e.g. --transcript <file>',
    );
  });

  it('names each usage problem', () => {
    expect(usage(['lint'])).toBe(
      'there is no command "lint"; the commands are validate, plan, schema, journal',
    );
    expect(usage(['--catalog', 'x'])).toBe(
      '--catalog must come after a command (validate, plan, schema, journal)',
    );
    expect(usage(['help', 'lint'])).toBe(
      'there is no command "lint"; the commands are validate, plan, schema, journal',
    );
    expect(usage(['validate'])).toBe(
      'validate: name the mappings file, e.g. handoff-fields validate mappings.json',
    );
    expect(usage(['validate', 'a.json', 'b.json'])).toBe(
      'validate: one mappings file at a time (got 2: a.json, b.json); for catalogs use --catalog <file>',
    );
    expect(usage(['validate', 'a.json', '--catalogue', 'c.json'])).toBe(
      'validate: unknown option --catalogue',
    );
    expect(usage(['validate', 'a.json', '--catalog'])).toBe(
      'validate: --catalog needs a value, e.g. --catalog <file>',
    );
    expect(usage(['plan'])).toBe(
      'plan: --mappings <file>, --catalog <file>, --context <file> or --transcript <file> are required',
    );
    expect(usage(['plan', 'm.json'])).toBe(
      'plan: unexpected "m.json": plan takes its files as options (--mappings, --catalog, --context or --transcript)',
    );
    const base = ['plan', '--mappings', 'm', '--catalog', 'c', '--context', 'x'];
    expect(usage([...base, '--author', 'Bot'])).toBe(
      'plan: --author must be one of bot, customer, agent, system, unknown, not "Bot"',
    );
    expect(usage([...base, '--now', 'yesterday'])).toBe(
      'plan: --now takes a date and time in ISO 8601 such as 2026-11-21T10:00:00Z, not "yesterday"',
    );
    expect(usage([...base, '--conversation', ' '])).toBe(
      'plan: --conversation needs the conversation id, e.g. --conversation 0Mw5g00000Ms0a1',
    );
    expect(usage(['schema', 'x'])).toBe('schema: unexpected argument x');
  });
});

describe('journal merge', () => {
  it('takes the exports in order, --out, --csv and --json-summary', () => {
    expect(
      parseCliArgs([
        'journal',
        'merge',
        'a.json',
        'team/b.json',
        '--csv',
        't.csv',
        '--json-summary',
      ]),
    ).toEqual({
      ok: true,
      command: {
        kind: 'journal-merge',
        files: ['a.json', 'team/b.json'],
        csv: 't.csv',
        jsonSummary: true,
      },
    });
    expect(parseCliArgs(['journal', 'merge', 'a.json', '--out', 'team.json'])).toEqual({
      ok: true,
      command: { kind: 'journal-merge', files: ['a.json'], out: 'team.json', jsonSummary: false },
    });
    expect(parseCliArgs(['journal', 'merge', '-h'])).toEqual({
      ok: true,
      command: { kind: 'help', topic: 'journal' },
    });
  });

  it('--out without a file is a usage error', () => {
    expect(usage(['journal', 'merge', 'a.json', '--out'])).toBe(
      'journal: --out needs a value, e.g. --out <file>',
    );
  });
});

describe('help texts', () => {
  it('one per command, the overview by default', () => {
    expect(helpText()).toBe(OVERVIEW);
    expect(helpText('plan')).toBe(PLAN_HELP);
    expect(helpText('validate')).toBe(VALIDATE_HELP);
    expect(helpText('journal')).toBe(JOURNAL_HELP);
  });

  it('document journal merge: its options, the limits and the exit codes', () => {
    for (const option of ['--out <file>', '--csv <file>', '--json-summary']) {
      expect(JOURNAL_HELP).toContain(option);
    }
    expect(OVERVIEW).toContain('handoff-fields journal merge <export.json>...');
    expect(JOURNAL_HELP).toContain('200 MB and 200,000 handoffs');
    expect(JOURNAL_HELP).toMatch(/Exit codes: 0 merged/);
  });

  it('document every option of plan and the exit codes', () => {
    for (const option of [
      '--mappings',
      '--catalog',
      '--context',
      '--transcript',
      '--settings',
      '--author',
      '--conversation',
      '--current',
      '--now',
    ]) {
      expect(PLAN_HELP).toContain(option);
    }
    expect(PLAN_HELP).toContain('--catalog conversation.json --catalog customer.json');
    // The transcript form: in the overview's usage too, with the output's shape and its rules.
    expect(OVERVIEW).toContain('--transcript <conversation.json>');
    expect(PLAN_HELP).toContain('"handoffs": [');
    expect(PLAN_HELP).toMatch(/jti\s+an earlier message already used is refused as replayed/);
    for (const text of [OVERVIEW, PLAN_HELP, VALIDATE_HELP]) expect(text).toMatch(/Exit codes:/);
  });

  it('fit an 100-column terminal', () => {
    for (const text of [OVERVIEW, PLAN_HELP, VALIDATE_HELP, JOURNAL_HELP]) {
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });
});
