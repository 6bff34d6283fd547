/**
 * The Salesforce REST client the background uses: My Domain host, Bearer session, one re-read of
 * the cookie on 401, and every failure turned into a PlatformError whose message names the fix.
 * With a sign-in (`auth`, ./oauth/api-auth.ts), an org that refuses the cookie session for its API
 * is sent the agent's OAuth token instead.
 */
import { worthSending } from '../../context/candidate';
import { type RecentMap, recentMap } from '../../memory/recent';
import {
  type PlatformClient,
  PlatformError,
  type ReadResult,
  type WriteResult,
} from '../platform-client';
import { recordKey } from '../record-key';
import { requestTimeout, unreachable } from '../request-timeout';
import { retryAfterMs } from '../retry-after';
import type { CandidateMessage, FieldSpec, RecordRef } from '../types';
import { salesforceAuditFinder } from './audit';
import { fieldsFromDescribe } from './catalog';
import { type ConversationEntry, candidateFromEntry, entriesOfPage } from './conversation-entries';
import { parseSalesforceError } from './errors';
import type { SalesforceApiAuth } from './oauth/api-auth';
import { salesforceRules } from './rules';
import type { SalesforceSessions } from './session';
import { isSalesforceId, myDomainHostForOrg, sameId } from './url';

/** Used when the org's version list cannot be read; every supported org serves it (platform-facts). */
const FALLBACK_VERSION = '62.0';
const CLIENT_NAME = 'HandoffFields';
/** Entries asked for per page of a conversation (the most the Connect API gives). */
const ENTRY_PAGE_SIZE = 1000;
/** Pages of one conversation's entries read at most. */
const MAX_ENTRY_PAGES = 10;
/** A Case's newest MessagingSessions whose conversations are read. */
const MAX_CASE_SESSIONS = 5;
/** A ConversationIdentifier is a UUID: nothing else goes into the entries path. */
const CONVERSATION_IDENTIFIER = /^[A-Za-z0-9-]{1,100}$/;

type Fetch = typeof fetch;
interface Answer {
  status: number;
  body: unknown;
  /** `Retry-After`, on a 429 or 503 that carries it. */
  retryAfter?: string;
}

/**
 * `auth`: how a request chooses between the cookie session and the org's OAuth token; without it
 * (tests of the cookie session alone) every request goes with the cookie, and a refusal is reported.
 */
export function salesforceClient(
  sessions: SalesforceSessions,
  fetchFn: Fetch = fetch,
  now: () => number = Date.now,
  auth?: SalesforceApiAuth,
): PlatformClient {
  const api: Api = { sessions, fetchFn, versions: new Map(), ...(auth ? { auth } : {}) };
  const entriesMemory = newEntriesMemory(now);
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

    audienceOf: (org) => sessions.orgId(org),

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

    // The conversation entries leave the bot's messages out (platform-facts: MIAW): the page's
    // transcript stays a source; the API adds what the page may not show (an end user's entries).
    messagesFromApi: 'partial',
    listMessages(record, options = {}) {
      return listConversationMessages(api, record, entriesMemory, options.newOnly === true);
    },

    audit: salesforceAuditFinder(async (org, soql) => {
      const answer = await sendToApi(api, org, `query?q=${encodeURIComponent(soql)}`);
      if (answer.status !== 200) throw toPlatformError(answer, org);
      return rowsOf(answer.body);
    }),
  };
}

/** What every request needs: the org's sessions, the fetch to send with, and each org's API version. */
interface Api {
  sessions: SalesforceSessions;
  fetchFn: Fetch;
  /** The newest API version each org serves, asked once per org. */
  versions: Map<string, string>;
  /** Cookie session or OAuth token, per request (absent: the cookie session only). */
  auth?: SalesforceApiAuth;
}

async function send(api: Api, org: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const { auth } = api;
  if (!auth) return sendWithCookie(api, org, path, init);
  if ((await auth.route(org)) === 'cookie') {
    const answer = await sendWithCookie(api, org, path, init);
    if (!auth.refusesCookie(org, answer)) return answer;
  }
  // The same request once more, with the agent's token (and never the browser's cookies).
  const host = myDomainHostForOrg(org);
  return auth.sendWithToken(org, (token) =>
    once(api.fetchFn, host, token, path, { ...init, credentials: 'omit' }),
  );
}

async function sendWithCookie(
  api: Api,
  org: string,
  path: string,
  init: RequestInit,
): Promise<Answer> {
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
  // Salesforce's own words stay out of the agent's message: they are the admin's detail.
  const detail = first ? `${first.errorCode}: ${first.message}` : `HTTP ${answer.status}`;
  // The write queue waits as long as Salesforce asks (a 429 or 503 with Retry-After).
  const wait = { retryAfterMs: retryAfterMs(answer.retryAfter, Date.now()), detail };
  switch (parsed.kind) {
    case 'session':
      return new PlatformError(
        'session-expired',
        'Your Salesforce session has expired or was signed out. Reload the console (sign in again if asked), then press Retry.',
        { detail },
      );
    case 'api-access-control':
      return new PlatformError(
        'api-access-denied',
        "Salesforce refused this browser session for its API: the org's API Access Control blocks it. Ask your Salesforce admin to approve API access for your profile.",
        { detail },
      );
    case 'api-disabled':
      return new PlatformError(
        'api-disabled',
        'Your Salesforce user may not use the API. Ask your admin for the "API Enabled" permission, then press Retry.',
        { detail },
      );
    case 'rate-limit':
      return new PlatformError(
        'rate-limited',
        `Salesforce's API limit for ${org} is used up for now. Nothing was written yet.`,
        wait,
      );
    case 'not-found':
      return new PlatformError(
        'record-not-found',
        record
          ? `Salesforce has no ${record.object} ${record.id} that you can see (deleted, or no access).`
          : 'Salesforce answered "not found".',
        { detail },
      );
    case 'server':
      return new PlatformError(
        'platform-unavailable',
        'Salesforce is not answering normally. Nothing was written yet.',
        wait,
      );
    default:
      return new PlatformError('internal', 'Salesforce refused the request.', { detail });
  }
}

type Row = Record<string, unknown>;

/**
 * The rows of a SOQL query asked about `record` (ids in the query are checked by the caller).
 * `absent: 'empty'`: an org, or a profile, without the object or field (400 INVALID_TYPE or
 * INVALID_FIELD) has no rows instead of an error.
 */
async function queryRows(
  api: Api,
  record: RecordRef,
  soql: string,
  absent?: 'empty',
): Promise<Row[]> {
  const answer = await sendToApi(api, record.org, `query?q=${encodeURIComponent(soql)}`);
  if (answer.status !== 200) {
    const codes = parseSalesforceError(answer.status, answer.body).errors.map((e) => e.errorCode);
    const missing = codes.includes('INVALID_TYPE') || codes.includes('INVALID_FIELD');
    if (absent === 'empty' && answer.status === 400 && missing) return [];
    throw toPlatformError(answer, record.org, record);
  }
  return rowsOf(answer.body);
}

/** The records of a query's answer (`{totalSize, done, records}`). */
function rowsOf(body: unknown): Row[] {
  const rows = (body as { records?: unknown } | undefined)?.records;
  return (Array.isArray(rows) ? rows : []).filter(
    (row): row is Row => typeof row === 'object' && row !== null,
  );
}

/** The newest MessagingSession of a Case, as a record of `object` (MessagingSession). */
async function newestMessagingSession(
  api: Api,
  record: RecordRef,
  object: string,
): Promise<RecordRef[]> {
  const rows = await queryRows(
    api,
    record,
    `SELECT Id FROM MessagingSession WHERE CaseId = '${record.id}' ORDER BY CreatedDate DESC LIMIT 1`,
  );
  return rows.flatMap((row) =>
    typeof row.Id === 'string'
      ? [{ platform: 'salesforce' as const, org: record.org, object, id: row.Id }]
      : [],
  );
}

/**
 * What the client keeps between reads of a conversation (the page's every change triggers one):
 * each record's conversation identifiers — a MessagingSession's for good, a Case's for a minute
 * (it may get a new session) — and, per conversation, the newest entry's time a `newOnly` read
 * saw, so the next such read asks only for entries from then on (`startTimestamp` is inclusive: the entries of that very
 * millisecond come again and are known by their identifier). Forgotten when the worker stops.
 */
interface EntriesMemory {
  now(): number;
  identifiers: RecentMap<string, { ids: string[]; at: number }>;
  newest: RecentMap<string, number>;
}

/**
 * How many records' identifiers, and conversations' newest times, are kept (the most recently
 * read): a worker may live through a whole shift of conversations. One forgotten costs a request
 * (its identifiers asked again, or its entries read from the start, which the engine skips as read).
 */
export const CONVERSATIONS_KEPT = 500;

const CASE_SESSIONS_KEPT_MS = 60_000;

function newEntriesMemory(now: () => number): EntriesMemory {
  return {
    now,
    identifiers: recentMap(CONVERSATIONS_KEPT),
    newest: recentMap(CONVERSATIONS_KEPT),
  };
}

async function identifiersOf(api: Api, record: RecordRef, memory: EntriesMemory) {
  const key = recordKey(record);
  const kept = memory.identifiers.get(key);
  const fresh =
    kept && (record.object !== 'Case' || memory.now() - kept.at < CASE_SESSIONS_KEPT_MS);
  if (kept && fresh) return kept.ids;
  const ids = await conversationIdentifiers(api, record);
  memory.identifiers.set(key, { ids, at: memory.now() });
  return ids;
}

/**
 * The messages of a record's messaging conversations through the Connect API's conversation
 * entries, in posting order: a MessagingSession's conversation, or those of a Case's newest
 * sessions (`newOnly`: from the newest entry the last such read saw). Other records, and orgs
 * without messaging, have none.
 */
async function listConversationMessages(
  api: Api,
  record: RecordRef,
  memory: EntriesMemory,
  newOnly: boolean,
): Promise<CandidateMessage[]> {
  const found: Array<{ candidate: CandidateMessage; at: number; i: number }> = [];
  const ids = new Set<string>();
  for (const identifier of await identifiersOf(api, record, memory)) {
    const from = newOnly ? memory.newest.get(identifier) : undefined;
    const entries = await readEntries(api, record, identifier, from);
    const newest = entries.reduce((m, e) => Math.max(m, e.serverReceivedTimestamp ?? -1), -1);
    if (newOnly && newest >= 0) memory.newest.set(identifier, newest);
    for (const entry of entries) {
      const candidate = candidateFromEntry(entry);
      if (!candidate || ids.has(candidate.platformMessageId)) continue;
      ids.add(candidate.platformMessageId);
      if (!worthSending(candidate.author, candidate.text)) continue;
      found.push({ candidate, at: entry.serverReceivedTimestamp ?? 0, i: found.length });
    }
  }
  // What the customer wrote before the bot's message must be remembered before the bot's context
  // is judged (echo check), whatever order the conversations and pages came in.
  return found.sort((a, b) => a.at - b.at || a.i - b.i).map((f) => f.candidate);
}

/** The ConversationIdentifier of each Conversation the record's MessagingSessions belong to. */
async function conversationIdentifiers(api: Api, record: RecordRef): Promise<string[]> {
  if (!isSalesforceId(record.id)) return [];
  let sessions: Row[];
  if (record.object === 'MessagingSession') {
    sessions = await queryRows(
      api,
      record,
      `SELECT ConversationId FROM MessagingSession WHERE Id = '${record.id}'`,
      'empty',
    );
  } else if (record.object === 'Case') {
    sessions = await queryRows(
      api,
      record,
      `SELECT Id, ConversationId FROM MessagingSession WHERE CaseId = '${record.id}' ORDER BY CreatedDate DESC LIMIT ${MAX_CASE_SESSIONS}`,
      'empty',
    );
  } else {
    return [];
  }
  const conversationIds = [
    ...new Set(
      sessions.flatMap((s) =>
        typeof s.ConversationId === 'string' && isSalesforceId(s.ConversationId)
          ? [s.ConversationId]
          : [],
      ),
    ),
  ];
  if (conversationIds.length === 0) return [];
  const conversations = await queryRows(
    api,
    record,
    `SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN (${conversationIds.map((id) => `'${id}'`).join(', ')})`,
    'empty',
  );
  return [
    ...new Set(
      conversations.flatMap((c) =>
        typeof c.ConversationIdentifier === 'string' &&
        CONVERSATION_IDENTIFIER.test(c.ConversationIdentifier)
          ? [c.ConversationIdentifier]
          : [],
      ),
    ),
  ];
}

/**
 * One conversation's entries from its start (or from `from`, in ms): pages of ENTRY_PAGE_SIZE,
 * the next one starting a millisecond after the newest entry of a full page (`startTimestamp` is
 * inclusive), at most MAX_ENTRY_PAGES. An unknown conversation (404) has none.
 */
async function readEntries(
  api: Api,
  record: RecordRef,
  identifier: string,
  from?: number,
): Promise<ConversationEntry[]> {
  const out: ConversationEntry[] = [];
  let start: number | undefined = from;
  for (let page = 0; page < MAX_ENTRY_PAGES; page++) {
    const query = new URLSearchParams({
      recordLimit: String(ENTRY_PAGE_SIZE),
      queryDirection: 'FromStart',
    });
    if (start !== undefined) query.set('startTimestamp', String(start));
    const answer = await sendToApi(
      api,
      record.org,
      `connect/conversation/${encodeURIComponent(identifier)}/entries?${query}`,
    );
    if (answer.status === 404) return out;
    if (answer.status !== 200) throw entriesError(answer, record.org);
    const { entries, count } = entriesOfPage(answer.body);
    out.push(...entries);
    const newest = entries.reduce((m, e) => Math.max(m, e.serverReceivedTimestamp ?? -1), -1);
    // A short page is the last; a full one without times, or not past the last start, stops too.
    if (count < ENTRY_PAGE_SIZE || newest < 0 || (start !== undefined && newest < start)) break;
    start = newest + 1;
  }
  return out;
}

/**
 * A refused entries read. *Unverified*: the body Salesforce sends without the permission; any 403
 * other than the API limit or a disabled API is taken to be it.
 */
function entriesError(answer: Answer, org: string): PlatformError {
  if (parseSalesforceError(answer.status, answer.body).kind !== 'forbidden') {
    return toPlatformError(answer, org);
  }
  return new PlatformError('api-access-denied', CONVERSATION_ENTRIES_REFUSED);
}

export const CONVERSATION_ENTRIES_REFUSED =
  'Salesforce refused to list this conversation\'s messages (403): the signed-in user needs the "Access Conversation Entries" user permission. An admin grants it in a permission set; until then, Handoff Fields reads only what the console page shows.';

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
