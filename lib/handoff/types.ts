/**
 * What one handoff came to — its field outcomes, read-backs, notices and write progress — as plain
 * types shared by the background (engine, write queue, journal, stores), the messages to the faces
 * (lib/messaging/protocol.ts) and the faces themselves. A leaf: it imports types only, and only
 * from modules that import nothing of the project's own logic, so anything may import it without
 * making an import cycle (test/unit/architecture/import-cycles.test.ts).
 */
import type { Trust } from '../context/trust';
import type { ContextSource, ContextValues } from '../context/types';
import type { PlatformId, RecordRef } from '../platforms/types';

/**
 * Why a context may not be used: lib/context/evaluate.ts decides these (its `RefusalCode` is this
 * list), the engine adds `context-edited`.
 */
export type ContextRefusalCode =
  | 'context-invalid'
  | 'context-untrusted'
  | 'context-signature'
  | 'context-policy'
  | 'context-quoted'
  | 'context-lookalike'
  | 'context-inline'
  /** An unverified context that repeats what a non-bot author wrote earlier (echo.ts). */
  | 'context-echoed'
  /** An unverified context from a source that accepts signed contexts only (a record field). */
  | 'context-unsigned-source'
  /** Decided by the engine, which remembers each message's first text (never by evaluateContext). */
  | 'context-edited';

/** A problem the user must see, with what happened and what to do. */
export interface Notice {
  code: NoticeCode;
  /** For the agent: what happened and what to do, with no raw platform code. */
  message: string;
  /** For an admin: the platform's own words (`SERVER_UNAVAILABLE: …`), behind a disclosure. */
  detail?: string;
  /**
   * The sign-in this notice asks for (`connect-needed`, `wrong-user`): the panel's **Connect
   * Salesforce** or **Reconnect as <consoleUser>** runs it (request `auth:connect`).
   */
  signIn?: SignInRequest;
}

/** Whom to sign in, and where: what the panel's Connect button sends (request `auth:connect`). */
export interface SignInRequest {
  platform: PlatformId;
  /** The platform's name for the button ("Connect Salesforce"): the panel carries no descriptor. */
  platformName: string;
  org: string;
  /** The console's signed-in user (its display name), when the token must be that user's. */
  consoleUser?: string;
}
export type NoticeCode =
  /** Why a context may not be used: decided by evaluateContext and the engine. */
  | ContextRefusalCode
  | 'post-message-invalid'
  | 'post-message-conversation'
  | 'no-mappings'
  | 'record-unresolved'
  | 'session-missing'
  | 'session-expired'
  | 'api-access-denied'
  | 'api-disabled'
  | 'record-not-found'
  | 'rate-limited'
  | 'platform-unavailable'
  | 'network'
  | 'catalog-unavailable'
  | 'invalid-settings'
  /** A local change to an entry the organisation's policy sets (lib/settings/policy.ts). */
  | 'managed-by-policy'
  | 'context-redacted'
  | 'nothing-to-verify'
  /** The agent answered a plan that was answered already or is no longer the record's latest. */
  | 'plan-changed'
  /** "Use the bot's value" on a field the handoff no longer keeps (written or changed since). */
  | 'field-not-kept'
  /** A write asked while this browser is set to Verify only (settings `writeMode`): not sent. */
  | 'verify-only'
  /**
   * The org refuses the cookie session (API Access Control, API_DISABLED_FOR_ORG) or the settings
   * ask for OAuth only, and this browser holds no usable token: the agent presses Connect. A write
   * waits for it (a session wait).
   */
  | 'connect-needed'
  /** As `connect-needed`, but no consumer key is set for the org: only an admin can fix it. */
  | 'connect-not-set-up'
  /**
   * The API token's user is not the user signed in to the console (a "Login As", another agent's
   * token): nothing is written until the agent reconnects as the console's user (a session wait).
   */
  | 'wrong-user'
  /** The sign-in flow failed (redirect_uri_mismatch, access denied, a closed window…): says the fix. */
  | 'connect-failed'
  | 'internal';

/**
 * `planned`: the plan would write it, and waits for the agent's **Fill N fields** (settings
 * `writeMode: 'confirm'`); nothing was sent.
 * `checked`: the context names a value for it, and Verify now compared it with the record, but this
 * browser knows nothing of its write (a handoff written elsewhere, or a field the journal's older
 * entry did not record): its `verification` says what the record holds.
 */
export type FieldOutcomeKind =
  | 'written'
  | 'skipped'
  | 'refused'
  | 'pending'
  | 'planned'
  | 'checked';

export interface FieldOutcome {
  /** The object the field belongs to (Case; Kustomer conversation or customer). */
  object?: string;
  field: string;
  label: string;
  /** The value written or that would have been written, as display text. */
  value: string | null;
  outcome: FieldOutcomeKind;
  /** `empty` | `unchanged` | `kept-existing` for skipped; the platform's or our message for refused. */
  reason?: string;
  /** The record read back after the write, or by "Verify now". */
  verification?: FieldVerification;
  /**
   * `value` as the console shows it, when it differs: picklist labels for API values ("Premium"
   * for `tier_premium`), items joined with ", ". Made in the background, which has the catalog.
   */
  display?: string;
  /** `value` is an ISO date or date-time: the widget shows it in the agent's locale. */
  dateKind?: 'date' | 'datetime';
  /**
   * Refused: why, as a kind, from which the view's `hint` says what the agent can do; `reason`
   * stays the admin's detail (mapping, value map, the platform's message), behind a disclosure,
   * and what the journal and its exports keep.
   */
  refusal?: RefusalKind;
  /**
   * Refused, in a view for the panel: what the agent can do ("The bot said 'Gold', which is not a
   * choice of Account Tier here. Set Account Tier by hand if you know it.": refusal-words.ts).
   * Made when the view is sent, never stored.
   */
  hint?: string;
  /** When the agent pressed "Use the bot's value" for this kept field (epoch ms). */
  chosenAt?: number;
}

/** Why a field was refused, for the agent's sentence (lib/handoff/refusal-words.ts). */
export type RefusalKind =
  /** The value (or the value map) names no choice of an option list. */
  | 'not-a-choice'
  /** Not a date (or date and time) the mapping's format reads. */
  | 'bad-date'
  /** Longer than the field holds. */
  | 'too-long'
  /** Any other value the field's type cannot hold. */
  | 'bad-format'
  | 'read-only'
  /** The mapping names a field the catalog lacks: an admin fixes it. */
  | 'not-in-catalog'
  /** A second mapping of one field. */
  | 'duplicate-mapping'
  /** The platform refused the value (a validation rule, a restricted list…). */
  | 'platform'
  /** The record kept changing while it was written. */
  | 'conflict';

/**
 * A field read back from the platform and compared with what the context says it should hold:
 * `verified` when the platform's value equals it (by the field type's rules), `different` otherwise.
 */
export interface FieldVerification {
  state: 'verified' | 'different';
  /** What the context says, through the mapping, as display text. */
  expected: string | null;
  /** What the platform holds, as display text (null: empty or not readable). */
  actual: string | null;
  /** Epoch ms of the read. */
  at: number;
  /**
   * `write`: read back right after the write; `verify-now`: read only to compare — an agent or QA
   * asked, or the handoff arrived in a browser set to Verify only.
   */
  by: 'write' | 'verify-now';
  /**
   * The field's mapping is not the one the handoff used (the journal recorded `mappingsUsed`):
   * what the context says was planned through today's mapping, so a difference may be the
   * mapping's, not the record's.
   */
  mappingChanged?: true;
}

export interface HandoffView {
  record: RecordRef;
  /** The records actually written (a MessagingSession's Case; a conversation and its customer). */
  targets?: RecordRef[];
  /**
   * Records named as the console names them ("Case 00001026", "conversation with Jane Doe"), by
   * recordKey (lib/platforms/record-key.ts); a record without a name is shown by its id.
   */
  recordNames?: Record<string, string>;
  /**
   * `pending`: some write of this handoff is queued, being sent, or waiting to be retried.
   * `awaiting-confirmation`: planned, nothing queued, until the agent presses **Fill N fields**
   * (settings `writeMode: 'confirm'`); `declined`: the agent pressed **Not now** — nothing was
   * written, and the plan can still be filled from the panel. `verify-only`: taken in by a browser
   * set to Verify only (settings `writeMode`): planned and compared with the record (each field's
   * `verification`), nothing queued, nothing sent.
   */
  state:
    | 'waiting'
    | 'pending'
    | 'done'
    | 'failed'
    | 'awaiting-confirmation'
    | 'declined'
    /** A handoff read and compared only, nothing sent: settings `writeMode: 'verify-only'`, or Verify now of a handoff this browser did not write. */
    | 'verify-only';
  /**
   * The plan the agent confirms or declines (`handoff:confirm` names it), while the state is
   * `awaiting-confirmation` or `declined`: a newer handoff of the record is never confirmed by a
   * click on an older plan.
   */
  planId?: number;
  /** The handoff's writes that are not done (the durable write queue), one per record. */
  queue?: WriteProgress[];
  context?: {
    form: 'signed' | 'json' | 'key-value';
    /**
     * `unverified`: well-formed but nobody vouches for it (not the bot, not signed): nothing written.
     * `trusted-source`: unverified form from an allowed postMessage origin or a record field.
     */
    trust: Trust;
    /** Where it came from (absent on entries written before sources were recorded: the transcript). */
    source?: ContextSource;
    /** The allowed origin of a postMessage, or `Object.Field` of a record field. */
    sourceDetail?: string;
    /** The trusted issuer that signed it. */
    issuer?: string;
    author: string;
    messageId: string;
    values: ContextValues;
    /**
     * Keys left out of `values` (reserved, invalid, beyond a limit), one sentence each: the rest of
     * the context was used. Absent when none was.
     */
    dropped?: string[];
  };
  fields: FieldOutcome[];
  notice?: Notice;
  /** Epoch ms of the last change. */
  at: number;
  /** Epoch ms of the last read-back (after the write, or "Verify now"). */
  verifiedAt?: number;
  /** Why the last read-back could not run or compare (session, redacted context…). */
  verifyNotice?: Notice;
  /** The agent's last Retry of this handoff and what it came to: a trace that survives a re-render. */
  lastRetry?: RetryTrace;
  /**
   * Whether the agent's Retry can change anything (lib/handoff/retry-helps.ts), decided by the
   * background when it sends the view: the panel offers Retry only then.
   */
  retryHelps?: boolean;
  /**
   * This browser is set to Verify only (settings `writeMode`): nothing is written, whatever the
   * handoff; the panel says so on every view. Added by the background as it answers.
   */
  verifyOnly?: true;
  /**
   * A context newer than the handoff shown that was not used (a customer typed a context-looking
   * message, an edit, a malformed postMessage): why, as a secondary line. The panel shows the
   * record's latest trusted handoff, not the refusal, as its state.
   */
  newerRefusal?: Notice;
}

/** What the agent's Retry came to, at the moment it answered. */
export interface RetryTrace {
  at: number;
  /**
   * `written`: nothing is left to write; `retrying`: still not written, the queue retries it;
   * `failed`: still not written; `nothing-new`: there was nothing Retry could try again.
   */
  outcome: 'written' | 'retrying' | 'failed' | 'nothing-new';
}

/**
 * A handoff whose writes gave up after retrying (the durable queue's failed rows), told to every
 * console tab so the agent sees it from whichever chat they are in, until it is retried or dismissed.
 */
export interface GaveUpAlert {
  journalId: number;
  /** The record that was not written. */
  target: RecordRef;
  /** When the write gave up. */
  at: number;
}

/** One record's write as the write queue sees it: what the widget says about pending work. */
export interface WriteProgress {
  /** The record the write fills (before the records are resolved: the record the context is on). */
  target: RecordRef;
  /** `pending`: queued or being sent; `retrying`: waits for `nextAttemptAt`; `failed`: gave up. */
  state: 'pending' | 'retrying' | 'failed';
  /** Attempts started so far, and how many are made before giving up. */
  attempts: number;
  maxAttempts: number;
  /** Epoch ms of the next attempt (retrying). */
  nextAttemptAt?: number;
  /** Why the last attempt did not land, in the platform adapter's words. */
  lastError?: Notice;
}
