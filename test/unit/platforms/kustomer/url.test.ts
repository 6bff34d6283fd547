import { describe, expect, it } from 'vitest';
import { apiHostForOrg, conversationFromUrl, isKustomerId } from '@/lib/platforms/kustomer/url';

const CUSTOMER = '636ecafb3ee7ff7209b2014f';
const CONVERSATION = '637afc19d3637b39d65b156d';

describe('conversationFromUrl', () => {
  it('reads a conversation inside its customer timeline (a real desktop link)', () => {
    expect(
      conversationFromUrl(
        `https://fora.kustomerapp.com/app/customers/${CUSTOMER}/event/${CONVERSATION}`,
      ),
    ).toEqual({ org: 'fora', conversationId: CONVERSATION, customerId: CUSTOMER });
  });

  it('accepts trailing segments, a trailing slash, a query and a fragment', () => {
    const expected = { org: 'acme', conversationId: CONVERSATION, customerId: CUSTOMER };
    const base = `https://acme.kustomerapp.com/app/customers/${CUSTOMER}/event/${CONVERSATION}`;
    expect(conversationFromUrl(`${base}/`)).toEqual(expected);
    expect(conversationFromUrl(`${base}/messages/abc?tab=1#x`)).toEqual(expected);
    expect(conversationFromUrl(`${base}?searchId=123`)).toEqual(expected);
  });

  it('reads /app/conversations/{id}, with or without a tail', () => {
    expect(
      conversationFromUrl(`https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`),
    ).toEqual({ org: 'acme', conversationId: CONVERSATION });
    expect(
      conversationFromUrl(
        `https://acme.kustomerapp.com/app/conversations/${CONVERSATION}/notes?x=1`,
      ),
    ).toEqual({ org: 'acme', conversationId: CONVERSATION });
  });

  it('lowercases the org from the host', () => {
    expect(
      conversationFromUrl(`https://ACME-Support.KustomerApp.com/app/conversations/${CONVERSATION}`),
    ).toMatchObject({ org: 'acme-support' });
  });

  it.each([
    [
      'an uppercase id',
      `https://acme.kustomerapp.com/app/conversations/${CONVERSATION.toUpperCase()}`,
    ],
    [
      'a 23-character id',
      `https://acme.kustomerapp.com/app/conversations/${CONVERSATION.slice(1)}`,
    ],
    ['a 25-character id', `https://acme.kustomerapp.com/app/conversations/${CONVERSATION}0`],
    [
      'a non-hex id',
      `https://acme.kustomerapp.com/app/conversations/${CONVERSATION.slice(0, 23)}g`,
    ],
    [
      'a bad customer id',
      `https://acme.kustomerapp.com/app/customers/not-an-id/event/${CONVERSATION}`,
    ],
    [
      'a customer page without a conversation',
      `https://acme.kustomerapp.com/app/customers/${CUSTOMER}`,
    ],
    ['another desktop page', 'https://acme.kustomerapp.com/app/settings/klasses'],
    ['the API host', `https://acme.api.kustomerapp.com/v1/conversations/${CONVERSATION}`],
    ['the bare API host', `https://api.kustomerapp.com/app/conversations/${CONVERSATION}`],
    ['the apex host', `https://kustomerapp.com/app/conversations/${CONVERSATION}`],
    [
      'a look-alike host',
      `https://acme.kustomerapp.com.evil.example/app/conversations/${CONVERSATION}`,
    ],
    ['another host', `https://acme.kustomer.example/app/conversations/${CONVERSATION}`],
    ['a nested subdomain', `https://a.b.kustomerapp.com/app/conversations/${CONVERSATION}`],
    ['plain http', `http://acme.kustomerapp.com/app/conversations/${CONVERSATION}`],
    ['not a URL', 'acme.kustomerapp.com/app/conversations'],
  ])('refuses %s', (_what, url) => {
    expect(conversationFromUrl(url)).toBeNull();
  });
});

describe('apiHostForOrg', () => {
  it('gives the org API host', () => {
    expect(apiHostForOrg('acme')).toBe('acme.api.kustomerapp.com');
    expect(apiHostForOrg('Acme-EU')).toBe('acme-eu.api.kustomerapp.com');
  });

  it.each([
    'evil.example/x',
    'a.b',
    'x@y',
    'acme:443',
    '-acme',
    'acme-',
    '',
    'api',
    'a'.repeat(64),
    'acme\n',
  ])('throws for %j, so no crafted org becomes another host', (org) => {
    expect(() => apiHostForOrg(org)).toThrow(/is not a Kustomer org name/);
  });

  it('round-trips with conversationFromUrl', () => {
    const found = conversationFromUrl(
      `https://acme.kustomerapp.com/app/conversations/${CONVERSATION}`,
    );
    expect(apiHostForOrg(found?.org ?? '')).toBe('acme.api.kustomerapp.com');
  });
});

describe('isKustomerId', () => {
  it('takes 24 lowercase hex digits only', () => {
    expect(isKustomerId(CONVERSATION)).toBe(true);
    expect(isKustomerId(CONVERSATION.toUpperCase())).toBe(false);
    expect(isKustomerId(`${CONVERSATION} `)).toBe(false);
  });
});
