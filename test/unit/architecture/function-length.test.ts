/**
 * No function of the product is over 80 lines (test/support/function-length.ts says how a function
 * is measured: strictly, every line written inside it, the functions nested in it included — which
 * are measured on their own as well — without JSX markup, blank lines or comments). A long function
 * is split along the steps it already has.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionLengths } from '../../support/function-length';
import { ROOT } from '../../support/import-graph';

const MAX_LINES = 80;

describe('function length', () => {
  it(`keeps every function of lib/, components/ and entrypoints/ within ${MAX_LINES} lines`, () => {
    const files = execSync(
      "git ls-files 'lib/*.ts' 'lib/*.tsx' 'components/*.ts' 'components/*.tsx' 'entrypoints/*.ts' 'entrypoints/*.tsx'",
      { cwd: ROOT },
    )
      .toString()
      .trim()
      .split('\n');
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((file) =>
      functionLengths(resolve(ROOT, file))
        .filter((f) => f.lines > MAX_LINES)
        .map((f) => `${file}:${f.line} ${f.name} has ${f.lines} lines`),
    );
    expect(long).toEqual([]);
  });

  describe('the measure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'function-length-'));
    const measure = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return functionLengths(path);
    };

    it('counts statements, not blank lines or comments', () => {
      const body = Array.from({ length: 90 }, (_, i) => `  const a${i} = ${i};\n\n  // why`).join(
        '\n',
      );
      const [f] = measure('long.ts', `export function long() {\n${body}\n}\n`);
      expect(f).toMatchObject({ name: 'long', line: 1, lines: 92 });
    });

    it('measures a nested function on its own, and counts its lines in its parent too', () => {
      const inner = Array.from({ length: 10 }, (_, i) => `    const b${i} = ${i};`).join('\n');
      const found = measure(
        'nested.ts',
        `export function outer() {\n  const x = 1;\n  const inner = () => {\n${inner}\n  };\n  return inner;\n}\n`,
      );
      // outer: its 4 own lines and inner's 12.
      expect(found.map((f) => [f.name, f.lines])).toEqual([
        ['outer', 16],
        ['inner', 12],
      ]);
    });

    it('leaves JSX markup out', () => {
      const rows = Array.from({ length: 100 }, (_, i) => `      <li>${i}</li>`).join('\n');
      const [f] = measure(
        'view.tsx',
        `export function View() {\n  const n = 1;\n  return (\n    <ul>\n${rows}\n    </ul>\n  );\n}\n`,
      );
      expect(f?.lines).toBeLessThan(10);
    });

    it('leaves JSX out of a parent too, handlers written inline in the markup with it', () => {
      const rows = Array.from(
        { length: 100 },
        (_, i) =>
          `        <li onClick={() => {\n          const c${i} = ${i};\n        }}>${i}</li>`,
      ).join('\n');
      const [outer] = measure(
        'nested-view.tsx',
        `export function outer() {\n  const View = () => (\n    <ul>\n${rows}\n    </ul>\n  );\n  return View;\n}\n`,
      );
      // Its first and last lines, `const View = () => (`, `);` and `return View;`.
      expect(outer).toMatchObject({ name: 'outer', lines: 5 });
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));
  });
});
