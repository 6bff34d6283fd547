/**
 * What Salesforce does with a record update body: parse it (JSON_PARSER_ERROR / INVALID_FIELD, alone,
 * first problem only), refuse fields the profile cannot write (INVALID_FIELD_FOR_INSERT_UPDATE, one
 * error naming them all), then check every value and run validation rules, reporting every problem.
 * Any error fails the whole record: nothing is stored.
 */
import { type SfError, sfErrors } from './errors';
import type { DescribeField } from './fields';
import { ID_PATTERN } from './ids';
import { cannotDeserialize, type Location, parseBody } from './jackson';
import { type SimObjectDef, storedField, type Values } from './objects';

export type UpdateResult = { ok: true; changes: Values } | { ok: false; errors: SfError[] };

/** Resolves a reference value to the 18-character id of an existing record, if the sim stores that object. */
export type ReferenceResolver = (
  referenceTo: string[],
  id: string,
) => string | undefined | 'unknown-object';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Close to what Salesforce accepts as an email address. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The type name Jackson reports for a field type. */
function jacksonType(f: DescribeField): string {
  switch (f.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'time':
      return 'time';
    default:
      return 'string';
  }
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Salesforce's stored form of a datetime: UTC with milliseconds and "+0000". */
export function normalizeDatetime(text: string): string | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '0', zone = 'Z'] = m;
  if (
    !validDate(Number(y), Number(mo), Number(d)) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const z = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${z}`);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace('Z', '+0000');
}

/**
 * Deserialisation: the JSON value's type must suit the field. Returns the value as the field holds it
 * before value checks, or a Jackson message.
 */
function deserialize(
  f: DescribeField,
  value: unknown,
  loc: Location,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const fail = () => ({
    ok: false as const,
    message: cannotDeserialize(jacksonType(f), value, loc),
  });
  if (value === null) return { ok: true, value: null };
  switch (f.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail();
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? { ok: true, value } : fail();
    case 'double':
    case 'currency':
    case 'percent':
      return typeof value === 'number' ? { ok: true, value } : fail();
    case 'date': {
      if (typeof value !== 'string') return fail();
      const m = DATE.exec(value);
      return m && validDate(Number(m[1]), Number(m[2]), Number(m[3]))
        ? { ok: true, value }
        : fail();
    }
    case 'datetime': {
      if (typeof value !== 'string') return fail();
      const normalized = normalizeDatetime(value);
      return normalized ? { ok: true, value: normalized } : fail();
    }
    default:
      // Text-like fields take JSON strings; Jackson also turns a number or boolean into its text.
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number' || typeof value === 'boolean')
        return { ok: true, value: String(value) };
      return fail();
  }
}

const codePoints = (s: string): number => [...s].length;

/** Value checks of one field; returns the stored value or an error. */
function checkValue(
  f: DescribeField,
  value: unknown,
  resolve: ReferenceResolver,
): { ok: true; value: unknown } | { ok: false; error: SfError } {
  let v = value;
  if (typeof v === 'string' && v === '' && f.type !== 'boolean') v = null;
  if (v === null) {
    if (f.type === 'boolean') return { ok: true, value: false };
    if (!f.nillable) return { ok: false, error: sfErrors.requiredMissing([f.name]) };
    return { ok: true, value: null };
  }
  switch (f.type) {
    case 'boolean':
    case 'date':
    case 'datetime':
      return { ok: true, value: v };
    case 'int': {
      const n = v as number;
      if (Math.abs(n) >= 10 ** (f.digits || 9))
        return { ok: false, error: sfErrors.outOfRange(f.label, f.name, String(n)) };
      return { ok: true, value: n };
    }
    case 'double':
    case 'currency':
    case 'percent': {
      const n = v as number;
      const factor = 10 ** f.scale;
      const rounded = Math.round(n * factor) / factor;
      if (Math.abs(rounded) >= 10 ** (f.precision - f.scale)) {
        return { ok: false, error: sfErrors.outOfRange(f.label, f.name, String(n)) };
      }
      return { ok: true, value: rounded };
    }
    case 'reference':
    case 'id': {
      const s = v as string;
      if (!ID_PATTERN.test(s))
        return { ok: false, error: sfErrors.malformedId(f.label, f.name, s) };
      const resolved = resolve(f.referenceTo, s);
      if (resolved === 'unknown-object') return { ok: true, value: s };
      if (resolved === undefined) return { ok: false, error: sfErrors.badReference(f.name) };
      return { ok: true, value: resolved };
    }
    case 'picklist': {
      const s = v as string;
      if (f.restrictedPicklist && !f.picklistValues.some((p) => p.active && p.value === s)) {
        return { ok: false, error: sfErrors.badPicklist(f.label, f.name, s) };
      }
      if (codePoints(s) > f.length)
        return { ok: false, error: sfErrors.tooLong(f.label, f.name, s, f.length) };
      return { ok: true, value: s };
    }
    case 'multipicklist': {
      const parts = [
        ...new Set(
          (v as string)
            .split(';')
            .map((p) => p.trim())
            .filter((p) => p !== ''),
        ),
      ];
      if (parts.length === 0) return { ok: true, value: null };
      if (f.restrictedPicklist) {
        const bad = parts.find((p) => !f.picklistValues.some((pv) => pv.active && pv.value === p));
        if (bad !== undefined)
          return { ok: false, error: sfErrors.badPicklist(f.label, f.name, bad) };
      }
      const order = f.picklistValues.map((p) => p.value);
      const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
      const joined = parts.sort((a, b) => rank(a) - rank(b)).join(';');
      if (codePoints(joined) > f.length)
        return { ok: false, error: sfErrors.tooLong(f.label, f.name, joined, f.length) };
      return { ok: true, value: joined };
    }
    case 'email': {
      const s = v as string;
      if (codePoints(s) > f.length)
        return { ok: false, error: sfErrors.tooLong(f.label, f.name, s, f.length) };
      if (!EMAIL.test(s)) return { ok: false, error: sfErrors.badEmail(f.label, f.name, s) };
      return { ok: true, value: s };
    }
    default: {
      const s = v as string;
      if (codePoints(s) > f.length)
        return { ok: false, error: sfErrors.tooLong(f.label, f.name, s, f.length) };
      return { ok: true, value: s };
    }
  }
}

export function validateUpdate(
  def: SimObjectDef,
  bodyText: string,
  current: Values,
  resolve: ReferenceResolver,
): UpdateResult {
  const parsed = parseBody(bodyText);
  if (!parsed.ok) return { ok: false, errors: sfErrors.jsonParser(parsed.message) };
  const body = parsed.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: sfErrors.jsonParser(cannotDeserialize(def.name, body, { line: 1, column: 1 })),
    };
  }

  // 1. Deserialisation, member by member: the first unknown field or wrongly typed value fails alone.
  const accessible = new Set(def.fields.map((f) => f.name));
  const typed: { field: DescribeField; value: unknown }[] = [];
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'attributes') continue;
    const field = storedField(def, key);
    if (!field || !accessible.has(field.name)) {
      return { ok: false, errors: sfErrors.noSuchColumnOnSobject(key, def.name) };
    }
    const loc = parsed.ends.get(key) ?? { line: 1, column: 1 };
    const d = deserialize(field, raw, loc);
    if (!d.ok) return { ok: false, errors: sfErrors.jsonParser(d.message) };
    typed.push({ field, value: d.value });
  }

  // 2. Field-level security: read-only and formula fields, all named in one error.
  const readOnly = typed.filter((t) => !t.field.updateable).map((t) => t.field.name);
  if (readOnly.length > 0) return { ok: false, errors: [sfErrors.notWritable(readOnly)] };

  // 3. Every value, then the validation rules on the record as it would be saved.
  const errors: SfError[] = [];
  const changes: Values = {};
  for (const { field, value } of typed) {
    const checked = checkValue(field, value, resolve);
    if (checked.ok) changes[field.name] = checked.value;
    else errors.push(checked.error);
  }
  const after = { ...current, ...changes };
  for (const rule of def.validationRules) {
    if (rule.failsWhen(after)) errors.push(sfErrors.validationRule(rule.message, rule.fields));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}
