/**
 * Salesforce REST error bodies → a typed list and a classification the engine acts on (re-read the
 * session, stop, back off, drop the named fields and retry once, or report).
 *
 * Salesforce documents one shape — an array of `{message, errorCode, fields}` — but real bodies
 * also come as a single object, with `statusCode` instead of `errorCode` (sObject Tree / composite),
 * wrapped in `{errors: [...]}` or `{results: [{errors}]}`, as Lightning Data Service
 * `{body: {pageErrors, fieldErrors}}`, as truncated text, or empty. All of them land here.
 */
import { tryJson } from '../json';

export interface SalesforceErrorEntry {
  errorCode: string;
  message: string;
  fields: string[];
  /** For JSON_PARSER_ERROR: where in the request body Salesforce stopped ("at [line:1, column:57]"). */
  position?: { line: number; column: number };
}

export type SalesforceErrorKind =
  /** 401 INVALID_SESSION_ID: the cookie session expired; re-read it once and retry. */
  | 'session'
  /** 401 "not valid for use with the REST API": API Access Control blocks cookie sessions. */
  | 'api-access-control'
  /** API_DISABLED_FOR_ORG: the user lacks "API Enabled". */
  | 'api-disabled'
  /** 403 REQUEST_LIMIT_EXCEEDED, or 429. */
  | 'rate-limit'
  /** 404, NOT_FOUND, ENTITY_IS_DELETED. */
  | 'not-found'
  /**
   * Any other 403: the user lacks a permission the resource needs (the Connect API's conversation
   * entries without "Access Conversation Entries", INSUFFICIENT_ACCESS…).
   */
  | 'forbidden'
  /** 400 value errors: `fields` names the fields to drop before the one retry. */
  | 'fields'
  /** 5xx. */
  | 'server'
  | 'other';

export interface SalesforceError {
  status: number;
  kind: SalesforceErrorKind;
  errors: SalesforceErrorEntry[];
  /** Every field the errors name, once each, in order. */
  fields: string[];
}

/**
 * Error codes that mean "this request carried a value Salesforce would not take", which the engine
 * answers by dropping the named fields (or, without names, reporting the whole write).
 */
const VALUE_ERROR_CODES = new Set([
  'STRING_TOO_LONG',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'JSON_PARSER_ERROR',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_FIELD',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'FIELD_FILTER_VALIDATION_EXCEPTION',
  'REQUIRED_FIELD_MISSING',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_CROSS_REFERENCE_KEY',
  'MALFORMED_ID',
  'TOO_MANY_ENUM_VALUE',
  'DUPLICATE_VALUE',
  'INVALID_MULTIPICKLIST',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
]);

/** Codes recognised inside a body that is not JSON; anything else that looks like a code comes after them. */
const KNOWN_CODES = new Set([
  ...VALUE_ERROR_CODES,
  'INVALID_SESSION_ID',
  'API_DISABLED_FOR_ORG',
  'REQUEST_LIMIT_EXCEEDED',
  'NOT_FOUND',
  'ENTITY_IS_DELETED',
  'INVALID_TYPE',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
]);

const REST_ACCESS_DENIED = /not valid for use with the REST API/i;
/** Bodies can be huge (an HTML error page): only this much is read for a message. */
const MAX_TEXT = 2_000;
const MAX_ENTRIES = 100;

export function parseSalesforceError(status: number, body: unknown): SalesforceError {
  const errors = entriesOf(status, body);
  const kind = classify(status, errors);
  const fields: string[] = [];
  for (const e of errors) for (const f of e.fields) if (!fields.includes(f)) fields.push(f);
  return { status, kind, errors, fields };
}

function entriesOf(status: number, body: unknown): SalesforceErrorEntry[] {
  let value = body;
  if (typeof body === 'string') {
    const text = body.trim();
    const parsed = text.length > 0 && text.length <= 1_000_000 ? tryJson(text) : undefined;
    if (parsed === undefined) return [entryFromText(status, text)];
    value = parsed;
  }
  const found: SalesforceErrorEntry[] = [];
  collect(value, found, 0);
  return found.length > 0 ? found : [entryFromText(status, '')];
}

/** Walks the known wrappers (bounded depth: bodies come from the network). */
function collect(value: unknown, out: SalesforceErrorEntry[], depth: number): void {
  if (depth > 4 || out.length >= MAX_ENTRIES || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_ENTRIES)) collect(item, out, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  const code = str(o.errorCode) ?? str(o.statusCode);
  if (code !== undefined) {
    out.push(entry(code, str(o.message) ?? '', strings(o.fields)));
    return;
  }
  if (Array.isArray(o.errors)) {
    collect(o.errors, out, depth + 1); // {errors: [...]} (MULTIPLE_ERRORS)
    return;
  }
  if (Array.isArray(o.results)) {
    // sObject Tree: {hasErrors, results: [{referenceId, errors: [...]}]}
    for (const r of o.results)
      if (r && typeof r === 'object')
        collect((r as Record<string, unknown>).errors, out, depth + 1);
    return;
  }
  if (Array.isArray(o.pageErrors) || (o.fieldErrors && typeof o.fieldErrors === 'object')) {
    collect(o.pageErrors, out, depth + 1);
    // Lightning Data Service: fieldErrors is {FieldName: [{statusCode, message}]}.
    for (const [field, list] of Object.entries((o.fieldErrors ?? {}) as Record<string, unknown>)) {
      const before = out.length;
      collect(list, out, depth + 1);
      for (const e of out.slice(before)) if (!e.fields.includes(field)) e.fields.push(field);
    }
    return;
  }
  if (o.body && typeof o.body === 'object') {
    collect(o.body, out, depth + 1);
    return;
  }
  const message = str(o.message);
  if (message !== undefined) out.push(entry('UNKNOWN_ERROR', message, []));
}

function entry(errorCode: string, message: string, fields: string[]): SalesforceErrorEntry {
  const e: SalesforceErrorEntry = { errorCode, message: message.slice(0, MAX_TEXT), fields };
  // INVALID_FIELD names the field only in its message: "No such column 'Foo__c' on sobject of type Case".
  const column = /No such column '([A-Za-z0-9_]{1,100})' on/.exec(e.message);
  if (column?.[1] && fields.length === 0) e.fields = [column[1]];
  const at = /\[line:(\d+), column:(\d+)\]/.exec(e.message);
  if (at) e.position = { line: Number(at[1]), column: Number(at[2]) };
  return e;
}

/** A body that is not JSON (a proxy's HTML page, a truncated body, nothing): keep what can be read. */
function entryFromText(status: number, text: string): SalesforceErrorEntry {
  const head = text.slice(0, MAX_TEXT);
  const message = head || `Salesforce answered HTTP ${status} without details`;
  // Apex-style "…: [Field__c, Other__c]" at the end names the fields.
  const listed = /: \[([A-Za-z0-9_, ]{1,500})\]\s*$/.exec(head);
  const fields = listed?.[1]
    ? listed[1]
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : [];
  return entry(codeInText(head) ?? `HTTP_${status}`, message, fields);
}

/** A known code first (the text may also hold parser tokens such as VALUE_STRING), then any code-like word. */
function codeInText(text: string): string | undefined {
  const quoted = /"errorCode"\s*:\s*"([A-Z_]{3,80})"/.exec(text);
  if (quoted?.[1]) return quoted[1];
  const words = text.match(/\b[A-Z]{2,30}(?:_[A-Z]{2,30}){1,8}\b/g) ?? [];
  const known = words.find((w) => KNOWN_CODES.has(w));
  if (known) return known;
  // Truncated bodies keep the message but lose the code; this message is JSON_PARSER_ERROR's.
  if (/Cannot deserialize instance of/.test(text)) return 'JSON_PARSER_ERROR';
  return words[0];
}

function classify(status: number, errors: SalesforceErrorEntry[]): SalesforceErrorKind {
  const has = (code: string) => errors.some((e) => e.errorCode === code);
  if (has('INVALID_SESSION_ID') || (status === 401 && !has('API_DISABLED_FOR_ORG'))) {
    return errors.some((e) => REST_ACCESS_DENIED.test(e.message))
      ? 'api-access-control'
      : 'session';
  }
  if (has('API_DISABLED_FOR_ORG')) return 'api-disabled';
  if (status === 429 || has('REQUEST_LIMIT_EXCEEDED')) return 'rate-limit';
  if (status === 404 || has('NOT_FOUND') || has('ENTITY_IS_DELETED')) return 'not-found';
  if (status >= 500) return 'server';
  if (status === 403) return 'forbidden';
  const valueError = errors.some((e) => VALUE_ERROR_CODES.has(e.errorCode) || e.fields.length > 0);
  if ((status === 400 || status === 0) && valueError) return 'fields';
  return 'other';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
