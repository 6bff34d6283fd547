/**
 * How fast an audit sends its requests. A platform that reports a per-minute budget (Kustomer's
 * `x-ratelimit-*`) shares it with the org's other integrations, so the audit spaces its requests
 * to use at most `share` of it, and waits for the window to turn over whenever what is left falls
 * to `floorShare` of it (whoever spent it). A daily budget (Salesforce's `Sforce-Limit-Info`) nearly
 * spent stops the audit instead: waiting would take hours. A named wait (429 `Retry-After`,
 * `x-ratelimit-reset`; Salesforce's `REQUEST_LIMIT_EXCEEDED` without one waits the retry policy's
 * floor) pauses every request. The decision is pure (`paceWait`); `pacer` adds the clock.
 */
import type { RateReading } from '../platforms/platform-audit';

/** Kustomer's budget is per minute (platform-facts); its window length is not in the headers. */
export const RATE_WINDOW_MS = 60_000;
/** What is left for the org's other integrations: the audit waits when the budget falls to this. */
export const FLOOR_SHARE = 0.1;
/** The share of a per-minute budget an audit uses unless told otherwise. */
export const DEFAULT_SHARE = 0.25;

export interface PaceState {
  /** The last budget a response reported, when it came, and requests sent since. */
  reading?: { rate: RateReading; at: number; sentSince: number };
  /** No request before this (spacing). */
  nextAt: number;
  /** No request before this (a named wait). */
  pausedUntil: number;
}

export type PaceDecision = { wait: number } | { stop: string };

/** How long to wait before the next request (0: now), or why the audit must stop. */
export function paceWait(state: PaceState, now: number): PaceDecision {
  if (state.pausedUntil > now) return { wait: state.pausedUntil - now };
  const reading = state.reading;
  if (reading) {
    const { limit, remaining, resetMs } = reading.rate;
    const left = remaining - reading.sentSince;
    if (left <= Math.max(1, Math.ceil(limit * FLOOR_SHARE))) {
      if (resetMs === undefined) {
        return {
          stop: `The platform's API budget is nearly spent (${Math.max(0, left)} of ${limit} requests left), so the audit stopped to leave the rest to your org's integrations. The records audited so far are kept; run the rest later.`,
        };
      }
      const turnsOver = reading.at + resetMs;
      if (turnsOver > now) return { wait: turnsOver - now };
    }
    if (resetMs !== undefined && state.nextAt > now) return { wait: state.nextAt - now };
  }
  return { wait: 0 };
}

/** The gap between two requests that keeps to `share` of a per-minute budget of `limit`. */
export const spacingMs = (limit: number, share: number) =>
  Math.ceil(RATE_WINDOW_MS / Math.max(1, limit * share));

export class PaceStopped extends Error {}

export interface Pacer {
  /** Waits until a request may go; throws PaceStopped when the budget is spent. */
  acquire(): Promise<void>;
  /** What a response's headers said of the budget. */
  observe(rate: RateReading | undefined): void;
  /** The platform named a wait: no request before it is over. */
  pause(ms: number): void;
  readonly sent: number;
  /**
   * Why the budget stopped the audit, once it did. The clients turn any failure of `fetch` into
   * their own "unreachable" error, so the runner asks here rather than catching PaceStopped.
   */
  readonly stopped: string | undefined;
}

export function pacer(options: {
  share: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}): Pacer {
  const state: PaceState = { nextAt: 0, pausedUntil: 0 };
  let sent = 0;
  let stopped: string | undefined;
  return {
    async acquire() {
      for (;;) {
        if (stopped) throw new PaceStopped(stopped);
        const decision = paceWait(state, options.now());
        if ('stop' in decision) {
          stopped = decision.stop;
          throw new PaceStopped(decision.stop);
        }
        if (decision.wait <= 0) break;
        await options.sleep(decision.wait);
      }
      const now = options.now();
      const rate = state.reading?.rate;
      if (rate?.resetMs !== undefined) {
        state.nextAt = Math.max(now, state.nextAt) + spacingMs(rate.limit, options.share);
      }
      if (state.reading) state.reading.sentSince += 1;
      sent += 1;
    },
    observe(rate) {
      if (rate) state.reading = { rate, at: options.now(), sentSince: 0 };
    },
    pause(ms) {
      state.pausedUntil = Math.max(state.pausedUntil, options.now() + ms);
    },
    get sent() {
      return sent;
    },
    get stopped() {
      return stopped;
    },
  };
}
