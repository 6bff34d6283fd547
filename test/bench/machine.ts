/**
 * How busy the machine is, and how much of that is the bench (this process and everything it
 * started: the sim, Chromium and its helpers) versus other processes. On a shared 2-core machine
 * others' builds and tests inflate every timing; the JSON keeps this per step so a slow figure can be
 * told from a slow machine. Linux only (/proc); elsewhere the figures are null.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './common';

interface Ticks {
  /** All CPUs, all processes: busy and total clock ticks since boot. */
  busy: number;
  total: number;
  /** This process tree's CPU ticks (children it has reaped included). */
  ours: number;
}

function readTicks(): Ticks | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    const total = t.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total, ours: treeTicks(process.pid) };
  } catch {
    return null;
  }
}

/** utime + stime + cutime + cstime of `root` and its live descendants. */
function treeTicks(root: number): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const n = (i: number) => Number(fields[i - 3] ?? 0);
      procs.set(Number(name), { ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) });
    } catch {
      // gone meanwhile
    }
  }
  let sum = 0;
  for (const [pid, p] of procs) {
    let at: number | undefined = pid;
    for (let hops = 0; at && hops < 64; hops++) {
      if (at === root) {
        sum += p.ticks;
        break;
      }
      at = procs.get(at)?.ppid;
    }
  }
  return sum;
}

export interface LoadWindow {
  /** Share of the whole machine's CPU used during the window, by anything. */
  machineBusyPct: number | null;
  /** …by processes that are not the bench's (others' builds, tests, editors). */
  othersBusyPct: number | null;
}

/** Starts a window; call the result to close it. */
export function loadWindow(): () => LoadWindow {
  const start = readTicks();
  return () => {
    const end = readTicks();
    if (!start || !end || end.total <= start.total) {
      return { machineBusyPct: null, othersBusyPct: null };
    }
    const total = end.total - start.total;
    const busy = end.busy - start.busy;
    const ours = Math.max(0, end.ours - start.ours);
    const pct = (x: number) => Math.round((x / total) * 1000) / 10;
    return { machineBusyPct: pct(busy), othersBusyPct: pct(Math.max(0, busy - ours)) };
  };
}

/**
 * Waits (at most `maxSeconds`) until other processes use less than `belowPct` of the machine over
 * a 2 s sample. Returns what it saw; never fails.
 */
export async function waitQuiet(maxSeconds: number, belowPct = 25) {
  const deadline = Date.now() + maxSeconds * 1000;
  let last: LoadWindow = { machineBusyPct: null, othersBusyPct: null };
  let waitedMs = 0;
  const t0 = Date.now();
  for (;;) {
    const close = loadWindow();
    await sleep(2_000);
    last = close();
    waitedMs = Date.now() - t0;
    if (last.othersBusyPct === null || last.othersBusyPct < belowPct) break;
    if (Date.now() > deadline) break;
  }
  return { ...last, waitedSeconds: Math.round(waitedMs / 100) / 10 };
}
