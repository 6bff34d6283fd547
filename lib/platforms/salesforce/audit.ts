/**
 * The records a Salesforce audit reads, found with SOQL as the signed-in user (REST API
 * `query`, developer.salesforce.com SOQL and SOSL Reference): pasted Case numbers
 * (`WHERE CaseNumber IN (…)`), Case ids, MessagingSession ids (their Case), or the Cases of the
 * MessagingSessions created in a date range (`WHERE CreatedDate >= … AND CreatedDate < …`; SOQL
 * date-time literals are unquoted, `YYYY-MM-DDThh:mm:ssZ`). A handoff fills the Case, so the
 * Case is what is audited, named by its Case number as the console names it.
 *
 * Pacing: Salesforce counts API requests per 24 hours (`Sforce-Limit-Info: api-usage=N/M` on every
 * answer, REST API Developer Guide "Limit Info header") and refuses beyond with 403
 * `REQUEST_LIMIT_EXCEEDED`; it documents no per-minute budget. *Unverified*: how many concurrent
 * reads an org takes without 429s — the audit reads 3 records at once.
 */
import type { AuditFinder, AuditFound, AuditPace, RateReading } from '../platform-audit';
import { isSalesforceId } from './url';

/** Rows of a SOQL query on the org (errors thrown as PlatformError by the client). */
export type QueryOrg = (org: string, soql: string) => Promise<Record<string, unknown>[]>;

/** Ids per `IN (…)` list: keeps the query's URL well under the 16,384-character limit. */
const IN_BATCH = 100;
/** Sessions read for a date range: a Case with several sessions counts once. */
const RANGE_SESSIONS_MAX = 2000;
const CASE_NUMBER = /^\d{1,30}$/;
const SOQL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const salesforceAuditPace: AuditPace = {
  concurrency: 3,
  readRate: (headers) => limitInfo(headers.get('sforce-limit-info')),
};

/** `api-usage=25/15000` → the day's budget (no reset time: a rolling 24 hours). */
export function limitInfo(header: string | null): RateReading | undefined {
  const m = header ? /api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!m) return undefined;
  const used = Number(m[1]);
  const limit = Number(m[2]);
  return limit > 0 ? { limit, remaining: Math.max(0, limit - used) } : undefined;
}

export function salesforceAuditFinder(query: QueryOrg): AuditFinder {
  return {
    async find(org, q, limit) {
      if (q.kind === 'range') return casesInRange(query, org, q.from, q.to, limit);
      return casesNamed(query, org, q.tokens, limit);
    },
  };
}

/** A date-time as a SOQL literal (seconds, UTC); throws on anything else. */
export function soqlDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a date: ${iso.slice(0, 40)}`);
  const text = `${at.toISOString().slice(0, 19)}Z`;
  if (!SOQL_DATETIME.test(text)) throw new RangeError(`Not a date: ${iso.slice(0, 40)}`);
  return text;
}

async function casesInRange(
  query: QueryOrg,
  org: string,
  from: string,
  to: string,
  limit: number,
): Promise<AuditFound> {
  const rows = await query(
    org,
    `SELECT Id, CaseId FROM MessagingSession WHERE CreatedDate >= ${soqlDateTime(from)} AND CreatedDate < ${soqlDateTime(to)} AND CaseId != null ORDER BY CreatedDate ASC LIMIT ${RANGE_SESSIONS_MAX}`,
  );
  const caseIds = unique(rows.flatMap((r) => (typeof r.CaseId === 'string' ? [r.CaseId] : [])));
  const truncated = caseIds.length > limit || rows.length >= RANGE_SESSIONS_MAX;
  const named = await caseNumbers(query, org, caseIds.slice(0, limit));
  return { items: named.map((c) => item(org, c)), unknown: [], truncated };
}

/** Pasted words: Case numbers, Case ids, MessagingSession ids (their Case). */
async function casesNamed(
  query: QueryOrg,
  org: string,
  tokens: readonly string[],
  limit: number,
): Promise<AuditFound> {
  const words = unique(tokens.map((t) => t.trim()).filter(Boolean));
  const numbers = words.filter((w) => CASE_NUMBER.test(w));
  const ids = words.filter((w) => !CASE_NUMBER.test(w) && isSalesforceId(w));
  const byNumber = new Map<string, CaseRow>();
  for (const batch of batches(numbers)) {
    const list = batch.map((n) => `'${n}'`).join(', ');
    for (const c of caseRows(
      await query(org, `SELECT Id, CaseNumber FROM Case WHERE CaseNumber IN (${list})`),
    )) {
      byNumber.set(c.number, c);
    }
  }
  const sessions = ids.filter((id) => id.startsWith('0Mw'));
  const caseOfSession = new Map<string, string>();
  for (const batch of batches(sessions)) {
    const rows = await query(
      org,
      `SELECT Id, CaseId FROM MessagingSession WHERE Id IN (${quoted(batch)})`,
    );
    for (const r of rows) {
      if (typeof r.Id === 'string' && typeof r.CaseId === 'string')
        caseOfSession.set(r.Id.slice(0, 15), r.CaseId);
    }
  }
  const caseIdOf = (w: string) =>
    w.startsWith('0Mw') ? caseOfSession.get(w.slice(0, 15)) : w.startsWith('500') ? w : undefined;
  const wantedIds = unique(ids.flatMap((w) => caseIdOf(w) ?? []));
  const byId = new Map(
    (await caseNumbers(query, org, wantedIds)).map((c) => [c.id.slice(0, 15), c]),
  );
  const found: CaseRow[] = [];
  const unknown: string[] = [];
  for (const w of words) {
    const id = caseIdOf(w);
    const hit = CASE_NUMBER.test(w) ? byNumber.get(w) : id ? byId.get(id.slice(0, 15)) : undefined;
    if (hit) found.push(hit);
    else unknown.push(w);
  }
  const cases = uniqueBy(found, (c) => c.id.slice(0, 15));
  return {
    items: cases.slice(0, limit).map((c) => item(org, c)),
    unknown,
    truncated: cases.length > limit,
  };
}

interface CaseRow {
  id: string;
  number: string;
}

async function caseNumbers(
  query: QueryOrg,
  org: string,
  ids: readonly string[],
): Promise<CaseRow[]> {
  const byId = new Map<string, CaseRow>();
  for (const batch of batches(ids)) {
    for (const c of caseRows(
      await query(org, `SELECT Id, CaseNumber FROM Case WHERE Id IN (${quoted(batch)})`),
    )) {
      byId.set(c.id.slice(0, 15), c);
    }
  }
  // In the order asked (a range: creation order of the sessions).
  return ids.flatMap((id) => byId.get(id.slice(0, 15)) ?? []);
}

function caseRows(rows: Record<string, unknown>[]): CaseRow[] {
  return rows.flatMap((r) =>
    typeof r.Id === 'string' && typeof r.CaseNumber === 'string'
      ? [{ id: r.Id, number: r.CaseNumber }]
      : [],
  );
}

const item = (org: string, c: CaseRow) => ({
  record: { platform: 'salesforce', org, object: 'Case', id: c.id },
  name: c.number,
});

/** Only ids checked by isSalesforceId reach a query, so quoting cannot be broken out of. */
const quoted = (ids: readonly string[]) =>
  ids
    .filter(isSalesforceId)
    .map((id) => `'${id}'`)
    .join(', ');

function batches<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += IN_BATCH) out.push(list.slice(i, i + IN_BATCH));
  return out;
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];

function uniqueBy<T>(list: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    if (seen.has(key(t))) return false;
    seen.add(key(t));
    return true;
  });
}
