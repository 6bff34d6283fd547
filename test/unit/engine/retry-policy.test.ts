import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  isRetryable,
  isSessionWait,
  RETRY_POLICY,
  retryDecision,
  serverWaitMs,
} from '@/lib/engine/retry-policy';
import type { NoticeCode } from '@/lib/handoff/types';

const P = RETRY_POLICY;

describe('retry policy', () => {
  it('backs off exponentially: 1–2 s, 2–4 s, 4–8 s … capped at 5 minutes', () => {
    expect([1, 2, 3, 4].map((a) => [backoffMs(a, 0), backoffMs(a, 0.999_999)])).toEqual([
      [1_000, 2_000],
      [2_000, 4_000],
      [4_000, 8_000],
      [8_000, 16_000],
    ]);
    expect(backoffMs(30, 0.999_999)).toBe(P.capMs);
    expect(backoffMs(30, 0)).toBe(P.capMs / 2);
  });

  it('keeps the jitter within [d/2, d] for every attempt and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const d = Math.min(P.capMs, P.baseMs * 2 ** (attempt - 1));
          const delay = backoffMs(attempt, r);
          return delay >= Math.floor(d / 2) && delay <= d;
        },
      ),
      { seed: 7731, numRuns: 500 },
    );
  });

  it("honours the platform's named wait, plus at most 10 % (≥ 250 ms, ≤ 5 s) of jitter", () => {
    expect(serverWaitMs(1_000, 0)).toBe(1_000);
    expect(serverWaitMs(1_000, 0.999_999)).toBe(1_250);
    expect(serverWaitMs(60_000, 0.999_999)).toBe(65_000);
    expect(serverWaitMs(600_000, 0.999_999)).toBe(605_000);
    expect(retryDecision({ code: 'rate-limited', retryAfterMs: 12_000 }, 1, 0)).toEqual({
      retry: true,
      delayMs: 12_000,
    });
    expect(retryDecision({ code: 'platform-unavailable', retryAfterMs: 3_000 }, 5, 0)).toEqual({
      retry: true,
      delayMs: 3_000,
    });
  });

  it('waits at least the floor on a rate limit that names no wait (REQUEST_LIMIT_EXCEEDED)', () => {
    expect(retryDecision({ code: 'rate-limited' }, 1, 0)).toEqual({
      retry: true,
      delayMs: P.rateLimitFloorMs,
    });
    // Later attempts back off beyond the floor.
    const late = retryDecision({ code: 'rate-limited' }, 7, 0);
    expect(late.retry && late.delayMs).toBe(backoffMs(7, 0));
  });

  it('retries network failures, 5xx, rate limits and the session waits; never anything else (an expired session included)', () => {
    const retried: NoticeCode[] = [
      'network',
      'platform-unavailable',
      'rate-limited',
      'session-missing',
      'connect-needed',
      'wrong-user',
    ];
    const never: NoticeCode[] = [
      'session-expired',
      'connect-not-set-up',
      'connect-failed',
      'api-access-denied',
      'api-disabled',
      'record-not-found',
      'record-unresolved',
      'no-mappings',
      'internal',
      'catalog-unavailable',
      'context-invalid',
    ];
    for (const code of retried) expect(isRetryable(code)).toBe(true);
    for (const code of never) {
      expect(isRetryable(code)).toBe(false);
      expect(retryDecision({ code, retryAfterMs: 1_000 }, 1, 0.5)).toEqual({ retry: false });
    }
  });

  it('waits for the agent to sign in or connect (session waits), never for an admin to set the sign-in up', () => {
    for (const code of ['session-missing', 'connect-needed', 'wrong-user'] as const) {
      expect(isSessionWait(code)).toBe(true);
    }
    for (const code of ['connect-not-set-up', 'connect-failed', 'session-expired'] as const) {
      expect(isSessionWait(code)).toBe(false);
    }
    // A session wait keeps its backoff: a Retry-After never shortens a wait for the agent.
    const waited = retryDecision({ code: 'connect-needed', retryAfterMs: 1 }, 1, 0);
    expect(waited).toEqual({ retry: true, delayMs: backoffMs(1, 0) });
  });

  it('gives up after the last attempt, whatever the platform says', () => {
    expect(retryDecision({ code: 'network' }, P.maxAttempts - 1, 0.5).retry).toBe(true);
    expect(retryDecision({ code: 'network' }, P.maxAttempts, 0.5)).toEqual({ retry: false });
    expect(retryDecision({ code: 'rate-limited', retryAfterMs: 1 }, P.maxAttempts, 0)).toEqual({
      retry: false,
    });
  });

  it('never waits less than the minimum (a Retry-After: 0 loop)', () => {
    expect(retryDecision({ code: 'platform-unavailable', retryAfterMs: 0 }, 1, 0)).toEqual({
      retry: true,
      delayMs: P.minMs,
    });
  });
});
