/**
 * Field lookups for long lists: `findFieldSpec`'s answer (exact API name first, then regardless of
 * case) from a Map built once per catalog, instead of a scan of the catalog for every row.
 */
import type { FieldSpec } from '../../lib/platforms/types';

export interface FieldIndex {
  get(name: string): FieldSpec | undefined;
}

const built = new WeakMap<readonly FieldSpec[], FieldIndex>();

export function fieldIndex(catalog: readonly FieldSpec[]): FieldIndex {
  let index = built.get(catalog);
  if (index) return index;
  const exact = new Map<string, FieldSpec>();
  const lower = new Map<string, FieldSpec>();
  // The first field of a name wins, as with `find`.
  for (const f of catalog) {
    if (!exact.has(f.name)) exact.set(f.name, f);
    const key = f.name.toLowerCase();
    if (!lower.has(key)) lower.set(key, f);
  }
  index = {
    get(name) {
      const wanted = name.trim();
      if (wanted === '') return undefined;
      return exact.get(wanted) ?? lower.get(wanted.toLowerCase());
    },
  };
  built.set(catalog, index);
  return index;
}
