import type { ContextSource } from '../context/types';
import type { FieldOutcome, HandoffView, Notice, RetryTrace } from '../handoff/types';
import type { RecordRef } from '../platforms/types';

/** One handoff: what arrived, what was planned and what the platform answered. */
export interface JournalEntry {
  id?: number;
  /** recordKey() of the record the widget was on and, when different, of the record written. */
  recordKeys: string[];
  record: RecordRef;
  targets?: RecordRef[];
  /** The names the records' reads gave (CaseNumber, the customer's name), by recordKey. */
  recordNames?: Record<string, string>;
  at: number;
  /** Where the context came from (older entries: always the transcript). */
  source: ContextSource;
  /** The allowed origin of a postMessage, or `Object.Field` of a record field. */
  sourceDetail?: string;
  messageId: string;
  contextDigest: string;
  context?: HandoffView['context'];
  fields: FieldOutcome[];
  notice?: Notice;
  state: HandoffView['state'];
  /**
   * The raw message text, kept so that Retry can run the same context again; dropped (empty) once
   * the handoff settled when the settings redact the journal.
   */
  text: string;
  author: string;
  /** Set once values, reasons and text were redacted (settings `redaction`): Retry cannot re-run it. */
  redacted?: 'mask' | 'hash';
  /** When the last write of this handoff settled (done or failed). */
  settledAt?: number;
  /** When the record was last read back (after the write, or "Verify now"); per field in `fields`. */
  verifiedAt?: number;
  /** Why the last read-back could not run or compare. */
  verifyNotice?: Notice;
  /** Settings `writeMode: 'confirm'`: when the agent pressed **Fill N fields** (epoch ms). */
  confirmedAt?: number;
  /**
   * Who pressed it, as the background can honestly tell: the agent of this browser, in the console
   * tab named (the platform's user is not asked: that would be one more request per handoff).
   */
  confirmedBy?: string;
  /** When the agent pressed **Not now** (the last time): nothing was written then. */
  declinedAt?: number;
  /** The agent's last Retry of this handoff and what it came to (shown in the widget). */
  lastRetry?: RetryTrace;
  /**
   * The mappings this browser planned the handoff with (recorded when it planned or wrote it; absent
   * on older entries and on handoffs it only compared): Verify now says "mapped after the handoff"
   * or "mapping changed since the handoff" only when it knows them.
   */
  mappingsUsed?: MappingUsed[];
}

/** One mapping a handoff used: its id, and a short digest of what decides its value (mapping-digest.ts). */
export interface MappingUsed {
  id: string;
  digest: string;
}

/**
 * Whether an entry is done with: its writes settled (done or failed), or compared in a browser set
 * to Verify only (nothing will be written). A plan waiting for the agent or declined is not, so
 * redaction leaves the values it may still fill with.
 */
export const isSettledState = (state: HandoffView['state']): boolean =>
  state === 'done' || state === 'failed' || state === 'verify-only';
