/**
 * A fake Salesforce org over `fetch`, for the OAuth unit tests: the authorize endpoint (as the
 * probe and the sign-in window meet it), the token endpoint with PKCE, refresh, revoke, userinfo
 * (which, as assumed in the product and marked UNVERIFIED, accepts the console's cookie session),
 * and a little of the REST API with per-org API Access Control. It plays Salesforce as
 * platform-facts describes it; every request is logged (without checking what a test asserts).
 */
import { createHash } from 'node:crypto';
import type { WebAuthFlow } from '@/lib/platforms/platform';
import type { CookieReader } from '@/lib/platforms/salesforce/session';
import { toId18 } from '@/lib/platforms/salesforce/url';

export const ORG = 'acme';
export const HOST = 'acme.my.salesforce.com';
export const ORG_ID15 = '00D5g000004XyZa';
export const ORG_ID = toId18(ORG_ID15) as string;
export const CONSUMER_KEY = '3MVG9consumer.key.of.acme_0123456789';
export const CALLBACK = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
export const CASE = {
  platform: 'salesforce' as const,
  org: ORG,
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};

/** The Case's describe, as little of it as the engine reads. */
const DESCRIBE = {
  name: 'Case',
  fields: [
    { name: 'Subject', label: 'Subject', type: 'string', length: 255, updateable: true },
    { name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30, updateable: false },
    {
      name: 'Account_Tier__c',
      label: 'Account Tier',
      type: 'picklist',
      restrictedPicklist: true,
      updateable: true,
      picklistValues: [
        { value: 'tier_basic', label: 'Basic', active: true },
        { value: 'tier_premium', label: 'Premium', active: true },
      ],
    },
  ],
};

export interface FakeUser {
  userId: string;
  name: string;
  username: string;
  orgId?: string;
}
export const JANE: FakeUser = {
  userId: toId18('0055g00000JaNe1') as string,
  name: 'Jane Doe',
  username: 'jane@acme.example',
};
export const BOB: FakeUser = {
  userId: toId18('0055g00000BoB01') as string,
  name: 'Bob Admin',
  username: 'bob@acme.example',
};

export interface LoggedRequest {
  method: string;
  url: string;
  path: string;
  auth: string;
  body: string;
  credentials?: RequestCredentials | undefined;
}

const json = (status: number, body: unknown, url = '') => {
  const res = new Response(body === null ? null : JSON.stringify(body), { status });
  if (url) Object.defineProperty(res, 'url', { value: url });
  return res;
};

export function fakeOrg() {
  const state = {
    /** The app's callback URL and consumer key, as the admin set them up in Salesforce. */
    appCallback: CALLBACK,
    appKey: CONSUMER_KEY,
    /** API Access Control: the REST API refuses cookie sessions. */
    accessControl: true,
    /** The console's user (the cookie session's); a Login As changes it and the sid. */
    consoleUser: JANE,
    sidSerial: 1,
    /** Whom the sign-in window signs in (default: the console's user). */
    windowUser: undefined as FakeUser | undefined,
    /** What the sign-in window does: answer, deny, or get closed. */
    window: 'allow' as 'allow' | 'deny' | 'close',
    codes: new Map<string, { challenge: string; redirect: string; user: FakeUser }>(),
    access: new Map<string, { user: FakeUser; refresh: string; expired: boolean }>(),
    refresh: new Map<string, { user: FakeUser; revoked: boolean }>(),
    record: {
      Id: CASE.id,
      CaseNumber: '00001026',
      Subject: 'Help',
      Account_Tier__c: null as unknown,
    },
    serial: 0,
    userinfoDown: false,
  };
  const log: LoggedRequest[] = [];
  const sid = () => `${ORG_ID15}!console-${state.sidSerial}`;

  const cookies: CookieReader = {
    async get({ url }) {
      return url.includes('lightning.force.com') ? { value: `${ORG_ID15}!lightning` } : null;
    },
    async getAll() {
      return [{ name: 'sid', value: sid(), domain: HOST }];
    },
  };

  function issue(user: FakeUser) {
    const n = ++state.serial;
    const access = `00Daccess-${n}`;
    const refresh = `5Aeprefresh-${n}`;
    state.refresh.set(refresh, { user, revoked: false });
    state.access.set(access, { user, refresh, expired: false });
    return { access, refresh };
  }

  const idUrl = (user: FakeUser) =>
    `https://login.salesforce.com/id/${user.orgId ?? ORG_ID}/${user.userId}`;

  function authorize(url: URL): Response {
    const q = url.searchParams;
    const errorPage = (error: string, description: string) =>
      json(
        200,
        null,
        `https://${HOST}/setup/secur/RemoteAccessErrorPage.apexp?error=${error}&error_description=${encodeURIComponent(description)}`,
      );
    if (q.get('client_id') !== state.appKey)
      return errorPage('invalid_client_id', 'client identifier invalid');
    if (q.get('redirect_uri') !== state.appCallback) {
      return errorPage('redirect_uri_mismatch', 'redirect_uri must match configuration');
    }
    // Without a session: the login page.
    return json(
      200,
      null,
      `https://${HOST}/?ec=302&startURL=%2Fsetup%2Fsecur%2FRemoteAccessAuthorizationPage.apexp`,
    );
  }

  function token(form: URLSearchParams): Response {
    const bad = (error: string, description: string) =>
      json(400, { error, error_description: description });
    if (form.get('client_id') !== state.appKey)
      return bad('invalid_client_id', 'client identifier invalid');
    if (form.get('grant_type') === 'authorization_code') {
      const grant = state.codes.get(form.get('code') ?? '');
      if (!grant) return bad('invalid_grant', 'invalid authorization code');
      state.codes.delete(form.get('code') ?? '');
      if (form.get('redirect_uri') !== grant.redirect)
        return bad('redirect_uri_mismatch', 'redirect_uri must match configuration');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (challenge !== grant.challenge) return bad('invalid_grant', 'invalid code verifier');
      const { access, refresh } = issue(grant.user);
      return json(200, {
        access_token: access,
        refresh_token: refresh,
        instance_url: `https://${HOST}`,
        id: idUrl(grant.user),
        token_type: 'Bearer',
        issued_at: '1700000000000',
        signature: 'sig',
        scope: 'api refresh_token',
      });
    }
    if (form.get('grant_type') === 'refresh_token') {
      const kept = state.refresh.get(form.get('refresh_token') ?? '');
      if (!kept || kept.revoked) return bad('invalid_grant', 'expired access/refresh token');
      const n = ++state.serial;
      const access = `00Daccess-${n}`;
      state.access.set(access, {
        user: kept.user,
        refresh: form.get('refresh_token') ?? '',
        expired: false,
      });
      return json(200, {
        access_token: access,
        id: idUrl(kept.user),
        token_type: 'Bearer',
        issued_at: '1700000000001',
        scope: 'api refresh_token',
      });
    }
    return bad('unsupported_grant_type', 'grant type not supported');
  }

  function revoke(form: URLSearchParams): Response {
    const t = form.get('token') ?? '';
    const refresh = state.refresh.get(t);
    if (refresh) {
      refresh.revoked = true;
      for (const a of state.access.values()) if (a.refresh === t) a.expired = true;
      return json(200, null);
    }
    const access = state.access.get(t);
    if (access) {
      access.expired = true;
      return json(200, null);
    }
    return json(400, { error: 'invalid_token', error_description: 'invalid token' });
  }

  function userinfo(bearer: string): Response {
    if (state.userinfoDown) return json(503, null);
    const access = state.access.get(bearer);
    const user =
      access && !access.expired ? access.user : bearer === sid() ? state.consoleUser : null;
    if (!user) return new Response('Bad_OAuth_Token', { status: 403 });
    return json(200, {
      sub: idUrl(user),
      user_id: user.userId,
      organization_id: user.orgId ?? ORG_ID,
      preferred_username: user.username,
      name: user.name,
    });
  }

  function rest(req: LoggedRequest, bearer: string): Response {
    if (req.path === '/services/data/') return json(200, [{ version: '66.0' }]);
    const access = state.access.get(bearer);
    if (bearer === sid()) {
      if (state.accessControl) {
        return json(401, [
          {
            message: 'This session is not valid for use with the REST API',
            errorCode: 'INVALID_SESSION_ID',
          },
        ]);
      }
    } else if (!access || access.expired) {
      return json(401, [
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    }
    if (req.path.endsWith('/describe')) return json(200, DESCRIBE);
    if (req.path.endsWith('/query')) return json(200, { totalSize: 0, done: true, records: [] });
    if (req.method === 'PATCH') {
      Object.assign(state.record, JSON.parse(req.body));
      return json(204, null);
    }
    return json(200, { ...state.record });
  }

  const fetchFn = (async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const headers = (init.headers ?? {}) as Record<string, string>;
    const auth = headers.Authorization ?? '';
    const body = typeof init.body === 'string' ? init.body : '';
    const req = {
      method: init.method ?? 'GET',
      url: input,
      path: url.pathname,
      auth,
      body,
      credentials: init.credentials,
    };
    log.push(req);
    const bearer = auth.replace(/^Bearer /, '');
    switch (url.pathname) {
      case '/services/oauth2/authorize':
        return authorize(url);
      case '/services/oauth2/token':
        return token(new URLSearchParams(body));
      case '/services/oauth2/revoke':
        return revoke(new URLSearchParams(body));
      case '/services/oauth2/userinfo':
        return userinfo(bearer);
      default:
        return rest(req, bearer);
    }
  }) as unknown as typeof fetch;

  /** The browser's sign-in window: signs in the console's user (or `windowUser`) and answers. */
  const windows: string[] = [];
  const identity: WebAuthFlow = {
    getRedirectURL: () => CALLBACK,
    async launchWebAuthFlow({ url }) {
      windows.push(url);
      if (state.window === 'close') throw new Error('The user did not approve access.');
      const q = new URL(url).searchParams;
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('state', q.get('state') ?? '');
      if (state.window === 'deny') {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'end-user denied authorization');
        return back.toString();
      }
      const code = `aPrx${++state.serial}`;
      state.codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        redirect: q.get('redirect_uri') ?? '',
        user: state.windowUser ?? state.consoleUser,
      });
      back.searchParams.set('code', code);
      return back.toString();
    },
  };

  return {
    state,
    log,
    cookies,
    fetchFn,
    identity,
    windows,
    sid,
    /** Login As: the console becomes another user's, with a new session cookie. */
    loginAs(user: FakeUser) {
      state.consoleUser = user;
      state.sidSerial++;
    },
    /** Every access token expires (as after the session timeout). */
    expireAccessTokens() {
      for (const a of state.access.values()) a.expired = true;
    },
    /** An admin revokes every refresh token (Connected Apps OAuth Usage → Revoke). */
    revokeAll() {
      for (const r of state.refresh.values()) r.revoked = true;
      for (const a of state.access.values()) a.expired = true;
    },
    /** Requests to one endpoint (path) or all. */
    calls: (path?: string) => log.filter((r) => !path || r.path === path),
  };
}
export type FakeOrg = ReturnType<typeof fakeOrg>;
