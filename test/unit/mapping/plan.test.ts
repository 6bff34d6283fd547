import { describe, expect, it } from 'vitest';
import { parseContext } from '@/lib/context/parse';
import type { ContextValues } from '@/lib/context/types';
import { planFill } from '@/lib/mapping/plan';
import type { PlanInput } from '@/lib/mapping/plan-types';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import { kustomerRules } from '@/lib/platforms/kustomer/rules';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { FieldRules, FieldSpec } from '@/lib/platforms/types';

const FIELDS: FieldSpec[] = [
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    length: 255,
    restricted: true,
    updateable: true,
    options: [
      { value: 'tier_basic', label: 'Basic', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
      { value: 'tier_legacy', label: 'Legacy', active: false },
    ],
  },
  {
    name: 'Account_Number__c',
    label: 'Account Number',
    type: 'string',
    length: 20,
    updateable: true,
  },
  {
    name: 'Priority',
    label: 'Priority',
    type: 'picklist',
    length: 40,
    restricted: false,
    updateable: true,
    options: [
      { value: 'High', label: 'High', active: true },
      { value: 'Medium', label: 'Medium', active: true },
      { value: 'Low', label: 'Low', active: true },
    ],
  },
  { name: 'Callback_Date__c', label: 'Callback Date', type: 'date', updateable: true },
  { name: 'VIP__c', label: 'VIP', type: 'boolean', updateable: true },
  {
    name: 'Escalation_Score__c',
    label: 'Escalation Score',
    type: 'double',
    precision: 18,
    scale: 2,
    updateable: false,
    calculated: true,
  },
  {
    name: 'Topics__c',
    label: 'Topics',
    type: 'multipicklist',
    length: 4099,
    restricted: true,
    updateable: true,
    options: [
      { value: 'billing', label: 'Billing', active: true },
      { value: 'access', label: 'Access', active: true },
      { value: 'shipping', label: 'Shipping', active: true },
    ],
  },
  { name: 'Subject', label: 'Subject', type: 'string', length: 255, updateable: true },
];

const HANDOFF_MESSAGE = [
  'Thanks, I am handing you over to a colleague.',
  '',
  '**Handoff context**',
  'Account Tier: Premium',
  'account number:  ac-40012 ',
  'Priority: high',
  'Callback Date: 2026-11-30',
  'VIP: yes',
].join('\n');

const MAPPINGS: MappingInput[] = [
  {
    id: 'account-tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    valueMap: [
      { from: 'Premium', to: 'tier_premium' },
      { from: 'Basic', to: 'tier_basic' },
    ],
  },
  {
    id: 'account-number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['Account Number', 'acct'],
    transforms: ['trim', 'upper'],
  },
  {
    id: 'priority',
    platform: 'salesforce',
    object: 'Case',
    field: 'Priority',
    sources: ['Priority'],
  },
  {
    id: 'callback',
    platform: 'salesforce',
    object: 'Case',
    field: 'Callback_Date__c',
    sources: ['callbackDate'],
  },
  { id: 'vip', platform: 'salesforce', object: 'Case', field: 'VIP__c', sources: ['VIP'] },
];

function contextOf(text: string): ContextValues {
  const parsed = parseContext(text);
  if (!parsed.found || !parsed.ok || parsed.form === 'signed')
    throw new Error(JSON.stringify(parsed));
  return parsed.values;
}

function plan(over: {
  context?: ContextValues;
  mappings?: MappingInput[];
  current?: Record<string, unknown>;
  fields?: FieldSpec[];
  rules?: FieldRules;
}) {
  const input: PlanInput = {
    context: over.context ?? contextOf(HANDOFF_MESSAGE),
    mappings: (over.mappings ?? MAPPINGS).map((m) => Mapping.parse(m)),
    fields: over.fields ?? FIELDS,
    current: over.current ?? {},
    rules: over.rules ?? salesforceRules,
  };
  return planFill(input);
}

const one = (
  m: Omit<MappingInput, 'platform' | 'object' | 'id'> & { id?: string },
): MappingInput => ({
  id: m.id ?? 'm',
  platform: 'salesforce',
  object: 'Case',
  ...m,
});

describe('planFill — a realistic handoff end to end', () => {
  const current = {
    Account_Tier__c: null,
    Account_Number__c: null,
    Priority: 'Medium',
    Callback_Date__c: null,
    VIP__c: false,
  };

  it('writes the mapped values in one body and keeps what the agent already set', () => {
    const result = plan({ current });
    expect(result.write).toEqual({
      Account_Tier__c: 'tier_premium',
      Account_Number__c: 'AC-40012',
      Callback_Date__c: '2026-11-30',
      VIP__c: true,
    });
    expect(result.fields).toEqual([
      {
        mappingId: 'account-tier',
        object: 'Case',
        field: 'Account_Tier__c',
        label: 'Account Tier',
        sourceKeys: ['Account Tier'],
        raw: 'Premium',
        mapped: 'tier_premium',
        value: 'tier_premium',
        current: null,
        action: 'write',
      },
      {
        mappingId: 'account-number',
        object: 'Case',
        field: 'Account_Number__c',
        label: 'Account Number',
        sourceKeys: ['account number'],
        raw: 'ac-40012',
        mapped: 'AC-40012',
        value: 'AC-40012',
        current: null,
        action: 'write',
      },
      {
        mappingId: 'priority',
        object: 'Case',
        field: 'Priority',
        label: 'Priority',
        sourceKeys: ['Priority'],
        raw: 'high',
        mapped: 'high',
        value: 'High',
        current: 'Medium',
        action: 'skip',
        reason: 'kept-existing',
      },
      {
        mappingId: 'callback',
        object: 'Case',
        field: 'Callback_Date__c',
        label: 'Callback Date',
        sourceKeys: ['Callback Date'],
        raw: '2026-11-30',
        mapped: '2026-11-30',
        value: '2026-11-30',
        current: null,
        action: 'write',
      },
      {
        mappingId: 'vip',
        object: 'Case',
        field: 'VIP__c',
        label: 'VIP',
        sourceKeys: ['VIP'],
        raw: 'yes',
        mapped: 'yes',
        value: true,
        current: false,
        action: 'write',
      },
    ]);
  });

  it('overwrites under the overwrite policy', () => {
    const mappings = MAPPINGS.map((m) =>
      m.id === 'priority' ? { ...m, policy: 'overwrite' as const } : m,
    );
    const result = plan({ current, mappings });
    expect(result.write.Priority).toBe('High');
    expect(result.fields.find((f) => f.field === 'Priority')?.action).toBe('write');
  });

  it('writes nothing the second time: the same context applied to the written record is unchanged', () => {
    const first = plan({ current });
    const second = plan({ current: { ...current, ...first.write } });
    expect(second.write).toEqual({});
    expect(second.fields.map((f) => [f.field, f.action, f.reason])).toEqual([
      ['Account_Tier__c', 'skip', 'unchanged'],
      ['Account_Number__c', 'skip', 'unchanged'],
      ['Priority', 'skip', 'kept-existing'],
      ['Callback_Date__c', 'skip', 'unchanged'],
      ['VIP__c', 'skip', 'unchanged'],
    ]);
  });

  it('leaves `current` out when the record value is not known', () => {
    const result = plan({ current: {} });
    expect(result.fields[0]).not.toHaveProperty('current');
    expect(result.write.Priority).toBe('High'); // absent counts as empty
  });
});

describe('planFill — targets', () => {
  it('refuses a field missing from the catalog, still showing what the context said', () => {
    const result = plan({
      mappings: [one({ field: 'Account_Tier__c', sources: ['Account Tier'] })],
      fields: [],
    });
    expect(result.fields[0]).toMatchObject({
      action: 'refuse',
      label: 'Account_Tier__c',
      sourceKeys: ['Account Tier'],
      raw: 'Premium',
      reason:
        'Account_Tier__c is not a field of Case in the field catalog: import the fields again or fix the mapping',
    });
    expect(result.write).toEqual({});
  });

  it('finds the field case-insensitively and reports its real API name', () => {
    const result = plan({
      mappings: [
        one({
          field: 'account_tier__C',
          sources: ['Account Tier'],
          valueMap: [{ from: 'premium', to: 'tier_premium' }],
        }),
      ],
    });
    expect(result.fields[0]).toMatchObject({ field: 'Account_Tier__c', action: 'write' });
    expect(result.write).toEqual({ Account_Tier__c: 'tier_premium' });
  });

  it('refuses a read-only field (formula or field-level security)', () => {
    const context = { score: 3 };
    const result = plan({
      context,
      mappings: [one({ field: 'Escalation_Score__c', sources: ['score'] })],
    });
    expect(result.fields[0]).toMatchObject({
      action: 'refuse',
      reason:
        'Escalation Score (Escalation_Score__c) is read-only for you: a formula or field-level security',
    });
    const notUpdateable = FIELDS.map((f) =>
      f.name === 'Subject' ? { ...f, updateable: false } : f,
    );
    const second = plan({
      context: { s: 'x' },
      fields: notUpdateable,
      mappings: [one({ field: 'Subject', sources: ['s'] })],
    });
    expect(second.fields[0]?.reason).toBe(
      'Subject (Subject) is read-only for you: a formula or field-level security',
    );
  });

  it('refuses a second mapping on a field already planned', () => {
    const result = plan({
      mappings: [
        one({
          id: 'account-tier',
          field: 'Account_Tier__c',
          sources: ['Account Tier'],
          valueMap: [{ from: 'Premium', to: 'tier_premium' }],
        }),
        one({ id: 'tier-again', field: 'ACCOUNT_TIER__C', sources: ['Account Tier'] }),
      ],
    });
    expect(result.fields[1]).toMatchObject({
      mappingId: 'tier-again',
      action: 'refuse',
      reason:
        'Account Tier is already filled by another mapping of this field, from "Account Tier", which comes first: one field takes one mapping',
    });
    expect(result.write).toEqual({ Account_Tier__c: 'tier_premium' });
  });

  it('ignores disabled mappings', () => {
    const result = plan({
      mappings: [one({ field: 'Subject', sources: ['Account Tier'], enabled: false })],
    });
    expect(result).toEqual({ fields: [], write: {} });
  });
});

describe('planFill — collecting values', () => {
  it.each([
    ['null', null],
    ['an empty string', ''],
    ['whitespace', ' \t '],
  ])('skips %s as empty, even under overwrite: an empty value never clears a field', (_, value) => {
    const result = plan({
      context: { Subject: value },
      mappings: [one({ field: 'Subject', sources: ['Subject'], policy: 'overwrite' })],
      current: { Subject: 'Printer on fire' },
    });
    expect(result.fields[0]).toMatchObject({
      action: 'skip',
      reason: 'empty',
      sourceKeys: ['Subject'],
      raw: value,
    });
    expect(result.write).toEqual({});
  });

  it('skips a key the context lacks, with no source keys', () => {
    const result = plan({
      context: {},
      mappings: [one({ field: 'Subject', sources: ['Subject'] })],
    });
    expect(result.fields[0]).toMatchObject({ action: 'skip', reason: 'empty', sourceKeys: [] });
    expect(result.fields[0]).not.toHaveProperty('raw');
  });

  it('matches sources to context keys after normalisation', () => {
    const result = plan({
      context: { 'ORDER-ID': 'A-1' },
      mappings: [one({ field: 'Subject', sources: ['order_id'] })],
    });
    expect(result.fields[0]).toMatchObject({
      sourceKeys: ['ORDER-ID'],
      value: 'A-1',
      action: 'write',
    });
  });

  it('combine first: takes the first non-empty source', () => {
    const result = plan({
      context: { email: '', 'Order Number': 'A-7', order: 'B-9' },
      mappings: [one({ field: 'Subject', sources: ['email', 'orderNumber', 'order'] })],
    });
    expect(result.fields[0]).toMatchObject({
      sourceKeys: ['Order Number'],
      raw: 'A-7',
      value: 'A-7',
    });
  });

  it('combine join: joins every non-empty source with the separator', () => {
    const result = plan({
      context: { intent: 'refund', product: null, order: 'A-7', count: 2 },
      mappings: [
        one({
          field: 'Subject',
          sources: ['intent', 'product', 'order', 'count'],
          combine: 'join',
          separator: ' / ',
        }),
      ],
    });
    expect(result.fields[0]).toMatchObject({
      sourceKeys: ['intent', 'order', 'count'],
      raw: 'refund / A-7 / 2',
      value: 'refund / A-7 / 2',
      action: 'write',
    });
  });

  it('applies transforms before the value map', () => {
    const result = plan({
      context: { tier: '  PREMIUM   plus ' },
      mappings: [
        one({
          field: 'Account_Tier__c',
          sources: ['tier'],
          transforms: ['collapse-spaces', 'trim', 'lower'],
          valueMap: [{ from: 'premium plus', to: 'tier_premium' }],
        }),
      ],
    });
    expect(result.fields[0]).toMatchObject({
      raw: '  PREMIUM   plus ',
      mapped: 'tier_premium',
      action: 'write',
    });
  });
});

describe('planFill — value maps and unmapped values', () => {
  const tierMap = [{ from: 'Premium', to: 'tier_premium' }];

  it('refuses by default a value a picklist map lacks, naming the value and the field', () => {
    const result = plan({
      context: { tier: 'Gold' },
      mappings: [one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap })],
    });
    expect(result.fields[0]).toMatchObject({
      action: 'refuse',
      reason: "'Gold' is not in the value map of Account Tier, nor one of its values",
    });
  });

  it('takes the API value or the label of an active value the map lacks (a map of labels)', () => {
    // What a map prefilled with the labels looks like: a bot sending the API value is not refused.
    const labels = [
      { from: 'Basic', to: 'tier_basic' },
      { from: 'Premium', to: 'tier_premium' },
    ];
    const byValue = plan({
      context: { tier: 'tier_premium' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: labels.slice(0, 1) }),
      ],
    });
    expect(byValue.fields[0]).toMatchObject({ action: 'write', value: 'tier_premium' });
    const byLabel = plan({
      context: { tier: ' premium ' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: labels.slice(0, 1) }),
      ],
    });
    expect(byLabel.fields[0]).toMatchObject({ action: 'write', value: 'tier_premium' });
  });

  it('still refuses an inactive value the map lacks, naming it, by value or label', () => {
    for (const sent of ['tier_legacy', 'Legacy']) {
      const result = plan({
        context: { tier: sent },
        mappings: [one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap })],
      });
      expect(result.fields[0]).toMatchObject({
        action: 'refuse',
        reason: 'tier_legacy is an inactive value of Account Tier',
      });
    }
  });

  it('does not let option values through a map whose policy is skip', () => {
    const result = plan({
      context: { tier: 'tier_basic' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap, unmapped: 'skip' }),
      ],
    });
    expect(result.fields[0]).toMatchObject({ action: 'skip', reason: 'empty' });
  });

  it('passes by default a value the map of a free-text field lacks', () => {
    const result = plan({
      context: { tier: 'Gold' },
      mappings: [one({ field: 'Subject', sources: ['tier'], valueMap: tierMap })],
    });
    expect(result.fields[0]).toMatchObject({ action: 'write', value: 'Gold' });
  });

  it('follows an explicit policy: pass lets the picklist check decide, skip skips as empty', () => {
    const passed = plan({
      context: { tier: 'Basic' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap, unmapped: 'pass' }),
      ],
    });
    expect(passed.fields[0]).toMatchObject({
      action: 'write',
      mapped: 'Basic',
      value: 'tier_basic',
    });
    const refusedByPicklist = plan({
      context: { tier: 'Gold' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap, unmapped: 'pass' }),
      ],
    });
    expect(refusedByPicklist.fields[0]?.reason).toMatch(
      /^'Gold' is not a value of Account Tier, a restricted picklist/,
    );
    const skipped = plan({
      context: { tier: 'Gold' },
      mappings: [
        one({ field: 'Account_Tier__c', sources: ['tier'], valueMap: tierMap, unmapped: 'skip' }),
      ],
    });
    expect(skipped.fields[0]).toMatchObject({ action: 'skip', reason: 'empty' });
  });

  it('without a value map, a picklist value is checked against the options, not refused as unmapped', () => {
    const result = plan({
      context: { tier: 'premium' },
      mappings: [one({ field: 'Account_Tier__c', sources: ['tier'] })],
    });
    expect(result.fields[0]).toMatchObject({ action: 'write', value: 'tier_premium' });
  });

  it('maps multipicklist values item by item', () => {
    const mapping = one({
      field: 'Topics__c',
      sources: ['topics'],
      valueMap: [
        { from: 'Invoice', to: 'billing' },
        { from: 'Password', to: 'access' },
      ],
    });
    const ok = plan({ context: { topics: 'invoice; password;Invoice' }, mappings: [mapping] });
    expect(ok.fields[0]).toMatchObject({
      action: 'write',
      mapped: 'billing;access;billing',
      value: 'billing;access',
    });
    const refused = plan({ context: { topics: 'Invoice;Parcel;Refund' }, mappings: [mapping] });
    expect(refused.fields[0]?.reason).toBe(
      "'Parcel', 'Refund' are not in the value map of Topics, nor one of its values",
    );
  });

  it('splits a multi-select value on "," or ";" when every part is one of its values', () => {
    const topics = one({ field: 'Topics__c', sources: ['topics'] });
    const comma = plan({ context: { topics: 'Billing, Access' }, mappings: [topics] });
    expect(comma.fields[0]).toMatchObject({
      action: 'write',
      mapped: 'Billing;Access',
      value: 'billing;access',
    });
    expect(comma.write).toEqual({ Topics__c: 'billing;access' });
    const mixed = plan({ context: { topics: 'billing; access, Shipping' }, mappings: [topics] });
    expect(mixed.fields[0]).toMatchObject({ value: 'billing;access;shipping' });
    // A list from a JSON context ("Router", "Modem" → "Router, Modem") lands the same way.
    const list = plan({
      context: contextOf('handoff-context\n{"topics": ["Billing", "Access"]}'),
      mappings: [topics],
    });
    expect(list.fields[0]).toMatchObject({ action: 'write', value: 'billing;access' });
  });

  it('leaves the value whole when a part is not a value, and refuses it as before', () => {
    const topics = one({ field: 'Topics__c', sources: ['topics'] });
    const result = plan({ context: { topics: 'Billing, Parcel' }, mappings: [topics] });
    expect(result.fields[0]).toMatchObject({ action: 'refuse', mapped: 'Billing, Parcel' });
    expect(result.fields[0]?.reason).toMatch(/^'Billing, Parcel' is not a value of Topics/);
  });

  it('splits on "," for the value map too: each part known to the map or the field', () => {
    const mapping = one({
      field: 'Topics__c',
      sources: ['topics'],
      valueMap: [{ from: 'Invoice', to: 'billing' }],
    });
    const result = plan({ context: { topics: 'Invoice, access' }, mappings: [mapping] });
    expect(result.fields[0]).toMatchObject({ action: 'write', value: 'billing;access' });
  });

  it('skips a value mapped to "" as empty', () => {
    const result = plan({
      context: { tier: 'Unknown' },
      mappings: [
        one({
          field: 'Subject',
          sources: ['tier'],
          valueMap: [{ from: 'unknown', to: '' }],
          policy: 'overwrite',
        }),
      ],
      current: { Subject: 'keep me' },
    });
    expect(result.fields[0]).toMatchObject({ action: 'skip', reason: 'empty' });
  });
});

describe('planFill — coercion and comparison', () => {
  it('refuses a value the field type rejects, with the rule message', () => {
    const result = plan({
      context: { d: '30/11/2026' },
      mappings: [one({ field: 'Callback_Date__c', sources: ['d'] })],
    });
    expect(result.fields[0]).toMatchObject({
      action: 'refuse',
      mapped: '30/11/2026',
      reason: "Callback Date takes a date as YYYY-MM-DD, not '30/11/2026'",
    });
    expect(result.fields[0]).not.toHaveProperty('value');
  });

  it('treats a checkbox set to false as empty under fill-empty', () => {
    const vip = (
      value: string,
      current: boolean,
      policy: 'fill-empty' | 'overwrite' = 'fill-empty',
    ) =>
      plan({
        context: { vip: value },
        mappings: [one({ field: 'VIP__c', sources: ['vip'], policy })],
        current: { VIP__c: current },
      }).fields[0];
    expect(vip('yes', false)).toMatchObject({ action: 'write', value: true });
    expect(vip('no', true)).toMatchObject({ action: 'skip', reason: 'kept-existing' });
    expect(vip('no', true, 'overwrite')).toMatchObject({ action: 'write', value: false });
    expect(vip('no', false)).toMatchObject({ action: 'skip', reason: 'unchanged' });
  });

  it('asks the rules whether values are the same or empty', () => {
    const rules: FieldRules = {
      coerce: (_, raw) => ({ ok: true, value: `<${String(raw)}>` }),
      isEmpty: (_, current) => current === 'EMPTY',
      same: (_, current, next) => current === 'SAME' && next === '<x>',
    };
    const run = (current: unknown) =>
      plan({
        rules,
        context: { s: 'x' },
        mappings: [one({ field: 'Subject', sources: ['s'] })],
        current: { Subject: current },
      }).fields[0];
    expect(run('SAME')).toMatchObject({ action: 'skip', reason: 'unchanged', value: '<x>' });
    expect(run('EMPTY')).toMatchObject({ action: 'write', value: '<x>' });
    expect(run(null)).toMatchObject({ action: 'skip', reason: 'kept-existing' });
  });

  it('passes refusals of the rules through and keeps the other fields', () => {
    const rules: FieldRules = {
      ...salesforceRules,
      coerce: (field, raw) =>
        field.name === 'Subject'
          ? { ok: false, error: 'nope' }
          : salesforceRules.coerce(field, raw),
    };
    const result = plan({ rules, current: {} });
    expect(result.write).toMatchObject({ Account_Tier__c: 'tier_premium', VIP__c: true });
    const subject = plan({
      rules,
      context: { s: 'x' },
      mappings: [one({ field: 'Subject', sources: ['s'] })],
    });
    expect(subject.fields[0]).toMatchObject({ action: 'refuse', reason: 'nope' });
  });
});

describe('planFill — date formats and time zones', () => {
  const DATES: FieldSpec[] = [
    ...FIELDS,
    { name: 'Callback_At__c', label: 'Callback At', type: 'datetime', updateable: true },
  ];
  const date = (over: Partial<MappingInput>, value: string) =>
    plan({
      context: { when: value },
      fields: DATES,
      mappings: [one({ field: 'Callback_Date__c', sources: ['when'], ...over })],
    }).fields[0];
  const dateTime = (over: Partial<MappingInput>, value: string) =>
    plan({
      context: { when: value },
      fields: DATES,
      mappings: [one({ field: 'Callback_At__c', sources: ['when'], ...over })],
    }).fields[0];

  it('reads DD/MM/YYYY and MM/DD/YYYY into the ISO date the platform takes', () => {
    expect(date({ dateFormat: 'DD/MM/YYYY' }, '21/11/2026')).toMatchObject({
      action: 'write',
      mapped: '21/11/2026',
      value: '2026-11-21',
    });
    expect(date({ dateFormat: 'MM/DD/YYYY' }, '11/21/2026')).toMatchObject({ value: '2026-11-21' });
    expect(date({ dateFormat: 'DD/MM/YYYY' }, '2026-11-21')).toMatchObject({ value: '2026-11-21' });
    // Without a format, as before: ISO only, with the platform's own message.
    expect(date({}, '21/11/2026')).toMatchObject({
      action: 'refuse',
      reason: "Callback Date takes a date as YYYY-MM-DD, not '21/11/2026'",
    });
  });

  it('refuses a value in another format, stating the expected one with an example', () => {
    expect(date({ dateFormat: 'DD/MM/YYYY' }, '2026/11/21')).toMatchObject({
      action: 'refuse',
      reason: "Callback Date takes a date as DD/MM/YYYY, such as 21/11/2026, not '2026/11/21'",
    });
    expect(date({ dateFormat: 'DD/MM/YYYY' }, '11/21/2026')).toMatchObject({
      action: 'refuse',
      reason:
        "Callback Date takes a date as DD/MM/YYYY, such as 21/11/2026, not '11/21/2026': read that way, it is not a real date",
    });
    expect(
      dateTime({ dateFormat: 'MM/DD/YYYY', timeZone: 'America/New_York' }, 'tomorrow 3pm'),
    ).toMatchObject({
      action: 'refuse',
      reason:
        "Callback At takes a date and time as MM/DD/YYYY with a time, such as 11/21/2026 2:30 PM (local time in America/New_York), not 'tomorrow 3pm'",
    });
  });

  it('reads a local date-time in the mapping time zone, with the offset of that day', () => {
    const paris = { dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Paris' } as const;
    expect(dateTime(paris, '15/01/2026 10:00')).toMatchObject({
      action: 'write',
      value: '2026-01-15T09:00:00.000Z',
    });
    expect(dateTime(paris, '01/07/2026 10:00')).toMatchObject({
      value: '2026-07-01T08:00:00.000Z',
    });
    expect(
      dateTime({ dateFormat: 'MM/DD/YYYY', timeZone: 'America/New_York' }, '11/21/2026 2:30 PM'),
    ).toMatchObject({ value: '2026-11-21T19:30:00.000Z' });
    // ISO without an offset, local to the zone; an offset in the value wins over the zone.
    expect(dateTime({ timeZone: 'Asia/Tokyo' }, '2026-11-21T09:00')).toMatchObject({
      value: '2026-11-21T00:00:00.000Z',
    });
    expect(dateTime({ timeZone: 'Asia/Tokyo' }, '2026-11-21T09:00Z')).toMatchObject({
      value: '2026-11-21T09:00:00.000Z',
    });
    // Without a zone, a time without an offset is UTC, as the platform reads it.
    expect(dateTime({ dateFormat: 'DD/MM/YYYY' }, '21/11/2026 14:30')).toMatchObject({
      value: '2026-11-21T14:30:00.000Z',
    });
  });

  it('a date target takes the day as written, whatever the time and zone', () => {
    expect(
      date({ dateFormat: 'DD/MM/YYYY', timeZone: 'Pacific/Auckland' }, '21/11/2026 23:30'),
    ).toMatchObject({ value: '2026-11-21' });
  });

  it('leaves other fields alone: the format applies to dates and date-times only', () => {
    const result = plan({
      context: { note: '21/11/2026' },
      mappings: [one({ field: 'Subject', sources: ['note'], dateFormat: 'DD/MM/YYYY' })],
    });
    expect(result.fields[0]).toMatchObject({ action: 'write', value: '21/11/2026' });
  });

  it('the same for a Kustomer date-time attribute (At)', () => {
    const result = plan({
      context: { when: '21/11/2026 10:00' },
      fields: [{ name: 'callbackAt', label: 'Callback', type: 'At', updateable: true }],
      mappings: [
        {
          id: 'k',
          platform: 'kustomer',
          object: 'conversation',
          field: 'callbackAt',
          sources: ['when'],
          dateFormat: 'DD/MM/YYYY',
          timeZone: 'Europe/Paris',
        },
      ],
      rules: kustomerRules,
    });
    expect(result.fields[0]).toMatchObject({ action: 'write', value: '2026-11-21T09:00:00.000Z' });
  });
});
