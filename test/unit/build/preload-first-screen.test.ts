/** The build's preload links: a page's own modules fetched while it parses, its later parts not. */
import { describe, expect, it } from 'vitest';
import { preloadLinks, staticClosure } from '../../../lib/build/preload-first-screen';

const chunk = (
  fileName: string,
  imports: string[] = [],
  dynamicImports: string[] = [],
  css: string[] = [],
) => ({
  type: 'chunk' as const,
  fileName,
  imports,
  dynamicImports,
  viteMetadata: { importedCss: new Set(css) },
});

// The options page as built: its first script imports `request`, then `import('./app')`; the app
// imports `early` and `request` and lazily loads the mapping editor.
const bundle = {
  'chunks/options.js': chunk('chunks/options.js', ['chunks/request.js'], ['chunks/app.js']),
  'chunks/request.js': chunk('chunks/request.js'),
  'chunks/app.js': chunk(
    'chunks/app.js',
    ['chunks/early.js', 'chunks/request.js', 'chunks/options.js'],
    ['chunks/MappingEditor.js'],
    ['assets/app.css'],
  ),
  'chunks/early.js': chunk('chunks/early.js', [], [], ['assets/early.css']),
  'chunks/MappingEditor.js': chunk('chunks/MappingEditor.js', ['chunks/schema.js']),
  'chunks/schema.js': chunk('chunks/schema.js'),
  'assets/app.css': { type: 'asset' as const, fileName: 'assets/app.css' },
};
const html =
  '<script type="module" crossorigin src="/chunks/options.js"></script>\n<link rel="modulepreload" crossorigin href="/chunks/request.js">';

describe('preloadLinks', () => {
  it('preloads what the first dynamic import loads, and its CSS, once each', () => {
    expect(preloadLinks(bundle['chunks/options.js'], bundle, html)).toEqual([
      '<link rel="modulepreload" crossorigin href="/chunks/app.js">',
      '<link rel="modulepreload" crossorigin href="/chunks/early.js">',
      '<link rel="preload" as="style" crossorigin href="/assets/app.css">',
      '<link rel="preload" as="style" crossorigin href="/assets/early.css">',
    ]);
  });

  it('leaves the lazily loaded parts of the page (the editor and its schema) to load on demand', () => {
    const links = preloadLinks(bundle['chunks/options.js'], bundle, html).join('\n');
    expect(links).not.toContain('MappingEditor');
    expect(links).not.toContain('schema');
  });

  it('adds nothing to a page without a dynamic import', () => {
    expect(preloadLinks(bundle['chunks/request.js'], bundle, html)).toEqual([]);
  });
});

describe('staticClosure', () => {
  it('follows static imports through cycles, not dynamic ones', () => {
    expect(staticClosure('chunks/app.js', bundle).scripts).toEqual([
      'chunks/app.js',
      'chunks/early.js',
      'chunks/request.js',
      'chunks/options.js',
    ]);
  });
});
