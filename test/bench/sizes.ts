/**
 * gzip size (level 9, as test/e2e/bundle-size.test.ts measures) of each entrypoint's JavaScript in
 * the build: the background, each content script, the popup's chunk(s) and the options page's
 * chunk(s) when there is one. Budgets are those of the bundle-size test: content scripts ≤ 30 KB
 * each (they load on every console page), background ≤ 128 KB, popup ≤ 60 KB a chunk. The options
 * page has no budget in the test yet: its line is information only. Other chunks and CSS: information.
 * Each HTML page also gets a line with all the JavaScript it loads as it opens (entry chunk, the
 * page's code it imports at once, shared chunks), budgeted as in the bundle test (popup ≤ 60 KB,
 * options page ≤ 90 KB); parts loaded later on demand are not counted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR } from '../support/chromium';
import { pageScripts as pageScriptsOf } from '../support/page-scripts';
import { type BenchOptions, budgeted, fmt, info, type MetricResult, type Row } from './common';

const KB = 1024;

export async function runSizes(_opts: BenchOptions): Promise<MetricResult> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build in ${EXTENSION_DIR}`);
  }
  const files = walk('.').filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const rows: Row[] = [];
  const data: Record<string, { raw: number; gzip: number }> = {};
  const measure = (file: string) => {
    const bytes = readFileSync(join(EXTENSION_DIR, file));
    const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    data[file] = size;
    return size;
  };
  const shown = (s: { raw: number; gzip: number }) =>
    `${fmt(s.gzip / KB, 1)} KB (raw ${fmt(s.raw / KB, 1)} KB)`;
  const add = (file: string, name: string, maxKb: number | null) => {
    const s = measure(file);
    rows.push(
      maxKb === null
        ? info(`size.${file}`, `gzip ${name}`, s.gzip / KB, 'KB', shown(s))
        : budgeted(`size.${file}`, `gzip ${name}`, s.gzip / KB, 'KB', { max: maxKb }, shown(s)),
    );
  };

  add('background.js', 'background.js', 128);
  for (const f of files.filter((f) => f.startsWith('content-scripts/') && f.endsWith('.js'))) {
    add(f, f, 30);
  }
  const chunk = (prefix: string) =>
    files.filter((f) => f.startsWith('chunks/') && relative('chunks', f).startsWith(prefix));
  const popup = chunk('popup').filter((f) => f.endsWith('.js'));
  if (popup.length === 0) throw new Error('no popup chunk in the build');
  for (const f of popup) add(f, `popup chunk ${f}`, 60);
  for (const f of chunk('options').filter((f) => f.endsWith('.js'))) {
    add(f, `options chunk ${f} (no budget in the bundle test)`, null);
  }
  // What a page really loads as it opens: its entry chunk, the code it imports at once and the
  // shared chunks.
  const pages: Record<string, string[]> = {};
  for (const html of files.length ? ['popup.html', 'options.html'] : []) {
    if (!existsSync(join(EXTENSION_DIR, html))) continue;
    const loaded = pageScripts(html);
    pages[html] = loaded;
    const total = loaded.reduce(
      (t, f) => {
        const one = data[f] ?? measure(f);
        return { raw: t.raw + one.raw, gzip: t.gzip + one.gzip };
      },
      { raw: 0, gzip: 0 },
    );
    // The bundle test's budgets for what a page loads as it opens (its entry is only a few bytes:
    // it sends the page's first requests, then imports the page's code).
    const pageMax: Record<string, number> = { 'popup.html': 60, 'options.html': 90 };
    const metric = `gzip ${html} JavaScript as it opens (${loaded.length} files: entry, its code, shared chunks)`;
    const max = pageMax[html];
    rows.push(
      max === undefined
        ? info(`size.page.${html}`, metric, total.gzip / KB, 'KB', shown(total))
        : budgeted(`size.page.${html}`, metric, total.gzip / KB, 'KB', { max }, shown(total)),
    );
  }
  const counted = new Set(Object.keys(data));
  const others = files.filter((f) => !counted.has(f));
  let otherTotal = { raw: 0, gzip: 0 };
  for (const f of others) {
    const s = measure(f);
    otherTotal = { raw: otherTotal.raw + s.raw, gzip: otherTotal.gzip + s.gzip };
  }
  if (others.length > 0) {
    rows.push(
      info(
        'size.other',
        `gzip other files (${others.map((f) => f.replace(/-[\w]{8}\./, '.')).join(', ')})`,
        otherTotal.gzip / KB,
        'KB',
        shown(otherTotal),
      ),
    );
  }
  return { id: 'sizes', rows, data: { extensionDir: EXTENSION_DIR, files: data, pages } };
}

const pageScripts = (html: string) => pageScriptsOf(EXTENSION_DIR, html);

function walk(dir: string): string[] {
  return readdirSync(join(EXTENSION_DIR, dir)).flatMap((name) => {
    const path = dir === '.' ? name : join(dir, name);
    return statSync(join(EXTENSION_DIR, path)).isDirectory() ? walk(path) : [path];
  });
}
