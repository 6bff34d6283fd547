import type { AuditProgress } from '../../lib/audit/types';
import { request } from '../../lib/messaging/request';
import type { AuditQuery } from '../../lib/platforms/platform-audit';

/** What to audit: one platform's org, the records named or a date range, and the budget share. */
export interface AuditStart {
  platform: string;
  org: string;
  query: AuditQuery;
  /** The most of a per-minute API budget the audit may use, 0.01–0.9. */
  share: number;
}

/**
 * What the audit needs from the background (`audit:*` messages; lib/background/audit.ts). Every
 * method rejects with Error(message) when the background refuses; the message is shown as is.
 */
export interface AuditApi {
  start(start: AuditStart): Promise<AuditProgress>;
  /** The job, with its rows from index `from` on. */
  progress(jobId: string, from: number): Promise<AuditProgress>;
  cancel(jobId: string): Promise<AuditProgress>;
}

/**
 * The typed messages (`audit:*`). Built here, in the audit's lazily loaded chunk, rather than by
 * the options entry, so the page's first load does not grow; tests pass a fake instead.
 */
export const requestAuditApi: AuditApi = {
  start: (start) => request({ type: 'audit:start', ...start }),
  progress: (jobId, from) => request({ type: 'audit:progress', jobId, from }),
  cancel: (jobId) => request({ type: 'audit:cancel', jobId }),
};
