/**
 * How the background authenticates to Kustomer's API for an org. By default as the signed-in agent
 * (the web app's cookies, `x-kustomer-client: web` and the CSRF double-submit header — unverified,
 * platform-facts); where the org refuses that, with a restricted API key an admin entered, which
 * lives only in the extension's IndexedDB.
 */

import type { SecretsRepo } from '../../store/secrets';
import { PlatformError } from '../platform-client';

/** Where an org's API key is kept in the secrets store (`kustomer:<org>:api-key`). */
export const kustomerApiKeyName = (org: string) => `kustomer:${org}:api-key`;

export type KustomerCredentials =
  | { mode: 'session'; csrf: string }
  | { mode: 'api-key'; key: string };

export interface KustomerCookieReader {
  get(details: { url: string; name: string }): Promise<{ value: string } | null | undefined>;
}

/** Cookie names the Kustomer web app uses (platform-facts). */
export const SESSION_COOKIE = 'x-kustomer-auth-token';
export const CSRF_COOKIE = '_csrf';

export function kustomerAuth(cookies: KustomerCookieReader, secrets: Pick<SecretsRepo, 'reveal'>) {
  /** Orgs whose session was refused this worker life: go straight to the API key. */
  const sessionRefused = new Set<string>();

  const apiKey = (org: string) => secrets.reveal(kustomerApiKeyName(org));

  async function session(apiHost: string): Promise<KustomerCredentials | undefined> {
    const url = `https://${apiHost}/`;
    const token = await cookies.get({ url, name: SESSION_COOKIE });
    if (!token?.value) return undefined;
    const csrf = await cookies.get({ url, name: CSRF_COOKIE });
    return { mode: 'session', csrf: csrf?.value ?? '' };
  }

  return {
    async credentials(org: string, apiHost: string): Promise<KustomerCredentials> {
      if (!sessionRefused.has(org)) {
        const fromSession = await session(apiHost);
        if (fromSession) return fromSession;
      }
      const key = await apiKey(org);
      if (key) return { mode: 'api-key', key };
      throw new PlatformError(
        sessionRefused.has(org) ? 'api-access-denied' : 'session-missing',
        sessionRefused.has(org)
          ? `Kustomer refused your agent session for API writes on ${org}, and no API key is set. An admin enters a restricted API key for ${org} in the Handoff Fields popup (Kustomer settings), then press Retry.`
          : `No Kustomer session was found for ${org}.kustomerapp.com. Sign in to Kustomer in this browser and reload the page, then press Retry.`,
      );
    },
    /** The session was refused: use the API key from now on, if there is one. */
    async fallBack(org: string): Promise<KustomerCredentials | undefined> {
      sessionRefused.add(org);
      const key = await apiKey(org);
      return key ? { mode: 'api-key', key } : undefined;
    },
    /** A new key was saved: try the session again first next time. */
    reset(org: string) {
      sessionRefused.delete(org);
    },
  };
}
export type KustomerAuth = ReturnType<typeof kustomerAuth>;

/** Headers (and fetch credentials mode) for a request made with these credentials. */
export function authInit(credentials: KustomerCredentials): {
  headers: Record<string, string>;
  credentials: RequestCredentials;
} {
  return credentials.mode === 'session'
    ? {
        headers: { 'x-kustomer-client': 'web', 'x-csrf-token': credentials.csrf },
        credentials: 'include',
      }
    : { headers: { Authorization: `Bearer ${credentials.key}` }, credentials: 'omit' };
}
