import { beforeAll, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import {
  mappingsFor,
  NO_CONTEXT_ERROR,
  type PreviewCatalog,
  type PreviewInput,
  previewConversation,
  previewHandoff,
  unplannedMappings,
} from '@/lib/mapping/preview';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import { catalogFromPlatformResponse } from '@/lib/platforms/catalog-import';
import type { PlatformClient } from '@/lib/platforms/platform-client';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { RecordRef } from '@/lib/platforms/types';
import { parseSettings, type Settings } from '@/lib/settings/schema';
import { catalogsRepo } from '@/lib/store/catalogs';
import { openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { metadataResponse } from '../../sim/kustomer/metadata';
import { describeObject } from '../../sim/salesforce/describe';
import { CASE as SIM_CASE } from '../../sim/salesforce/objects';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../../support/example-mappings';
import { es256Key, sign, type TestKey } from '../context/test-signer';

function catalog(json: unknown): PreviewCatalog {
  const c = catalogFromPlatformResponse(json);
  if ('error' in c) throw new Error(c.error);
  return c;
}

const caseCatalog = catalog(describeObject('62.0', SIM_CASE, 'https://acme.my.salesforce.com'));
const conversation = catalog(metadataResponse('conversation', 'org', 'user'));
const customer = catalog(metadataResponse('customer', 'org', 'user'));
const MAPPINGS = [...exampleMappings, ...kustomerExampleMappings].map((m) => Mapping.parse(m));
const NOW = Date.parse('2026-11-21T10:00:00Z');
const CASE_ID = '5005g00000HfCa1AAF';

const input = (over: Partial<PreviewInput> = {}): PreviewInput => ({
  text: keyValueHandoff({ 'Account Tier': 'Premium', 'Account Number': 'AC-1001' }),
  author: 'bot',
  mappings: MAPPINGS,
  catalogs: [caseCatalog],
  now: NOW,
  ...over,
});

describe('previewHandoff: the context', () => {
  it('a message without a context: form null, refused, an error, no fields', async () => {
    expect(await previewHandoff(input({ text: 'Hi, how can I help?' }))).toEqual({
      context: { form: null, trust: 'refused', values: {}, error: NO_CONTEXT_ERROR },
      fields: [],
    });
  });

  it('a broken context: its form, refused, the parser error, no fields', async () => {
    const preview = await previewHandoff(input({ text: 'handoff-context\n{"Account Tier": }' }));
    expect(preview.context).toMatchObject({ form: 'json', trust: 'refused', values: {} });
    expect(preview.context.error).toMatch(
      /^Handoff context JSON is not valid: .*Nothing was written\.$/,
    );
    expect(preview.fields).toEqual([]);
  });

  it('a bot context: bot-authored, its values in order, no error', async () => {
    const preview = await previewHandoff(input());
    expect(preview.context).toEqual({
      form: 'key-value',
      trust: 'bot-authored',
      values: { 'Account Tier': 'Premium', 'Account Number': 'AC-1001' },
    });
    expect(Object.getPrototypeOf(preview.context.values)).toBe(Object.prototype);
  });

  it('a customer-typed context: unverified, its values, why, and nothing planned', async () => {
    const preview = await previewHandoff(input({ author: 'customer' }));
    expect(preview).toEqual({
      context: {
        form: 'key-value',
        trust: 'unverified',
        values: { 'Account Tier': 'Premium', 'Account Number': 'AC-1001' },
        error:
          "A handoff context was posted by the customer, not by the bot, so nothing was written. Unverified context is accepted only from the bot's own messages; a bot that posts as the end user must sign its context.",
      },
      fields: [],
    });
  });

  it('under "signed only", an unsigned bot context is unverified too', async () => {
    const settings = parseSettingsOrThrow({ trust: { policy: 'signed-only' } });
    const preview = await previewHandoff(input({ settings }));
    expect(preview.context.trust).toBe('unverified');
    expect(preview.context.error).toMatch(/accepts signed contexts only/);
    expect(preview.fields).toEqual([]);
  });
});

describe('previewHandoff: the fields', () => {
  it('plans each enabled mapping of the catalog object, in the store order, with the planner’s values', async () => {
    const preview = await previewHandoff(input());
    expect(preview.fields.map((f) => [f.mapping, f.field, f.action, f.reason])).toEqual([
      ['account-number', 'Account_Number__c', 'write', undefined],
      ['account-tier', 'Account_Tier__c', 'write', undefined],
      ['customer-since', 'Customer_Since__c', 'skip', 'empty'],
      ['order-id', 'Order_Id__c', 'skip', 'empty'],
      ['priority', 'Priority', 'skip', 'empty'],
      ['refund-amount', 'Refund_Amount__c', 'skip', 'empty'],
      ['vip', 'VIP__c', 'skip', 'empty'],
    ]);
  });

  it('each field has the CLI shape: object, field, action, value, reason?, source, raw, mapped, label, mapping', async () => {
    const preview = await previewHandoff(input());
    const tier = preview.fields.find((f) => f.field === 'Account_Tier__c');
    expect(tier).toEqual({
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
    const empty = preview.fields.find((f) => f.field === 'VIP__c');
    expect(Object.keys(empty ?? {})).toEqual([
      'object',
      'field',
      'action',
      'value',
      'reason',
      'source',
      'raw',
      'mapped',
      'label',
      'mapping',
    ]);
    expect(empty).toMatchObject({ value: null, source: [], raw: null, mapped: null });
  });

  it('a value the field refuses: refuse, with the rule’s message', async () => {
    const preview = await previewHandoff(
      input({
        text: keyValueHandoff({
          'Account Tier': 'Platinum',
          VIP: 'maybe',
          'Refund Amount': '12.345',
        }),
      }),
    );
    const byField = Object.fromEntries(preview.fields.map((f) => [f.field, f]));
    expect(byField.Account_Tier__c).toMatchObject({
      action: 'refuse',
      reason: "'Platinum' is not in the value map of Account Tier, nor one of its values",
      raw: 'Platinum',
      value: null,
    });
    expect(byField.VIP__c).toMatchObject({
      action: 'refuse',
      reason:
        "VIP is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
    });
    expect(byField.Refund_Amount__c).toMatchObject({
      action: 'write',
      value: 12.35,
      mapped: '12.345',
    });
  });

  it('current values: unchanged, kept-existing (fill-empty), and overwrite', async () => {
    const preview = await previewHandoff(
      input({
        text: keyValueHandoff({
          'Account Tier': 'Premium',
          'Account Number': 'AC-1',
          Priority: 'urgent',
        }),
        current: { Account_Tier__c: 'tier_premium', Account_Number__c: 'AC-0', Priority: 'Low' },
      }),
    );
    const byField = Object.fromEntries(preview.fields.map((f) => [f.field, f]));
    expect(byField.Account_Tier__c).toMatchObject({
      action: 'skip',
      reason: 'unchanged',
      value: 'tier_premium',
    });
    expect(byField.Account_Number__c).toMatchObject({
      action: 'skip',
      reason: 'kept-existing',
      value: 'AC-1',
    });
    expect(byField.Priority).toMatchObject({ action: 'write', value: 'High' });
  });

  it('several records in catalog order (a Kustomer conversation, then its customer); other objects left out', async () => {
    const preview = await previewHandoff(
      input({
        text: keyValueHandoff({ 'Account Number': 'AC-1', 'Loyalty Tier': 'gold' }),
        catalogs: [conversation, customer],
      }),
    );
    const written = preview.fields.filter((f) => f.action === 'write');
    expect(written.map((f) => [f.object, f.field, f.value])).toEqual([
      ['conversation', 'accountNumberStr', 'AC-1'],
      ['customer', 'loyaltyTierStr', 'gold'],
    ]);
    expect(preview.fields.some((f) => f.object === 'Case')).toBe(false);
    expect(unplannedMappings(MAPPINGS, [conversation, customer])).toEqual([
      { platform: 'salesforce', object: 'Case', count: exampleMappings.length },
    ]);
  });

  it('disabled mappings are not planned', async () => {
    const mappings = MAPPINGS.map((m) => (m.id === 'account-tier' ? { ...m, enabled: false } : m));
    const preview = await previewHandoff(input({ mappings }));
    expect(preview.fields.map((f) => f.mapping)).not.toContain('account-tier');
  });

  it('two mappings of one field: the first by id wins, as the store hands them to the engine', async () => {
    const twice = [
      Mapping.parse({
        id: 'z-number',
        platform: 'salesforce',
        object: 'Case',
        field: 'Account_Number__c',
        sources: ['Account Number'],
      }),
      Mapping.parse({
        id: 'b-number',
        platform: 'salesforce',
        object: 'Case',
        field: 'account_number__c',
        sources: ['Account'],
      }),
    ];
    const preview = await previewHandoff(
      input({
        mappings: twice,
        text: keyValueHandoff({ 'Account Number': 'AC-1', Account: 'AC-2' }),
      }),
    );
    expect(preview.fields.map((f) => [f.mapping, f.action, f.value ?? f.reason])).toEqual([
      ['b-number', 'write', 'AC-2'],
      [
        'z-number',
        'refuse',
        'Account Number is already filled by another mapping of this field, from "Account", which comes first: one field takes one mapping',
      ],
    ]);
  });

  it('mappingsFor sorts exactly as the store does', async () => {
    const db = await openHandoffDb('preview-order');
    const repo = mappingsRepo(db);
    const ids = ['b', 'B', 'a-2', 'a-10', 'a_1', 'Ä', 'z', '10', '9'];
    for (const id of ids)
      await repo.save({
        id,
        platform: 'salesforce',
        object: 'Case',
        field: `${id}__c`,
        sources: ['k'],
      });
    const stored = (await repo.forObject('salesforce', 'Case')).map((m) => m.id);
    const shuffled = [...(await repo.list())].reverse();
    expect(mappingsFor(shuffled, 'salesforce', 'Case').map((m) => m.id)).toEqual(stored);
    db.close();
  });
});

// ─── Signed contexts ─────────────────────────────────────────────────────────────────────────────

function parseSettingsOrThrow(over: Record<string, unknown>): Settings {
  const parsed = parseSettings({ format: 'handoff-fields/settings', version: 1, ...over });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.settings;
}

describe('previewHandoff: signed contexts', () => {
  let key: TestKey;
  let settings: Settings;
  const sec = Math.floor(NOW / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    ver: 1,
    iss: 'kore-bot',
    aud: 'acme',
    iat: sec - 10,
    exp: sec + 600,
    jti: 'jti-1',
    conv: CASE_ID,
    ctx: { 'Account Number': 'AC-SIGNED', 'Account Tier': 'Premium' },
    ...over,
  });
  const signedText = async (over?: Record<string, unknown>) =>
    `Connecting you now.\nhandoff-context: ${await sign(key, claims(over))}`;

  beforeAll(async () => {
    key = await es256Key('2026-11');
    settings = parseSettingsOrThrow({
      trust: { audiences: ['acme'], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
    });
  });

  it('in a conversation, a jti an earlier message applied is refused as replayed', async () => {
    const signed = await signedText();
    const { handoffs } = await previewConversation({
      ...input(),
      settings,
      messages: [
        { author: 'bot', text: signed },
        { author: 'customer', text: signed },
      ],
    });
    expect(handoffs.map((h) => [h.message, h.context.trust])).toEqual([
      [0, 'signed'],
      [1, 'refused'],
    ]);
    expect(handoffs[1]?.context.error).toMatch(/already used once/);
  });

  it('verified against the settings, from any author: signed, and planned', async () => {
    const preview = await previewHandoff(
      input({ text: await signedText(), author: 'customer', settings }),
    );
    expect(preview.context).toEqual({
      form: 'signed',
      trust: 'signed',
      values: { 'Account Number': 'AC-SIGNED', 'Account Tier': 'Premium' },
    });
    expect(preview.fields.filter((f) => f.action === 'write').map((f) => f.value)).toEqual([
      'AC-SIGNED',
      'tier_premium',
    ]);
  });

  it('without the issuer in settings: refused, with the verifier’s reason', async () => {
    const preview = await previewHandoff(input({ text: await signedText() }));
    expect(preview.context).toMatchObject({ form: 'signed', trust: 'refused', values: {} });
    expect(preview.context.error).toMatch(/kore-bot/);
    expect(preview.fields).toEqual([]);
  });

  it('never consumes a jti: the same sample previews the same twice', async () => {
    const text = await signedText();
    const first = await previewHandoff(input({ text, settings }));
    const second = await previewHandoff(input({ text, settings }));
    expect(second).toEqual(first);
    expect(second.context.trust).toBe('signed');
  });

  it('checks conv only against a given conversation', async () => {
    const text = await signedText();
    expect(
      (await previewHandoff(input({ text, settings, conversationId: CASE_ID }))).context.trust,
    ).toBe('signed');
    const other = await previewHandoff(
      input({ text, settings, conversationId: '5005g00000OtHeRAAA' }),
    );
    expect(other.context.trust).toBe('refused');
    expect(other.context.error).toMatch(/another conversation/);
  });

  it('judges exp and iat at `now`', async () => {
    const text = await signedText();
    const later = await previewHandoff(input({ text, settings, now: NOW + 3_600_000 }));
    expect(later.context.trust).toBe('refused');
    expect(later.context.error).toMatch(/expired/);
  });
});

// ─── The same decisions as the engine ────────────────────────────────────────────────────────────

describe('previewHandoff decides exactly as the engine', () => {
  const RECORD: RecordRef = { platform: 'salesforce', org: 'acme', object: 'Case', id: CASE_ID };
  let key: TestKey;
  beforeAll(async () => {
    key = await es256Key('k1');
  });

  async function engineRun(
    mappings: MappingInput[],
    text: string,
    author: 'bot' | 'customer',
    current: Record<string, unknown>,
    settingsInput?: Record<string, unknown>,
  ) {
    const db = await openHandoffDb(`preview-parity-${Math.random()}`);
    const repo = mappingsRepo(db);
    for (const m of mappings) await repo.save(m);
    const settings = settingsRepo(db);
    if (settingsInput)
      await settings.save({ format: 'handoff-fields/settings', version: 1, ...settingsInput });
    const writes: Record<string, unknown>[] = [];
    const client: PlatformClient = {
      rules: salesforceRules,
      resolveTargets: async (r) => [r],
      describe: async () => caseCatalog.fields,
      read: async () => ({ values: { ...current } }),
      write: async (_t, values) => {
        writes.push(values);
        return { ok: true };
      },
    };
    const engine = handoffEngine({
      settings,
      mappings: repo,
      catalogs: catalogsRepo(db),
      journal: journalRepo(db),
      clientFor: () => client,
      now: () => NOW,
    });
    const view = await engine.messages(RECORD, [{ platformMessageId: 'm1', author, text }]);
    db.close();
    return { view, writes };
  }

  const cases: [
    string,
    () => Promise<{
      text: string;
      author: 'bot' | 'customer';
      current: Record<string, unknown>;
      settings?: Record<string, unknown>;
    }>,
  ][] = [
    [
      'a bot context with good, bad, empty and existing values',
      async () => ({
        text: keyValueHandoff({
          'Account Tier': 'Premium',
          'Account Number': 'AC-1',
          Priority: 'urgent',
          VIP: 'maybe',
          'Refund Amount': '99.999',
          'Customer Since': '2026-02-30',
          'Order Id': '',
        }),
        author: 'bot',
        current: { Account_Number__c: 'AC-0', Priority: 'High', Refund_Amount__c: null },
      }),
    ],
    [
      'a customer-typed context',
      async () => ({
        text: keyValueHandoff({ 'Account Number': 'HACK' }),
        author: 'customer',
        current: {},
      }),
    ],
    [
      'a signed context posted as the customer',
      async () => ({
        text: `handoff-context: ${await sign(key, {
          ver: 1,
          iss: 'bot',
          aud: 'acme',
          iat: Math.floor(NOW / 1000),
          exp: Math.floor(NOW / 1000) + 60,
          jti: 'j',
          conv: CASE_ID,
          ctx: { 'Account Number': 'AC-S', 'Account Tier': 'Basic', VIP: true },
        })}`,
        author: 'customer',
        current: { VIP__c: false },
        settings: { trust: { audiences: ['acme'], issuers: [{ iss: 'bot', keys: [key.jwk] }] } },
      }),
    ],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const c = await make();
    const { view, writes } = await engineRun(
      exampleMappings,
      c.text,
      c.author,
      c.current,
      c.settings,
    );
    const preview = await previewHandoff({
      text: c.text,
      author: c.author,
      settings: c.settings ? parseSettingsOrThrow(c.settings) : undefined,
      mappings: exampleMappings.map((m) => Mapping.parse(m)),
      catalogs: [caseCatalog],
      current: c.current,
      conversationId: RECORD.id,
      now: NOW,
    });
    expect(preview.context.trust).toBe(view.context?.trust);
    expect(preview.context.error).toBe(view.notice?.message);
    const toOutcome = { write: 'written', skip: 'skipped', refuse: 'refused' } as const;
    expect(preview.fields.map((f) => [f.field, toOutcome[f.action], f.reason])).toEqual(
      view.fields.map((f) => [f.field, f.outcome, f.reason]),
    );
    const planned = Object.fromEntries(
      preview.fields.filter((f) => f.action === 'write').map((f) => [f.field, f.value]),
    );
    expect(writes).toEqual(Object.keys(planned).length > 0 ? [planned] : []);
  });
});

describe('previewConversation: the conversation as the extension reads it', () => {
  const run = (messages: { author: string; text: string }[]) =>
    previewConversation({ ...input(), messages });

  it('one handoff per message holding a context, refused ones included, in posting order', async () => {
    const { handoffs } = await run([
      { author: 'bot', text: 'Hi! How can I help?' },
      { author: 'customer', text: keyValueHandoff({ 'Account Number': 'AC-MINE' }) },
      { author: 'bot', text: keyValueHandoff({ 'Account Number': 'AC-1001' }) },
    ]);
    expect(handoffs.map((h) => [h.message, h.context.trust])).toEqual([
      [1, 'unverified'],
      [2, 'bot-authored'],
    ]);
    expect(handoffs[0]?.fields).toEqual([]);
    expect(handoffs[1]?.fields).toContainEqual(
      expect.objectContaining({ field: 'Account_Number__c', action: 'write', value: 'AC-1001' }),
    );
  });

  it('refuses a bot context that repeats what the customer typed, and lets a collected value land', async () => {
    const laundered = await run([
      { author: 'customer', text: 'my router broke\nAccount Tier: Enterprise' },
      {
        author: 'bot',
        text: 'Handoff context\nIssue: my router broke\nAccount Tier: Enterprise',
      },
    ]);
    expect(laundered.handoffs[0]?.context).toMatchObject({ trust: 'refused' });
    expect(laundered.handoffs[0]?.context.error).toMatch(/repeats what the customer wrote/);
    expect(laundered.handoffs[0]?.fields).toEqual([]);

    const asked = await run([
      { author: 'bot', text: 'What is your account number?' },
      { author: 'customer', text: 'AC-4242' },
      { author: 'bot', text: keyValueHandoff({ 'Account Number': 'AC-4242' }) },
    ]);
    expect(asked.handoffs[0]?.context.trust).toBe('bot-authored');
  });
});
