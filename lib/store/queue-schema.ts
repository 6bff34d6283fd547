import type { ContextValues } from '../context/types';
import type { Notice } from '../handoff/types';
import type { RecordRef } from '../platforms/types';

/**
 * A row's life: `pending` (due, never tried) → `sending` (an attempt is out: marked before the
 * request, so a worker that dies mid-request leaves a row that says so) → `done`, or `retrying`
 * (waits until `due`) → … → `failed` (a refusal that waiting will not cure, or attempts exhausted).
 * `done` and `failed` are terminal; the others are live.
 */
export type QueueState = 'pending' | 'sending' | 'retrying' | 'done' | 'failed';

export const LIVE_STATES: readonly QueueState[] = ['pending', 'sending', 'retrying'];
export const isLive = (row: { state: QueueState }) => LIVE_STATES.includes(row.state);

/**
 * One unit of work of a handoff, in the `queue` store. A `resolve` row finds the records a context
 * fills (a MessagingSession's Case; a conversation and its customer) and turns into one `write` row
 * per record. A `write` row is one planned update of one record: each attempt reads the record,
 * plans and sends at most one update (plus the one retry without refused fields, docs/filling-rules.md).
 *
 * The key is the idempotency key: `resolve|<context digest>|<message id>|<record key>` and
 * `write|<context digest>|<message id>|<record key>`. A handoff writes a record at most once, also
 * across worker stops and browser restarts; settled rows stay (without values) as that ledger until
 * the retention period ends.
 */
export interface QueueRow {
  key: string;
  kind: 'resolve' | 'write';
  /** The journal entry this row reports to. */
  journalId: number;
  digest: string;
  /** The message (or postMessage, record field) that carried the context. */
  messageId: string;
  /** The record the context was seen on. */
  record: RecordRef;
  /** `write` rows: the record written. */
  target?: RecordRef;
  /** Write order among the handoff's records. */
  order: number;
  /**
   * The trusted context values, kept only while the row may still run: removed when it settles
   * (a failed row keeps them for Retry unless the settings redact the journal).
   */
  values?: ContextValues;
  /** Retry of a context: may write records this context already wrote (after a fresh read). */
  force?: boolean;
  /**
   * The plan the agent confirmed (settings `writeMode: 'confirm'`), `object.field` → the value as
   * shown: only these fields, with these values, may be written (apply.ts `keepToConfirmed`).
   */
  confirmed?: Record<string, string | null>;
  /**
   * "Use the bot's value": the fields (API names) the agent chose the bot's value for, which this
   * row writes alone, over the record's value (key `choose|…|<record key>|<field>`).
   */
  chosen?: string[];
  /** When the agent chose them (epoch ms): the journal's field outcome records it. */
  chosenAt?: number;
  state: QueueState;
  /**
   * Automatic attempts started so far (a request that never answered counts); an attempt the
   * agent's Retry brought forward does not count against the budget.
   */
  attempts: number;
  /** The next attempt is the agent's Retry, brought forward: it does not use up an attempt. */
  askedByAgent?: true;
  /** A failed row the agent dismissed in the console tabs' "gave up" alert. */
  dismissed?: true;
  /** Live rows only: when the next attempt is due (epoch ms; indexed). */
  due?: number;
  createdAt: number;
  updatedAt: number;
  /** Terminal rows only: when the row settled (indexed, for retention). */
  settledAt?: number;
  /** Why the last attempt did not land (platform words, never a context value). */
  lastError?: Notice;
  /** When the current attempt went out; cleared when the attempt settles. */
  sentAt?: number;
}
