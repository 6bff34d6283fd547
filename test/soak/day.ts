/**
 * The soak's timeline. The first 40 % of the handoffs are the rough part of the day: the service
 * worker is stopped `stops` times at even intervals and the browser is restarted once in the middle
 * (closed, and launched again on the same profile). The last 60 % run undisturbed: memory is sampled
 * at its start, middle and end, so what a long-lived page and worker keep shows as growth. At the
 * end the sim's request log is matched against every handoff played.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retentionCutoff } from '../../lib/store/retention';
import { median, onCleanup, sleep } from '../bench/common';
import { keepAliveClient } from '../bench/sim-http';
import { SimClient } from '../sim/client';
import { startSim } from '../sim/server';
import { type ExtensionBrowser, launchWithExtension } from '../support/chromium';
import { exampleSettings } from '../support/example-mappings';
import type { Stack } from '../support/stack';
import type { Figures, MemorySample } from './figures';
import {
  browserProbe,
  pageHeap,
  plantOldEntries,
  stopWorker,
  storeCounts,
  workerHeap,
} from './probes';
import {
  CONVERSATIONS,
  carries,
  mark,
  openTabs,
  type Played,
  playHandoff,
  saveWorkload,
  seedTranscripts,
  type Tab,
  writesOf,
} from './shift';

export interface ShiftOptions {
  handoffs: number;
  stops: number;
  transcript: number;
}

/** The retention the soak sets, and the journal rows planted older than it (the upkeep must delete them). */
export const RETENTION_DAYS = 7;
const PLANTED = 50;

interface Life {
  browser: ExtensionBrowser;
  tabs: Tab[];
  probe: Awaited<ReturnType<typeof browserProbe>>;
}

export async function runShift(opts: ShiftOptions, log: (line: string) => void): Promise<Figures> {
  const sim = await startSim();
  const closeSim = onCleanup('soak: sim', () => sim.close());
  const control = new SimClient(sim.origin);
  const http = keepAliveClient(sim.origin, 8);
  const closeHttp = onCleanup('soak: control client', () => http.close());
  const userDataDir = await mkdtemp(join(tmpdir(), 'handoff-fields-soak-'));
  const dropProfile = onCleanup('soak: profile', () =>
    rm(userDataDir, { recursive: true, force: true }),
  );
  let life: Life | undefined;
  const closeLife = onCleanup('soak: Chromium', () => life?.browser.close({ keepProfile: true }));
  try {
    await control.kustomerSetSession(SEED_KUSTOMER_ORG, 'normal');
    await control.kustomerSetRateLimit(SEED_KUSTOMER_ORG, { reset: true });
    log(`Seeding ${CONVERSATIONS.length} transcripts of ${opts.transcript} messages…`);
    await seedTranscripts(http, opts.transcript);
    const launch = async (): Promise<Life> => {
      const browser = await launchWithExtension({
        hostResolverRules: sim.hostResolverRules,
        userDataDir,
      });
      life = { browser, tabs: [], probe: await browserProbe(browser) };
      life.tabs = await openTabs(browser, opts.transcript);
      return life;
    };
    let current = await launch();
    await saveWorkload({ browser: current.browser } as unknown as Stack);
    await current.browser.send({
      type: 'settings:save',
      settings: { ...exampleSettings, retentionDays: RETENTION_DAYS },
    });
    await plantOldEntries(
      current.probe.page,
      PLANTED,
      Date.now() - (RETENTION_DAYS + 3) * 86_400_000,
    );
    const figures = await playDay(
      opts,
      log,
      http,
      () => current,
      async () => {
        await current.browser.close({ keepProfile: true });
        current = await launch();
      },
    );
    const cutoff = retentionCutoff(Date.now(), RETENTION_DAYS);
    const stores = await storeCounts(current.probe.page, cutoff);
    return { ...figures, stores: { ...stores, planted: PLANTED, retentionDays: RETENTION_DAYS } };
  } finally {
    await closeLife();
    await closeHttp();
    await closeSim();
    await dropProfile();
  }
}

const SEED_KUSTOMER_ORG = 'acme';

/** When the worker is stopped and the browser restarted, and when memory is sampled. */
function timeline(opts: ShiftOptions) {
  const rough = Math.max(4, Math.round(opts.handoffs * 0.4));
  const restartAt = Math.round(rough / 2);
  const stopsAt = new Set(
    Array.from({ length: opts.stops }, (_, k) =>
      Math.max(1, Math.round(((k + 1) * rough) / (opts.stops + 1))),
    ),
  );
  const steady = opts.handoffs - rough;
  const samples = new Map<number, MemorySample['at']>([
    [rough, 'start'],
    [rough + Math.round(steady / 2), 'middle'],
    [opts.handoffs, 'end'],
  ]);
  return { rough, restartAt, stopsAt, samples };
}

async function playDay(
  opts: ShiftOptions,
  log: (line: string) => void,
  http: ReturnType<typeof keepAliveClient>,
  life: () => Life,
  restart: () => Promise<void>,
): Promise<Omit<Figures, 'stores'>> {
  const plan = timeline(opts);
  const nonce = Date.now().toString(36).slice(-4);
  const played: Played[] = [];
  const memory: MemorySample[] = [];
  let stops = 0;
  const t0 = Date.now();
  for (let i = 0; i <= opts.handoffs; i++) {
    const at = plan.samples.get(i);
    if (at) memory.push(await sampleMemory(life(), at, i));
    if (i === opts.handoffs) break;
    let cold = false;
    if (plan.stopsAt.has(i)) {
      const { cdp } = life().probe;
      await stopWorker(cdp, life().browser.extensionId);
      stops++;
      cold = true;
    }
    if (i === plan.restartAt) {
      log(`  restarting the browser (same profile) before handoff ${i}`);
      await restart();
      cold = true;
    }
    played.push(await playHandoff(http, life().tabs, i, nonce, cold));
    if ((i + 1) % 10 === 0) {
      log(
        `  ${i + 1}/${opts.handoffs} handoffs · ${stops} worker stops · ${Math.round((Date.now() - t0) / 1000)} s · last 10: ${progress(played.slice(-10))}`,
      );
    }
  }
  // A late write (a retry after a stop, a resend after the restart) would come now: wait, then count.
  await sleep(3_000);
  return {
    played,
    memory,
    stops,
    restarts: 1,
    writes: await matchWrites(http, played, nonce),
    roughHandoffs: plan.rough,
  };
}

function progress(recent: Played[]): string {
  const timed = recent.map((p) => p.latencyMs).filter(Number.isFinite);
  const missed = recent.length - timed.length;
  return `latency median ${Math.round(median(timed))} ms, ${Math.round(median(recent.map((p) => p.wallMs)))} ms a handoff${missed ? `, ${missed} not written within the wait` : ''}`;
}

async function sampleMemory(
  current: Life,
  at: MemorySample['at'],
  afterHandoffs: number,
): Promise<MemorySample> {
  const tabs: number[] = [];
  for (const tab of current.tabs) tabs.push(await pageHeap(tab.cdp));
  const worker = await workerHeap(current.probe.cdp, current.browser.extensionId);
  return { at, afterHandoffs, tabs, worker: worker.used, workerLife: worker.life };
}

/** Every played handoff against the sim's log of successful writes: lost, duplicated, and the stored values. */
async function matchWrites(
  http: ReturnType<typeof keepAliveClient>,
  played: Played[],
  nonce: string,
) {
  const ok = (status: number) => status >= 200 && status < 300;
  const logs = await Promise.all(
    CONVERSATIONS.map(async (c) =>
      (await writesOf(http, c)).filter((r) => ok(r.status) && !r.path.includes('/customers/')),
    ),
  );
  const writes = [...new Map(logs.flat().map((r) => [r.id, r])).values()];
  let lost = 0;
  let duplicated = 0;
  for (const p of played) {
    const n = writes.filter((r) => carries(r, p.mark)).length;
    if (n === 0) lost++;
    duplicated += Math.max(0, n - 1);
  }
  const foreign = writes.filter((r) => !played.some((p) => carries(r, p.mark))).length;
  let fresh = 0;
  for (const c of CONVERSATIONS) {
    const last = [...played].reverse().find((p) => p.conversation === c.name);
    if (!last) continue;
    const path =
      c.platform === 'salesforce'
        ? `/__sim/records/${c.org}/Case/${c.recordId}`
        : `/__sim/records/${c.org}/conversation/${c.recordId}?platform=kustomer`;
    const { values } = await http.json<{ values: Record<string, unknown> }>('GET', path);
    const stored = c.platform === 'salesforce' ? values.Subject : values.accountNumberStr;
    if (stored === mark(c, last.i, nonce)) fresh++;
  }
  return {
    total: writes.length,
    lost,
    duplicated,
    foreign,
    freshRecords: fresh,
    conversations: CONVERSATIONS.length,
  };
}
