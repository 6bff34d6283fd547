/**
 * Value maps translate what the bot says into what the platform stores ("Premium" → `tier_premium`).
 * Matching ignores case and surrounding spaces: bots are inconsistent about both, and two entries
 * that differ only in case would be an admin mistake anyway (the first one wins).
 */
import type { ValueMapEntry } from './schema';

export type Lookup = { found: true; to: string } | { found: false };

export function matchKey(s: string): string {
  return s.trim().normalize('NFKC').toLowerCase();
}

/**
 * The same map entries are matched on every handoff: each entry's match key is computed once.
 * Only the entries' side is kept (context values change every handoff and may be long), and the
 * store is bounded, so ever new entries empty it rather than grow it.
 */
const entryKeys = new Map<string, string>();
const ENTRY_KEYS_MAX = 4_096;

function entryKey(from: string): string {
  let key = entryKeys.get(from);
  if (key === undefined) {
    key = matchKey(from);
    if (entryKeys.size >= ENTRY_KEYS_MAX) entryKeys.clear();
    entryKeys.set(from, key);
  }
  return key;
}

/** Looks one value up; numbers and booleans match their text form (`1` matches "from": "1"). */
export function lookupValue(
  map: readonly ValueMapEntry[],
  value: string | number | boolean,
): Lookup {
  const wanted = matchKey(String(value));
  for (const entry of map) {
    if (entryKey(entry.from) === wanted) return { found: true, to: entry.to };
  }
  return { found: false };
}

/** What happens to a value the map lacks: refuse the field, pass the value on as is, or drop it. */
export type UnmappedPolicy = 'refuse' | 'pass' | 'skip';

export type MapResult =
  /** `value` is undefined when nothing is left (a skipped single value, or every item skipped). */
  { ok: true; value: string | number | boolean | undefined } | { ok: false; unmapped: string[] };

/**
 * Applies the map to a value. With `separator` (a multi-valued field) the value is split and each
 * item mapped on its own, then joined again; without, the whole value is one item. An empty map
 * means "no translation": the value passes untouched whatever the policy, so a picklist without a
 * map is still checked against its options by the field's coercion, not refused here.
 *
 * `isOption` (option lists): under `refuse`, an item the map lacks but that names one of the
 * field's values (its API value or label) passes on as it is, for the field's coercion to take
 * (an active value) or refuse (an inactive one): a map of labels does not turn away a bot that
 * sends the API value itself.
 */
export function applyValueMap(
  map: readonly ValueMapEntry[],
  value: string | number | boolean,
  policy: UnmappedPolicy,
  separator?: string,
  isOption?: (item: string) => boolean,
): MapResult {
  if (map.length === 0) return { ok: true, value };
  if (separator === undefined || typeof value !== 'string') {
    const hit = lookupValue(map, value);
    if (hit.found) return { ok: true, value: hit.to };
    if (policy === 'refuse') {
      return isOption?.(String(value))
        ? { ok: true, value }
        : { ok: false, unmapped: [String(value)] };
    }
    return { ok: true, value: policy === 'pass' ? value : undefined };
  }
  const items = value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  const out: string[] = [];
  const unmapped: string[] = [];
  for (const item of items) {
    const hit = lookupValue(map, item);
    if (hit.found) {
      // A map may send an item to "" to drop it; a ";"-joined "to" adds several items.
      out.push(
        ...hit.to
          .split(separator)
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      );
    } else if (policy === 'refuse') {
      if (isOption?.(item)) out.push(item);
      else unmapped.push(item);
    } else if (policy === 'pass') out.push(item);
  }
  if (unmapped.length > 0) return { ok: false, unmapped };
  return { ok: true, value: out.length > 0 ? out.join(separator) : undefined };
}
