/**
 * Kustomer API error bodies → a typed list and a classification the engine acts on (platform-facts:
 * API; developer.kustomer.com "Errors" and "Rate limiting").
 *
 * Two JSON shapes arrive: `{errors: [{code, message, meta}]}` and the JSON:API
 * `{errors: [{status, code, title, detail, source: {pointer | parameter}}]}` (the real bodies in
 * fixtures/real/kustomer_error_bodies.json are of the second kind). Bodies may also be a single
 * error object, plain text (a proxy's HTML page), or empty. The attribute an error is about comes
 * from `source.pointer` (`/custom/accountTierStr`, `/data/attributes/custom/accountTierStr`), from
 * `meta`, or from the message text.
 */
import { tryJson } from '../json';

export interface KustomerErrorEntry {
  code: string;
  message: string;
  /** The custom attribute the error names, e.g. `accountTierStr`. */
  attribute?: string;
}

export type KustomerErrorKind =
  /** 401: the session or token is no longer valid; re-read it (or sign in again). */
  | 'session'
  /** 403 (CSRF, role), or a 401 that names a missing role, permission or billing feature. */
  | 'forbidden'
  | 'not-found'
  /** 409: optimistic-lock conflict on `rev`; read again and re-plan. */
  | 'conflict'
  /** 413: the body is over 100 kB. */
  | 'too-large'
  /** 429: wait `retryAfterMs` (when the headers say) and try again. */
  | 'rate-limit'
  /** 400/422 naming attributes: drop them and retry once without them; never retry them as is. */
  | 'attributes'
  /** 5xx. */
  | 'server'
  | 'other';

export interface KustomerError {
  status: number;
  kind: KustomerErrorKind;
  errors: KustomerErrorEntry[];
  /** Every attribute the errors name, once each, in order. */
  attributes: string[];
  /** How long to wait before the next request, from `retry-after` or `x-ratelimit-reset`. */
  retryAfterMs?: number;
}

/** Response headers as `fetch` gives them, or a plain record (tests, the simulation). */
export type HeaderSource =
  | Headers
  | Record<string, string | readonly string[] | number | null | undefined>;

/** Bodies can be huge (an HTML error page): only this much is read for a message. */
const MAX_TEXT = 2_000;
const MAX_ENTRIES = 100;
/** Kustomer's rate-limit window is 60 seconds; no header is believed beyond an hour. */
const MAX_WAIT_MS = 3_600_000;
/** A 401 for these reasons will not be cured by a fresh session (developer.kustomer.com, Errors). */
const NOT_A_SESSION_PROBLEM = /\b(?:roles?|permissions?|permission set|billing|feature)\b/i;
const RATE_LIMIT_CODE = /rate.?limit|too.?many/i;

const TYPE_SUFFIX = '(?:Str|Txt|Num|At|Bool|Url|Id|Tree)';
/** An attribute name: camelCase, or an app attribute starting with `@` (which may hold dots). */
const PLAUSIBLE_NAME = /^(?:@[A-Za-z0-9_.-]{1,199}|[A-Za-z][A-Za-z0-9_]{0,199})$/;
const SUFFIXED = `[A-Za-z][A-Za-z0-9_]{0,150}?${TYPE_SUFFIX}`;
/** JSON pointers: `/custom/fooStr`, `/data/attributes/custom/@app.fooStr`. */
const CUSTOM_POINTER = /(?:^|\/)custom\/([^/\s"']{1,200})/;
/** Dotted or bracketed paths: `custom.fooStr`, `attributes.custom.fooStr`, `custom["fooStr"]`. */
const CUSTOM_DOTTED =
  /(?:^|[.\s"'([])custom(?:\.|\[["']?)(@[A-Za-z0-9_.-]{0,150}[A-Za-z0-9_]|[A-Za-z][A-Za-z0-9_]{0,150})/;
/** Joi-style messages: `child "custom" fails because [child "fooStr" fails …]`. */
const JOI_CHILD = /child\s+"custom"\s+fails\s+because\s+\[child\s+"([^"]{1,200})"/;
/** `Unknown custom attribute 'fooBar' for conversation.` */
const QUOTED_CUSTOM = /custom attribute\s+['"`]([^'"`]{1,200})['"`]/i;
/** A name with a type suffix anywhere in the text: `"accountTierStr" must be a string`. */
const SUFFIXED_NAME = new RegExp(`(?:^|[^A-Za-z0-9_@])(@?${SUFFIXED})(?![A-Za-z0-9_])`);
/** `meta` keys that hold the name itself, and those that hold a path to it. */
const META_NAME_KEYS = ['attribute', 'field', 'property', 'key'] as const;
const META_PATH_KEYS = ['path', 'pointer'] as const;

export function parseKustomerError(
  status: number,
  body: unknown,
  headers?: HeaderSource,
  now: number = Date.now(),
): KustomerError {
  const errors = entriesOf(status, body);
  const kind = classify(status, errors);
  const attributes: string[] = [];
  for (const e of errors)
    if (e.attribute && !attributes.includes(e.attribute)) attributes.push(e.attribute);
  const result: KustomerError = { status, kind, errors, attributes };
  if (headers && (kind === 'rate-limit' || kind === 'server')) {
    const wait = retryAfterMs(headers, now);
    if (wait !== undefined) result.retryAfterMs = wait;
  }
  return result;
}

// ─── Bodies ──────────────────────────────────────────────────────────────────────────────────────

function entriesOf(status: number, body: unknown): KustomerErrorEntry[] {
  let value = body;
  if (typeof body === 'string') {
    const text = body.trim();
    const parsed = text.length > 0 && text.length <= 1_000_000 ? tryJson(text) : undefined;
    if (parsed === undefined) return [entryFromText(status, text)];
    value = parsed;
  }
  const found: KustomerErrorEntry[] = [];
  collect(status, value, found, 0);
  return found.length > 0 ? found : [entryFromText(status, '')];
}

/** Walks `{errors: [...]}`, `{error: …}`, a bare array or a single error (bounded: bodies come from the network). */
function collect(status: number, value: unknown, out: KustomerErrorEntry[], depth: number): void {
  if (depth > 3 || out.length >= MAX_ENTRIES || value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (value.trim()) out.push(withAttribute({ code: `http-${status}`, message: clip(value) }));
    return;
  }
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_ENTRIES)) collect(status, item, out, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (o.errors !== undefined && o.errors !== null) {
    collect(status, o.errors, out, depth + 1);
    return;
  }
  if (o.error !== undefined && o.error !== null && typeof o.error === 'object') {
    collect(status, o.error, out, depth + 1);
    return;
  }
  const entry = entryOf(status, o);
  if (entry) out.push(entry);
}

/** One error object of either shape; null when it carries nothing readable. */
function entryOf(status: number, o: Record<string, unknown>): KustomerErrorEntry | null {
  const title = str(o.title);
  const detail = str(o.detail);
  const message =
    str(o.message) ??
    (detail && title && detail !== title ? `${title}: ${detail}` : (detail ?? title)) ??
    (typeof o.error === 'string' ? o.error : undefined);
  const code =
    str(o.code) ??
    (typeof o.code === 'number' ? String(o.code) : undefined) ??
    (typeof o.status === 'number' || typeof o.status === 'string' ? `http-${o.status}` : undefined);
  if (message === undefined && code === undefined) return null;
  const entry: KustomerErrorEntry = {
    code: code ?? `http-${status}`,
    message: clip(message ?? code ?? ''),
  };
  const attribute = attributeFromSource(o.source) ?? attributeFromMeta(o.meta);
  if (attribute) entry.attribute = attribute;
  return withAttribute(entry);
}

/** A body that is not JSON (a proxy's HTML page, a truncated body, nothing): keep what can be read. */
function entryFromText(status: number, text: string): KustomerErrorEntry {
  const head = clip(text);
  return withAttribute({
    code: `http-${status}`,
    message: head || `Kustomer answered HTTP ${status} without details`,
  });
}

/** Fills `attribute` from the message text when the structured parts did not name one. */
function withAttribute(entry: KustomerErrorEntry): KustomerErrorEntry {
  if (!entry.attribute) {
    const named = attributeFromText(entry.message);
    if (named) entry.attribute = named;
  }
  return entry;
}

// ─── Attribute names ─────────────────────────────────────────────────────────────────────────────

/** From a JSON:API `source`: `{pointer: '/data/attributes/custom/fooStr'}` (or `parameter`). */
function attributeFromSource(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const s = source as Record<string, unknown>;
  for (const key of ['pointer', 'parameter', 'parameters']) {
    const named = attributeFromPath(str(s[key]));
    if (named) return named;
  }
  return undefined;
}

/** From `meta`: a path string, or an object whose `attribute`/`field`/… or `path` names it. */
function attributeFromMeta(meta: unknown): string | undefined {
  if (typeof meta === 'string') return attributeFromPath(meta);
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Record<string, unknown>;
  for (const key of META_NAME_KEYS) {
    const v = str(m[key])?.trim();
    if (v && PLAUSIBLE_NAME.test(v)) return v;
    const named = attributeFromPath(v);
    if (named) return named;
  }
  for (const key of META_PATH_KEYS) {
    const v = m[key];
    if (Array.isArray(v)) {
      // Joi-style path arrays: ['custom', 'fooStr'].
      const at = v.indexOf('custom');
      const next = at >= 0 ? v[at + 1] : undefined;
      if (typeof next === 'string' && PLAUSIBLE_NAME.test(next)) return next;
    } else {
      const named = attributeFromPath(str(v));
      if (named) return named;
    }
  }
  return undefined;
}

function attributeFromPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const text = path.slice(0, MAX_TEXT);
  const pointer = CUSTOM_POINTER.exec(text)?.[1];
  if (pointer) {
    // JSON-pointer escapes: ~1 is '/', ~0 is '~'.
    const name = pointer.replaceAll('~1', '/').replaceAll('~0', '~');
    if (PLAUSIBLE_NAME.test(name)) return name;
  }
  return CUSTOM_DOTTED.exec(text)?.[1];
}

function attributeFromText(message: string): string | undefined {
  const text = message.slice(0, MAX_TEXT);
  const quoted = JOI_CHILD.exec(text)?.[1] ?? QUOTED_CUSTOM.exec(text)?.[1];
  if (quoted && PLAUSIBLE_NAME.test(quoted)) return quoted;
  return attributeFromPath(text) ?? SUFFIXED_NAME.exec(text)?.[1];
}

// ─── Classification ──────────────────────────────────────────────────────────────────────────────

function classify(status: number, errors: KustomerErrorEntry[]): KustomerErrorKind {
  const text = (e: KustomerErrorEntry) => `${e.code} ${e.message}`;
  if (status === 401) {
    return errors.some((e) => NOT_A_SESSION_PROBLEM.test(text(e))) ? 'forbidden' : 'session';
  }
  if (status === 403) return 'forbidden';
  if (status === 429 || errors.some((e) => RATE_LIMIT_CODE.test(e.code))) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status >= 500 && status <= 599) return 'server';
  if ((status === 400 || status === 422) && errors.some((e) => e.attribute)) return 'attributes';
  return 'other';
}

// ─── Rate-limit headers ──────────────────────────────────────────────────────────────────────────

/**
 * How long to wait, in milliseconds. `retry-after` (seconds, or an HTTP date) wins; otherwise
 * `x-ratelimit-reset`, which Kustomer does not document beyond its name: read defensively as epoch
 * milliseconds (> 10^12), epoch seconds (> 10^9), or seconds until the reset (anything smaller —
 * the window is 60 seconds), or an HTTP/ISO date.
 */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  const fromRetryAfter =
    retryAfter === undefined ? undefined : waitFrom(retryAfter, now, 'seconds');
  if (fromRetryAfter !== undefined) return fromRetryAfter;
  const reset = header(headers, 'x-ratelimit-reset');
  return reset === undefined ? undefined : waitFrom(reset, now, 'reset');
}

function waitFrom(value: string, now: number, kind: 'seconds' | 'reset'): number | undefined {
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    const n = Number(v);
    if (!Number.isFinite(n)) return undefined;
    let ms: number;
    if (kind === 'reset' && n > 1e12) ms = n - now;
    else if (kind === 'reset' && n > 1e9) ms = n * 1000 - now;
    else ms = n * 1000;
    return clampWait(ms);
  }
  // An HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`) or an ISO one.
  if (!/[a-z]/i.test(v) && !/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : clampWait(at - now);
}

function clampWait(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_WAIT_MS);
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim().length > 0 ? v : undefined;
}

function clip(s: string): string {
  return s.slice(0, MAX_TEXT);
}
