/**
 * What an audit (lib/background/audit.ts) needs from a platform beyond the handoff's client: how
 * to find the records a QA analyst names — pasted ids or numbers, or a creation-date range — and
 * how to pace requests within the platform's limits. Each platform's `audit.ts` implements it.
 */

/** One record to audit, named as the platform's console names it when the search told us. */
export interface AuditItem {
  record: { platform: string; org: string; object: string; id: string };
  /** The console's name (a Case number); absent when the search did not say. */
  name?: string;
}

export type AuditQuery =
  /** What the analyst pasted, split into words (ids, numbers). */
  | { kind: 'ids'; tokens: string[] }
  /** Records created in [from, to) (ISO 8601 date-times, UTC). */
  | { kind: 'range'; from: string; to: string };

export interface AuditFound {
  items: AuditItem[];
  /** Pasted words that named no record the user can see. */
  unknown: string[];
  /** More records matched than `limit`: only the first `limit` are listed. */
  truncated: boolean;
}

export interface AuditFinder {
  /** At most `limit` records, in creation order (a range) or as pasted (ids). Read only. */
  find(org: string, query: AuditQuery, limit: number): Promise<AuditFound>;
}

/** A rate budget a response's headers reported. */
export interface RateReading {
  limit: number;
  remaining: number;
  /** Milliseconds until the budget is whole again (a per-minute window); absent for daily ones. */
  resetMs?: number;
}

/** How hard an audit may press the platform. */
export interface AuditPace {
  /** Records read at once (each record's requests run one after the other). */
  concurrency: number;
  /** The budget a response's headers report, when the platform sends one. */
  readRate?(headers: Headers): RateReading | undefined;
}
