// @vitest-environment node
import { afterAll, beforeAll, describe, it } from 'vitest';
import { NO_CONTEXT_ERROR, type Preview } from '@/lib/mapping/preview';
import { exampleMappings, keyValueHandoff } from '../../support/example-mappings';
import { es256Key, sign } from '../context/test-signer';
import { CLI_TIMEOUT, type CliRun, cli, removeWorkspaces, workspace } from './run-cli';

afterAll(removeWorkspaces);

const NOW = '2026-11-21T10:00:00Z';
const NOW_SEC = Date.parse(NOW) / 1000;
const CASE_ID = '5005g00000HfCa1AAF';
const BOT_TEXT = keyValueHandoff({
  'Account Tier': 'Premium',
  'Account Number': 'AC-1001',
  Priority: 'urgent',
  VIP: 'maybe',
  'Refund Amount': '1,234.50',
});
const KUSTOMER_NOTES = [
  'note: 6 enabled mappings of kustomer conversation were not planned: no --catalog for conversation',
  'note: 2 enabled mappings of kustomer customer were not planned: no --catalog for customer',
  '',
].join('\n');

let dir: string;
const runs: Record<string, Promise<CliRun>> = {};

beforeAll(async () => {
  const key = await es256Key('2026-11');
  const token = await sign(key, {
    ver: 1,
    iss: 'kore-bot',
    aud: 'acme',
    iat: NOW_SEC - 5,
    exp: NOW_SEC + 600,
    jti: 'jti-cli-1',
    conv: CASE_ID,
    ctx: { 'Account Number': 'AC-SIGNED', 'Account Tier': 'Enterprise' },
  });
  const settings = {
    format: 'handoff-fields/settings',
    version: 1,
    trust: { audiences: ['acme'], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
  };
  dir = workspace({
    'bot.txt': BOT_TEXT,
    'signed.txt': `Thanks! Connecting you to an agent.\nhandoff-context: ${token}\n`,
    'none.txt': 'Hi! How can I help you today?',
    'kustomer.txt': keyValueHandoff({
      'Account Number': 'AC-7',
      'Contact Reason': 'Billing › Refund request',
      'Loyalty Tier': 'gold',
      VIP: 'no',
    }),
    'settings.json': settings,
    'current.json': {
      Account_Tier__c: 'tier_premium',
      Account_Number__c: 'AC-0',
      Priority: 'Low',
    },
    'bad-mappings.json': {
      format: 'handoff-fields/mappings',
      version: 1,
      mappings: [{ ...exampleMappings[0], policy: 'always' }],
    },
    'bad-settings.json': {
      ...settings,
      trust: {
        audiences: ['acme'],
        issuers: [{ iss: 'kore-bot', keys: [{ ...key.jwk, d: key.privateJwk.d }] }],
      },
    },
    'current-list.json': [{ Account_Tier__c: 'x' }],
  });
  const base = ['plan', '--mappings', 'mappings.json', '--catalog', 'case-describe.json'];
  const start = (name: string, args: string[], stdin?: string) => {
    runs[name] = cli(args, { cwd: dir, stdin });
  };
  start('bot', [...base, '--context', 'bot.txt']);
  start('stdin', [...base, '--context', '-'], BOT_TEXT);
  start('customer', [...base, '--context', 'bot.txt', '--author', 'customer']);
  start('current', [...base, '--context', 'bot.txt', '--current', 'current.json']);
  start('none', [...base, '--context', 'none.txt']);
  const signed = [...base, '--context', 'signed.txt', '--author', 'customer'];
  start('signed', [
    ...signed,
    '--settings',
    'settings.json',
    '--conversation',
    CASE_ID,
    '--now',
    NOW,
  ]);
  start('signed-no-settings', [...signed, '--now', NOW]);
  start('signed-later', [
    ...signed,
    '--settings',
    'settings.json',
    '--now',
    '2026-11-21T11:00:00Z',
  ]);
  start('kustomer', [
    'plan',
    '--mappings',
    'mappings.json',
    '--catalog',
    'conversation-metadata.json',
    '--catalog',
    'customer-metadata.json',
    '--context',
    'kustomer.txt',
  ]);
  start('bad-files', [
    'plan',
    '--mappings',
    'bad-mappings.json',
    '--catalog',
    'case-describe.json',
    '--catalog',
    'case-describe.json',
    '--context',
    'bot.txt',
    '--settings',
    'bad-settings.json',
    '--current',
    'current-list.json',
  ]);
  start('usage', ['plan', '--mappings', 'mappings.json', '--catalog', 'case-describe.json']);
});

async function planOf(name: string): Promise<{ run: CliRun; plan: Preview }> {
  const run = (await runs[name]) as CliRun;
  if (run.code !== 0) throw new Error(`${name}: exit ${run.code}\n${run.stderr}`);
  return { run, plan: JSON.parse(run.stdout) as Preview };
}

const byField = (plan: Preview) => Object.fromEntries(plan.fields.map((f) => [f.field, f]));

describe.concurrent('handoff-fields plan (the real CLI, spawned)', { timeout: CLI_TIMEOUT }, () => {
  it('a bot message: exit 0, the plan as 2-space JSON, every mapped field of the Case', async ({
    expect,
  }) => {
    const { run, plan } = await planOf('bot');
    expect(run.stdout).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect(run.stderr).toBe(KUSTOMER_NOTES);
    expect(plan.context).toEqual({
      form: 'key-value',
      trust: 'bot-authored',
      values: {
        'Account Tier': 'Premium',
        'Account Number': 'AC-1001',
        Priority: 'urgent',
        VIP: 'maybe',
        'Refund Amount': '1,234.50',
      },
    });
    expect(plan.fields.map((f) => [f.object, f.field, f.action, f.value, f.reason])).toEqual([
      ['Case', 'Account_Number__c', 'write', 'AC-1001', undefined],
      ['Case', 'Account_Tier__c', 'write', 'tier_premium', undefined],
      ['Case', 'Customer_Since__c', 'skip', null, 'empty'],
      ['Case', 'Order_Id__c', 'skip', null, 'empty'],
      ['Case', 'Priority', 'write', 'High', undefined],
      ['Case', 'Refund_Amount__c', 'write', 1234.5, undefined],
      [
        'Case',
        'VIP__c',
        'refuse',
        null,
        "VIP is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
      ],
    ]);
    expect(byField(plan).Account_Tier__c).toEqual({
      object: 'Case',
      field: 'Account_Tier__c',
      action: 'write',
      value: 'tier_premium',
      source: ['Account Tier'],
      raw: 'Premium',
      mapped: 'tier_premium',
      label: 'Account Tier',
      mapping: 'account-tier',
    });
  });

  it('--context - reads the message from stdin', async ({ expect }) => {
    const [fromStdin, fromFile] = await Promise.all([runs.stdin, runs.bot]);
    expect(fromStdin?.code).toBe(0);
    expect(fromStdin?.stdout).toBe(fromFile?.stdout);
  });

  it('--author customer: unverified, the reason, and nothing planned (exit 0)', async ({
    expect,
  }) => {
    const { plan } = await planOf('customer');
    expect(plan.context.trust).toBe('unverified');
    expect(plan.context.form).toBe('key-value');
    expect(plan.context.values['Account Number']).toBe('AC-1001');
    expect(plan.context.error).toMatch(
      /^A handoff context was posted by the customer, not by the bot, so nothing was written\./,
    );
    expect(plan.fields).toEqual([]);
  });

  it('--current: unchanged, kept-existing (fill-empty) and overwrite', async ({ expect }) => {
    const fields = byField((await planOf('current')).plan);
    expect(fields.Account_Tier__c).toMatchObject({
      action: 'skip',
      reason: 'unchanged',
      value: 'tier_premium',
    });
    expect(fields.Account_Number__c).toMatchObject({
      action: 'skip',
      reason: 'kept-existing',
      value: 'AC-1001',
    });
    expect(fields.Priority).toMatchObject({ action: 'write', value: 'High' });
  });

  it('a message without a context: form null, refused, an error, no fields', async ({ expect }) => {
    const { plan } = await planOf('none');
    expect(plan).toEqual({
      context: { form: null, trust: 'refused', values: {}, error: NO_CONTEXT_ERROR },
      fields: [],
    });
  });

  it('a signed context with --settings: verified, from the customer too, and planned', async ({
    expect,
  }) => {
    const { plan } = await planOf('signed');
    expect(plan.context).toEqual({
      form: 'signed',
      trust: 'signed',
      values: { 'Account Number': 'AC-SIGNED', 'Account Tier': 'Enterprise' },
    });
    const writes = plan.fields.filter((f) => f.action === 'write');
    expect(writes.map((f) => [f.field, f.value])).toEqual([
      ['Account_Number__c', 'AC-SIGNED'],
      ['Account_Tier__c', 'tier_enterprise'],
    ]);
  });

  it('a signed context without the issuer in settings, or after it expired: refused', async ({
    expect,
  }) => {
    const unknown = (await planOf('signed-no-settings')).plan;
    expect(unknown.context).toMatchObject({ form: 'signed', trust: 'refused' });
    expect(unknown.context.error).toMatch(/kore-bot/);
    expect(unknown.fields).toEqual([]);
    const later = (await planOf('signed-later')).plan;
    expect(later.context.trust).toBe('refused');
    expect(later.context.error).toMatch(/expired/);
  });

  it('two catalogs: a Kustomer conversation, then its customer; the Case mappings noted as not planned', async ({
    expect,
  }) => {
    const { run, plan } = await planOf('kustomer');
    expect(plan.fields.map((f) => [f.object, f.field, f.action, f.value ?? f.reason])).toEqual([
      ['conversation', 'accountNumberStr', 'write', 'AC-7'],
      ['conversation', 'accountTierStr', 'skip', 'empty'],
      ['conversation', 'contactReasonTree', 'write', 'billing.refund'],
      ['conversation', 'lastOrderAt', 'skip', 'empty'],
      ['conversation', 'orderTotalNum', 'skip', 'empty'],
      ['conversation', 'vipBool', 'write', false],
      ['customer', 'customerSinceAt', 'skip', 'empty'],
      ['customer', 'loyaltyTierStr', 'write', 'gold'],
    ]);
    expect(run.stderr).toBe(
      'note: 7 enabled mappings of salesforce Case were not planned: no --catalog for Case\n',
    );
  });

  it('unusable files: exit 2, every problem named at once, nothing on stdout', async ({
    expect,
  }) => {
    const run = await runs['bad-files'];
    expect(run?.code).toBe(2);
    expect(run?.stdout).toBe('');
    expect(run?.stderr.split('\n')).toEqual([
      'error: --mappings bad-mappings.json: mappings[0].policy: must be one of "fill-empty", "overwrite", not "always"',
      'error: case-describe.json describes salesforce Case again (so does case-describe.json): give one catalog per object',
      expect.stringMatching(
        /^error: --settings bad-settings\.json: trust\.issuers\[0\]\.keys\[0\]\.d: this is a private key/,
      ),
      'error: current-list.json must be a JSON object of current values by field API name, e.g. {"Account_Tier__c": "tier_basic"}',
      'Nothing was planned. Fix the files named above (handoff-fields validate <mappings.json> checks a mappings file); see handoff-fields plan --help.',
      '',
    ]);
  });

  it('unusable arguments: exit 2 with the usage problem', async ({ expect }) => {
    expect(await runs.usage).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: plan: --context <file> is required\nRun handoff-fields --help for the commands and their options.\n',
    });
  });
});
