/**
 * What the background does besides answering messages: wake the write queue when a retry is due
 * and keep the database's privacy promises. MV3 stops an idle worker after 30 s, and a stopped
 * worker's timers are gone, so every wake-up has two paths: a timer (precise, while the worker
 * lives) and a `browser.alarms` alarm (survives the worker; Chrome fires alarms of packed
 * extensions 30 s apart at the soonest, unpacked ones on time). The worker's start also runs what is
 * due, and so does every poll of a widget (protocol `handoff:view` with `poll`).
 */
import type { PrivacyTasks } from './privacy';
import type { WriteQueue } from './write-queue';

export const QUEUE_ALARM = 'handoff-fields:write-queue';
export const PURGE_ALARM = 'handoff-fields:purge';
const DAY_MINUTES = 24 * 60;

/** The part of `browser.alarms` used here. */
export interface Alarms {
  create(
    name: string,
    info: { when?: number; delayInMinutes?: number; periodInMinutes?: number },
  ): unknown;
  clear(name: string): unknown;
  get(name: string): Promise<{ name: string } | undefined | null>;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The `wake` the engine calls: a timer and an alarm at `at`, or neither when nothing waits. */
export function queueWaker(
  alarms: Alarms,
  runDue: () => Promise<void>,
  options: { now?(): number; timers?: Timers } = {},
) {
  const now = options.now ?? Date.now;
  const timers = options.timers ?? globalTimers;
  let timer: unknown;
  let scheduledAt: number | undefined;
  return (at: number | undefined) => {
    if (at === scheduledAt && at !== undefined && at > now()) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    scheduledAt = at;
    if (at === undefined) {
      void Promise.resolve(alarms.clear(QUEUE_ALARM)).catch(() => undefined);
      return;
    }
    timer = timers.setTimeout(
      () => {
        timer = undefined;
        scheduledAt = undefined;
        void runDue().catch(() => undefined);
      },
      Math.max(0, at - now()),
    );
    void Promise.resolve(alarms.create(QUEUE_ALARM, { when: Math.max(at, now() + 500) })).catch(
      () => undefined,
    );
  };
}

export function backgroundTasks(deps: {
  writes: Pick<WriteQueue, 'runDue'>;
  privacy: PrivacyTasks;
  alarms: Alarms;
}) {
  const upkeep = async () => {
    await deps.privacy.purge();
    await deps.privacy.redactSettled();
  };
  return {
    /** The worker started (browser start, an event, an alarm): resume due writes, then upkeep. */
    async start(): Promise<void> {
      await deps.writes.runDue().catch(() => undefined);
      if (!(await deps.alarms.get(PURGE_ALARM).catch(() => undefined))) {
        await Promise.resolve(
          deps.alarms.create(PURGE_ALARM, {
            delayInMinutes: DAY_MINUTES,
            periodInMinutes: DAY_MINUTES,
          }),
        ).catch(() => undefined);
      }
      await deps.privacy.purge().catch(() => undefined);
    },
    async onAlarm(name: string): Promise<void> {
      if (name === QUEUE_ALARM) await deps.writes.runDue();
      else if (name === PURGE_ALARM) await upkeep();
    },
  };
}
