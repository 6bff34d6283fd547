/**
 * Runs the real CLI (`node bin/handoff-fields.mjs …`) as an admin would, in a folder of its own so
 * relative paths are the caller's; and writes the files it reads.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportMappings, stringifyMappingsFile } from '@/lib/mapping/file';
import { metadataResponse } from '../../sim/kustomer/metadata';
import { describeObject } from '../../sim/salesforce/describe';
import { CASE } from '../../sim/salesforce/objects';
import { exampleMappings, kustomerExampleMappings } from '../../support/example-mappings';

export const ROOT = resolve(__dirname, '../../..');
export const BIN = join(ROOT, 'bin/handoff-fields.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How many CLI processes run at once: enough to overlap start-up, few enough not to starve each other. */
const PARALLEL = 3;
let active = 0;
const waiting: (() => void)[] = [];

export async function cli(
  args: string[],
  options: { cwd: string; stdin?: string },
): Promise<CliRun> {
  if (active >= PARALLEL) await new Promise<void>((go) => waiting.push(go));
  active++;
  try {
    return await run(process.execPath, [BIN, ...args], options);
  } finally {
    active--;
    waiting.shift()?.();
  }
}

/** Spawned runs take about half a second each, and wait their turn: a generous limit per test. */
export const CLI_TIMEOUT = 60_000;

export function run(
  command: string,
  args: string[],
  options: { cwd: string; stdin?: string },
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A fresh folder with the files an admin would have: mappings, catalogs as the platforms return them. */
export function workspace(files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-fields-cli-'));
  workspaces.push(dir);
  const all: Record<string, unknown> = {
    'mappings.json': stringifyMappingsFile(
      exportMappings([...exampleMappings, ...kustomerExampleMappings]),
    ),
    'case-describe.json': describeObject('62.0', CASE, 'https://acme.my.salesforce.com'),
    'conversation-metadata.json': metadataResponse('conversation', 'org-1', 'user-1'),
    'customer-metadata.json': metadataResponse('customer', 'org-1', 'user-1'),
    ...files,
  };
  for (const [name, content] of Object.entries(all)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const workspaces: string[] = [];

/** Removes the folders `workspace` made (call it in afterAll). */
export function removeWorkspaces() {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
}
