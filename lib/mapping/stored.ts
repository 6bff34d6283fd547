/**
 * Reading mappings back from IndexedDB without re-running zod on every row.
 *
 * Every row was validated with `Mapping` when it was written (save, import, enable), so a stored
 * row is normally already what `Mapping.parse` answers for it. `isCanonicalMapping` checks exactly
 * that, by hand and without allocating: 5,000 rows in about a millisecond, where zod takes tens of
 * milliseconds in a service worker that has just started. A row it does not accept (written by an
 * older version without a later default, or damaged) goes through zod as before: defaults filled
 * in, or an error that names what is wrong. IndexedDB stays a boundary: nothing reaches a page or
 * the planner that `Mapping` would refuse.
 */
import { z } from 'zod';
import { platformIds } from '../platforms/descriptor-registry';
import { isTimeZone } from './dates';
import { DateFormat, Mapping, Transform, WritePolicy } from './schema';

// Read from the schema itself, so the check follows it: its enums, keys and length limits. A new
// kind of rule in `Mapping` (a pattern, a refinement) needs a line below; the property test in
// test/unit/mapping/stored.test.ts compares the two.
const shape = Mapping.shape;
const PLATFORMS: ReadonlySet<unknown> = new Set(platformIds);
const COMBINES: ReadonlySet<unknown> = new Set(shape.combine.unwrap().options);
const UNMAPPED: ReadonlySet<unknown> = new Set(shape.unmapped.unwrap().options);
const TRANSFORMS: ReadonlySet<unknown> = new Set(Transform.options);
const POLICIES: ReadonlySet<unknown> = new Set(WritePolicy.options);
const DATE_FORMATS: ReadonlySet<unknown> = new Set(DateFormat.options);
/** The keys `Mapping` outputs (zod drops any other). */
const KEYS: ReadonlySet<string> = new Set(Object.keys(shape));
const VALUE_MAP_KEYS: ReadonlySet<string> = new Set(['from', 'to']);
const limits = (s: { minLength: number | null; maxLength: number | null }) =>
  [s.minLength ?? 0, s.maxLength ?? Infinity] as const;
const ID = limits(shape.id);
const OBJECT = limits(shape.object);
const FIELD = limits(shape.field);
const SOURCE = limits(shape.sources.element);
const SEPARATOR = limits(shape.separator.unwrap());
const TIME_ZONE = limits(shape.timeZone.unwrap());

const text = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every own key is one of `keys`. */
function onlyKeys(o: object, keys: ReadonlySet<string>): boolean {
  for (const k in o) if (Object.hasOwn(o, k) && !keys.has(k)) return false;
  return true;
}

/**
 * True when `row` is a mapping exactly as `Mapping.parse` outputs it: every default present, every
 * limit met, source keys already trimmed, no other key. Then `Mapping.parse(row)` equals `row`, so
 * the row can be used as it is.
 */
export function isCanonicalMapping(row: unknown): row is Mapping {
  if (!isObject(row)) return false;
  const m = row;
  if (
    !text(m.id, ...ID) ||
    !PLATFORMS.has(m.platform) ||
    !text(m.object, ...OBJECT) ||
    !text(m.field, ...FIELD) ||
    !COMBINES.has(m.combine) ||
    !text(m.separator, ...SEPARATOR) ||
    !POLICIES.has(m.policy) ||
    typeof m.enabled !== 'boolean' ||
    (m.unmapped !== undefined && !UNMAPPED.has(m.unmapped)) ||
    (m.dateFormat !== undefined && !DATE_FORMATS.has(m.dateFormat)) ||
    (m.timeZone !== undefined &&
      !(text(m.timeZone, ...TIME_ZONE) && isTimeZone(m.timeZone as string)))
  ) {
    return false;
  }
  const { sources, valueMap, transforms } = m;
  if (!Array.isArray(sources) || sources.length === 0) return false;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    if (!text(s, ...SOURCE) || (s as string).trim() !== s) return false;
  }
  if (!Array.isArray(valueMap)) return false;
  for (let i = 0; i < valueMap.length; i++) {
    const e = valueMap[i];
    if (!isObject(e) || !text(e.from, 1, Infinity) || typeof e.to !== 'string') return false;
    if (!onlyKeys(e, VALUE_MAP_KEYS)) return false;
  }
  if (!Array.isArray(transforms)) return false;
  for (let i = 0; i < transforms.length; i++) if (!TRANSFORMS.has(transforms[i])) return false;
  return onlyKeys(m, KEYS);
}

/** A stored row that is not a mapping (damaged, or written by something else than this code). */
export class UnreadableMappingError extends Error {
  constructor(
    readonly id: string,
    readonly problems: string,
  ) {
    super(`The stored mapping "${id}" cannot be read:\n${problems}`);
    this.name = 'UnreadableMappingError';
  }
}

/**
 * A stored row as a Mapping: the row itself when it is already canonical, otherwise what
 * `Mapping.parse` makes of it (the defaults of a row an older version wrote). A row that is not a
 * mapping at all throws UnreadableMappingError, which names the row and what is wrong with it.
 */
export function readStoredMapping(row: unknown): Mapping {
  if (isCanonicalMapping(row)) return row;
  const parsed = Mapping.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = isObject(row) && typeof row.id === 'string' ? row.id.slice(0, 200) : '(no id)';
  throw new UnreadableMappingError(id, z.prettifyError(parsed.error));
}
