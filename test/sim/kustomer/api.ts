/** The API of a simulated Kustomer org: `https://<org>.api.kustomerapp.com/v1/...`. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { applyFault, type FaultAnswer, type FaultAnswerFor } from '../faults';
import { parseCookies, parseLoose, readBody, sendEmpty, sendJson } from '../http';
import type { SimContext } from '../platform';
import { type JsonApiError, kErrors, type PlainError } from './errors';
import { type KustomerResource, metadataResponse, RESOURCES } from './metadata';
import { searchConversations } from './search';
import type {
  KConversation,
  KCustomer,
  KOrgState,
  KRecord,
  KUser,
  KustomerStore,
  TimelineItem,
} from './store';
import { validateUpdate } from './validate';

/**
 * *Unverified* (platform-facts): how the web app's writes are protected. The sim assumes a
 * double-submit token: the `x-csrf-token` header must equal the `_csrf` cookie
 * (`'double-submit'`). `'session-token'` would instead require the value the sim handed out at
 * /login (GET /__sim/session `csrf`), whatever the cookie says.
 */
export const CSRF_MODE: 'double-submit' | 'session-token' = 'double-submit';

/**
 * *Unverified*: what `x-ratelimit-reset` holds. Kustomer documents the header but not its unit; the
 * sim sends the whole seconds until the window resets (`'seconds'`); `'epoch'` would send the Unix
 * time (seconds) of the reset instead.
 */
export const RATE_LIMIT_RESET_MODE: 'seconds' | 'epoch' = 'seconds';

/**
 * Whether an open desktop shows attribute values written through the API by itself. Kustomer's
 * agent app receives events in real time (help.kustomer.com, System requirements: "events are
 * received and sent in real-time"; Pusher and PubNub among the domains it must reach), so the sim
 * pushes `record-changed` over its stream on every API update and the desktop re-reads the
 * sidebar. *Unverified*: that an attribute written through the API reaches the open sidebar that
 * way (no public source shows it); `false` plays a desktop that needs a reload.
 */
export const AUTO_REFRESH_AFTER_API_WRITE = true;

/** Bodies over 100 kB are refused with 413 (developer.kustomer.com, errors). */
export const MAX_API_BODY_BYTES = 100 * 1024;

/** Messages per page when `pageSize` is not given, and the most a page may hold (Kustomer: 100). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 100;

/**
 * Sent by the simulated desktop's own API calls. Such calls still need the cookie, the client
 * header and (for writes) the CSRF token, but they are not rate limited, not faulted, not logged
 * and not refused by `session-writes-refused`: the mode and the budget are there to test the
 * extension, and the page is the real web app.
 */
export const DESKTOP_MARKER_HEADER = 'x-sim-desktop';

export const AUTH_COOKIE = 'x-kustomer-auth-token';
export const CSRF_COOKIE = '_csrf';

/** Roles of an API key, legacy and permission-set form; any one of a pair grants the operation. */
export const ROLE_PAIRS = {
  'conversation.read': ['org.user.conversation.read', 'org.permission.conversation.read'],
  'conversation.update': ['org.user.conversation.write', 'org.permission.conversation.update'],
  'customer.read': ['org.user.customer.read', 'org.permission.customer.read'],
  'customer.update': ['org.user.customer.write', 'org.permission.customer.update'],
  'message.read': ['org.user.message.read', 'org.permission.message.read'],
  'message.create': ['org.user.message.write', 'org.permission.message.create'],
  'metadata.read': ['org.user.metadata.read', 'org.permission.metadata.read'],
  'search.create': ['org.user.search.read', 'org.permission.search.create'],
  'user.read': ['org.user.user.read', 'org.permission.user.read'],
} as const;
type Operation = keyof typeof ROLE_PAIRS;

/** The roles a new API key gets when none are given: everything the extension needs. */
export const DEFAULT_API_KEY_ROLES: readonly string[] = Object.values(ROLE_PAIRS).map(
  ([legacy]) => legacy,
);

/** Origins whose browser requests get CORS headers: extension pages, and the org's own desktop. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/i;

export interface ApiDeps {
  ctx: SimContext;
  store: KustomerStore;
  /** Tells open desktop pages that a record changed. */
  recordChanged(org: KOrgState, resource: KustomerResource, id: string, source: 'api' | 'ui'): void;
  /** Tells open desktop pages that a timeline item was added. */
  itemAdded(org: KOrgState, conversationId: string, item: TimelineItem): void;
}

interface Caller {
  user: KUser;
  via: 'session' | 'api-key';
  roles?: readonly string[];
}

const faultAnswer: FaultAnswerFor = (kind, fault): FaultAnswer => {
  switch (kind) {
    case '401':
      return { status: 401, body: { errors: [kErrors.unauthorized()] } };
    case '403-limit':
      return { status: 403, body: { errors: [kErrors.forbidden('Request limit exceeded')] } };
    case '429': {
      const reset = fault.retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: { errors: [kErrors.rateLimited(0, reset)] },
        headers: {
          'x-ratelimit-limit': '0',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': resetHeaderValue(reset * 1000),
        },
      };
    }
    case '500':
      return { status: 500, body: { errors: [kErrors.internal()] } };
    case '503':
      return {
        status: 503,
        body: { errors: [kErrors.unavailable()] },
        headers:
          fault.retryAfterSeconds === undefined
            ? {}
            : { 'Retry-After': String(fault.retryAfterSeconds) },
      };
  }
};

function resetHeaderValue(msUntilReset: number): string {
  const seconds = Math.max(0, Math.ceil(msUntilReset / 1000));
  return RATE_LIMIT_RESET_MODE === 'seconds'
    ? String(seconds)
    : String(Math.ceil((Date.now() + msUntilReset) / 1000));
}

/** The rate-limit window of the org, rolled over when it has ended. */
export function currentRate(org: KOrgState, now = Date.now()) {
  const rate = org.rate;
  if (now >= rate.windowStart + rate.windowMs) {
    rate.windowStart = now;
    rate.used = 0;
  }
  const msUntilReset = rate.windowStart + rate.windowMs - now;
  return {
    limit: rate.limit,
    used: rate.used,
    remaining: Math.max(0, rate.limit - rate.used),
    msUntilReset,
  };
}

function rateHeaders(org: KOrgState): OutgoingHttpHeaders {
  const r = currentRate(org);
  return {
    'x-ratelimit-limit': String(r.limit),
    'x-ratelimit-remaining': String(r.remaining),
    'x-ratelimit-reset': resetHeaderValue(r.msUntilReset),
  };
}

function corsHeaders(req: IncomingMessage, org: KOrgState): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  if (!origin) return {};
  const desktop = new RegExp(`^https://${org.handle}\\.kustomerapp\\.com(:\\d+)?$`, 'i');
  if (!EXTENSION_ORIGIN.test(origin) && !desktop.test(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset',
    Vary: 'Origin',
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

const links = (path: string) => ({ self: path });
const rel = (type: string, id: string, path: string) => ({
  links: links(path),
  data: { type, id },
});

export function conversationResource(org: KOrgState, c: KConversation, items: TimelineItem[]) {
  const messages = items.filter((i) => i.kind === 'message');
  const inbound = messages.filter((m) => m.direction === 'in').length;
  return {
    type: 'conversation',
    id: c.id,
    attributes: {
      name: c.name,
      channels: ['chat'],
      status: c.status,
      open: c.status === 'open',
      priority: c.priority,
      messageCount: messages.length,
      noteCount: 0,
      satisfaction: 0,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      modifiedAt: c.updatedAt,
      lastActivityAt: messages.at(-1)?.time ?? c.createdAt,
      spam: false,
      ended: c.status === 'done',
      tags: [],
      suggestedTags: [],
      assignedUsers: [org.seed.users.agent.id],
      assignedTeams: [],
      direction: 'in',
      outboundMessageCount: messages.length - inbound,
      inboundMessageCount: inbound,
      custom: { ...c.custom },
      rev: c.rev,
      defaultLang: 'en_us',
    },
    relationships: {
      org: rel('org', org.orgId, `/v1/orgs/${org.orgId}`),
      customer: rel('customer', c.customerId, `/v1/customers/${c.customerId}`),
      messages: { links: links(`/v1/conversations/${c.id}/messages`) },
      createdBy: rel('user', c.createdBy, `/v1/users/${c.createdBy}`),
      modifiedBy: rel('user', c.modifiedBy, `/v1/users/${c.modifiedBy}`),
    },
    links: links(`/v1/conversations/${c.id}`),
  };
}

export function customerResource(org: KOrgState, c: KCustomer) {
  const conversations = [...org.conversations.values()].filter((v) => v.customerId === c.id);
  const open = conversations.filter((v) => v.status === 'open').length;
  return {
    type: 'customer',
    id: c.id,
    attributes: {
      name: c.name,
      displayName: c.name,
      displayColor: 'yellow',
      displayIcon: 'flower',
      externalId: null,
      externalIds: [],
      emails: [{ email: c.email, verified: true, type: 'home' }],
      phones: [],
      socials: [],
      urls: [],
      locations: [],
      locale: null,
      timeZone: null,
      presence: 'offline',
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      modifiedAt: c.updatedAt,
      conversationCounts: {
        all: conversations.length,
        snoozed: 0,
        open,
        done: conversations.length - open,
      },
      tags: [],
      custom: { ...c.custom },
      rev: c.rev,
    },
    relationships: {
      org: rel('org', org.orgId, `/v1/orgs/${org.orgId}`),
      messages: { links: links(`/v1/customers/${c.id}/messages`) },
      modifiedBy: rel('user', c.modifiedBy, `/v1/users/${c.modifiedBy}`),
    },
    links: links(`/v1/customers/${c.id}`),
  };
}

/** Characters of `preview` (the full text is in `body`). */
export const PREVIEW_LENGTH = 200;

export function messageResource(org: KOrgState, conversation: KConversation, m: TimelineItem) {
  return {
    type: 'message',
    id: m.id,
    attributes: {
      channel: 'chat',
      app: m.app ?? 'chat',
      size: Buffer.byteLength(m.html ?? m.text),
      direction: m.direction,
      directionType: m.directionType,
      // A rich message: `body` is its HTML source, `preview` its plain text.
      preview: m.text.slice(0, PREVIEW_LENGTH),
      body: m.html ?? m.text,
      meta: {},
      status: m.direction === 'in' ? 'received' : 'sent',
      auto: m.auto ?? false,
      sentAt: m.time,
      createdAt: m.time,
      updatedAt: m.time,
      modifiedAt: m.time,
      redacted: false,
    },
    relationships: {
      org: rel('org', org.orgId, `/v1/orgs/${org.orgId}`),
      customer: rel(
        'customer',
        conversation.customerId,
        `/v1/customers/${conversation.customerId}`,
      ),
      conversation: rel('conversation', conversation.id, `/v1/conversations/${conversation.id}`),
      ...(m.createdBy
        ? {
            createdBy: rel('user', m.createdBy, `/v1/users/${m.createdBy}`),
            modifiedBy: rel('user', m.createdBy, `/v1/users/${m.createdBy}`),
          }
        : {}),
    },
    links: links(`/v1/messages/${m.id}`),
  };
}

export function userResource(org: KOrgState, u: KUser) {
  return {
    type: 'user',
    id: u.id,
    attributes: {
      name: u.name,
      displayName: u.name,
      userType: u.userType,
      ...(u.email ? { email: u.email } : {}),
      createdAt: u.createdAt,
      updatedAt: u.createdAt,
    },
    relationships: { org: rel('org', org.orgId, `/v1/orgs/${org.orgId}`) },
    links: links(`/v1/users/${u.id}`),
  };
}

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

export async function handleApi(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  org: KOrgState,
): Promise<void> {
  const { ctx, store } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://sim.invalid');
  const cors = corsHeaders(req, org);

  if (method === 'OPTIONS') {
    sendEmpty(res, 204, {
      ...cors,
      ...(cors['Access-Control-Allow-Origin']
        ? {
            'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
            'Access-Control-Allow-Headers': `Authorization, Content-Type, Accept, x-kustomer-client, x-csrf-token, ${DESKTOP_MARKER_HEADER}`,
            'Access-Control-Max-Age': '600',
          }
        : {}),
    });
    return;
  }

  const fromDesktop = header(req, DESKTOP_MARKER_HEADER) === '1';
  const bodyText = await readBody(req);
  if (!fromDesktop) {
    const entry = ctx.log.add({
      platform: 'kustomer',
      org: org.handle,
      method,
      path: url.pathname + url.search,
      body: parseLoose(bodyText),
      time: new Date().toISOString(),
      headers: { accept: req.headers.accept, contentType: req.headers['content-type'] },
    });
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const fault = ctx.faults.take({ platform: 'kustomer', org: org.handle, method });
    if (fault) {
      entry.fault = fault.kind;
      const answered = await applyFault(fault, res, faultAnswer, (ms) => ctx.wait(ms));
      if (answered) return;
    }
  }

  const answer = (status: number, body: unknown, extra: OutgoingHttpHeaders = {}) =>
    sendJson(res, status, body, { ...cors, ...rateHeaders(org), ...extra });
  const fail = (status: number, errors: JsonApiError[] | PlainError[]) =>
    answer(status, { errors });

  // The body limit applies before anything else is looked at.
  const bodyBytes = Buffer.byteLength(bodyText);
  if (bodyBytes > MAX_API_BODY_BYTES)
    return fail(413, [kErrors.payloadTooLarge(bodyBytes, MAX_API_BODY_BYTES)]);

  // ---- authentication -------------------------------------------------------------------------
  const write = method !== 'GET' && method !== 'HEAD';
  let caller: Caller;
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const key = m ? org.apiKeys.get(m[1] ?? '') : undefined;
    const user = key ? org.users.get(key.userId) : undefined;
    if (!key || !user) return fail(401, [kErrors.unauthorized('Invalid API token')]);
    caller = { user, via: 'api-key', roles: key.roles };
  } else {
    const cookies = parseCookies(req);
    const token = cookies.get(AUTH_COOKIE);
    if (!token || org.authToken === null || token !== org.authToken)
      return fail(401, [kErrors.unauthorized()]);
    if (header(req, 'x-kustomer-client') !== 'web')
      return fail(401, [kErrors.unauthorized('Session requests must come from the web client')]);
    if (write) {
      const sent = header(req, 'x-csrf-token');
      const expected = CSRF_MODE === 'double-submit' ? cookies.get(CSRF_COOKIE) : org.csrf;
      if (!sent || !expected || sent !== expected)
        return fail(403, [kErrors.forbidden('Invalid CSRF token')]);
      if (org.mode === 'session-writes-refused' && !fromDesktop)
        return fail(403, [kErrors.forbidden('Writes with a browser session are not allowed')]);
    }
    const agent = org.users.get(org.seed.users.agent.id);
    if (!agent) return fail(401, [kErrors.unauthorized()]);
    caller = { user: agent, via: 'session' };
  }

  // ---- rate limit -----------------------------------------------------------------------------
  if (!fromDesktop) {
    const r = currentRate(org);
    if (r.used >= r.limit) {
      return fail(429, [kErrors.rateLimited(r.limit, Math.ceil(r.msUntilReset / 1000))]);
    }
    org.rate.used += 1;
  }

  const allowed = (op: Operation): boolean =>
    caller.via === 'session' || ROLE_PAIRS[op].some((role) => caller.roles?.includes(role));
  const denied = (op: Operation) =>
    fail(403, [kErrors.forbidden(`Missing role ${ROLE_PAIRS[op][1]} (or ${ROLE_PAIRS[op][0]})`)]);

  const parts = url.pathname.replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  if (parts[0] !== 'v1') return fail(404, [kErrors.pathNotFound()]);
  const [, collection = '', id = '', sub, ...extra] = parts;
  if (extra.length > 0) return fail(404, [kErrors.pathNotFound()]);

  // ---- metadata ---------------------------------------------------------------------------------
  if (collection === 'metadata' && id !== '' && sub === undefined) {
    if (method !== 'GET') return fail(405, [kErrors.methodNotAllowed(method)]);
    if (!allowed('metadata.read')) return denied('metadata.read');
    if (!(RESOURCES as readonly string[]).includes(id))
      return fail(404, [kErrors.notFound(`metadata for ${id}`)]);
    return answer(
      200,
      metadataResponse(id as KustomerResource, org.orgId, org.seed.users.agent.id, org.retired),
    );
  }

  // ---- users ------------------------------------------------------------------------------------
  if (collection === 'users' && id !== '' && sub === undefined) {
    if (method !== 'GET') return fail(405, [kErrors.methodNotAllowed(method)]);
    if (id === 'current') return answer(200, { data: userResource(org, caller.user) });
    if (!allowed('user.read')) return denied('user.read');
    if (!OBJECT_ID.test(id))
      return fail(400, [kErrors.invalidParameter('id', 'id must be an object id')]);
    const user = org.users.get(id.toLowerCase());
    if (!user) return fail(404, [kErrors.notFound('user ID')]);
    return answer(200, { data: userResource(org, user) });
  }

  // ---- search (the audit's conversations created in a date range) ------------------------------
  if (collection === 'customers' && id === 'search' && sub === undefined) {
    if (method !== 'POST') return fail(405, [kErrors.methodNotAllowed(method)]);
    if (!allowed('search.create')) return denied('search.create');
    const resourceOfConversation = (o: KOrgState, c: KConversation) =>
      conversationResource(o, c, o.timelines.get(c.id) ?? []);
    return searchConversations(url, bodyText, org, resourceOfConversation, answer, fail);
  }

  // ---- conversations and customers --------------------------------------------------------------
  const resource: KustomerResource | undefined =
    collection === 'conversations'
      ? 'conversation'
      : collection === 'customers'
        ? 'customer'
        : undefined;
  if (!resource || id === '') return fail(404, [kErrors.pathNotFound()]);
  if (!OBJECT_ID.test(id))
    return fail(400, [kErrors.invalidParameter('id', `"${id}" is not a valid object id`)]);
  const record = store.record(org, resource, id);

  if (sub === 'messages' && resource === 'conversation') {
    if (!record) return fail(404, [kErrors.notFound('conversation ID')]);
    const conversation = record as KConversation;
    if (method === 'GET') {
      if (!allowed('message.read')) return denied('message.read');
      return await listMessages(url, org, conversation, answer, fail);
    }
    if (method === 'POST') {
      if (!allowed('message.create')) return denied('message.create');
      return await createMessage(deps, bodyText, org, conversation, caller, answer, fail);
    }
    return fail(405, [kErrors.methodNotAllowed(method)]);
  }
  if (sub !== undefined) return fail(404, [kErrors.pathNotFound()]);

  if (method === 'GET') {
    if (!allowed(`${resource}.read`)) return denied(`${resource}.read`);
    if (!record) return fail(404, [kErrors.notFound(`${resource} ID`)]);
    return answer(200, { data: resourceOf(org, resource, record) });
  }
  if (method === 'PUT' || method === 'PATCH') {
    if (!allowed(`${resource}.update`)) return denied(`${resource}.update`);
    if (!record) return fail(404, [kErrors.notFound(`${resource} ID`)]);
    const update = validateUpdate(resource, bodyText, org.retired);
    if (!update.ok) return answer(update.status, update.body);
    if (update.rev !== undefined && update.rev !== record.rev)
      return fail(409, [kErrors.conflict(update.rev, record.rev)]);
    for (const [name, value] of Object.entries(update.custom)) {
      if (value === null) delete record.custom[name];
      else record.custom[name] = value;
    }
    Object.assign(record, update.standard);
    record.rev += 1;
    record.updatedAt = new Date().toISOString();
    record.modifiedBy = caller.user.id;
    if (AUTO_REFRESH_AFTER_API_WRITE) deps.recordChanged(org, resource, record.id, 'api');
    return answer(200, { data: resourceOf(org, resource, record) });
  }
  return fail(405, [kErrors.methodNotAllowed(method)]);
}

function resourceOf(org: KOrgState, resource: KustomerResource, record: KRecord) {
  return resource === 'conversation'
    ? conversationResource(org, record as KConversation, org.timelines.get(record.id) ?? [])
    : customerResource(org, record as KCustomer);
}

type Answer = (status: number, body: unknown, extra?: OutgoingHttpHeaders) => void;
type Fail = (status: number, errors: JsonApiError[] | PlainError[]) => void;

async function listMessages(
  url: URL,
  org: KOrgState,
  conversation: KConversation,
  answer: Answer,
  fail: Fail,
): Promise<void> {
  const pageRaw = url.searchParams.get('page');
  const sizeRaw = url.searchParams.get('pageSize');
  const page = pageRaw === null ? 1 : Number(pageRaw);
  const pageSize = sizeRaw === null ? DEFAULT_PAGE_SIZE : Number(sizeRaw);
  if (!Number.isInteger(page) || page < 1)
    return fail(400, [kErrors.invalidParameter('page', 'page must be an integer of at least 1')]);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    return fail(400, [
      kErrors.invalidParameter(
        'pageSize',
        `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`,
      ),
    ]);
  // Oldest first (chronological), so the last page holds the newest messages.
  const messages = (org.timelines.get(conversation.id) ?? []).filter((i) => i.kind === 'message');
  const start = (page - 1) * pageSize;
  const slice = messages.slice(start, start + pageSize);
  const base = `/v1/conversations/${conversation.id}/messages`;
  const link = (p: number) => `${base}?page=${p}&pageSize=${pageSize}`;
  answer(200, {
    meta: { pageSize, page, totalCount: messages.length },
    data: slice.map((m) => messageResource(org, conversation, m)),
    links: {
      self: link(page),
      first: link(1),
      prev: page > 1 ? link(page - 1) : null,
      next: start + pageSize < messages.length ? link(page + 1) : null,
    },
  });
}

async function createMessage(
  deps: ApiDeps,
  bodyText: string,
  org: KOrgState,
  conversation: KConversation,
  caller: Caller,
  answer: Answer,
  fail: Fail,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (error) {
    return fail(400, [kErrors.invalidJson((error as Error).message)]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return fail(400, [kErrors.invalidJson('the body must be a JSON object')]);
  const b = body as Record<string, unknown>;
  const text = typeof b.body === 'string' ? b.body : typeof b.preview === 'string' ? b.preview : '';
  if (text.trim() === '')
    return fail(400, [kErrors.invalidMember('/body', 'body must be a non-empty string')]);
  if (b.channel !== undefined && b.channel !== 'chat')
    return fail(400, [kErrors.invalidMember('/channel', 'the simulation only has chat messages')]);
  const author = caller.via === 'session' ? 'agent' : 'bot';
  const item = deps.store.addItem(org, conversation.id, author, text, {
    authorName: caller.user.name,
    createdBy: caller.user,
    app: typeof b.app === 'string' && b.app !== '' ? b.app : 'chat',
  });
  deps.itemAdded(org, conversation.id, item);
  answer(201, { data: messageResource(org, conversation, item) });
}
