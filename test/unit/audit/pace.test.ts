import { describe, expect, it } from 'vitest';
import { pacer, paceWait, spacingMs } from '../../../lib/audit/pace';
import { kustomerAuditPace } from '../../../lib/platforms/kustomer/audit';
import { limitInfo } from '../../../lib/platforms/salesforce/audit';

/** A fake clock: sleeping moves it on. */
function clock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('audit pacing', () => {
  it('keeps to the share of a per-minute budget: 1,000 a minute at 25 % is one request per 240 ms', async () => {
    const c = clock();
    const p = pacer({ share: 0.25, now: c.now, sleep: c.sleep });
    await p.acquire();
    p.observe({ limit: 1000, remaining: 999, resetMs: 60_000 });
    const start = c.now();
    for (let i = 0; i < 250; i++) await p.acquire();
    expect(spacingMs(1000, 0.25)).toBe(240);
    // 250 requests within about one minute, never faster than the spacing.
    expect(c.now() - start).toBeGreaterThanOrEqual(249 * 240);
    expect(c.now() - start).toBeLessThanOrEqual(250 * 240);
    expect(p.sent).toBe(251);
  });

  it('waits for the window to turn over when the org has spent its budget down to the floor', () => {
    const wait = paceWait(
      {
        reading: { rate: { limit: 1000, remaining: 100, resetMs: 20_000 }, at: 0, sentSince: 0 },
        nextAt: 0,
        pausedUntil: 0,
      },
      5_000,
    );
    expect(wait).toEqual({ wait: 15_000 });
    const plenty = paceWait(
      {
        reading: { rate: { limit: 1000, remaining: 500, resetMs: 20_000 }, at: 0, sentSince: 0 },
        nextAt: 0,
        pausedUntil: 0,
      },
      5_000,
    );
    expect(plenty).toEqual({ wait: 0 });
  });

  it('counts requests sent since the last reading against what was left', () => {
    const state = {
      reading: { rate: { limit: 100, remaining: 20, resetMs: 30_000 }, at: 0, sentSince: 9 },
      nextAt: 0,
      pausedUntil: 0,
    };
    expect(paceWait(state, 1_000)).toEqual({ wait: 0 });
    state.reading.sentSince = 10;
    expect(paceWait(state, 1_000)).toEqual({ wait: 29_000 });
  });

  it('stops on a daily budget nearly spent rather than waiting hours', async () => {
    const c = clock();
    const p = pacer({ share: 0.25, now: c.now, sleep: c.sleep });
    await p.acquire();
    p.observe({ limit: 15000, remaining: 1000 });
    await expect(p.acquire()).rejects.toThrow(/nearly spent \(1000 of 15000/);
    expect(p.stopped).toMatch(/records audited so far are kept/);
  });

  it('honours a named wait for every request', async () => {
    const c = clock();
    const p = pacer({ share: 0.25, now: c.now, sleep: c.sleep });
    p.pause(5_000);
    await p.acquire();
    expect(c.sleeps).toEqual([5_000]);
  });

  it('reads each platform’s budget headers', () => {
    expect(limitInfo('api-usage=25/15000')).toEqual({ limit: 15000, remaining: 14975 });
    expect(limitInfo(null)).toBeUndefined();
    const headers = new Headers({
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '990',
      'x-ratelimit-reset': '42',
    });
    expect(kustomerAuditPace.readRate?.(headers)).toEqual({
      limit: 1000,
      remaining: 990,
      resetMs: 42_000,
    });
    expect(kustomerAuditPace.readRate?.(new Headers())).toBeUndefined();
  });
});
