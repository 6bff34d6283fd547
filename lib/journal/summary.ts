/**
 * What one journal entry comes to for QA: its status (a refused context is told apart from a failed
 * write) and how its fields ended (written, skipped, refused, pending; verified or different when
 * read back). The QA table's row is built from these, and the filters and the export use them too,
 * so every face counts alike.
 */
import type { RefusalCode } from '../context/evaluate';
import { type Trust, WRITABLE_TRUST } from '../context/trust';
import type { ContextSource } from '../context/types';
import type { FieldOutcome, NoticeCode } from '../handoff/types';
import { recordUrl } from '../platforms/console-tabs';
import { recordKey } from '../platforms/record-key';
import type { PlatformId, RecordRef } from '../platforms/types';
import type { JournalEntry } from '../store/journal-schema';
import { recordNamesOf } from './record-names';

/** `refused`: the context itself was not used (untrusted, spoofed, invalid): nothing was planned. */
export type HandoffStatus =
  | 'done'
  | 'pending'
  | 'failed'
  | 'refused'
  | 'waiting'
  /** Settings `writeMode: 'confirm'`: planned, waiting for the agent's Fill N fields. */
  | 'awaiting-confirmation'
  /** The agent pressed Not now: nothing written. */
  | 'declined'
  /** Read and compared with the record only, nothing sent: settings `writeMode: 'verify-only'`, or Verify now of a handoff this browser did not write. */
  | 'verify-only';

/**
 * The notices that say a context was refused before any write was planned. A Record over
 * RefusalCode, so a new refusal cannot be added without deciding whether it counts here.
 */
const contextRefusals: Record<RefusalCode, true> = {
  'context-invalid': true,
  'context-untrusted': true,
  'context-signature': true,
  'context-policy': true,
  'context-quoted': true,
  'context-lookalike': true,
  'context-inline': true,
  'context-echoed': true,
  'context-unsigned-source': true,
  'context-edited': true,
};
const refusalNotices: ReadonlySet<NoticeCode> = new Set<NoticeCode>([
  ...(Object.keys(contextRefusals) as RefusalCode[]),
  // A postMessage that was malformed or for another conversation never became a context.
  'post-message-invalid',
  'post-message-conversation',
]);

export function handoffStatus(
  entry: Pick<JournalEntry, 'context' | 'notice' | 'state'>,
): HandoffStatus {
  if (entry.context && !WRITABLE_TRUST.has(entry.context.trust)) return 'refused';
  if (entry.notice && refusalNotices.has(entry.notice.code)) return 'refused';
  return entry.state;
}

export interface FieldCounts {
  written: number;
  skipped: number;
  refused: number;
  pending: number;
  /** In a plan waiting for the agent's confirmation (or declined): not sent. */
  planned: number;
  /** Compared only: a handoff this browser did not write (Verify now in another browser). */
  checked: number;
  /** Read back from the platform and equal to what the context says. */
  verified: number;
  /** Read back and not equal: someone or something changed it, or the platform stored another form. */
  different: number;
}

export function fieldCounts(fields: readonly FieldOutcome[]): FieldCounts {
  const counts: FieldCounts = {
    written: 0,
    skipped: 0,
    refused: 0,
    pending: 0,
    planned: 0,
    checked: 0,
    verified: 0,
    different: 0,
  };
  for (const f of fields) {
    counts[f.outcome] += 1;
    if (f.verification) counts[f.verification.state] += 1;
  }
  return counts;
}

export const hasDifferentFields = (entry: Pick<JournalEntry, 'fields'>): boolean =>
  entry.fields.some((f) => f.verification?.state === 'different');

export const hasRefusedFields = (entry: Pick<JournalEntry, 'fields'>): boolean =>
  entry.fields.some((f) => f.outcome === 'refused');

/**
 * The `reason` of a handoff that has no field outcome, where a field's reason would be: the notice
 * that says why (a refused context, no mappings), else that nothing was planned.
 */
export const NO_FIELDS_REASON = 'No field was planned for this handoff.';
export const handoffReason = (entry: Pick<JournalEntry, 'notice'>): string =>
  entry.notice?.message ?? NO_FIELDS_REASON;

/** One line of the QA table: small, so a page of 200 crosses from the background cheaply. */
export interface JournalRow {
  id: number;
  at: number;
  platform: PlatformId;
  org: string;
  /** The record the agent had open. */
  record: RecordRef;
  /** The console address that opens it (null when the journal holds parts no console gives). */
  recordUrl: string | null;
  source: ContextSource;
  sourceDetail?: string;
  /** Absent when no context could be read at all (a malformed postMessage). */
  trust?: Trust;
  form?: 'signed' | 'json' | 'key-value';
  status: HandoffStatus;
  counts: FieldCounts;
  /** The first record written, when it is not the record opened (a MessagingSession's Case). */
  target?: RecordRef;
  /**
   * The records as the console names them, by recordKey (record-names.ts); absent when none is
   * named, and left out of what leaves the background while the settings redact the journal.
   */
  names?: Record<string, string>;
  redacted?: 'mask' | 'hash';
}

export function journalRow(entry: JournalEntry & { id: number }): JournalRow {
  const target = entry.targets?.[0];
  const names = recordNamesOf(entry);
  return {
    id: entry.id,
    at: entry.at,
    platform: entry.record.platform,
    org: entry.record.org,
    record: entry.record,
    recordUrl: recordUrl(entry.record),
    // Entries from before sources were recorded came from the transcript.
    source: entry.source ?? 'transcript',
    ...(entry.sourceDetail ? { sourceDetail: entry.sourceDetail } : {}),
    ...(entry.context ? { trust: entry.context.trust, form: entry.context.form } : {}),
    status: handoffStatus(entry),
    counts: fieldCounts(entry.fields),
    ...(target && recordKey(target) !== recordKey(entry.record) ? { target } : {}),
    ...(names ? { names } : {}),
    ...(entry.redacted ? { redacted: entry.redacted } : {}),
  };
}
