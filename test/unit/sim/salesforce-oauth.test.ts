// @vitest-environment node
/**
 * The simulated Salesforce plays OAuth 2.0 (authorization code + PKCE) as Salesforce does: the
 * checks before login, the login and consent pages, the token, refresh, revoke and userinfo
 * endpoints, API Access Control letting the app's tokens through, and "Login As".
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SimResponse, simRequest } from '../../sim/client';
import { verifierMatches } from '../../sim/salesforce/oauth-state';
import { SEED } from '../../sim/seed';
import { CASE1, type SimFixture, startFixture } from '../../sim/testing';

const acme = SEED.acme;
const ALEX = acme.users.agent;
const SAM = acme.users.supervisor;
const KEY = '3MVG9SimulatedConsumerKey.HandoffFields';
const CALLBACK = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

let f: SimFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.sim.close();
});
beforeEach(async () => {
  await f.client.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A PKCE pair computed here (not with the sim's code), as RFC 7636 says. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authorizePath(over: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: KEY,
    redirect_uri: CALLBACK,
    scope: 'api refresh_token',
    state: 'st-123',
    code_challenge: null,
    code_challenge_method: 'S256',
    ...over,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) q.set(k, v);
  return `/services/oauth2/authorize?${q}`;
}

/** A request to acme's My Domain, with the console's cookie session unless `cookie: null`. */
async function my(
  path: string,
  opts: {
    method?: string;
    cookie?: string | null;
    form?: Record<string, string>;
    bearer?: string;
  } = {},
): Promise<SimResponse> {
  const cookie = opts.cookie === undefined ? await f.sid() : opts.cookie;
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = `sid=${cookie}`;
  if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
  if (opts.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return simRequest(f.sim.origin, {
    method: opts.method ?? (opts.form ? 'POST' : 'GET'),
    path,
    host: acme.myDomainHost,
    headers,
    body: opts.form ? new URLSearchParams(opts.form).toString() : undefined,
  });
}

const location = (res: SimResponse) => new URL(String(res.headers.location));

async function registerApp(over: Partial<Parameters<typeof f.client.oauthApp>[0]> = {}) {
  return f.client.oauthApp({
    org: acme.org,
    consumerKey: KEY,
    callbackUrl: CALLBACK,
    consent: 'pre-approved',
    pkceRequired: true,
    ...over,
  });
}

/** Authorize as the console's user (pre-approved app) and answer the code and verifier. */
async function authorizeCode(cookie?: string) {
  const { verifier, challenge } = pkce();
  const res = await my(authorizePath({ code_challenge: challenge }), { cookie });
  expect(res.status).toBe(302);
  const at = location(res);
  expect(at.origin + at.pathname).toBe(CALLBACK);
  expect(at.searchParams.get('state')).toBe('st-123');
  return { code: at.searchParams.get('code') ?? '', verifier };
}

function tokenCall(form: Record<string, string>) {
  return my('/services/oauth2/token', { cookie: null, form });
}

function exchange(code: string, verifier: string | null, over: Record<string, string> = {}) {
  return tokenCall({
    grant_type: 'authorization_code',
    code,
    client_id: KEY,
    redirect_uri: CALLBACK,
    ...(verifier === null ? {} : { code_verifier: verifier }),
    ...over,
  });
}

interface Tokens {
  access_token: string;
  refresh_token?: string;
  id: string;
  instance_url: string;
  issued_at: string;
  token_type: string;
  scope: string;
  signature: string;
}

/** The whole flow for the console's user: the tokens. */
async function connect(cookie?: string): Promise<Tokens> {
  const { code, verifier } = await authorizeCode(cookie);
  const res = await exchange(code, verifier);
  expect(res.status).toBe(200);
  return res.json as Tokens;
}

const refresh = (refreshToken: string) =>
  tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: KEY });

const readCase = (token: string) => f.sf('GET', `sobjects/Case/${CASE1}?fields=Id`, { sid: token });

describe('PKCE', () => {
  it('checks S256 verifiers against the RFC 7636 example', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(verifierMatches(verifier, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true);
    expect(verifierMatches(`${verifier}x`, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(
      false,
    );
    // The challenge itself is no verifier (plain is not S256).
    expect(verifierMatches('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', verifier)).toBe(false);
  });

  it('gives tokens for the right verifier, in Salesforce’s token shape', async () => {
    await registerApp();
    const before = Date.now();
    const tokens = await connect();
    expect(Object.keys(tokens)).toEqual([
      'access_token',
      'refresh_token',
      'signature',
      'scope',
      'instance_url',
      'id',
      'token_type',
      'issued_at',
    ]);
    expect(tokens.id).toBe(`https://login.salesforce.com/id/${acme.orgId}/${ALEX.id}`);
    expect(tokens.instance_url).toBe('https://acme.my.salesforce.com');
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope).toBe('api refresh_token');
    expect(tokens.access_token.startsWith(`${acme.orgId15}!`)).toBe(true);
    expect(Number(tokens.issued_at)).toBeGreaterThanOrEqual(before);
    expect(Buffer.from(tokens.signature, 'base64').length).toBe(32);
  });

  it('refuses a wrong or missing verifier with invalid_grant, and keeps the code for the right one', async () => {
    await registerApp();
    const { code, verifier } = await authorizeCode();
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid code verifier',
    });
    const missing = await exchange(code, null);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid code verifier',
    });
    // The challenge sent as the verifier is refused too (no "plain" method).
    const plain = await exchange(code, createHash('sha256').update(verifier).digest('base64url'));
    expect(plain.status).toBe(400);
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('PKCE required: authorize without a challenge or with another method goes back with invalid_request', async () => {
    await registerApp();
    const none = await my(authorizePath({ code_challenge_method: null }));
    expect(none.status).toBe(302);
    expect(String(none.headers.location)).toBe(
      `${CALLBACK}?error=invalid_request&error_description=missing%20required%20code%20challenge&state=st-123`,
    );
    const plain = await my(
      authorizePath({ code_challenge: pkce().challenge, code_challenge_method: 'plain' }),
    );
    expect(location(plain).searchParams.get('error')).toBe('invalid_request');
    const unsaid = await my(
      authorizePath({ code_challenge: pkce().challenge, code_challenge_method: null }),
    );
    expect(location(unsaid).searchParams.get('error')).toBe('invalid_request');
    expect((await f.client.oauthState(acme.org)).counts.codesIssued).toBe(0);
  });

  it('PKCE not required: a code without a challenge is redeemed without a verifier', async () => {
    await registerApp({ pkceRequired: false });
    const res = await my(authorizePath({ code_challenge_method: null }));
    const code = location(res).searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect((await exchange(code, pkce().verifier)).status).toBe(400);
    expect((await exchange(code, null)).status).toBe(200);
  });
});

describe('authorize: checks before login', () => {
  it('an unknown client_id goes to the error page, before any login', async () => {
    await registerApp();
    const res = await my(authorizePath({ client_id: 'someone-else' }), { cookie: null });
    expect(res.status).toBe(302);
    expect(String(res.headers.location)).toBe(
      `https://${acme.myDomainHost}/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_client_id&error_description=client%20identifier%20invalid`,
    );
    const page = await my(`${location(res).pathname}${location(res).search}`, { cookie: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('invalid_client_id');
    expect(page.text).toContain('client identifier invalid');
  });

  it('a redirect_uri other than the callback goes to the error page, before any login, and never to that uri', async () => {
    await registerApp();
    for (const uri of [
      CALLBACK.slice(0, -1),
      `${CALLBACK}x`,
      CALLBACK.toUpperCase(),
      'https://evil.example/',
    ]) {
      const res = await my(authorizePath({ redirect_uri: uri, code_challenge: pkce().challenge }), {
        cookie: null,
      });
      expect(res.status).toBe(302);
      const at = location(res);
      expect(at.host).toBe(acme.myDomainHost);
      expect(at.pathname).toBe('/setup/secur/RemoteAccessErrorPage.apexp');
      expect(at.search).toBe(
        '?error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration',
      );
    }
  });

  it('without a session: the login page, which signs in and goes on to the code', async () => {
    await registerApp();
    const { challenge, verifier } = pkce();
    const path = authorizePath({ code_challenge: challenge });
    const res = await my(path, { cookie: null });
    expect(res.status).toBe(302);
    const login = location(res);
    expect(login.pathname).toBe('/');
    expect(login.searchParams.get('startURL')).toBe(path);
    const page = await my(login.pathname + login.search, { cookie: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="username"');
    expect(page.text).toContain('value="Log In"');
    const refused = await my('/', {
      cookie: null,
      form: { username: ALEX.username, pw: '', startURL: path },
    });
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('Please check your username and password');
    const signed = await my('/', {
      cookie: null,
      form: { username: ALEX.username, pw: 'anything', startURL: path },
    });
    expect(signed.status).toBe(302);
    const sid = /^sid=([^;]+)/.exec(String(signed.headers['set-cookie']))?.[1] ?? '';
    expect(sid).toBe(await f.sid());
    const back = location(signed);
    expect(back.pathname + back.search).toBe(path);
    const done = await my(path, { cookie: sid });
    const code = location(done).searchParams.get('code') ?? '';
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('response_type other than code goes back with unsupported_response_type', async () => {
    await registerApp();
    const res = await my(authorizePath({ response_type: 'token', code_challenge: 'x' }));
    expect(location(res).searchParams.get('error')).toBe('unsupported_response_type');
  });
});

describe('consent', () => {
  async function consentSource(): Promise<{ source: string; verifier: string }> {
    const { challenge, verifier } = pkce();
    const res = await my(authorizePath({ code_challenge: challenge }));
    expect(res.status).toBe(302);
    const at = location(res);
    expect(at.pathname).toBe('/setup/secur/RemoteAccessAuthorizationPage.apexp');
    return { source: at.searchParams.get('source') ?? '', verifier };
  }

  it('asks once: Deny goes back with access_denied, Allow with a code, then no question', async () => {
    await registerApp({ consent: 'ask', name: 'Handoff Fields (Acme)' });
    const first = await consentSource();
    const page = await my(
      `/setup/secur/RemoteAccessAuthorizationPage.apexp?source=${first.source}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('Allow Access?');
    expect(page.text).toContain('Handoff Fields (Acme)');
    expect(page.text).toContain('Manage user data via APIs (api)');
    expect(page.text).toContain('id="oauth-allow"');
    expect(page.text).toContain('id="oauth-deny"');
    expect(page.text).toContain(ALEX.username);

    const denied = await my('/setup/secur/RemoteAccessAuthorizationPage.apexp', {
      form: { source: first.source, decision: 'deny' },
    });
    expect(denied.status).toBe(302);
    expect(String(denied.headers.location)).toBe(
      `${CALLBACK}?error=access_denied&error_description=end-user%20denied%20authorization&state=st-123`,
    );
    expect((await f.client.oauthState(acme.org)).counts.codesIssued).toBe(0);
    // The denied request is gone: posting it again allows nothing.
    const replay = await my('/setup/secur/RemoteAccessAuthorizationPage.apexp', {
      form: { source: first.source, decision: 'allow' },
    });
    expect(location(replay).pathname).toBe('/setup/secur/RemoteAccessErrorPage.apexp');

    const second = await consentSource();
    const allowed = await my('/setup/secur/RemoteAccessAuthorizationPage.apexp', {
      form: { source: second.source, decision: 'allow' },
    });
    const code = location(allowed).searchParams.get('code') ?? '';
    expect(location(allowed).searchParams.get('state')).toBe('st-123');
    expect((await exchange(code, second.verifier)).status).toBe(200);
    expect((await f.client.oauthState(acme.org)).approvedUsers).toEqual([ALEX.id]);
    await authorizeCode(); // approved: straight to the code
  });

  it('a consent request belongs to its user: another session cannot answer it', async () => {
    await registerApp({ consent: 'ask' });
    const { source } = await consentSource();
    await f.client.loginAs({ org: acme.org, user: SAM.username });
    const res = await my('/setup/secur/RemoteAccessAuthorizationPage.apexp', {
      form: { source, decision: 'allow' },
    });
    expect(location(res).pathname).toBe('/setup/secur/RemoteAccessErrorPage.apexp');
    expect((await f.client.oauthState(acme.org)).counts.codesIssued).toBe(0);
  });
});

describe('codes', () => {
  it('are one-time', async () => {
    await registerApp();
    const { code, verifier } = await authorizeCode();
    expect((await exchange(code, verifier)).status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect((again.json as { error: string }).error).toBe('invalid_grant');
  });

  it('expire after 15 minutes', async () => {
    await registerApp();
    const { code, verifier } = await authorizeCode();
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 15 * 60 * 1000 + 1000);
    const late = await exchange(code, verifier);
    expect(late.status).toBe(400);
    expect(late.json).toEqual({
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    });
  });

  it('want the client_id and redirect_uri of their authorize', async () => {
    await registerApp();
    const { code, verifier } = await authorizeCode();
    const client = await exchange(code, verifier, { client_id: 'other' });
    expect(client.json).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
    const uri = await exchange(code, verifier, { redirect_uri: `${CALLBACK}cb` });
    expect(uri.json).toEqual({
      error: 'redirect_uri_mismatch',
      error_description: 'redirect_uri must match configuration',
    });
    const unknown = await exchange('aPrxNotACode', verifier);
    expect(unknown.json).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid authorization code',
    });
  });

  it('the token endpoint wants POST and a known grant type', async () => {
    const get = await my('/services/oauth2/token?grant_type=refresh_token', { cookie: null });
    expect(get.status).toBe(400);
    expect(get.json).toEqual({ error: 'invalid_request', error_description: 'must use HTTP POST' });
    const grant = await tokenCall({ grant_type: 'password', client_id: KEY });
    expect(grant.json).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'grant type not supported',
    });
  });
});

describe('refresh and revoke', () => {
  it('after expireAccessTokens: 401 on REST, a refresh gives a working token, no new refresh token', async () => {
    await registerApp();
    const tokens = await connect();
    expect((await readCase(tokens.access_token)).status).toBe(200);
    const state = await f.client.expireAccessTokens({ org: acme.org });
    expect(state.affected).toBe(1);
    const expired = await readCase(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const res = await refresh(tokens.refresh_token ?? '');
    expect(res.status).toBe(200);
    const fresh = res.json as Tokens;
    expect(fresh.refresh_token).toBeUndefined();
    expect(fresh.id).toBe(tokens.id);
    expect(fresh.access_token).not.toBe(tokens.access_token);
    expect((await readCase(fresh.access_token)).status).toBe(200);
    expect((await readCase(tokens.access_token)).status).toBe(401);
    const after = await f.client.oauthState(acme.org);
    expect(after.counts.refreshes).toBe(1);
    expect(after.accessTokens.map((t) => [t.grant, t.usable, t.username])).toEqual([
      ['authorization_code', false, ALEX.username],
      ['refresh_token', true, ALEX.username],
    ]);
  });

  it('after revokeRefreshTokens: refresh answers invalid_grant and the access token is gone', async () => {
    await registerApp();
    const tokens = await connect();
    await f.client.revokeRefreshTokens({ org: acme.org });
    const res = await refresh(tokens.refresh_token ?? '');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
    expect((await readCase(tokens.access_token)).status).toBe(401);
    expect((await f.client.oauthState(acme.org)).counts.refusedRefreshes).toBe(1);
  });

  it('revoke: a refresh token with its access tokens; an access token alone; an unknown token is 400', async () => {
    await registerApp();
    const a = await connect();
    const revokeAccess = await my('/services/oauth2/revoke', {
      cookie: null,
      form: { token: a.access_token },
    });
    expect(revokeAccess.status).toBe(200);
    expect(revokeAccess.text).toBe('');
    expect((await readCase(a.access_token)).status).toBe(401);
    const renewed = (await refresh(a.refresh_token ?? '')).json as Tokens;
    expect((await readCase(renewed.access_token)).status).toBe(200);

    const revokeRefresh = await my('/services/oauth2/revoke', {
      cookie: null,
      form: { token: a.refresh_token ?? '' },
    });
    expect(revokeRefresh.status).toBe(200);
    expect((await readCase(renewed.access_token)).status).toBe(401);
    expect((await refresh(a.refresh_token ?? '')).status).toBe(400);

    const unknown = await my('/services/oauth2/revoke', { cookie: null, form: { token: 'nope' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      error: 'invalid_token',
      error_description: 'Token was invalid',
    });
    expect((await f.client.oauthState(acme.org)).counts.revocations).toBe(2);
  });

  it('a replaced app (another consumer key) leaves the old tokens unusable', async () => {
    await registerApp();
    const tokens = await connect();
    await registerApp({ consumerKey: 'another-key' });
    expect((await readCase(tokens.access_token)).status).toBe(401);
    const res = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: 'another-key',
    });
    expect(res.json).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
  });
});

describe('userinfo', () => {
  const userinfo = (bearer: string) => my('/services/oauth2/userinfo', { cookie: null, bearer });

  it('takes the console’s cookie session, even under API Access Control (UNVERIFIED assumption)', async () => {
    await f.client.setSession(acme.org, 'api-access-control');
    const res = await userinfo(await f.sid());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      sub: `https://login.salesforce.com/id/${acme.orgId}/${ALEX.id}`,
      user_id: ALEX.id,
      organization_id: acme.orgId,
      preferred_username: ALEX.username,
      name: 'Alex Agent',
      email: ALEX.email,
    });
  });

  it('takes an access token as its user; anything else is 403 Bad_OAuth_Token', async () => {
    await registerApp();
    const tokens = await connect();
    const ok = await userinfo(tokens.access_token);
    expect((ok.json as { user_id: string }).user_id).toBe(ALEX.id);
    const { lightningSid } = await f.client.getSession(acme.org);
    await f.client.expireAccessTokens({ org: acme.org });
    for (const bad of [lightningSid, 'garbage', tokens.access_token, tokens.refresh_token ?? '']) {
      const res = await userinfo(bad);
      expect(res.status).toBe(403);
      expect(res.text).toBe('Bad_OAuth_Token');
    }
  });
});

describe('REST with a token', () => {
  it('API Access Control refuses the cookie session and lets the app’s token through', async () => {
    await registerApp();
    const tokens = await connect();
    await f.client.setSession(acme.org, 'api-access-control');
    const cookie = await readCase(await f.sid());
    expect(cookie.status).toBe(401);
    expect(cookie.json).toEqual([
      {
        message: 'This session is not valid for use with the REST API',
        errorCode: 'INVALID_SESSION_ID',
      },
    ]);
    expect((await readCase(tokens.access_token)).status).toBe(200);
    const patch = await f.sf('PATCH', `sobjects/Case/${CASE1}`, {
      sid: tokens.access_token,
      body: { Subject: 'Written with the token' },
    });
    expect(patch.status).toBe(204);
    const record = await f.client.getRecord(acme.org, 'Case', CASE1);
    expect(record.values.Subject).toBe('Written with the token');
    expect(record.values.LastModifiedById).toBe(ALEX.id);
    const [logged] = await f.client.requests({ org: acme.org, method: 'PATCH' });
    expect(logged?.actor).toEqual({ userId: ALEX.id, username: ALEX.username, via: 'oauth' });
  });

  it('records the cookie session’s user as the writer too', async () => {
    await f.client.loginAs({ org: acme.org, user: SAM.id });
    const patch = await f.sf('PATCH', `sobjects/Case/${CASE1}`, { body: { Subject: 'By Sam' } });
    expect(patch.status).toBe(204);
    expect((await f.client.getRecord(acme.org, 'Case', CASE1)).values.LastModifiedById).toBe(
      SAM.id,
    );
    const [logged] = await f.client.requests({ org: acme.org, method: 'PATCH' });
    expect(logged?.actor).toEqual({ userId: SAM.id, username: SAM.username, via: 'session' });
  });

  it('never logs a code, token, verifier or password', async () => {
    await registerApp({ consent: 'ask' });
    const { challenge, verifier } = pkce();
    const auth = await my(authorizePath({ code_challenge: challenge }));
    const source = location(auth).searchParams.get('source') ?? '';
    const allowed = await my('/setup/secur/RemoteAccessAuthorizationPage.apexp', {
      form: { source, decision: 'allow' },
    });
    const code = location(allowed).searchParams.get('code') ?? '';
    const tokens = (await exchange(code, verifier)).json as Tokens;
    await refresh(tokens.refresh_token ?? '');
    await my('/services/oauth2/userinfo', { cookie: null, bearer: tokens.access_token });
    await my('/', {
      cookie: null,
      form: { username: ALEX.username, pw: 'secret-pw', startURL: '/' },
    });
    await my('/services/oauth2/revoke', {
      cookie: null,
      form: { token: tokens.refresh_token ?? '' },
    });
    const log = await f.client.requests({ org: acme.org });
    expect(log.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`)).toEqual([
      'GET /services/oauth2/authorize 302',
      'POST /setup/secur/RemoteAccessAuthorizationPage.apexp 302',
      'POST /services/oauth2/token 200',
      'POST /services/oauth2/token 200',
      'GET /services/oauth2/userinfo 200',
      'POST / 302',
      'POST /services/oauth2/revoke 200',
    ]);
    const text = JSON.stringify(log);
    for (const secret of [
      code,
      verifier,
      source,
      tokens.access_token,
      tokens.refresh_token ?? '',
      'secret-pw',
    ]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text).not.toContain(secret);
    }
    expect(log[2]?.body).toMatchObject({ grant_type: 'authorization_code', code: '[redacted]' });
  });
});

describe('Login As', () => {
  it('changes the console’s user and its sessions; OAuth tokens keep their first user', async () => {
    await registerApp();
    const tokens = await connect();
    const before = await f.client.getSession(acme.org);
    const switched = await f.client.loginAs({ org: acme.org, user: SAM.username });
    expect(switched.consoleUser).toEqual({ id: SAM.id, name: SAM.name, username: SAM.username });
    const after = await f.client.getSession(acme.org);
    expect(after.apiSid).not.toBe(before.apiSid);
    expect(after.lightningSid).not.toBe(before.lightningSid);

    const userinfo = (bearer: string) => my('/services/oauth2/userinfo', { cookie: null, bearer });
    expect((await userinfo(before.apiSid ?? '')).status).toBe(403);
    expect(((await userinfo(after.apiSid ?? '')).json as { user_id: string }).user_id).toBe(SAM.id);
    expect(((await userinfo(tokens.access_token)).json as { user_id: string }).user_id).toBe(
      ALEX.id,
    );
    // The bug guarded against: the old token still writes, as Alex.
    await f.sf('PATCH', `sobjects/Case/${CASE1}`, {
      sid: tokens.access_token,
      body: { Subject: 'Token after Login As' },
    });
    expect((await f.client.getRecord(acme.org, 'Case', CASE1)).values.LastModifiedById).toBe(
      ALEX.id,
    );
  });

  it('a reload of the console goes through My Domain and shows the new user', async () => {
    const old = await f.client.getSession(acme.org);
    await f.client.loginAs({ org: acme.org, user: SAM.id });
    const now = await f.client.getSession(acme.org);
    const path = `/lightning/r/Case/${CASE1}/view`;
    const reload = await simRequest(f.sim.origin, {
      path,
      host: acme.lightningHost,
      headers: { Cookie: `sid=${old.lightningSid}` },
    });
    expect(reload.status).toBe(302);
    expect(String(reload.headers['set-cookie'])).toContain(`sid=${now.lightningSid};`);
    const door = location(reload);
    expect(door.host).toBe(acme.myDomainHost);
    expect(door.pathname).toBe('/secur/frontdoor.jsp');
    expect(door.searchParams.get('retURL')).toBe(path);
    const front = await my(door.pathname + door.search, { cookie: old.apiSid });
    expect(String(front.headers['set-cookie'])).toContain(`sid=${now.apiSid};`);
    const page = await simRequest(f.sim.origin, {
      path,
      host: acme.lightningHost,
      headers: { Cookie: `sid=${now.lightningSid}` },
    });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="sim-user-menu"[^>]*data-user-id="0055g00000SuPvRAAV"/);
    expect(page.text).toContain('<span class="sim-user-name">Sam Supervisor</span>');
  });

  it('the login page as another user signs that user in; reset brings the agent back', async () => {
    await registerApp();
    const res = await my('/', {
      cookie: null,
      form: { username: SAM.username.toUpperCase(), pw: 'x', startURL: authorizePath() },
    });
    const sid = /^sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    const session = await f.client.getSession(acme.org);
    expect(sid).toBe(session.apiSid);
    expect(session.consoleUser.id).toBe(SAM.id);
    const tokens = await connect(sid);
    expect(tokens.id).toBe(`https://login.salesforce.com/id/${acme.orgId}/${SAM.id}`);
    await f.client.reset();
    expect((await f.client.getSession(acme.org)).consoleUser.id).toBe(ALEX.id);
    expect((await f.client.oauthState(acme.org)).app).toBeNull();
    expect((await readCase(tokens.access_token)).status).toBe(401);
  });

  it('refuses an unknown user', async () => {
    await expect(f.client.loginAs({ org: acme.org, user: 'nobody@acme.example' })).rejects.toThrow(
      /404/,
    );
  });
});
