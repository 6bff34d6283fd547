import { describe, expect, it } from 'vitest';
import {
  compareIdentity,
  identityFromIds,
  identityFromIdUrl,
} from '@/lib/platforms/salesforce/oauth/identity';
import { toId18 } from '@/lib/platforms/salesforce/url';

const ORG15 = '00D5g000004XyZa';
const ORG18 = toId18(ORG15) as string;
const JANE15 = '0055g00000JaNe1';
const JANE18 = toId18(JANE15) as string;
const BOB18 = toId18('0055g00000BoB01') as string;
const OTHER_ORG18 = toId18('00D000000000OTH') as string;

describe("a token's identity URL", () => {
  it('names the org and the user, in 18 characters, on login, test or My Domain hosts', () => {
    for (const host of ['login.salesforce.com', 'test.salesforce.com', 'acme.my.salesforce.com']) {
      expect(identityFromIdUrl(`https://${host}/id/${ORG18}/${JANE18}`)).toEqual({
        orgId: ORG18,
        userId: JANE18,
      });
    }
    expect(identityFromIdUrl(`https://login.salesforce.com/id/${ORG15}/${JANE15}`)).toEqual({
      orgId: ORG18,
      userId: JANE18,
    });
  });

  it.each([
    ['http, not https', `http://login.salesforce.com/id/${ORG18}/${JANE18}`],
    ['another host', `https://login.salesforce.com.evil.example/id/${ORG18}/${JANE18}`],
    ['a port', `https://login.salesforce.com:8443/id/${ORG18}/${JANE18}`],
    ['credentials in the URL', `https://x@login.salesforce.com/id/${ORG18}/${JANE18}`],
    ['a query', `https://login.salesforce.com/id/${ORG18}/${JANE18}?u=1`],
    ['another path', `https://login.salesforce.com/ids/${ORG18}/${JANE18}`],
    ['an extra segment', `https://login.salesforce.com/id/${ORG18}/${JANE18}/x`],
    ['a trailing slash', `https://login.salesforce.com/id/${ORG18}/${JANE18}/`],
    ['ids swapped', `https://login.salesforce.com/id/${JANE18}/${ORG18}`],
    ['a user id that is a Case id', `https://login.salesforce.com/id/${ORG18}/5005g00000HfCa1AAF`],
    ['a forged 18-character suffix', `https://login.salesforce.com/id/${ORG18}/${JANE15}AAA`],
    ['not a URL', 'login.salesforce.com/id/x/y'],
  ])('is refused with %s', (_why, url) => {
    expect(identityFromIdUrl(url)).toBeNull();
  });

  it('is refused when it is not text', () => {
    expect(identityFromIdUrl(undefined)).toBeNull();
    expect(identityFromIdUrl({ id: 'x' })).toBeNull();
  });

  it('reads userinfo ids of 15 or 18 characters', () => {
    expect(identityFromIds(ORG15, JANE18)).toEqual({ orgId: ORG18, userId: JANE18 });
    expect(identityFromIds(ORG18, 'not-an-id')).toBeNull();
  });
});

describe("the token's user against the console's user", () => {
  const token = { orgId: ORG18, userId: JANE18 };

  it('is the same user with ids in 15 or 18 characters', () => {
    expect(compareIdentity(token, { orgId: ORG15, userId: JANE15 })).toBe('same');
    expect(compareIdentity(token, { orgId: ORG18.toLowerCase(), userId: JANE18 })).toBe('same');
  });

  it('is another user after a Login As (same org, another user id)', () => {
    expect(compareIdentity(token, { orgId: ORG18, userId: BOB18 })).toBe('other-user');
  });

  it('is another org when the token was issued by another org, even for the same user id', () => {
    expect(compareIdentity(token, { orgId: OTHER_ORG18, userId: JANE18 })).toBe('other-org');
  });

  it('never calls ids that differ only in case the same 15-character user', () => {
    const lower = `${JANE15.slice(0, 10)}${JANE15.slice(10).toLowerCase()}`;
    expect(compareIdentity(token, { orgId: ORG15, userId: lower })).toBe('other-user');
  });
});
