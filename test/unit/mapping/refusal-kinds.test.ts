/** The planner tells the kinds of refusal apart, and values read as the console shows them. */
import { describe, expect, it } from 'vitest';
import { consoleValue } from '@/lib/mapping/console-value';
import { planFill } from '@/lib/mapping/plan';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import { kustomerRules } from '@/lib/platforms/kustomer/rules';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { FieldSpec } from '@/lib/platforms/types';

const TIER: FieldSpec = {
  name: 'Account_Tier__c',
  label: 'Account Tier',
  type: 'picklist',
  restricted: true,
  updateable: true,
  options: [
    { value: 'tier_basic', label: 'Basic', active: true },
    { value: 'tier_premium', label: 'Premium', active: true },
    { value: 'tier_old', label: 'Old', active: false },
  ],
};
const FIELDS: FieldSpec[] = [
  TIER,
  { name: 'Code__c', label: 'Code', type: 'string', length: 5, updateable: true },
  { name: 'Callback__c', label: 'Callback', type: 'date', updateable: true },
  { name: 'Due__c', label: 'Due', type: 'datetime', updateable: true },
  { name: 'Count__c', label: 'Count', type: 'double', precision: 5, scale: 0, updateable: true },
  { name: 'Score__c', label: 'Score', type: 'double', updateable: false, calculated: true },
  {
    name: 'Topics__c',
    label: 'Topics',
    type: 'multipicklist',
    updateable: true,
    options: [
      { value: 'orders.damaged', label: 'Damaged order', active: true },
      { value: 'orders.late', label: 'Late order', active: true },
    ],
  },
];

const mapping = (field: string, sources: string[], patch: Partial<MappingInput> = {}) =>
  Mapping.parse({
    id: `${field}-${sources[0]}`,
    platform: 'salesforce',
    object: 'Case',
    field,
    sources,
    ...patch,
  });

function plan(context: Record<string, string>, mappings: Mapping[]) {
  return planFill({ context, mappings, fields: FIELDS, current: {}, rules: salesforceRules })
    .fields;
}

describe('the planner tells refusals apart', () => {
  it.each([
    ['a value the value map lacks', 'Account_Tier__c', 'Gold', 'not-a-choice'],
    ['an inactive option', 'Account_Tier__c', 'tier_old', 'not-a-choice'],
    ['text that is no date', 'Callback__c', 'next Tuesday', 'bad-date'],
    ['text longer than the field', 'Code__c', 'ABCDEFGHIJ', 'too-long'],
    ['text that is no number', 'Count__c', 'many', 'bad-format'],
    ['a formula field', 'Score__c', '3', 'read-only'],
    ['a field the catalog lacks', 'Gone__c', 'x', 'not-in-catalog'],
  ])('%s', (_what, field, value, kind) => {
    const [planned] = plan({ Key: value }, [mapping(field, ['Key'])]);
    expect(planned?.action).toBe('refuse');
    expect(planned?.refusal).toBe(kind);
  });

  it('a second mapping of one field', () => {
    const fields = plan({ A: 'AB', B: 'CD' }, [
      mapping('Code__c', ['A']),
      mapping('Code__c', ['B']),
    ]);
    expect(fields[1]?.refusal).toBe('duplicate-mapping');
  });
});

describe('consoleValue', () => {
  it('shows a picklist API value by its label', () => {
    expect(consoleValue(TIER, salesforceRules, 'tier_premium')).toEqual({ display: 'Premium' });
  });

  it('shows a multi-select by its labels, joined for reading', () => {
    const topics = FIELDS.find((f) => f.name === 'Topics__c');
    expect(consoleValue(topics, salesforceRules, 'orders.damaged;orders.late')).toEqual({
      display: 'Damaged order, Late order',
    });
  });

  it('adds nothing where the stored text is what the console shows', () => {
    const plain: FieldSpec = { ...TIER, options: [{ value: 'High', label: 'High', active: true }] };
    expect(consoleValue(plain, salesforceRules, 'High')).toEqual({});
    expect(consoleValue(FIELDS[1], salesforceRules, 'AB')).toEqual({});
    expect(consoleValue(undefined, salesforceRules, 'AB')).toEqual({});
    expect(consoleValue(TIER, salesforceRules, 'unknown')).toEqual({});
  });

  it('marks dates and date-times for the widget to show in the agent’s locale', () => {
    expect(consoleValue(FIELDS[2], salesforceRules, '2019-04-02')).toEqual({ dateKind: 'date' });
    expect(consoleValue(FIELDS[3], salesforceRules, '2019-04-02T00:00:00.000Z')).toEqual({
      dateKind: 'datetime',
    });
  });

  it('reads Kustomer option lists the same way', () => {
    const tier: FieldSpec = {
      name: 'tierStr',
      label: 'Tier',
      type: 'Str',
      updateable: true,
      options: [{ value: 'gold', label: 'Gold', active: true }],
    };
    expect(consoleValue(tier, kustomerRules, 'gold')).toEqual({ display: 'Gold' });
  });
});
