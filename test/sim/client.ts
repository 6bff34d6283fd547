/**
 * A typed client of the sim's control API, for tests and tools (Node side). Also `simRequest`, a raw
 * HTTPS request to the sim with any Host header (to call the simulated platform APIs from Node).
 */

import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FaultSpec, PendingFault } from './faults';
import type { LoggedRequest } from './request-log';

export interface SimResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

export interface SimRequestOptions {
  method?: string;
  path: string;
  /** The Host header, e.g. "acme.my.salesforce.com" (default: the origin's host). */
  host?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
}

/** One HTTPS request to the sim (self-signed certificate accepted). */
export function simRequest(origin: string, opts: SimRequestOptions): Promise<SimResponse> {
  const url = new URL(opts.path, origin);
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.host) headers.Host = opts.host;
  if (body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs !== undefined) {
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(new Error(`Timed out after ${opts.timeoutMs} ms`)),
      );
    }
    req.end(body);
  });
}

export type MessageAuthor = 'bot' | 'end_user' | 'agent' | 'other_agent' | 'system';
export type SessionAction = 'rotate' | 'expire' | 'api-access-control' | 'api-disabled' | 'normal';

export interface PostMessageInput {
  org: string;
  /** A MessagingSession id, or a Case id (the message goes to its session). */
  recordId: string;
  author: MessageAuthor;
  /** The message's text; or give `html` instead. */
  text?: string;
  /**
   * A rich body (instead of `text`): the page rebuilds it through an allowlist (test/sim/README.md);
   * the entry's text is then its plain text.
   */
  html?: string;
  authorName?: string;
  platform?: string;
}
export interface PostMessageResult {
  entryId: string;
  sessionId: string;
  caseId: string | null;
  seq: number;
  /** How many open console pages got it live. */
  delivered: number;
}

export interface TranscriptMessage {
  entryId: string;
  seq: number;
  author: MessageAuthor;
  authorName: string;
  /** The text; for a rich body, its plain text. */
  text: string;
  /** The rich body as posted (absent for plain messages). */
  html?: string;
  /** ISO time posted. */
  time: string;
  /** As the console shows it, e.g. "10:01 AM". */
  timeLabel: string;
}

export interface EditMessageInput {
  org: string;
  /** Salesforce: the MessagingSession or Case id; Kustomer: the conversation id. */
  recordId: string;
  /** The `entryId` that posting the message answered. */
  entryId: string;
  /** The new text; or give `html` for a new rich body. */
  text?: string;
  html?: string;
  platform?: string;
}
export interface EditMessageResult {
  entryId: string;
  text: string;
  /** How many open console pages got the edit live. */
  delivered: number;
}

export interface OpenTabInput {
  org: string;
  recordId: string;
  /** Opens the record as a subtab of this one (`?ws=` parent). */
  parentId?: string;
  platform?: string;
}
export interface OpenTabResult {
  path: string;
  label: string;
  delivered: number;
}

export interface RecordState {
  org: string;
  object: string;
  id: string;
  values: Record<string, unknown>;
}

export interface SessionState {
  org: string;
  orgId: string;
  /** The valid API session id (the My Domain `sid` cookie), or null when expired. */
  apiSid: string | null;
  /** The Lightning host's `sid` cookie (refused by the REST API). */
  lightningSid: string;
  mode: 'normal' | 'api-access-control' | 'api-disabled';
  apiUsage: number;
  /** The user of the org's current sessions: who is signed in to the console. */
  consoleUser: SimUserSummary;
}

// ---- Salesforce OAuth (test/sim/README.md "OAuth") ----------------------------------------------

export interface SimUserSummary {
  /** 18-character User id. */
  id: string;
  name: string;
  username: string;
}

export interface OAuthAppInput {
  org: string;
  consumerKey: string;
  /** The app's Callback URL: `redirect_uri` must equal it exactly. */
  callbackUrl: string;
  /** 'ask': the consent page ("Allow Access?") once per user; 'pre-approved': straight to the code. */
  consent: 'ask' | 'pre-approved';
  /** Authorize without an S256 code_challenge fails with invalid_request (default false). */
  pkceRequired?: boolean;
  /** Shown on the consent page (default "Handoff Fields"). */
  name?: string;
}

export interface OAuthTokenInfo {
  userId: string;
  username: string | null;
  scope: string;
  revoked: boolean;
}

export interface OAuthState {
  org: string;
  consoleUser: SimUserSummary;
  /** The registered External Client App, or null (none, or after a reset). */
  app: (Omit<OAuthAppInput, 'org'> & { name: string; pkceRequired: boolean }) | null;
  /** Users who pressed Allow for the current app. */
  approvedUsers: string[];
  counts: {
    codesIssued: number;
    codesRedeemed: number;
    accessTokensIssued: number;
    refreshTokensIssued: number;
    /** Successful refresh_token grants. */
    refreshes: number;
    /** refresh_token grants answered 400. */
    refusedRefreshes: number;
    /** Tokens revoked through /services/oauth2/revoke. */
    revocations: number;
  };
  /** Every access token issued, oldest first; `usable` = REST and userinfo take it now. */
  accessTokens: Array<
    OAuthTokenInfo & {
      grant: 'authorization_code' | 'refresh_token';
      refreshable: boolean;
      usable: boolean;
      expired: boolean;
    }
  >;
  refreshTokens: OAuthTokenInfo[];
  /** How many tokens `expireAccessTokens` / `revokeRefreshTokens` changed. */
  affected?: number;
}

export interface SimUsers {
  org: string;
  consoleUser: SimUserSummary;
  users: SimUserSummary[];
}

export interface RequestQuery {
  org?: string;
  method?: string;
  platform?: string;
}

export interface SimInfo {
  origin: string;
  hostResolverRules: string;
  platforms: { id: string; hosts: string[]; orgs: Record<string, unknown>[] }[];
}

// ---- Kustomer (platform "kustomer"; see test/sim/README.md) -------------------------------------

export type KustomerAuthor = 'customer' | 'agent' | 'bot' | 'assist' | 'workflow' | 'system';
export type KustomerObject = 'conversation' | 'customer';
export type KustomerSessionAction = 'rotate' | 'expire' | 'session-writes-refused' | 'normal';

export interface KustomerPostMessageInput {
  org: string;
  /** A conversation id. */
  recordId: string;
  /**
   * `bot` = a third-party bot app (Ada Bot), `assist` = Customer Assist, `workflow` = a workflow's
   * automated reply (shown as the org's brand, no bot badge), `system` = a timeline event.
   */
  author: KustomerAuthor;
  /** The message's text; or give `html` instead. */
  text?: string;
  /** A rich body (instead of `text`): the API's `body`; its plain text is the `preview`. */
  html?: string;
  authorName?: string;
}
export interface KustomerPostMessageResult {
  /** The message id (as the API and `data-kt-id` show it), or the event's id. */
  entryId: string;
  kind: 'message' | 'event';
  conversationId: string;
  customerId: string;
  seq: number;
  /** How many open desktop pages got it live. */
  delivered: number;
}

export interface KustomerTimelineItem {
  kind: 'message' | 'event';
  id: string;
  seq: number;
  author: KustomerAuthor;
  authorName: string;
  /** The text; for a rich body, its plain text. */
  text: string;
  html?: string;
  time: string;
  timeLabel: string;
  direction?: 'in' | 'out';
  directionType?: string;
  app?: string;
  auto?: boolean;
  createdBy?: string;
  bot: boolean;
}

export interface KustomerRecordState {
  org: string;
  object: KustomerObject;
  id: string;
  /** The record's `custom` attributes. */
  values: Record<string, unknown>;
  rev: number;
}

export interface KustomerRateLimitState {
  org: string;
  limit: number;
  windowSeconds: number;
  used: number;
  remaining: number;
  resetInSeconds: number;
}

export interface KustomerSessionState {
  org: string;
  orgId: string;
  /** The valid `x-kustomer-auth-token` cookie value, or null after `expire`. */
  authToken: string | null;
  /** The `_csrf` cookie value handed out at /login. */
  csrf: string;
  mode: 'normal' | 'session-writes-refused';
  cookieDomain: string;
  rateLimit: KustomerRateLimitState;
}

export interface KustomerApiKey {
  org: string;
  /** Send as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** The machine user the key acts as. */
  userId: string;
  roles: string[];
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class SimClient {
  constructor(readonly origin: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await simRequest(this.origin, { method, path, body });
    if (res.status >= 400) {
      const message = (res.json as { error?: string } | undefined)?.error ?? res.text;
      throw new SimError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return res.json as T;
  }

  info(): Promise<SimInfo> {
    return this.call('GET', '/__sim/info');
  }

  postMessage(input: PostMessageInput): Promise<PostMessageResult> {
    return this.call('POST', '/__sim/messages', input);
  }

  /** Edits a posted message's text (store and open pages), as an edit after posting would. */
  editMessage(input: EditMessageInput): Promise<EditMessageResult> {
    return this.call('PATCH', '/__sim/messages', input);
  }

  /**
   * Shows an agent-assist frame loading `url` in the org's open console pages (replacing one shown
   * before). `assistFrameUrl()` builds a URL of the sim's frame that posts a message on load.
   */
  showAssist(input: {
    org: string;
    url: string;
    platform?: string;
  }): Promise<{ url: string; delivered: number }> {
    return this.call('POST', '/__sim/assist', input);
  }

  async messages(
    org: string,
    recordId: string,
    platform?: string,
  ): Promise<{ sessionId: string; messages: TranscriptMessage[] }> {
    const qs = new URLSearchParams({ org, recordId, ...(platform ? { platform } : {}) });
    return this.call('GET', `/__sim/messages?${qs}`);
  }

  openTab(input: OpenTabInput): Promise<OpenTabResult> {
    return this.call('POST', '/__sim/tabs', input);
  }

  getRecord(org: string, object: string, id: string, platform?: string): Promise<RecordState> {
    return this.call(
      'GET',
      `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}${platform ? `?platform=${enc(platform)}` : ''}`,
    );
  }

  putRecord(
    org: string,
    object: string,
    id: string,
    values: Record<string, unknown>,
    platform?: string,
  ): Promise<RecordState> {
    return this.call('PUT', `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}`, {
      values,
      ...(platform ? { platform } : {}),
    });
  }

  getSession(org: string, platform?: string): Promise<SessionState> {
    return this.call(
      'GET',
      `/__sim/session?org=${enc(org)}${platform ? `&platform=${enc(platform)}` : ''}`,
    );
  }

  setSession(org: string, action: SessionAction, platform?: string): Promise<SessionState> {
    return this.call('POST', '/__sim/session', { org, action, ...(platform ? { platform } : {}) });
  }

  /**
   * Grants (true) or takes away (false) the agent's "Access Conversation Entries" user permission in
   * a Salesforce org: without it the Connect API's conversation entries answer 403. On after reset.
   */
  /**
   * New Cases in a Salesforce org, each with a MessagingSession and Conversation unless
   * `session: false` (`POST /__sim/salesforce/cases`): the audit's tests need hundreds.
   */
  createCases(
    org: string,
    cases: Array<{
      createdDate?: string;
      values?: Record<string, unknown>;
      session?: false | { values?: Record<string, unknown>; createdDate?: string };
    }>,
  ): Promise<{
    org: string;
    cases: Array<{ id: string; caseNumber: string; sessionId?: string }>;
  }> {
    return this.call('POST', '/__sim/salesforce/cases', { org, cases });
  }

  /** New Kustomer customers with a conversation each (`POST /__sim/kustomer/conversations`). */
  kustomerCreateConversations(
    org: string,
    conversations: Array<{
      customerName?: string;
      createdAt?: string;
      custom?: Record<string, unknown>;
      customerCustom?: Record<string, unknown>;
    }>,
  ): Promise<{
    org: string;
    conversations: Array<{ conversationId: string; customerId: string }>;
  }> {
    return this.call('POST', '/__sim/kustomer/conversations', { org, conversations });
  }

  setConversationEntriesAccess(
    org: string,
    allowed: boolean,
  ): Promise<{ org: string; accessConversationEntries: boolean }> {
    return this.call('POST', '/__sim/salesforce/permissions', {
      org,
      accessConversationEntries: allowed,
    });
  }

  /** Registers (or replaces) a Salesforce org's External Client App; users approve it anew. */
  oauthApp(input: OAuthAppInput): Promise<OAuthState> {
    return this.call('POST', '/__sim/salesforce/oauth-app', input);
  }

  /** What the org's OAuth issued, to whom, and how often it refreshed (never a token value). */
  oauthState(org: string): Promise<OAuthState> {
    return this.call('GET', `/__sim/salesforce/oauth?org=${enc(org)}`);
  }

  /**
   * "Login As": `user` (an id or a username) becomes the console's user, with new Lightning and My
   * Domain sessions (a reload of the console sets both cookies). OAuth tokens keep their user.
   */
  loginAs(input: { org: string; user: string }): Promise<SimUsers> {
    return this.call('POST', '/__sim/salesforce/login-as', input);
  }

  /** The org's users and who is signed in to its console. */
  users(org: string): Promise<SimUsers> {
    return this.call('GET', `/__sim/salesforce/users?org=${enc(org)}`);
  }

  /** Every access token of the org answers 401 INVALID_SESSION_ID; refresh tokens still work. */
  expireAccessTokens(input: { org: string }): Promise<OAuthState> {
    return this.call('POST', '/__sim/salesforce/expire-access-tokens', input);
  }

  /** Every refresh token of the org (and its access tokens) is revoked: refresh → invalid_grant. */
  revokeRefreshTokens(input: { org: string }): Promise<OAuthState> {
    return this.call('POST', '/__sim/salesforce/revoke-refresh-tokens', input);
  }

  addFault(fault: FaultSpec): Promise<{ fault: PendingFault; pending: PendingFault[] }> {
    return this.call('POST', '/__sim/faults', fault);
  }

  listFaults(): Promise<{ pending: PendingFault[] }> {
    return this.call('GET', '/__sim/faults');
  }

  clearFaults(): Promise<{ pending: PendingFault[] }> {
    return this.call('DELETE', '/__sim/faults');
  }

  async requests(query: RequestQuery = {}): Promise<LoggedRequest[]> {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const qs = params.toString();
    const res = await this.call<{ requests: LoggedRequest[] }>(
      'GET',
      `/__sim/requests${qs ? `?${qs}` : ''}`,
    );
    return res.requests;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/__sim/requests');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/__sim/reset');
  }

  /** How many console pages of the org are connected to the live stream. */
  async pages(org: string, platform?: string): Promise<number> {
    const qs = new URLSearchParams({ org, ...(platform ? { platform } : {}) });
    const res = await this.call<{ count: number }>('GET', `/__sim/pages?${qs}`);
    return res.count;
  }

  /** Waits until at least `count` console pages of the org are connected (e.g. before openTab). */
  async waitForPages(org: string, count = 1, timeoutMs = 10_000, platform?: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.pages(org, platform)) < count) {
      if (Date.now() > deadline)
        throw new Error(`No ${count} connected console page(s) of ${org} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // ---- Kustomer --------------------------------------------------------------------------------

  /** Posts a timeline item to a Kustomer conversation (a message, or a `system` event). */
  kustomerPostMessage(input: KustomerPostMessageInput): Promise<KustomerPostMessageResult> {
    return this.call('POST', '/__sim/messages', { ...input, platform: 'kustomer' });
  }

  /** A Kustomer conversation's timeline (messages and events), oldest first. */
  kustomerMessages(
    org: string,
    conversationId: string,
  ): Promise<{ conversationId: string; customerId: string; items: KustomerTimelineItem[] }> {
    const qs = new URLSearchParams({ org, recordId: conversationId, platform: 'kustomer' });
    return this.call('GET', `/__sim/messages?${qs}`);
  }

  /** Opens a conversation in the open desktop pages of the org (pushState, no reload). */
  kustomerOpenConversation(org: string, conversationId: string): Promise<OpenTabResult> {
    return this.call('POST', '/__sim/tabs', {
      org,
      recordId: conversationId,
      platform: 'kustomer',
    });
  }

  kustomerGetRecord(org: string, object: KustomerObject, id: string): Promise<KustomerRecordState> {
    return this.call(
      'GET',
      `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}?platform=kustomer`,
    );
  }

  /** Sets custom values as if the agent typed them (no validation; `null` clears; rev moves on). */
  kustomerPutRecord(
    org: string,
    object: KustomerObject,
    id: string,
    values: Record<string, unknown>,
  ): Promise<KustomerRecordState> {
    return this.call('PUT', `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}`, {
      values,
      platform: 'kustomer',
    });
  }

  kustomerSession(org: string): Promise<KustomerSessionState> {
    return this.call('GET', `/__sim/session?org=${enc(org)}&platform=kustomer`);
  }

  kustomerSetSession(org: string, action: KustomerSessionAction): Promise<KustomerSessionState> {
    return this.call('POST', '/__sim/session', { org, action, platform: 'kustomer' });
  }

  /** A new API key acting as a new machine user (default roles: everything the extension needs). */
  kustomerCreateApiKey(org: string, roles?: string[], name?: string): Promise<KustomerApiKey> {
    return this.call('POST', '/__sim/kustomer/api-keys', {
      org,
      ...(roles ? { roles } : {}),
      ...(name ? { name } : {}),
    });
  }

  kustomerRateLimit(org: string): Promise<KustomerRateLimitState> {
    return this.call('GET', `/__sim/kustomer/rate-limit?org=${enc(org)}`);
  }

  /**
   * Sets the org's budget and/or window (seconds); always starts a fresh window, with `used`
   * requests already spent in it (by other integrations of the org; 0 unless given).
   */
  kustomerSetRateLimit(
    org: string,
    settings: { limit?: number; windowSeconds?: number; used?: number; reset?: boolean },
  ): Promise<KustomerRateLimitState> {
    return this.call('POST', '/__sim/kustomer/rate-limit', { org, ...settings });
  }

  /** An admin deactivates (active: false) or restores an attribute after extensions cached the metadata. */
  kustomerSetAttributeActive(
    org: string,
    resource: 'conversation' | 'customer',
    name: string,
    active: boolean,
  ): Promise<{ org: string; retired: string[] }> {
    return this.call('POST', '/__sim/kustomer/attributes', { org, resource, name, active });
  }
}

const enc = encodeURIComponent;

/**
 * The sim's agent-assist frame at `frameOrigin` (any host the browser reaches the sim at, e.g.
 * `https://localhost:PORT`), posting `message` to the console window when it loads.
 */
export function assistFrameUrl(
  frameOrigin: string,
  message?: unknown,
  targetOrigin?: string,
): string {
  const query = new URLSearchParams();
  if (message !== undefined) query.set('post', JSON.stringify(message));
  if (targetOrigin) query.set('targetOrigin', targetOrigin);
  const qs = query.toString();
  return `${frameOrigin}/__sim/assist-frame${qs ? `?${qs}` : ''}`;
}
