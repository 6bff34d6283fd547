// @vitest-environment node
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readRealFixture } from '../../support/real-fixtures';
import { CLI_TIMEOUT, type CliRun, cli, removeWorkspaces, workspace } from './run-cli';

afterAll(removeWorkspaces);

const FORMAT = 'handoff-fields/mappings';
const m = (id: string, field: string, over: Record<string, unknown> = {}) => ({
  id,
  platform: 'salesforce',
  object: 'Case',
  field,
  sources: ['Key'],
  ...over,
});
const file = (mappings: unknown[], more: Record<string, unknown> = {}) => ({
  format: FORMAT,
  version: 1,
  mappings,
  ...more,
});

let dir: string;
/** Every run starts at once (they are independent processes); each test awaits its own. */
const runs: Record<string, Promise<CliRun>> = {};

beforeAll(() => {
  dir = workspace({
    'real-case.json': readRealFixture('sf_describe_Case_cumulusci_v48.json'),
    'bad-shape.json': file([
      m('tier', 'Account_Tier__c'),
      m('tier', 'Account_Number__c'),
      m('vip', 'VIP__c', {
        valueMap: [
          { from: 'yes', to: 'true' },
          { from: 'no', to: false },
        ],
      }),
      m('prio', 'Priority', { polcy: 'overwrite' }),
    ]),
    'against-real.json': file([
      m('subject', 'Subject'),
      m('tier', 'Account_Tier__c'),
      m('escalated', 'IsEscalated', { valueMap: [{ from: 'perhaps', to: 'maybe' }] }),
      m('number', 'CaseNumber'),
    ]),
    'warnings.json': file([
      m('subject', 'Subject', { transforms: ['trim', 'trim'] }),
      m('tier', 'Account_Tier__c', {
        valueMap: [
          { from: 'Premium', to: 'tier_premium' },
          { from: ' premium', to: 'tier_basic' },
        ],
      }),
    ]),
    'not-json.json': `{\n  "format": "${FORMAT}",\n  "version": 1,\n  "mappings": [\n  }\n`,
    'newer.json': file([], { version: 2 }),
    'no-ids.json': file([
      { platform: 'salesforce', object: 'Case', field: 'Account_Tier__c', sources: ['Tier'] },
      {
        platform: 'salesforce',
        object: 'Case',
        field: 'Customer_Since__c',
        sources: ['Since'],
        dateFormat: 'DD/MM/YYYY',
      },
    ]),
    'typo.json': file([
      { platform: 'salesforce', object: 'Case', field: 'VIPP__c', sources: ['VIP'] },
    ]),
    'twins.json': file([
      { platform: 'salesforce', object: 'Case', field: 'Subject', sources: ['Subject'] },
      { platform: 'salesforce', object: 'Case', field: 'VIP__c', sources: ['VIP'] },
      { platform: 'salesforce', object: 'Case', field: 'VIP__c', sources: ['Is VIP'] },
    ]),
    'describe-list.json': readRealFixture('sf_sobjects_global_describe_cumulusci.json'),
  });
  const start = (name: string, args: string[]) => {
    runs[name] = cli(args, { cwd: dir });
  };
  start('valid', ['validate', 'mappings.json']);
  start('valid+catalogs', [
    'validate',
    'mappings.json',
    '--catalog',
    'case-describe.json',
    '--catalog',
    'conversation-metadata.json',
  ]);
  start('bad-shape', ['validate', 'bad-shape.json', '--catalog', 'case-describe.json']);
  start('against-real', ['validate', 'against-real.json', '--catalog', 'real-case.json']);
  start('warnings', ['validate', 'warnings.json', '--catalog', 'case-describe.json']);
  start('not-json', ['validate', 'not-json.json']);
  start('newer', ['validate', 'newer.json']);
  start('no-ids', ['validate', 'no-ids.json', '--catalog', 'case-describe.json']);
  start('typo', ['validate', 'typo.json', '--catalog', 'case-describe.json']);
  start('twins', ['validate', 'twins.json', '--catalog', 'case-describe.json']);
  start('missing', ['validate', 'nope.json']);
  start('bad-catalog', ['validate', 'mappings.json', '--catalog', 'describe-list.json']);
  start('usage', ['validate']);
});

describe.concurrent('handoff-fields validate (the real CLI, spawned)', {
  timeout: CLI_TIMEOUT,
}, () => {
  it('a valid file: exit 0, one summary line', async ({ expect }) => {
    const r = await runs.valid;
    expect(r).toEqual({
      code: 0,
      stdout:
        'mappings.json: valid, 15 mappings, not checked against fields (add --catalog <describe or metadata file>)\n',
      stderr: '',
    });
  });

  it('with catalogs: checked against each, and the objects without one noted on stderr', async ({
    expect,
  }) => {
    const r = await runs['valid+catalogs'];
    expect(r?.code).toBe(0);
    expect(r?.stdout).toMatch(
      /^mappings\.json: valid, 15 mappings, checked against salesforce Case \(\d+ fields\), kustomer conversation \(11 fields\)\n$/,
    );
    expect(r?.stderr).toBe(
      'note: 2 mappings of kustomer customer were not checked against fields: no --catalog for customer\n',
    );
  });

  it('an invalid file: exit 1, one path-named error a line on stdout, a count on stderr', async ({
    expect,
  }) => {
    const r = await runs['bad-shape'];
    expect(r).toEqual({
      code: 1,
      stdout: [
        'mappings[1].id (Account Number): "tier" is used by mappings[0] (Account Tier) too',
        'mappings[2].valueMap[1].to (VIP): must be text, not false',
        'mappings[3].polcy (Priority): unknown key: did you mean "policy"? a mapping has id, platform, object, field, sources, combine, separator, valueMap, unmapped, transforms, dateFormat, timeZone, policy, enabled',
        '',
      ].join('\n'),
      stderr:
        'bad-shape.json: 3 errors; the file would be refused as a whole. Fix them and run validate again.\n',
    });
  });

  it('catalog problems are errors too: exit 1, path-named', async ({ expect }) => {
    const r = await runs['against-real'];
    expect(r?.code).toBe(1);
    expect(r?.stdout.split('\n')).toEqual([
      'mappings[1].field (Account_Tier__c): Account_Tier__c is not a field of Case in the catalog: it was deleted or renamed, or your profile cannot see it; import the fields again or fix the mapping',
      "mappings[2].valueMap[0].to (Escalated): Escalated is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
      'mappings[3].field (Case Number): Case Number (CaseNumber) is read-only: a system field, or field-level security for the user who imported the catalog; nothing can be written to it',
      '',
    ]);
    expect(r?.stderr).toBe('against-real.json: 3 errors. Fix the errors and run validate again.\n');
  });

  it('warnings only: exit 0, the warnings on stderr', async ({ expect }) => {
    const r = await runs.warnings;
    expect(r?.code).toBe(0);
    expect(r?.stdout).toMatch(
      /^warnings\.json: valid, 2 mappings, checked against salesforce Case \(\d+ fields\), 2 warnings\n$/,
    );
    expect(r?.stderr).toBe(
      [
        "warning: mappings[0].transforms[1] (Subject): 'trim' is listed twice",
        "warning: mappings[1].valueMap[1].from (Account Tier): ' premium' is already mapped by valueMap[0] (matching ignores case and spaces around): this entry is never used",
        '',
      ].join('\n'),
    );
  });

  it('mappings without an id are valid: each gets one from its platform, object and field', async ({
    expect,
  }) => {
    const r = await runs['no-ids'];
    expect(r?.stderr).toBe('');
    expect(r?.code).toBe(0);
    expect(r?.stdout).toMatch(/^no-ids\.json: valid, 2 mappings, checked against salesforce Case/);
  });

  it('a field one letter off: did you mean…; two id-less mappings of one field: both named', async ({
    expect,
  }) => {
    const typo = await runs.typo;
    expect(typo?.code).toBe(1);
    expect(typo?.stdout).toBe(
      'mappings[0].field (VIPP__c): VIPP__c is not a field of Case in the catalog — did you mean VIP__c (VIP)?\n',
    );
    const r = await runs.twins;
    expect(r?.code).toBe(1);
    expect(r?.stdout.split('\n')).toEqual([
      'mappings[2] (VIP): neither it nor mappings[1] (VIP) has an id, and both fill salesforce Case VIP__c: one field takes one mapping; remove one, or give each an id (to keep a second one disabled)',
      '',
    ]);
  });

  it('a file that is not JSON: exit 1, with the line and column', async ({ expect }) => {
    const r = await runs['not-json'];
    expect(r?.code).toBe(1);
    expect(r?.stdout).toMatch(/^not-json\.json is not valid JSON: .+ \(line 5, column 3\)\n$/);
  });

  it('a newer version: exit 1, with the one message that matters', async ({ expect }) => {
    const r = await runs.newer;
    expect(r?.code).toBe(1);
    expect(r?.stdout).toBe(
      'version: this file is version 2, newer than this Handoff Fields reads (version 1): update the extension (or the checkout that runs the CLI) and import it again\n',
    );
  });

  it('an unreadable file: exit 2, what happened and what to do', async ({ expect }) => {
    const missing = await runs.missing;
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot read the mappings file nope.json: there is no such file (looked for ${join(dir, 'nope.json')}). Check the path (it is relative to the current folder).\n`,
    });
  });

  it('a catalog that is not a describe or metadata response: exit 2', async ({ expect }) => {
    const r = await runs['bad-catalog'];
    expect(r?.code).toBe(2);
    expect(r?.stdout).toBe('');
    expect(r?.stderr).toBe(
      [
        "error: describe-list.json: This is Salesforce's list of objects (the global describe), not one object's describe: save the response of GET /services/data/vXX.X/sobjects/Case/describe",
        'Give each --catalog the describe (Salesforce) or metadata (Kustomer) response as the platform returned it; see handoff-fields validate --help.',
        '',
      ].join('\n'),
    );
  });

  it('unusable arguments: exit 2 with the usage problem', async ({ expect }) => {
    expect(await runs.usage).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: validate: name the mappings file, e.g. handoff-fields validate mappings.json\nRun handoff-fields --help for the commands and their options.\n',
    });
  });
});
