/**
 * The simulated Kustomer: the agent desktop on `<org>.kustomerapp.com` (login, single-page app),
 * the API on `<org>.api.kustomerapp.com`, and Kustomer's half of the control API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  hostPort,
  optionalString,
  parseCookies,
  requestUrl,
  requireString,
  SimHttpError,
  sendEmpty,
  sendText,
} from '../http';
import type { HostMatch, Json, PlatformControl, SimContext, SimPlatform } from '../platform';
import { messageContent } from '../rich-body';
import type { SseEvent } from '../sse';
import { AUTH_COOKIE, CSRF_COOKIE, currentRate, DEFAULT_API_KEY_ROLES, handleApi } from './api';
import { desktopPage, desktopSummary, timelineOf } from './desktop';
import type { KustomerResource } from './metadata';
import type { KustomerAuthor } from './seed';
import {
  AUTHORS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RATE_WINDOW_SECONDS,
  type KOrgState,
  KustomerStore,
  newObjectId,
  randomToken,
  type SessionMode,
  type TimelineItem,
} from './store';

const API_SUFFIX = '.api.kustomerapp.com';
const DESKTOP_SUFFIX = '.kustomerapp.com';
const SESSION_ACTIONS = ['rotate', 'expire', 'session-writes-refused', 'normal'] as const;

/** One pattern covers the desktop and the API hosts (Chromium's `*` also matches dots). */
export const KUSTOMER_HOST_PATTERNS = ['*.kustomerapp.com'] as const;

/**
 * The session cookies' Domain: the parent `kustomerapp.com`, the only domain that both
 * `<org>.kustomerapp.com` and `<org>.api.kustomerapp.com` domain-match (checked with Chromium: it is
 * not a public suffix, so the cookie is stored and sent to both hosts). The cookie is therefore
 * shared by every org in one browser: a login to another org replaces it, and one org's token is
 * refused (401) by another org's API. (Kustomer's real cookie attributes are not documented.)
 */
export const COOKIE_DOMAIN = 'kustomerapp.com';

const authCookie = (token: string) =>
  `${AUTH_COOKIE}=${token}; Path=/; Domain=${COOKIE_DOMAIN}; Secure; HttpOnly; SameSite=None`;
const csrfCookie = (csrf: string) =>
  `${CSRF_COOKIE}=${csrf}; Path=/; Domain=${COOKIE_DOMAIN}; Secure; SameSite=None`;

const CONVERSATION_PATH = /^\/app\/conversations\/([0-9a-fA-F]{24})\/?$/;
const CUSTOMER_EVENT_PATH = /^\/app\/customers\/([0-9a-fA-F]{24})\/event\/([0-9a-fA-F]{24})\/?$/;

export const desktopPath = (customerId: string, conversationId: string): string =>
  `/app/customers/${customerId}/event/${conversationId}`;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function createKustomer(ctx: SimContext): SimPlatform {
  const store = new KustomerStore();
  const channel = (org: KOrgState) => `kustomer:${org.handle}`;

  const orgOr404 = (handle: unknown): KOrgState => {
    if (typeof handle !== 'string' || handle === '')
      throw new SimHttpError(400, '"org" must be a non-empty string');
    const org = store.org(handle);
    if (!org) throw new SimHttpError(404, `Unknown Kustomer org '${handle}'`);
    return org;
  };

  const resourceOf = (object: string): KustomerResource => {
    const o = object.toLowerCase().replace(/s$/, '');
    if (o === 'conversation' || o === 'customer') return o;
    throw new SimHttpError(
      404,
      `The Kustomer sim stores no '${object}' records (conversation, customer)`,
    );
  };

  const conversationOr404 = (org: KOrgState, id: unknown) => {
    if (typeof id !== 'string' || id === '')
      throw new SimHttpError(400, '"recordId" must be a non-empty string (a conversation id)');
    const conversation = org.conversations.get(id.toLowerCase());
    if (!conversation) throw new SimHttpError(404, `No conversation ${id} in org '${org.handle}'`);
    return conversation;
  };

  const recordChanged = (
    org: KOrgState,
    resource: KustomerResource,
    id: string,
    source: 'api' | 'ui',
  ) => {
    ctx.sse.send(channel(org), 'record-changed', { resource, id, source });
  };

  const itemAdded = (org: KOrgState, conversationId: string, item: TimelineItem): number => {
    const customerId = org.conversations.get(conversationId)?.customerId ?? null;
    return ctx.sse.send(channel(org), 'item', { conversationId, customerId, item });
  };

  const recordState = (org: KOrgState, resource: KustomerResource, id: string): Json => {
    const record = store.record(org, resource, id);
    if (!record) throw new SimHttpError(404, `No ${resource} ${id} in org '${org.handle}'`);
    return {
      org: org.handle,
      object: resource,
      id: record.id,
      values: { ...record.custom },
      rev: record.rev,
    };
  };

  const rateState = (org: KOrgState): Json => {
    const r = currentRate(org);
    return {
      org: org.handle,
      limit: r.limit,
      windowSeconds: org.rate.windowMs / 1000,
      used: r.used,
      remaining: r.remaining,
      resetInSeconds: Math.ceil(r.msUntilReset / 1000),
    };
  };

  const sessionState = (org: KOrgState): Json => ({
    org: org.handle,
    orgId: org.orgId,
    authToken: org.authToken,
    csrf: org.csrf,
    mode: org.mode,
    cookieDomain: COOKIE_DOMAIN,
    rateLimit: rateState(org),
  });

  const createApiKey = (org: KOrgState, roles: string[], name: string | undefined): Json => {
    const userId = newObjectId();
    const now = new Date().toISOString();
    org.users.set(userId, {
      id: userId,
      name: name ?? 'API key',
      userType: 'machine',
      createdAt: now,
    });
    // Kustomer API keys are JWTs; this one only looks like one (the sim looks keys up, it never verifies).
    const iat = Math.floor(Date.now() / 1000);
    const token = [
      base64url({ alg: 'HS256', typ: 'JWT' }),
      base64url({
        id: userId,
        user: userId,
        org: org.orgId,
        exp: 0,
        roles,
        aud: 'kustomer',
        iss: 'kustomer',
        iat,
      }),
      randomToken(32),
    ].join('.');
    org.apiKeys.set(token, { token, userId, roles });
    return { org: org.handle, apiKey: token, userId, roles };
  };

  const control: PlatformControl = {
    async postMessage(body) {
      const org = orgOr404(body.org);
      const { author } = body;
      if (typeof author !== 'string' || !(AUTHORS as readonly string[]).includes(author))
        throw new SimHttpError(400, `"author" must be one of ${AUTHORS.join(', ')}`);
      const authorName = optionalString(body, 'authorName');
      const conversation = conversationOr404(org, body.recordId);
      const { text, html } = await messageContent(body);
      const item = store.addItem(org, conversation.id, author as KustomerAuthor, text, {
        ...(authorName !== undefined ? { authorName } : {}),
        ...(html !== undefined ? { html } : {}),
      });
      const delivered = itemAdded(org, conversation.id, item);
      return {
        entryId: item.id,
        kind: item.kind,
        conversationId: conversation.id,
        customerId: conversation.customerId,
        seq: item.seq,
        delivered,
      };
    },

    async editMessage(body) {
      const org = orgOr404(body.org);
      const conversation = conversationOr404(org, body.recordId);
      const entryId = requireString(body, 'entryId').toLowerCase();
      const { text, html } = await messageContent(body);
      const item = (org.timelines.get(conversation.id) ?? []).find((i) => i.id === entryId);
      if (!item)
        throw new SimHttpError(404, `No message ${entryId} in conversation ${conversation.id}`);
      if (item.kind !== 'message')
        throw new SimHttpError(400, `${entryId} is a timeline event; only messages are edited`);
      item.text = text;
      if (html !== undefined) item.html = html;
      else delete item.html;
      const delivered = ctx.sse.send(channel(org), 'item-edited', {
        conversationId: conversation.id,
        item,
      });
      return { entryId: item.id, conversationId: conversation.id, text: item.text, delivered };
    },

    listMessages(orgHandle, recordId) {
      const org = orgOr404(orgHandle);
      const conversation = conversationOr404(org, recordId);
      return {
        conversationId: conversation.id,
        customerId: conversation.customerId,
        items: org.timelines.get(conversation.id) ?? [],
      };
    },

    openTab(body) {
      const org = orgOr404(body.org);
      const conversation = conversationOr404(org, body.recordId);
      const path = desktopPath(conversation.customerId, conversation.id);
      const label = conversation.name;
      const delivered = ctx.sse.send(channel(org), 'navigate', {
        path,
        conversationId: conversation.id,
        customerId: conversation.customerId,
      });
      return { path, label, delivered };
    },

    getRecord(orgHandle, object, id) {
      return recordState(orgOr404(orgHandle), resourceOf(object), id);
    },

    putRecord(orgHandle, object, id, values) {
      const org = orgOr404(orgHandle);
      const resource = resourceOf(object);
      const record = store.record(org, resource, id);
      if (!record) throw new SimHttpError(404, `No ${resource} ${id} in org '${org.handle}'`);
      // As if the agent typed it in the desktop: no validation, the revision moves on.
      for (const [name, value] of Object.entries(values)) {
        if (value === null) delete record.custom[name];
        else record.custom[name] = value;
      }
      record.rev += 1;
      record.updatedAt = new Date().toISOString();
      record.modifiedBy = org.seed.users.agent.id;
      recordChanged(org, resource, record.id, 'ui');
      return recordState(org, resource, record.id);
    },

    getSession(orgHandle) {
      return sessionState(orgOr404(orgHandle));
    },

    setSession(body) {
      const org = orgOr404(body.org);
      const action = body.action;
      if (typeof action !== 'string' || !(SESSION_ACTIONS as readonly string[]).includes(action))
        throw new SimHttpError(400, `"action" must be one of ${SESSION_ACTIONS.join(', ')}`);
      if (action === 'rotate') {
        org.authToken = randomToken();
        org.csrf = randomToken(18);
      } else if (action === 'expire') org.authToken = null;
      else org.mode = action as SessionMode;
      return sessionState(org);
    },

    stream(orgHandle, query) {
      const org = orgOr404(orgHandle);
      const since = Number(query.get('since'));
      const replay: SseEvent[] =
        query.has('since') && Number.isFinite(since)
          ? store.itemsSince(org, since).map(({ conversationId, item }) => ({
              event: 'item',
              data: {
                conversationId,
                customerId: org.conversations.get(conversationId)?.customerId ?? null,
                item,
              },
            }))
          : [];
      return { channel: channel(org), replay };
    },

    ui(what, orgHandle, query) {
      const org = orgOr404(orgHandle);
      if (what === 'desktop') return { conversations: desktopSummary(org), seq: store.currentSeq };
      if (what === 'timeline') {
        const conversation = conversationOr404(org, query.get('id') ?? '');
        return { ...timelineOf(org, conversation), seq: store.currentSeq };
      }
      throw new SimHttpError(404, `Unknown desktop data '${what}'`);
    },

    orgs() {
      return [...store.orgs.values()].map((o) => ({
        org: o.handle,
        orgId: o.orgId,
        name: o.displayName,
        desktopHost: `${o.handle}${DESKTOP_SUFFIX}`,
        apiHost: `${o.handle}${API_SUFFIX}`,
      }));
    },

    async route(method, path, body, query) {
      if (path === 'api-keys' && method === 'POST') {
        const b = await body();
        const org = orgOr404(b.org);
        const roles = b.roles === undefined ? [...DEFAULT_API_KEY_ROLES] : b.roles;
        if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string'))
          throw new SimHttpError(400, '"roles" must be an array of strings');
        return createApiKey(org, roles as string[], optionalString(b, 'name'));
      }
      if (path === 'api-keys' && method === 'GET') {
        const org = orgOr404(query.get('org'));
        return {
          org: org.handle,
          keys: [...org.apiKeys.values()].map((k) => ({
            apiKey: k.token,
            userId: k.userId,
            roles: k.roles,
          })),
        };
      }
      if (path === 'attributes' && method === 'POST') {
        // An admin deactivates (or restores) an attribute after extensions cached the metadata.
        const b = await body();
        const org = orgOr404(requireString(b, 'org'));
        const key = `${requireString(b, 'resource')}:${requireString(b, 'name')}`;
        if (b.active === false) org.retired.add(key);
        else org.retired.delete(key);
        return { org: org.handle, retired: [...org.retired] };
      }
      if (path === 'conversations' && method === 'POST') {
        // New customers with a conversation each, by the hundred (the audit's tests).
        const b = await body();
        const org = orgOr404(b.org);
        if (!Array.isArray(b.conversations) || b.conversations.length > 1000)
          throw new SimHttpError(400, '"conversations" must be an array of at most 1000');
        const made = b.conversations.map((c) => {
          try {
            return store.addConversation(
              org,
              (c ?? {}) as Parameters<typeof store.addConversation>[1],
            );
          } catch (error) {
            throw new SimHttpError(400, error instanceof Error ? error.message : String(error));
          }
        });
        return { org: org.handle, conversations: made };
      }
      if (path === 'rate-limit' && method === 'GET') return rateState(orgOr404(query.get('org')));
      if (path === 'rate-limit' && method === 'POST') {
        const b = await body();
        const org = orgOr404(requireString(b, 'org'));
        const { limit, windowSeconds, used } = b;
        if (
          limit !== undefined &&
          (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
        )
          throw new SimHttpError(400, '"limit" must be a non-negative integer');
        if (
          windowSeconds !== undefined &&
          (typeof windowSeconds !== 'number' || !(windowSeconds > 0) || windowSeconds > 3600)
        )
          throw new SimHttpError(400, '"windowSeconds" must be a number above 0 and at most 3600');
        if (used !== undefined && (typeof used !== 'number' || !Number.isInteger(used) || used < 0))
          throw new SimHttpError(400, '"used" must be a non-negative integer');
        if (b.reset === true) {
          org.rate.limit = DEFAULT_RATE_LIMIT;
          org.rate.windowMs = DEFAULT_RATE_WINDOW_SECONDS * 1000;
        }
        if (typeof limit === 'number') org.rate.limit = limit;
        if (typeof windowSeconds === 'number') org.rate.windowMs = windowSeconds * 1000;
        // A new setting starts a fresh window, empty unless told what other callers already spent.
        org.rate.windowStart = Date.now();
        org.rate.used = typeof used === 'number' ? used : 0;
        return rateState(org);
      }
      return undefined;
    },
  };

  async function login(req: IncomingMessage, res: ServerResponse, org: KOrgState): Promise<void> {
    const next = requestUrl(req).searchParams.get('next') ?? '';
    const safe = next.startsWith('/') && !next.startsWith('//') ? next : '/app/conversations';
    org.authToken ??= randomToken();
    res.writeHead(302, {
      'Set-Cookie': [authCookie(org.authToken), csrfCookie(org.csrf)],
      Location: safe,
      'Cache-Control': 'no-cache, no-store',
    });
    res.end();
  }

  async function handleDesktop(
    req: IncomingMessage,
    res: ServerResponse,
    org: KOrgState,
  ): Promise<void> {
    const url = requestUrl(req);
    const path = url.pathname;
    if (path === '/login') return login(req, res, org);
    if (path === '/favicon.ico') return sendEmpty(res, 204);
    if (path === '/' || path === '/app' || path === '/app/') {
      res.writeHead(302, { Location: '/app/conversations' });
      res.end();
      return;
    }
    const isApp = path === '/app/conversations' || path.startsWith('/app/');
    if (!isApp) return sendText(res, 404, 'Not found');
    const token = parseCookies(req).get(AUTH_COOKIE);
    if (!token || org.authToken === null || token !== org.authToken) {
      res.writeHead(302, {
        Location: `/login?next=${encodeURIComponent(path + url.search)}`,
        'Cache-Control': 'no-cache, no-store',
      });
      res.end();
      return;
    }
    let conversationId: string | undefined;
    let customerId: string | undefined;
    const a = CONVERSATION_PATH.exec(path);
    const b = CUSTOMER_EVENT_PATH.exec(path);
    if (a) conversationId = a[1]?.toLowerCase();
    else if (b) {
      customerId = b[1]?.toLowerCase();
      conversationId = b[2]?.toLowerCase();
    } else if (path !== '/app/conversations' && path !== '/app/conversations/') {
      return sendText(res, 404, 'Not found');
    }
    const conversation = conversationId ? org.conversations.get(conversationId) : undefined;
    const notFound =
      conversationId !== undefined &&
      (!conversation || (customerId !== undefined && conversation.customerId !== customerId));
    const html = desktopPage({
      org,
      apiOrigin: `https://${org.handle}${API_SUFFIX}${portSuffix(req)}`,
      conversation: notFound ? undefined : conversation,
      notFound,
      seq: store.currentSeq,
    });
    sendText(res, 200, html, 'text/html; charset=utf-8');
  }

  return {
    id: 'kustomer',
    hostPatterns: KUSTOMER_HOST_PATTERNS,
    control,
    matchHost(hostname: string): HostMatch | undefined {
      if (hostname.endsWith(API_SUFFIX)) {
        const org = hostname.slice(0, -API_SUFFIX.length);
        return org !== '' && !org.includes('.') ? { org, kind: 'api' } : { org: '', kind: 'other' };
      }
      if (hostname.endsWith(DESKTOP_SUFFIX)) {
        const org = hostname.slice(0, -DESKTOP_SUFFIX.length);
        return org !== '' && !org.includes('.')
          ? { org, kind: 'desktop' }
          : { org: '', kind: 'other' };
      }
      return undefined;
    },
    async handle(req, res, match) {
      const org = store.org(match.org);
      if (match.kind === 'other' || !org) {
        sendText(
          res,
          404,
          `The Kustomer simulation does not serve ${req.headers.host ?? 'this host'}.`,
        );
        return;
      }
      if (match.kind === 'api')
        await handleApi({ ctx, store, recordChanged, itemAdded }, req, res, org);
      else await handleDesktop(req, res, org);
    },
    reset() {
      store.reset();
      for (const org of store.orgs.values()) ctx.sse.send(channel(org), 'reset', {});
    },
  };
}

function portSuffix(req: IncomingMessage): string {
  const port = hostPort(req);
  return port && port !== '443' ? `:${port}` : '';
}
