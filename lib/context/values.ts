/**
 * The checks every context's values go through, whatever the form (docs/context-format.md): at most 200 keys,
 * keys of at most 200 characters with a letter or digit, no `__proto__` / `constructor` /
 * `prototype` (in any spelling that normalises to them), no two keys that normalise to the same key,
 * values that are text (≤ 4,096 characters), finite numbers, true/false or null. The result is a
 * null-prototype object, so no key can ever reach `Object.prototype`.
 *
 * Nothing is stripped silently: a key with an invisible or text-direction character, or a value with
 * one that changes how it reads (zero-width space, word joiner, BOM, soft hyphen, bidi embeddings,
 * overrides and isolates — lookalike.ts), refuses the whole context with a message naming the key.
 *
 * The signed form (`signed-context.ts`) uses this directly; the messages are the parser's own, word
 * for word, so `parse.ts` can switch to `collectContextValues` without changing what an agent reads.
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
} as const;

/** Keys that could reach an object's prototype if some consumer used a plain object. Normalised: `__proto__` → `proto`. */
const RESERVED_KEYS = new Set(['proto', 'constructor', 'prototype']);

export type ValuesCheck = { ok: true; values: ContextValues } | { ok: false; error: string };

/**
 * Checks key–value pairs in the order they were written, duplicates included (a JSON text may hold
 * the same key twice: pass every occurrence, so the duplicate is refused rather than silently lost).
 * Never throws.
 */
export function collectContextValues(
  entries: ReadonlyArray<readonly [string, unknown]>,
): ValuesCheck {
  if (entries.length > VALUE_LIMITS.keys) {
    return fail(
      `Handoff context has ${fmt(entries.length)} keys; the limit is ${VALUE_LIMITS.keys}`,
    );
  }
  // First the kind of every key and value, then duplicates and sizes: the order parse.ts reports in.
  for (const [key, value] of entries) {
    const problem = contextKeyProblem(key) ?? contextValueProblem(key, value);
    if (problem) return fail(problem);
  }
  const values: ContextValues = Object.create(null);
  const seen = new Map<string, string>();
  for (const [key, value] of entries) {
    const norm = normaliseKey(key);
    const earlier = seen.get(norm);
    if (earlier !== undefined) {
      const twice =
        earlier === key
          ? `the key '${shownKey(key)}' twice`
          : `'${shownKey(earlier)}' and '${shownKey(key)}', which name the same key`;
      return fail(`Handoff context has ${twice}: each key may appear only once`);
    }
    seen.set(norm, key);
    if (typeof value === 'string' && value.length > VALUE_LIMITS.valueChars) {
      return fail(
        `Handoff context value of '${shownKey(key)}' has ${fmt(value.length)} characters; the limit is ${fmt(VALUE_LIMITS.valueChars)}`,
      );
    }
    values[key] = value as ContextValue;
  }
  return { ok: true, values };
}

/**
 * Checks an object that came out of `JSON.parse` (its own enumerable keys, `__proto__` included:
 * JSON.parse makes it an ordinary own key). Anything but a plain object is refused. Never throws.
 */
export function contextValuesFromObject(obj: unknown): ValuesCheck {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return fail('Handoff context must be an object of "key": value pairs');
  }
  const keys = Object.keys(obj);
  if (keys.length > VALUE_LIMITS.keys) {
    return fail(`Handoff context has ${fmt(keys.length)} keys; the limit is ${VALUE_LIMITS.keys}`);
  }
  return collectContextValues(
    keys.map((key) => [key, Object.getOwnPropertyDescriptor(obj, key)?.value] as const),
  );
}

/** What is wrong with a key, or null. */
export function contextKeyProblem(key: string): string | null {
  if (key.trim().length === 0) return 'Handoff context has an empty key';
  if (key.length > VALUE_LIMITS.keyChars) {
    return `Handoff context key '${shownKey(key)}' has ${fmt(key.length)} characters; the limit is ${VALUE_LIMITS.keyChars}`;
  }
  const hidden = invisibleInKey(key);
  if (hidden) {
    return `Handoff context key '${shownKey(visibleText(key))}' contains an invisible or text-direction character (${hidden}); keys must be plain text`;
  }
  const norm = normaliseKey(key);
  if (norm.length === 0) return `Handoff context key '${shownKey(key)}' has no letters or digits`;
  if (RESERVED_KEYS.has(norm)) {
    return `Handoff context key '${shownKey(key)}' is not allowed: __proto__, constructor and prototype are reserved`;
  }
  return null;
}

/** What is wrong with the kind of a value (not its size), or null. */
export function contextValueProblem(key: string, value: unknown): string | null {
  const allowed = 'only text, numbers, true/false and null are allowed';
  if (Array.isArray(value))
    return `Handoff context key '${shownKey(key)}' holds a list; ${allowed}`;
  if (value !== null && typeof value === 'object') {
    return `Handoff context key '${shownKey(key)}' holds a nested object; ${allowed}`;
  }
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

function fail(error: string): ValuesCheck {
  return { ok: false, error };
}
