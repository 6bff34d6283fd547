/**
 * The Kustomer API client the background uses: the org's API host, the agent session or an API key
 * (auth.ts), waits out rate limits (x-ratelimit-reset), and turns every failure into a PlatformError
 * whose message names the fix. Conversations and customers are written with one PUT each.
 */
import { mayHoldContext } from '../../context/candidate';
import { type FieldRefusal, type PlatformClient, PlatformError, type WriteResult } from '../client';
import type { CandidateMessage, RecordRef } from '../types';
import { authInit, type KustomerAuth, type KustomerCredentials } from './auth';
import { fieldsFromMetadata } from './catalog';
import { parseKustomerError } from './errors';
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
/** A rate-limit wait longer than this is reported instead (the agent can press Retry). */
const MAX_RATE_LIMIT_WAIT_MS = 65_000;
const MAX_MESSAGE_PAGES = 20;

export interface KustomerClientDeps {
  auth: KustomerAuth;
  fetch?: Fetch;
  sleep?(ms: number): Promise<void>;
}

export function kustomerClient(deps: KustomerClientDeps): PlatformClient {
  const fetchFn = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));

  async function once(host: string, path: string, init: RequestInit, creds: KustomerCredentials) {
    const auth = authInit(creds);
    let res: Response;
    try {
      res = await fetchFn(`https://${host}${path}`, {
        ...init,
        credentials: auth.credentials,
        headers: {
          Accept: 'application/json',
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          ...auth.headers,
        },
      });
    } catch {
      throw new PlatformError(
        'network',
        `Could not reach ${host}: the connection failed. Check your network, then press Retry.`,
      );
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

  async function send(org: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const host = apiHostForOrg(org);
    let creds = await deps.auth.credentials(org, host);
    for (let attempt = 0; ; attempt++) {
      const answer = await once(host, path, init, creds);
      if ((answer.status === 401 || answer.status === 403) && creds.mode === 'session') {
        const key = await deps.auth.fallBack(org);
        if (key) {
          creds = key;
          continue;
        }
      }
      if (answer.status === 429 && attempt < 2) {
        const wait = parseKustomerError(429, answer.body, answer.headers).retryAfterMs ?? 1_000;
        if (wait <= MAX_RATE_LIMIT_WAIT_MS) {
          await sleep(wait);
          continue;
        }
      }
      return Object.assign(answer, { mode: creds.mode });
    }
  }

  function toPlatformError(answer: Answer & { mode?: string }, org: string, record?: RecordRef) {
    const parsed = parseKustomerError(answer.status, answer.body, answer.headers);
    const first = parsed.errors[0];
    const said = first ? `${first.code}: ${first.message}` : `HTTP ${answer.status}`;
    const byKey = answer.mode === 'api-key';
    switch (parsed.kind) {
      case 'session':
      case 'forbidden':
        return byKey
          ? new PlatformError(
              'api-access-denied',
              `Kustomer refused the API key for ${org} (${said}): it may be revoked or lack the conversation and customer update roles. An admin enters a new restricted key in the Handoff Fields popup.`,
            )
          : new PlatformError(
              parsed.kind === 'session' ? 'session-expired' : 'api-access-denied',
              parsed.kind === 'session'
                ? 'Your Kustomer session has expired or was signed out. Reload Kustomer (sign in again if asked), then press Retry.'
                : `Kustomer refused your agent session for this request (${said}). An admin can enter a restricted API key for ${org} in the Handoff Fields popup, then press Retry.`,
            );
      case 'rate-limit':
        return new PlatformError(
          'rate-limited',
          `Kustomer's API rate limit for ${org} is used up for now (${said}). Nothing was written: press Retry in a minute.`,
        );
      case 'not-found':
        return new PlatformError(
          'record-not-found',
          record
            ? `Kustomer has no ${record.object} ${record.id} that you can see.`
            : `Kustomer answered "not found" (${said}).`,
        );
      case 'server':
        return new PlatformError(
          'platform-unavailable',
          `Kustomer is not answering normally (${said}). Nothing was written: press Retry in a minute.`,
        );
      default:
        return new PlatformError('internal', `Kustomer refused the request (${said}).`);
    }
  }

  const pathOf = (target: RecordRef) => {
    const collection = COLLECTIONS[target.object];
    if (!collection) {
      throw new PlatformError(
        'internal',
        `Kustomer mappings target "conversation" or "customer", not "${target.object}".`,
      );
    }
    return `/v1/${collection}/${encodeURIComponent(target.id)}`;
  };

  async function getResource(target: RecordRef) {
    const answer = await send(target.org, pathOf(target));
    if (answer.status !== 200) throw toPlatformError(answer, target.org, target);
    const data = (answer.body as { data?: KustomerResource } | undefined)?.data;
    if (!data?.attributes)
      throw new PlatformError('internal', `Kustomer sent an unreadable ${target.object}.`);
    return data;
  }

  return {
    rules: kustomerRules,

    async resolveTargets(record) {
      if (record.object !== 'conversation') return [record];
      const conversation = await getResource(record);
      const customerId = conversation.relationships?.customer?.data?.id;
      return customerId
        ? [record, { platform: 'kustomer', org: record.org, object: 'customer', id: customerId }]
        : [record];
    },

    async describe(org, object) {
      const answer = await send(org, `/v1/metadata/${encodeURIComponent(object)}`);
      if (answer.status !== 200) throw toPlatformError(answer, org);
      return fieldsFromMetadata(answer.body);
    },

    async read(target) {
      const data = await getResource(target);
      return { values: { ...(data.attributes.custom ?? {}) }, version: data.attributes.rev };
    },

    async write(target, values, version): Promise<WriteResult> {
      const answer = await send(target.org, pathOf(target), {
        method: 'PUT',
        body: JSON.stringify({
          custom: values,
          ...(version !== undefined ? { rev: version } : {}),
        }),
      });
      if (answer.status === 200 || answer.status === 204) return { ok: true };
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
    },

    async listMessages(record): Promise<CandidateMessage[]> {
      if (record.object !== 'conversation') return [];
      const found: CandidateMessage[] = [];
      let path: string | undefined = `/v1/conversations/${encodeURIComponent(record.id)}/messages`;
      for (let page = 0; path && page < MAX_MESSAGE_PAGES; page++) {
        const answer = await send(record.org, path);
        if (answer.status !== 200) throw toPlatformError(answer, record.org, record);
        for (const item of (answer.body as { data?: unknown[] } | undefined)?.data ?? []) {
          const candidate = candidateFromApiMessage(item);
          if (candidate && mayHoldContext(candidate.text)) found.push(candidate);
        }
        path = samePath(nextPage(answer.body));
      }
      return found;
    },
  };
}

interface KustomerResource {
  id: string;
  attributes: { custom?: Record<string, unknown>; rev?: number };
  relationships?: { customer?: { data?: { id?: string } } };
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
