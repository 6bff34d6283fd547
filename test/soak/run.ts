/**
 * `npm run soak`: an agent's day compressed — five console tabs, hundreds of handoffs over long
 * transcripts, the service worker stopped again and again, one browser restart — then one table like
 * the bench's (metric · value · budget · result): writes lost and duplicated, the tabs' and the
 * worker's memory at start, middle and end, the database against the retention setting, handoff p95
 * at start and end. Figures go to `artifacts/soak/<ISO time>.json` and `artifacts/soak/latest.json`;
 * exit 1 when a budget is missed. Not part of `npm test`. See test/soak/README.md.
 *
 *   npm run soak                       300 handoffs, 20 worker stops, 1 restart, 2,000-message transcripts
 *   npm run soak -- --quick            30 handoffs, 2 stops, 1 restart, 300-message transcripts (~3 min)
 *   npm run soak -- --no-build         reuse the build in $HF_OUT_DIR (default .output-bench)
 *   npm run soak -- --handoffs N --stops N --transcript N
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { cleanupAll } from '../bench/common';
import { loadWindow } from '../bench/machine';
import { machine, printTable, saveReport } from '../bench/report';
import type { ShiftOptions } from './day';
import { type Figures, soakRows } from './figures';

const root = resolve(import.meta.dirname, '../..');

function parseArgs(argv: string[]) {
  const args: ShiftOptions & { build: boolean; quick: boolean } = {
    handoffs: 300,
    stops: 20,
    transcript: 2_000,
    build: true,
    quick: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const whole = (min: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} takes a whole number ≥ ${min}`);
      return n;
    };
    if (flag === '--quick')
      Object.assign(args, { quick: true, handoffs: 30, stops: 2, transcript: 300 });
    else if (flag === '--no-build') args.build = false;
    else if (flag === '--handoffs') args.handoffs = whole(12);
    else if (flag === '--stops') args.stops = whole(0);
    else if (flag === '--transcript') args.transcript = whole(0);
    else if (flag === '--help' || flag === '-h') {
      console.log(
        'npm run soak [-- --quick] [--no-build] [--handoffs N] [--stops N] [--transcript N]',
      );
      process.exit(0);
    } else throw new Error(`Unknown option ${arg} (try --help)`);
  }
  return args;
}

function build(outDir: string) {
  const result = spawnSync('npx', ['wxt', 'build'], {
    cwd: root,
    env: { ...process.env, HF_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`the extension did not build into ${outDir} (output above)`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // Before test/support/chromium.ts is loaded (it resolves the extension folder on import).
  process.env.HF_OUT_DIR ??= '.output-bench';
  const outDir = process.env.HF_OUT_DIR;
  const started = new Date();
  const log = (line: string) => console.log(line);
  const meta = machine(root);
  log(
    `Handoff Fields soak · ${meta.git.commit?.slice(0, 10) ?? 'no git'}${meta.git.dirty ? ' (uncommitted changes)' : ''} · ${meta.chromium ?? 'Chromium ?'} · ${meta.machine.cores} cores · ${args.handoffs} handoffs, ${args.stops} worker stops, 1 restart, ${args.transcript}-message transcripts`,
  );
  if (args.build) {
    log(`Building the extension into ${outDir}…`);
    build(outDir);
  }
  const closeLoad = loadWindow();
  let figures: Figures;
  try {
    // Imported now: test/support/chromium.ts reads HF_OUT_DIR when it loads.
    const { runShift } = await import('./day');
    figures = await runShift(args, log);
  } finally {
    await cleanupAll(log);
  }
  const load = closeLoad();
  const rows = soakRows(figures);
  printTable(rows);
  log(`CPU used by other processes during the run: ${load.othersBusyPct ?? '?'}% of the machine`);
  const finished = new Date();
  const failed = rows.filter((r) => r.status === 'FAIL');
  const report = {
    format: 'handoff-fields/soak',
    version: 1,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
    ...meta,
    options: { ...args, outDir },
    load,
    ok: failed.length === 0,
    rows,
    figures,
  };
  saveReport({ root, kind: 'soak', started, report, failed, log });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: closing the sim and Chromium…`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

main().catch(async (error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanupAll();
  process.exit(2);
});
