/**
 * `GET vXX.X/query?q=` — a small SOQL subset, enough for what the extension asks (a Case's
 * MessagingSession, for a context field on the session; a session's Conversation, for its entries;
 * the audit's Cases by number or id, and sessions created in a date range):
 *
 *   SELECT f1, f2 FROM Object
 *     [WHERE cond [AND cond]…]          cond: Field op value | Field IN ('a', 'b')
 *     [ORDER BY Field [ASC|DESC]] [LIMIT n]
 *
 * `op` is one of = != < <= > >=; a value is a quoted string, `null`, a number, a date
 * (`2026-11-20`) or a date-time literal (`2026-11-20T09:00:00Z`, `…+01:00`). As the SOQL and SOSL
 * Reference documents ("Date Formats and Date Literals"), date and date-time literals are not
 * quoted: a quoted value compared with a date-time field is refused (INVALID_FIELD, Salesforce's
 * wording). Comparisons follow the field's type: date-times by instant, numbers as numbers, text
 * and ids as text (ids in their 15- or 18-character forms, for `=`, `!=` and `IN`).
 *
 * Answers in Salesforce's shape, `{totalSize, done, records: [{attributes: {type, url}, …}]}`;
 * anything outside the subset is 400 MALFORMED_QUERY (the real wording differs, the code does not).
 * Every answer is one batch (`done: true`): the sim serves at most 2,000 rows, Salesforce's batch
 * size, and refuses a larger LIMIT.
 */
import type { SfError } from './errors';
import { sameId } from './ids';
import { objectByName, type SimObjectDef, visibleField } from './objects';
import type { OrgState, SalesforceStore } from './store';

const QUERY =
  /^\s*SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d{1,5}))?\s*$/i;
const CONDITION =
  /^\s*(\w+)\s*(?:(=|!=|<=|>=|<|>)\s*('(?:[^'\\]*)'|null|[\d:.+TZ-]+)|IN\s*\(((?:\s*'[^'\\]*'\s*,)*\s*'[^'\\]*'\s*)\))\s*$/i;
const DATETIME_LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ROWS = 2000;

export type QueryResult =
  | { ok: true; body: { totalSize: number; done: true; records: Record<string, unknown>[] } }
  | { ok: false; errors: SfError[] };

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
type Literal = { kind: 'text'; text: string } | { kind: 'null' } | { kind: 'bare'; text: string };
interface Condition {
  field: string;
  op: Op;
  values: Literal[];
}

export function runQuery(
  store: SalesforceStore,
  org: OrgState,
  soql: string,
  version: string,
): QueryResult {
  const m = QUERY.exec(soql);
  const conditions = m?.[3] === undefined ? [] : parseConditions(m[3]);
  if (!m || conditions === null) return malformed(soql);
  const [, fieldList = '', objectName = '', , orderField, direction, limit] = m;
  const def = objectByName(objectName);
  if (!def) {
    return fail(
      'INVALID_TYPE',
      `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  if (limit !== undefined && Number(limit) > MAX_ROWS) return malformed(soql);
  const names = fieldList.split(',').map((f) => f.trim());
  for (const name of [...names, ...conditions.map((c) => c.field), orderField]) {
    if (name !== undefined && (name === '' || !visibleField(def, name)))
      return noSuchColumn(name ?? '', def);
  }
  const quotedDate = conditions.find(
    (c) => isDateTimeField(def, c.field) && c.values.some((v) => v.kind === 'text'),
  );
  if (quotedDate) {
    return fail(
      'INVALID_FIELD',
      `value of filter criterion for field '${visibleField(def, quotedDate.field)?.name}' must be of type dateTime and should not be enclosed in quotes`,
    );
  }
  const table = org.records.get(def.name) ?? new Map<string, Record<string, unknown>>();
  let rows = [...table.entries()]
    .map(([id, values]) => ({ id, values: store.withFormulas(def, values) }))
    .filter(({ values }) => conditions.every((c) => matches(def, c, values)));
  if (orderField !== undefined) {
    const field = visibleField(def, orderField)?.name ?? orderField;
    const sign = direction?.toUpperCase() === 'DESC' ? -1 : 1;
    rows.sort(
      (a, b) => sign * String(a.values[field] ?? '').localeCompare(String(b.values[field] ?? '')),
    );
  }
  rows = rows.slice(0, limit !== undefined ? Number(limit) : MAX_ROWS);
  const records = rows.map(({ id, values }) => {
    const out: Record<string, unknown> = {
      attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${id}` },
    };
    for (const name of names) {
      const f = visibleField(def, name);
      if (f) out[f.name] = values[f.name] ?? null;
    }
    return out;
  });
  return { ok: true, body: { totalSize: records.length, done: true, records } };
}

/** `a AND b AND …` (no OR, no parentheses); null when outside the subset. */
function parseConditions(where: string): Condition[] | null {
  const out: Condition[] = [];
  for (const part of where.split(/\s+AND\s+/i)) {
    const c = CONDITION.exec(part);
    if (!c) return null;
    const [, field = '', op, value, list] = c;
    if (list !== undefined) {
      const values = [...list.matchAll(/'([^'\\]*)'/g)].map((v) => text(v[1] ?? ''));
      out.push({ field, op: 'in', values });
      continue;
    }
    const literal = literalOf(value ?? '');
    if (!literal) return null;
    out.push({ field, op: op as Op, values: [literal] });
  }
  return out;
}

const text = (t: string): Literal => ({ kind: 'text', text: t });

function literalOf(value: string): Literal | null {
  if (value.startsWith("'")) return text(value.slice(1, -1));
  if (value.toLowerCase() === 'null') return { kind: 'null' };
  if (DATETIME_LITERAL.test(value) || DATE_LITERAL.test(value) || /^-?\d+(?:\.\d+)?$/.test(value)) {
    return { kind: 'bare', text: value };
  }
  return null;
}

function isDateTimeField(def: SimObjectDef, name: string): boolean {
  const type = visibleField(def, name)?.type;
  return type === 'datetime' || type === 'date';
}

function matches(def: SimObjectDef, c: Condition, values: Record<string, unknown>): boolean {
  const field = visibleField(def, c.field);
  const v = values[field?.name ?? c.field];
  const empty = v === null || v === undefined || v === '';
  if (c.op === 'in') return !empty && c.values.some((w) => w.kind !== 'null' && same(v, w.text));
  const [w] = c.values;
  if (!w) return false;
  if (w.kind === 'null') return c.op === '=' ? empty : c.op === '!=' ? !empty : false;
  if (empty) return c.op === '!=';
  if (c.op === '=') return same(v, w.text);
  if (c.op === '!=') return !same(v, w.text);
  const order = compare(field?.type, v, w.text);
  if (order === undefined) return false;
  return c.op === '<'
    ? order < 0
    : c.op === '<='
      ? order <= 0
      : c.op === '>'
        ? order > 0
        : order >= 0;
}

function same(v: unknown, w: string): boolean {
  const s = String(v);
  return s === w || (typeof v === 'string' && sameId(v, w));
}

/** The record's value against the literal: <0, 0, >0; undefined when they do not compare. */
function compare(type: string | undefined, v: unknown, w: string): number | undefined {
  if (type === 'datetime' || type === 'date') {
    const a = instant(String(v));
    const b = instant(w);
    return a === undefined || b === undefined ? undefined : a - b;
  }
  if (typeof v === 'number') return v - Number(w);
  return String(v).localeCompare(w);
}

/** A stored (`…+0000`) or literal date-time, or a date (midnight UTC), as epoch ms. */
function instant(value: string): number | undefined {
  const iso = DATE_LITERAL.test(value)
    ? `${value}T00:00:00Z`
    : value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function malformed(soql: string): QueryResult {
  return fail(
    'MALFORMED_QUERY',
    `unexpected token in the query (the simulation reads SELECT … FROM … [WHERE f op v [AND …] | WHERE f IN ('…', …)] [ORDER BY f [ASC|DESC]] [LIMIT n]): ${soql.slice(0, 200)}`,
  );
}

function fail(errorCode: string, message: string): QueryResult {
  return { ok: false, errors: [{ message, errorCode }] };
}

function noSuchColumn(name: string, def: SimObjectDef): QueryResult {
  return fail(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}
