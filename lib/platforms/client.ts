/**
 * What the engine needs from a platform's API, implemented by each adapter's background half.
 * Failures the user must act on are thrown as PlatformError with a NoticeCode and a message that
 * says what happened and what to do.
 */
import type { NoticeCode } from '../messaging/protocol';
import type { FieldRules, FieldSpec, RecordRef } from './types';

export class PlatformError extends Error {
  constructor(
    readonly code: NoticeCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** One field the platform refused, with its own message. */
export interface FieldRefusal {
  field: string;
  message: string;
}

export type WriteResult =
  | { ok: true }
  /** The platform refused the whole update; `fields` names the fields it blamed (may be empty). */
  | { ok: false; refusals: FieldRefusal[]; message: string };

export interface PlatformClient {
  readonly rules: FieldRules;
  /** The record whose fields the context fills (a MessagingSession resolves to its Case). */
  resolveTarget(record: RecordRef): Promise<RecordRef>;
  /** The object's fields as the signed-in user sees them. */
  describe(org: string, object: string): Promise<FieldSpec[]>;
  read(target: RecordRef, fields: string[]): Promise<Record<string, unknown>>;
  write(target: RecordRef, values: Record<string, unknown>): Promise<WriteResult>;
}
