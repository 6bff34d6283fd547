/**
 * The handoff pipeline the background runs for each candidate message:
 * parse → trust → journal + durable write queue (write-queue.ts: resolve, plan, write, retry) → the
 * widget's view.
 * A message is handled once per (org, message, text), also across restarts (the `seen` store); a
 * message id seen again with another text was edited, and its context is refused.
 * Candidates come from the transcript, the platform's API messages, an allowed postMessage origin or
 * an admin's record field (docs/context-sources.md).
 */

import { mayHoldContext } from '../context/candidate';
import { sha256Hex } from '../context/digest';
import { type Said, type SaidMemory, saidBy } from '../context/echo';
import { type Evaluation, evaluateContext } from '../context/evaluate';
import { checkPostMessage } from '../context/source-value';
import type { ContextValues, ParsedContext } from '../context/types';
import { forPanel } from '../handoff/for-panel';
import { retryHelps } from '../handoff/retry-helps';
import type { HandoffView, Notice, RetryTrace, WriteProgress } from '../handoff/types';
import { recordNamesOf } from '../journal/record-names';
import { mappingsUsed } from '../mapping/mapping-digest';
import { type RecentKeys, type RecentMap, recentKeys, recentMap } from '../memory/recent';
import { sameConversationOn } from '../platforms/descriptor-registry';
import { noticeOf, type PlatformClient, PlatformError } from '../platforms/platform-client';
import { isPositionalId, recordKey } from '../platforms/record-key';
import type { CandidateMessage, PlatformId, RecordRef } from '../platforms/types';
import { redactEntry } from '../privacy/redact';
import type { CatalogsRepo } from '../store/catalogs';
import type { JournalRepo } from '../store/journal';
import type { JournalEntry } from '../store/journal-schema';
import type { MappingsRepo } from '../store/mappings';
import { type QueueRepo, queueRepo } from '../store/queue';
import { saidRepo } from '../store/said';
import type { SettingsRepo } from '../store/settings';
import { textKey } from '../text/text-key';
import { confirmedKey, planTarget, resolveWork, verifyTarget } from './apply';
import { isSessionWait } from './retry-policy';
import {
  type ContextCandidate,
  editedEvaluation,
  isChatSource,
  judgedContext,
  ownsConversationOf,
  parseCandidate,
  recordFieldCandidates,
  sourceTrust,
  textForEditCheck,
} from './source-candidates';
import { verifyAnywhere } from './verify-anywhere';
import { contextValuesFor, isTrustedEntry, verifiedEntry, verifyEntry } from './verify-now';
import { VERIFY_ONLY_NOTICE, type WriteQueue, writeQueue } from './write-queue';

export interface EngineDeps {
  settings: SettingsRepo;
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  journal: JournalRepo;
  clientFor(platform: PlatformId): PlatformClient;
  now?(): number;
  /** The write queue's rows (default: in the journal's database). */
  queue?: QueueRepo;
  /** [0, 1): the retry backoff's jitter. */
  random?(): number;
  /** Asks the background to call `writes.runDue()` at `at` (a timer and an alarm). */
  wake?(at: number | undefined): void;
  /** What non-bot authors wrote per conversation, for the echo check (default: IndexedDB). */
  said?: SaidMemory;
  /** The handoffs whose writes gave up may have changed (write-queue.ts `gaveUp`). */
  onGaveUpChange?(): void;
}

export function handoffEngine(deps: EngineDeps) {
  const now = deps.now ?? Date.now;
  const writes = writeQueue({
    queue: deps.queue ?? queueRepo(deps.journal.db),
    journal: deps.journal,
    settings: deps.settings,
    mappings: deps.mappings,
    catalogs: deps.catalogs,
    clientFor: deps.clientFor,
    now,
    random: deps.random,
    wake: deps.wake,
    onGaveUpChange: deps.onGaveUpChange,
  });
  const e: Engine = {
    deps,
    now,
    writes,
    said: deps.said ?? saidRepo(deps.journal.db),
    readHere: recentKeys(READ_HERE_MAX),
    borrowedTargets: recentMap(BORROWED_TARGETS_MAX),
  };
  // One handoff at a time per org: the content script may resend while a write is in flight.
  const lanes = laneRunner();
  /** Every answer says when this browser is set to Verify only (the panel says so on each view). */
  const inLane = (key: string, work: () => Promise<HandoffView>) =>
    lanes(key, async () => withMode(e, await work()));
  const orgOf = (record: RecordRef) => `${record.platform}:${record.org}`;

  return {
    view: async (record: RecordRef) => withMode(e, await view(e, record)),
    /** The widget opened on a record: read the admin's context fields and the API's messages, then answer the view. */
    open(record: RecordRef): Promise<HandoffView> {
      return inLane(orgOf(record), () => open(e, record));
    },
    /**
     * The widget polls while a write is pending or retrying: the journal's view, no platform request;
     * the poll also wakes the queue (a stopped worker restarts on the message and resumes due rows).
     */
    async poll(record: RecordRef): Promise<HandoffView> {
      kick(e);
      return withMode(e, await view(e, record));
    },
    /**
     * New transcript messages of a record; answers the record's view afterwards. Where the
     * platform's API lists the conversation, the page's change also triggers a read of it
     * (readConversation).
     */
    messages(record: RecordRef, messages: CandidateMessage[]): Promise<HandoffView> {
      return inLane(orgOf(record), async () => {
        const notice = await readConversation(e, record, messages);
        return withReadNotice(await view(e, record), notice);
      });
    },
    /** A postMessage the content script received from an allowed origin; answers the record's view. */
    postMessage(record: RecordRef, origin: string, data: unknown): Promise<HandoffView> {
      return inLane(orgOf(record), async () => {
        await postMessage(e, record, origin, data);
        return view(e, record);
      });
    },
    /** The write queue: the background runs it on its alarm and when the worker starts. */
    writes,
    /**
     * "Verify now": the record's latest trusted handoff, compared with the record as the platform
     * holds it now (verify-now.ts). Answers that handoff's view, with why when it could not verify.
     */
    verify(record: RecordRef, pageMessages: CandidateMessage[] = []): Promise<HandoffView> {
      return inLane(orgOf(record), async () =>
        withNewerRefusal(e, record, await verifyNow(e, record, pageMessages)),
      );
    },
    /** Run the record's latest context again (the widget's Retry). */
    retry(record: RecordRef): Promise<HandoffView> {
      return inLane(orgOf(record), () => retry(e, record));
    },
    /**
     * The agent's answer to a plan (settings `writeMode: 'confirm'`): `fill` takes exactly its
     * planned writes into the write queue, `not-now` writes nothing. `tabId`: the console tab asking.
     */
    answerPlan(
      record: RecordRef,
      planId: number,
      answer: PlanAnswer,
      tabId?: number,
    ): Promise<HandoffView> {
      return inLane(orgOf(record), () => answerPlan(e, { record, planId, answer, tabId }));
    },
    /**
     * "Use the bot's value": write the bot's value of one field the handoff kept (the record had
     * a value) over the record's, through the write queue; answers the record's view.
     */
    useBotValue(record: RecordRef, object: string, field: string): Promise<HandoffView> {
      return inLane(orgOf(record), () => useBotValue(e, record, object, field));
    },
  };
}

/** What the engine's steps share: its dependencies, its clock, its write queue and its echo memory. */
interface Engine {
  deps: EngineDeps;
  now(): number;
  writes: WriteQueue;
  said: SaidMemory;
  /** Messages this worker has read already (same record, id, author and text): see `read`. */
  readHere: RecentKeys;
  /**
   * A record whose handoffs land on another one, and that one (a MessagingSession's Case): asked of
   * the platform once per record in this worker, not on every view (each new message asks one).
   */
  borrowedTargets: RecentMap<string, RecordRef[]>;
}

/**
 * How many records' borrowed targets the worker keeps (the least recently viewed forgotten first):
 * a shift's records fit; one forgotten is asked of the platform again on its next view.
 */
const BORROWED_TARGETS_MAX = 500;

/**
 * How many messages the worker remembers having read. A read of the conversation through the API
 * answers the newest page again each time the page changes (dozens of messages, each once
 * hashed, looked up in the `seen` store and remembered for the echo check): what was read before
 * is skipped at once. Past this many, the oldest are forgotten and the `seen` store answers.
 */
const READ_HERE_MAX = 5_000;

/**
 * Runs work one at a time per key, in the order asked; a failure does not block the next. A lane
 * that ran dry is forgotten, so the worker holds only the lanes with work in flight.
 */
function laneRunner() {
  const lanes = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    lanes.set(key, tail);
    void tail.then(() => {
      if (lanes.get(key) === tail) lanes.delete(key);
    });
    return run;
  };
}

/** A view as answered: marked when this browser is set to Verify only (settings `writeMode`). */
async function withMode(e: Engine, answer: HandoffView): Promise<HandoffView> {
  return (await verifyOnly(e)) ? { ...answer, verifyOnly: true } : answer;
}

const verifyOnly = async (e: Engine) => (await e.deps.settings.get()).writeMode === 'verify-only';

/** Runs what is due without holding up the answer (a face asked; the worker may just have woken). */
function kick(e: Engine): void {
  void e.writes.runDue().catch(() => undefined);
}

// ─── Reading a record's messages ─────────────────────────────────────────────────────────────────

async function open(e: Engine, record: RecordRef): Promise<HandoffView> {
  // The agent is back on the record (maybe signed in again): writes waiting for a session go now.
  await e.writes.wakeForRecord(record);
  kick(e);
  const fieldNotice = await pullRecordFields(e, record);
  const notice = (await pullApiMessages(e, record)) ?? fieldNotice;
  return withReadNotice(await view(e, record), notice);
}

/**
 * Reads chat messages of a record's conversation, in posting order: what non-bot authors wrote
 * is remembered before any later message is judged (an unverified context that repeats it is
 * refused, echo.ts) — consecutive ones in one write — and every context is handled.
 */
async function read(
  e: Engine,
  record: RecordRef,
  messages: readonly ContextCandidate[],
): Promise<void> {
  const conversation = recordKey(record);
  let pending: Said[] = [];
  const flush = async () => {
    if (pending.length) await e.said.remember(pending);
    pending = [];
  };
  const done: string[] = [];
  for (const message of messages) {
    const key = `${conversation}|${message.platformMessageId}|${message.author}|${message.edited === true}|${textKey(message.text)}`;
    if (e.readHere.has(key)) continue;
    done.push(key);
    if (message.author !== 'bot') {
      pending.push({
        conversation,
        messageId: message.platformMessageId,
        by: saidBy(message.author),
        text: message.text,
        at: e.now(),
      });
    }
    if (!mayHoldContext(message.text)) continue;
    await flush();
    await handle(e, record, message, false);
  }
  await flush();
  // Remembered once handled (a failure above reads them again next time).
  for (const key of done) e.readHere.add(key);
}

/**
 * A record whose handoffs land on another one (a MessagingSession's on its Case) shows that
 * record's latest handoff, also one run from the Case's own tab. A record written itself (a Kustomer
 * conversation, with its customer) does not: the customer's latest may be another conversation's.
 */
async function latestOfTarget(
  e: Engine,
  record: RecordRef,
  accept?: (entry: JournalEntry) => boolean,
) {
  const key = recordKey(record);
  let targets = e.borrowedTargets.get(key);
  if (!targets) {
    try {
      targets = await e.deps.clientFor(record.platform).resolveTargets(record);
    } catch {
      return undefined; // no Case yet, or no session: the record's own state says why
    }
    // Only a link that held is kept: a session without a Case yet is asked again next time.
    e.borrowedTargets.set(key, targets);
  }
  if (targets.some((t) => recordKey(t) === key)) return undefined;
  for (const target of targets) {
    const key = recordKey(target);
    const entry = accept
      ? await e.deps.journal.latestWhere(key, accept)
      : await e.deps.journal.latestFor(key);
    if (entry) return entry;
  }
  return undefined;
}

/** A failed API read matters only while nothing else explains the record's state. */
const withReadNotice = (current: HandoffView, notice: Notice | undefined): HandoffView =>
  notice && !current.context ? forPanel({ ...current, notice }) : current;

/**
 * The handoff a record's view shows: its own latest, or the latest of the record it borrows. When
 * a context that was not used came after the latest trusted one (a customer typed a
 * context-looking message into a chat the bot had handed off), the trusted one is shown and the
 * refused one is `newer`: a secondary line, not the panel's state.
 */
async function shown(
  e: Engine,
  record: RecordRef,
): Promise<{ entry?: JournalEntry; newer?: JournalEntry }> {
  const key = recordKey(record);
  const latest = (await e.deps.journal.latestFor(key)) ?? (await latestOfTarget(e, record));
  if (!latest || isTrustedEntry(latest)) return { entry: latest };
  const trusted =
    (await e.deps.journal.latestWhere(key, isTrustedEntry)) ??
    (await latestOfTarget(e, record, isTrustedEntry));
  return trusted ? { entry: trusted, newer: latest } : { entry: latest };
}

const shownEntry = async (e: Engine, record: RecordRef) => (await shown(e, record)).entry;

/** Why the newer context was not used, as the line under the handoff the panel shows. */
function newerRefusal(newer: JournalEntry): Notice {
  const why = newer.notice ?? {
    code: 'context-untrusted' as const,
    message: 'Nobody vouches for it (not the bot, not signed), so nothing was written.',
  };
  return { code: why.code, message: `A newer context was not used. ${why.message}` };
}

/** An answer about the handoff the panel shows keeps the line of a newer refused context. */
async function withNewerRefusal(
  e: Engine,
  record: RecordRef,
  answer: HandoffView,
): Promise<HandoffView> {
  const { entry, newer } = await shown(e, record);
  const same = entry?.messageId === answer.context?.messageId;
  return newer && same ? { ...answer, newerRefusal: newerRefusal(newer) } : answer;
}

async function view(e: Engine, record: RecordRef): Promise<HandoffView> {
  const found = await shown(e, record);
  const current = await entryView(e, record, found.entry);
  return found.newer ? { ...current, newerRefusal: newerRefusal(found.newer) } : current;
}

async function entryView(
  e: Engine,
  record: RecordRef,
  shownNow: JournalEntry | undefined,
): Promise<HandoffView> {
  const { journal } = e.deps;
  let entry = shownNow;
  if (entry?.id === undefined) return { record, state: 'waiting', fields: [], at: e.now() };
  let queue = await e.writes.progress(entry.id);
  if (entry.state === 'pending' && !queue.some((q) => q.state !== 'failed')) {
    // Every write settled but the entry did not (the worker stopped in between): settle it now.
    await e.writes.settle(entry.id);
    entry = (await journal.get(entry.id)) ?? entry;
    queue = entry.id === undefined ? [] : await e.writes.progress(entry.id);
  }
  return viewOf(record, entry, queue);
}

/**
 * What the page showed, and the conversation as the platform's API lists it. Where the API lists
 * every message (`complete`), it is the reader and the page's messages are used only when it
 * fails; where it lists some (`partial`), the page's messages are read first (the bot's context
 * is there, and fast), then the API's. Answers why the API could not be read, if it could not.
 */
async function readConversation(
  e: Engine,
  record: RecordRef,
  pageMessages: CandidateMessage[],
): Promise<Notice | undefined> {
  const client = e.deps.clientFor(record.platform);
  if (!client.listMessages) {
    await read(e, record, pageMessages);
    return undefined;
  }
  if (client.messagesFromApi !== 'complete') await read(e, record, pageMessages);
  const pulling = pullApiMessages(e, record, pageMessages);
  // The page shows what may be a context: what its handoff reads first is asked meanwhile, once
  // the messages' request is on its way (their answer is what the handoff waits for first).
  if (pageMessages.some((m) => mayHoldContext(m.text))) {
    setTimeout(() => void client.prefetch?.(record), 0);
  }
  const notice = await pulling;
  if (notice && client.messagesFromApi === 'complete') await read(e, record, pageMessages);
  return notice;
}

/** Messages the page may not show (a virtualised timeline), from the platform's API. */
async function pullApiMessages(
  e: Engine,
  record: RecordRef,
  pageMessages: readonly CandidateMessage[] = [],
): Promise<Notice | undefined> {
  const client = e.deps.clientFor(record.platform);
  if (!client.listMessages) return undefined;
  // The page saw these messages with another text first: edited after they were posted. The API
  // shows only the last text, so what the page saw can only make the check stricter.
  const edited = new Set(pageMessages.filter((m) => m.edited).map((m) => m.platformMessageId));
  try {
    // Only what is new since the engine's last read: the page triggers one at every change.
    const messages = await client.listMessages(record, { newOnly: true });
    await read(
      e,
      record,
      messages.map((m) => ({
        ...m,
        source: 'api-messages' as const,
        ...(edited.has(m.platformMessageId) ? { edited: true as const } : {}),
      })),
    );
    return undefined;
  } catch (error) {
    if (error instanceof PlatformError) return noticeOf(error);
    throw error;
  }
}

/** The admin's record fields holding a context (settings `recordFieldSources`), read as the agent. */
async function pullRecordFields(e: Engine, record: RecordRef): Promise<Notice | undefined> {
  const sources = (await e.deps.settings.get()).recordFieldSources.filter(
    (s) => s.platform === record.platform,
  );
  if (sources.length === 0) return undefined;
  try {
    const client = e.deps.clientFor(record.platform);
    for (const candidate of await recordFieldCandidates(client, record, sources)) {
      await handle(e, record, candidate, false);
    }
    return undefined;
  } catch (error) {
    if (error instanceof PlatformError) return noticeOf(error);
    throw error;
  }
}

// ─── One message ─────────────────────────────────────────────────────────────────────────────────

/**
 * One candidate message: parsed, checked against the `seen` marks, checked for an edit, judged
 * (evaluateContext), journaled, and — when trusted — taken into the write queue.
 * `firstSeenAt`: when the message was first handled (Retry runs it again): only what was written
 * before that counts as echoed.
 */
async function handle(
  e: Engine,
  record: RecordRef,
  message: ContextCandidate,
  force: boolean,
  firstSeenAt?: number,
): Promise<void> {
  const source = message.source ?? 'transcript';
  const parsed = parseCandidate(message.text, source);
  if (!parsed.found) return;
  const digest = await sha256Hex(message.text);
  const seenKey = `${record.platform}:${record.org}|${message.platformMessageId}|${digest}`;
  if (!force && (await e.deps.journal.wasSeen(seenKey)) !== undefined) return;

  const entry = newEntry(e, record, message, digest);
  const edit = await editCheck(e, record, message);
  const evaluation = edit.edited
    ? editedEvaluation(parsed)
    : await evaluate(e, record, message, parsed, firstSeenAt);
  withEvaluation(entry, evaluation, message);
  await takeIn(e, { record, entry, evaluation, force, seenKey, edit });
}

/** The journal entry of a handoff, before it is judged (failed until a write says otherwise). */
function newEntry(
  e: Engine,
  record: RecordRef,
  message: ContextCandidate,
  digest: string,
): JournalEntry {
  return {
    recordKeys: [recordKey(record)],
    record,
    at: e.now(),
    source: message.source ?? 'transcript',
    ...(message.sourceDetail ? { sourceDetail: message.sourceDetail } : {}),
    messageId: message.platformMessageId,
    contextDigest: digest,
    text: message.text,
    author: message.author,
    fields: [],
    state: 'failed',
  };
}

/** Whether the message was edited after it was posted, and what to remember of its first text. */
interface EditCheck {
  edited: boolean;
  /** A made-up id (the page gave none) may name another message later: no edit check on it. */
  trackEdits: boolean;
  firstKey: string;
  firstDigest: string | undefined;
  editDigest: string;
}

/** Edited after it was posted: this message id was first seen with another text. */
async function editCheck(
  e: Engine,
  record: RecordRef,
  message: ContextCandidate,
): Promise<EditCheck> {
  const firstKey = firstTextKey(record, message.platformMessageId);
  const editDigest = await sha256Hex(textForEditCheck(message.text));
  const trackEdits = !isPositionalId(message.platformMessageId);
  const firstDigest = trackEdits ? await e.deps.journal.firstDigest(firstKey) : undefined;
  const edited =
    message.edited === true || (firstDigest !== undefined && firstDigest !== editDigest);
  return { edited, trackEdits, firstKey, firstDigest, editDigest };
}

/** evaluateContext with what the engine knows: the source's trust, the echo memory, the `seen` jtis. */
async function evaluate(
  e: Engine,
  record: RecordRef,
  message: ContextCandidate,
  parsed: Exclude<ParsedContext, { found: false }>,
  firstSeenAt: number | undefined,
): Promise<Evaluation> {
  const source = message.source ?? 'transcript';
  const client = e.deps.clientFor(record.platform);
  const settings = await e.deps.settings.get();
  return evaluateContext(parsed, {
    author: message.author,
    ...sourceTrust(source, message.sourceDetail, settings),
    // Chat messages only: an unverified context from the bot must not repeat someone else.
    ...(isChatSource(source)
      ? {
          saidBefore: (fingerprints) =>
            e.said.find({
              conversation: recordKey(record),
              messageId: message.platformMessageId,
              fingerprints,
              before: firstSeenAt ?? e.now(),
            }),
        }
      : {}),
    trust: settings.trust,
    now: e.now(),
    conversationIds: [record.id],
    sameConversation: sameConversationOn(record.platform),
    ownsConversation: ownsConversationOf(client, record),
    // A jti is a replay when another message used it; Retry of the same message is not.
    seenJti: async (jti, iss) => {
      const earlier = await e.deps.journal.wasSeen(jtiKey(iss, jti));
      if (earlier === undefined) return false;
      return (await e.deps.journal.get(earlier))?.messageId !== message.platformMessageId;
    },
  });
}

/** The judged context and its refusal, on the journal entry. */
function withEvaluation(
  entry: JournalEntry,
  evaluation: Evaluation,
  message: ContextCandidate,
): void {
  const context = judgedContext(evaluation, message);
  if (context) entry.context = context;
  if (evaluation.refusal) {
    entry.notice = { code: evaluation.refusal.code, message: evaluation.refusal.message };
    entry.state = 'failed';
  }
}

/**
 * A trusted context becomes a queued write in the same transaction as its journal entry; one
 * already taken in for this record is not taken twice (its entry is answered instead). Then the
 * marks: the message as seen, its first text, its `jti`.
 */
async function takeIn(
  e: Engine,
  handoff: {
    record: RecordRef;
    entry: JournalEntry;
    evaluation: Evaluation;
    force: boolean;
    seenKey: string;
    edit: EditCheck;
  },
): Promise<void> {
  const { record, entry, evaluation, force, seenKey, edit } = handoff;
  const { journal } = e.deps;
  const started = await journalOrQueue(e, record, entry, evaluation, force);
  const saved = started.entry;
  if (saved.id === undefined) return;
  // The first attempt runs now (what must wait is retried by the queue: timer, alarm, restart),
  // before the marks below, as before the queue: a resend after a crash in between finds the
  // handoff's row and takes nothing twice.
  if (started.fresh) await e.writes.run(saved.id).catch(() => undefined);
  await journal.markSeen(seenKey, saved.id);
  // The first text of a message is kept; an edit seen before the first (the content script
  // saw it change) leaves no text to compare with, so every later text is refused too.
  if (edit.trackEdits) {
    await journal.rememberFirst(
      edit.firstKey,
      edit.edited && edit.firstDigest === undefined ? EDITED_BEFORE_SEEN : edit.editDigest,
      saved.id,
    );
  }
  if (evaluation.jti && evaluation.issuer) {
    await journal.markSeen(jtiKey(evaluation.issuer, evaluation.jti), saved.id);
  }
}

/**
 * A refused context is journaled only; a trusted one is planned for the agent (confirm), planned
 * and compared with the record (Verify only: nothing is queued), or queued to be written.
 */
async function journalOrQueue(
  e: Engine,
  record: RecordRef,
  entry: JournalEntry,
  evaluation: Evaluation,
  force: boolean,
): Promise<{ entry: JournalEntry; fresh: boolean }> {
  if (evaluation.refusal) return { entry: await e.deps.journal.add(entry), fresh: false };
  const values = evaluation.values ?? {};
  const { writeMode } = await e.deps.settings.get();
  if (writeMode === 'auto') return e.writes.begin(entry, record, values, force);
  return { entry: await journalPlan(e, entry, record, values, writeMode), fresh: false };
}

// ─── postMessage ─────────────────────────────────────────────────────────────────────────────────

/**
 * A postMessage from an allowed origin (the content script checked the origin; checked again
 * here, as settings may have changed since the page loaded). A payload that is malformed or for
 * another conversation is journaled and shown as a notice; one from any other origin is ignored.
 */
async function postMessage(
  e: Engine,
  record: RecordRef,
  origin: string,
  data: unknown,
): Promise<void> {
  const settings = await e.deps.settings.get();
  if (!settings.postMessageOrigins.includes(origin)) return;
  const checked = checkPostMessage(data);
  if (!checked.ok) {
    return journalRefusedPost(e, record, origin, data, {
      code: 'post-message-invalid',
      message: `A message from ${origin} was ignored: ${checked.problem}. Nothing was written.`,
    });
  }
  const { conversationId, context } = checked.payload;
  if (!(await isOpenConversation(e, record, conversationId))) {
    return journalRefusedPost(e, record, origin, data, {
      code: 'post-message-conversation',
      message: `A handoff context from ${origin} for another conversation ('${conversationId.slice(0, 64)}') was ignored. Nothing was written.`,
    });
  }
  const id = (await sha256Hex(context)).slice(0, 32);
  await handle(
    e,
    record,
    {
      // Named by its content: the same context posted again (a reloaded frame) is the same.
      platformMessageId: `pm:${origin}:${id}`.slice(0, 200),
      author: 'unknown',
      text: context,
      source: 'post-message',
      sourceDetail: origin,
    },
    false,
  );
}

/** A refused postMessage, journaled once (the same payload again adds nothing). */
async function journalRefusedPost(
  e: Engine,
  record: RecordRef,
  origin: string,
  data: unknown,
  refusal: Notice,
): Promise<void> {
  const { journal } = e.deps;
  const digest = await sha256Hex(safeJson(data));
  const seenKey = `${record.platform}:${record.org}|pm-refused:${origin}|${digest}`;
  if ((await journal.wasSeen(seenKey)) !== undefined) return;
  const saved = await journal.add({
    recordKeys: [recordKey(record)],
    record,
    at: e.now(),
    source: 'post-message',
    sourceDetail: origin,
    messageId: `pm:${origin}:${digest.slice(0, 32)}`.slice(0, 200),
    contextDigest: digest,
    // Nothing to run again: Retry of this entry finds no context.
    text: '',
    author: 'unknown',
    fields: [],
    state: 'failed',
    notice: refusal,
  });
  if (saved.id !== undefined) await journal.markSeen(seenKey, saved.id);
}

/** Whether a conversation id is the open record's, or one the platform links to it. */
async function isOpenConversation(e: Engine, record: RecordRef, conv: string): Promise<boolean> {
  if (sameConversationOn(record.platform)(record.id, conv)) return true;
  const client = e.deps.clientFor(record.platform);
  if (!client.ownsConversation) return false;
  try {
    return (await client.ownsConversation(record, conv)) === true;
  } catch {
    return false;
  }
}

// ─── Confirm before writing ──────────────────────────────────────────────────────────────────────

export type PlanAnswer = 'fill' | 'not-now';

/**
 * The trusted context planned as a write would plan it (the records resolved and read), nothing
 * sent, and journaled with nothing queued. Settings `writeMode: 'confirm'`: for the agent; a plan
 * that writes nothing needs no answer (done). `verify-only`: each field also compared with what
 * the record holds (apply.ts `verifyTarget`), and settled at once as `verify-only`. A plan that
 * cannot be made (no session, the platform down) fails with why, and Retry plans again.
 */
async function journalPlan(
  e: Engine,
  entry: JournalEntry,
  record: RecordRef,
  values: ContextValues,
  mode: 'confirm' | 'verify-only',
): Promise<JournalEntry> {
  const { mappings, catalogs, journal, settings } = e.deps;
  const deps = { mappings, catalogs, client: e.deps.clientFor(record.platform), now: e.now };
  let next: JournalEntry;
  try {
    const { targets, work } = await resolveWork(deps, record);
    const fields = [];
    const names: Record<string, string> = {};
    for (const { target, mappings: m } of work) {
      if (mode === 'confirm') {
        fields.push(...(await planTarget(deps, target, m, values)));
        continue;
      }
      const compared = await verifyTarget(deps, target, m, values);
      fields.push(...compared.fields);
      if (compared.name !== undefined) names[recordKey(target)] = compared.name;
    }
    const keys = new Set([...entry.recordKeys, ...targets.map(recordKey)]);
    const planned = fields.some((f) => f.outcome === 'planned');
    const used = await mappingsUsed(work.flatMap((w) => w.mappings));
    next = { ...entry, targets, recordKeys: [...keys], fields, mappingsUsed: used };
    if (Object.keys(names).length) next.recordNames = names;
    if (mode === 'verify-only') next.verifiedAt = e.now();
    next.state =
      mode === 'verify-only' ? 'verify-only' : planned ? 'awaiting-confirmation' : 'done';
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    // The sign-in that cures it (Connect Salesforce) rides along: Retry plans again after it.
    const signIn = error.signIn ? { signIn: error.signIn } : {};
    next = {
      ...entry,
      state: 'failed',
      notice: { code: error.code, message: error.message, ...signIn },
    };
  }
  if (next.state === 'awaiting-confirmation') return journal.add(next);
  // Settled at once: kept as any settled handoff is (redaction).
  next.settledAt = e.now();
  const { redaction } = await settings.get();
  return journal.add(redaction === 'none' ? next : await redactEntry(next, redaction));
}

const PLAN_STATES: ReadonlySet<HandoffView['state']> = new Set([
  'awaiting-confirmation',
  'declined',
]);

/** When the plan clicked is not the one the record's panel shows now, or was answered already. */
const PLAN_GONE: Notice = {
  code: 'plan-changed',
  message:
    'Nothing more was written: that plan was answered already, or a newer handoff replaced it.',
};

/**
 * **Fill N fields**: the plan's `planned` fields become the handoff's writes in the durable queue,
 * kept to the plan (apply.ts `keepToConfirmed`): each attempt reads the record again, so a field
 * the agent filled meanwhile is kept under fill-empty, and nothing the plan did not show is
 * written. **Not now**: nothing is written; the plan stays, to be filled later.
 */
async function answerPlan(
  e: Engine,
  asked: { record: RecordRef; planId: number; answer: PlanAnswer; tabId?: number },
): Promise<HandoffView> {
  const { record, planId } = asked;
  const { journal } = e.deps;
  const entry = await shownEntry(e, record);
  if (entry?.id !== planId || !PLAN_STATES.has(entry.state)) {
    return { ...(await view(e, record)), notice: PLAN_GONE };
  }
  // Verify only: nothing is queued (the write queue would refuse to send it too); the plan stays.
  if (asked.answer === 'fill' && (await verifyOnly(e))) {
    return { ...(await view(e, record)), notice: VERIFY_ONLY_NOTICE };
  }
  if (asked.answer === 'not-now') {
    await journal.update({ ...entry, id: planId, state: 'declined', declinedAt: e.now() });
    return view(e, record);
  }
  const planned = entry.fields.filter((f) => f.outcome === 'planned');
  const confirmed = Object.fromEntries(
    planned.map((f) => [confirmedKey(f.object, f.field), f.value]),
  );
  const next: JournalEntry = {
    ...entry,
    confirmedAt: e.now(),
    confirmedBy: confirmedBy(asked.tabId),
    fields: entry.fields.map((f) => (f.outcome === 'planned' ? { ...f, outcome: 'pending' } : f)),
  };
  // Forced: the agent asked for this plan, also of a context written before (Retry planned it again).
  const started = await e.writes.begin(
    next,
    entry.record,
    entry.context?.values ?? {},
    true,
    confirmed,
  );
  if (started.fresh) await e.writes.run(started.entry.id).catch(() => undefined);
  return view(e, record);
}

/**
 * Who pressed **Fill N fields**, as far as the background knows it: the agent of this browser,
 * in the console tab that asked. The platform's user is not asked (one more request a handoff,
 * and an API key's user would not be the agent).
 */
const confirmedBy = (tabId: number | undefined) =>
  tabId === undefined ? "this browser's agent" : `this browser's agent, console tab ${tabId}`;

// ─── Verify now, Retry ───────────────────────────────────────────────────────────────────────────

async function verifyNow(
  e: Engine,
  record: RecordRef,
  pageMessages: CandidateMessage[],
): Promise<HandoffView> {
  const { journal } = e.deps;
  const settings = await e.deps.settings.get();
  const client = e.deps.clientFor(record.platform);
  const deps = { mappings: e.deps.mappings, catalogs: e.deps.catalogs, client, now: e.now };
  const entry = await journal.latestWhere(recordKey(record), isTrustedEntry);
  if (entry?.id === undefined) {
    // Not a handoff this browser saw: found on the platform, compared, journaled as checked only.
    const checked = await verifyAnywhere({ ...deps, settings }, record, pageMessages);
    if ('notice' in checked) return { ...(await view(e, record)), verifyNotice: checked.notice };
    return viewOf(record, await journal.add(checked.entry), []);
  }
  const context = await contextValuesFor(entry, client, settings, pageMessages);
  const result =
    'notice' in context
      ? { fields: entry.fields, verifyNotice: context.notice }
      : await verifyEntry(deps, entry, context.values);
  // Re-read: the queue may have settled the entry while the platform answered.
  const latest = (await journal.get(entry.id)) ?? entry;
  const next = verifiedEntry(latest, result);
  await journal.update({ ...next, id: entry.id });
  return viewOf(record, next, await e.writes.progress(entry.id));
}

/**
 * The widget's Retry, only where it can help (lib/handoff/retry-helps.ts): writes waiting or
 * given up are tried now (a waiting one without using up an attempt); a handoff that failed
 * before its writes were queued runs its context again. A refused value or a context not used is
 * left as it is, so the summary keeps what was written. The answer carries a trace of the try.
 */
async function retry(e: Engine, record: RecordRef): Promise<HandoffView> {
  const before = await view(e, record);
  const last = await shownEntry(e, record);
  if (!last || last.id === undefined || !retryHelps(before)) {
    return { ...before, lastRetry: { at: e.now(), outcome: 'nothing-new' } };
  }
  const at = e.now();
  if (await e.writes.retryNow(last.id)) {
    // Writes waiting or failed: the same handoff tries them now.
    await e.writes.run(last.id);
  } else if (last.redacted) {
    return { ...before, notice: REDACTED_NOTICE };
  } else {
    await handle(e, last.record, contextMessageOf(last), true, last.at);
  }
  const after = await view(e, record);
  const lastRetry: RetryTrace = { at, outcome: retryOutcome(after) };
  // Kept on the entry the view shows, so polls and re-renders keep the trace.
  const shown = await shownEntry(e, record);
  if (shown?.id !== undefined) await e.deps.journal.update({ ...shown, lastRetry, id: shown.id });
  return { ...after, lastRetry };
}

const contextMessageOf = (entry: JournalEntry): ContextCandidate => ({
  platformMessageId: entry.messageId,
  author: entry.author as CandidateMessage['author'],
  text: entry.text,
  source: entry.source,
  sourceDetail: entry.sourceDetail,
});

function retryOutcome(after: HandoffView): RetryTrace['outcome'] {
  if (after.queue?.some((q) => q.state !== 'failed')) return 'retrying';
  return after.state === 'failed' ? 'failed' : 'written';
}

/**
 * The record's handoff (as its view shows it) writes the bot's value of a field it kept, once the
 * agent confirmed. Only a kept field of a trusted context whose values the journal still holds.
 */
async function useBotValue(
  e: Engine,
  record: RecordRef,
  object: string,
  field: string,
): Promise<HandoffView> {
  const entry = await shownEntry(e, record);
  const kept = entry?.fields.find(
    (f) =>
      f.object === object &&
      f.field === field &&
      f.outcome === 'skipped' &&
      f.reason === 'kept-existing',
  );
  const target = entry?.targets?.find((t) => t.object === object);
  if (entry?.id === undefined || !kept || !target || !isTrustedEntry(entry)) {
    return { ...(await view(e, record)), notice: NOT_KEPT_NOTICE };
  }
  if (entry.redacted || !entry.context) {
    return { ...(await view(e, record)), notice: REDACTED_NOTICE };
  }
  // Verify only: nothing is queued (the write queue would refuse to send it too).
  if (await verifyOnly(e)) return { ...(await view(e, record)), notice: VERIFY_ONLY_NOTICE };
  await e.writes.choose({ ...entry, id: entry.id }, target, kept.field, entry.context.values);
  await e.writes.run(entry.id);
  return view(e, record);
}

const NOT_KEPT_NOTICE: Notice = {
  code: 'field-not-kept',
  message:
    "That field is no longer one this handoff kept, so the bot's value was not written. Check the field on the record.",
};

const REDACTED_NOTICE: Notice = {
  code: 'context-redacted',
  message:
    "This handoff's context was redacted when it settled (your admin's privacy settings keep no values), so Retry cannot run it again. Fill the fields by hand, or ask the bot to post the context again.",
};

/** The `seen` row of a signed context's `jti`, per issuer (replay protection, also across restarts). */
const jtiKey = (iss: string, jti: string) => `jti|${iss}|${jti}`;

/** The `seen` row holding the digest of a message's first text (edit detection), per org. */
const firstTextKey = (record: RecordRef, messageId: string) =>
  `first|${record.platform}:${record.org}|${messageId}`;

/** The first digest of a message whose edit was seen before its first text reached the background. */
const EDITED_BEFORE_SEEN = 'edited-before-seen';

function safeJson(data: unknown): string {
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return String(data);
  }
}

function viewOf(record: RecordRef, entry: JournalEntry, queue: WriteProgress[]): HandoffView {
  // While writes are retried automatically, that is the only message (the queue's line): a
  // notice is shown only when the agent has something to do — sign in again for a session wait.
  const waiting = queue.find(
    (q) => q.state !== 'failed' && isSessionWait(q.lastError?.code),
  )?.lastError;
  const notice = entry.notice ?? waiting;
  const recordNames = recordNamesOf(entry);
  return forPanel({
    record,
    targets: entry.targets,
    ...(recordNames ? { recordNames } : {}),
    state: entry.state,
    ...(entry.id !== undefined && PLAN_STATES.has(entry.state) ? { planId: entry.id } : {}),
    ...(queue.length ? { queue } : {}),
    // Entries from before sources were recorded came from the transcript.
    context: entry.context && { source: entry.source ?? 'transcript', ...entry.context },
    fields: entry.fields,
    notice,
    at: entry.at,
    ...(entry.verifiedAt !== undefined ? { verifiedAt: entry.verifiedAt } : {}),
    ...(entry.verifyNotice ? { verifyNotice: entry.verifyNotice } : {}),
    ...(entry.lastRetry ? { lastRetry: entry.lastRetry } : {}),
  });
}

export type HandoffEngine = ReturnType<typeof handoffEngine>;
