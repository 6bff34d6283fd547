/**
 * The checks every context's values go through, whatever the form (docs/context-format.md, "Limits").
 *
 * Nested objects become dotted keys (`{"customer": {"tier": "Gold"}}` → `customer.tier`), up to 5
 * levels deep; a list of text, numbers and true/false becomes one text, its items joined with ", "
 * (`["Router", "Modem"]` → "Router, Modem", what a multi-select field's rules split again). The
 * result is a null-prototype object of at most 200 keys, so no key can ever reach
 * `Object.prototype`.
 *
 * A key that cannot be used is **left out and named**, and the rest of the context stands: a
 * reserved key (`__proto__`, `constructor`, `prototype`, in any spelling that normalises to them),
 * an empty key or one without letters or digits, a key longer than 200 characters or with an
 * invisible or text-direction character, a key given twice (both are left out: which one was meant
 * is unknown), an object nested deeper than the limit, a list holding objects or lists, and every
 * key beyond the 200th. What is wrong with a *value* — an invisible character that changes how it
 * reads (lookalike.ts), more than 4,096 characters, a number that is not finite — still refuses the
 * whole context: a value is never written other than as it reads.
 *
 * The signed form (`signed-context.ts`) uses this directly; the JSON and key–value forms through
 * parse.ts. Never throws.
 */
import { cut, fmt } from '../text/format';
import { invisibleInKey, invisibleInValue, visibleText } from './lookalike';
import { normaliseKey } from './normalise';
import type { ContextValue, ContextValues } from './types';

/** The same numbers as `CONTEXT_LIMITS` in parse.ts (a test keeps the two equal). */
export const VALUE_LIMITS = {
  keys: 200,
  valueChars: 4_096,
  keyChars: 200,
  /** Levels of nested objects: `a.b.c.d.e` is the deepest key. */
  depth: 5,
} as const;

/** What a list's items are joined with: the text a Kustomer multi attribute splits, and Salesforce's multi-select rules accept. */
export const LIST_SEPARATOR = ', ';

/** How many left-out keys are named one by one; the others are counted. */
const NAMED_MAX = 10;

/** Keys that could reach an object's prototype if some consumer used a plain object. Normalised: `__proto__` → `proto`. */
const RESERVED_KEYS = new Set(['proto', 'constructor', 'prototype']);

export type ValuesCheck =
  | {
      ok: true;
      values: ContextValues;
      /** One sentence per key left out (absent when none was): the agent and the CLI see them. */
      dropped?: string[];
    }
  | { ok: false; error: string };

/** A key and its value as the context wrote it. */
export type ContextEntry = readonly [key: string, value: unknown];

/**
 * The members of a nested object in the order written, duplicates included. JSON.parse keeps only
 * the last of two equal keys, so the parser answers from the JSON text (parse.ts); an object from
 * elsewhere (a verified token's claims) answers its own keys.
 */
export type EntriesOf = (obj: object) => readonly ContextEntry[];

const ownEntries: EntriesOf = (obj) =>
  Object.keys(obj).map((key) => [key, Object.getOwnPropertyDescriptor(obj, key)?.value] as const);

/**
 * Checks key–value pairs in the order they were written, duplicates included (a JSON text may hold
 * the same key twice: pass every occurrence, so the duplicate is named rather than silently lost).
 */
export function collectContextValues(
  entries: readonly ContextEntry[],
  entriesOf: EntriesOf = ownEntries,
): ValuesCheck {
  const leftOut = new LeftOut();
  const flat: Array<[string, unknown]> = [];
  flatten(entries, { entriesOf, leftOut, flat }, '', 1);
  for (const [key, value] of flat) {
    const problem = contextValueProblem(key, value);
    if (problem) return fail(problem);
  }
  const spellings = new Map<string, string[]>();
  for (const [key] of flat) {
    const norm = normaliseKey(key);
    const list = spellings.get(norm);
    if (list) list.push(key);
    else spellings.set(norm, [key]);
  }
  const values: ContextValues = Object.create(null);
  for (const [key, value] of flat) {
    const same = spellings.get(normaliseKey(key)) as string[];
    if (same.length > 1) {
      // Named once, at its first spelling.
      if (same[0] === key) leftOut.sameKey(same);
      continue;
    }
    if (typeof value === 'string' && value.length > VALUE_LIMITS.valueChars) {
      return fail(
        `Handoff context value of '${shownKey(key)}' has ${fmt(value.length)} characters; the limit is ${fmt(VALUE_LIMITS.valueChars)}`,
      );
    }
    values[key] = value as ContextValue;
  }
  const dropped = leftOut.sentences();
  return dropped.length > 0 ? { ok: true, values, dropped } : { ok: true, values };
}

/**
 * Checks an object that came out of `JSON.parse` or a verified token (its own enumerable keys,
 * `__proto__` included: JSON.parse makes it an ordinary own key). Anything but a plain object is
 * refused.
 */
export function contextValuesFromObject(obj: unknown, entriesOf?: EntriesOf): ValuesCheck {
  if (!isPlainObject(obj)) {
    return fail('Handoff context must be an object of "key": value pairs');
  }
  const read = entriesOf ?? ownEntries;
  return collectContextValues(read(obj), read);
}

// ─── Flattening ──────────────────────────────────────────────────────────────────────────────────

interface Flattening {
  entriesOf: EntriesOf;
  leftOut: LeftOut;
  flat: Array<[string, unknown]>;
}

/** One object's members: leaves into `flat` (up to the key limit), objects one level deeper. */
function flatten(entries: readonly ContextEntry[], f: Flattening, prefix: string, depth: number) {
  const counts = new Map<string, number>();
  for (const [key] of entries) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [key, value] of entries) {
    const full = prefix === '' ? key : `${prefix}.${key}`;
    const count = counts.get(key) as number;
    if (count === 0) continue;
    if (count > 1) {
      // Named once, at its first occurrence; 0 marks the others as already named.
      f.leftOut.add(full, 'it appears twice, so neither value is used');
      counts.set(key, 0);
      continue;
    }
    const problem = keyPartProblem(key);
    if (problem) {
      f.leftOut.add(full, problem);
      continue;
    }
    if (isPlainObject(value)) {
      if (depth >= VALUE_LIMITS.depth) {
        f.leftOut.add(
          full,
          `it holds an object nested more than ${VALUE_LIMITS.depth} levels deep (keys such as 'a.b.c.d.e' are the deepest)`,
        );
      } else flatten(f.entriesOf(value), f, full, depth + 1);
      continue;
    }
    const leaf = Array.isArray(value) ? listText(value) : { value };
    if (leaf === null) {
      f.leftOut.add(
        full,
        'it holds a list with objects or lists in it; a list may hold only text, numbers and true/false',
      );
      continue;
    }
    const whole = fullKeyProblem(full);
    if (whole) f.leftOut.add(full, whole);
    else if (f.flat.length >= VALUE_LIMITS.keys) f.leftOut.beyondLimit(full);
    else f.flat.push([full, leaf.value]);
  }
}

/** A list of scalars as one text (nulls skipped); null when it holds an object or a list. */
function listText(list: readonly unknown[]): { value: string } | null {
  const items: string[] = [];
  for (const item of list) {
    if (item === null) continue;
    const kind = typeof item;
    if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return null;
    if (kind === 'number' && !Number.isFinite(item)) return null;
    items.push(String(item));
  }
  return { value: items.join(LIST_SEPARATOR) };
}

/** What is wrong with one part of a key (a member's own name), or null. */
function keyPartProblem(part: string): string | null {
  if (part.trim().length === 0) return 'it is empty';
  const hidden = invisibleInKey(part);
  if (hidden) {
    return `it contains an invisible or text-direction character (${hidden}); keys must be plain text`;
  }
  const norm = normaliseKey(part);
  if (norm.length === 0) return 'it has no letters or digits';
  if (RESERVED_KEYS.has(norm)) return '__proto__, constructor and prototype are reserved';
  return null;
}

/** What is wrong with a whole (dotted) key, or null. */
function fullKeyProblem(key: string): string | null {
  if (key.length > VALUE_LIMITS.keyChars) {
    return `it has ${fmt(key.length)} characters; the limit is ${VALUE_LIMITS.keyChars}`;
  }
  // `con.structor` normalises to `constructor`.
  if (RESERVED_KEYS.has(normaliseKey(key))) {
    return '__proto__, constructor and prototype are reserved';
  }
  return null;
}

/**
 * The keys left out, as sentences: the first few one by one, then a count; keys beyond the limit
 * as one sentence. Bounded whatever the input: a context of 10,000 bad keys gives a dozen lines.
 */
class LeftOut {
  private named: string[] = [];
  private more = 0;
  private beyond = 0;
  private firstBeyond = '';

  add(key: string, why: string) {
    if (this.named.length >= NAMED_MAX) {
      this.more++;
      return;
    }
    const shown = shownKey(visibleText(key));
    this.named.push(
      key.trim() === ''
        ? `Handoff context has an empty key; it was left out`
        : `Handoff context key '${shown}' was left out: ${why}`,
    );
  }

  sameKey(spellings: readonly string[]) {
    const [a = '', b = ''] = spellings;
    if (this.named.length >= NAMED_MAX) {
      this.more += spellings.length;
      return;
    }
    this.named.push(
      `Handoff context keys '${shownKey(a)}' and '${shownKey(b)}'${spellings.length > 2 ? ` (and ${spellings.length - 2} more)` : ''} were left out: they name the same key, so neither value is used`,
    );
  }

  beyondLimit(key: string) {
    if (this.beyond === 0) this.firstBeyond = key;
    this.beyond++;
  }

  sentences(): string[] {
    const out = [...this.named];
    if (this.more > 0) out.push(`${fmt(this.more)} more handoff context keys were left out`);
    if (this.beyond > 0) {
      out.push(
        `Handoff context has more than ${VALUE_LIMITS.keys} keys: the ${fmt(this.beyond)} after the ${VALUE_LIMITS.keys}th, from '${shownKey(visibleText(this.firstBeyond))}' on, were left out`,
      );
    }
    return out;
  }
}

// ─── Values ──────────────────────────────────────────────────────────────────────────────────────

/** What is wrong with the kind of a value (not its size), or null. */
export function contextValueProblem(key: string, value: unknown): string | null {
  const allowed = 'only text, numbers, true/false, null, lists and objects are allowed';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `Handoff context key '${shownKey(key)}' holds a number that is not finite`;
  }
  if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
    return `Handoff context key '${shownKey(key)}' holds an unsupported value; ${allowed}`;
  }
  const hidden = typeof value === 'string' ? invisibleInValue(value) : null;
  if (hidden) {
    return `Handoff context value of '${shownKey(visibleText(key))}' contains an invisible or text-direction character (${hidden}), so it would not be written as it reads`;
  }
  return null;
}

/** Keys come from the page: show at most 40 characters of them in a message. */
export function shownKey(key: string): string {
  return cut(key, 40);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(error: string): ValuesCheck {
  return { ok: false, error };
}
