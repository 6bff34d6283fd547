/**
 * No import cycles among the project's own files (issue 12): a cycle means no file in it can be
 * read, tested or moved on its own. Type-only imports count — a cycle through types still ties the
 * files together for a reader. Shared types go in a leaf (lib/handoff/types.ts is one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycleLoop, type Edges, importCycles, ROOT } from '../../support/import-graph';

/** Every tracked TypeScript file of the extension, and the test support and simulations. */
function projectFiles(): string[] {
  const listed = execFileSync(
    'git',
    [
      'ls-files',
      '--',
      ...['lib', 'components', 'entrypoints', 'test/support', 'test/sim'].flatMap((dir) => [
        `${dir}/*.ts`,
        `${dir}/*.tsx`,
      ]),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  // A tracked file deleted in the working tree is not part of what is being tested.
  return listed.split('\n').filter((f) => f !== '' && existsSync(resolve(ROOT, f)));
}

const describeCycles = (cycles: string[][], edges?: Edges): string =>
  cycles
    .map(
      (files) =>
        `${files.length} files: ${files.join(', ')}\n  e.g. ${cycleLoop(files, edges).join(' → ')}`,
    )
    .join('\n');

describe('import cycles', () => {
  it('finds a cycle and a self-import in a made-up graph, and names the loop', () => {
    const graph: Record<string, string[]> = {
      'a.ts': ['b.ts', 'leaf.ts'],
      'b.ts': ['c.ts'],
      'c.ts': ['a.ts', 'leaf.ts'],
      'self.ts': ['self.ts'],
      'leaf.ts': [],
    };
    const edges: Edges = (file) => graph[file] ?? [];
    const cycles = importCycles(Object.keys(graph), edges);
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts'], ['self.ts']]);
    expect(describeCycles(cycles, edges)).toContain('a.ts → b.ts → c.ts → a.ts');
    expect(describeCycles(cycles, edges)).toContain('self.ts → self.ts');
    expect(importCycles(['leaf.ts', 'a.ts'], (f) => (f === 'a.ts' ? ['leaf.ts'] : []))).toEqual([]);
  });

  // Parses some 250 files with the TypeScript compiler: seconds, more on a busy machine.
  it('has none among lib, components, entrypoints, test/support and test/sim', {
    timeout: 30_000,
  }, () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(100);
    const cycles = importCycles(files);
    expect(cycles, `import cycles:\n${describeCycles(cycles)}`).toEqual([]);
  });
});
