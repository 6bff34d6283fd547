/**
 * The conversations a Kustomer audit reads: pasted conversation ids, or those created in a date
 * range through Kustomer's search API (developer.kustomer.com, "Search" and "Create customer
 * search"): `POST /v1/customers/search?page=&pageSize=` with `queryContext: "conversation"` and
 * `conversation_created_at` criteria (a UTC date-time is not shifted by a time zone), sorted by
 * creation; JSON:API pages followed by `links.next`, `pageSize` up to 500, at most 100 pages.
 * The search needs one of the search roles (`org.permission.search.create`, legacy
 * `org.user.search.read`…).
 *
 * Pacing: the org's per-minute budget (`x-ratelimit-limit`/`-remaining`/`-reset`, platform-facts)
 * is shared with its other integrations, so the audit reads two conversations at once and the
 * pacer (lib/audit/pace.ts) keeps to a share of the budget.
 */
import type { AuditFinder, AuditPace } from '../platform-audit';
import { retryAfterMs } from './errors';
import { nextPage } from './messages';

/** Sends a JSON request to the org's API; answers the body of a 200, throws PlatformError else. */
export type KustomerRequest = (org: string, path: string, init?: RequestInit) => Promise<unknown>;

const CONVERSATION_ID = /^[a-f0-9]{24}$/i;
/** The most a search page holds (developer.kustomer.com, Pagination: search 500). */
const SEARCH_PAGE_SIZE = 500;
/** Kustomer's search answers at most 100 pages. */
const SEARCH_PAGES_MAX = 100;

export const kustomerAuditPace: AuditPace = {
  concurrency: 2,
  readRate(headers) {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (!headers.has('x-ratelimit-limit') || !Number.isFinite(limit) || limit <= 0)
      return undefined;
    if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining)) return undefined;
    const resetMs = retryAfterMs(headers);
    return {
      limit,
      remaining: Math.max(0, remaining),
      ...(resetMs !== undefined ? { resetMs } : {}),
    };
  },
};

export function kustomerAuditFinder(request: KustomerRequest): AuditFinder {
  return {
    async find(org, query, limit) {
      if (query.kind === 'ids') {
        const words = [...new Set(query.tokens.map((t) => t.trim()).filter(Boolean))];
        const ids = words.filter((w) => CONVERSATION_ID.test(w)).map((w) => w.toLowerCase());
        return {
          items: ids.slice(0, limit).map((id) => ({ record: conversation(org, id) })),
          unknown: words.filter((w) => !CONVERSATION_ID.test(w)),
          truncated: ids.length > limit,
        };
      }
      return searchCreated(request, org, query.from, query.to, limit);
    },
  };
}

const conversation = (org: string, id: string) => ({
  platform: 'kustomer',
  org,
  object: 'conversation',
  id,
});

async function searchCreated(
  request: KustomerRequest,
  org: string,
  from: string,
  to: string,
  limit: number,
) {
  const body = JSON.stringify({
    queryContext: 'conversation',
    and: [
      { conversation_created_at: { gte: new Date(from).toISOString() } },
      { conversation_created_at: { lt: new Date(to).toISOString() } },
    ],
    sort: [{ conversation_created_at: 'asc' }],
  });
  const ids: string[] = [];
  let path: string | null = `/v1/customers/search?page=1&pageSize=${SEARCH_PAGE_SIZE}`;
  let more = false;
  for (let page = 0; path && page < SEARCH_PAGES_MAX; page++) {
    const answer = await request(org, path, { method: 'POST', body });
    for (const id of idsOf(answer)) if (!ids.includes(id)) ids.push(id);
    path = nextPage(answer);
    if (ids.length > limit) break;
    more = path !== null;
    if (ids.length === limit) break;
  }
  return {
    items: ids.slice(0, limit).map((id) => ({ record: conversation(org, id) })),
    unknown: [],
    truncated: ids.length > limit || more,
  };
}

function idsOf(answer: unknown): string[] {
  const data = (answer as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((d) => {
    const id = (d as { id?: unknown } | null)?.id;
    return typeof id === 'string' && CONVERSATION_ID.test(id) ? [id.toLowerCase()] : [];
  });
}
