/**
 * How each REST request authenticates (issue 15): the agent's cookie session, or the org's OAuth
 * token. `cookie-first` sends the cookie as before — nothing more is asked of an org whose cookie
 * works — and when the org refuses it for the API (API Access Control's 401, API_DISABLED_FOR_ORG)
 * remembers that for the org and sends the same request again with the token. `oauth-only` never
 * sends the cookie to the API (it still asks userinfo with it who the console's user is).
 *
 * With a token, nothing is sent before the token's user is found to be the console's user
 * (./identity.ts); a 401 renews the access token once and sends again; a refused renewal forgets
 * the token and asks the agent to connect.
 */

import { PlatformError } from '../../platform-client';
import { parseSalesforceError } from '../errors';
import type { SalesforceOAuthSettings } from '../oauth-settings';
import { consumerKeyFor } from '../oauth-settings';
import { myDomainHostForOrg } from '../url';
import type { ConsoleUsers } from './console-user';
import { revokeAndForget } from './forget';
import { compareIdentity, identityFromIdUrl } from './identity';
import { connectNeeded, notSetUp, type TokenReason, wrongUser } from './notices';
import { refreshAccess } from './token-endpoint';
import type { StoredToken, TokenStore } from './tokens';

/** What the client's request answered: its status and parsed body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface ApiAuthDeps {
  settings(): Promise<{ salesforceOAuth: SalesforceOAuthSettings }>;
  tokens: TokenStore;
  consoleUsers: ConsoleUsers;
  fetchFn: typeof fetch;
  now(): number;
}

export type AuthRoute = 'cookie' | 'token';

export function salesforceApiAuth(deps: ApiAuthDeps) {
  /** Orgs whose cookie session the API refused in this worker's life, and how. */
  const refused = new Map<string, TokenReason>();
  /** One renewal per org at a time: requests that met the same 401 share it. */
  const renewing = new Map<string, Promise<StoredToken>>();

  return {
    /** How the next request to `org` goes. Reads only the settings: no request of its own. */
    async route(org: string): Promise<AuthRoute> {
      if (refused.has(org)) return 'token';
      const { mode } = (await deps.settings()).salesforceOAuth;
      return mode === 'oauth-only' ? 'token' : 'cookie';
    },

    /**
     * Whether a cookie request's answer says the org refuses cookie sessions for its API; if so,
     * it is remembered for the org and the request goes again with the token.
     */
    refusesCookie(org: string, answer: ApiAnswer): boolean {
      if (answer.status !== 401 && answer.status !== 403) return false;
      const parsed = parseSalesforceError(answer.status, answer.body);
      if (parsed.kind !== 'api-access-control' && parsed.kind !== 'api-disabled') return false;
      refused.set(org, parsed.kind);
      return true;
    },

    /**
     * Sends with the org's token (`attempt` gets the bearer): the console's user checked first,
     * then one renewal and one retry on a 401.
     */
    async sendWithToken<A extends ApiAnswer>(
      org: string,
      attempt: (bearer: string) => Promise<A>,
    ): Promise<A> {
      let token = await usableToken(deps, org, refused.get(org) ?? 'oauth-only');
      await checkConsoleUser(deps, org, token);
      const answer = await attempt(token.accessToken);
      if (!expired(answer)) return answer;
      token = await renewOnce(renewing, org, () => renew(deps, org, token));
      // The renewed token may be a newer sign-in's (the agent reconnected meanwhile): checked again.
      await checkConsoleUser(deps, org, token);
      const again = await attempt(token.accessToken);
      if (!expired(again)) return again;
      await forgetIfKept(deps, org, token);
      throw connectNeeded(org, 'refused', 'INVALID_SESSION_ID after renewing the access token');
    },
  };
}
export type SalesforceApiAuth = ReturnType<typeof salesforceApiAuth>;

/** A 401 the cookie would re-read for: the access token expired (or was revoked). */
const expired = (answer: ApiAnswer) =>
  answer.status === 401 && parseSalesforceError(401, answer.body).kind === 'session';

/** The org's token, if the settings still allow it; else why not, as the agent's notice. */
async function usableToken(
  deps: ApiAuthDeps,
  org: string,
  reason: TokenReason,
): Promise<StoredToken> {
  const consumerKey = consumerKeyFor((await deps.settings()).salesforceOAuth, org);
  const token = await deps.tokens.get(org);
  if (!consumerKey) {
    // A token of a key the settings no longer list is not used, and not kept.
    if (token) await revokeAndForget(deps, org, token);
    throw notSetUp(org, reason);
  }
  if (!token) throw connectNeeded(org, reason);
  if (token.consumerKey !== consumerKey) {
    await revokeAndForget(deps, org, token);
    throw connectNeeded(org, reason, 'the consumer key changed since this connection was made');
  }
  return token;
}

/** Throws `wrong-user` (nothing sent) unless the token acts as the console's user. */
async function checkConsoleUser(deps: ApiAuthDeps, org: string, token: StoredToken) {
  const consoleUser = await deps.consoleUsers.of(org);
  if (compareIdentity(token, consoleUser) !== 'same') throw wrongUser(org, token, consoleUser);
}

function renewOnce(
  renewing: Map<string, Promise<StoredToken>>,
  org: string,
  run: () => Promise<StoredToken>,
): Promise<StoredToken> {
  const inFlight = renewing.get(org);
  if (inFlight) return inFlight;
  const started = run().finally(() => renewing.delete(org));
  renewing.set(org, started);
  return started;
}

/**
 * A new access token from the refresh token, kept for the next requests. A refused renewal
 * (`invalid_grant`: expired or revoked) forgets the token; no answer keeps it (retried later).
 */
async function renew(deps: ApiAuthDeps, org: string, token: StoredToken): Promise<StoredToken> {
  if (!token.refreshToken) {
    await forgetIfKept(deps, org, token);
    throw connectNeeded(org, 'expired', 'no refresh token was granted');
  }
  const host = myDomainHostForOrg(org);
  const answer = await refreshAccess(deps.fetchFn, host, {
    refreshToken: token.refreshToken,
    consumerKey: token.consumerKey,
  });
  if (!answer.ok && answer.kind === 'refused') {
    await forgetIfKept(deps, org, token);
    throw connectNeeded(org, 'expired', answer.error);
  }
  if (!answer.ok) {
    throw new PlatformError(
      answer.detail === 'network' || answer.detail === 'timeout'
        ? 'network'
        : 'platform-unavailable',
      `${host} did not answer normally to renew your connection. Nothing was written yet; retrying automatically.`,
      { detail: answer.detail },
    );
  }
  const identity = identityFromIdUrl(answer.tokens.id);
  if (!identity || identity.orgId !== token.orgId || identity.userId !== token.userId) {
    await forgetIfKept(deps, org, token);
    throw connectNeeded(org, 'refused', 'the renewed token names another user');
  }
  return keepRenewed(deps, org, token, {
    ...token,
    accessToken: answer.tokens.access_token,
    refreshToken: answer.tokens.refresh_token ?? token.refreshToken,
    issuedAt: Number(answer.tokens.issued_at ?? deps.now()),
  });
}

const sameSignIn = (a: StoredToken, b: StoredToken) =>
  a.savedAt === b.savedAt && a.refreshToken === b.refreshToken && a.userId === b.userId;

/** Forgets the org's token if it is still `token` (a newer sign-in is not the one that failed). */
async function forgetIfKept(deps: ApiAuthDeps, org: string, token: StoredToken): Promise<void> {
  const kept = await deps.tokens.get(org);
  if (kept && sameSignIn(kept, token)) await deps.tokens.remove(org);
}

/** Saves the renewed token unless another sign-in replaced the renewed one meanwhile; answers the one in force. */
async function keepRenewed(
  deps: ApiAuthDeps,
  org: string,
  before: StoredToken,
  renewed: StoredToken,
): Promise<StoredToken> {
  const kept = await deps.tokens.get(org);
  if (!kept) throw connectNeeded(org, 'expired', 'signed out while the connection was renewed');
  if (!sameSignIn(kept, before)) return kept;
  await deps.tokens.save(org, renewed);
  return renewed;
}
