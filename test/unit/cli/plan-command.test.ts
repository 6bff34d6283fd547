// @vitest-environment node
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type ConversationPreview, NO_CONTEXT_ERROR, type Preview } from '@/lib/mapping/preview';
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
let transcript: { author: string; text: string }[];
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
  const signedLine = `handoff-context: ${token}`;
  transcript = [
    { author: 'customer', text: 'Hi, my router broke\nVIP: yes' },
    { author: 'bot', text: keyValueHandoff({ VIP: 'yes', Priority: 'urgent' }) },
    { author: 'bot', text: 'What is your account number?' },
    { author: 'customer', text: 'AC-4242' },
    { author: 'bot', text: keyValueHandoff({ 'Account Number': 'AC-4242' }) },
    { author: 'agent', text: 'Thanks, I am on it.' },
    { author: 'bot', text: `Thanks! Connecting you to an agent.\n${signedLine}` },
    { author: 'customer', text: signedLine },
  ];
  dir = workspace({
    'conversation.json': transcript,
    'bad-conversation.json': [
      { author: 'Bot', text: 'Handoff context\nVIP: yes' },
      { author: 'customer', text: 42, sent: '10:02' },
    ],
    'bot.txt': BOT_TEXT,
    'signed.txt': `Thanks! Connecting you to an agent.\nhandoff-context: ${token}\n`,
    'none.txt': 'Hi! How can I help you today?',
    'nested.txt':
      'handoff-context\n{"account": {"tier": "Premium", "number": "AC-9"}, "constructor": "x", "equipment": ["Router", "Modem"]}',
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
    'opted-in-settings.json': {
      format: 'handoff-fields/settings',
      version: 1,
      recordFieldSources: [
        {
          platform: 'salesforce',
          object: 'MessagingSession',
          field: 'Handoff_Context__c',
          acceptUnsigned: true,
        },
      ],
    },
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
  start('nested', [...base, '--context', 'nested.txt']);
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
  const conversation = [...base, '--settings', 'settings.json', '--conversation', CASE_ID];
  start('transcript', [...conversation, '--transcript', 'conversation.json', '--now', NOW]);
  start(
    'transcript-stdin',
    [...conversation, '--transcript', '-', '--now', NOW],
    JSON.stringify(transcript),
  );
  start('transcript-bad', [...base, '--transcript', 'bad-conversation.json']);
  start('transcript-none', [...base, '--transcript', '-'], '[{"author": "bot", "text": "Hi!"}]');
  start('transcript-author', [...base, '--transcript', 'conversation.json', '--author', 'bot']);
  start('opted-in', [...base, '--context', 'bot.txt', '--settings', 'opted-in-settings.json']);
});

async function planOf(name: string): Promise<{ run: CliRun; plan: Preview }> {
  const run = (await runs[name]) as CliRun;
  if (run.code !== 0) throw new Error(`${name}: exit ${run.code}\n${run.stderr}`);
  return { run, plan: JSON.parse(run.stdout) as Preview };
}

const byField = (plan: Preview) => Object.fromEntries(plan.fields.map((f) => [f.field, f]));

describe.concurrent('handoff-fields plan (the real CLI, spawned)', { timeout: CLI_TIMEOUT }, () => {
  it('warns on stderr about a record field the settings opt in to unsigned contexts', async ({
    expect,
  }) => {
    const { run } = await planOf('opted-in');
    expect(run.stderr.split('\n')[0]).toMatch(
      /^warning: --settings: recordFieldSources\[0\]: acceptUnsigned trusts any unsigned context in MessagingSession\.Handoff_Context__c like the bot's\./,
    );
  });

  it('nested JSON: dotted keys fill their fields, a reserved key is left out and named on stderr', async ({
    expect,
  }) => {
    const { run, plan } = await planOf('nested');
    expect(plan.context).toMatchObject({
      trust: 'bot-authored',
      values: { 'account.tier': 'Premium', 'account.number': 'AC-9', equipment: 'Router, Modem' },
      dropped: [
        "Handoff context key 'constructor' was left out: __proto__, constructor and prototype are reserved",
      ],
    });
    expect(byField(plan).Account_Number__c).toMatchObject({ action: 'write', value: 'AC-9' });
    expect(byField(plan).Account_Tier__c).toMatchObject({ action: 'write', value: 'tier_premium' });
    expect(run.stderr.split('\n')).toContain(
      "warning: Handoff context key 'constructor' was left out: __proto__, constructor and prototype are reserved",
    );
  });

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
      'error: --mappings bad-mappings.json: mappings[0].policy (Account_Tier__c): must be one of "fill-empty", "overwrite", not "always"',
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
        'error: plan: --context <file> or --transcript <file> is required\nRun handoff-fields --help for the commands and their options.\n',
    });
    expect(await runs['transcript-author']).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: plan: --author goes with --context only: a transcript names the author of each message\nRun handoff-fields --help for the commands and their options.\n',
    });
  });
});

describe.concurrent('handoff-fields plan --transcript (spawned)', { timeout: CLI_TIMEOUT }, () => {
  async function conversationOf(name: string) {
    const run = (await runs[name]) as CliRun;
    if (run.code !== 0) throw new Error(`${name}: exit ${run.code}\n${run.stderr}`);
    return { run, conversation: JSON.parse(run.stdout) as ConversationPreview };
  }

  it('one handoff per message holding a context, each shaped as --context prints it', async ({
    expect,
  }) => {
    const { run, conversation } = await conversationOf('transcript');
    expect(run.stdout).toBe(`${JSON.stringify(conversation, null, 2)}\n`);
    expect(run.stderr).toBe(KUSTOMER_NOTES);
    expect(Object.keys(conversation)).toEqual(['handoffs']);
    expect(conversation.handoffs.map((h) => [h.message, h.context.form, h.context.trust])).toEqual([
      [1, 'key-value', 'refused'],
      [4, 'key-value', 'bot-authored'],
      [6, 'signed', 'signed'],
      [7, 'signed', 'refused'],
    ]);
    for (const h of conversation.handoffs)
      expect(Object.keys(h)).toEqual(['message', 'context', 'fields']);
  });

  it('the customer’s earlier lines are remembered: a bot context repeating one is refused', async ({
    expect,
  }) => {
    const [echoed, asked] = (await conversationOf('transcript')).conversation.handoffs;
    expect(echoed?.context).toEqual({
      form: 'key-value',
      trust: 'refused',
      values: { VIP: 'yes', Priority: 'urgent' },
      error: expect.stringMatching(
        /^This handoff context repeats what the customer wrote earlier in this conversation \(the line 'VIP'\)/,
      ),
    });
    expect(echoed?.fields).toEqual([]);
    // The bot asked, the customer answered only the value: the bot's context is its own.
    expect(asked?.context.error).toBeUndefined();
    expect(asked?.fields.find((f) => f.field === 'Account_Number__c')).toMatchObject({
      action: 'write',
      value: 'AC-4242',
    });
  });

  it('a jti an earlier message used is refused as replayed', async ({ expect }) => {
    const handoffs = (await conversationOf('transcript')).conversation.handoffs;
    const [first, replayed] = handoffs.slice(2);
    expect(first?.fields.filter((f) => f.action === 'write').map((f) => f.value)).toEqual([
      'AC-SIGNED',
      'tier_enterprise',
    ]);
    expect(replayed?.context.error).toMatch(/already used once \(its id 'jti-cli-1'/);
    expect(replayed?.fields).toEqual([]);
  });

  it('--transcript - reads the conversation from stdin', async ({ expect }) => {
    const [fromStdin, fromFile] = await Promise.all([runs['transcript-stdin'], runs.transcript]);
    expect(fromStdin?.code).toBe(0);
    expect(fromStdin?.stdout).toBe(fromFile?.stdout);
  });

  it('no message holding a context: no handoffs, exit 0, and a note saying so', async ({
    expect,
  }) => {
    const { run, conversation } = await conversationOf('transcript-none');
    expect(conversation).toEqual({ handoffs: [] });
    expect(run.stderr).toBe(
      `${KUSTOMER_NOTES}note: no message holds a handoff context (1 message read), so nothing is planned\n`,
    );
  });

  it('an invalid transcript: exit 2, each problem named by the file and its path', async ({
    expect,
  }) => {
    expect(await runs['transcript-bad']).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'error: --transcript bad-conversation.json: [0].author: must be one of bot, customer, agent, system, unknown',
        'error: --transcript bad-conversation.json: [1].text: must be a string, not the number 42',
        'error: --transcript bad-conversation.json: [1].sent: unknown member: a message has author and text only',
        'Nothing was planned. Fix the files named above (handoff-fields validate <mappings.json> checks a mappings file); see handoff-fields plan --help.',
        '',
      ].join('\n'),
    });
  });
});
