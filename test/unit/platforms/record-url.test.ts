import { describe, expect, it } from 'vitest';
import { recordUrl } from '@/lib/platforms/console-tabs';
import { recordUrl as kustomerRecordUrl } from '@/lib/platforms/kustomer/url';
import { recordFromUrl, recordUrl as salesforceRecordUrl } from '@/lib/platforms/salesforce/url';

const CASE = '5005g00000HfCa1AAF';
const CONVERSATION = '637afc19d3637b39d65b156d';
const CUSTOMER = '636ecafb3ee7ff7209b2014f';

describe('Salesforce recordUrl', () => {
  it('opens the record page in Lightning, and reads back as the same record', () => {
    const url = salesforceRecordUrl({ org: 'acme', object: 'Case', id: CASE });
    expect(url).toBe(`https://acme.lightning.force.com/lightning/r/Case/${CASE}/view`);
    expect(recordFromUrl(url as string)).toEqual({ org: 'acme', object: 'Case', id: CASE });
  });

  it('keeps a sandbox org and a 15-character id, and lowercases the org', () => {
    expect(
      salesforceRecordUrl({
        org: 'Acme--UAT.sandbox',
        object: 'MessagingSession',
        id: '0Mw5g00000Ms0a1',
      }),
    ).toBe(
      'https://acme--uat.sandbox.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000Ms0a1/view',
    );
  });

  it('builds nothing from parts Salesforce never gives', () => {
    for (const record of [
      { org: 'evil.example/x', object: 'Case', id: CASE },
      { org: 'acme', object: 'Case/../../x', id: CASE },
      { org: 'acme', object: 'Case', id: 'not-an-id' },
      { org: 'acme', object: 'Case', id: `${CASE}?x=1` },
      { org: '', object: 'Case', id: CASE },
    ]) {
      expect(salesforceRecordUrl(record)).toBeNull();
    }
  });
});

describe('Kustomer recordUrl', () => {
  it('opens a conversation or a customer in the agent desktop', () => {
    expect(kustomerRecordUrl({ org: 'acme', object: 'conversation', id: CONVERSATION })).toBe(
      `https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`,
    );
    expect(kustomerRecordUrl({ org: 'ACME', object: 'customer', id: CUSTOMER })).toBe(
      `https://acme.kustomerapp.com/app/customers/${CUSTOMER}`,
    );
  });

  it('builds nothing for another object, a crafted org or an id that is not a Kustomer id', () => {
    for (const record of [
      { org: 'acme', object: 'company', id: CONVERSATION },
      { org: 'acme', object: 'toString', id: CONVERSATION },
      { org: 'acme', object: '__proto__', id: CONVERSATION },
      { org: 'a.b', object: 'conversation', id: CONVERSATION },
      { org: 'api', object: 'conversation', id: CONVERSATION },
      { org: 'acme', object: 'conversation', id: CONVERSATION.toUpperCase() },
      { org: 'acme', object: 'conversation', id: `${CONVERSATION}/x` },
    ]) {
      expect(kustomerRecordUrl(record)).toBeNull();
    }
  });
});

describe('recordUrl (platform-neutral)', () => {
  it('dispatches to the record’s platform', () => {
    expect(recordUrl({ platform: 'salesforce', org: 'acme', object: 'Case', id: CASE })).toBe(
      `https://acme.lightning.force.com/lightning/r/Case/${CASE}/view`,
    );
    expect(
      recordUrl({ platform: 'kustomer', org: 'acme', object: 'conversation', id: CONVERSATION }),
    ).toBe(`https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`);
  });

  it('answers null for a platform it does not know (an old or forged journal row)', () => {
    expect(
      recordUrl({ platform: 'zendesk' as 'salesforce', org: 'acme', object: 'Case', id: CASE }),
    ).toBeNull();
  });
});
