import { describe, expect, it } from 'vitest';
import { applyTransforms } from '@/lib/mapping/transforms';

describe('applyTransforms', () => {
  it.each([
    [['trim'], '  Gold  ', 'Gold'],
    [['lower'], 'GoLD', 'gold'],
    [['upper'], 'gold', 'GOLD'],
    [['collapse-spaces'], ' Gold \t\n  plus ', ' Gold plus '],
    [['collapse-spaces', 'trim'], ' Gold \t\n  plus ', 'Gold plus'],
    [[], '  as is ', '  as is '],
  ] as const)('%j turns %j into %j', (transforms, input, expected) => {
    expect(applyTransforms(input, transforms)).toBe(expected);
  });

  it('applies transforms in the order the mapping lists them', () => {
    // upper then lower ends lower; lower then upper ends upper.
    expect(applyTransforms('Gold', ['upper', 'lower'])).toBe('gold');
    expect(applyTransforms('Gold', ['lower', 'upper'])).toBe('GOLD');
  });

  it('leaves numbers and booleans alone', () => {
    expect(applyTransforms(42, ['trim', 'upper'])).toBe(42);
    expect(applyTransforms(true, ['lower'])).toBe(true);
  });
});
