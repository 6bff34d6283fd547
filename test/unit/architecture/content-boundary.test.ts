/**
 * What a content script may import. A content script runs in every console tab, inside the page:
 * it must stay small (the bundle budget in test/e2e/bundle-size.test.ts) and hold nothing of the
 * background's — no session, no IndexedDB (a content script's IndexedDB is the page's), no
 * decisions. So from each `entrypoints/*.content` entry it must never reach lib/store/ or
 * lib/engine/, nor load zod, idb or jose; and everything it reaches lies in the folders the
 * content side is made of (CONTENT_SIDE below).
 *
 * The walk follows runtime imports only (`reachableFrom(entries, true)`): an `import type` is
 * erased when the bundle is built, so the widget may name the protocol's types without carrying
 * zod.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT, reachableFrom } from '../../support/import-graph';

/** Never in a content script: the background's stores and engine. */
const FORBIDDEN_FILES = ['lib/store/', 'lib/engine/'];
/** Never in a content script: the background's validation, IndexedDB and signature libraries. */
const FORBIDDEN_PACKAGES = ['zod', 'idb', 'jose'];

/**
 * Where the content side's code lives. Content-only code goes under lib/sensor/ (the sensor and its
 * DOM reading, lib/sensor/dom/) and components/widget/ (the panel); each platform's content half is
 * lib/platforms/<platform>/content.ts with the transcript reader, its profile, the URL parser and
 * the in-place refresh (Salesforce's main-world script shares it) it uses. The rest are small
 * modules the background shares: the faces' `request()`, the record key, the transcript profiles'
 * neutral part (lib/platforms/transcript-profile.ts, which the descriptors and the settings schema
 * name too), the cheap context prefilters, and the size-capped memories and
 * text keys (lib/memory/recent.ts, lib/text/text-key.ts) that keep a shift-long page life bounded.
 */
const CONTENT_SIDE: RegExp[] = [
  /^entrypoints\/[^/]+\.content(\.tsx?|\/)/,
  /^components\/widget\//,
  /^lib\/sensor\//,
  /^lib\/platforms\/[^/]+\/(content|transcript|profile|url|refresh)\.ts$/,
  /^lib\/platforms\/(record-key|transcript-profile)\.ts$/,
  /^lib\/messaging\/request\.ts$/,
  // A leaf (no imports) that says how a value is quoted in a sentence, as the background does.
  /^lib\/text\/format\.ts$/,
  /^lib\/context\/(candidate|lookalike)\.ts$/,
  /^lib\/memory\/recent\.ts$/,
  /^lib\/text\/text-key\.ts$/,
];

/** Every content script entry, as WXT finds them: `entrypoints/<name>.content[/index].ts(x)`. */
function contentEntries(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(resolve(ROOT, 'entrypoints'))) {
    const candidates = /\.content\.tsx?$/.test(name)
      ? [name]
      : name.endsWith('.content')
        ? [`${name}/index.ts`, `${name}/index.tsx`]
        : [];
    for (const c of candidates) {
      if (existsSync(resolve(ROOT, 'entrypoints', c))) found.push(`entrypoints/${c}`);
    }
  }
  return found.sort();
}

const entries = contentEntries();

describe('the content scripts', () => {
  it('are found', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  describe.each(entries)('%s', (entry) => {
    /** Each file the entry's bundle holds, and how the import chain from the entry reads. */
    const bundled = () => {
      const reach = reachableFrom([entry], true);
      return { reach, chain: (file: string) => (reach.get(file) ?? [file]).join(' → ') };
    };

    it('never reach the stores, the engine, zod, idb or jose', () => {
      const { reach, chain } = bundled();
      const problems: string[] = [];
      for (const file of reach.keys()) {
        if (FORBIDDEN_FILES.some((dir) => file.startsWith(dir))) problems.push(chain(file));
        for (const pkg of importsOf(file).runtimePackages) {
          if (FORBIDDEN_PACKAGES.includes(pkg)) problems.push(`${chain(file)} → ${pkg}`);
        }
      }
      expect(problems, `forbidden in a content script:\n${problems.join('\n')}`).toEqual([]);
    });

    it('reach only the content side’s folders', () => {
      const { reach, chain } = bundled();
      const outside = [...reach.keys()]
        .filter((file) => !CONTENT_SIDE.some((allowed) => allowed.test(file)))
        .map(chain);
      expect(outside, `outside the content side:\n${outside.join('\n')}`).toEqual([]);
    });
  });
});
