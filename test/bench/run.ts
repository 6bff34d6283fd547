/**
 * `npm run bench`: builds the extension into its own folder, measures the performance budgets (listed
 * in test/bench/README.md), prints one table (metric · value · budget · result), writes the figures as JSON to
 * `artifacts/bench/<ISO time>.json` and `artifacts/bench/latest.json`, and exits 1 when a budget is
 * missed (or a measurement could not finish). See test/bench/README.md for what each line means.
 *
 *   npm run bench                          everything (about 4–5 minutes on 2 cores)
 *   npm run bench -- --only latency,pages  some metrics (sizes planner journal fuzz latency main-thread pages)
 *   npm run bench -- --no-build            reuse the build in $HF_OUT_DIR (default .output-bench)
 *   npm run bench -- --runs 60             handoffs per platform for the latency line (default 40, ≥ 30)
 *   npm run bench -- --wait-quiet 60       before each browser step, wait up to 60 s for other processes to calm down
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import {
  type BenchOptions,
  cleanupAll,
  errorRow,
  METRIC_IDS,
  type MetricId,
  type MetricResult,
} from './common';
import { loadWindow, waitQuiet } from './machine';
import { machine, printTable, saveReport } from './report';

const root = resolve(import.meta.dirname, '../..');

interface Args {
  only: MetricId[];
  build: boolean;
  runs: number;
  /** Before each timed browser step, wait up to this long for other processes to calm down. */
  waitQuiet: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: [...METRIC_IDS], build: true, runs: 40, waitQuiet: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--no-build') args.build = false;
    else if (flag === '--only') {
      const wanted = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = wanted.filter((w) => !METRIC_IDS.includes(w as MetricId));
      if (unknown.length > 0 || wanted.length === 0) {
        throw new Error(`--only takes some of: ${METRIC_IDS.join(', ')} (got ${value()})`);
      }
      args.only = METRIC_IDS.filter((m) => wanted.includes(m));
    } else if (flag === '--runs') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--runs takes a whole number ≥ 1');
      args.runs = n;
    } else if (flag === '--wait-quiet') {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error('--wait-quiet takes seconds ≥ 0');
      args.waitQuiet = n;
    } else if (flag === '--help' || flag === '-h') {
      console.log(
        'npm run bench [-- --only <metric,…>] [--no-build] [--runs N] [--wait-quiet SECONDS]\nmetrics: ' +
          METRIC_IDS.join(', '),
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${arg} (try --help)`);
  }
  return args;
}

const NEEDS_BUILD: ReadonlySet<MetricId> = new Set(['sizes', 'latency', 'main-thread', 'pages']);
const TIMED_IN_BROWSER: ReadonlySet<MetricId> = new Set(['latency', 'main-thread', 'pages']);
/** Lines whose figures are times (sizes are not). */
const TIMED: ReadonlySet<MetricId> = new Set([...TIMED_IN_BROWSER, 'planner', 'journal', 'fuzz']);

async function runMetric(id: MetricId, opts: BenchOptions): Promise<MetricResult> {
  switch (id) {
    case 'sizes':
      return (await import('./sizes')).runSizes(opts);
    case 'planner':
      return (await import('./planner')).runPlanner(opts);
    case 'journal':
      return (await import('./journal')).runJournal(opts);
    case 'fuzz':
      return (await import('./fuzz')).runFuzz(opts);
    case 'latency':
      return (await import('./latency')).runLatency(opts);
    case 'main-thread':
      return (await import('./main-thread')).runMainThread(opts);
    case 'pages':
      return (await import('./pages')).runPages(opts);
  }
}

function build(outDir: string) {
  const started = Date.now();
  const result = spawnSync('npx', ['wxt', 'build'], {
    cwd: root,
    env: { ...process.env, HF_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`the extension did not build into ${outDir} (output above)`);
  }
  return (Date.now() - started) / 1000;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Before any module reads it (test/support/chromium.ts resolves the extension folder on import).
  process.env.HF_OUT_DIR ??= '.output-bench';
  const outDir = process.env.HF_OUT_DIR;
  const started = new Date();
  const log = (line: string) => console.log(line);
  const opts: BenchOptions = { runs: args.runs, outDir, root, log };
  const meta = machine(root);
  log(
    `Handoff Fields bench · ${meta.git.commit?.slice(0, 10) ?? 'no git'}${meta.git.dirty ? ' (uncommitted changes)' : ''} · Node ${meta.node} · ${meta.chromium ?? 'Chromium ?'} · ${meta.machine.cores} cores`,
  );

  let buildSeconds: number | null = null;
  if (args.build && args.only.some((m) => NEEDS_BUILD.has(m))) {
    log(`Building the extension into ${outDir}…`);
    buildSeconds = build(outDir);
  }

  const results: MetricResult[] = [];
  for (const id of args.only) {
    if (interrupted) break;
    let quiet: Awaited<ReturnType<typeof waitQuiet>> | null = null;
    if (args.waitQuiet > 0 && TIMED_IN_BROWSER.has(id)) {
      quiet = await waitQuiet(args.waitQuiet);
      log(
        `  waited ${quiet.waitedSeconds} s for a quieter machine (others now ${quiet.othersBusyPct ?? '?'}% of the CPU)`,
      );
    }
    const load0 = loadavg()[0] ?? 0;
    log(
      `▸ ${id}${load0 > cpus().length ? ` (load average ${load0.toFixed(1)} on ${cpus().length} cores: expect noise)` : ''}`,
    );
    const t0 = Date.now();
    const closeLoad = loadWindow();
    let result: MetricResult;
    try {
      result = await runMetric(id, opts);
    } catch (error) {
      // Playwright errors carry the whole browser log: the first lines say what happened.
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const short = text.split('\n').slice(0, 6).join('\n');
      result = { id, rows: [errorRow(id, error)], data: { error: short } };
      if (!interrupted) console.error(short);
    } finally {
      // Whatever a module left open (it closes its own; this is the net under it).
      await cleanupAll(log);
    }
    result.seconds = Math.round((Date.now() - t0) / 100) / 10;
    result.data = {
      ...result.data,
      load: {
        loadavg1AtStart: Math.round(load0 * 100) / 100,
        ...closeLoad(),
        ...(quiet ? { waitedForQuietSeconds: quiet.waitedSeconds } : {}),
      },
    };
    results.push(result);
    for (const r of result.rows) log(`  ${r.status.padEnd(4)} ${r.metric}: ${r.shown}`);
  }

  const rows = results.flatMap((r) => r.rows);
  printTable(rows);
  const others = results.map((r) => {
    const load = r.data.load as { othersBusyPct: number | null; machineBusyPct: number | null };
    return { id: r.id, others: load.othersBusyPct, machine: load.machineBusyPct };
  });
  log(
    `CPU used by other processes during each step (the bench's own excluded): ${others.map((o) => `${o.id} ${o.others ?? '?'}%`).join(', ')}`,
  );
  const noisy = others.filter((o) => TIMED.has(o.id) && (o.others ?? 0) > 20);
  if (noisy.length > 0) {
    log(
      `⚠ Other processes used over 20% of the machine during ${noisy.map((o) => o.id).join(', ')}: those timings are inflated; run again on a quieter machine (or with --wait-quiet 60).`,
    );
  }
  const failed = rows.filter((r) => r.status === 'FAIL');
  const finished = new Date();
  const report = {
    format: 'handoff-fields/bench',
    version: 1,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    ...meta,
    options: {
      only: args.only,
      build: args.build,
      buildSeconds,
      runs: args.runs,
      waitQuiet: args.waitQuiet,
      outDir,
    },
    ok: failed.length === 0,
    rows,
    metrics: Object.fromEntries(results.map((r) => [r.id, { seconds: r.seconds, ...r.data }])),
  };
  if (interrupted) return; // half a run is no figure to compare with
  saveReport({ root, kind: 'bench', started, report, failed, log });
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: closing servers and browsers…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await cleanupAll();
  process.exit(2);
});
