/**
 * The store packages' checks, on the builds `npm run test:e2e` makes (Chrome's and Firefox's):
 * Mozilla's addons-linter, the check AMO runs on every upload, finds no error, and each warning it
 * gives is one README "Store notes" explains, listed below by code, file and the code it points
 * at — a new warning, or a known one somewhere else, fails. Also the manifest keys the stores
 * need: Firefox's add-on id and data declaration, and the icons at every size.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  FIREFOX_ANDROID_MIN_VERSION,
  FIREFOX_MIN_VERSION,
} from '../../lib/build/browser-specific-settings';
import { FIREFOX_ADDON_ID } from '../../lib/build/extension-ids';
import { EXTENSION_DIR } from '../support/chromium';
import { FIREFOX_EXTENSION_DIR as FIREFOX_DIR } from '../support/firefox';

const ROOT = resolve(import.meta.dirname, '../..');
const LINTER = resolve(ROOT, 'node_modules/.bin/addons-linter');

interface LinterMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
interface LinterReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LinterMessage[];
  warnings: LinterMessage[];
  notices: LinterMessage[];
}

/** A warning README "Store notes" explains: its code, the files and the code it may point at. */
interface KnownWarning {
  code: string;
  file: RegExp;
  /** What the build's code reads from the reported line and column on. */
  source: RegExp;
}

const KNOWN_WARNINGS: KnownWarning[] = [
  {
    // Preact's renderer, in each bundle that holds it: the panel's content scripts and the chunk
    // the popup and the options page share. It sets innerHTML only from a
    // `dangerouslySetInnerHTML={{__html}}` prop, which our code never passes
    // (test/unit/architecture/no-html-injection.test.ts).
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^(content-scripts\/[\w-]+\.js|chunks\/[\w-]+\.js)$/,
    source: /^[\w$]+\.innerHTML=[\w$]+\.__html\)/,
  },
];

async function lint(dir: string): Promise<LinterReport> {
  // addons-linter exits 1 when it finds errors; its JSON report is on stdout either way.
  const run = promisify(execFile)(LINTER, ['--output', 'json', dir], { maxBuffer: 64 << 20 });
  const { stdout } = await run.catch((e: { stdout?: string }) => {
    if (!e.stdout) throw e;
    return { stdout: e.stdout };
  });
  return JSON.parse(stdout) as LinterReport;
}

/** The build's code from where a message points (lines and columns count from 1). */
function sourceAt(m: LinterMessage): string {
  if (!m.file || !m.line || !m.column) return '';
  const line = readFileSync(join(FIREFOX_DIR, m.file), 'utf8').split('\n')[m.line - 1] ?? '';
  return line.slice(m.column - 1, m.column + 80);
}

const knownFor = (m: LinterMessage) =>
  KNOWN_WARNINGS.find(
    (k) => k.code === m.code && k.file.test(m.file ?? '') && k.source.test(sourceAt(m)),
  );

const describeMessage = (m: LinterMessage) =>
  `${m.code} in ${m.file}:${m.line}:${m.column} (${m.message}): ${sourceAt(m)}`;

/** A PNG's width and height, from its header. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function manifestOf(dir: string) {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path))
    throw new Error(
      `No build in ${dir}: run "npm run test:e2e" (it builds Chrome's and Firefox's).`,
    );
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('store packages', () => {
  it('passes addons-linter with no error and only the warnings README "Store notes" explains', {
    timeout: 180_000,
  }, async () => {
    manifestOf(FIREFOX_DIR);
    const report = await lint(FIREFOX_DIR);
    console.log(`addons-linter ${FIREFOX_DIR}: ${JSON.stringify(report.summary)}`);
    expect(report.errors.map(describeMessage)).toEqual([]);
    expect(report.notices.map(describeMessage)).toEqual([]);
    const unknown = report.warnings.filter((m) => !knownFor(m));
    expect(unknown.map(describeMessage)).toEqual([]);
    // Each known warning still occurs, at most once a file; when one is gone, drop it here and
    // from README "Store notes".
    for (const known of KNOWN_WARNINGS) {
      const files = report.warnings.filter((m) => knownFor(m) === known).map((m) => m.file);
      expect(files.length, known.code).toBeGreaterThan(0);
      expect(new Set(files).size, known.code).toBe(files.length);
    }
  });

  it('gives Firefox the add-on id, the data declaration and the versions that know it; Chrome none of it', () => {
    const firefox = manifestOf(FIREFOX_DIR);
    expect(firefox.browser_specific_settings).toEqual({
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    });
    expect(manifestOf(EXTENSION_DIR).browser_specific_settings).toBeUndefined();
  });

  it("keeps the description within the Chrome Web Store's 132 characters (its summary)", () => {
    for (const dir of [EXTENSION_DIR, FIREFOX_DIR])
      expect(manifestOf(dir).description.length).toBeLessThanOrEqual(132);
  });

  it('lists the icons at 16, 32, 48 and 128 pixels in both builds, each file that size', () => {
    for (const dir of [EXTENSION_DIR, FIREFOX_DIR]) {
      const manifest = manifestOf(dir);
      expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
      for (const [size, file] of Object.entries<string>(manifest.icons))
        expect(pngSize(join(dir, file)), file).toEqual([Number(size), Number(size)]);
      for (const [size, file] of Object.entries<string>(manifest.action.default_icon))
        expect(pngSize(join(dir, file)), file).toEqual([Number(size), Number(size)]);
    }
  });
});
