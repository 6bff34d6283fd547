/**
 * The soak's figures and budgets, as rows of the bench's table (test/bench/common.ts). What each
 * line means and why its budget is what it is: test/soak/README.md.
 */
import { budgeted, fmt, info, percentile, type Row } from '../bench/common';
import type { StoreCounts } from './probes';
import { type Played, WRITE_WAIT_MS } from './shift';

export interface MemorySample {
  at: 'start' | 'middle' | 'end';
  afterHandoffs: number;
  /** Each console tab's JS heap after a GC (bytes): the page's and its content script's. */
  tabs: number[];
  /** The service worker's JS heap after a GC (bytes). */
  worker: number;
  /** The worker life's mark: another value at a later sample means it was restarted in between. */
  workerLife: number | null;
}

export interface Figures {
  played: Played[];
  memory: MemorySample[];
  stops: number;
  restarts: number;
  roughHandoffs: number;
  writes: {
    total: number;
    lost: number;
    duplicated: number;
    /** Successful writes that carry no played handoff's values. */
    foreign: number;
    freshRecords: number;
    conversations: number;
  };
  stores: StoreCounts & { planted: number; retentionDays: number };
}

const MB = 1024 * 1024;
/**
 * A tab may grow by this much from start to end of the undisturbed stretch: its transcripts grow by
 * the messages posted (the page's own JS keeps each), and V8 keeps some slack after a GC. The full
 * run measured +0.3 MB over 180 handoffs; a content script that kept what it read in full would
 * still pass at this scale (the unit tests pin the caps), so this catches a gross leak per handoff.
 */
const TAB_GROWTH_MAX = 2 * MB;
/** …and by at most this much in the second half of the stretch (measured: +0.1 MB). */
const TAB_LATE_GROWTH_MAX = 1 * MB;
/** The worker's caches have caps (lib/memory/recent.ts users): measured +0.4 MB over 180 handoffs. */
const WORKER_GROWTH_MAX = 2 * MB;
const WORKER_LATE_GROWTH_MAX = 1 * MB;
/** p95 at the end may be this many times p95 at the start, plus a little for noise. */
const P95_FACTOR = 1.5;
const P95_SLACK_MS = 50;

const mb = (bytes: number) => `${fmt(bytes / MB, 1)} MB`;

/** A budgeted count: its budget shown as a whole number (the bench's shows two decimals under 10). */
function counted(
  key: string,
  metric: string,
  value: number,
  budget: { max?: number; min?: number },
  shown: string,
): Row {
  const row = budgeted(key, metric, value, '', budget, shown);
  const limit = budget.max ?? budget.min ?? 0;
  return { ...row, budgetShown: `${budget.max !== undefined ? '≤' : '≥'} ${limit}` };
}

export function soakRows(f: Figures): Row[] {
  const n = f.played.length;
  return [
    counted(
      'soak.lost',
      `Writes lost (${n} handoffs, ${f.stops} worker stops, ${f.restarts} restart)`,
      f.writes.lost,
      { max: 0 },
      String(f.writes.lost),
    ),
    counted(
      'soak.duplicated',
      'Writes duplicated',
      f.writes.duplicated,
      { max: 0 },
      `${f.writes.duplicated} (${f.writes.total} writes in all, ${f.writes.foreign} from no handoff played)`,
    ),
    counted(
      'soak.fresh',
      'Records holding their last handoff’s values',
      f.writes.freshRecords,
      { min: f.writes.conversations },
      `${f.writes.freshRecords} of ${f.writes.conversations}`,
    ),
    counted(
      'soak.late',
      `Handoffs not written within ${WRITE_WAIT_MS / 1000} s (written later: on the conversation's next change)`,
      late(f),
      { max: 0 },
      lateShown(f),
    ),
    ...memoryRows(f.memory),
    ...storeRows(f),
    ...latencyRows(f.played),
  ];
}

/** Handoffs whose write was not stored within the wait, though it came later (not lost). */
const late = (f: Figures) =>
  f.played.filter((p) => !Number.isFinite(p.latencyMs)).length - f.writes.lost;

function lateShown(f: Figures): string {
  const missed = f.played.filter((p) => !Number.isFinite(p.latencyMs));
  if (missed.length === 0) return '0';
  const where = [...new Set(missed.map((p) => p.conversation))].join(', ');
  const cold = missed.filter((p) => p.cold).length;
  return `${late(f)} (${where}; ${cold} of them right after a worker stop or the restart)`;
}

function memoryRows(samples: MemorySample[]): Row[] {
  const [start, middle, end] = ['start', 'middle', 'end'].map((at) =>
    samples.find((s) => s.at === at),
  );
  if (!start || !middle || !end) return [];
  const growth = (pick: (s: MemorySample) => number, a: MemorySample, b: MemorySample) =>
    pick(b) - pick(a);
  const worstTab = (a: MemorySample, b: MemorySample) =>
    Math.max(...a.tabs.map((_, t) => (b.tabs[t] ?? 0) - (a.tabs[t] ?? 0)));
  const tabs = (s: MemorySample) => s.tabs.map((b) => fmt(b / MB, 1)).join('/');
  const restarted = new Set([start, middle, end].map((s) => s.workerLife)).size > 1;
  const handoffs = (s: MemorySample) => `after ${s.afterHandoffs}`;
  return [
    budgeted(
      'soak.memory.tabs',
      `Console tabs’ JS heap, page + content script (MB; start ${handoffs(start)} / middle / end)`,
      worstTab(start, end) / MB,
      'MB',
      { max: TAB_GROWTH_MAX / MB },
      `${tabs(start)} → ${tabs(middle)} → ${tabs(end)} (worst tab +${mb(worstTab(start, end))})`,
    ),
    budgeted(
      'soak.memory.tabs.late',
      'Console tabs’ growth, middle → end (worst tab)',
      worstTab(middle, end) / MB,
      'MB',
      { max: TAB_LATE_GROWTH_MAX / MB },
      `+${mb(worstTab(middle, end))}`,
    ),
    budgeted(
      'soak.memory.worker',
      `Service worker JS heap (start / middle / end)${restarted ? ' — the worker restarted in between' : ''}`,
      growth((s) => s.worker, start, end) / MB,
      'MB',
      { max: WORKER_GROWTH_MAX / MB },
      `${mb(start.worker)} → ${mb(middle.worker)} → ${mb(end.worker)} (${growth((s) => s.worker, start, end) >= 0 ? '+' : ''}${mb(growth((s) => s.worker, start, end))})`,
    ),
    budgeted(
      'soak.memory.worker.late',
      'Service worker growth, middle → end',
      growth((s) => s.worker, middle, end) / MB,
      'MB',
      { max: WORKER_LATE_GROWTH_MAX / MB },
      `${mb(growth((s) => s.worker, middle, end))}`,
    ),
  ];
}

function storeRows(f: Figures): Row[] {
  const s = f.stores;
  const n = f.played.length;
  return [
    counted(
      'soak.db.journal',
      `Journal rows (one per handoff; retention ${s.retentionDays} days)`,
      s.journal,
      { max: n },
      `${s.journal} for ${n} handoffs (queue ${s.queue}, seen ${s.seen}, said ${s.said})`,
    ),
    counted(
      'soak.db.retention',
      `Journal rows past retention (${s.planted} planted ${s.retentionDays + 3} days old)`,
      s.journalPastRetention,
      { max: 0 },
      String(s.journalPastRetention),
    ),
    info(
      'soak.db.usage',
      'IndexedDB and storage use of the extension (navigator.storage.estimate)',
      (s.usageBytes ?? 0) / MB,
      'MB',
      s.usageBytes === null ? 'n/a' : mb(s.usageBytes),
    ),
  ];
}

/**
 * p95 of the first handoffs (a cold worker's first handoff after a stop or a restart left out: that
 * is the worker starting, not the day's cost) and of the last ones.
 */
function latencyRows(played: Played[]): Row[] {
  const window = Math.min(30, Math.max(5, Math.floor(played.length / 6)));
  const timed = played.filter((p) => Number.isFinite(p.latencyMs));
  const warm = timed.filter((p) => !p.cold);
  const first = warm.slice(0, window).map((p) => p.latencyMs);
  const last = timed.slice(-window).map((p) => p.latencyMs);
  const cold = timed.filter((p) => p.cold).map((p) => p.latencyMs);
  const p95Start = percentile(first, 95);
  const p95End = percentile(last, 95);
  return [
    info(
      'soak.p95.start',
      `Handoff p95 at start (first ${window} warm handoffs)`,
      p95Start,
      'ms',
      `${fmt(p95Start, 1)} ms (cold worker's first handoff: median ${fmt(percentile(cold, 50), 0)} ms, n=${cold.length})`,
    ),
    budgeted(
      'soak.p95.end',
      `Handoff p95 at end (last ${window})`,
      p95End,
      'ms',
      { max: Math.round(p95Start * P95_FACTOR + P95_SLACK_MS) },
      `${fmt(p95End, 1)} ms`,
    ),
  ];
}
