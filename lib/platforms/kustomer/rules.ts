/**
 * Kustomer field rules for the planner: coerce a context value to what the API takes for a custom
 * attribute, and compare with the value the record holds (platform-facts: Custom attribute names).
 *
 * A Kustomer attribute's type is the suffix of its name, and `FieldSpec.type` carries that suffix:
 * `Str` (string ≤ 1,024 characters; with `options`, an enumeration), `Txt`, `Num`, `At` (ISO 8601
 * date-time), `Bool`, `Url`, `Id` (24-hex object id) and `Tree` (a multi-level list, stored as the
 * lowercase node-id path `parent.child`). A `multi` attribute is marked with `[]` after its type
 * (`Str[]`, `Id[]`): its value is a JSON array, and the planner splits context values on `,`.
 * Every value is checked before the request, so one bad value is reported on its own attribute.
 */
import {
  asBoolean,
  type Coercer,
  fail,
  fmt,
  isRealDate,
  isWebAddress,
  offsetMinutes,
  ok,
  type Raw,
  shown,
} from '../coercion';
import type { Coerced, FieldOption, FieldRules, FieldSpec } from '../field-rules';

/** The suffix types, as `FieldSpec.type` names them. */
export const kustomerTypes = ['Str', 'Txt', 'Num', 'At', 'Bool', 'Url', 'Id', 'Tree'] as const;
export type KustomerType = (typeof kustomerTypes)[number];

/** Marks a `multi` attribute in `FieldSpec.type` (FieldSpec has no field for it). */
export const MULTI_MARK = '[]';
/** How the planner splits a context value for a multi attribute, item by item. */
export const MULTI_SEPARATOR = ',';
/** `Str`: "String, up to 1,024 characters" (developer.kustomer.com, custom attributes). */
export const STR_MAX = 1_024;
/**
 * `Txt` has no documented limit besides the 100 kB request body (413). Kustomer's OpenAPI repeats
 * Str's `[0..1024]` for Txt, but its custom-attributes guide gives the limit for Str only and calls
 * Txt the multi-line text: 32,768 characters keeps one value under the body limit even at 3 bytes
 * a character, without refusing long summaries.
 */
export const TXT_MAX = 32_768;
/** Shown in errors for enumerations and trees. */
const LISTED_OPTIONS = 10;

export function splitType(type: string): { base: string; multi: boolean } {
  return type.endsWith(MULTI_MARK)
    ? { base: type.slice(0, -MULTI_MARK.length), multi: true }
    : { base: type, multi: false };
}

export function multiTypeOf(base: string): string {
  return `${base}${MULTI_MARK}`;
}

export const kustomerRules: FieldRules = {
  coerce(field, raw) {
    const { base, multi } = splitType(field.type);
    const coercer = COERCERS.get(base);
    if (!coercer) {
      return fail(
        `${field.label} (${field.name}) has type '${field.type}', not a Kustomer attribute type (${kustomerTypes.join(', ')}): it cannot be filled from a handoff context`,
      );
    }
    return multi ? coerceMulti(field, raw, base, coercer) : coercer(field, raw);
  },

  /**
   * Only "no value" is empty: null, whitespace, an empty list. A Kustomer boolean is `true`,
   * `false` or null (unset), so unlike a Salesforce checkbox, `false` is a value someone chose.
   */
  isEmpty(_field, current) {
    return isEmptyValue(current);
  },

  same(field, current, next) {
    if (current === null || current === undefined) return false;
    const { base, multi } = splitType(field.type);
    if (!multi) return sameValue(base, current, next);
    const a = asList(current);
    const b = asList(next);
    const covers = (xs: unknown[], ys: unknown[]) =>
      xs.every((x) => ys.some((y) => sameValue(base, x, y)));
    return covers(a, b) && covers(b, a);
  },

  multiSeparator(field) {
    return splitType(field.type).multi ? MULTI_SEPARATOR : undefined;
  },

  /** `At` is a date and time; a multi `At[]` takes ISO 8601 items only. */
  dateKind(field) {
    return field.type === 'At' ? 'datetime' : undefined;
  },
};

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim().length === 0;
  if (Array.isArray(v)) return v.every(isEmptyValue);
  return false;
}

// ─── Text ────────────────────────────────────────────────────────────────────────────────────────

function withinLength(field: FieldSpec, value: string, max: number): Coerced {
  if (value.length > max) {
    return fail(
      `${field.label} takes at most ${fmt(max)} characters; the value has ${fmt(value.length)}`,
    );
  }
  return ok(value);
}

/** `Str`: text up to 1,024 characters, or, with options, an enumeration. */
const shortText: Coercer = (field, raw) => {
  if (field.options !== undefined) return enumeration(field, raw);
  return withinLength(field, String(raw), Math.min(field.length || STR_MAX, STR_MAX));
};

const longText: Coercer = (field, raw) =>
  withinLength(field, String(raw), Math.min(field.length || TXT_MAX, TXT_MAX));

// ─── Enumerations and trees ──────────────────────────────────────────────────────────────────────

type OptionMatch = { kind: 'active' | 'inactive'; option: FieldOption } | { kind: 'none' };

/** Active options first (exact value, then value or label ignoring case), inactive ones last. */
function matchOption(
  options: readonly FieldOption[],
  wanted: string,
  key: (o: FieldOption) => string[] = (o) => [o.value, o.label],
  fold: (s: string) => string = (s) => s.toLowerCase(),
): OptionMatch {
  const folded = fold(wanted);
  const same = (o: FieldOption) => key(o).some((k) => fold(k) === folded);
  const active =
    options.find((o) => o.active && o.value === wanted) ?? options.find((o) => o.active && same(o));
  if (active) return { kind: 'active', option: active };
  const inactive = options.find((o) => o.value === wanted) ?? options.find(same);
  return inactive ? { kind: 'inactive', option: inactive } : { kind: 'none' };
}

const enumeration: Coercer = (field, raw) => {
  const wanted = String(raw).trim();
  const match = matchOption(field.options ?? [], wanted);
  if (match.kind === 'active') return ok(match.option.value);
  if (match.kind === 'inactive')
    return fail(`${match.option.value} is an inactive value of ${field.label}`);
  return fail(`${shown(wanted)} is not a value of ${field.label}: use one of ${optionList(field)}`);
};

/** A node-id path as Kustomer stores it: `account_subscription.billing1`. */
const TREE_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
/** Label paths may be written `Parent › Child`, `Parent > Child` or `Parent / Child`. */
const LABEL_STEP = /\s*(?:›|>|\/)\s*/;

function labelPath(s: string): string {
  return s
    .split(LABEL_STEP)
    .map((step) => step.trim().toLowerCase())
    .filter(Boolean)
    .join('›');
}

/**
 * `Tree`: a node of the multi-level list, by its id path (`billing.refund`), its label path
 * (`Billing › Refund`) or, when only one node has it, its own label (`Refund`); case is ignored.
 * Kustomer stores tree values lowercase, so the value sent is the option's id path, lowercased.
 */
const tree: Coercer = (field, raw) => {
  const wanted = String(raw).trim();
  const options = field.options;
  if (options === undefined) {
    // No catalog of nodes: any well-formed id path, as Kustomer stores it.
    return TREE_PATH.test(wanted)
      ? ok(wanted.toLowerCase())
      : fail(
          `${field.label} takes a list value as its node id path, such as 'billing.refund', not ${shown(raw)}`,
        );
  }
  const byValue = matchOption(options, wanted, (o) => [o.value]);
  const byLabel = matchOption(options, wanted, (o) => [o.label], labelPath);
  let match: OptionMatch = [byValue, byLabel].find((m) => m.kind === 'active') ?? {
    kind: 'none',
  };
  if (match.kind === 'none') {
    const leaf = labelPath(wanted);
    const lastStep = (o: FieldOption) => labelPath(o.label).split('›').pop() ?? '';
    const hits = options.filter((o) => o.active && !leaf.includes('›') && lastStep(o) === leaf);
    const [only] = hits;
    if (only && hits.length === 1) match = { kind: 'active', option: only };
    else if (hits.length > 1) {
      return fail(
        `${shown(wanted)} names several values of ${field.label}: use one of ${hits
          .slice(0, LISTED_OPTIONS)
          .map((o) => o.value)
          .join(', ')}`,
      );
    } else match = byValue.kind !== 'none' ? byValue : byLabel;
  }
  if (match.kind === 'active') return ok(match.option.value.toLowerCase());
  if (match.kind === 'inactive')
    return fail(`${match.option.label} is an inactive value of ${field.label}`);
  return fail(`${shown(wanted)} is not a value of ${field.label}: use one of ${optionList(field)}`);
};

function optionList(field: FieldSpec): string {
  const active = (field.options ?? []).filter((o) => o.active).map((o) => o.value);
  if (active.length === 0) return 'none: the list has no active values';
  return active.length > LISTED_OPTIONS
    ? `${active.slice(0, LISTED_OPTIONS).join(', ')}, …`
    : active.join(', ');
}

// ─── Numbers ─────────────────────────────────────────────────────────────────────────────────────

/** `1234.5`, `1,234.5`, `-0.25`, `.5`; thousands separators only in groups of three; no exponent. */
const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

function readNumber(raw: Raw): number | 'not-finite' | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'not-finite';
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (/^[+-]?(?:nan|inf|infinity)$/i.test(s)) return 'not-finite';
  if (!PLAIN_NUMBER.test(s) || !/\d/.test(s)) return null;
  const n = Number(s.replaceAll(',', ''));
  return Number.isFinite(n) ? n : 'not-finite';
}

const num: Coercer = (field, raw) => {
  const n = readNumber(raw);
  if (n === 'not-finite') return fail(`${field.label} takes a finite number, not ${shown(raw)}`);
  if (n === null)
    return fail(`${field.label} takes a number such as 1234.5 or 1,234.5, not ${shown(raw)}`);
  return ok(n === 0 ? 0 : n); // no -0 in a request body
};

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = readNumber(v);
    return typeof n === 'number' ? n : undefined;
  }
  return undefined;
}

// ─── Date-times ──────────────────────────────────────────────────────────────────────────────────

/**
 * A calendar date, optionally followed by `T` (or a space, as RFC 3339 allows) and a time with
 * optional seconds, fraction and zone (`Z`, `+02:00`, `+0200`, `+02`).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

type InstantParse = { ok: true; epochMs: number } | { ok: false; problem: InstantProblem };
type InstantProblem = 'format' | 'not-real' | 'out-of-range';

/**
 * An ISO 8601 date-time as an instant. A time without a zone is UTC; a date alone is midnight UTC
 * (as `Date.parse` reads a date-only ISO string, and as Kustomer's own date-like `…At` values are
 * stored). Parsed by hand: `Date.parse` rolls 2026-02-30 over to March.
 */
export function parseInstant(text: string): InstantParse {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return { ok: false, problem: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offset = offsetMinutes(m[8]);
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || sec > 59 || offset === null) {
    return { ok: false, problem: 'not-real' };
  }
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, ms);
  const epochMs = date.getTime() - offset * 60_000;
  // The result must print as YYYY-MM-DDTHH:mm:ss.sssZ: years 0000 to 9999 in UTC.
  if (!/^\d{4}-/.test(new Date(epochMs).toISOString())) {
    return { ok: false, problem: 'out-of-range' };
  }
  return { ok: true, epochMs };
}

const dateTime: Coercer = (field, raw) => {
  const example = 'such as 2026-11-21T10:00:00Z';
  if (typeof raw !== 'string') {
    return fail(`${field.label} takes a date and time in ISO 8601 ${example}, not ${shown(raw)}`);
  }
  const parsed = parseInstant(raw);
  if (parsed.ok) return ok(new Date(parsed.epochMs).toISOString());
  switch (parsed.problem) {
    case 'not-real':
      return fail(`${field.label}: ${shown(raw)} is not a real date and time`);
    case 'out-of-range':
      return fail(`${field.label} takes dates from the year 0000 to 9999, not ${shown(raw)}`);
    default:
      return fail(`${field.label} takes a date and time in ISO 8601 ${example}, not ${shown(raw)}`);
  }
};

function sameInstant(current: unknown, next: unknown): boolean {
  if (typeof current !== 'string' || typeof next !== 'string') return false;
  const a = parseInstant(current);
  const b = parseInstant(next);
  return a.ok && b.ok && a.epochMs === b.epochMs;
}

// ─── Booleans, URLs, ids ─────────────────────────────────────────────────────────────────────────

const bool: Coercer = (field, raw) => {
  const b = asBoolean(raw);
  if (b === undefined) {
    return fail(
      `${field.label} takes true or false (or yes/no, y/n, 1/0, on/off), not ${shown(raw)}`,
    );
  }
  return ok(b);
};

const url: Coercer = (field, raw) => {
  const s = String(raw).trim();
  if (!isWebAddress(s)) {
    return fail(
      `${field.label} takes a web address starting with http:// or https://, not ${shown(raw)}`,
    );
  }
  return ok(s);
};

const OBJECT_ID = /^[0-9a-f]{24}$/i;

const objectId: Coercer = (field, raw) => {
  const s = String(raw).trim();
  if (!OBJECT_ID.test(s)) {
    return fail(
      `${field.label} takes a Kustomer object id of 24 hexadecimal characters, not ${shown(raw)}`,
    );
  }
  return ok(s.toLowerCase());
};

// ─── Multi-valued attributes ─────────────────────────────────────────────────────────────────────

/** `a, b, c` → each item coerced on its own, duplicates dropped, sent as a JSON array. */
function coerceMulti(field: FieldSpec, raw: Raw, base: string, coercer: Coercer): Coerced {
  const items =
    typeof raw === 'string'
      ? raw
          .split(MULTI_SEPARATOR)
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : [raw];
  if (items.length === 0) {
    return fail(`${field.label} takes one or more values separated by '${MULTI_SEPARATOR}'`);
  }
  const values: unknown[] = [];
  for (const item of items) {
    const one = coercer(field, item);
    if (!one.ok) return one;
    if (!values.some((v) => sameValue(base, v, one.value))) values.push(one.value);
  }
  return ok(values);
}

function asList(v: unknown): unknown[] {
  return (Array.isArray(v) ? v : [v]).filter((x) => !isEmptyValue(x));
}

// ─── Dispatch and helpers ────────────────────────────────────────────────────────────────────────

const COERCERS = new Map<string, Coercer>([
  ['Str', shortText],
  ['Txt', longText],
  ['Num', num],
  ['At', dateTime],
  ['Bool', bool],
  ['Url', url],
  ['Id', objectId],
  ['Tree', tree],
]);

/** One value against another of the same attribute type. */
function sameValue(base: string, current: unknown, next: unknown): boolean {
  if (current === null || current === undefined) return false;
  switch (base) {
    case 'Num':
      return typeof next === 'number' && numberOf(current) === next;
    case 'At':
      return sameInstant(current, next);
    case 'Bool':
      return asBoolean(current) === next;
    case 'Id':
    case 'Tree':
      // Ids are hex and trees are stored lowercase: case carries no meaning in either.
      return (
        typeof current === 'string' &&
        typeof next === 'string' &&
        current.trim().toLowerCase() === next.trim().toLowerCase()
      );
    default:
      // Text, URLs and enumerations compare exactly: a change of case is a change the agent sees.
      return String(current) === String(next);
  }
}
