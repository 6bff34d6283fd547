/**
 * The Salesforce REST client the background uses: My Domain host, Bearer session, one re-read of
 * the cookie on 401, and every failure turned into a PlatformError whose message names the fix.
 */
import {
  type PlatformClient,
  PlatformError,
  type ReadResult,
  type WriteResult,
} from '../platform-client';
import { requestTimeout, unreachable } from '../request-timeout';
import { retryAfterMs } from '../retry-after';
import type { FieldSpec, RecordRef } from '../types';
import { fieldsFromDescribe } from './catalog';
import { parseSalesforceError } from './errors';
import { salesforceRules } from './rules';
import type { SalesforceSessions } from './session';
import { sameId } from './url';

/** Used when the org's version list cannot be read; every supported org serves it (platform-facts). */
const FALLBACK_VERSION = '62.0';
const CLIENT_NAME = 'HandoffFields';

type Fetch = typeof fetch;
interface Answer {
  status: number;
  body: unknown;
  /** `Retry-After`, on a 429 or 503 that carries it. */
  retryAfter?: string;
}

export function salesforceClient(
  sessions: SalesforceSessions,
  fetchFn: Fetch = fetch,
): PlatformClient {
  const api: Api = { sessions, fetchFn, versions: new Map() };
  return {
    rules: salesforceRules,

    async resolveTargets(record) {
      if (record.object !== 'MessagingSession') return [record];
      const { values } = await this.read(record, ['CaseId']);
      const caseId = values.CaseId;
      if (typeof caseId !== 'string' || !caseId) {
        throw new PlatformError(
          'record-unresolved',
          'This messaging session has no Case yet, so there is nothing to fill. Open it again once a Case is linked, then press Retry.',
        );
      }
      return [{ platform: 'salesforce', org: record.org, object: 'Case', id: caseId }];
    },

    async ownsConversation(record, conv) {
      // A MessagingSession (key prefix 0Mw) named by a context shown on its Case's page.
      if (!/^0Mw[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(conv)) return false;
      const targets = await this.resolveTargets(record);
      const { values } = await this.read(
        { platform: 'salesforce', org: record.org, object: 'MessagingSession', id: conv },
        ['CaseId'],
      );
      return (
        typeof values.CaseId === 'string' &&
        targets.some((t) => sameId(t.id, values.CaseId as string))
      );
    },

    async linkedRecords(record, object) {
      // The MessagingSession of a Case (the newest one): where a pre-chat context field lives.
      if (record.object !== 'Case' || object !== 'MessagingSession') return [];
      if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(record.id)) return [];
      return newestMessagingSession(api, record, object);
    },

    async describe(org, object): Promise<FieldSpec[]> {
      const answer = await sendToApi(api, org, `sobjects/${encodeURIComponent(object)}/describe`);
      if (answer.status !== 200) throw toPlatformError(answer, org);
      return fieldsFromDescribe(answer.body);
    },

    read(target, fields) {
      return readRecord(api, target, fields);
    },

    write(target, values): Promise<WriteResult> {
      return writeRecord(api, target, values);
    },
  };
}

/** What every request needs: the org's sessions, the fetch to send with, and each org's API version. */
interface Api {
  sessions: SalesforceSessions;
  fetchFn: Fetch;
  /** The newest API version each org serves, asked once per org. */
  versions: Map<string, string>;
}

async function send(api: Api, org: string, path: string, init: RequestInit = {}): Promise<Answer> {
  let session = await api.sessions.get(org);
  let answer = await once(api.fetchFn, session.apiHost, session.sid, path, init);
  if (answer.status === 401 && parseSalesforceError(401, answer.body).kind === 'session') {
    // Stale cookies after a re-login are the most reported failure: read the cookie again once.
    const fresh = await api.sessions.refresh(org);
    if (fresh.sid !== session.sid) {
      session = fresh;
      answer = await once(api.fetchFn, session.apiHost, session.sid, path, init);
    }
  }
  return answer;
}

async function once(
  fetchFn: Fetch,
  host: string,
  sid: string,
  path: string,
  init: RequestInit,
): Promise<Answer> {
  let res: Response;
  try {
    res = await fetchFn(`https://${host}${path}`, {
      ...init,
      signal: init.signal ?? requestTimeout(),
      headers: {
        Authorization: `Bearer ${sid}`,
        Accept: 'application/json',
        'Sforce-Call-Options': `client=${CLIENT_NAME}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
  } catch (error) {
    throw new PlatformError('network', unreachable(host, error));
  }
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      // Keep the text: the error mapper reports non-JSON bodies by status.
    }
  }
  const retryAfter = res.headers?.get?.('retry-after') ?? undefined;
  return { status: res.status, body, ...(retryAfter ? { retryAfter } : {}) };
}

async function version(api: Api, org: string): Promise<string> {
  const known = api.versions.get(org);
  if (known) return known;
  const answer = await send(api, org, '/services/data/');
  let chosen = FALLBACK_VERSION;
  if (answer.status === 200 && Array.isArray(answer.body)) {
    const listed = answer.body
      .map((v) => (v && typeof v === 'object' ? String((v as { version?: unknown }).version) : ''))
      .filter((v) => /^\d+\.\d$/.test(v))
      .sort((a, b) => Number(a) - Number(b));
    chosen = listed.at(-1) ?? FALLBACK_VERSION;
  } else if (answer.status !== 200) {
    throw toPlatformError(answer, org);
  }
  api.versions.set(org, chosen);
  return chosen;
}

async function sendToApi(api: Api, org: string, rest: string, init?: RequestInit): Promise<Answer> {
  return send(api, org, `/services/data/v${await version(api, org)}/${rest}`, init);
}

function toPlatformError(answer: Answer, org: string, record?: RecordRef): PlatformError {
  const parsed = parseSalesforceError(answer.status, answer.body);
  const first = parsed.errors[0];
  const said = first ? `${first.errorCode}: ${first.message}` : `HTTP ${answer.status}`;
  // The write queue waits as long as Salesforce asks (a 429 or 503 with Retry-After).
  const wait = { retryAfterMs: retryAfterMs(answer.retryAfter, Date.now()) };
  switch (parsed.kind) {
    case 'session':
      return new PlatformError(
        'session-expired',
        'Your Salesforce session has expired or was signed out. Reload the console (sign in again if asked), then press Retry.',
      );
    case 'api-access-control':
      return new PlatformError(
        'api-access-denied',
        `Salesforce refused this browser session for the REST API (${said}). The org's API Access Control blocks it: ask your Salesforce admin to approve API access for your profile.`,
      );
    case 'api-disabled':
      return new PlatformError(
        'api-disabled',
        `Your Salesforce user may not use the API (${said}). Ask your admin for the "API Enabled" permission, then press Retry.`,
      );
    case 'rate-limit':
      return new PlatformError(
        'rate-limited',
        `Salesforce's API limit for ${org} is used up for now (${said}). Nothing was written: press Retry in a few minutes.`,
        wait,
      );
    case 'not-found':
      return new PlatformError(
        'record-not-found',
        record
          ? `Salesforce has no ${record.object} ${record.id} that you can see (deleted, or no access).`
          : `Salesforce answered "not found" (${said}).`,
      );
    case 'server':
      return new PlatformError(
        'platform-unavailable',
        `Salesforce is not answering normally (${said}). Nothing was written: press Retry in a minute.`,
        wait,
      );
    default:
      return new PlatformError('internal', `Salesforce refused the request (${said}).`);
  }
}

/** The newest MessagingSession of a Case, as a record of `object` (MessagingSession). */
async function newestMessagingSession(
  api: Api,
  record: RecordRef,
  object: string,
): Promise<RecordRef[]> {
  const soql = `SELECT Id FROM MessagingSession WHERE CaseId = '${record.id}' ORDER BY CreatedDate DESC LIMIT 1`;
  const answer = await sendToApi(api, record.org, `query?q=${encodeURIComponent(soql)}`);
  if (answer.status !== 200) throw toPlatformError(answer, record.org, record);
  const rows = (answer.body as { records?: Array<{ Id?: unknown }> } | undefined)?.records;
  return (Array.isArray(rows) ? rows : []).flatMap((row) =>
    typeof row?.Id === 'string'
      ? [{ platform: 'salesforce' as const, org: record.org, object, id: row.Id }]
      : [],
  );
}

async function readRecord(
  api: Api,
  target: RecordRef,
  fields: readonly string[],
): Promise<ReadResult> {
  const list = [...new Set(['Id', ...fields])].join(',');
  const answer = await sendToApi(
    api,
    target.org,
    `sobjects/${encodeURIComponent(target.object)}/${encodeURIComponent(target.id)}?fields=${encodeURIComponent(list)}`,
  );
  if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
    throw toPlatformError(answer, target.org, target);
  }
  return { values: answer.body as Record<string, unknown> };
}

async function writeRecord(
  api: Api,
  target: RecordRef,
  values: Record<string, unknown>,
): Promise<WriteResult> {
  const answer = await sendToApi(
    api,
    target.org,
    `sobjects/${encodeURIComponent(target.object)}/${encodeURIComponent(target.id)}`,
    { method: 'PATCH', body: JSON.stringify(values) },
  );
  if (answer.status === 204 || answer.status === 200) return { ok: true };
  const parsed = parseSalesforceError(answer.status, answer.body);
  if (parsed.kind !== 'fields') throw toPlatformError(answer, target.org, target);
  const refusals = parsed.errors.flatMap((e) =>
    e.fields.map((field) => ({ field, message: e.message })),
  );
  return {
    ok: false,
    refusals,
    message: parsed.errors.map((e) => e.message).join(' '),
  };
}
