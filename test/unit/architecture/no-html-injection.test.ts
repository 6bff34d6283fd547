/**
 * The extension never turns a string into markup. Everything it shows comes from a chat, a
 * platform or a file (hostile input), and Preact renders text as text; its one way to inject
 * markup, the `dangerouslySetInnerHTML` prop, is the innerHTML warning addons-linter gives on
 * Preact's renderer (README "Store notes", test/e2e/addons-linter.test.ts). So no file of the
 * extension's own code names it, nor the DOM's other ways to parse markup.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/import-graph';

/** Every way to parse a string as HTML that the DOM and Preact offer. */
const MARKUP_SINKS =
  /dangerouslySetInnerHTML|\b(innerHTML|outerHTML|insertAdjacentHTML|srcdoc|createContextualFragment|parseFromString|setHTMLUnsafe)\b|document\.write(ln)?\s*\(/;

const sinksIn = (text: string) =>
  text
    .split('\n')
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => MARKUP_SINKS.test(l.text));

describe('no markup from strings', () => {
  it('names no HTML sink in lib/, components/ or entrypoints/', () => {
    const files = execSync("git ls-files 'lib/*' 'components/*' 'entrypoints/*'", { cwd: ROOT })
      .toString()
      .trim()
      .split('\n')
      .filter((f) => /\.(tsx?|html)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) =>
      sinksIn(readFileSync(resolve(ROOT, file), 'utf8')).map((s) => `${file}:${s.line} ${s.text}`),
    );
    expect(found).toEqual([]);
  });

  it('catches each sink however it is written', () => {
    for (const sample of [
      '<div dangerouslySetInnerHTML={{ __html: text }} />',
      'el.innerHTML = value;',
      "el['outerHTML'] = value;",
      "el.insertAdjacentHTML('beforeend', value);",
      'frame.srcdoc = value;',
      'range.createContextualFragment(value);',
      "new DOMParser().parseFromString(value, 'text/html');",
      'el.setHTMLUnsafe(value);',
      'document.write (value);',
    ])
      expect(sinksIn(sample), sample).toHaveLength(1);
    expect(sinksIn('el.textContent = value; // inner HTML is never used')).toEqual([]);
  });
});
