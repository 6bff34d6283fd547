/**
 * The QA journal's words and the filter form's conversions, apart from the markup so they read
 * (and are tested) in one place.
 */
import type { Trust } from '../../lib/context/evaluate';
import type { ContextSource } from '../../lib/context/types';
import type { FieldOutcomeKind, FieldVerification } from '../../lib/handoff/types';
import type {
  JournalFieldOutcome,
  JournalFilters,
  JournalStatusFilter,
} from '../../lib/journal/filter';
import type { FieldCounts, HandoffStatus } from '../../lib/journal/summary';
import type { PlatformId } from '../../lib/platforms/types';

/** A Record over the statuses: a new handoff state cannot be added without its words here. */
export const statusWords: Record<HandoffStatus, string> = {
  done: 'Done',
  pending: 'Pending',
  failed: 'Failed',
  refused: 'Refused context',
  waiting: 'Waiting',
  'awaiting-confirmation': 'Awaiting confirmation',
  declined: 'Declined (Not now)',
  'verify-only': 'Verify only (nothing written)',
};

export const statusFilterWords: Record<JournalStatusFilter, string> = {
  done: 'Done',
  pending: 'Pending',
  failed: 'Failed',
  'awaiting-confirmation': 'Awaiting confirmation',
  declined: 'Declined (Not now)',
  'verify-only': 'Verify only (nothing written)',
  'refused-context': 'Refused context',
  'has-refused-fields': 'Has refused fields',
  'has-different-fields': 'Has different fields',
};

export const fieldOutcomeFilterWords: Record<JournalFieldOutcome, string> = {
  written: 'Written',
  refused: 'Refused',
  kept: 'Kept (record’s value)',
  skipped: 'Skipped',
  pending: 'Pending',
  planned: 'Planned, not confirmed',
  checked: 'Compared only (not written here)',
  verified: 'Verified',
  different: 'Different',
};

type Caveats = Pick<FieldCounts, 'refused' | 'different'>;

/**
 * A status as QA reads it, with what its fields add: "Done with 3 refused", "Done with 1
 * different", "Failed with 2 refused, 1 different". The status itself stays the one vocabulary
 * (HandoffStatus) that the filters and exports use; these words are made from it and the counts.
 */
export function statusText(status: HandoffStatus, counts: Caveats): string {
  const words = statusWords[status] ?? status;
  const caveats = [
    counts.refused > 0 ? `${counts.refused} refused` : '',
    counts.different > 0 ? `${counts.different} different` : '',
  ].filter((c) => c !== '');
  return caveats.length ? `${words} with ${caveats.join(', ')}` : words;
}

/**
 * The badge's classes: the status's colour, except that a Done with refused or different fields
 * is amber (`qa-status--caveat`), never the green of a clean Done.
 */
export const statusClass = (status: HandoffStatus, counts: Caveats): string =>
  `badge qa-status qa-status--${status}${counts.refused > 0 || counts.different > 0 ? ' qa-status--caveat' : ''}`;

export const sourceWords: Record<ContextSource, string> = {
  transcript: 'Transcript',
  'api-messages': 'API messages',
  'post-message': 'postMessage',
  'record-field': 'Record field',
};

export const trustWords: Record<Trust, string> = {
  signed: 'Signed',
  'bot-authored': 'Bot-authored',
  'trusted-source': 'Trusted source',
  unverified: 'Unverified',
  refused: 'Refused',
};

export const formWords: Record<'signed' | 'json' | 'key-value', string> = {
  signed: 'Signed (JWS)',
  json: 'JSON',
  'key-value': 'Key–value',
};

export const outcomeWords: Record<FieldOutcomeKind, string> = {
  written: 'Written',
  skipped: 'Skipped',
  refused: 'Refused',
  pending: 'Pending',
  planned: 'Planned, not confirmed',
  checked: 'Compared only (not written here)',
};

const skipReasons: Record<string, string> = {
  empty: 'empty in the context',
  unchanged: 'already this value',
  'kept-existing': 'kept the existing value',
  'verify-only': 'would be written; not written (Verify only)',
};

/** A field's reason as QA reads it: the skip codes in words, a refusal's message as it came. */
export const reasonWords = (reason: string | undefined): string =>
  reason === undefined ? '' : (skipReasons[reason] ?? reason);

export const verificationWords: Record<FieldVerification['state'], string> = {
  verified: 'Verified',
  different: 'Different',
};

export const verifiedByWords: Record<FieldVerification['by'], string> = {
  write: 'read back after the write',
  'verify-now': 'Verify now',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
/** A moment in the reader's time zone, e.g. "21 Nov 2026, 10:00:00". */
export const localDateTime = (ms: number): string => dateTime.format(new Date(ms));

/** What the filter form holds: the inputs' own strings ('' for "any"). */
export interface QaFilterForm {
  /** `YYYY-MM-DD` of an `<input type="date">`, in the reader's time zone. */
  from: string;
  to: string;
  platform: '' | PlatformId;
  status: '' | JournalStatusFilter;
  field: string;
  /** The field filter's outcome ('' for any). */
  outcome: '' | JournalFieldOutcome;
}

export const emptyFilterForm: QaFilterForm = {
  from: '',
  to: '',
  platform: '',
  status: '',
  field: '',
  outcome: '',
};

/** Local midnight at the start of a `YYYY-MM-DD` day, plus `days`; undefined for anything else. */
function localDayStart(date: string, days = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = new Date(y, m - 1, d + days).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The filters to send, or the problem with the form. The dates are whole local days: "from" is its
 * midnight, "to" includes the whole day (up to the next midnight, exclusive).
 */
export function filtersFromForm(
  form: QaFilterForm,
): { ok: true; filters: JournalFilters } | { ok: false; error: string } {
  const from = localDayStart(form.from);
  const to = localDayStart(form.to, 1);
  if (from !== undefined && to !== undefined && from >= to) {
    return { ok: false, error: 'The "to" date is before the "from" date: no handoff can match.' };
  }
  const field = form.field.trim();
  return {
    ok: true,
    filters: {
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(form.platform ? { platform: form.platform } : {}),
      ...(form.status ? { status: form.status } : {}),
      ...(field ? { field: field.slice(0, 200) } : {}),
      ...(form.outcome ? { outcome: form.outcome } : {}),
    },
  };
}

export const isFiltered = (form: QaFilterForm): boolean =>
  Object.values(form).some((v) => v.trim() !== '');

const number = new Intl.NumberFormat();
const handoffs = (n: number) => `${number.format(n)} ${n === 1 ? 'handoff' : 'handoffs'}`;

/** The live count: "3 of 1,204 handoffs match", "1,204 handoffs", or that none match. */
export function matchWords(matched: number, total: number, filtered: boolean): string {
  if (total === 0) return 'The journal has no handoff yet.';
  if (!filtered) return `${handoffs(total)} in the journal`;
  if (matched === 0) return `No handoff matches these filters (${handoffs(total)} in the journal).`;
  return `${number.format(matched)} of ${handoffs(total)} match`;
}
