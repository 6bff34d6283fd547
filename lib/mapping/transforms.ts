/**
 * Text clean-ups an admin can ask for before the value map runs (`transforms` in docs/files.md), in the
 * order the mapping lists them. Only text is transformed: numbers and booleans from a JSON context
 * already have their final form.
 */
import type { Transform } from './schema';

const TRANSFORMS: Record<Transform, (s: string) => string> = {
  trim: (s) => s.trim(),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  // Bots often wrap long values or paste them with double spaces; one space reads the same.
  'collapse-spaces': (s) => s.replace(/\s+/g, ' '),
};

export function applyTransforms<T extends string | number | boolean>(
  value: T,
  transforms: readonly Transform[],
): T | string {
  if (typeof value !== 'string') return value;
  let out: string = value;
  for (const t of transforms) out = TRANSFORMS[t](out);
  return out;
}
