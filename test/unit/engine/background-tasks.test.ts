import { describe, expect, it, vi } from 'vitest';
import {
  backgroundTasks,
  PURGE_ALARM,
  QUEUE_ALARM,
  queueWaker,
} from '@/lib/engine/background-tasks';

function fakeAlarms() {
  const alarms = new Map<
    string,
    { when?: number; delayInMinutes?: number; periodInMinutes?: number }
  >();
  return {
    alarms,
    api: {
      create: vi.fn((name: string, info: { when?: number }) => void alarms.set(name, info)),
      clear: vi.fn((name: string) => alarms.delete(name)),
      get: vi.fn(async (name: string) => (alarms.has(name) ? { name } : undefined)),
    },
  };
}

function fakeTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let id = 0;
  return {
    pending,
    timers: {
      setTimeout: (run: () => void, ms: number) => {
        const handle = ++id;
        pending.set(handle, {
          run: () => {
            pending.delete(handle);
            run();
          },
          ms,
        });
        return handle;
      },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    },
  };
}

describe('the write queue waker', () => {
  it('sets a timer and an alarm for the next due write, and clears both when nothing waits', () => {
    const { alarms, api } = fakeAlarms();
    const { pending, timers } = fakeTimers();
    const runDue = vi.fn(async () => undefined);
    const wake = queueWaker(api, runDue, { now: () => 10_000, timers });
    wake(13_000);
    expect([...pending.values()].map((p) => p.ms)).toEqual([3_000]);
    expect(alarms.get(QUEUE_ALARM)).toEqual({ when: 13_000 });
    wake(12_000); // an earlier row: one timer, moved
    expect([...pending.values()].map((p) => p.ms)).toEqual([2_000]);
    [...pending.values()][0]?.run();
    expect(runDue).toHaveBeenCalledOnce();
    wake(undefined);
    expect(pending.size).toBe(0);
    expect(alarms.has(QUEUE_ALARM)).toBe(false);
  });

  it('never asks for an alarm in the past (a due row runs from the timer at once)', () => {
    const { alarms, api } = fakeAlarms();
    const { pending, timers } = fakeTimers();
    queueWaker(api, async () => undefined, { now: () => 10_000, timers })(9_000);
    expect([...pending.values()].map((p) => p.ms)).toEqual([0]);
    expect(alarms.get(QUEUE_ALARM)?.when).toBeGreaterThan(10_000);
  });
});

describe('background tasks', () => {
  it('on start: resumes due writes, sets the daily purge alarm once, purges', async () => {
    const { alarms, api } = fakeAlarms();
    const order: string[] = [];
    const tasks = backgroundTasks({
      writes: { runDue: async () => void order.push('runDue') },
      privacy: {
        purge: async () => {
          order.push('purge');
          return { journal: 0, queue: 0, seen: 0, said: 0 };
        },
        redactSettled: async () => {
          order.push('redact');
          return 0;
        },
      },
      alarms: api,
    });
    await tasks.start();
    await tasks.start();
    expect(order).toEqual(['runDue', 'purge', 'runDue', 'purge']);
    expect(api.create).toHaveBeenCalledTimes(1);
    expect(alarms.get(PURGE_ALARM)).toEqual({ delayInMinutes: 1440, periodInMinutes: 1440 });
    order.length = 0;
    await tasks.onAlarm(QUEUE_ALARM);
    await tasks.onAlarm(PURGE_ALARM);
    await tasks.onAlarm('someone-else');
    expect(order).toEqual(['runDue', 'purge', 'redact']);
  });
});
