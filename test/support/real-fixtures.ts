/**
 * The responses captured from real orgs (Salesforce describes and error bodies, Kustomer examples…)
 * live outside the repository, in `../shared/fixtures/real` beside the checkout, with a SOURCES.md
 * saying where each came from. Every test reads them through here, so the location is written once
 * and a missing folder fails with one message that says where it was expected.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A string, not `new URL(…)`: under happy-dom the global URL is the DOM's, which node:url refuses.
// Some vitest environments give modules an http: import.meta.url; vitest defines __dirname then.
const here = import.meta.url.startsWith('file:')
  ? dirname(fileURLToPath(import.meta.url))
  : __dirname;

/** The repository's root: this file is test/support/real-fixtures.ts. */
const REPO_ROOT = resolve(here, '../..');

/** Where the captured responses are expected: `../shared/fixtures/real` from the repository's root. */
export const REAL_FIXTURES_DIR = resolve(REPO_ROOT, '../shared/fixtures/real');

function fixturesDir(): string {
  if (!existsSync(REAL_FIXTURES_DIR)) {
    throw new Error(
      `The real captured fixtures are missing: expected the folder ${REAL_FIXTURES_DIR} ` +
        `(../shared/fixtures/real beside the repository at ${REPO_ROOT})`,
    );
  }
  return REAL_FIXTURES_DIR;
}

/** The absolute path of one captured file, e.g. `sf_describe_Case_cumulusci_v48.json`. */
export function realFixturePath(name: string): string {
  const path = resolve(fixturesDir(), name);
  if (!existsSync(path)) {
    throw new Error(`The real captured fixture ${name} is missing from ${REAL_FIXTURES_DIR}`);
  }
  return path;
}

/** One captured file as text. */
export function readRealFixture(name: string): string {
  return readFileSync(realFixturePath(name), 'utf8');
}

/** One captured file, parsed as JSON. */
export function readRealJson(name: string): unknown {
  return JSON.parse(readRealFixture(name));
}

/** The names of the captured files matching `pattern`, sorted. */
export function realFixtureNames(pattern: RegExp): string[] {
  return readdirSync(fixturesDir())
    .filter((n) => pattern.test(n))
    .sort();
}
