/**
 * What the engine needs from a platform's API, implemented by each adapter's background half.
 * Failures the user must act on are thrown as PlatformError with a NoticeCode and a message that
 * says what happened and what to do.
 */
import type { Notice, NoticeCode, SignInRequest } from '../handoff/types';
import type { AuditFinder } from './platform-audit';
import type { CandidateMessage, FieldRules, FieldSpec, RecordRef } from './types';

export class PlatformError extends Error {
  /**
   * How long the platform asked us to wait before the next request (`Retry-After`, Kustomer's
   * `x-ratelimit-reset`), when it said. The write queue's retry policy honours it.
   */
  readonly retryAfterMs?: number;
  /**
   * The platform's own words (`SERVER_UNAVAILABLE: Server unavailable`), for an admin: the message
   * is for the agent and carries no raw platform code.
   */
  readonly detail?: string;
  /**
   * The sign-in that cures this failure (`connect-needed`, `wrong-user`): the panel's Connect button
   * sends it back as `auth:connect`.
   */
  readonly signIn?: SignInRequest;

  constructor(
    readonly code: NoticeCode,
    message: string,
    options: { retryAfterMs?: number | undefined; detail?: string; signIn?: SignInRequest } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.signIn !== undefined) this.signIn = { ...options.signIn };
  }
}

/** A failure as the faces show it: the agent's words, the platform's kept as the admin's detail. */
export const noticeOf = (error: PlatformError): Notice => ({
  code: error.code,
  message: error.message,
  ...(error.detail ? { detail: error.detail } : {}),
  ...(error.signIn ? { signIn: { ...error.signIn } } : {}),
});

/** The message with the platform's own words after it: what an admin's page shows. */
export const withDetail = (error: { message: string; detail?: string | undefined }): string =>
  error.detail ? `${error.message} (${error.detail})` : error.message;

/** One field the platform refused, with its own message. */
export interface FieldRefusal {
  field: string;
  message: string;
}

export type WriteResult =
  /**
   * Written. `stored`: the record as the platform stored it, when the write's answer carries it
   * (Kustomer's PUT answers the resource): the read-back that verifies the write uses it instead of
   * asking again.
   */
  | { ok: true; stored?: ReadResult }
  /** The platform refused the whole update; `refusals` names the fields it blamed (may be empty). */
  | { ok: false; refusals: FieldRefusal[]; message: string }
  /** The record changed since it was read (optimistic lock): read again and plan again. */
  | { ok: false; conflict: true; message: string };

/** A record's current values, and the version a write must name when the platform locks optimistically. */
export interface ReadResult {
  values: Record<string, unknown>;
  version?: string | number;
}

export interface PlatformClient {
  readonly rules: FieldRules;
  /**
   * The records whose fields a context on this record fills, in write order: a MessagingSession
   * resolves to its Case; a Kustomer conversation to itself and its customer.
   */
  resolveTargets(record: RecordRef): Promise<RecordRef[]>;
  /** The object's fields as the signed-in user sees them. */
  describe(org: string, object: string): Promise<FieldSpec[]>;
  read(target: RecordRef, fields: string[]): Promise<ReadResult>;
  write(
    target: RecordRef,
    values: Record<string, unknown>,
    version?: ReadResult['version'],
  ): Promise<WriteResult>;
  /**
   * Whether a conversation id a signed context names belongs to the open record although the console
   * does not show it by that id (a Salesforce MessagingSession of the open Case).
   */
  ownsConversation?(record: RecordRef, conv: string): Promise<boolean>;
  /**
   * Messages of the conversation from the platform's API (those the page may not show): the whole
   * conversation; with `newOnly`, what was posted since the last `newOnly` read of it (the engine,
   * which reads at every change of the page; a message may come again). Other readers (Verify now,
   * the diagnostics) ask for the whole and leave that cursor alone.
   */
  listMessages?(record: RecordRef, options?: { newOnly?: boolean }): Promise<CandidateMessage[]>;
  /**
   * Starts, without waiting, the read a handoff on `record` makes first (Kustomer: the
   * conversation), so it runs while the conversation's messages are read. Never fails.
   */
  prefetch?(record: RecordRef): Promise<void>;
  /**
   * What `listMessages` answers: `complete` — every message (Kustomer's messages API), so it is the
   * primary reader and the page's markup only a trigger and a fallback; `partial` — only some
   * (Salesforce's conversation entries leave the bot's messages out), so the page is read too.
   */
  readonly messagesFromApi?: 'complete' | 'partial';
  /**
   * Records of `object` the platform links to the open record although it does not resolve to them
   * (a Salesforce Case's MessagingSession): where an admin's context field may live. Read only.
   */
  linkedRecords?(record: RecordRef, object: string): Promise<RecordRef[]>;
  /**
   * What a signed context names as its audience (`aud`) for this org, when it is not the org's
   * handle itself (Salesforce: the org id, read from the signed-in session); null when it cannot be
   * known now. Absent: the org's handle is its audience (a Kustomer org name).
   */
  audienceOf?(org: string): Promise<string | null>;
  /**
   * An admin stored or removed the API key of `org` (platforms whose auth is `api-key`): the next
   * request tries the agent's session again before the key.
   */
  credentialsChanged?(org: string): void;
  /** Finds the records an audit names (pasted ids, a creation-date range); read only. */
  readonly audit?: AuditFinder;
}
