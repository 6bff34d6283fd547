/**
 * One Salesforce sign-in (`auth:connect`): PKCE, the probe that finds a wrong callback URL or
 * consumer key before any window opens, the browser's sign-in window, the code exchanged for
 * tokens, who they act as, and the check that this is the console's user — then the token is
 * kept (./tokens.ts) and the one it replaces revoked. Every failure is a PlatformError whose
 * message says what happened and the fix; nothing is kept unless all of it went through.
 */
import type { WebAuthFlow } from '../../platform';
import type { PlatformError } from '../../platform-client';
import { consumerKeyFor, type SalesforceOAuthSettings } from '../oauth-settings';
import { myDomainHostForOrg } from '../url';
import { authorizeUrl, codeFromCallback, probeAuthorize } from './authorize';
import type { ConsoleUsers } from './console-user';
import {
  type ConnectContext,
  oauthFailure,
  unreachable,
  unreadableAnswer,
  windowClosed,
} from './failures';
import { revokeQuietly } from './forget';
import { compareIdentity, identityFromIdUrl } from './identity';
import { notSetUp, signedInAsAnother } from './notices';
import { pkcePair } from './pkce';
import { exchangeCode, type TokenAnswer, type TokenResponse } from './token-endpoint';
import type { StoredToken, TokenStore } from './tokens';
import { readUserinfo, type SalesforceUser } from './userinfo';

export interface ConnectDeps {
  settings(): Promise<{ salesforceOAuth: SalesforceOAuthSettings }>;
  identity: WebAuthFlow;
  fetchFn: typeof fetch;
  tokens: TokenStore;
  consoleUsers: ConsoleUsers;
  now(): number;
}

type Flow = ConnectContext & { host: string; consumerKey: string };

/** Signs `org` in; the user the kept token acts as. */
export async function connectOrg(deps: ConnectDeps, org: string): Promise<SalesforceUser> {
  const flow = await flowFor(deps, org);
  const { verifier, challenge, state } = await pkcePair();
  const url = authorizeUrl({
    host: flow.host,
    consumerKey: flow.consumerKey,
    redirectUrl: flow.callbackUrl,
    challenge,
    state,
  });
  await probeAuthorize(deps.fetchFn, url, flow);
  const address = await runWindow(deps.identity, url, flow);
  const code = codeFromCallback(address, { state, redirectUrl: flow.callbackUrl }, flow);
  const answer = await exchangeCode(deps.fetchFn, flow.host, {
    code,
    consumerKey: flow.consumerKey,
    redirectUrl: flow.callbackUrl,
    verifier,
  });
  if (!answer.ok) throw exchangeFailure(answer, flow);
  const token = await tokenOf(deps, flow, answer.tokens);
  await refuseAnotherUser(deps, flow, token);
  const replaced = await deps.tokens.get(org);
  await deps.tokens.save(org, token);
  // The connection replaced (another user's, or an older one of the same) is ended at Salesforce.
  if (replaced && replaced.refreshToken !== token.refreshToken) {
    await revokeQuietly(deps.fetchFn, org, replaced).catch(() => false);
  }
  return {
    orgId: token.orgId,
    userId: token.userId,
    name: token.name,
    ...(token.username ? { username: token.username } : {}),
  };
}

async function flowFor(deps: ConnectDeps, org: string): Promise<Flow> {
  const callbackUrl = deps.identity.getRedirectURL();
  // The org was checked as a My Domain name before (the descriptor's orgProblem, ./sign-in.ts).
  const host = myDomainHostForOrg(org);
  const consumerKey = consumerKeyFor((await deps.settings()).salesforceOAuth, org);
  if (!consumerKey) throw notSetUp(org, 'api-access-control');
  return { org, callbackUrl, host, consumerKey };
}

/** The sign-in window; the address Salesforce sent it back to. */
async function runWindow(identity: WebAuthFlow, url: string, ctx: ConnectContext) {
  let address: string | undefined;
  try {
    address = await identity.launchWebAuthFlow({ url, interactive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Chromium: "Authorization page could not be loaded."; a closed window or Deny otherwise.
    throw /could not be loaded/i.test(reason) ? unreachable(ctx, reason) : windowClosed(ctx);
  }
  if (!address) throw windowClosed(ctx);
  return address;
}

function exchangeFailure(answer: Exclude<TokenAnswer, { ok: true }>, ctx: ConnectContext) {
  switch (answer.kind) {
    case 'refused':
      return oauthFailure(answer.error, answer.description, ctx);
    case 'unavailable':
      return unreachable(ctx, answer.detail);
    case 'unreadable':
      return unreadableAnswer(ctx, answer.detail);
  }
}

/** The record kept for the tokens: who they act as, from the identity URL and userinfo. */
async function tokenOf(deps: ConnectDeps, flow: Flow, tokens: TokenResponse): Promise<StoredToken> {
  const identity = identityFromIdUrl(tokens.id);
  if (!identity) {
    await revokeQuietly(deps.fetchFn, flow.org, tokenPair(tokens)).catch(() => false);
    throw unreadableAnswer(flow, 'its identity URL does not name an org and a user');
  }
  const info = await readUserinfo(deps.fetchFn, flow.host, tokens.access_token);
  if (info.ok && compareIdentity(identity, info.user) !== 'same') {
    await revokeQuietly(deps.fetchFn, flow.org, tokenPair(tokens)).catch(() => false);
    throw unreadableAnswer(flow, 'userinfo names another user than the token');
  }
  // Without userinfo the user is named by id; the ids, which decide, come from the token.
  const user = info.ok ? info.user : { ...identity, name: identity.userId };
  const now = deps.now();
  const issuedAt = Number(tokens.issued_at ?? now);
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    identityUrl: tokens.id,
    orgId: identity.orgId,
    userId: identity.userId,
    name: user.name,
    ...(user.username ? { username: user.username } : {}),
    consumerKey: flow.consumerKey,
    issuedAt,
    savedAt: now,
  };
}

const tokenPair = (tokens: TokenResponse) => ({
  accessToken: tokens.access_token,
  ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
});

/**
 * A token of another user than the console's (the window signed in someone else, a Login As) is
 * revoked and not kept. When the console's user cannot be learnt now, the token is kept: every
 * request checks it again before anything is sent.
 */
async function refuseAnotherUser(deps: ConnectDeps, flow: Flow, token: StoredToken) {
  let failure: PlatformError | undefined;
  try {
    const consoleUser = await deps.consoleUsers.of(flow.org);
    if (compareIdentity(token, consoleUser) !== 'same') {
      failure = signedInAsAnother(flow.org, token, consoleUser);
    }
  } catch {
    return;
  }
  if (!failure) return;
  await revokeQuietly(deps.fetchFn, flow.org, token).catch(() => false);
  throw failure;
}
