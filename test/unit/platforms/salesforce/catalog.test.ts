import { describe, expect, it } from 'vitest';
import { fieldsFromDescribe, readDescribe } from '@/lib/platforms/salesforce/catalog';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import { FieldSpec } from '@/lib/platforms/types';
import { readRealJson, realFixtureNames } from '../../../support/real-fixtures';

const DESCRIBES = realFixtureNames(/^sf_describe_.*\.json$/);

interface RawField {
  name: string;
  type: string;
  updateable: boolean;
  picklistValues: unknown[];
}

describe('fieldsFromDescribe over every real describe', () => {
  it('finds the seven captured describes', () => {
    expect(DESCRIBES).toHaveLength(7);
  });

  it.each(DESCRIBES)('%s: every field imported, each a valid FieldSpec', (name) => {
    const json = readRealJson(name) as { name: string; fields: RawField[] };
    const fields = fieldsFromDescribe(json);
    expect(fields.map((f) => f.name)).toEqual(json.fields.map((f) => f.name));
    for (const f of fields) expect(FieldSpec.safeParse(f).success, f.name).toBe(true);
    // Options exactly for the option types, restricted flag beside them.
    for (const [i, f] of fields.entries()) {
      const raw = json.fields[i] as RawField;
      expect(f.updateable).toBe(raw.updateable);
      if (['picklist', 'multipicklist', 'combobox'].includes(f.type)) {
        expect(f.options).toHaveLength(raw.picklistValues.length);
        expect(typeof f.restricted).toBe('boolean');
      } else {
        expect(f.options).toBeUndefined();
      }
    }
    const read = readDescribe(json);
    expect(read).toMatchObject({ ok: true, object: json.name });
  });

  it('Case: the standard Priority picklist and read-only system fields', () => {
    const fields = fieldsFromDescribe(readRealJson('sf_describe_Case_cumulusci_v48.json'));
    const priority = fields.find((f) => f.name === 'Priority');
    expect(priority).toEqual({
      name: 'Priority',
      label: 'Priority',
      type: 'picklist',
      length: 40,
      updateable: true,
      restricted: false,
      options: [
        { value: 'High', label: 'High', active: true },
        { value: 'Medium', label: 'Medium', active: true },
        { value: 'Low', label: 'Low', active: true },
      ],
    });
    expect(fields.find((f) => f.name === 'CaseNumber')?.updateable).toBe(false);
    expect(salesforceRules.coerce(priority as FieldSpec, 'high')).toEqual({
      ok: true,
      value: 'High',
    });
  });

  it('NPSP Account: numbers, int digits, multipicklists, restricted and calculated fields', () => {
    const fields = fieldsFromDescribe(
      readRealJson('sf_describe_Account_PersonAccount_NPSP_cumulusci.json'),
    );
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(byName.get('NumberOfEmployees')).toMatchObject({ type: 'int', precision: 8, scale: 0 });
    expect(byName.get('npo02__AverageAmount__c')).toMatchObject({
      type: 'currency',
      precision: 16,
      scale: 2,
    });
    expect(byName.get('BillingLatitude')).toMatchObject({
      type: 'double',
      precision: 18,
      scale: 15,
    });
    const focus = byName.get('npsp__Funding_Focus__c');
    expect(focus).toMatchObject({ type: 'multipicklist', length: 4099, restricted: false });
    expect(focus).not.toHaveProperty('precision'); // a multipicklist's precision is its visible lines
    expect(focus?.options).toHaveLength(7);
    expect(byName.get('BillingGeocodeAccuracy')).toMatchObject({ restricted: true });
    const calculated = fields.filter((f) => f.calculated);
    expect(calculated).toHaveLength(16);
    expect(byName.get('Name')).toMatchObject({ type: 'string', length: 255, updateable: true });
    expect(byName.get('IsDeleted')).not.toHaveProperty('length'); // describe's 0 means "no limit"
  });

  it('Nango v58 Account: dependent picklists and custom fields of a Developer Edition org', () => {
    const fields = fieldsFromDescribe(readRealJson('sf_describe_Account_nango_v58_devorg.json'));
    expect(fields.find((f) => f.name === 'NumberofLocations__c')).toMatchObject({
      type: 'double',
      precision: 3,
      scale: 0,
    });
    expect(fields.find((f) => f.name === 'SLAExpirationDate__c')).toMatchObject({ type: 'date' });
    expect(
      fields.find((f) => f.name === 'CustomerPriority__c')?.options?.map((o) => o.value),
    ).toEqual(['High', 'Low', 'Medium']);
  });
});

describe('readDescribe on input that is not a describe', () => {
  it.each([
    [null, 'The Salesforce describe response is not in the expected shape: '],
    [
      [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      'The Salesforce describe response is not in the expected shape: ',
    ],
    [
      { name: 'Case', fields: [{ name: 'X', label: 'X', updateable: true }] },
      'The Salesforce describe response is not in the expected shape at fields[0].type: ',
    ],
  ])('%j is refused with the path of the problem', (json, start) => {
    const read = readDescribe(json);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.startsWith(start)).toBe(true);
    expect(() => fieldsFromDescribe(json)).toThrow(/not in the expected shape/);
  });

  it('falls back to the value when a picklist value has no label, and to the name without a field label', () => {
    const fields = fieldsFromDescribe({
      name: 'Case',
      fields: [
        {
          name: 'Tier__c',
          label: null,
          type: 'picklist',
          updateable: true,
          picklistValues: [{ value: 'Gold', label: null, active: true }],
        },
      ],
    });
    expect(fields[0]).toMatchObject({
      label: 'Tier__c',
      options: [{ value: 'Gold', label: 'Gold', active: true }],
      restricted: false,
    });
  });
});
