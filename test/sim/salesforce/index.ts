/**
 * The simulated Salesforce: Lightning console pages on `<org>.lightning.force.com`, the REST API and
 * frontdoor on `<org>.my.salesforce.com`, and Salesforce's half of the control API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookies, portSuffix, requestUrl, SimHttpError, sendEmpty, sendText } from '../http';
import type { HostMatch, Json, PlatformControl, SimContext, SimPlatform } from '../platform';
import { messageContent } from '../rich-body';
import type { SseEvent } from '../sse';
import { sidCookie } from './auth';
import { casesRoute } from './bulk';
import { permissionsRoute } from './connect';
import { recordPath, uiRecord } from './console-data';
import { consolePage } from './console-page';
import { handleOAuth } from './oauth';
import { oauthRoute } from './oauth-control';
import { MESSAGING_SESSION, objectByName, storedField } from './objects';
import { handleRest } from './rest';
import {
  consoleUser,
  newSid,
  type OrgState,
  SalesforceStore,
  type TranscriptAuthor,
} from './store';
import { userSummary } from './users';

const LIGHTNING_SUFFIX = '.lightning.force.com';
const MY_DOMAIN_SUFFIX = '.my.salesforce.com';
const AUTHORS: readonly TranscriptAuthor[] = ['bot', 'end_user', 'agent', 'other_agent', 'system'];
const SESSION_ACTIONS = [
  'rotate',
  'expire',
  'api-access-control',
  'api-disabled',
  'normal',
] as const;

export const SALESFORCE_HOST_PATTERNS = [
  '*.lightning.force.com',
  '*.my.salesforce.com',
  '*.force.com',
  '*.salesforce.com',
] as const;

export function createSalesforce(ctx: SimContext): SimPlatform {
  const store = new SalesforceStore();
  const channel = (org: OrgState) => `salesforce:${org.handle}`;

  const orgOr404 = (handle: unknown): OrgState => {
    if (typeof handle !== 'string' || handle === '')
      throw new SimHttpError(400, '"org" must be a non-empty string');
    const org = store.org(handle);
    if (!org) throw new SimHttpError(404, `Unknown Salesforce org '${handle}'`);
    return org;
  };

  /** The MessagingSession of a record id: the session itself, or the session of a Case. */
  const conversationOf = (org: OrgState, recordId: unknown) => {
    if (typeof recordId !== 'string' || recordId === '')
      throw new SimHttpError(400, '"recordId" must be a non-empty string');
    const hit = store.findAny(org, recordId);
    if (!hit) throw new SimHttpError(404, `No record ${recordId} in org '${org.handle}'`);
    const session =
      hit.def === MESSAGING_SESSION
        ? { id: hit.id, values: hit.values }
        : store.sessionOfCase(org, hit.id);
    if (!session) throw new SimHttpError(404, `${hit.def.name} ${hit.id} has no MessagingSession`);
    return session;
  };

  const recordChanged = (org: OrgState, object: string, id: string, source: 'api' | 'ui') => {
    ctx.sse.send(channel(org), 'record-changed', { object, id, source });
  };

  const sessionState = (org: OrgState): Json => ({
    org: org.handle,
    orgId: org.orgId,
    apiSid: org.apiSid,
    lightningSid: org.lightningSid,
    mode: org.mode,
    apiUsage: org.apiUsage,
    consoleUser: userSummary(consoleUser(org)),
  });

  const control: PlatformControl = {
    async postMessage(body) {
      const org = orgOr404(body.org);
      const { recordId, author, authorName } = body;
      if (typeof author !== 'string' || !(AUTHORS as readonly string[]).includes(author)) {
        throw new SimHttpError(400, `"author" must be one of ${AUTHORS.join(', ')}`);
      }
      if (authorName !== undefined && typeof authorName !== 'string')
        throw new SimHttpError(400, '"authorName" must be a string');
      const session = conversationOf(org, recordId);
      const content = await messageContent(body);
      const entry = store.addEntry(
        org,
        session.id,
        author as TranscriptAuthor,
        content,
        authorName,
      );
      const caseId = typeof session.values.CaseId === 'string' ? session.values.CaseId : null;
      const delivered = ctx.sse.send(channel(org), 'entry', {
        sessionId: session.id,
        caseId,
        entry,
      });
      return { entryId: entry.entryId, sessionId: session.id, caseId, seq: entry.seq, delivered };
    },

    async editMessage(body) {
      const org = orgOr404(body.org);
      const { entryId } = body;
      if (typeof entryId !== 'string' || entryId === '')
        throw new SimHttpError(400, '"entryId" must be a non-empty string');
      const content = await messageContent(body);
      const session = conversationOf(org, body.recordId);
      const entry = (org.transcripts.get(session.id) ?? []).find((e) => e.entryId === entryId);
      if (!entry)
        throw new SimHttpError(404, `No message ${entryId} in MessagingSession ${session.id}`);
      entry.text = content.text;
      if (content.html !== undefined) entry.html = content.html;
      else delete entry.html;
      const delivered = ctx.sse.send(channel(org), 'entry-edited', {
        sessionId: session.id,
        entry,
      });
      return { entryId, sessionId: session.id, text: entry.text, delivered };
    },

    listMessages(orgHandle, recordId) {
      const org = orgOr404(orgHandle);
      const session = conversationOf(org, recordId);
      return { sessionId: session.id, messages: org.transcripts.get(session.id) ?? [] };
    },

    openTab(body) {
      const org = orgOr404(body.org);
      const { recordId, parentId } = body;
      if (typeof recordId !== 'string' || recordId === '')
        throw new SimHttpError(400, '"recordId" must be a non-empty string');
      const hit = store.findAny(org, recordId);
      if (!hit) throw new SimHttpError(404, `No record ${recordId} in org '${org.handle}'`);
      let path = recordPath(hit.def.name, hit.id);
      if (parentId !== undefined) {
        if (typeof parentId !== 'string')
          throw new SimHttpError(400, '"parentId" must be a string');
        const parent = store.findAny(org, parentId);
        if (!parent) throw new SimHttpError(404, `No record ${parentId} in org '${org.handle}'`);
        path += `?ws=${encodeURIComponent(recordPath(parent.def.name, parent.id))}`;
      }
      const label = `${String(hit.values[hit.def.nameField] ?? hit.id)} | ${hit.def.label}`;
      const delivered = ctx.sse.send(channel(org), 'tab', { path, label });
      return { path, label, delivered };
    },

    getRecord(orgHandle, object, id) {
      const org = orgOr404(orgHandle);
      const def = objectByName(object);
      if (!def) throw new SimHttpError(404, `The sim stores no ${object} records`);
      const hit = store.find(org, def, id);
      if (!hit) throw new SimHttpError(404, `No ${def.name} ${id} in org '${org.handle}'`);
      return {
        org: org.handle,
        object: def.name,
        id: hit.id,
        values: store.withFormulas(def, hit.values),
      };
    },

    putRecord(orgHandle, object, id, values) {
      const org = orgOr404(orgHandle);
      const def = objectByName(object);
      if (!def) throw new SimHttpError(404, `The sim stores no ${object} records`);
      const hit = store.find(org, def, id);
      if (!hit) throw new SimHttpError(404, `No ${def.name} ${id} in org '${org.handle}'`);
      const updates: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        const field = storedField(def, name);
        if (!field) throw new SimHttpError(400, `${def.name} has no field ${name}`);
        if (field.calculated || field.type === 'id')
          throw new SimHttpError(400, `${field.name} cannot be set`);
        updates[field.name] = value;
      }
      Object.assign(hit.values, updates);
      recordChanged(org, def.name, hit.id, 'ui');
      return {
        org: org.handle,
        object: def.name,
        id: hit.id,
        values: store.withFormulas(def, hit.values),
      };
    },

    getSession(orgHandle) {
      return sessionState(orgOr404(orgHandle));
    },

    setSession(body) {
      const org = orgOr404(body.org);
      const action = body.action;
      if (typeof action !== 'string' || !(SESSION_ACTIONS as readonly string[]).includes(action)) {
        throw new SimHttpError(400, `"action" must be one of ${SESSION_ACTIONS.join(', ')}`);
      }
      if (action === 'rotate') org.apiSid = newSid(org.orgId15);
      else if (action === 'expire') org.apiSid = null;
      else org.mode = action as OrgState['mode'];
      return sessionState(org);
    },

    stream(orgHandle, query) {
      const org = orgOr404(orgHandle);
      const since = Number(query.get('since'));
      const replay: SseEvent[] =
        Number.isFinite(since) && query.has('since')
          ? store.entriesSince(org, since).map(({ sessionId, entry }) => ({
              event: 'entry',
              data: {
                sessionId,
                caseId:
                  (store.find(org, MESSAGING_SESSION, sessionId)?.values.CaseId as string | null) ??
                  null,
                entry,
              },
            }))
          : [];
      return { channel: channel(org), replay };
    },

    ui(what, orgHandle, query) {
      const org = orgOr404(orgHandle);
      if (what !== 'record') throw new SimHttpError(404, `Unknown console data '${what}'`);
      const record = uiRecord(store, org, query.get('object') ?? '', query.get('id') ?? '');
      if (!record) throw new SimHttpError(404, 'No such record');
      return { record, seq: store.currentSeq };
    },

    // `/__sim/salesforce/permissions`: the "Access Conversation Entries" user permission.
    // `/__sim/salesforce/cases`: new Cases with their sessions, by the hundred (the audit's tests).
    // `/__sim/salesforce/oauth-app`, `login-as`, … : the External Client App, "Login As", tokens.
    route: async (method, path, body, query) =>
      (await permissionsRoute(method, path, body, query, orgOr404)) ??
      (await casesRoute(method, path, body, orgOr404)) ??
      (await oauthRoute(method, path, body, query, orgOr404)),

    orgs() {
      return [...store.orgs.values()].map((o) => ({
        org: o.handle,
        orgId: o.orgId,
        lightningHost: `${o.handle}${LIGHTNING_SUFFIX}`,
        myDomainHost: `${o.handle}${MY_DOMAIN_SUFFIX}`,
      }));
    },
  };

  async function handleLightning(
    req: IncomingMessage,
    res: ServerResponse,
    org: OrgState,
  ): Promise<void> {
    const url = requestUrl(req);
    const path = url.pathname;
    if (path.startsWith('/services/')) {
      // The API is served on My Domain only; this redirect drops the Authorization header.
      res.writeHead(302, {
        Location: `https://${org.handle}${MY_DOMAIN_SUFFIX}${portSuffix(req)}${path}${url.search}`,
      });
      res.end();
      return;
    }
    if (path === '/' || path === '/lightning' || path === '/lightning/') {
      res.writeHead(302, { Location: '/lightning/page/home' });
      res.end();
      return;
    }
    if (path === '/favicon.ico') return sendEmpty(res, 204);
    if (!path.startsWith('/lightning/')) return sendText(res, 404, 'Not found');
    const cookies = parseCookies(req);
    const cookieSid = cookies.get('sid');
    if (cookieSid !== undefined && cookieSid !== org.lightningSid) {
      // A session of before "Login As": the new one is set here and, through the frontdoor, on My
      // Domain, as a sign-in through My Domain sets both (the API cookie follows the console's user).
      res.writeHead(302, {
        'Set-Cookie': sidCookie(org.lightningSid),
        Location: `https://${org.handle}${MY_DOMAIN_SUFFIX}${portSuffix(req)}/secur/frontdoor.jsp?retURL=${encodeURIComponent(path + url.search)}`,
        'Cache-Control': 'no-cache, no-store',
      });
      res.end();
      return;
    }
    const m = /^\/lightning\/r\/([A-Za-z0-9_]+)\/([A-Za-z0-9]+)\/view\/?$/.exec(path);
    const record = m ? uiRecord(store, org, m[1] ?? '', m[2] ?? '') : undefined;
    const headers: Record<string, string> = {};
    if (cookieSid !== org.lightningSid) headers['Set-Cookie'] = sidCookie(org.lightningSid);
    const html = consolePage({
      org: org.handle,
      orgId: org.orgId,
      user: userSummary(consoleUser(org)),
      record: record ?? null,
      notFound: m !== null && !record,
      seq: store.currentSeq,
    });
    sendText(res, 200, html, 'text/html; charset=utf-8', headers);
  }

  function frontdoor(req: IncomingMessage, res: ServerResponse, org: OrgState): void {
    const url = requestUrl(req);
    const ret = url.searchParams.get('retURL') ?? '';
    const safe = ret.startsWith('/') && !ret.startsWith('//') ? ret : '/lightning/page/home';
    org.apiSid ??= newSid(org.orgId15);
    res.writeHead(302, {
      'Set-Cookie': sidCookie(org.apiSid),
      Location: `https://${org.handle}${LIGHTNING_SUFFIX}${portSuffix(req)}${safe}`,
      'Cache-Control': 'no-cache, no-store',
    });
    res.end();
  }

  async function handleMyDomain(
    req: IncomingMessage,
    res: ServerResponse,
    org: OrgState,
  ): Promise<void> {
    const url = requestUrl(req);
    if (await handleOAuth(ctx, req, res, org)) return;
    if (url.pathname.startsWith('/services/')) {
      await handleRest({ ctx, store, recordChanged }, req, res, org);
      return;
    }
    if (url.pathname === '/secur/frontdoor.jsp') return frontdoor(req, res, org);
    if (url.pathname === '/' || url.pathname.startsWith('/lightning/')) {
      // My Domain sends Lightning pages to the Lightning host.
      const target = url.pathname === '/' ? '/lightning/page/home' : url.pathname + url.search;
      res.writeHead(302, {
        Location: `https://${org.handle}${LIGHTNING_SUFFIX}${portSuffix(req)}${target}`,
      });
      res.end();
      return;
    }
    sendText(res, 404, 'Not found');
  }

  return {
    id: 'salesforce',
    hostPatterns: SALESFORCE_HOST_PATTERNS,
    control,
    matchHost(hostname: string): HostMatch | undefined {
      for (const [suffix, kind] of [
        [LIGHTNING_SUFFIX, 'lightning'],
        [MY_DOMAIN_SUFFIX, 'mydomain'],
      ] as const) {
        if (hostname.endsWith(suffix) && hostname.length > suffix.length) {
          return { org: hostname.slice(0, -suffix.length), kind };
        }
      }
      if (hostname.endsWith('.force.com') || hostname.endsWith('.salesforce.com'))
        return { org: '', kind: 'other' };
      return undefined;
    },
    async handle(req, res, match) {
      const org = store.org(match.org);
      if (match.kind === 'other' || !org) {
        sendText(
          res,
          404,
          `The Salesforce simulation does not serve ${req.headers.host ?? 'this host'}.`,
        );
        return;
      }
      if (match.kind === 'lightning') await handleLightning(req, res, org);
      else await handleMyDomain(req, res, org);
    },
    reset() {
      store.reset();
      for (const org of store.orgs.values()) ctx.sse.send(channel(org), 'reset', {});
    },
  };
}
