/**
 * The Kustomer API client the background uses: the org's API host, the agent session or an API key
 * (auth.ts), and every failure turned into a PlatformError whose message names the fix. A rate limit
 * (429) is reported with the wait `x-ratelimit-reset` names, not slept out here: the write queue
 * (lib/engine/write-queue.ts) decides when to try again, so a wait survives the worker being stopped.
 * Conversations and customers are written with one PUT each.
 */
import { worthSending } from '../../context/candidate';
import { recentMap } from '../../memory/recent';
import {
  type FieldRefusal,
  type PlatformClient,
  PlatformError,
  type ReadResult,
  type WriteResult,
} from '../platform-client';
import { recordKey } from '../record-key';
import { requestTimeout, unreachable } from '../request-timeout';
import type { CandidateMessage, RecordRef } from '../types';
import { kustomerAuditFinder } from './audit';
import { authInit, type KustomerAuth, type KustomerCredentials } from './auth';
import { fieldsFromMetadata } from './catalog';
import { parseKustomerError } from './errors';
import { readHandover } from './handover';
import { candidateFromApiMessage, nextPage } from './messages';
import { kustomerRules } from './rules';
import { apiHostForOrg } from './url';

type Fetch = typeof fetch;
interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Objects a mapping can target, and their API collections. */
const COLLECTIONS: Record<string, string> = {
  conversation: 'conversations',
  customer: 'customers',
};
/**
 * Pages of messages one read asks for at most (a page's every change triggers a read). A read that
 * stops here ends on the first page it did not read, so the next read goes on from there instead
 * of starting again at page 1: a worker started fresh on a conversation of many thousand messages
 * reaches the newest in a few reads, never in none.
 */
export const MAX_MESSAGE_PAGES = 50;
/** How many conversations' last message page is kept (see lastPages in kustomerClient). */
export const CONVERSATIONS_KEPT = 500;

export interface KustomerClientDeps {
  auth: KustomerAuth;
  fetch?: Fetch;
  now?: () => number;
  /** The apps the admin listed as bots (settings `kustomerBotApps`), asked at each read. */
  botApps?: () => Promise<readonly string[]>;
}

export function kustomerClient(deps: KustomerClientDeps): PlatformClient {
  const api: Api = { auth: deps.auth, fetchFn: deps.fetch ?? fetch };
  const handover = readHandover<KustomerResource>(deps.now ?? Date.now);
  /** A record read, its answer handed over to what reads it next (see ./handover). */
  const readResource = async (target: RecordRef) => {
    const ask = handover.ask();
    const data = await getResource(api, target);
    handover.handOver(target, data, ask);
    return data;
  };
  /**
   * Per conversation, the customer its last read named (for the CONVERSATIONS_KEPT most recent).
   * Only a guess to start the customer's read early: the handoff writes the customer the
   * conversation names when it is read, never the guess.
   */
  const knownCustomers = recentMap<string, string>(CONVERSATIONS_KEPT);
  const customerOfRead = (record: RecordRef, conversation: KustomerResource) => {
    const customer = customerOf(record, conversation);
    if (customer) knownCustomers.set(recordKey(record), customer.id);
    return customer;
  };
  /**
   * The conversation and its customer, asked early: what the handoff's writes read first. A
   * customer known from an earlier read of the conversation is asked at the same time (one round
   * trip less on the handoff's path); when the conversation now names another one, that one is
   * asked once it is known, and the guess's answer is only ever used for the record it is.
   */
  const readEarly = async (record: RecordRef) => {
    const guess = knownCustomers.get(recordKey(record));
    const guessed = guess ? { ...record, object: 'customer', id: guess } : undefined;
    if (guessed) handover.asking(guessed, readResource(guessed));
    const conversation = await readResource(record);
    const customer = customerOfRead(record, conversation);
    if (customer && customer.id !== guessed?.id) handover.asking(customer, readResource(customer));
    return conversation;
  };
  /**
   * Per conversation, the page of its messages the last `newOnly` read ended on. The pages run
   * oldest first, so what was posted since is on that page or after it: each such read after the
   * first asks for those only (one request as a rule), not for the whole conversation again — the
   * page's every change triggers one. Forgotten when the worker stops: the next starts from page 1.
   * Kept for the CONVERSATIONS_KEPT most recently read conversations (a worker may live through a
   * whole shift): one forgotten is read from page 1 again, and the engine skips what it read before.
   */
  const lastPages = recentMap<string, string>(CONVERSATIONS_KEPT);
  return {
    rules: kustomerRules,
    messagesFromApi: 'complete',

    credentialsChanged(org) {
      deps.auth.reset(org);
    },

    async resolveTargets(record) {
      if (record.object !== 'conversation') return [record];
      const conversation = (await handover.fresh(record)) ?? (await readResource(record));
      const customer = customerOfRead(record, conversation);
      return customer ? [record, customer] : [record];
    },

    async describe(org, object) {
      const answer = await send(api, org, `/v1/metadata/${encodeURIComponent(object)}`);
      if (answer.status !== 200) throw toPlatformError(answer, org);
      return fieldsFromMetadata(answer.body);
    },

    async read(target, fields) {
      const data = (await handover.takeOver(target)) ?? (await getResource(api, target));
      const values: Record<string, unknown> = { ...(data.attributes.custom ?? {}) };
      // The standard `name` (a customer's, which names it in the desktop) when asked for.
      if (fields.includes('name') && typeof data.attributes.name === 'string') {
        values.name = data.attributes.name;
      }
      return { values, version: data.attributes.rev };
    },

    write(target, values, version): Promise<WriteResult> {
      return handover.writing(target, () => writeOnce(api, target, values, version));
    },

    async prefetch(record) {
      if (record.object !== 'conversation') return;
      handover.asking(record, readEarly(record));
    },

    async listMessages(record, options = {}): Promise<CandidateMessage[]> {
      if (record.object !== 'conversation') return [];
      const key = recordKey(record);
      const read = await listConversationMessages(
        api,
        record,
        (await deps.botApps?.()) ?? [],
        options.newOnly ? lastPages.get(key) : undefined,
      );
      if (options.newOnly && read.lastPage) lastPages.set(key, read.lastPage);
      return read.messages;
    },

    audit: kustomerAuditFinder(async (org, path, init) => {
      const answer = await send(api, org, path, init);
      if (answer.status !== 200) throw toPlatformError(answer, org);
      return answer.body;
    }),
  };
}

/** The conversation's customer, as a record (none when Kustomer links no customer). */
function customerOf(record: RecordRef, conversation: KustomerResource): RecordRef | undefined {
  const id = conversation.relationships?.customer?.data?.id;
  return id ? { platform: 'kustomer', org: record.org, object: 'customer', id } : undefined;
}

/** What every request needs: how to sign in to the org, and the fetch to send it with. */
interface Api {
  auth: KustomerAuth;
  fetchFn: Fetch;
}

async function once(
  fetchFn: Fetch,
  host: string,
  path: string,
  init: RequestInit,
  creds: KustomerCredentials,
) {
  const auth = authInit(creds);
  let res: Response;
  try {
    res = await fetchFn(`https://${host}${path}`, {
      ...init,
      signal: init.signal ?? requestTimeout(),
      credentials: auth.credentials,
      headers: {
        Accept: 'application/json',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...auth.headers,
      },
    });
  } catch (error) {
    throw new PlatformError('network', unreachable(host, error));
  }
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Keep the text: the error parser reports non-JSON bodies by status.
  }
  return { status: res.status, body, headers: res.headers };
}

async function send(api: Api, org: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const host = apiHostForOrg(org);
  let creds = await api.auth.credentials(org, host);
  for (;;) {
    const answer = await once(api.fetchFn, host, path, init, creds);
    if ((answer.status === 401 || answer.status === 403) && creds.mode === 'session') {
      const key = await api.auth.fallBack(org);
      if (key) {
        creds = key;
        continue;
      }
    }
    return Object.assign(answer, { mode: creds.mode });
  }
}

function toPlatformError(answer: Answer & { mode?: string }, org: string, record?: RecordRef) {
  const parsed = parseKustomerError(answer.status, answer.body, answer.headers);
  const first = parsed.errors[0];
  // Kustomer's own words stay out of the agent's message: they are the admin's detail.
  const detail = first ? `${first.code}: ${first.message}` : `HTTP ${answer.status}`;
  const byKey = answer.mode === 'api-key';
  // How long Kustomer asks us to wait (x-ratelimit-reset, Retry-After): the write queue honours it.
  const wait = { retryAfterMs: parsed.retryAfterMs, detail };
  switch (parsed.kind) {
    case 'session':
    case 'forbidden':
      return byKey
        ? new PlatformError(
            'api-access-denied',
            `Kustomer refused the API key for ${org}: it may be revoked or lack the conversation and customer update roles. An admin enters a new restricted key in the Handoff Fields popup.`,
            { detail },
          )
        : new PlatformError(
            parsed.kind === 'session' ? 'session-expired' : 'api-access-denied',
            parsed.kind === 'session'
              ? 'Your Kustomer session has expired or was signed out. Reload Kustomer (sign in again if asked), then press Retry.'
              : `Kustomer refused your agent session for this request. An admin can enter a restricted API key for ${org} in the Handoff Fields popup, then press Retry.`,
            { detail },
          );
    case 'rate-limit':
      return new PlatformError(
        'rate-limited',
        `Kustomer's API rate limit for ${org} is used up for now. Nothing was written yet.`,
        wait,
      );
    case 'not-found':
      return new PlatformError(
        'record-not-found',
        record
          ? `Kustomer has no ${record.object} ${record.id} that you can see.`
          : 'Kustomer answered "not found".',
        { detail },
      );
    case 'server':
      return new PlatformError(
        'platform-unavailable',
        'Kustomer is not answering normally. Nothing was written yet.',
        wait,
      );
    default:
      return new PlatformError('internal', 'Kustomer refused the request.', { detail });
  }
}

function pathOf(target: RecordRef): string {
  const collection = COLLECTIONS[target.object];
  if (!collection) {
    throw new PlatformError(
      'internal',
      `Kustomer mappings target "conversation" or "customer", not "${target.object}".`,
    );
  }
  return `/v1/${collection}/${encodeURIComponent(target.id)}`;
}

async function getResource(api: Api, target: RecordRef): Promise<KustomerResource> {
  const answer = await send(api, target.org, pathOf(target));
  if (answer.status !== 200) throw toPlatformError(answer, target.org, target);
  const data = (answer.body as { data?: KustomerResource } | undefined)?.data;
  if (!data?.attributes)
    throw new PlatformError('internal', `Kustomer sent an unreadable ${target.object}.`);
  return data;
}

async function writeOnce(
  api: Api,
  target: RecordRef,
  values: Record<string, unknown>,
  version: ReadResult['version'],
): Promise<WriteResult> {
  const answer = await send(api, target.org, pathOf(target), {
    method: 'PUT',
    body: JSON.stringify({
      custom: values,
      ...(version !== undefined ? { rev: version } : {}),
    }),
  });
  if (answer.status === 200 || answer.status === 204) {
    const stored = storedResource(answer.body, target.id);
    return stored ? { ok: true, stored } : { ok: true };
  }
  const parsed = parseKustomerError(answer.status, answer.body, answer.headers);
  const said = parsed.errors.map((e) => e.message).join(' ') || `HTTP ${answer.status}`;
  if (parsed.kind === 'conflict') return { ok: false, conflict: true, message: said };
  if (parsed.kind === 'attributes' || parsed.kind === 'too-large') {
    const refusals: FieldRefusal[] = parsed.errors.flatMap((e) =>
      e.attribute ? [{ field: e.attribute, message: e.message }] : [],
    );
    return { ok: false, refusals, message: said };
  }
  throw toPlatformError(answer, target.org, target);
}

/**
 * The record a PUT answered (`{data: {id, attributes: {custom, rev}}}`, JSON:API): what Kustomer
 * stored, so verifying the write needs no GET. Only when it is the target's own resource with its
 * attributes; else undefined, and the write is read back.
 */
function storedResource(body: unknown, id: string): ReadResult | undefined {
  const data = (body as { data?: unknown } | null)?.data as
    | { id?: unknown; attributes?: { custom?: unknown; rev?: unknown } }
    | undefined;
  const custom = data?.attributes?.custom;
  if (data?.id !== id || typeof custom !== 'object' || custom === null || Array.isArray(custom)) {
    return undefined;
  }
  const rev = data.attributes?.rev;
  return {
    values: { ...(custom as Record<string, unknown>) },
    ...(typeof rev === 'number' ? { version: rev } : {}),
  };
}

async function listConversationMessages(
  api: Api,
  record: RecordRef,
  botApps: readonly string[],
  from?: string,
): Promise<{ messages: CandidateMessage[]; lastPage?: string }> {
  const found: Array<{ candidate: CandidateMessage; at: string }> = [];
  let path: string | undefined =
    from ?? `/v1/conversations/${encodeURIComponent(record.id)}/messages`;
  let lastPage: string | undefined;
  for (let page = 0; path && page < MAX_MESSAGE_PAGES; page++) {
    lastPage = path;
    const answer = await send(api, record.org, path);
    if (answer.status !== 200) throw toPlatformError(answer, record.org, record);
    for (const item of (answer.body as { data?: unknown[] } | undefined)?.data ?? []) {
      const candidate = candidateFromApiMessage(item, botApps);
      if (candidate && worthSending(candidate.author, candidate.text)) {
        found.push({ candidate, at: createdAtOf(item) });
      }
    }
    path = samePath(nextPage(answer.body));
  }
  // Stopped at the cap with pages left: the next read starts at the first of them.
  if (path) lastPage = path;
  // In posting order, whatever order the pages come in: what the customer wrote before the
  // bot's message must be remembered before the bot's context is judged (echo check).
  const messages = found
    .map((f, i) => ({ ...f, i }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.i - b.i))
    .map((f) => f.candidate);
  return { messages, ...(lastPage ? { lastPage } : {}) };
}

interface KustomerResource {
  id: string;
  attributes: { custom?: Record<string, unknown>; rev?: number; name?: unknown };
  relationships?: { customer?: { data?: { id?: string } } };
}

/** A message's `createdAt` (ISO 8601 sorts as text); '' when absent, which sorts first. */
function createdAtOf(item: unknown): string {
  const at = (item as { attributes?: { createdAt?: unknown } } | null)?.attributes?.createdAt;
  return typeof at === 'string' ? at : '';
}

/** `links.next` may be absolute or relative; only ever follow it on the same API host. */
function samePath(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  try {
    const url = new URL(next, 'https://api.invalid');
    return url.host === 'api.invalid' || url.host.endsWith('.api.kustomerapp.com')
      ? `${url.pathname}${url.search}`
      : undefined;
  } catch {
    return undefined;
  }
}
