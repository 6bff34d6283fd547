/**
 * The Connect REST API's conversation entries of a simulated org (platform-facts: Conversation
 * entries through the API):
 *
 *   GET /services/data/vXX.X/connect/conversation/{conversationIdentifier}/entries
 *       ?recordLimit=1..1000 (25)&queryDirection=FromEnd|FromStart (FromEnd)
 *       &startTimestamp=ms&endTimestamp=ms (both inclusive)
 *   → {conversationEntries: [{identifier, messageText, sender: {appType, role, subject},
 *      serverReceivedTimestamp, clientTimestamp, clientDuration, relatedRecords}]}
 *
 * Entries come from the MessagingSession's transcript; bot messages are left out, as the real
 * endpoint leaves them out for Messaging for In-App and Web. rest.ts routes here after its session
 * checks, request log and faults. Also the control switch of the "Access Conversation Entries"
 * user permission (`/__sim/salesforce/permissions`).
 */
import { SimHttpError } from '../http';
import type { Json } from '../platform';
import { type SfError, sfErrors } from './errors';
import type { OrgState, SalesforceStore, TranscriptEntry } from './store';

interface Sender {
  appType: string;
  role: string;
}

/**
 * How each transcript author is sent. *Unverified*: `role` follows ConversationEntry's ActorType
 * values (Agent, EndUser, System); the `appType` strings are this sim's guess. An author missing
 * here is left out of the answer — the bot above all (the endpoint excludes bot messages for
 * MIAW), and any author added to the transcript later until it is mapped here.
 */
export const SENDERS: ReadonlyMap<string, Sender> = new Map([
  ['end_user', { appType: 'chat', role: 'EndUser' }],
  ['agent', { appType: 'agent', role: 'Agent' }],
  ['other_agent', { appType: 'agent', role: 'Agent' }],
  ['system', { appType: 'system', role: 'System' }],
]);

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 25;
const DIRECTIONS = ['FromEnd', 'FromStart'] as const;

/**
 * *Unverified* wording (the codes are the documented ones; the messages are the sim's): a bad
 * parameter, and a user without the permission.
 */
export const connectErrors = {
  badParameter: (name: string, value: string, expected: string): SfError[] => [
    {
      errorCode: 'INVALID_API_INPUT',
      message: `Invalid value for ${name}: '${value.slice(0, 100)}'. ${expected}`,
    },
  ],
  noAccess: (): SfError[] => [
    { errorCode: 'INSUFFICIENT_ACCESS', message: "You don't have access to conversation entries." },
  ],
};

export type ConnectAnswer = { status: 200; body: unknown } | { status: number; body: SfError[] };

/** The answer to `rest` (the path after `/services/data/vXX.X`, starting with `/connect/`). */
export function connectAnswer(
  store: SalesforceStore,
  org: OrgState,
  method: string,
  rest: string,
  query: URLSearchParams,
): ConnectAnswer {
  const parts = rest.split('/').slice(1);
  if (parts.length !== 4 || parts[1] !== 'conversation' || parts[3] !== 'entries') {
    return { status: 404, body: sfErrors.notFound() };
  }
  if (method !== 'GET') return { status: 405, body: sfErrors.methodNotAllowed(method, 'GET') };
  const params = entriesParams(query);
  if ('errors' in params) return { status: 400, body: params.errors };
  if (!org.accessConversationEntries) return { status: 403, body: connectErrors.noAccess() };
  const session = store.sessionOfConversation(org, safeDecode(parts[2] ?? ''));
  if (!session) return { status: 404, body: sfErrors.notFound() };
  const inRange = (org.transcripts.get(session.id) ?? [])
    .map((e) => connectEntry(e, session.id))
    .filter((e): e is ConnectEntry => e !== null)
    .filter(
      (e) => e.serverReceivedTimestamp >= params.start && e.serverReceivedTimestamp <= params.end,
    );
  // Posting order either way; FromEnd keeps the newest `limit`, FromStart the oldest.
  const page =
    params.direction === 'FromStart'
      ? inRange.slice(0, params.limit)
      : inRange.slice(Math.max(0, inRange.length - params.limit));
  return { status: 200, body: { conversationEntries: page } };
}

interface EntriesParams {
  limit: number;
  direction: (typeof DIRECTIONS)[number];
  start: number;
  end: number;
}

function entriesParams(query: URLSearchParams): EntriesParams | { errors: SfError[] } {
  const limitText = query.get('recordLimit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!/^\d{1,4}$/.test(limitText ?? '25') || limit < 1 || limit > MAX_LIMIT) {
    return {
      errors: connectErrors.badParameter(
        'recordLimit',
        limitText ?? '',
        `Valid values are 1 to ${MAX_LIMIT}.`,
      ),
    };
  }
  const direction = query.get('queryDirection') ?? 'FromEnd';
  if (!(DIRECTIONS as readonly string[]).includes(direction)) {
    return {
      errors: connectErrors.badParameter(
        'queryDirection',
        direction,
        `Valid values are ${DIRECTIONS.join(', ')}.`,
      ),
    };
  }
  const times: number[] = [];
  for (const [name, fallback] of [
    ['startTimestamp', 0],
    ['endTimestamp', Number.MAX_SAFE_INTEGER],
  ] as const) {
    const text = query.get(name);
    if (text !== null && !/^\d{1,16}$/.test(text)) {
      return { errors: connectErrors.badParameter(name, text, 'Give milliseconds since 1970.') };
    }
    times.push(text === null ? fallback : Number(text));
  }
  const [start = 0, end = Number.MAX_SAFE_INTEGER] = times;
  return { limit, direction: direction as EntriesParams['direction'], start, end };
}

interface ConnectEntry {
  identifier: string;
  messageText: string;
  sender: Sender & { subject: string };
  serverReceivedTimestamp: number;
  clientTimestamp: number;
  clientDuration: number;
  relatedRecords: string[];
}

/** A transcript entry as the endpoint answers it; null for an author it leaves out. */
function connectEntry(entry: TranscriptEntry, sessionId: string): ConnectEntry | null {
  const sender = SENDERS.get(entry.author);
  if (!sender) return null;
  const at = Date.parse(entry.time);
  return {
    identifier: entry.entryId,
    messageText: entry.text,
    sender: { ...sender, subject: entry.authorName },
    serverReceivedTimestamp: at,
    clientTimestamp: at,
    clientDuration: 0,
    relatedRecords: [sessionId],
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * `/__sim/salesforce/permissions`: `GET ?org=` and `POST {org, accessConversationEntries}` →
 * `{org, accessConversationEntries}`. Undefined for any other path (404).
 */
export async function permissionsRoute(
  method: string,
  path: string,
  body: () => Promise<Json>,
  query: URLSearchParams,
  orgOf: (handle: unknown) => OrgState,
): Promise<Json | undefined> {
  if (path !== 'permissions') return undefined;
  if (method === 'GET') return permissionsOf(orgOf(query.get('org')));
  if (method !== 'POST') return undefined;
  const b = await body();
  const org = orgOf(b.org);
  if (typeof b.accessConversationEntries !== 'boolean')
    throw new SimHttpError(400, '"accessConversationEntries" must be true or false');
  org.accessConversationEntries = b.accessConversationEntries;
  return permissionsOf(org);
}

function permissionsOf(org: OrgState): Json {
  return { org: org.handle, accessConversationEntries: org.accessConversationEntries };
}
