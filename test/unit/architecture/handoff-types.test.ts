/**
 * lib/handoff/types.ts is what the stores, the journal, the engine, the protocol and the faces share,
 * so it must sit below all of them: it imports types only, and nothing it reaches may reach back up
 * into those layers (or the leaf stops being something anyone can import without a cycle).
 */
import { describe, expect, it } from 'vitest';
import { importsOf, reachableFrom } from '../../support/import-graph';

const LEAF = 'lib/handoff/types.ts';

/** The layers that import the leaf: anything the leaf reaches there could close a cycle. */
const ABOVE = [
  'lib/engine/',
  'lib/store/',
  'lib/journal/',
  'lib/messaging/',
  'lib/privacy/',
  'lib/mapping/',
  'lib/sensor/',
  'lib/cli/',
  'components/',
  'entrypoints/',
];

describe('lib/handoff/types.ts', () => {
  it('imports types only', () => {
    const { runtimeFiles, runtimePackages } = importsOf(LEAF);
    expect([...runtimeFiles, ...runtimePackages]).toEqual([]);
  });

  it('reaches nothing in the layers that import it', () => {
    const upward = [...reachableFrom([LEAF])]
      .filter(([file]) => ABOVE.some((layer) => file.startsWith(layer)))
      .map(([, chain]) => chain.join(' → '));
    expect(upward, `the leaf reaches up:\n${upward.join('\n')}`).toEqual([]);
  });
});
