/**
 * What the bench (run.ts) and the soak run (test/soak/run.ts) report alike: the machine and commit
 * the figures come from, and the table they print.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Row } from './common';

/** The commit, Node, Chromium and machine a run's figures come from. */
export function machine(root: string) {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return null;
    }
  };
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Debian's wrapper script may print shell noise first: keep the line that names the version.
  const chromium =
    (run(chromiumPath, ['--version']) ?? '')
      .split('\n')
      .find((l) => /Chromium|Chrome/.test(l))
      ?.trim() ?? null;
  const status = run('git', ['status', '--porcelain']);
  const cpu = cpus();
  return {
    git: {
      commit: run('git', ['rev-parse', 'HEAD']),
      branch: run('git', ['rev-parse', '--abbrev-ref', 'HEAD']),
      dirty: status === null ? null : status.length > 0,
    },
    node: process.version,
    chromium,
    machine: {
      platform: `${process.platform} ${process.arch}`,
      cores: cpu.length,
      cpuModel: cpu[0]?.model ?? null,
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
  };
}

/** The table (metric · value · budget · result) the bench and the soak print. */
export function printTable(rows: Row[]) {
  const head = ['metric', 'value', 'budget', 'result'];
  const body = rows.map((r) => [r.metric, r.shown, r.budgetShown, r.status]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ·  ');
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('──·──'));
  for (const b of body) console.log(line(b));
  console.log('');
}

/**
 * Writes a run's JSON to `artifacts/<kind>/<ISO time>.json` and `latest.json`, says where, and
 * sets the exit code when a budget was missed.
 */
export function saveReport(opts: {
  root: string;
  kind: 'bench' | 'soak';
  started: Date;
  report: { seconds: number };
  failed: Row[];
  log: (line: string) => void;
}): void {
  const dir = join(opts.root, 'artifacts', opts.kind);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${opts.started.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(opts.report, null, 2)}\n`;
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  opts.log(`Figures: ${file} (and artifacts/${opts.kind}/latest.json) · ${opts.report.seconds} s`);
  if (opts.failed.length > 0) {
    opts.log(`${opts.failed.length} budget(s) missed: ${opts.failed.map((r) => r.key).join(', ')}`);
    process.exitCode = 1;
  } else opts.log('Every budget met.');
}
