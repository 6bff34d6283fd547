/**
 * When the write queue tries a failed attempt again (pure: the runner passes the clock's randomness).
 *
 * - Network failures, 5xx and rate limits are retried with exponential backoff and jitter, or after
 *   exactly the wait the platform named (`Retry-After`, Kustomer's `x-ratelimit-reset`) plus a
 *   little jitter, so that many agents do not come back in the same millisecond.
 * - A rate limit without a named wait (Salesforce's 403 `REQUEST_LIMIT_EXCEEDED`) waits at least
 *   `rateLimitFloorMs`: hammering a spent API limit only spends it further.
 * - A missing session (no cookie at all: signed out, or a browser restart dropped the session
 *   cookie; nothing was sent) waits for the agent to sign in again: retried on the same schedule and
 *   at once when the agent opens the record (the runner's `wakeForRecord`). So do the waits for
 *   the agent's own connection (issue 15; nothing was sent either): `connect-needed` (the org
 *   refuses the cookie session and no token is kept, or it expired) and `wrong-user` (the token is
 *   another user's than the console's) — also tried at once when the agent connects to the org
 *   (`wakeForOrg`, from `auth:connect`).
 * - `connect-not-set-up` (no consumer key for the org) is not retried: only an admin can cure it,
 *   and then the agent presses Retry (lib/handoff/retry-helps.ts), as for a refused session.
 * - Everything else is never retried: waiting does not change the answer. That includes validation
 *   errors, refused access, a missing record, our own bugs, and an expired session (the API refused
 *   the cookie even after it was read again): it stays refused until the agent reloads and signs
 *   in, and then the agent presses Retry — a write landing minutes later unasked would surprise. Value errors (400) are handled inside an attempt by
 *   the one retry without the refused fields (docs/filling-rules.md), which is not a backoff retry.
 */
import type { NoticeCode } from '../handoff/types';

export const RETRY_POLICY = {
  /** Attempts in all, the first included. */
  maxAttempts: 8,
  /** Backoff before the second attempt; doubles each time (2, 4, 8 … s), up to `capMs`. */
  baseMs: 2_000,
  capMs: 5 * 60_000,
  rateLimitFloorMs: 30_000,
  /** No wait is shorter than this (a `Retry-After: 0` loop). */
  minMs: 250,
} as const;

export type RetryPolicy = typeof RETRY_POLICY;

const TRANSIENT: ReadonlySet<NoticeCode> = new Set(['network', 'platform-unavailable']);
const SESSION: ReadonlySet<NoticeCode> = new Set<NoticeCode>([
  'session-missing',
  'connect-needed',
  'wrong-user',
]);

export const isSessionWait = (code: NoticeCode | undefined) =>
  code !== undefined && SESSION.has(code);

export function isRetryable(code: NoticeCode): boolean {
  return TRANSIENT.has(code) || SESSION.has(code) || code === 'rate-limited';
}

/**
 * The full backoff for the attempt that just failed (1 = the first): `base · 2^(n-1)`, capped,
 * with "equal jitter": a delay uniformly in [d/2, d]. `random` is in [0, 1).
 */
export function backoffMs(attempt: number, random: number, policy: RetryPolicy = RETRY_POLICY) {
  const d = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + (random * d) / 2);
}

/** A named wait, plus up to 10 % (at least 250 ms, at most 5 s) of jitter. */
export function serverWaitMs(waitMs: number, random: number): number {
  return Math.round(waitMs + random * Math.min(Math.max(waitMs * 0.1, 250), 5_000));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

export function retryDecision(
  failure: { code: NoticeCode; retryAfterMs?: number },
  attempts: number,
  random: number,
  policy: RetryPolicy = RETRY_POLICY,
): RetryDecision {
  if (!isRetryable(failure.code) || attempts >= policy.maxAttempts) return { retry: false };
  const named = SESSION.has(failure.code) ? undefined : failure.retryAfterMs;
  let delay =
    named !== undefined ? serverWaitMs(named, random) : backoffMs(attempts, random, policy);
  if (failure.code === 'rate-limited' && named === undefined) {
    delay = Math.max(delay, policy.rateLimitFloorMs);
  }
  return { retry: true, delayMs: Math.min(Math.max(delay, policy.minMs), 3_600_000) };
}
