/**
 * The agent's Salesforce API session, found the way Salesforce Inspector does (platform-facts):
 * the Lightning host's `sid` names the org id; the API session is the `sid` on the org's My Domain
 * host whose value starts with the same `<orgId>!`. The Lightning `sid` itself is refused by the API.
 * Sessions are cached in memory only (the service worker may stop at any time; re-reading a
 * cookie is cheap) and re-read once when the API answers 401.
 */
import { PlatformError } from '../platform-client';
import { myDomainHostForOrg, toId18 } from './url';

export interface SalesforceSession {
  /** `acme.my.salesforce.com`: the host the API is called on (never the Lightning host). */
  apiHost: string;
  sid: string;
}

/** The part of `browser.cookies` we use (HttpOnly cookies are returned to extensions). */
export interface CookieReader {
  get(details: { url: string; name: string }): Promise<{ value: string } | null | undefined>;
  getAll(details: {
    name: string;
    domain: string;
    secure?: boolean;
  }): Promise<{ name: string; value: string; domain: string }[]>;
}

const orgIdOf = (sid: string) => sid.split('!')[0] ?? '';

export function salesforceSessions(cookies: CookieReader) {
  const cache = new Map<string, SalesforceSession>();

  /** The org id the Lightning session names (15 characters), or '' when signed out. */
  async function lightningOrgId(org: string): Promise<string> {
    const lightning = await cookies.get({
      url: `https://${org}.lightning.force.com/`,
      name: 'sid',
    });
    return lightning?.value ? orgIdOf(lightning.value) : '';
  }

  async function find(org: string): Promise<SalesforceSession> {
    const apiHost = myDomainHostForOrg(org);
    const orgId = await lightningOrgId(org);
    const candidates = await cookies.getAll({
      name: 'sid',
      domain: 'salesforce.com',
      secure: true,
    });
    const match = candidates.find(
      (c) => c.domain.replace(/^\./, '') === apiHost && (!orgId || c.value.startsWith(`${orgId}!`)),
    );
    if (!match) {
      throw new PlatformError(
        'session-missing',
        `No Salesforce session was found for ${apiHost}. Sign in to Salesforce in this browser, reload the console, then press Retry.`,
      );
    }
    const session = { apiHost, sid: match.value };
    cache.set(org, session);
    return session;
  }

  return {
    async get(org: string): Promise<SalesforceSession> {
      return cache.get(org) ?? find(org);
    },
    /**
     * The org's 18-character id (what a signed context names as its audience), from the signed-in
     * Lightning session; null when nobody is signed in to the org in this browser.
     */
    async orgId(org: string): Promise<string | null> {
      const id = await lightningOrgId(org);
      return id.startsWith('00D') ? toId18(id) : null;
    },
    /** Forget the cached session and read the cookie again (after a 401). */
    async refresh(org: string): Promise<SalesforceSession> {
      cache.delete(org);
      return find(org);
    },
  };
}
export type SalesforceSessions = ReturnType<typeof salesforceSessions>;
