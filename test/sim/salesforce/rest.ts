/**
 * The REST API of a simulated org: `https://<org>.my.salesforce.com/services/data/...` (the Connect
 * API's conversation entries in connect.ts).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { applyFault, type FaultAnswer, type FaultAnswerFor } from '../faults';
import { parseLoose, readBody, sendEmpty, sendJson } from '../http';
import type { SimContext } from '../platform';
import { bearerToken, oauthActor, sessionActor } from './auth';
import { connectAnswer } from './connect';
import {
  basicInfo,
  describeObject,
  globalDescribe,
  SERVED_VERSIONS,
  versionResources,
  versionsList,
} from './describe';
import { type SfError, sfErrors } from './errors';
import {
  GLOBAL_SOBJECTS,
  objectByName,
  SIM_OBJECTS,
  type SimObjectDef,
  visibleField,
} from './objects';
import { runQuery } from './soql';
import { API_DAILY_LIMIT, type OrgState, type SalesforceStore } from './store';
import { type ReferenceResolver, validateUpdate } from './validate';

/**
 * *Unverified* (platform-facts): whether an open record page shows values written through the API
 * without a refresh. The sim assumes it does not; set true to push a refresh to open pages.
 */
export const AUTO_REFRESH_AFTER_API_WRITE = false;

/** Origins whose browser requests get CORS headers (extension pages; the Lightning host does not). */
const CORS_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/i;

export interface RestDeps {
  ctx: SimContext;
  store: SalesforceStore;
  /** Tells open console pages of the org that a record changed. */
  recordChanged(org: OrgState, object: string, id: string, source: 'api' | 'ui'): void;
}

const faultAnswer: FaultAnswerFor = (kind, fault): FaultAnswer => {
  switch (kind) {
    case '401':
      return { status: 401, body: sfErrors.sessionInvalid() };
    case '403-limit':
      return { status: 403, body: sfErrors.requestLimit() };
    case '429':
      return {
        status: 429,
        body: sfErrors.tooManyRequests(),
        headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
      };
    case '500':
      return { status: 500, body: sfErrors.unknownException() };
    case '503':
      return {
        status: 503,
        body: sfErrors.serverUnavailable(),
        headers:
          fault.retryAfterSeconds === undefined
            ? {}
            : { 'Retry-After': String(fault.retryAfterSeconds) },
      };
  }
};

export function corsHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  if (!origin || !CORS_ORIGIN.test(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Sforce-Limit-Info',
    Vary: 'Origin',
  };
}

export async function handleRest(
  deps: RestDeps,
  req: IncomingMessage,
  res: ServerResponse,
  org: OrgState,
): Promise<void> {
  const { ctx } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://sim.invalid');
  const bodyText = await readBody(req);
  const entry = ctx.log.add({
    platform: 'salesforce',
    org: org.handle,
    method,
    path: url.pathname + url.search,
    body: parseLoose(bodyText),
    time: new Date().toISOString(),
    headers: {
      accept: req.headers.accept,
      contentType: req.headers['content-type'],
      callOptions: header(req, 'sforce-call-options'),
    },
  });
  res.on('finish', () => {
    entry.status = res.statusCode;
  });
  const cors = corsHeaders(req);

  if (method === 'OPTIONS') {
    sendEmpty(res, 204, {
      ...cors,
      ...(cors['Access-Control-Allow-Origin']
        ? {
            'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, HEAD, OPTIONS',
            'Access-Control-Allow-Headers':
              'Authorization, Content-Type, Accept, Sforce-Call-Options, Sforce-Query-Options, X-PrettyPrint',
            'Access-Control-Max-Age': '600',
          }
        : {}),
    });
    return;
  }

  const fault = ctx.faults.take({ platform: 'salesforce', org: org.handle, method });
  if (fault) {
    entry.fault = fault.kind;
    const answered = await applyFault(fault, res, faultAnswer, (ms) => ctx.wait(ms));
    if (answered) return;
  }

  const fail = (status: number, errors: SfError[], extra: OutgoingHttpHeaders = {}) =>
    sendJson(res, status, errors, { ...cors, ...extra });

  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/services/data') {
    if (method !== 'GET' && method !== 'HEAD')
      return fail(405, sfErrors.methodNotAllowed(method, 'HEAD,GET'));
    return sendJson(res, 200, versionsList(), cors);
  }
  const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
  if (!m || !SERVED_VERSIONS.includes(m[1] ?? '')) return fail(404, sfErrors.notFound());
  const version = m[1] ?? '';
  const rest = m[2] ?? '';

  // Authentication: the org's current API session, or an OAuth access token of the org's app, sent
  // as a bearer token. The org modes refuse the cookie session only: API Access Control lets the
  // approved app through; API_DISABLED_FOR_ORG for tokens too is UNVERIFIED (README "OAuth").
  const token = bearerToken(req.headers.authorization);
  const session = sessionActor(org, token);
  const actor = session ?? oauthActor(org, token);
  if (!actor) return fail(401, sfErrors.sessionInvalid());
  if (session && org.mode === 'api-access-control') return fail(401, sfErrors.sessionNotForRest());
  if (session && org.mode === 'api-disabled') return fail(403, sfErrors.apiDisabled());
  entry.actor = actor;
  org.apiUsage += 1;
  const limit = { ...cors, 'Sforce-Limit-Info': `api-usage=${org.apiUsage}/${API_DAILY_LIMIT}` };
  const ok = (body: unknown) => sendJson(res, 200, body, limit);
  const refuse = (status: number, errors: SfError[], extra: OutgoingHttpHeaders = {}) =>
    sendJson(res, status, errors, { ...limit, ...extra });
  const onlyGet = () => refuse(405, sfErrors.methodNotAllowed(method, 'HEAD,GET'));

  if (rest === '') return method === 'GET' ? ok(versionResources(version)) : onlyGet();
  if (rest === '/sobjects') return method === 'GET' ? ok(globalDescribe(version)) : onlyGet();
  if (rest === '/query') {
    if (method !== 'GET') return onlyGet();
    const result = runQuery(deps.store, org, url.searchParams.get('q') ?? '', version);
    return result.ok ? ok(result.body) : refuse(400, result.errors);
  }
  if (rest.startsWith('/connect/')) {
    const answer = connectAnswer(deps.store, org, method, rest, url.searchParams);
    return answer.status === 200
      ? ok(answer.body)
      : refuse(answer.status, answer.body as SfError[]);
  }

  const parts = rest.split('/').slice(1).map(decodeURIComponent);
  if (parts[0] !== 'sobjects' || parts.length < 2 || parts.length > 3)
    return refuse(404, sfErrors.notFound());
  const objectName = parts[1] ?? '';
  const def = objectByName(objectName);
  const known = GLOBAL_SOBJECTS.find(([name]) => name.toLowerCase() === objectName.toLowerCase());

  if (parts.length === 2) {
    if (method !== 'GET') return onlyGet();
    if (def) return ok(basicInfo(version, def, recentItems(org, def, version)));
    if (known) {
      const [name, label, labelPlural, keyPrefix] = known;
      return ok(basicInfo(version, { name, label, labelPlural, keyPrefix }, []));
    }
    return refuse(404, sfErrors.notFound());
  }
  if (!def) return refuse(404, sfErrors.notFound());

  const third = parts[2] ?? '';
  if (third === 'describe') {
    if (method !== 'GET') return onlyGet();
    return ok(describeObject(version, def, `https://${org.handle}.my.salesforce.com`));
  }

  const effective =
    method === 'POST' && url.searchParams.get('_HttpMethod') === 'PATCH' ? 'PATCH' : method;
  const record = deps.store.find(org, def, third);
  if (effective === 'GET' || effective === 'HEAD') {
    if (!record) return refuse(404, sfErrors.notFound());
    const values = deps.store.withFormulas(def, record.values);
    const requested = url.searchParams.get('fields');
    const out: Record<string, unknown> = {
      attributes: {
        type: def.name,
        url: `/services/data/v${version}/sobjects/${def.name}/${record.id}`,
      },
    };
    if (requested === null) {
      for (const f of def.fields) out[f.name] = values[f.name] ?? null;
    } else {
      for (const name of requested
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        const f = visibleField(def, name);
        if (!f) return refuse(400, sfErrors.noSuchColumnOnEntity(name, def.name));
        out[f.name] = values[f.name] ?? null;
      }
      if (!('Id' in out)) out.Id = record.id;
    }
    if (effective === 'HEAD') return sendEmpty(res, 200, limit);
    return ok(out);
  }
  if (effective === 'PATCH') {
    if (!record) return refuse(404, sfErrors.notFound());
    const result = validateUpdate(def, bodyText, record.values, resolver(deps, org));
    if (!result.ok) return refuse(400, result.errors);
    const now = new Date().toISOString().replace('Z', '+0000');
    Object.assign(record.values, result.changes, {
      LastModifiedById: actor.userId,
      LastModifiedDate: now,
      SystemModstamp: now,
    });
    if (AUTO_REFRESH_AFTER_API_WRITE) deps.recordChanged(org, def.name, record.id, 'api');
    return sendEmpty(res, 204, limit);
  }
  return refuse(405, sfErrors.methodNotAllowed(method, 'HEAD,GET,PATCH'));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function resolver(deps: RestDeps, org: OrgState): ReferenceResolver {
  return (referenceTo, id) => {
    const defs = referenceTo
      .map((name) => SIM_OBJECTS[name])
      .filter((d): d is SimObjectDef => d !== undefined);
    if (defs.length === 0) return 'unknown-object';
    for (const def of defs) {
      const hit = deps.store.find(org, def, id);
      if (hit) return hit.id;
    }
    return undefined;
  };
}

function recentItems(org: OrgState, def: SimObjectDef, version: string) {
  const table = org.records.get(def.name) ?? new Map();
  return [...table.entries()].map(([id, values]) => ({
    attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${id}` },
    Id: id,
    [def.nameField]: (values as Record<string, unknown>)[def.nameField] ?? null,
  }));
}
