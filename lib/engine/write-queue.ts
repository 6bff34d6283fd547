/**
 * The durable write queue (docs/filling-rules.md, "Writes"): every write of a handoff is a row in IndexedDB before
 * any request is sent; this runner sends it, records each attempt, retries what waiting can cure
 * (retry-policy.ts) and settles the journal entry. Nothing lives only in memory: a timer and a
 * `browser.alarms` alarm (set by `wake`, background.ts) and the worker's start call `runDue`, and
 * a row left `sending` by a stopped worker is simply due again.
 *
 * At most one write per (context, record), also across restarts: rows are keyed by context digest
 * and record key, and every attempt reads the record right before planning. A resumed row whose
 * earlier request did land (its answer lost with the worker) finds the values already there and
 * reports them `unchanged` instead of writing them twice; a value the agent typed meanwhile is kept
 * under fill-empty.
 */
import type { ContextValues } from '../context/types';
import type { FieldOutcome, GaveUpAlert, Notice, WriteProgress } from '../handoff/types';
import { mappingsUsed, withMappingsUsed } from '../mapping/mapping-digest';
import type { Mapping } from '../mapping/schema';
import { noticeOf, type PlatformClient, PlatformError } from '../platforms/platform-client';
import { recordKey } from '../platforms/record-key';
import type { PlatformId, RecordRef } from '../platforms/types';
import { redactEntry } from '../privacy/redact';
import type { CatalogsRepo } from '../store/catalogs';
import type { JournalRepo } from '../store/journal';
import type { JournalEntry } from '../store/journal-schema';
import type { MappingsRepo } from '../store/mappings';
import type { QueueRepo } from '../store/queue';
import { isLive, type QueueRow, type QueueState } from '../store/queue-schema';
import type { SettingsRepo } from '../store/settings';
import { type ApplyDeps, enabledMappings, fillTarget, resolveWork } from './apply';
import {
  isRetryable,
  isSessionWait,
  RETRY_POLICY,
  type RetryPolicy,
  retryDecision,
} from './retry-policy';

export interface WriteQueueDeps {
  queue: QueueRepo;
  journal: JournalRepo;
  settings: SettingsRepo;
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  clientFor(platform: PlatformId): PlatformClient;
  now(): number;
  /** [0, 1): the jitter of the backoff. */
  random?(): number;
  /** Asks to be called (`runDue`) at `at`; undefined when nothing waits. */
  wake?(at: number | undefined): void;
  policy?: RetryPolicy;
  /**
   * The handoffs whose writes gave up may have changed (one gave up, was retried or dismissed):
   * the background tells the console tabs (`gaveUp` answers the list, from the durable rows).
   */
  onGaveUpChange?(): void;
}

/**
 * The idempotency keys: the handoff (its context digest and the message that carried it) and the
 * record. Retries, restarts and resends of one handoff share a key; another message with the same
 * text is another handoff (re-read and planned, so equal values are still not written again).
 */
export const resolveKey = (digest: string, messageId: string, record: RecordRef) =>
  `resolve|${digest}|${messageId}|${recordKey(record)}`;
export const writeKey = (digest: string, messageId: string, target: RecordRef) =>
  `write|${digest}|${messageId}|${recordKey(target)}`;

/**
 * Why a write was not sent: this browser is set to Verify only (settings `writeMode`). The queue
 * checks before every write, whatever asked for it — a row queued before the switch, the alarm, a
 * restart, Retry, "Use the bot's value", Fill N fields — so no mapping can make it write.
 */
export const NOT_SENT_VERIFY_ONLY =
  'Not written: this browser is set to Verify only. Nothing was sent.';
export const VERIFY_ONLY_NOTICE: Notice = {
  code: 'verify-only',
  message: `${NOT_SENT_VERIFY_ONLY} To write it, an admin sets Writing back to filling the fields (options page, Settings), then press Retry.`,
};

/** At most this many steps per journal entry and run: each step settles a row or moves it later. */
const MAX_STEPS = 64;

/** Writes that gave up this long ago or less are told to the console tabs: about a shift. */
export const GAVE_UP_WINDOW_MS = 24 * 60 * 60_000;
/** At most this many of them (the newest). */
const GAVE_UP_MAX = 20;

export function writeQueue(deps: WriteQueueDeps) {
  const q: Runner = {
    deps,
    now: deps.now,
    random: deps.random ?? Math.random,
    policy: deps.policy ?? RETRY_POLICY,
    active: new Map(),
    again: new Set(),
  };
  /** A step below, with this queue's runner. */
  const bound =
    <A extends unknown[], R>(f: (q: Runner, ...args: A) => R) =>
    (...args: A): R =>
      f(q, ...args);
  return {
    begin: bound(begin),
    run: bound(run),
    runDue: bound(runDue),
    retryNow: bound(retryNow),
    choose: bound(choose),
    wakeForRecord: bound(wakeForRecord),
    wakeForOrg: bound(wakeForOrg),
    progress: bound(progress),
    gaveUp: bound(gaveUp),
    dismissGaveUp: bound(dismissGaveUp),
    reschedule: bound(reschedule),
    /** Settles an entry whose rows all settled (a worker stopped between the two). */
    settle: bound(settleJournal),
  };
}
export type WriteQueue = ReturnType<typeof writeQueue>;

/** What the steps below share: the queue's dependencies, and the runs in flight in this worker. */
interface Runner {
  deps: WriteQueueDeps;
  now(): number;
  /** [0, 1): the jitter of the backoff. */
  random(): number;
  policy: RetryPolicy;
  /** One runner per journal entry at a time, in this worker; asked again while running: once more. */
  active: Map<number, Promise<void>>;
  again: Set<number>;
}

const applyDeps = (q: Runner, row: QueueRow): ApplyDeps => ({
  mappings: q.deps.mappings,
  catalogs: q.deps.catalogs,
  client: q.deps.clientFor(row.record.platform),
  now: q.now,
});

/**
 * Takes a trusted context in: the journal entry and its first row, in one transaction. When this
 * handoff was already taken in for this record (a resend after the worker died before the `seen`
 * marks; not a Retry), nothing new is written and the earlier entry is answered (`fresh: false`).
 */
async function begin(
  q: Runner,
  entry: JournalEntry,
  record: RecordRef,
  values: ContextValues,
  force: boolean,
  confirmed?: Record<string, string | null>,
): Promise<{ entry: JournalEntry & { id: number }; fresh: boolean }> {
  const t = q.now();
  const started = await q.deps.queue.begin(
    { ...entry, state: 'pending' },
    {
      key: resolveKey(entry.contextDigest, entry.messageId, record),
      kind: 'resolve',
      digest: entry.contextDigest,
      messageId: entry.messageId,
      record,
      order: 0,
      values,
      ...(force ? { force: true } : {}),
      ...(confirmed ? { confirmed } : {}),
      state: 'pending',
      attempts: 0,
      due: t,
      createdAt: t,
      updatedAt: t,
    },
    force,
  );
  return { entry: started.entry, fresh: started.fresh };
}

/** Runs the due rows of one handoff (drainJournal), then settles its journal entry. */
function run(q: Runner, journalId: number): Promise<void> {
  const running = q.active.get(journalId);
  if (running) {
    q.again.add(journalId);
    return running;
  }
  const drained = (async () => {
    try {
      do {
        q.again.delete(journalId);
        await drainJournal(q, journalId);
      } while (q.again.has(journalId));
    } finally {
      q.active.delete(journalId);
    }
  })();
  q.active.set(journalId, drained);
  return drained;
}

/**
 * Runs the handoff's due rows until none is left: its resolve alone (it creates the writes), then
 * the writes of its records side by side — a conversation and its customer are separate
 * records, and neither should wait for the other's request and read-back.
 */
async function drainJournal(q: Runner, journalId: number): Promise<void> {
  let started: Continuation[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const rows = await q.deps.queue.forJournal(journalId);
    const sending = new Set(started.map((c) => c.row.key));
    const due = rows.filter((r) => isLive(r) && !sending.has(r.key) && (r.due ?? 0) <= q.now());
    const resolve = due.find((r) => r.kind === 'resolve');
    if (resolve && started.length === 0) {
      started = await step(q, resolve);
      continue;
    }
    const work: Promise<unknown>[] = due.filter((r) => r.kind === 'write').map((r) => step(q, r));
    for (const { row, mappings } of started) {
      work.push(guarded(q, row, async () => void (await stepWrite(q, row, mappings))));
    }
    started = [];
    if (work.length === 0) break;
    await Promise.all(work);
  }
  await settleJournal(q, journalId);
  await reschedule(q);
}

/**
 * Every handoff with a due row (timer, alarm, worker start, a face asking for progress). Handoffs
 * run side by side: one whose request is slow holds up only its own later records.
 */
async function runDue(q: Runner): Promise<void> {
  try {
    const due = await q.deps.queue.due(q.now());
    const journals = [...new Set(due.map((r) => r.journalId))];
    await Promise.all(journals.map((id) => run(q, id).catch(() => undefined)));
  } finally {
    await reschedule(q);
  }
}

async function reschedule(q: Runner): Promise<void> {
  if (!q.deps.wake) return;
  q.deps.wake(await q.deps.queue.nextDue());
}

// ─── One attempt ───────────────────────────────────────────────────────────────────────────────

/**
 * A write to send at once, already marked `sending` in the transaction that created it (every
 * record right after resolving), with the mappings just read: the common handoff commits once
 * between taking the context in and its first requests, and a conversation's customer is sent
 * beside it without a transaction of its own first.
 */
interface Continuation {
  row: QueueRow;
  mappings: Mapping[];
}

async function step(q: Runner, row: QueueRow): Promise<Continuation[]> {
  const t = q.now();
  const attempt: QueueRow = {
    ...row,
    state: 'sending',
    // The agent's Retry brought this attempt forward: it does not use one up.
    attempts: row.askedByAgent ? row.attempts : row.attempts + 1,
    sentAt: t,
    due: t,
    updatedAt: t,
  };
  delete attempt.askedByAgent;
  // Committed before a write's request leaves: a worker stopped from here on leaves a row that
  // says so and is due again. Resolving only reads, so its attempt is recorded with its result.
  if (attempt.kind === 'write') await q.deps.queue.put(attempt);
  return (
    (await guarded(q, attempt, () =>
      attempt.kind === 'resolve'
        ? stepResolve(q, attempt)
        : stepWrite(q, attempt).then(() => undefined),
    )) ?? []
  );
}

async function guarded<T>(
  q: Runner,
  row: QueueRow,
  work: () => Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    // Our own bug, or storage failing: never leave a live row that would run again at once.
    await giveUp(q, row, asPlatformError(error), undefined).catch(() => undefined);
    return undefined;
  }
}

async function stepResolve(q: Runner, row: QueueRow): Promise<Continuation[] | undefined> {
  let resolved: Awaited<ReturnType<typeof resolveWork>>;
  try {
    resolved = await resolveWork(applyDeps(q, row), row.record);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    await afterFailure(q, row, error, undefined);
    return undefined;
  }
  const t = q.now();
  const writes: QueueRow[] = resolved.work.map(({ target }, order) => ({
    key: writeKey(row.digest, row.messageId, target),
    kind: 'write',
    journalId: row.journalId,
    digest: row.digest,
    messageId: row.messageId,
    record: row.record,
    target,
    order,
    ...(row.values ? { values: row.values } : {}),
    ...(row.force ? { force: true } : {}),
    ...(row.confirmed ? { confirmed: row.confirmed } : {}),
    state: 'pending',
    attempts: 0,
    due: t,
    createdAt: t,
    updatedAt: t,
  }));
  // Every record is sent at once: its row is created with its attempt started.
  for (const write of writes) Object.assign(write, { state: 'sending', attempts: 1, sentAt: t });
  const used = await mappingsUsed(resolved.work.flatMap((w) => w.mappings));
  const taken = await q.deps.queue.expand(settled(q, row, 'done', false), writes, (entry) => {
    entry.targets = resolved.targets;
    entry.mappingsUsed = withMappingsUsed(entry.mappingsUsed, used);
    for (const key of resolved.targets.map(recordKey)) {
      if (!entry.recordKeys.includes(key)) entry.recordKeys.push(key);
    }
  });
  return writes.flatMap((write, order) => {
    const mappings = resolved.work[order]?.mappings;
    return mappings && taken.includes(write) ? [{ row: write, mappings }] : [];
  });
}

async function stepWrite(q: Runner, row: QueueRow, read?: Mapping[]): Promise<void> {
  // Asked right before the request, not when the row was queued: the mode may have changed since.
  if ((await q.deps.settings.get()).writeMode === 'verify-only') return notSent(q, row);
  const target = row.target ?? row.record;
  const d = applyDeps(q, row);
  const mappings = chosenOnly(row, read ?? (await enabledMappings(d, target)));
  // No mapping left (switched off while the write waited): nothing to write.
  const outcome = mappings.length
    ? await fillTarget(d, target, mappings, row.values ?? {}, row.confirmed)
    : { fields: [] };
  const fields = outcome.fields?.map((f) => ({
    ...f,
    object: target.object,
    ...(row.chosenAt !== undefined ? { chosenAt: row.chosenAt } : {}),
  }));
  if (outcome.failure) return afterFailure(q, row, outcome.failure, fields);
  // The mappings this attempt planned with (a retry may have read edited ones).
  const used = await mappingsUsed(mappings);
  await q.deps.queue.putWithEntry(settled(q, row, 'done', false), (entry) => {
    withFields(target, fields ?? [], row.chosen)(entry);
    if (used.length) entry.mappingsUsed = withMappingsUsed(entry.mappingsUsed, used);
    if (outcome.name !== undefined) {
      entry.recordNames = { ...entry.recordNames, [recordKey(target)]: outcome.name };
    }
    if (outcome.verifiedAt !== undefined) {
      entry.verifiedAt = Math.max(entry.verifiedAt ?? 0, outcome.verifiedAt);
    }
    if (outcome.verifyNotice) entry.verifyNotice = outcome.verifyNotice;
  });
}

async function afterFailure(
  q: Runner,
  row: QueueRow,
  failure: PlatformError,
  fields: FieldOutcome[] | undefined,
): Promise<void> {
  const decision = retryDecision(failure, row.attempts, q.random(), q.policy);
  if (!decision.retry) return giveUp(q, row, failure, fields);
  const due = q.now() + decision.delayMs;
  const waiting: QueueRow = { ...row, state: 'retrying', due, lastError: noticeOf(failure) };
  delete waiting.sentAt;
  waiting.updatedAt = q.now();
  const target = row.target;
  await q.deps.queue.putWithEntry(
    waiting,
    fields && target ? withFields(target, fields, row.chosen) : () => undefined,
  );
  // The same limit, outage or session would meet this handoff's other records: they wait too.
  for (const other of await q.deps.queue.forJournal(row.journalId)) {
    if (other.key === row.key || !isLive(other) || other.state === 'sending') continue;
    if ((other.due ?? 0) < due) await q.deps.queue.put({ ...other, due, updatedAt: q.now() });
  }
}

async function giveUp(
  q: Runner,
  row: QueueRow,
  failure: PlatformError,
  fields: FieldOutcome[] | undefined,
): Promise<void> {
  await markFailed(
    q,
    row,
    { notice: noticeOf(failure), reason: `Not written: ${failure.message}` },
    fields,
  );
  const failed: QueueRow = { ...row, state: 'failed', lastError: noticeOf(failure) };
  if (gaveUpAfterRetrying(failed)) q.deps.onGaveUpChange?.();
}

/**
 * Verify only: the write is not sent. The row ends failed with why, keeping its values (unless the
 * journal is redacted), so that once the browser writes again Retry sends it; no console tab is
 * alerted (nothing gave up: the browser was told not to write).
 */
async function notSent(q: Runner, row: QueueRow): Promise<void> {
  await markFailed(
    q,
    { ...row, dismissed: true },
    { notice: VERIFY_ONLY_NOTICE, reason: NOT_SENT_VERIFY_ONLY },
    undefined,
  );
}

async function markFailed(
  q: Runner,
  row: QueueRow,
  why: { notice: Notice; reason: string },
  fields: FieldOutcome[] | undefined,
): Promise<void> {
  const redacting = (await q.deps.settings.get()).redaction !== 'none';
  const notWritten = (f: FieldOutcome): FieldOutcome =>
    f.outcome === 'pending' ? { ...f, outcome: 'refused', reason: why.reason } : f;
  const target = row.target;
  // Without redaction a failed row keeps its values, so Retry can run it again.
  await q.deps.queue.putWithEntry(
    { ...settled(q, row, 'failed', !redacting), lastError: why.notice },
    (entry) => {
      if (!target) return;
      if (fields) withFields(target, fields.map(notWritten), row.chosen)(entry);
      else entry.fields = entry.fields.map((f) => (f.object === target.object ? notWritten(f) : f));
    },
  );
}

function settled(
  q: Runner,
  row: QueueRow,
  state: Extract<QueueState, 'done' | 'failed'>,
  keep: boolean,
) {
  const out: QueueRow = { ...row, state, settledAt: q.now(), updatedAt: q.now() };
  delete out.due;
  delete out.sentAt;
  // The confirmed plan holds values too: it goes with them.
  if (!keep) {
    delete out.values;
    delete out.confirmed;
  }
  if (state === 'done') delete out.lastError;
  return out;
}

// ─── The journal entry ─────────────────────────────────────────────────────────────────────────

async function updateEntry(q: Runner, journalId: number, change: (entry: JournalEntry) => void) {
  const entry = await q.deps.journal.get(journalId);
  if (!entry) return;
  change(entry);
  await q.deps.journal.update({ ...entry, id: journalId });
}

/**
 * Replaces one record's field outcomes, keeping the records in write order; with `only` (the
 * fields an agent chose the bot's value for), those fields' outcomes alone, each in its place.
 */
const withFields =
  (target: RecordRef, fields: FieldOutcome[], only?: string[]) => (entry: JournalEntry) => {
    if (only) {
      entry.fields = entry.fields.map((f) => {
        const next =
          f.object === target.object && only.includes(f.field)
            ? fields.find((n) => n.field === f.field)
            : undefined;
        return next ?? f;
      });
      return;
    }
    const order = (object: string | undefined) => {
      const i = (entry.targets ?? []).findIndex((t) => t.object === object);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const merged = [...entry.fields.filter((f) => f.object !== target.object), ...fields];
    // A stable sort: each record's fields keep the planner's order.
    entry.fields = merged
      .map((f, i) => ({ f, i }))
      .sort((a, b) => order(a.f.object) - order(b.f.object) || a.i - b.i)
      .map(({ f }) => f);
  };

/** Once no row is live: done or failed, the first failure as the notice, redacted if set so. */
async function settleJournal(q: Runner, journalId: number): Promise<void> {
  const rows = await q.deps.queue.forJournal(journalId);
  if (rows.length === 0) return;
  const entry = await q.deps.journal.get(journalId);
  if (!entry) return;
  if (rows.some(isLive)) {
    if (entry.state !== 'pending')
      await q.deps.journal.update({ ...entry, state: 'pending', id: journalId });
    return;
  }
  if (entry.settledAt !== undefined && entry.state !== 'pending') return;
  const failed = rows.find((r) => r.state === 'failed');
  let next: JournalEntry = {
    ...entry,
    state: failed ? 'failed' : 'done',
    settledAt: q.now(),
  };
  if (failed?.lastError) next.notice = failed.lastError;
  else delete next.notice;
  const { redaction } = await q.deps.settings.get();
  if (redaction !== 'none' && !next.redacted) next = await redactEntry(next, redaction);
  await q.deps.journal.update({ ...next, id: journalId });
}

// ─── Faces ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The widget's Retry on a handoff with writes: a waiting row is tried now, a failed one (that
 * still has its values) starts over with a fresh budget, one being sent is left to finish. False
 * when the queue has nothing of this handoff to retry (the engine then runs its context again).
 */
async function retryNow(q: Runner, journalId: number): Promise<boolean> {
  const t = q.now();
  const rows = await q.deps.queue.forJournal(journalId);
  let touched = rows.some((r) => r.state === 'sending');
  let restarted = false;
  for (const row of rows) {
    if (isLive(row) && row.state !== 'sending') {
      // Brought forward, not added: an attempt tried before (waiting to be retried) is not
      // counted again, so the agent's Retry never shortens the automatic retries.
      const again = row.attempts > 0 ? { askedByAgent: true as const } : {};
      await q.deps.queue.put({ ...row, ...again, due: t, updatedAt: t });
      touched = true;
    } else if (row.state === 'failed' && row.values) {
      restarted = true;
      const restart: QueueRow = { ...row, state: 'pending', attempts: 0, due: t, updatedAt: t };
      delete restart.settledAt;
      delete restart.lastError;
      delete restart.dismissed;
      await q.deps.queue.put(restart);
      touched = true;
    }
  }
  if (restarted) q.deps.onGaveUpChange?.();
  if (touched) {
    await updateEntry(q, journalId, (entry) => {
      entry.state = 'pending';
      delete entry.notice;
      delete entry.settledAt;
    });
  }
  return touched;
}

/** A row that writes the fields an agent chose the bot's value for: their mappings, overwriting. */
function chosenOnly(row: QueueRow, mappings: Mapping[]): Mapping[] {
  const chosen = row.chosen;
  if (!chosen) return mappings;
  return mappings
    .filter((m) => chosen.some((f) => f.toLowerCase() === m.field.toLowerCase()))
    .slice(0, 1)
    .map((m) => ({ ...m, policy: 'overwrite' as const }));
}

/**
 * "Use the bot's value" on a field the handoff kept (fill-empty, the record had a value): a row
 * of its own that writes that field alone, over the record's value, through the same steps as any
 * write (read, plan, write, read back). The entry is pending again until it settles. Nothing new
 * when the same choice is still live.
 */
async function choose(
  q: Runner,
  entry: JournalEntry & { id: number },
  target: RecordRef,
  field: string,
  values: ContextValues,
): Promise<void> {
  const t = q.now();
  const key = `choose|${entry.contextDigest}|${entry.messageId}|${recordKey(target)}|${field}`;
  const existing = await q.deps.queue.get(key);
  if (existing && isLive(existing)) return;
  const row: QueueRow = {
    key,
    kind: 'write',
    journalId: entry.id,
    digest: entry.contextDigest,
    messageId: entry.messageId,
    record: entry.record,
    target,
    order: (entry.targets ?? []).findIndex((r) => recordKey(r) === recordKey(target)),
    values,
    chosen: [field],
    chosenAt: t,
    state: 'pending',
    attempts: 0,
    due: t,
    createdAt: t,
    updatedAt: t,
  };
  await q.deps.queue.putWithEntry(row, (next) => {
    next.state = 'pending';
    delete next.settledAt;
  });
}

/**
 * The agent opened a record (after signing in again, typically): writes of it that wait for a
 * session are tried now instead of at their next backoff.
 */
async function wakeForRecord(q: Runner, record: RecordRef): Promise<void> {
  const key = recordKey(record);
  const t = q.now();
  for (const row of await q.deps.queue.live()) {
    if (row.state !== 'retrying' || !isSessionWait(row.lastError?.code)) continue;
    if (recordKey(row.record) !== key && (!row.target || recordKey(row.target) !== key)) continue;
    if ((row.due ?? 0) > t) await q.deps.queue.put({ ...row, due: t, updatedAt: t });
  }
}

/**
 * The agent connected to an org (`auth:connect`): every write to it that waits for a session or a
 * sign-in is due now, whichever record it is for. The caller runs what is due.
 */
async function wakeForOrg(q: Runner, platform: PlatformId, org: string): Promise<void> {
  const t = q.now();
  const lower = org.toLowerCase();
  for (const row of await q.deps.queue.live()) {
    if (row.state !== 'retrying' || !isSessionWait(row.lastError?.code)) continue;
    const target = row.target ?? row.record;
    if (target.platform !== platform || target.org.toLowerCase() !== lower) continue;
    if ((row.due ?? 0) > t) await q.deps.queue.put({ ...row, due: t, updatedAt: t });
  }
}

/** What the widget shows of a handoff's writes that are not done. */
async function progress(q: Runner, journalId: number): Promise<WriteProgress[]> {
  return (await q.deps.queue.forJournal(journalId))
    .filter((r) => r.state !== 'done')
    .map((r) => {
      const state =
        r.state === 'failed' ? 'failed' : r.state === 'retrying' ? 'retrying' : 'pending';
      return {
        target: r.target ?? r.record,
        state,
        attempts: r.attempts,
        maxAttempts: q.policy.maxAttempts,
        ...(state === 'retrying' && r.due !== undefined ? { nextAttemptAt: r.due } : {}),
        ...(r.lastError ? { lastError: r.lastError } : {}),
      };
    });
}

/**
 * A write that gave up after the queue had retried it — or that a failure waiting could cure
 * ended — which the agent may no longer be looking at: the console tabs are told.
 */
const gaveUpAfterRetrying = (row: QueueRow) =>
  row.state === 'failed' &&
  !row.dismissed &&
  (row.attempts > 1 || (row.lastError !== undefined && isRetryable(row.lastError.code)));

/**
 * The handoffs whose writes gave up in the last day and were neither retried nor dismissed, the
 * newest first, one per record: read from the durable rows, so a restarted worker answers the same.
 */
async function gaveUp(q: Runner): Promise<GaveUpAlert[]> {
  const rows = await q.deps.queue.settledSince(q.now() - GAVE_UP_WINDOW_MS);
  const alerts = new Map<string, GaveUpAlert>();
  for (const row of rows.filter(gaveUpAfterRetrying).reverse()) {
    const target = row.target ?? row.record;
    const key = recordKey(target);
    if (alerts.has(key)) continue;
    alerts.set(key, { journalId: row.journalId, target, at: row.settledAt ?? row.updatedAt });
    if (alerts.size >= GAVE_UP_MAX) break;
  }
  return [...alerts.values()];
}

/** The agent dismissed the alert of these handoffs: their failed rows are no longer told. */
async function dismissGaveUp(q: Runner, journalIds: readonly number[]): Promise<void> {
  for (const id of new Set(journalIds)) {
    for (const row of await q.deps.queue.forJournal(id)) {
      if (row.state === 'failed' && !row.dismissed) {
        await q.deps.queue.put({ ...row, dismissed: true, updatedAt: q.now() });
      }
    }
  }
  q.deps.onGaveUpChange?.();
}

function asPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  return new PlatformError(
    'internal',
    `Handoff Fields failed unexpectedly (${error instanceof Error ? error.name : 'error'}); nothing more was written. Press Retry; if it keeps failing, report it with the time shown.`,
  );
}
