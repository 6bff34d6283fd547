import { describe, expect, it } from 'vitest';
import { compareWithRecord, displayValue } from '@/lib/mapping/compare';
import type { PlannedField } from '@/lib/mapping/plan-types';
import { kustomerRules } from '@/lib/platforms/kustomer/rules';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { FieldSpec } from '@/lib/platforms/types';

const fields: FieldSpec[] = [
  { name: 'Account_Number__c', label: 'Account Number', type: 'string', updateable: true },
  { name: 'Callback_At__c', label: 'Callback At', type: 'datetime', updateable: true },
  {
    name: 'Topics__c',
    label: 'Topics',
    type: 'multipicklist',
    updateable: true,
    options: [
      { value: 'billing', label: 'Billing', active: true },
      { value: 'refund', label: 'Refund', active: true },
    ],
  },
  {
    name: 'Refund__c',
    label: 'Refund',
    type: 'currency',
    precision: 16,
    scale: 2,
    updateable: true,
  },
];

const planned = (
  field: string,
  action: PlannedField['action'],
  value?: unknown,
  reason?: string,
): PlannedField => ({
  mappingId: field,
  object: 'Case',
  field,
  label: field,
  sourceKeys: [],
  action,
  ...(value !== undefined ? { value } : {}),
  ...(reason ? { reason } : {}),
});

const stamp = { at: 42, by: 'write' as const };

describe('compareWithRecord', () => {
  it('marks a field verified when the platform holds the value sent, by the type rules', () => {
    const found = compareWithRecord(
      [
        planned('Account_Number__c', 'write', 'AC-1001'),
        // Salesforce answers datetimes as +0000 and multi-selects in its own order.
        planned('Callback_At__c', 'write', '2026-11-21T10:00:00.000Z'),
        planned('Topics__c', 'write', 'refund;billing'),
        planned('Refund__c', 'write', 12.5),
      ],
      {
        Account_Number__c: 'AC-1001',
        Callback_At__c: '2026-11-21T10:00:00.000+0000',
        Topics__c: 'billing;refund',
        Refund__c: 12.5,
      },
      fields,
      salesforceRules,
      stamp,
    );
    expect([...found.values()].map((v) => v.state)).toEqual([
      'verified',
      'verified',
      'verified',
      'verified',
    ]);
    expect(found.get('account_number__c')).toEqual({
      state: 'verified',
      expected: 'AC-1001',
      actual: 'AC-1001',
      at: 42,
      by: 'write',
    });
  });

  it('keeps both values of a field that differs, and an empty record value as null', () => {
    const found = compareWithRecord(
      [planned('Account_Number__c', 'write', 'AC-1001'), planned('Refund__c', 'write', 12.5)],
      { account_number__c: 'AC-9999', Refund__c: null },
      fields,
      salesforceRules,
      stamp,
    );
    expect(found.get('account_number__c')).toMatchObject({
      state: 'different',
      expected: 'AC-1001',
      actual: 'AC-9999',
    });
    expect(found.get('refund__c')).toMatchObject({ state: 'different', actual: null });
  });

  it('compares kept and unchanged skips, never empty or refused fields', () => {
    const found = compareWithRecord(
      [
        planned('Account_Number__c', 'skip', 'AC-1', 'kept-existing'),
        planned('Callback_At__c', 'skip', undefined, 'empty'),
        planned('Topics__c', 'refuse', undefined, "'x' is not in the value map"),
        planned('Refund__c', 'skip', 5, 'unchanged'),
      ],
      { Account_Number__c: 'TYPED', Refund__c: 5 },
      fields,
      salesforceRules,
      stamp,
    );
    expect([...found.keys()]).toEqual(['account_number__c', 'refund__c']);
    expect(found.get('account_number__c')?.state).toBe('different');
    expect(found.get('refund__c')?.state).toBe('verified');
  });

  it('uses the Kustomer rules for Kustomer attributes (tree values are lowercase)', () => {
    const kField: FieldSpec = {
      name: 'intentTree',
      label: 'Intent',
      type: 'Tree',
      updateable: true,
    };
    const found = compareWithRecord(
      [planned('intentTree', 'write', 'billing.refund')],
      { intentTree: 'billing.refund' },
      [kField],
      kustomerRules,
      stamp,
    );
    expect(found.get('intenttree')?.state).toBe('verified');
  });
});

describe('displayValue', () => {
  it('shows empty as null and lists as a comma list', () => {
    expect(displayValue(undefined)).toBeNull();
    expect(displayValue(null)).toBeNull();
    expect(displayValue('')).toBeNull();
    expect(displayValue([])).toBeNull();
    expect(displayValue(['a', 'b'])).toBe('a, b');
    expect(displayValue(false)).toBe('false');
    expect(displayValue(0)).toBe('0');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
  });
});
