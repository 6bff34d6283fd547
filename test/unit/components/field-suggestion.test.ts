import { describe, expect, it } from 'vitest';
import {
  boundedDistance,
  catalogName,
  didYouMean,
  missingFieldText,
  suggestField,
} from '../../../components/shared/field-suggestion';
import type { FieldSpec } from '../../../lib/platforms/types';

const fields: FieldSpec[] = [
  { name: 'VIP__c', label: 'VIP', type: 'boolean', updateable: true },
  { name: 'Order_Id__c', label: 'Order ID', type: 'string', updateable: true },
  { name: 'Account_Tier__c', label: 'Account Tier', type: 'picklist', updateable: true },
  { name: 'Account_Tie__c', label: 'Old tier', type: 'string', updateable: false },
];

describe('the field a typo probably means', () => {
  it('finds an API name one or two edits away, regardless of case', () => {
    expect(suggestField(fields, 'VIPP__c')?.name).toBe('VIP__c');
    expect(suggestField(fields, 'vip_c')?.name).toBe('VIP__c');
    expect(suggestField(fields, 'ORDER_ID_C')?.name).toBe('Order_Id__c');
    expect(suggestField(fields, ' Ordr_Id__c ')?.name).toBe('Order_Id__c');
  });

  it('finds a label typed instead of the API name', () => {
    expect(suggestField(fields, 'Order ID')?.name).toBe('Order_Id__c');
    expect(suggestField(fields, 'account tier')?.name).toBe('Account_Tier__c');
  });

  it('suggests nothing further than two edits, nor for a name too short to tell', () => {
    expect(suggestField(fields, 'Priority__c')).toBeUndefined();
    expect(suggestField(fields, 'VIPPPP__c')).toBeUndefined();
    expect(suggestField(fields, 'VI')).toBeUndefined();
    expect(suggestField([], 'VIP__c')).toBeUndefined();
  });

  it('prefers the closest field, then a writable one', () => {
    // One edit from Account_Tie__c (read-only) and from Account_Tier__c: the writable one wins.
    expect(suggestField(fields, 'Account_Tiex__c')?.name).toBe('Account_Tier__c');
    // Exactly the read-only one's name but for case: closer than anything writable.
    expect(suggestField(fields, 'account_tie__C ')?.name).toBe('Account_Tie__c');
  });

  it('measures edits, stopping once past the limit', () => {
    expect(boundedDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedDistance('kitten', 'sitting', 2)).toBe(3);
    expect(boundedDistance('abc', 'abc', 2)).toBe(0);
    expect(boundedDistance('', 'ab', 2)).toBe(2);
    expect(boundedDistance('a', 'abcd', 2)).toBe(3);
  });
});

describe('the words about a target the catalog lacks', () => {
  it('names the catalog by its orgs and the field probably meant', () => {
    expect(catalogName([])).toBe('the field catalog');
    expect(catalogName(['acme'])).toBe('the acme catalog');
    expect(catalogName(['acme', 'globex', 'initech'])).toBe(
      'the acme, globex and initech catalogs',
    );
    expect(didYouMean(fields, 'VIPP__c')).toBe('Did you mean VIP (VIP__c)?');
    expect(didYouMean(fields, 'Nothing_Like_It__c')).toBe('');
    expect(missingFieldText('Case', ['acme'], fields, 'VIPP__c')).toBe(
      'Not a field of Case in the acme catalog: it would be refused on every handoff. Did you mean VIP (VIP__c)?',
    );
    expect(missingFieldText('Case', ['acme'], fields, 'Nothing_Like_It__c')).toBe(
      'Not a field of Case in the acme catalog: it would be refused on every handoff.',
    );
  });
});
