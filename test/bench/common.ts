/**
 * What every benchmark module shares: the result rows, statistics, and the list of things to close
 * (servers, browsers, profiles) that `run.ts` empties at the end, also on failure and on Ctrl-C.
 */

export type MetricId =
  | 'latency'
  | 'main-thread'
  | 'sizes'
  | 'pages'
  | 'planner'
  | 'journal'
  | 'fuzz';

export const METRIC_IDS: readonly MetricId[] = [
  'sizes',
  'planner',
  'journal',
  'fuzz',
  'latency',
  'main-thread',
  'pages',
];

/** `pass`/`FAIL` against a budget; `info` has no budget; `n/a` could not be measured (said why). */
export type Status = 'pass' | 'FAIL' | 'info' | 'n/a';

export interface Budget {
  /** The value must be at most this… */
  max?: number;
  /** …or at least this. */
  min?: number;
}

/** One line of the table (and of the JSON). */
export interface Row {
  /** Stable key for comparing commits, e.g. `latency.salesforce.p95`. */
  key: string;
  metric: string;
  /** The figure, in `unit`; null when not measured. */
  value: number | null;
  unit: string;
  /** As printed (rounded, with the spread where it helps). */
  shown: string;
  budget: Budget | null;
  budgetShown: string;
  status: Status;
  /** Why n/a, or a short caveat. */
  note?: string;
}

export interface MetricResult {
  id: MetricId;
  rows: Row[];
  /** Everything measured, for the JSON (samples, settings, spreads). */
  data: Record<string, unknown>;
  seconds?: number;
}

export interface BenchOptions {
  /** Latency handoffs per platform (the default is 40; at least 30 count for the budget). */
  runs: number;
  outDir: string;
  root: string;
  /** Prints progress lines. */
  log(line: string): void;
}

/** A budgeted row: the status follows from the value. */
export function budgeted(
  key: string,
  metric: string,
  value: number,
  unit: string,
  budget: Budget,
  shown: string,
  note?: string,
): Row {
  const ok =
    Number.isFinite(value) &&
    (budget.max === undefined || value <= budget.max) &&
    (budget.min === undefined || value >= budget.min);
  return {
    key,
    metric,
    value: round(value, 3),
    unit,
    shown,
    budget,
    budgetShown: budgetText(budget, unit),
    status: ok ? 'pass' : 'FAIL',
    ...(note ? { note } : {}),
  };
}

export function info(
  key: string,
  metric: string,
  value: number,
  unit: string,
  shown: string,
  note?: string,
): Row {
  return {
    key,
    metric,
    value: round(value, 3),
    unit,
    shown,
    budget: null,
    budgetShown: '—',
    status: 'info',
    ...(note ? { note } : {}),
  };
}

export function notApplicable(
  key: string,
  metric: string,
  why: string,
  budget: Budget | null = null,
  unit = '',
): Row {
  return {
    key,
    metric,
    value: null,
    unit,
    shown: `n/a (${why})`,
    budget,
    budgetShown: budget ? budgetText(budget, unit) : '—',
    status: 'n/a',
    note: why,
  };
}

/** A module that threw: one failing row that says what happened. */
export function errorRow(id: MetricId, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return {
    key: `${id}.error`,
    metric: `${id}: did not finish`,
    value: null,
    unit: '',
    shown: message.split('\n')[0]?.slice(0, 160) ?? 'error',
    budget: null,
    budgetShown: 'must run',
    status: 'FAIL',
    note: message.split('\n').slice(0, 6).join('\n'),
  };
}

function budgetText(b: Budget, unit: string): string {
  const u = unit === '%' ? '%' : unit ? ` ${unit}` : '';
  if (b.max !== undefined) return `≤ ${fmt(b.max)}${u}`;
  if (b.min !== undefined) return `≥ ${fmt(b.min)}${u}`;
  return '—';
}

// ─── Numbers ─────────────────────────────────────────────────────────────────────────────────────

export const round = (n: number, digits = 2) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;

/** 1234.5 → "1,234.5"; small numbers keep `digits` decimals. */
export function fmt(n: number, digits?: number): string {
  const d = digits ?? (Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Nearest-rank percentile (p in 0…100) of a sample; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarise(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    min: round(Math.min(...values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
    mean: round(values.reduce((a, b) => a + b, 0) / (n || 1)),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns something other than undefined/false. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ─── Cleanup ─────────────────────────────────────────────────────────────────────────────────────

const closers: Array<{ what: string; close: () => Promise<unknown> | unknown }> = [];

/** Registers something to close; returns a function that closes it now (and only once). */
export function onCleanup(what: string, close: () => Promise<unknown> | unknown) {
  const entry = { what, close };
  closers.push(entry);
  return async () => {
    const at = closers.indexOf(entry);
    if (at === -1) return;
    closers.splice(at, 1);
    await close();
  };
}

/** Closes everything still open, newest first; never throws. */
export async function cleanupAll(log: (line: string) => void = () => {}): Promise<void> {
  while (closers.length > 0) {
    const entry = closers.pop();
    if (!entry) break;
    try {
      await Promise.race([entry.close(), sleep(15_000)]);
    } catch (error) {
      log(`  (closing ${entry.what} failed: ${error instanceof Error ? error.message : error})`);
    }
  }
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named inner functions in `__name(…)`; a function
 * handed to `page.evaluate` then fails in the page. The bench avoids named inner functions in page
 * code, and every context it opens gets this harmless definition as a safety net.
 */
export const TSX_NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';
