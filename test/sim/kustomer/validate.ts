/**
 * Checks a `PUT`/`PATCH` body of a conversation or customer like the real API: the whole update
 * fails on the first kind of problem found, and nothing is stored.
 *
 * Order of checks: the body is a JSON object → only known members (`custom`, `rev`, and a few
 * standard attributes) → attribute names (bad suffix, unknown attribute: all named, in the
 * `{code, message, meta}` shape) → every value (all reported, JSON:API shape with
 * `source.pointer: /custom/<name>`). The `rev` check (409) happens after validation.
 */
import { type JsonApiError, kErrors, type PlainError } from './errors';
import {
  type AttributeDef,
  attributeDef,
  type KustomerResource,
  STR_MAX_LENGTH,
  suffixOf,
  treePath,
} from './metadata';

/** Most custom members one update may carry (Kustomer's schema: `maxProperties: 100`). */
export const MAX_CUSTOM_PROPERTIES = 100;

export type Update =
  | {
      ok: true;
      /** Normalised custom values to merge (`null` clears). */
      custom: Record<string, unknown>;
      /** Standard attributes to set (conversation name/status/priority, customer name). */
      standard: Record<string, unknown>;
      /** The `rev` the caller sent, if any. */
      rev?: number;
    }
  | { ok: false; status: 400; body: { errors: PlainError[] } | { errors: JsonApiError[] } };

const STANDARD: Record<KustomerResource, Record<string, (v: unknown) => string | undefined>> = {
  conversation: {
    name: (v) =>
      v === null || (typeof v === 'string' && v.length <= 256)
        ? undefined
        : 'must be a string of at most 256 characters',
    status: (v) =>
      v === 'open' || v === 'snoozed' || v === 'done'
        ? undefined
        : 'must be one of open, snoozed, done',
    priority: (v) =>
      typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5
        ? undefined
        : 'must be an integer from 1 to 5',
  },
  customer: {
    name: (v) =>
      v === null || (typeof v === 'string' && v.length <= 256)
        ? undefined
        : 'must be a string of at most 256 characters',
  },
};

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

function invalid(errors: JsonApiError[]): Update {
  return { ok: false, status: 400, body: { errors } };
}

export function validateUpdate(
  resource: KustomerResource,
  text: string,
  retired: ReadonlySet<string> = new Set(),
): Update {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      status: 400,
      body: { errors: [kErrors.invalidJson((error as Error).message)] },
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      status: 400,
      body: { errors: [kErrors.invalidJson('the body must be a JSON object')] },
    };
  }
  const members = body as Record<string, unknown>;
  const standardRules = STANDARD[resource];
  const memberErrors: JsonApiError[] = [];
  const standard: Record<string, unknown> = {};
  let rev: number | undefined;
  for (const [key, value] of Object.entries(members)) {
    if (key === 'custom') continue;
    if (key === 'rev') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        memberErrors.push(kErrors.invalidMember('/rev', 'rev must be a non-negative integer'));
      } else rev = value;
      continue;
    }
    const rule = standardRules[key];
    if (!rule) {
      memberErrors.push(
        kErrors.invalidMember(`/${key}`, `should NOT have additional properties ('${key}')`),
      );
      continue;
    }
    const problem = rule(value);
    if (problem) memberErrors.push(kErrors.invalidMember(`/${key}`, `${key} ${problem}`));
    else standard[key] = value;
  }
  const customRaw = members.custom;
  if (customRaw !== undefined) {
    if (typeof customRaw !== 'object' || customRaw === null || Array.isArray(customRaw)) {
      memberErrors.push(kErrors.invalidMember('/custom', 'custom must be an object'));
    } else if (Object.keys(customRaw).length > MAX_CUSTOM_PROPERTIES) {
      memberErrors.push(
        kErrors.invalidMember(
          '/custom',
          `custom should NOT have more than ${MAX_CUSTOM_PROPERTIES} properties`,
        ),
      );
    }
  }
  if (memberErrors.length > 0) return invalid(memberErrors);
  const custom = (customRaw ?? {}) as Record<string, unknown>;

  // Names: a bad suffix or an attribute the Klass does not have.
  const nameErrors: PlainError[] = [];
  const defs: [AttributeDef, unknown][] = [];
  for (const [name, value] of Object.entries(custom)) {
    if (!suffixOf(name)) {
      nameErrors.push(kErrors.badSuffix(name));
      continue;
    }
    const def = attributeDef(resource, name, retired);
    if (!def) nameErrors.push(kErrors.unknownAttribute(resource, name));
    else defs.push([def, value]);
  }
  if (nameErrors.length > 0) return { ok: false, status: 400, body: { errors: nameErrors } };

  // Values.
  const valueErrors: JsonApiError[] = [];
  const out: Record<string, unknown> = {};
  for (const [def, value] of defs) {
    const checked = checkValue(def, value);
    if ('error' in checked) valueErrors.push(kErrors.invalidValue(def.name, checked.error, value));
    else out[def.name] = checked.value;
  }
  if (valueErrors.length > 0) return invalid(valueErrors);
  return { ok: true, custom: out, standard, ...(rev === undefined ? {} : { rev }) };
}

/** Checks one value for its attribute; returns the value as stored. */
export function checkValue(
  def: AttributeDef,
  value: unknown,
): { value: unknown } | { error: string } {
  if (value === null) return { value: null };
  switch (def.suffix) {
    case 'Str': {
      if (typeof value !== 'string') return { error: 'should be string' };
      if (value.length > STR_MAX_LENGTH)
        return { error: `should NOT be longer than ${STR_MAX_LENGTH} characters` };
      if (def.enumeration && !def.enumeration.includes(value))
        return {
          error: `should be equal to one of the allowed values: ${def.enumeration.join(', ')}`,
        };
      return { value };
    }
    case 'Txt':
      return typeof value === 'string' ? { value } : { error: 'should be string' };
    case 'Num':
      return typeof value === 'number' && Number.isFinite(value)
        ? { value }
        : { error: 'should be number' };
    case 'At': {
      if (typeof value !== 'string' || !ISO_DATE_TIME.test(value))
        return { error: 'should match format "date-time" (ISO 8601)' };
      const time = Date.parse(value);
      if (Number.isNaN(time)) return { error: 'should match format "date-time" (ISO 8601)' };
      return { value: new Date(time).toISOString() };
    }
    case 'Bool':
      return typeof value === 'boolean' ? { value } : { error: 'should be boolean' };
    case 'Url': {
      if (typeof value !== 'string') return { error: 'should be string' };
      if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return { error: 'should match format "uri"' };
      try {
        new URL(value);
      } catch {
        return { error: 'should match format "uri"' };
      }
      return { value };
    }
    case 'Id':
      if (typeof value !== 'string' || !OBJECT_ID.test(value))
        return { error: 'should be a 24-character hexadecimal object id' };
      return { value: value.toLowerCase() };
    case 'Tree': {
      if (typeof value !== 'string') return { error: 'should be string' };
      if (value !== value.toLowerCase())
        return { error: 'tree values are lowercase node ids (e.g. "orders.damaged")' };
      const found = def.tree ? treePath(def.tree, value) : undefined;
      if (!found) return { error: `'${value}' is not a node of the tree` };
      if (def.lastNodeRequired && !found.leaf)
        return { error: `'${value}' is not a last-level node (lastNodeRequired)` };
      return { value };
    }
  }
}
