/**
 * Salesforce field rules for the planner: coerce a context value to what the REST API accepts for
 * the field's describe type, and compare with the value the record holds. Everything is checked
 * before a request, so one bad value is reported on its own field instead of failing the whole
 * update (a Salesforce record update with one bad field fails as a whole — platform-facts).
 */
import { asBoolean, type Coercer, fail, fmt, isWebAddress, ok, type Raw, shown } from '../coercion';
import type { Coerced, FieldOption, FieldRules, FieldSpec } from '../field-rules';
import { parseDate, parseDateTime, parseTime, toUtcIso } from './datetimes';
import {
  type Decimal,
  decimalFromNumber,
  decimalToNumber,
  isWhole,
  type NumberSyntax,
  parseDecimalText,
  roundDecimal,
} from './numbers';
import { hasValidSuffix, isSalesforceId, sameId } from './url';

const MULTI_SEPARATOR = ';';
const EMAIL_MAX = 80;
const PHONE_MAX = 40;
const URL_MAX = 255;

export const salesforceRules: FieldRules = {
  coerce(field, raw) {
    const coercer = COERCERS[field.type];
    if (!coercer) {
      return fail(
        `${field.label}: fields of type ${field.type} cannot be filled from a handoff context`,
      );
    }
    return coercer(field, raw);
  },

  /** A checkbox is never null in Salesforce, so `false` is its empty. */
  isEmpty(field, current) {
    if (current === null || current === undefined) return true;
    if (typeof current === 'string') return current.trim().length === 0;
    return field.type === 'boolean' && current === false;
  },

  same(field, current, next) {
    if (current === null || current === undefined) return false;
    switch (field.type) {
      case 'boolean':
        return asBoolean(current) === next;
      case 'int':
      case 'double':
      case 'currency':
      case 'percent':
        return typeof next === 'number' && numberOf(current) === next;
      case 'date':
        return typeof current === 'string' && current.slice(0, 10) === next;
      case 'datetime':
        return sameInstant(current, next);
      case 'time':
        return typeof current === 'string' && parseTime(current) === next;
      case 'multipicklist':
        return typeof current === 'string' && typeof next === 'string' && sameItems(current, next);
      case 'reference':
      case 'id': {
        if (typeof current !== 'string' || typeof next !== 'string') return false;
        // Ids of different records differ in their first 15 characters other than by case:
        // answer those without sameId recovering both ids' case from their suffixes.
        for (let i = 0; i < 15; i++) {
          const diff = current.charCodeAt(i) ^ next.charCodeAt(i);
          if (diff !== 0 && diff !== 32) return false;
        }
        return sameId(current, next);
      }
      default:
        // Text and picklists compare exactly: a change of case is a change the agent would see.
        return String(current) === String(next);
    }
  },

  multiSeparator(field) {
    return field.type === 'multipicklist' ? MULTI_SEPARATOR : undefined;
  },

  dateKind(field) {
    return field.type === 'date' ? 'date' : field.type === 'datetime' ? 'datetime' : undefined;
  },
};

// ─── Text ────────────────────────────────────────────────────────────────────────────────────────

const text: Coercer = (field, raw) => withinLength(field, String(raw), field.length);

function withinLength(field: FieldSpec, value: string, max: number | undefined): Coerced {
  if (max && value.length > max) {
    return fail(
      `${field.label} takes at most ${fmt(max)} characters; the value has ${fmt(value.length)}`,
    );
  }
  return ok(value);
}

// ─── Picklists ───────────────────────────────────────────────────────────────────────────────────

type OptionMatch =
  | { kind: 'active'; value: string }
  | { kind: 'inactive'; value: string }
  | { kind: 'none' };

/** Active options first, by exact value, then by value or label ignoring case; inactive ones last. */
function matchOption(options: readonly FieldOption[], wanted: string): OptionMatch {
  // One pass, no closures (the planner calls this for every picklist value of every handoff):
  // the first candidate of each rank, in the order of the ranks above.
  const lower = wanted.toLowerCase();
  let activeSame: FieldOption | undefined;
  let inactiveExact: FieldOption | undefined;
  let inactiveSame: FieldOption | undefined;
  for (const o of options) {
    if (o.value === wanted) {
      if (o.active) return { kind: 'active', value: o.value };
      inactiveExact ??= o;
    } else if (
      (o.active ? activeSame === undefined : inactiveSame === undefined) &&
      (o.value.toLowerCase() === lower || o.label.toLowerCase() === lower)
    ) {
      if (o.active) activeSame = o;
      else inactiveSame = o;
    }
  }
  if (activeSame) return { kind: 'active', value: activeSame.value };
  const inactive = inactiveExact ?? inactiveSame;
  return inactive ? { kind: 'inactive', value: inactive.value } : { kind: 'none' };
}

/** One picklist value: the option's exact value, or the text itself where the picklist is open. */
function pickOne(field: FieldSpec, item: string, restricted: boolean): Coerced {
  const match = matchOption(field.options ?? [], item);
  if (match.kind === 'active') return ok(match.value);
  if (match.kind === 'inactive')
    return fail(`${match.value} is an inactive value of ${field.label}`);
  if (restricted) {
    return fail(
      `${shown(item)} is not a value of ${field.label}, a restricted picklist: use one of ${activeList(field)}`,
    );
  }
  return ok(item);
}

const picklist: Coercer = (field, raw) => {
  const picked = pickOne(field, String(raw).trim(), field.restricted === true);
  return picked.ok ? withinLength(field, picked.value as string, field.length) : picked;
};

/** A combobox suggests values but takes any text. */
const combobox: Coercer = (field, raw) => {
  const picked = pickOne(field, String(raw).trim(), false);
  return picked.ok ? withinLength(field, picked.value as string, field.length) : picked;
};

/** `A;B`: each item as a picklist value, duplicates dropped, joined as Salesforce stores it. */
const multipicklist: Coercer = (field, raw) => {
  const items = String(raw)
    .split(MULTI_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) return fail(`${field.label} takes one or more values separated by ';'`);
  const values: string[] = [];
  for (const item of items) {
    const picked = pickOne(field, item, field.restricted === true);
    if (!picked.ok) return picked;
    if (!values.includes(picked.value as string)) values.push(picked.value as string);
  }
  return withinLength(field, values.join(MULTI_SEPARATOR), field.length);
};

function activeList(field: FieldSpec): string {
  const active = (field.options ?? []).filter((o) => o.active).map((o) => o.value);
  if (active.length === 0) return 'none: the picklist has no active values';
  return active.length > 10 ? `${active.slice(0, 10).join(', ')}, …` : active.join(', ');
}

// ─── Checkbox ────────────────────────────────────────────────────────────────────────────────────

const checkbox: Coercer = (field, raw) => {
  const b = asBoolean(raw);
  if (b === undefined) {
    return fail(
      `${field.label} is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not ${shown(raw)}`,
    );
  }
  return ok(b);
};

// ─── Numbers ─────────────────────────────────────────────────────────────────────────────────────

function readNumber(raw: Raw, syntax: NumberSyntax): Decimal | null | 'not-finite' {
  if (typeof raw === 'number') return Number.isFinite(raw) ? decimalFromNumber(raw) : 'not-finite';
  if (typeof raw !== 'string') return null;
  if (/^\s*[+-]?(nan|infinity|inf)\s*$/i.test(raw)) return 'not-finite';
  return parseDecimalText(raw, syntax);
}

const integer: Coercer = (field, raw) => {
  const d = readNumber(raw, {});
  if (d === 'not-finite')
    return fail(`${field.label} takes a finite whole number, not ${shown(raw)}`);
  if (d === null || !isWhole(d))
    return fail(`${field.label} takes a whole number, not ${shown(raw)}`);
  const digits = d.int.length;
  if (field.precision && digits > field.precision) {
    return fail(
      `${field.label} takes at most ${field.precision} digits; ${shown(raw)} has ${digits}`,
    );
  }
  const n = decimalToNumber({ ...d, frac: '' });
  if (!Number.isSafeInteger(n))
    return fail(`${field.label} cannot hold a number as large as ${shown(raw)}`);
  return ok(n);
};

function decimalCoercer(syntax: NumberSyntax, example: string): Coercer {
  return (field, raw) => {
    const d = readNumber(raw, syntax);
    if (d === 'not-finite') return fail(`${field.label} takes a finite number, not ${shown(raw)}`);
    if (d === null)
      return fail(`${field.label} takes a number such as ${example}, not ${shown(raw)}`);
    const scale = field.scale ?? 0;
    const rounded = field.scale !== undefined ? roundDecimal(d, scale) : d;
    if (field.precision) {
      const maxInt = field.precision - scale;
      if (rounded.int.length > maxInt) {
        return fail(
          `${field.label} takes at most ${maxInt} digits before the decimal point; ${shown(raw)} has ${rounded.int.length}`,
        );
      }
    }
    return ok(decimalToNumber(rounded));
  };
}

// ─── Dates and times ─────────────────────────────────────────────────────────────────────────────

const date: Coercer = (field, raw) => {
  if (typeof raw !== 'string')
    return fail(`${field.label} takes a date as YYYY-MM-DD, not ${shown(raw)}`);
  const parsed = parseDate(raw);
  if (parsed.ok) return ok(parsed.date);
  switch (parsed.problem) {
    case 'not-real':
      return fail(`${field.label}: ${shown(raw)} is not a real date`);
    case 'out-of-range':
      return fail(`${field.label} takes dates between the years 1700 and 4000, not ${shown(raw)}`);
    default:
      return fail(`${field.label} takes a date as YYYY-MM-DD, not ${shown(raw)}`);
  }
};

const dateTime: Coercer = (field, raw) => {
  const example = 'such as 2026-11-21T10:00:00Z';
  if (typeof raw !== 'string')
    return fail(`${field.label} needs a date and time ${example}, not ${shown(raw)}`);
  const parsed = parseDateTime(raw);
  if (parsed.ok) return ok(toUtcIso(parsed.epochMs));
  switch (parsed.problem) {
    case 'date-only':
      return fail(`${field.label} needs a date and time ${example}; ${shown(raw)} is only a date`);
    case 'no-t':
      return fail(
        `${field.label} needs ISO 8601 with a 'T' between date and time, ${example}, not ${shown(raw)}`,
      );
    case 'not-real':
      return fail(`${field.label}: ${shown(raw)} is not a real date and time`);
    case 'out-of-range':
      return fail(`${field.label} takes dates between the years 1700 and 4000, not ${shown(raw)}`);
    default:
      return fail(`${field.label} needs a date and time in ISO 8601 ${example}, not ${shown(raw)}`);
  }
};

const time: Coercer = (field, raw) => {
  const parsed = typeof raw === 'string' ? parseTime(raw) : null;
  return parsed === null
    ? fail(`${field.label} takes a time as HH:mm or HH:mm:ss (24-hour), not ${shown(raw)}`)
    : ok(parsed);
};

/** The form the coercer sends and Salesforce returns: UTC, with milliseconds (years 1000–9999). */
const UTC_ISO = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function sameInstant(current: unknown, next: unknown): boolean {
  if (typeof current !== 'string' || typeof next !== 'string') return false;
  // Two such texts name the same instant only if they are the same text: parse one, not both.
  if (UTC_ISO.test(current) && UTC_ISO.test(next))
    return current === next && parseDateTime(next).ok;
  const a = parseDateTime(current);
  const b = parseDateTime(next);
  return a.ok && b.ok && a.epochMs === b.epochMs;
}

// ─── Contact points and ids ──────────────────────────────────────────────────────────────────────

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

function isEmailAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const labels = s.slice(at + 1).split('.');
  const tld = labels[labels.length - 1] ?? '';
  return (
    LOCAL_PART.test(s.slice(0, at)) &&
    labels.length >= 2 &&
    labels.every((l) => l.length <= 63 && DOMAIN_LABEL.test(l)) &&
    /^[A-Za-z]{2,}$/.test(tld)
  );
}

const email: Coercer = (field, raw) => {
  const s = String(raw).trim();
  const max = Math.min(field.length || EMAIL_MAX, EMAIL_MAX);
  if (s.length > max)
    return fail(`${field.label} takes at most ${max} characters; the value has ${s.length}`);
  if (!isEmailAddress(s))
    return fail(
      `${field.label} takes an email address such as name@example.com, not ${shown(raw)}`,
    );
  return ok(s);
};

const PHONE_BODY = /^\+?[0-9 ()./-]+$/;
const PHONE_EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,10}$/i;

const phone: Coercer = (field, raw) => {
  const s = String(raw).trim();
  const max = Math.min(field.length || PHONE_MAX, PHONE_MAX);
  if (s.length > max)
    return fail(`${field.label} takes at most ${max} characters; the value has ${s.length}`);
  const body = s.replace(PHONE_EXTENSION, '');
  const digits = body.replace(/\D/g, '').length;
  if (!PHONE_BODY.test(body) || digits < 3) {
    return fail(
      `${field.label} takes a phone number (digits, spaces, + ( ) - . / and an extension), not ${shown(raw)}`,
    );
  }
  return ok(s);
};

const url: Coercer = (field, raw) => {
  const s = String(raw).trim();
  const max = field.length || URL_MAX;
  if (s.length > max)
    return fail(`${field.label} takes at most ${max} characters; the value has ${s.length}`);
  if (!isWebAddress(s)) {
    return fail(
      `${field.label} takes a web address starting with http:// or https://, not ${shown(raw)}`,
    );
  }
  return ok(s);
};

const recordId: Coercer = (field, raw) => {
  const s = String(raw).trim();
  if (!isSalesforceId(s)) {
    return fail(
      `${field.label} takes a Salesforce record id of 15 or 18 letters and digits, not ${shown(raw)}`,
    );
  }
  if (s.length === 18 && !hasValidSuffix(s)) {
    return fail(
      `${field.label}: ${shown(raw)} is not a valid Salesforce id (its last three characters do not match the first fifteen)`,
    );
  }
  return ok(s);
};

// ─── Dispatch and helpers ────────────────────────────────────────────────────────────────────────

const COERCERS: Record<string, Coercer> = {
  string: text,
  textarea: text,
  encryptedstring: text,
  picklist,
  combobox,
  multipicklist,
  boolean: checkbox,
  int: integer,
  double: decimalCoercer({}, '1234.5 or 1,234.5'),
  currency: decimalCoercer({ currencySymbol: true }, '1234.50, 1,234.50 or $1,234.50'),
  percent: decimalCoercer({ percentSign: true }, '12.5 or 12.5%'),
  date,
  datetime: dateTime,
  time,
  email,
  phone,
  url,
  reference: recordId,
  id: recordId,
};

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

function sameItems(a: string, b: string): boolean {
  const sa = new Set<string>();
  for (const x of a.split(MULTI_SEPARATOR)) {
    const item = x.trim();
    if (item) sa.add(item);
  }
  const sb = new Set<string>();
  for (const x of b.split(MULTI_SEPARATOR)) {
    const item = x.trim();
    if (item) sb.add(item);
  }
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}
