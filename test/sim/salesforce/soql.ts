/**
 * `GET vXX.X/query?q=` — a small SOQL subset, enough for what the extension asks (a Case's
 * MessagingSession, for a context field on the session; a session's Conversation, for its entries):
 *
 *   SELECT f1, f2 FROM Object [WHERE Field = 'value' | WHERE Field IN ('a', 'b')]
 *     [ORDER BY Field [ASC|DESC]] [LIMIT n]
 *
 * Answers in Salesforce's shape, `{totalSize, done, records: [{attributes: {type, url}, …}]}`;
 * anything outside the subset is 400 MALFORMED_QUERY (the real wording differs, the code does not).
 * Ids compare in their 15- or 18-character forms.
 */
import type { SfError } from './errors';
import { sameId } from './ids';
import { objectByName, type SimObjectDef, visibleField } from './objects';
import type { OrgState, SalesforceStore } from './store';

const QUERY =
  /^\s*SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(\w+)\s*(?:=\s*'([^'\\]*)'|IN\s*\(((?:\s*'[^'\\]*'\s*,)*\s*'[^'\\]*'\s*)\)))?(?:\s+ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?)?(?:\s+LIMIT\s+(\d{1,4}))?\s*$/i;

export type QueryResult =
  | { ok: true; body: { totalSize: number; done: true; records: Record<string, unknown>[] } }
  | { ok: false; errors: SfError[] };

export function runQuery(
  store: SalesforceStore,
  org: OrgState,
  soql: string,
  version: string,
): QueryResult {
  const m = QUERY.exec(soql);
  if (!m) {
    return fail(
      'MALFORMED_QUERY',
      `unexpected token in the query (the simulation reads SELECT … FROM … [WHERE f = '…' | WHERE f IN ('…', …)] [ORDER BY f [ASC|DESC]] [LIMIT n]): ${soql.slice(0, 200)}`,
    );
  }
  const [
    ,
    fieldList = '',
    objectName = '',
    whereField,
    whereValue,
    whereList,
    orderField,
    direction,
    limit,
  ] = m;
  // `= 'v'` is a list of one; `IN ('a', 'b')` lists each quoted value.
  const wanted =
    whereList !== undefined
      ? [...whereList.matchAll(/'([^'\\]*)'/g)].map((v) => v[1] ?? '')
      : [whereValue ?? ''];
  const def = objectByName(objectName);
  if (!def) {
    return fail(
      'INVALID_TYPE',
      `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  const names = fieldList.split(',').map((f) => f.trim());
  for (const name of [...names, whereField, orderField]) {
    if (name !== undefined && (name === '' || !visibleField(def, name)))
      return noSuchColumn(name ?? '', def);
  }
  const table = org.records.get(def.name) ?? new Map<string, Record<string, unknown>>();
  let rows = [...table.entries()].map(([id, values]) => ({
    id,
    values: store.withFormulas(def, values),
  }));
  if (whereField !== undefined) {
    const field = visibleField(def, whereField)?.name ?? whereField;
    rows = rows.filter(({ values }) => {
      const v = values[field];
      if (typeof v !== 'string') return false;
      return wanted.some((w) => v === w || sameId(v, w));
    });
  }
  if (orderField !== undefined) {
    const field = visibleField(def, orderField)?.name ?? orderField;
    const sign = direction?.toUpperCase() === 'DESC' ? -1 : 1;
    rows.sort(
      (a, b) => sign * String(a.values[field] ?? '').localeCompare(String(b.values[field] ?? '')),
    );
  }
  if (limit !== undefined) rows = rows.slice(0, Number(limit));
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

function fail(errorCode: string, message: string): QueryResult {
  return { ok: false, errors: [{ message, errorCode }] };
}

function noSuchColumn(name: string, def: SimObjectDef): QueryResult {
  return fail(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}
