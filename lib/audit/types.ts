/**
 * What an audit found, per record and per field: plain types shared by the background's audit
 * (lib/background/audit.ts), the messages (lib/messaging/protocol.ts) and the options page. A leaf.
 */
import type { Trust } from '../context/trust';
import type { ContextForm, ContextSource } from '../context/types';
import type { Notice } from '../handoff/types';
import type { PlatformId, RecordRef } from '../platforms/types';

/**
 * One mapped field of an audited record: `expected` — the record holds what the context says
 * through today's mappings; `different` — it holds another value; `missing` — it is empty;
 * `refused` — the context (or this value) could not be used, so nothing was expected to be written.
 */
export type FieldAuditState = 'expected' | 'different' | 'missing' | 'refused';
export const FIELD_AUDIT_STATES: readonly FieldAuditState[] = [
  'expected',
  'different',
  'missing',
  'refused',
];

export interface FieldAudit {
  object: string;
  field: string;
  label: string;
  state: FieldAuditState;
  /** What the context says, as display text (the refused value, for a refused field). */
  expected: string | null;
  /** What the platform holds (null: empty; not read for a refused context). */
  actual: string | null;
  /** Why a field is refused. */
  reason?: string;
}

/** A record's verdict, worst first: see `RECORD_STATE_ORDER`. */
export type RecordAuditState =
  | 'unreadable'
  | 'refused'
  | 'different'
  | 'missing'
  | 'no-context'
  | 'as-expected';

/** Problems first: the order the results list records in. */
export const RECORD_STATE_ORDER: readonly RecordAuditState[] = [
  'unreadable',
  'refused',
  'different',
  'missing',
  'no-context',
  'as-expected',
];

export interface AuditContext {
  form: ContextForm | null;
  trust: Trust;
  source: ContextSource;
  author: string;
  issuer?: string;
  /** Where a record field's context was (`Object.Field`). */
  sourceDetail?: string;
}

export interface AuditRow {
  record: RecordRef;
  /** As the console names it: a Case number, a Kustomer customer's name; else the record's id. */
  name: string;
  state: RecordAuditState;
  /** Who vouched for the context: its signer (`iss`), else the source or author that posted it. */
  bot?: string;
  context?: AuditContext;
  fields: FieldAudit[];
  /** Why the context was refused, why none was found, or why the record could not be read. */
  notice?: Notice;
}

export type AuditJobState = 'running' | 'done' | 'cancelled' | 'stopped';

/** An audit job as the options page polls it (lib/background/audit.ts). */
export interface AuditProgress {
  jobId: string;
  platform: PlatformId;
  org: string;
  state: AuditJobState;
  total: number;
  done: number;
  /** The rows from the index the page asked from, in the order audited. */
  rows: AuditRow[];
  /** Pasted words that named no record; more records matched than one audit reads. */
  unknown: string[];
  truncated: boolean;
  requests: number;
  startedAt: number;
  finishedAt?: number;
  /** Why the audit stopped early. */
  notice?: string;
}
