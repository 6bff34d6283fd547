/**
 * `POST /v1/customers/search?page=&pageSize=` — Kustomer's search API (developer.kustomer.com,
 * "Search", "Create customer search", "Pagination"), the subset the audit uses: `queryContext:
 * "conversation"` with `and` criteria on `conversation_created_at` (`gte`, `gt`, `lte`, `lt`; a
 * `YYYY-MM-DD` date is midnight in `timeZone`, only GMT here; a UTC date-time is taken as is),
 * `sort` by `conversation_created_at` (`[{"conversation_created_at": "asc"}]` as the recipes
 * write it), `page` from 1 and `pageSize` up to 500 (default 100), at most 100 pages. Answers
 * conversations as `GET /v1/conversations/{id}` does, with `meta {page, pageSize, total,
 * totalPages}` and `links.next` (null on the last page).
 *
 * *Unverified*: the default order without `sort` (oldest first here), the error bodies of a bad
 * search (a JSON:API 400 here), whether `total` is reported for searches, and whether a cookie
 * session's search counts as a write for the CSRF check (it does here: it is a POST).
 */
import type { JsonApiError, PlainError } from './errors';
import { kErrors } from './errors';
import type { KConversation, KOrgState } from './store';

const DEFAULT_SIZE = 100;
const MAX_SIZE = 500;
const MAX_PAGES = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OPS = new Set(['gte', 'gt', 'lte', 'lt']);

type Answer = (status: number, body: unknown) => void;
type Fail = (status: number, errors: JsonApiError[] | PlainError[]) => void;
type Resource = (org: KOrgState, c: KConversation) => unknown;

interface Bound {
  op: string;
  at: number;
}

export function searchConversations(
  url: URL,
  bodyText: string,
  org: KOrgState,
  resource: Resource,
  answer: Answer,
  fail: Fail,
): void {
  const page = Number(url.searchParams.get('page') ?? '1');
  const pageSize = Number(url.searchParams.get('pageSize') ?? String(DEFAULT_SIZE));
  const problem =
    !Number.isInteger(page) || page < 1 || page > MAX_PAGES
      ? kErrors.invalidParameter('page', `page must be an integer from 1 to ${MAX_PAGES}`)
      : !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_SIZE
        ? kErrors.invalidParameter('pageSize', `pageSize must be an integer from 1 to ${MAX_SIZE}`)
        : undefined;
  const parsed = parseSearch(bodyText);
  if (problem || 'error' in parsed) {
    fail(400, [
      problem ??
        kErrors.invalidMember(
          (parsed as { pointer: string }).pointer,
          (parsed as { error: string }).error,
        ),
    ]);
    return;
  }
  const created = (c: KConversation) => Date.parse(c.createdAt);
  const found = [...org.conversations.values()]
    .filter((c) => parsed.bounds.every((b) => within(created(c), b)))
    .sort((a, b) => parsed.sign * (created(a) - created(b)) || a.id.localeCompare(b.id));
  const start = (page - 1) * pageSize;
  const base = '/v1/customers/search';
  const link = (p: number) => `${base}?page=${p}&pageSize=${pageSize}`;
  const totalPages = Math.max(1, Math.ceil(found.length / pageSize));
  answer(200, {
    meta: { page, pageSize, total: found.length, totalPages },
    data: found.slice(start, start + pageSize).map((c) => resource(org, c)),
    links: {
      self: link(page),
      first: link(1),
      prev: page > 1 ? link(page - 1) : null,
      next: page < Math.min(totalPages, MAX_PAGES) ? link(page + 1) : null,
    },
  });
}

function within(at: number, b: Bound): boolean {
  return b.op === 'gte'
    ? at >= b.at
    : b.op === 'gt'
      ? at > b.at
      : b.op === 'lte'
        ? at <= b.at
        : at < b.at;
}

type Parsed = { bounds: Bound[]; sign: number } | { error: string; pointer: string };

function parseSearch(bodyText: string): Parsed {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bodyText || '{}') as Record<string, unknown>;
  } catch {
    return { error: 'The search body is not JSON.', pointer: '/' };
  }
  if (body.queryContext !== 'conversation')
    return {
      error: 'queryContext must be "conversation" (the simulation searches conversations only).',
      pointer: '/queryContext',
    };
  const bounds: Bound[] = [];
  const and = body.and ?? [];
  if (!Array.isArray(and)) return { error: '"and" must be an array of criteria.', pointer: '/and' };
  for (const [i, criterion] of and.entries()) {
    const entries = Object.entries((criterion ?? {}) as Record<string, unknown>);
    const [attribute, condition] = entries[0] ?? [];
    if (entries.length !== 1 || attribute !== 'conversation_created_at')
      return {
        error: 'The simulation filters on conversation_created_at only.',
        pointer: `/and/${i}`,
      };
    for (const [op, value] of Object.entries((condition ?? {}) as Record<string, unknown>)) {
      const at =
        typeof value === 'string'
          ? Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value)
          : Number.NaN;
      if (!OPS.has(op) || Number.isNaN(at))
        return {
          error: `Unsupported condition ${op} on conversation_created_at.`,
          pointer: `/and/${i}`,
        };
      bounds.push({ op, at });
    }
  }
  const sort = Array.isArray(body.sort) ? body.sort[0] : body.sort;
  const order = (sort as Record<string, unknown> | undefined)?.conversation_created_at;
  const direction =
    typeof order === 'string' ? order : (order as { order?: unknown } | undefined)?.order;
  return { bounds, sign: direction === 'desc' ? -1 : 1 };
}
