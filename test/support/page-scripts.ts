/**
 * The scripts an extension page of the build loads as it opens: its module entry (`<script src>`),
 * the chunks its HTML preloads, the chunk the entry imports at once (a page's entry sends its first
 * requests, then imports the page's code) and everything those import statically. Parts a page
 * loads later, on demand (editors, sections opened later), are not counted: only the entry's own
 * dynamic imports are followed, not those of the chunks the page preloads. The bundle test and the
 * bench's sizes step share it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function pageScripts(extensionDir: string, page: string): string[] {
  const html = readFileSync(join(extensionDir, page), 'utf8');
  const entries = [...html.matchAll(/src="\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const preloaded = [...html.matchAll(/href="\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const seen = new Set<string>();
  const pending = [...entries, ...preloaded];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file) || !existsSync(join(extensionDir, file))) continue;
    seen.add(file);
    const code = readFileSync(join(extensionDir, file), 'utf8');
    const imports = [...code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)];
    if (entries.includes(file)) imports.push(...code.matchAll(/import\("\.\/([\w.-]+\.js)"\)/g));
    for (const m of imports) pending.push(join(dirname(file), m[1] as string));
  }
  return [...seen].sort();
}
