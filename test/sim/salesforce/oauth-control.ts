/**
 * The control API of the simulated OAuth (`/__sim/salesforce/<path>`; SimClient methods in
 * client.ts; test/sim/README.md "OAuth"):
 *
 *   POST oauth-app             {org, consumerKey, callbackUrl, consent, pkceRequired?, name?}
 *   POST login-as              {org, user}          user: an id (15/18) or a username
 *   POST expire-access-tokens  {org}
 *   POST revoke-refresh-tokens {org}
 *   GET  oauth?org=            what was issued, to whom (never a token value)
 *   GET  users?org=            the org's users and who is signed in to the console
 */
import { SimHttpError } from '../http';
import type { Json } from '../platform';
import type { ConsentMode, OAuthApp } from './oauth-state';
import { consoleUser, type OrgState, signIn } from './store';
import { findUser, userSummary } from './users';

const CONSENT_MODES: readonly ConsentMode[] = ['ask', 'pre-approved'];
const DEFAULT_APP_NAME = 'Handoff Fields';

type OrgOf = (handle: unknown) => OrgState;

export async function oauthRoute(
  method: string,
  path: string,
  body: () => Promise<Json>,
  query: URLSearchParams,
  orgOf: OrgOf,
): Promise<Json | undefined> {
  if (method === 'GET' && path === 'oauth') return oauthState(orgOf(query.get('org')));
  if (method === 'GET' && path === 'users') return usersOf(orgOf(query.get('org')));
  if (method !== 'POST') return undefined;
  switch (path) {
    case 'oauth-app': {
      const b = await body();
      const org = orgOf(b.org);
      org.oauth.register(appFrom(b));
      return oauthState(org);
    }
    case 'login-as': {
      const b = await body();
      const org = orgOf(b.org);
      const user = typeof b.user === 'string' ? findUser(org.users, b.user) : undefined;
      if (!user) throw new SimHttpError(404, `No user ${String(b.user)} in org '${org.handle}'`);
      signIn(org, user.id);
      return usersOf(org);
    }
    case 'expire-access-tokens': {
      const org = orgOf((await body()).org);
      return { ...oauthState(org), affected: org.oauth.expireAccessTokens() };
    }
    case 'revoke-refresh-tokens': {
      const org = orgOf((await body()).org);
      return { ...oauthState(org), affected: org.oauth.revokeRefreshTokens() };
    }
    default:
      return undefined;
  }
}

function appFrom(b: Json): OAuthApp {
  const text = (key: string) => {
    const v = b[key];
    if (typeof v !== 'string' || v.trim() === '')
      throw new SimHttpError(400, `"${key}" must be a non-empty string`);
    return v;
  };
  const callbackUrl = text('callbackUrl');
  if (!URL.canParse(callbackUrl))
    throw new SimHttpError(400, '"callbackUrl" must be an absolute URL');
  if (!(CONSENT_MODES as readonly unknown[]).includes(b.consent))
    throw new SimHttpError(400, `"consent" must be one of ${CONSENT_MODES.join(', ')}`);
  if (b.pkceRequired !== undefined && typeof b.pkceRequired !== 'boolean')
    throw new SimHttpError(400, '"pkceRequired" must be true or false');
  return {
    name: b.name === undefined ? DEFAULT_APP_NAME : text('name'),
    consumerKey: text('consumerKey'),
    callbackUrl,
    consent: b.consent as ConsentMode,
    pkceRequired: b.pkceRequired === true,
  };
}

function usersOf(org: OrgState): Json {
  return {
    org: org.handle,
    consoleUser: userSummary(consoleUser(org)),
    users: org.users.map(userSummary),
  };
}

/** The org's OAuth state for tests: counts and token owners, never a code or token value. */
export function oauthState(org: OrgState): Json {
  const summary = org.oauth.summary();
  const username = (id: string) => org.users.find((u) => u.id === id)?.username ?? null;
  return {
    org: org.handle,
    consoleUser: userSummary(consoleUser(org)),
    ...summary,
    accessTokens: summary.accessTokens.map((t) => ({ ...t, username: username(t.userId) })),
    refreshTokens: summary.refreshTokens.map((t) => ({ ...t, username: username(t.userId) })),
  };
}
