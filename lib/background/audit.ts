/**
 * The QA audit (README "Audit a team's handoffs"): the options page names records (pasted ids or
 * a creation-date range) and the background reads each one, read only, as the signed-in user
 * (lib/audit/record.ts). The background keeps the job and its results in memory; the page polls
 * `audit:progress` about once a second for the rows that came since its last poll (the polls also
 * keep the service worker awake while it runs). Closing the page ends nothing at once, but a
 * stopped worker forgets the job: nothing was written, and the page says to run it again.
 *
 * Each job builds its own platform client over the same session (the browser's cookies, the
 * stored API key) with a `fetch` that goes through the pacer (lib/audit/pace.ts) and counts the
 * requests; the platform says how many records to read at once and which headers report its
 * budget (`Platform.auditPace`). Cancel stops taking records; those in flight finish.
 */
import { DEFAULT_SHARE, type Pacer, PaceStopped, pacer } from '../audit/pace';
import { auditRecord } from '../audit/record';
import type { AuditJobState, AuditProgress, AuditRow } from '../audit/types';
import { retryDecision } from '../engine/retry-policy';
import type { ClientDeps } from '../platforms/platform';
import type { AuditFound, AuditQuery } from '../platforms/platform-audit';
import { type PlatformClient, PlatformError } from '../platforms/platform-client';
import { backgroundPlatform } from '../platforms/registry';
import type { PlatformId } from '../platforms/types';
import type { CatalogsRepo } from '../store/catalogs';
import type { MappingsRepo } from '../store/mappings';
import type { SettingsRepo } from '../store/settings';

/** The most records one audit reads. */
export const AUDIT_MAX_RECORDS = 500;
/** Jobs kept for the page to read after they end (the newest). */
const JOBS_KEPT = 3;
/** Attempts per record when the platform asks to wait or is briefly unreachable. */
const RECORD_ATTEMPTS = 4;

interface Job {
  id: string;
  platform: PlatformId;
  org: string;
  found: AuditFound;
  rows: AuditRow[];
  next: number;
  state: AuditJobState;
  cancelled: boolean;
  pace: Pacer;
  startedAt: number;
  finishedAt?: number;
  notice?: string;
}

export interface AuditDeps {
  clientDeps: ClientDeps;
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  settings: Pick<SettingsRepo, 'get'>;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

export function auditService(deps: AuditDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const jobs = new Map<string, Job>();
  let counter = 0;

  const jobOf = (jobId: string) => {
    const job = jobs.get(jobId);
    if (!job) {
      throw new PlatformError(
        'internal',
        'This audit is no longer known: the extension restarted meanwhile (nothing was written). Run the audit again.',
      );
    }
    return job;
  };

  return {
    async start(input: {
      platform: PlatformId;
      org: string;
      query: AuditQuery;
      share?: number;
    }): Promise<AuditProgress> {
      const pace = pacer({ share: input.share ?? DEFAULT_SHARE, now, sleep });
      const client = pacedClient(deps.clientDeps, input.platform, pace);
      if (!client.audit) {
        throw new PlatformError('internal', `Audits are not available for ${input.platform} yet.`);
      }
      const found = await client.audit.find(input.org, input.query, AUDIT_MAX_RECORDS);
      for (const running of jobs.values()) running.cancelled = true;
      const job: Job = {
        id: `audit-${now()}-${++counter}`,
        platform: input.platform,
        org: input.org,
        found,
        rows: [],
        next: 0,
        state: 'running',
        cancelled: false,
        pace,
        startedAt: now(),
      };
      jobs.set(job.id, job);
      for (const old of [...jobs.keys()].slice(0, -JOBS_KEPT)) jobs.delete(old);
      void run({ deps, now }, job, client).catch((error: unknown) => {
        job.state = 'stopped';
        job.notice = `The audit stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`;
        job.finishedAt = now();
      });
      return progressOf(job, 0);
    },
    progress: (jobId: string, from: number) => progressOf(jobOf(jobId), from),
    cancel(jobId: string): AuditProgress {
      const job = jobOf(jobId);
      job.cancelled = true;
      return progressOf(job, job.rows.length);
    },
  };
}

/** What the job runner shares: the service's dependencies and its clock. */
interface Ctx {
  deps: AuditDeps;
  now(): number;
}

/** Reads the job's records, a few at a time, until done, cancelled or stopped. */
async function run(ctx: Ctx, job: Job, client: PlatformClient): Promise<void> {
  const { deps, now } = ctx;
  const concurrency = backgroundPlatform(job.platform).auditPace?.concurrency ?? 1;
  const settings = await deps.settings.get();
  const recordDeps = { ...deps, client, settings, now };
  const worker = async () => {
    while (!job.cancelled && job.state === 'running' && job.next < job.found.items.length) {
      const item = job.found.items[job.next++];
      if (!item) break;
      const row = await auditWithRetries(ctx, job, () => auditRecord(recordDeps, item), item);
      if (row) job.rows.push(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (job.state === 'running') job.state = job.cancelled ? 'cancelled' : 'done';
  job.finishedAt = now();
}

/**
 * One record, tried again when the platform named a wait (every request pauses for it) or was
 * briefly unreachable (the retry policy's backoff); any other failure is the record's row.
 */
async function auditWithRetries(
  ctx: Ctx,
  job: Job,
  audit: () => Promise<AuditRow>,
  item: AuditFound['items'][number],
): Promise<AuditRow | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit();
    } catch (error) {
      const stopped = job.pace.stopped;
      if (stopped || error instanceof PaceStopped) {
        job.state = 'stopped';
        job.notice = stopped ?? (error as Error).message;
        return undefined;
      }
      if (!(error instanceof PlatformError)) throw error;
      const decision = retryDecision(error, attempt, ctx.deps.random?.() ?? Math.random());
      if (!decision.retry || attempt >= RECORD_ATTEMPTS || job.cancelled) {
        return {
          record: { ...item.record, platform: job.platform },
          name: item.name ?? item.record.id,
          state: 'unreadable',
          fields: [],
          notice: { code: error.code, message: error.message },
        };
      }
      job.pace.pause(decision.delayMs);
    }
  }
}

function progressOf(job: Job, from: number): AuditProgress {
  return {
    jobId: job.id,
    platform: job.platform,
    org: job.org,
    state: job.state,
    total: job.found.items.length,
    done: job.rows.length,
    rows: job.rows.slice(Math.max(0, from)),
    unknown: job.found.unknown,
    truncated: job.found.truncated,
    requests: job.pace.sent,
    startedAt: job.startedAt,
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    ...(job.notice ? { notice: job.notice } : {}),
  };
}

export type AuditService = ReturnType<typeof auditService>;

/** The `audit:*` requests of the options page. */
export function auditHandlers(deps: AuditDeps) {
  const audit = auditService(deps);
  return {
    'audit:start': (r: { platform: PlatformId; org: string; query: AuditQuery; share?: number }) =>
      audit.start(r),
    'audit:progress': async (r: { jobId: string; from: number }) => audit.progress(r.jobId, r.from),
    'audit:cancel': async (r: { jobId: string }) => audit.cancel(r.jobId),
  };
}

/** The platform's client over the same session, its every request paced and counted. */
function pacedClient(clientDeps: ClientDeps, platform: PlatformId, pace: Pacer): PlatformClient {
  const base = clientDeps.fetch ?? fetch;
  const readRate = backgroundPlatform(platform).auditPace?.readRate;
  const paced: typeof fetch = async (input, init) => {
    await pace.acquire();
    const response = await base(input, init);
    pace.observe(readRate?.(response.headers));
    return response;
  };
  return backgroundPlatform(platform).createClient({ ...clientDeps, fetch: paced });
}
