/**
 * Salesforce's OAuth 2.0 endpoints on a simulated org's My Domain (`<org>.my.salesforce.com`):
 *
 *   GET  /services/oauth2/authorize   authorization code flow (+ PKCE S256), login and consent pages
 *   POST /services/oauth2/token       grant_type=authorization_code | refresh_token
 *   POST /services/oauth2/revoke      token=<refresh or access token>
 *   GET  /services/oauth2/userinfo    Authorization: Bearer <access token | cookie session>
 *   /setup/secur/RemoteAccessErrorPage.apexp, /setup/secur/RemoteAccessAuthorizationPage.apexp,
 *   / (the login page, with `startURL`)
 *
 * The state lives in oauth-state.ts; which behaviour comes from Salesforce's documentation and
 * which is assumed is listed in test/sim/README.md ("OAuth"). Requests are logged without the
 * values of codes, tokens, verifiers or passwords.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  parseCookies,
  portSuffix,
  readBody,
  requestUrl,
  sendEmpty,
  sendJson,
  sendText,
} from '../http';
import type { SimContext } from '../platform';
import type { LoggedRequest } from '../request-log';
import { bearerToken, oauthActor, sessionActor, sidCookie } from './auth';
import { consentPage, errorPage, loginPage } from './oauth-pages';
import {
  type AuthorizeRequest,
  type IssuedTokens,
  type OAuthError,
  oauthErrors,
} from './oauth-state';
import { corsHeaders } from './rest';
import { consoleUser, newSid, type OrgState, signIn } from './store';
import { findUser, type SimUser } from './users';

export const ERROR_PAGE = '/setup/secur/RemoteAccessErrorPage.apexp';
export const CONSENT_PAGE = '/setup/secur/RemoteAccessAuthorizationPage.apexp';
/** What an authorize request without `scope` gets (the app's scopes, in Salesforce). */
const DEFAULT_SCOPE = 'api refresh_token';
/** Signs `id + issued_at` (Salesforce signs with the consumer secret; a public client has none). */
const SIGNING_KEY = randomBytes(32);
/** Parameters whose values the request log never shows. */
const SECRET_PARAMS = new Set([
  'code',
  'code_verifier',
  'token',
  'refresh_token',
  'access_token',
  'client_secret',
  'pw',
  'password',
  'source',
]);
const LOGIN_ERROR =
  "Please check your username and password. If you still can't log in, contact your Salesforce administrator.";

/** One request to an OAuth path, with what every handler needs. */
interface OAuthCall {
  ctx: SimContext;
  req: IncomingMessage;
  res: ServerResponse;
  org: OrgState;
  url: URL;
  method: string;
  /** The form-encoded body (empty for other bodies and for GET). */
  form: URLSearchParams;
  /** `https://<org>.my.salesforce.com[:port]` */
  origin: string;
}

/** Serves the OAuth paths of My Domain; false for any other path. */
export async function handleOAuth(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  org: OrgState,
): Promise<boolean> {
  const url = requestUrl(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const isLogin = path === '/' && (method === 'POST' || url.searchParams.has('startURL'));
  const isPage = path === ERROR_PAGE || path === CONSENT_PAGE || isLogin;
  if (!isPage && !path.startsWith('/services/oauth2/')) return false;
  const call: OAuthCall = {
    ctx,
    req,
    res,
    org,
    url,
    method,
    form: await readForm(req, method),
    origin: `https://${org.handle}.my.salesforce.com${portSuffix(req)}`,
  };
  // The pages' GETs are UI, not logged; their form posts and every endpoint call are.
  if (isPage && method === 'POST') log(call);
  if (path === ERROR_PAGE) showErrorPage(call);
  else if (path === CONSENT_PAGE) consent(call);
  else if (isLogin) login(call);
  else endpoint(call, log(call));
  return true;
}

async function readForm(req: IncomingMessage, method: string): Promise<URLSearchParams> {
  if (method !== 'POST') return new URLSearchParams();
  const text = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  return /^application\/x-www-form-urlencoded\b/i.test(type)
    ? new URLSearchParams(text)
    : new URLSearchParams();
}

function redacted(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) out.append(k, SECRET_PARAMS.has(k) ? '[redacted]' : v);
  return out;
}

function log(call: OAuthCall): LoggedRequest {
  const query = redacted(call.url.searchParams).toString();
  const entry = call.ctx.log.add({
    platform: 'salesforce',
    org: call.org.handle,
    method: call.method,
    path: call.url.pathname + (query ? `?${query}` : ''),
    body: [...call.form.keys()].length > 0 ? Object.fromEntries(redacted(call.form)) : null,
    time: new Date().toISOString(),
    headers: { accept: call.req.headers.accept, contentType: call.req.headers['content-type'] },
  });
  call.res.on('finish', () => {
    entry.status = call.res.statusCode;
  });
  return entry;
}

function endpoint(call: OAuthCall, entry: LoggedRequest) {
  const cors = corsHeaders(call.req);
  if (call.method === 'OPTIONS') {
    sendEmpty(call.res, 204, {
      ...cors,
      ...(cors['Access-Control-Allow-Origin']
        ? {
            'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
            'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
            'Access-Control-Max-Age': '600',
          }
        : {}),
    });
    return;
  }
  switch (call.url.pathname.replace(/\/+$/, '')) {
    case '/services/oauth2/authorize':
      return authorize(call);
    case '/services/oauth2/token':
      return token(call, cors);
    case '/services/oauth2/revoke':
      return revoke(call, cors);
    case '/services/oauth2/userinfo':
      return userinfo(call, entry, cors);
    default:
      sendText(call.res, 404, 'Not found');
  }
}

function redirect(res: ServerResponse, location: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-cache, no-store', ...headers });
  res.end();
}

function html(res: ServerResponse, text: string): void {
  // The login and consent pages refuse to be framed by other sites (clickjacking), as Salesforce's do.
  sendText(res, 200, text, 'text/html; charset=utf-8', { 'X-Frame-Options': 'SAMEORIGIN' });
}

/** `redirect_uri` with OAuth parameters appended (values percent-encoded, spaces as %20). */
export function callbackUrl(redirectUri: string, params: [string, string | null][]): string {
  const query = params
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${query}`;
}

const callbackError = (redirectUri: string, e: OAuthError, state: string | null) =>
  callbackUrl(redirectUri, [
    ['error', e.error],
    ['error_description', e.error_description],
    ['state', state],
  ]);

function errorPageUrl(origin: string, e: OAuthError): string {
  return `${origin}${ERROR_PAGE}?error=${encodeURIComponent(e.error)}&error_description=${encodeURIComponent(e.error_description)}`;
}

function showErrorPage(call: OAuthCall): void {
  const q = call.url.searchParams;
  html(call.res, errorPage(q.get('error') ?? '', q.get('error_description') ?? ''));
}

/** The console's user, when the request carries the org's current My Domain session cookie. */
function cookieUser(call: OAuthCall): SimUser | undefined {
  const sid = parseCookies(call.req).get('sid');
  return sid !== undefined && sid === call.org.apiSid ? consoleUser(call.org) : undefined;
}

/**
 * The request's problem before any login: unknown client and wrong callback go to the error page
 * (UNVERIFIED that this precedes login); the others go back to the callback.
 */
function authorizeProblem(call: OAuthCall): string | undefined {
  const q = call.url.searchParams;
  const app = call.org.oauth.app;
  if (!app || q.get('client_id') !== app.consumerKey)
    return errorPageUrl(call.origin, oauthErrors.invalidClientId());
  const redirectUri = q.get('redirect_uri') ?? '';
  if (redirectUri !== app.callbackUrl)
    return errorPageUrl(call.origin, oauthErrors.redirectMismatch());
  const state = q.get('state');
  if (q.get('response_type') !== 'code')
    return callbackError(redirectUri, oauthErrors.unsupportedResponseType(), state);
  const challenge = q.get('code_challenge') || null;
  const method = q.get('code_challenge_method');
  if (app.pkceRequired && challenge === null)
    return callbackError(redirectUri, oauthErrors.missingChallenge(), state);
  // Salesforce documents S256 challenges only; a required PKCE wants the method said.
  if (challenge !== null && (method ?? (app.pkceRequired ? '' : 'S256')) !== 'S256')
    return callbackError(redirectUri, oauthErrors.badChallengeMethod(), state);
  return undefined;
}

function authorize(call: OAuthCall) {
  const problem = authorizeProblem(call);
  if (problem) return redirect(call.res, problem);
  const user = cookieUser(call);
  if (!user) {
    const start = call.url.pathname + call.url.search;
    return redirect(call.res, `${call.origin}/?ec=302&startURL=${encodeURIComponent(start)}`);
  }
  const q = call.url.searchParams;
  const request: AuthorizeRequest = {
    userId: user.id,
    clientId: q.get('client_id') ?? '',
    redirectUri: q.get('redirect_uri') ?? '',
    scope: q.get('scope')?.trim() || DEFAULT_SCOPE,
    challenge: q.get('code_challenge') || null,
    state: q.get('state'),
  };
  if (!call.org.oauth.approved(user.id)) {
    const source = call.org.oauth.holdForConsent(request);
    return redirect(call.res, `${call.origin}${CONSENT_PAGE}?source=${encodeURIComponent(source)}`);
  }
  redirect(call.res, codeCallback(call.org, request));
}

function codeCallback(org: OrgState, request: AuthorizeRequest): string {
  const code = org.oauth.issueCode(request);
  return callbackUrl(request.redirectUri, [
    ['code', code],
    ['state', request.state],
  ]);
}

/** The consent page ("Allow Access?") and its Allow / Deny. */
function consent(call: OAuthCall) {
  const source =
    (call.method === 'POST' ? call.form.get('source') : call.url.searchParams.get('source')) ?? '';
  const held = call.org.oauth.pendingConsent(source);
  const user = cookieUser(call);
  const app = call.org.oauth.app;
  if (!held || !app || held.clientId !== app.consumerKey || (user && user.id !== held.userId)) {
    // UNVERIFIED: what Salesforce shows for a stale or foreign consent request.
    const stale = { error: 'invalid_request', error_description: 'authorization request expired' };
    return redirect(call.res, errorPageUrl(call.origin, stale));
  }
  if (!user) {
    const start = `${CONSENT_PAGE}?source=${encodeURIComponent(source)}`;
    return redirect(call.res, `${call.origin}/?ec=302&startURL=${encodeURIComponent(start)}`);
  }
  if (call.method !== 'POST') {
    const page = consentPage({
      appName: app.name,
      username: user.username,
      scope: held.scope,
      source,
    });
    return html(call.res, page);
  }
  const allow = call.form.get('decision') === 'allow';
  call.org.oauth.decide(source, allow);
  redirect(
    call.res,
    allow
      ? codeCallback(call.org, held)
      : callbackError(held.redirectUri, oauthErrors.accessDenied(), held.state),
  );
}

/** The My Domain login page (GET `/?startURL=`) and its form (POST `/`). */
function login(call: OAuthCall) {
  const startUrl = call.form.get('startURL') ?? call.url.searchParams.get('startURL') ?? '';
  const next = /^\/(?![/\\])/.test(startUrl) ? startUrl : '/lightning/page/home';
  if (call.method !== 'POST') {
    if (cookieUser(call)) return redirect(call.res, call.origin + next);
    return html(call.res, loginPage({ org: call.org.handle, startUrl }));
  }
  const user = findUser(call.org.users, call.form.get('username') ?? '');
  if (!user || (call.form.get('pw') ?? '') === '')
    return html(call.res, loginPage({ org: call.org.handle, startUrl, error: LOGIN_ERROR }));
  // Signing in as another user replaces the browser's session of the org (as "Login As" does).
  if (user.id !== call.org.consoleUserId) signIn(call.org, user.id);
  call.org.apiSid ??= newSid(call.org.orgId15);
  redirect(call.res, call.origin + next, { 'Set-Cookie': sidCookie(call.org.apiSid) });
}

function token(call: OAuthCall, cors: OutgoingHttpHeaders) {
  const fail = (e: OAuthError) => sendJson(call.res, 400, e, cors);
  if (call.method !== 'POST') return fail(oauthErrors.mustPost());
  const f = call.form;
  const clientId = f.get('client_id') ?? '';
  let result: IssuedTokens | OAuthError;
  const grant = f.get('grant_type');
  if (grant === 'authorization_code') {
    result = call.org.oauth.redeemCode({
      code: f.get('code') ?? '',
      clientId,
      redirectUri: f.get('redirect_uri') ?? '',
      verifier: f.get('code_verifier'),
    });
  } else if (grant === 'refresh_token') {
    result = call.org.oauth.refresh({ refreshToken: f.get('refresh_token') ?? '', clientId });
  } else {
    result = oauthErrors.unsupportedGrant();
  }
  if ('error' in result) return fail(result);
  sendJson(call.res, 200, tokenBody(call.org, result), cors);
}

export function identityUrl(org: OrgState, userId: string): string {
  return `https://login.salesforce.com/id/${org.orgId}/${userId}`;
}

function tokenBody(org: OrgState, issued: IssuedTokens) {
  const id = identityUrl(org, issued.userId);
  const issuedAt = String(issued.issuedAt);
  return {
    access_token: issued.accessToken,
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    signature: createHmac('sha256', SIGNING_KEY)
      .update(id + issuedAt)
      .digest('base64'),
    scope: issued.scope,
    instance_url: `https://${org.handle}.my.salesforce.com`,
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
  };
}

/**
 * Revokes a refresh token (and its access tokens) or an access token: 200, empty. An unknown token:
 * 400 `invalid_token` (Mobile SDK guide; the JSON body shape is UNVERIFIED). The org's cookie
 * session is a session id too: revoking it signs the browser out (UNVERIFIED, and a product bug).
 */
function revoke(call: OAuthCall, cors: OutgoingHttpHeaders) {
  const value =
    (call.method === 'POST' ? call.form.get('token') : call.url.searchParams.get('token')) ?? '';
  if (value !== '' && value === call.org.apiSid) {
    call.org.apiSid = null;
    return sendEmpty(call.res, 200, cors);
  }
  if (value !== '' && call.org.oauth.revoke(value)) return sendEmpty(call.res, 200, cors);
  sendJson(call.res, 400, oauthErrors.invalidToken(), cors);
}

/**
 * UNVERIFIED (issue 15's assumption, kept in one adapter table in the product too): userinfo takes
 * the console's own cookie session (the My Domain `sid`) as a bearer token, even where API Access
 * Control refuses that session on /services/data. OAuth access tokens work as documented.
 */
function userinfo(call: OAuthCall, entry: LoggedRequest, cors: OutgoingHttpHeaders) {
  const bearer = bearerToken(call.req.headers.authorization);
  const actor = sessionActor(call.org, bearer) ?? oauthActor(call.org, bearer);
  const user = actor ? call.org.users.find((u) => u.id === actor.userId) : undefined;
  if (!actor || !user) {
    return sendText(call.res, 403, 'Bad_OAuth_Token', 'text/plain; charset=utf-8', cors);
  }
  entry.actor = actor;
  sendJson(call.res, 200, userinfoBody(call.org, user), cors);
}

function userinfoBody(org: OrgState, user: SimUser) {
  const base = `https://${org.handle}.my.salesforce.com`;
  const photo = `https://${org.handle}.file.force.com/profilephoto/005`;
  const data = `${base}/services/data/v{version}`;
  return {
    sub: identityUrl(org, user.id),
    user_id: user.id,
    organization_id: org.orgId,
    preferred_username: user.username,
    nickname: user.username.split('@')[0] ?? user.username,
    name: user.name,
    email: user.email,
    email_verified: true,
    given_name: user.firstName,
    family_name: user.lastName,
    zoneinfo: 'GMT',
    photos: { picture: `${photo}/F`, thumbnail: `${photo}/T` },
    profile: `${base}/${user.id}`,
    picture: `${photo}/F`,
    address: { country: 'US' },
    is_salesforce_integration_user: false,
    urls: {
      rest: `${data}/`,
      sobjects: `${data}/sobjects/`,
      query: `${data}/query/`,
      profile: `${base}/${user.id}`,
      custom_domain: base,
    },
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    updated_at: '2026-11-20T09:12:44Z',
    is_app_installed: true,
  };
}
