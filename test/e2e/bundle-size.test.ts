/**
 * Bundle budgets (test/bench/README.md), asserted on the build the end-to-end tests use: sizes are
 * deterministic for a given lock file, so they belong in `npm test`, not only in the benchmark.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../support/chromium';
import { pageScripts as pageScriptsOf } from '../support/page-scripts';

const KB = 1024;
const gz = (file: string) => gzipSync(readFileSync(join(EXTENSION_DIR, file)), { level: 9 }).length;
const scripts = (dir: string): string[] =>
  readdirSync(join(EXTENSION_DIR, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(EXTENSION_DIR, path)).isDirectory()
      ? scripts(path)
      : path.endsWith('.js')
        ? [path]
        : [];
  });

const pageScripts = (page: string) => {
  const files = pageScriptsOf(EXTENSION_DIR, page);
  expect(files.length).toBeGreaterThan(0);
  return files;
};
const pageScriptsGzip = (page: string) => pageScripts(page).reduce((sum, f) => sum + gz(f), 0);

describe('bundle sizes (gzip)', () => {
  it('keeps each content script within 30 KB, as they load on every console page', () => {
    expect(gz('content-scripts/salesforce.js')).toBeLessThanOrEqual(30 * KB);
    expect(gz('content-scripts/kustomer.js')).toBeLessThanOrEqual(30 * KB);
  });

  it('keeps the background and the popup within their budgets', () => {
    // 128 KB since issue "Locked-down orgs": Salesforce OAuth with PKCE — the authorize probe and
    // callback, the token endpoint, the kept token, the console user's identity check and the
    // sign-in requests (6.3 KB) — took it from 113.3 to 119.6 KB, too close to 120 for the next
    // fix to fit. A service worker cannot load a chunk later (no import() in it), so it is here.
    // 120 KB since issues "The agent's day" and "QA": confirm before writing (1.1 KB), the agent's
    // words, record names and console values (1.3 KB), one message while retrying and the red pill
    // in every tab (0.9 KB), the QA audit (4.3 KB), and the agent's sentence for each refusal and
    // Retry's verdict moved here from the content scripts (0.6 KB), which were at their 30 KB
    // budget: to 110.8 KB. The guard catches an import that does not belong (UI code, a second
    // copy of a library); features the background must hold are argued here when they pass it.
    // 104 KB since issue "A team can run it": the enterprise policy's reading, checking and merging
    // (1.9 KB), Test a token and the audiences seen (1 KB), and the file rules admins asked for —
    // nested contexts, dropped keys named, date formats, picklist API values, "did you mean" at
    // save (4.9 KB) — took it from 94.7 to 102.5 KB. The background loads once per wake-up; the
    // content scripts are what every console page loads.
    // 95 KB since each platform is a descriptor in one registry (issue "One folder per platform"):
    // the descriptors (objects, rules, wording the pages and the settings' messages use), the
    // registry and the split functions added 3.4 KB, to 90.6 KB. 90 KB since signatures are
    // verified with jose (issue "Trust"): it added 6.2 KB. The background loads from disk once per
    // wake-up; the content scripts, which load with every console page, stay at 30 KB.
    expect(gz('background.js')).toBeLessThanOrEqual(128 * KB);
    // Everything popup.html loads as it opens (its entry, its code, the chunks shared with the options page).
    expect(pageScriptsGzip('popup.html')).toBeLessThanOrEqual(60 * KB);
    expect(pageScriptsGzip('options.html')).toBeLessThanOrEqual(90 * KB);
  });

  it('opens the popup and the options page without zod (only their on-demand parts check input)', () => {
    for (const page of ['popup.html', 'options.html']) {
      const withZod = pageScripts(page).filter((f) =>
        /ZodError|"invalid_type"/.test(readFileSync(join(EXTENSION_DIR, f), 'utf8')),
      );
      expect(withZod, page).toEqual([]);
    }
    // The check can see zod where it is: the background validates every request with it.
    expect(readFileSync(join(EXTENSION_DIR, 'background.js'), 'utf8')).toMatch(/ZodError/);
  });

  it('ships no remote code and asks for no broad host access', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toEqual(['cookies', 'alarms', 'storage', 'identity']);
    expect(manifest.host_permissions).toEqual([
      'https://*.lightning.force.com/*',
      'https://*.my.salesforce.com/*',
      'https://*.kustomerapp.com/*',
    ]);
    expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|\*:\/\/\*\//);
    for (const f of scripts('.'))
      expect(readFileSync(join(EXTENSION_DIR, f), 'utf8')).not.toMatch(/\beval\(|new Function\(/);
  });
});
