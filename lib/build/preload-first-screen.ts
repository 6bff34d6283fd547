/**
 * A Vite plugin for the extension's pages: each page's first script sends its first request, then
 * imports the rest of the page (`import('./app')`), so the request is answered while the page
 * loads. Vite preloads only the first script's static imports from the HTML, so the page's own
 * modules were fetched only once that script had run — about 60 ms later on a 2-core machine.
 * This adds a `modulepreload` for each module those first dynamic imports load (and a `preload` for
 * their CSS), so Chromium fetches and compiles them while it parses the page. The lazily loaded
 * parts of the page (editors, sections opened later) are not preloaded: only the entry chunk's
 * own dynamic imports and what they import statically.
 */
import type { Plugin } from 'vite';

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
type BundleItem = BundleChunk | { type: 'asset'; fileName: string };

/** The files a dynamic import of `root` loads: the chunk and its static imports, recursively. */
export function staticClosure(
  root: string,
  bundle: Record<string, BundleItem>,
): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const item = bundle[file];
    if (item?.type !== 'chunk') return;
    scripts.push(file);
    for (const css of item.viteMetadata?.importedCss ?? []) styles.add(css);
    for (const dep of item.imports) visit(dep);
  };
  visit(root);
  return { scripts, styles: [...styles] };
}

/** The `<link>`s to add to a page whose entry chunk is `entry`, minus what the page already links. */
export function preloadLinks(
  entry: BundleChunk,
  bundle: Record<string, BundleItem>,
  html: string,
): string[] {
  const links: string[] = [];
  const already = (file: string) => html.includes(`/${file}"`) || file === entry.fileName;
  for (const dynamic of entry.dynamicImports) {
    const { scripts, styles } = staticClosure(dynamic, bundle);
    for (const file of scripts) {
      if (already(file)) continue;
      links.push(`<link rel="modulepreload" crossorigin href="/${file}">`);
    }
    for (const file of styles) {
      if (already(file)) continue;
      links.push(`<link rel="preload" as="style" crossorigin href="/${file}">`);
    }
  }
  return [...new Set(links)];
}

export function preloadFirstScreen(): Plugin {
  return {
    name: 'handoff-fields:preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = ctx.chunk as unknown as BundleChunk | undefined;
        const bundle = ctx.bundle as unknown as Record<string, BundleItem> | undefined;
        if (!entry || !bundle) return html;
        const links = preloadLinks(entry, bundle, html);
        if (links.length === 0) return html;
        return html.replace(/\n?\s*<\/head>/, `\n    ${links.join('\n    ')}\n  </head>`);
      },
    },
  };
}
