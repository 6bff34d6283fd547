import { describe, expect, it } from 'vitest';
import {
  hasValidSuffix,
  isSalesforceId,
  myDomainHost,
  myDomainHostForOrg,
  recordFromUrl,
  sameId,
  toId18,
} from '@/lib/platforms/salesforce/url';

const CASE15 = '5005g00000HfCa1';
const CASE18 = '5005g00000HfCa1AAF';

describe('recordFromUrl', () => {
  it.each([
    [
      `https://acme.lightning.force.com/lightning/r/Case/${CASE18}/view`,
      { org: 'acme', object: 'Case', id: CASE18 },
    ],
    [
      `https://acme.lightning.force.com/lightning/r/Case/${CASE15}/edit`,
      { org: 'acme', object: 'Case', id: CASE15 },
    ],
    [
      `https://acme.lightning.force.com/lightning/r/Account_Tier__c/a015g00000XyZaBAAV/related/Cases__r/view?x=1#top`,
      { org: 'acme', object: 'Account_Tier__c', id: 'a015g00000XyZaBAAV' },
    ],
    [
      `https://acme--uat.sandbox.lightning.force.com/lightning/r/MessagingSession/0Mw5g00000Ms0a1CAB/view`,
      { org: 'acme--uat.sandbox', object: 'MessagingSession', id: '0Mw5g00000Ms0a1CAB' },
    ],
    [
      `https://x.develop.lightning.force.com/lightning/r/Case/${CASE18}/view`,
      { org: 'x.develop', object: 'Case', id: CASE18 },
    ],
    [
      `https://ACME.Lightning.Force.com/lightning/r/Case/${CASE18}/view`,
      { org: 'acme', object: 'Case', id: CASE18 },
    ],
  ])('%s', (url, expected) => {
    expect(recordFromUrl(url)).toEqual(expected);
  });

  it('uses the console workspace record (ws) when the page itself is not a record', () => {
    const url = `https://acme.lightning.force.com/lightning/page/home?ws=%2Flightning%2Fr%2FCase%2F${CASE18}%2Fview`;
    expect(recordFromUrl(url)).toEqual({ org: 'acme', object: 'Case', id: CASE18 });
  });

  it('prefers the record in the path over the ws record (a subtab of the case)', () => {
    const url = `https://acme.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAV/view?ws=%2Flightning%2Fr%2FCase%2F${CASE18}%2Fview`;
    expect(recordFromUrl(url)).toEqual({
      org: 'acme',
      object: 'Contact',
      id: '0035g00000AbCdEAAV',
    });
  });

  it.each([
    ['not a URL', 'lightning/r/Case/5005g00000HfCa1AAF/view'],
    ['http', `http://acme.lightning.force.com/lightning/r/Case/${CASE18}/view`],
    ['another host', `https://acme.my.salesforce.com/lightning/r/Case/${CASE18}/view`],
    [
      'a look-alike host',
      `https://acme.lightning.force.com.evil.example/lightning/r/Case/${CASE18}/view`,
    ],
    [
      'a host with an unknown edition label',
      `https://acme.evil.lightning.force.com/lightning/r/Case/${CASE18}/view`,
    ],
    ['a list view', 'https://acme.lightning.force.com/lightning/o/Case/list'],
    ['a bad id', 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa/view'],
    [
      'an id with symbols',
      'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1-AF/view',
    ],
    ['a bad object name', `https://acme.lightning.force.com/lightning/r/Ca%20se/${CASE18}/view`],
    [
      'a ws that is not a record',
      'https://acme.lightning.force.com/lightning/page/home?ws=%2Flightning%2Fo%2FCase%2Flist',
    ],
  ])('%s → null', (_, url) => {
    expect(recordFromUrl(url)).toBeNull();
  });
});

describe('My Domain hosts', () => {
  it.each([
    ['acme.lightning.force.com', 'acme.my.salesforce.com'],
    ['acme--uat.sandbox.lightning.force.com', 'acme--uat.sandbox.my.salesforce.com'],
    ['x.develop.lightning.force.com', 'x.develop.my.salesforce.com'],
  ])('%s → %s', (lightning, api) => {
    expect(myDomainHost(lightning)).toBe(api);
  });

  it('refuses hosts that are not Lightning hosts', () => {
    expect(myDomainHost('acme.my.salesforce.com')).toBeNull();
    expect(myDomainHost('evil.example')).toBeNull();
  });

  it('builds the host from an org handle and refuses anything that could change the host', () => {
    expect(myDomainHostForOrg('acme--uat.sandbox')).toBe('acme--uat.sandbox.my.salesforce.com');
    expect(myDomainHostForOrg('x.develop')).toBe('x.develop.my.salesforce.com');
    for (const bad of ['evil.example/x', 'acme@evil.example', '', 'a.b.c', '-acme']) {
      expect(() => myDomainHostForOrg(bad), bad).toThrow(/is not a Salesforce My Domain name/);
    }
  });
});

describe('ids', () => {
  it('computes the 18-character suffix', () => {
    expect(toId18(CASE15)).toBe(CASE18);
    expect(toId18('001000000000000')).toBe('001000000000000AAA');
    expect(toId18('ABCDEABCDEABCDE')).toBe('ABCDEABCDEABCDE555');
    expect(toId18('0015e00000tW1f0')).toBe('0015e00000tW1f0AAC');
    expect(toId18(CASE18)).toBe(CASE18);
    expect(toId18('too-short')).toBeNull();
  });

  it('validates ids: 15 or 18 letters and digits', () => {
    expect(isSalesforceId(CASE15)).toBe(true);
    expect(isSalesforceId(CASE18)).toBe(true);
    for (const bad of [
      '',
      '5005g00000HfCa',
      '5005g00000HfCa1A',
      '5005g00000HfCa1AAFX',
      '5005g00000HfC 1',
    ]) {
      expect(isSalesforceId(bad), bad).toBe(false);
    }
    expect(hasValidSuffix(CASE18)).toBe(true);
    expect(hasValidSuffix('5005g00000HfCa1AAA')).toBe(false);
    expect(hasValidSuffix('5005g00000HfCa1aaf')).toBe(true); // the suffix itself is case-insensitive
  });

  it('sameId: 15 and 18 characters, and 18-character ids in any case', () => {
    expect(sameId(CASE15, CASE18)).toBe(true);
    expect(sameId(CASE18, CASE18.toLowerCase())).toBe(true);
    expect(sameId(CASE18.toUpperCase(), CASE15)).toBe(true);
    expect(sameId(CASE15, CASE15.toLowerCase())).toBe(false); // 15-character ids are case-sensitive
    expect(sameId(CASE15, '5005g00000HfCa2')).toBe(false);
    expect(sameId('nope', 'nope')).toBe(false);
  });
});
