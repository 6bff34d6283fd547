/**
 * The words the widget uses for a HandoffView. Kept apart from the markup so the wording can be
 * reviewed (and tested) in one place, and so every component says the same thing the same way.
 */
import type { ContextValue } from '../../lib/context/types';
import type {
  FieldOutcome,
  FieldOutcomeKind,
  FieldVerification,
  GaveUpAlert,
  HandoffView,
  NoticeCode,
  RetryTrace,
  WriteProgress,
} from '../../lib/handoff/types';
import { recordKey } from '../../lib/platforms/record-key';
import type { RecordRef } from '../../lib/platforms/types';
import { waitsForConnect } from './sign-in';

export type NoticeSeverity = 'error' | 'warning' | 'info';

/**
 * Errors need the agent (or an admin) to act before anything can be written; warnings explain why
 * this context was not (fully) applied; info is neutral. A Record, so a new NoticeCode cannot be
 * added without deciding how loud it is.
 */
const severityByCode: Record<NoticeCode, NoticeSeverity> = {
  'session-missing': 'error',
  'session-expired': 'error',
  'api-access-denied': 'error',
  'api-disabled': 'error',
  'record-not-found': 'error',
  internal: 'error',
  'invalid-settings': 'error',
  'managed-by-policy': 'error',
  'context-redacted': 'warning',
  'nothing-to-verify': 'info',
  'plan-changed': 'info',
  'field-not-kept': 'warning',
  'verify-only': 'info',
  'connect-needed': 'error',
  'connect-not-set-up': 'error',
  'wrong-user': 'error',
  'connect-failed': 'error',
  'context-invalid': 'warning',
  'context-untrusted': 'warning',
  'context-signature': 'warning',
  'context-policy': 'warning',
  'context-quoted': 'warning',
  'context-lookalike': 'warning',
  'context-inline': 'warning',
  'context-echoed': 'warning',
  'context-unsigned-source': 'warning',
  'context-edited': 'warning',
  'post-message-invalid': 'warning',
  'post-message-conversation': 'warning',
  'rate-limited': 'warning',
  'platform-unavailable': 'warning',
  network: 'warning',
  'catalog-unavailable': 'warning',
  'no-mappings': 'info',
  'record-unresolved': 'info',
};

export const noticeSeverity = (code: NoticeCode): NoticeSeverity => severityByCode[code] ?? 'error';

/** Read by screen readers before the message, since the banner's colour is not seen by all. */
export const severityPrefix: Record<NoticeSeverity, string> = {
  error: 'Error: ',
  warning: 'Warning: ',
  info: 'Note: ',
};

const skipWords: Record<string, string> = {
  empty: 'skipped: empty in the context',
  unchanged: 'skipped: already this value',
  'kept-existing': 'kept the existing value',
  'verify-only': 'not written: Verify only',
};

/** A mapped field the bot did not send: folded under "N not in this handoff", not "skipped". */
export const isNotInHandoff = (f: FieldOutcome): boolean =>
  f.outcome === 'skipped' && f.reason === 'empty';

/** A field the handoff kept (the record had a value) whose bot value the agent may still choose. */
export const canUseBotValue = (f: FieldOutcome): boolean =>
  f.outcome === 'skipped' && f.reason === 'kept-existing' && f.value !== null;

/**
 * A field's value as the console shows it: picklist labels (the background's `display`), dates
 * and times in the agent's locale; the stored text when nothing better is known.
 */
export function fieldValueText(f: FieldOutcome): string | null {
  if (f.value === null) return null;
  if (f.dateKind) return localDate(f.value, f.dateKind) ?? f.value;
  return f.display ?? f.value;
}

/** An ISO date (a calendar day, no zone) or date-time, in the agent's locale; null if not one. */
export function localDate(value: string, kind: 'date' | 'datetime'): string | null {
  if (kind === 'date') {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!day) return null;
    const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    return new Date(at).toLocaleDateString([], { timeZone: 'UTC', dateStyle: 'medium' });
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** The badge text of one field's outcome. Refusal reasons are shown beside the badge, not in it. */
export function outcomeWords(field: FieldOutcome): string {
  switch (field.outcome) {
    case 'written':
      return 'written';
    case 'refused':
      return 'refused';
    case 'pending':
      return 'writing…';
    case 'planned':
      return 'to fill';
    case 'checked':
      return 'compared';
    case 'skipped':
      return (
        skipWords[field.reason ?? ''] ?? (field.reason ? `skipped: ${field.reason}` : 'skipped')
      );
  }
}

/**
 * What the read-back found for a field, beside its outcome: the platform's value is named when it
 * differs from what the context says, so the agent sees both without opening the record.
 */
export function verificationWords(v: FieldVerification): string {
  const found =
    v.state === 'verified'
      ? 'verified'
      : v.actual === null
        ? 'differs: the record is empty'
        : `differs: the record has '${v.actual}'`;
  return v.mappingChanged ? `${found} (mapping changed since the handoff)` : found;
}

/** Fields whose read-back differs from the context (the record changed, or a value was kept). */
export const countDifferent = (fields: readonly FieldOutcome[]): number =>
  fields.filter((f) => f.verification?.state === 'different').length;

export type OutcomeCounts = Record<FieldOutcomeKind, number>;

export function countOutcomes(fields: readonly FieldOutcome[]): OutcomeCounts {
  const counts: OutcomeCounts = {
    written: 0,
    skipped: 0,
    refused: 0,
    pending: 0,
    planned: 0,
    checked: 0,
  };
  for (const f of fields) counts[f.outcome] += 1;
  return counts;
}

/**
 * The one-line summary, as parts the widget separates with "·" ("5 written · 2 skipped").
 * Zero counts are left out so the line stays short enough for the collapsed pill.
 */
export function summaryParts(view: HandoffView | null): string[] {
  // No answer yet for this record: loading, which is not the same as waiting for the bot.
  if (!view) return ['Loading…'];
  // This browser never writes (settings `writeMode`): said first, on every view.
  if (view.state === 'verify-only') {
    // Compared only: in verify-only mode, or by Verify now of a handoff this browser never saw.
    const what = view.verifyOnly
      ? ['Verify only', 'nothing written']
      : ['Compared, not written here'];
    return [...what, ...checkParts(view)];
  }
  return view.verifyOnly ? ['Verify only', ...outcomeParts(view)] : outcomeParts(view);
}

/** What the comparison found: "4 match · 1 different" (or that there was nothing to compare). */
function checkParts(view: HandoffView): string[] {
  const matched = view.fields.filter((f) => f.verification?.state === 'verified').length;
  const different = countDifferent(view.fields);
  const refused = countOutcomes(view.fields).refused;
  const parts = matched ? [`${matched} match`] : [];
  if (different) parts.push(`${different} different`);
  if (refused) parts.push(`${refused} refused`);
  return parts.length ? parts : ['nothing to compare'];
}

function outcomeParts(view: HandoffView): string[] {
  const counts = countOutcomes(view.fields);
  // Fields the bot did not send are not news: they are folded in the panel, left out here.
  const skipped = counts.skipped - view.fields.filter(isNotInHandoff).length;
  const parts: string[] = [];
  // A plan waiting for the agent comes first: it is what the agent is asked about.
  if (counts.planned) {
    parts.push(`${counts.planned} ${view.state === 'declined' ? 'not filled' : 'to confirm'}`);
  }
  if (counts.written) parts.push(`${counts.written} written`);
  if (counts.checked) parts.push(`${counts.checked} compared`);
  if (skipped) parts.push(`${skipped} skipped`);
  if (counts.refused) parts.push(`${counts.refused} refused`);
  const retrying = nextAutomaticAttempt(view);
  // Writes that wait for the agent's Connect: that, not a clock time, is what they wait for.
  const forConnect = (view.queue ?? []).some(waitsForConnect);
  // Waiting fields are the retry's: one message for them, not "writing…" beside it.
  if (counts.pending && retrying === undefined && !forConnect) {
    parts.push(`${counts.pending} writing…`);
  }
  const different = countDifferent(view.fields);
  if (different) parts.push(`${different} ${different === 1 ? 'differs' : 'differ'}`);
  if (forConnect) {
    parts.push(`${counts.pending ? `${counts.pending} ` : ''}waiting for you to connect`);
  } else if (retrying !== undefined) parts.push(`retrying at ${timeWords(retrying)}`);
  const severity = view.notice ? noticeSeverity(view.notice.code) : null;
  if (parts.length > 0) {
    // "waiting for you to connect" already says what the agent does.
    if (severity === 'error' && !forConnect) parts.push('needs attention');
    return parts;
  }
  if (view.state === 'pending') return ['Writing…'];
  if (severity === 'error' || severity === 'warning') return ['Nothing written', 'needs attention'];
  if (severity === 'info') return ['Nothing written'];
  return view.context ? ['No mapped fields in this context'] : ['Waiting for context'];
}

/** The widget's overall tone: drives the pill's dot and the panel's accent, never the only signal. */
export type Tone = 'error' | 'warning' | 'busy' | 'ok' | 'neutral';

export function viewTone(view: HandoffView | null): Tone {
  if (!view) return 'neutral';
  const counts = countOutcomes(view.fields);
  const severity = view.notice ? noticeSeverity(view.notice.code) : null;
  if (counts.refused > 0 || severity === 'error' || view.state === 'failed') return 'error';
  const waitsForAgent = view.state === 'awaiting-confirmation';
  if (severity === 'warning' || waitsForAgent || countDifferent(view.fields) > 0) return 'warning';
  if (counts.pending > 0 || view.state === 'pending') return 'busy';
  if (counts.written > 0) return 'ok';
  return 'neutral';
}

/**
 * Retry only where it can help, as the background decided for the view (lib/handoff/retry-helps.ts:
 * a write waiting or given up, a session, network or outage failure; never a refused value or a
 * context that was not used).
 */
export function canRetry(view: HandoffView | null): boolean {
  return view?.retryHelps === true;
}

/** When the queue next tries a write of this handoff by itself, if one waits to be retried. */
function nextAutomaticAttempt(view: HandoffView): number | undefined {
  const times = (view.queue ?? []).flatMap((q) =>
    q.state === 'retrying' && q.nextAttemptAt !== undefined ? [q.nextAttemptAt] : [],
  );
  return times.length ? Math.min(...times) : undefined;
}

/** A clock time with seconds, in the agent's locale: when the next attempt of a write is due. */
export const timeWords = (at: number): string =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * One line per write of the durable queue that is not done: queued, waiting to be retried (with
 * the time of the next attempt: the only message while automatic retries run, with nothing for the
 * agent to do), or given up after several attempts. A write that failed on its first attempt
 * needs no line: the notice says why, and Retry is there. `named`: the record is named (a handoff
 * that writes several records, or another record than the open one).
 */
export function queueWords(item: WriteProgress, named = false): string | null {
  const where = recordWords(item.target);
  switch (item.state) {
    case 'pending':
      if (item.attempts > 0) return named ? `Trying ${where} again now…` : 'Trying again now…';
      return named ? `Writing ${where}…` : 'Writing…';
    case 'retrying': {
      // The notice above says to connect; the write goes as soon as the agent has.
      if (waitsForConnect(item)) {
        return named
          ? `${where} not written yet: it is written once you connect.`
          : 'Not written yet: it is written once you connect.';
      }
      const when = item.nextAttemptAt === undefined ? '' : ` at ${timeWords(item.nextAttemptAt)}`;
      // A session wait is explained by its notice: the agent signs in, then it goes at once.
      if (waitsForSession(item)) return `Not written yet: retrying automatically${when}.`;
      return named
        ? `Retrying ${where} automatically${when} — nothing to do`
        : `Retrying automatically${when} — nothing to do`;
    }
    case 'failed':
      return item.attempts > 1 ? `${where} was not written after ${item.attempts} attempts.` : null;
  }
}

const waitsForSession = (item: WriteProgress) => item.lastError?.code === 'session-missing';

/** The trace of the agent's last Retry: "Tried again at 10:44:03: still not written." */
export function retryTraceWords(trace: RetryTrace | undefined, view: HandoffView): string | null {
  // Shown while it still says how things stand (retried automatically since, and written or
  // given up: the panel says that instead).
  if (!trace || (trace.outcome !== 'nothing-new' && traceState[trace.outcome] !== view.state)) {
    return null;
  }
  return `Tried again at ${timeWords(trace.at)}: ${retryOutcomeWords[trace.outcome]}`;
}

const traceState: Record<RetryTrace['outcome'], HandoffView['state']> = {
  written: 'done',
  retrying: 'pending',
  failed: 'failed',
  'nothing-new': 'waiting',
};

const retryOutcomeWords: Record<RetryTrace['outcome'], string> = {
  written: 'written.',
  retrying: 'not written yet, retrying automatically.',
  failed: 'still not written.',
  'nothing-new': 'nothing Retry can change; see above.',
};

/**
 * The console tabs' alert when writes gave up on records other than the open one, so the agent
 * sees it from whichever chat they are in.
 */
export function gaveUpWords(alerts: readonly GaveUpAlert[]): string | null {
  const [first] = alerts;
  if (!first) return null;
  const others = alerts.length - 1;
  return others === 0
    ? `A write gave up on ${recordWords(first.target)} — open it to retry`
    : `Writes gave up on ${recordWords(first.target)} and ${others} other record${others === 1 ? '' : 's'} — open them to retry`;
}

/** The alerts about records this view does not show (the open one says it in its own panel). */
export function gaveUpElsewhere(
  alerts: readonly GaveUpAlert[],
  view: HandoffView | null,
): GaveUpAlert[] {
  const here = [view?.record, ...(view?.targets ?? [])].flatMap((r) =>
    r ? [`${r.platform}|${r.org}|${r.object}|${r.id}`] : [],
  );
  return alerts.filter(
    ({ target: t }) => !here.includes(`${t.platform}|${t.org}|${t.object}|${t.id}`),
  );
}

/** While a write is pending or retrying the widget re-asks for the view (mount.tsx); else it waits. */
export function needsPoll(view: HandoffView | null): boolean {
  if (!view) return false;
  return view.state === 'pending' || (view.queue ?? []).some((q) => q.state !== 'failed');
}

export const formWords: Record<NonNullable<HandoffView['context']>['form'], string> = {
  signed: 'signed',
  json: 'JSON',
  'key-value': 'key–value',
};

const authorWords: Record<string, string> = {
  bot: 'the bot',
  customer: 'the customer',
  agent: 'an agent',
  system: 'the system',
  unknown: 'an unknown author',
};

export function trustWords(context: NonNullable<HandoffView['context']>): string {
  switch (context.trust) {
    case 'bot-authored':
      return 'from the bot';
    case 'trusted-source':
      // Unverified, but from a source the admin trusts like the bot.
      return context.source === 'record-field' ? 'from a trusted field' : 'from an allowed origin';
    case 'signed':
      // A signed context is valid whoever posted it: name the issuer, not the poster.
      return context.issuer ? `signed by ${context.issuer}` : 'signed, signature verified';
    case 'unverified':
      return `not used: posted by ${authorWords[context.author] ?? context.author}`;
    case 'refused':
      return 'refused';
  }
}

/** Where the context came from, shown beside its form: the agent sees what vouched for it. */
export function sourceWords(context: NonNullable<HandoffView['context']>): string {
  const detail = context.sourceDetail;
  switch (context.source) {
    case 'api-messages':
      return 'conversation messages (API)';
    case 'post-message':
      return detail ? `message from ${detail}` : 'message from a frame';
    case 'record-field':
      return detail ? `field ${detail}` : 'record field';
    default:
      return 'chat message';
  }
}

/**
 * A record as its console names it ("Case 00001026", "conversation with Jane Doe": the view's
 * `recordNames`), else by its object and id.
 */
export const recordWords = (record: RecordRef, names?: Record<string, string>): string =>
  names?.[recordKey(record)] ?? recordId(record);

/** A record by its object and id: the detail behind its name. */
export const recordId = (record: RecordRef): string => `${record.object} ${record.id}`;

/** How a context value reads in the widget. Empty values are shown as such, never as blank space. */
export function contextValueText(value: ContextValue): string {
  if (value === null) return '(empty)';
  if (typeof value === 'string') return value.trim() === '' ? '(empty)' : value;
  return String(value);
}

export const isEmptyContextValue = (value: ContextValue): boolean =>
  value === null || (typeof value === 'string' && value.trim() === '');
