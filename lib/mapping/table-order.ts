/**
 * The options page's mapping table order — by object, then by the target's catalog label, then by
 * id — as pure functions, so the background can answer the table's first screen in the very order
 * the page will show once every mapping has arrived. Type imports only: no zod on the page's path.
 */
import { platformNames } from '../platforms/descriptor-registry';
import type { Catalog, FieldSpec, PlatformId } from '../platforms/types';
import type { Mapping } from './schema';

/** The key of one platform's object in the maps below. */
export const objectKey = (platform: string, object: string) => `${platform}\u0000${object}`;

/** "Salesforce · Case": where a mapping's target lives, as the table shows it. */
export const whereOf = (platform: PlatformId, object: string) =>
  `${platformNames[platform]} · ${object}`;

/** Case-insensitive keys compared by plain code units: ten times faster than a collator. */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Fields per object over every org's catalog: the newest import of each field wins, so a field an
 * older org still has is offered too (the options page edits mappings for every org at once).
 */
export function fieldsByObject(catalogs: readonly Catalog[]): Map<string, FieldSpec[]> {
  const byObject = new Map<string, Map<string, FieldSpec>>();
  for (const c of [...catalogs].sort((a, b) => a.fetchedAt - b.fetchedAt)) {
    const key = objectKey(c.platform, c.object);
    const fields = byObject.get(key) ?? new Map<string, FieldSpec>();
    for (const f of c.fields) fields.set(f.name, f);
    byObject.set(key, fields);
  }
  const out = new Map<string, FieldSpec[]>();
  for (const [key, fields] of byObject) {
    out.set(
      key,
      [...fields.values()].sort((a, b) => collator.compare(a.label, b.label)),
    );
  }
  return out;
}

/** A catalog field with its label in lower case (the sort key), computed once per field. */
export interface LabelledSpec {
  spec: FieldSpec;
  labelKey: string;
}

/** platform · object → lowercase API name → the field: how a row finds its target's label. */
export type SpecIndex = Map<string, Map<string, LabelledSpec>>;

export function specIndexOf(fields: Map<string, FieldSpec[]>): SpecIndex {
  const index: SpecIndex = new Map();
  for (const [key, list] of fields) {
    const byName = new Map<string, LabelledSpec>();
    for (const f of list)
      byName.set(f.name.toLowerCase(), { spec: f, labelKey: f.label.toLowerCase() });
    index.set(key, byName);
  }
  return index;
}

/** What the table's default order compares. */
export interface OrderKeys {
  whereKey: string;
  labelKey: string;
  id: string;
}

/** The table's default order (and every other sort's tie-break), so the order never jumps. */
export const byTableOrder = (a: OrderKeys, b: OrderKeys): number =>
  cmp(a.whereKey, b.whereKey) || cmp(a.labelKey, b.labelKey) || cmp(a.id, b.id);

/** The order keys of a mapping: its object, and its target's catalog label (else its API name). */
export function orderKeysOf(m: Mapping, index: SpecIndex): OrderKeys {
  const found = index.get(objectKey(m.platform, m.object))?.get(m.field.toLowerCase());
  return {
    whereKey: whereOf(m.platform, m.object).toLowerCase(),
    labelKey: found?.labelKey ?? m.field.toLowerCase(),
    id: m.id,
  };
}

/** One object's catalog fields, as the table's rows look them up. */
export interface ObjectFields {
  platform: PlatformId;
  object: string;
  fields: FieldSpec[];
}

/**
 * What the options page shows before every mapping (and every catalog) has arrived: the first
 * `limit` mappings in the table's default order, how many there are, and the catalog fields those
 * rows show — the very fields the whole table will use (the newest import of each), so a row does
 * not change when the rest arrives.
 */
export interface FirstScreen {
  total: number;
  mappings: Mapping[];
  fields: ObjectFields[];
}

/**
 * The table's first screen (see FirstScreen). Keys are built once per mapping; only the first
 * `limit` are kept in order, because the page opens with every mapping stored: sorting all 5,000
 * to show 15 would be most of the background's answer.
 */
export function firstScreenOf(
  mappings: readonly Mapping[],
  catalogs: readonly Catalog[],
  limit: number,
): FirstScreen {
  const index = specIndexOf(fieldsByObject(catalogs));
  const keyed = mappings.map((mapping) => ({ mapping, keys: orderKeysOf(mapping, index) }));
  const first = firstInOrder(keyed, limit, (a, b) => byTableOrder(a.keys, b.keys)).map(
    (k) => k.mapping,
  );
  const byObject = new Map<string, ObjectFields>();
  for (const m of first) {
    const key = objectKey(m.platform, m.object);
    const spec = index.get(key)?.get(m.field.toLowerCase())?.spec;
    if (!spec) continue;
    let shown = byObject.get(key);
    if (!shown) {
      shown = { platform: m.platform, object: m.object, fields: [] };
      byObject.set(key, shown);
    }
    if (!shown.fields.includes(spec)) shown.fields.push(spec);
  }
  return { total: mappings.length, mappings: first, fields: [...byObject.values()] };
}

/**
 * The first `limit` items by `compare`, in that order, without sorting them all: each item is
 * compared with the last one kept and, only when it comes before, put in place by binary search.
 * `compare` must be a total order (the table's is: ids are unique), so the result is the same as
 * sorting and slicing.
 */
export function firstInOrder<T>(
  items: readonly T[],
  limit: number,
  compare: (a: T, b: T) => number,
): T[] {
  const kept: T[] = [];
  if (limit <= 0) return kept;
  for (const item of items) {
    if (kept.length === limit && compare(item, kept[limit - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(kept[mid] as T, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, item);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

/** The spec index of a first screen's fields (the same entries the whole catalogs give its rows). */
export const specIndexOfFields = (shown: readonly ObjectFields[]): SpecIndex =>
  specIndexOf(new Map(shown.map((o) => [objectKey(o.platform, o.object), o.fields])));
