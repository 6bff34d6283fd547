/**
 * Finds and reads the handoff context inside one chat message (docs/context-format.md):
 *
 * 1. signed    — a line `handoff-context: <JWS compact>`; the token is returned unverified;
 * 2. JSON      — a line `handoff-context` (or `#handoff`) followed by a JSON object, possibly in a
 *                ``` fence; or a message that *is* (once trimmed) a JSON object with a top-level
 *                `"handoffContext"` object;
 * 3. key–value — a line `Handoff context` (any case, optional Markdown decoration) followed by
 *                `Key: Value` lines up to a blank line or the end of the message.
 *
 * The two unverified forms count only as the bot's own block, never inline in a sentence: a bot
 * that greets with a name the customer chose (`Hi {FirstName}!`) or restates the customer would
 * otherwise pass customer text off as its own. An object inside prose is refused as
 * `spoof: 'inline'`, and so is a JSON object followed by more text on its closing line. The signed
 * form is found anywhere (its signature, not its position, vouches for it).
 *
 * The text comes from a hostile page, so the parser never throws, runs in linear time (hand-written
 * scanners, no backtracking regexes over the message) and stores values in null-prototype objects.
 * When several markers occur, the first one in the message wins. Markers inside quoted or
 * forwarded text (quoted.ts) do not count: a message whose only context is quoted is refused as
 * `spoof: 'quoted'`; one that only imitates a marker with lookalike characters (lookalike.ts) as
 * `spoof: 'lookalike'`.
 */

import { fmt } from '../text/format';
import { findLookalikeMarker, LOOKALIKE_MESSAGE } from './lookalike';
import { maskQuoted, QUOTED_MESSAGE, withoutQuoteMarks } from './quoted';
import type { ContextForm, ContextValue, ParsedContext, Spoof } from './types';
import { type ContextEntry, collectContextValues, type EntriesOf, VALUE_LIMITS } from './values';

export const CONTEXT_LIMITS = {
  /** Message size in UTF-16 code units (`String.length`): 64 KiB. */
  messageChars: 65_536,
  ...VALUE_LIMITS,
  /** Nesting allowed around an embedded `handoffContext` before we refuse to hand it to JSON.parse. */
  jsonDepth: 32,
} as const;

const NOT_FOUND: ParsedContext = { found: false };

export function parseContext(text: string): ParsedContext {
  if (typeof text !== 'string' || text.length === 0) return NOT_FOUND;
  try {
    return parseUnquoted(text);
  } catch {
    // Belt and braces: nothing above is meant to throw, but a hostile message must never crash the caller.
    return failure(null, 'Handoff context could not be read: the parser met an unexpected problem');
  }
}

// ─── Spoofing: quotes and lookalikes ─────────────────────────────────────────────────────────────

/**
 * Reads the message with its quoted and forwarded lines blanked (quoted.ts): a context there was
 * written by someone else. When only the quoted part holds a context, the message is refused as
 * quoted; when nothing is found at all, a marker written with lookalike characters is looked for
 * (lookalike.ts) and refused as an imitation.
 */
function parseUnquoted(text: string): ParsedContext {
  const masked = maskQuoted(text);
  if (masked !== null) {
    const own = parseMessage(masked);
    if (own.found && own.ok) return own;
    const whole = parseMessage(withoutQuoteMarks(text));
    if (whole.found && (!own.found || whole.ok))
      return spoofed(whole.form, 'quoted', QUOTED_MESSAGE);
    if (own.found) return own;
  } else {
    const result = parseMessage(text);
    if (result.found) return result;
  }
  const lookalike = findLookalikeMarker(text, markerFormOf);
  return lookalike ? spoofed(lookalike.form, 'lookalike', LOOKALIKE_MESSAGE) : NOT_FOUND;
}

export const INLINE_MESSAGE =
  "A handoff context inside a sentence is not used: the bot must post it on lines of its own (after a 'Handoff context' or 'handoff-context' line), or sign it.";

function spoofed(form: ContextForm | null, spoof: Spoof, error: string): ParsedContext {
  return { found: true, ok: false, form, error, spoof };
}

/** The form a line's marker announces, or null when the line is no marker (lookalike.ts asks). */
export function markerFormOf(line: string): ContextForm | null {
  const marker = markerOf(line);
  return marker ? formOf(marker) : null;
}

// ─── Message level ───────────────────────────────────────────────────────────────────────────────

interface Line {
  text: string;
  /** Offset of the line's first character in the message. */
  start: number;
  /** 1-based, for error messages. */
  number: number;
}

type Marker =
  | { kind: 'signed'; token: string }
  | { kind: 'signed-invalid' }
  | { kind: 'json' }
  | { kind: 'json-inline'; column: number }
  | { kind: 'key-value' };

function parseMessage(text: string): ParsedContext {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const marker = markerOf(line.text);
    if (!marker) continue;
    const form = formOf(marker);
    if (text.length > CONTEXT_LIMITS.messageChars) return tooLong(form, text.length);
    switch (marker.kind) {
      case 'signed':
        return { found: true, ok: true, form: 'signed', token: marker.token };
      case 'signed-invalid':
        return failure(
          'signed',
          `Handoff context line ${line.number}: 'handoff-context:' must be followed by a signed token (three base64url parts separated by dots) or a JSON object`,
        );
      case 'json':
        return parseJsonAfterMarker(text, lines, i);
      case 'json-inline':
        return parseJsonObjectAt(text, line.start + marker.column, text.length);
      case 'key-value':
        // "Handoff context" followed by a JSON object: read it as JSON rather than as odd pairs.
        return startsWithObject(lines, i)
          ? parseJsonAfterMarker(text, lines, i)
          : parseKeyValueBlock(lines, i);
    }
  }
  // No marker line: a signed token after 'handoff-context:' inside a line still counts…
  const token = findSignedInline(text);
  if (token) {
    if (text.length > CONTEXT_LIMITS.messageChars) return tooLong('signed', text.length);
    return { found: true, ok: true, form: 'signed', token };
  }
  // …and a message that is a JSON object carrying a "handoffContext" object. Anywhere else, such
  // an object is someone's text inside the bot's sentence: refused, and the agent is told.
  if (!text.includes('"handoffContext"')) return NOT_FOUND;
  if (text.length > CONTEXT_LIMITS.messageChars) return tooLong('json', text.length);
  const whole = wholeMessageObject(text);
  if (whole) return parseWholeMessageObject(text, whole);
  const embedded = findEmbeddedObject(text);
  if (embedded.kind === 'none') return NOT_FOUND;
  return spoofed('json', 'inline', INLINE_MESSAGE);
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    const atEnd = i === text.length;
    if (atEnd || c === 10 /* \n */ || c === 13 /* \r */) {
      lines.push({ text: text.slice(start, i), start, number: lines.length + 1 });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  return lines;
}

/** Three non-empty base64url segments. The classes exclude `.`, so matching cannot backtrack. */
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SIGNED_PREFIX = 'handoff-context:';

function markerOf(raw: string): Marker | null {
  const line = raw.trim();
  if (line.length === 0) return null;
  const lower = line.toLowerCase();
  if (lower === 'handoff-context' || lower === '#handoff' || lower === SIGNED_PREFIX) {
    return { kind: 'json' };
  }
  if (lower.startsWith(SIGNED_PREFIX)) {
    const rest = stripBackticks(line.slice(SIGNED_PREFIX.length).trim());
    if (rest.startsWith('{')) return { kind: 'json-inline', column: raw.indexOf('{') };
    if (JWS_COMPACT.test(rest)) return { kind: 'signed', token: rest };
    return { kind: 'signed-invalid' };
  }
  if (line.length <= 80 && isKeyValueHeading(line)) return { kind: 'key-value' };
  return null;
}

function formOf(marker: Marker): ContextForm {
  if (marker.kind === 'signed' || marker.kind === 'signed-invalid') return 'signed';
  return marker.kind === 'key-value' ? 'key-value' : 'json';
}

function stripBackticks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === '`') a++;
  while (b > a && s[b - 1] === '`') b--;
  return s.slice(a, b).trim();
}

/** Characters bots put around a heading: Markdown bold/heading/rule, quotes, fences, a trailing colon. */
const DECORATION = new Set(['*', '_', '#', '-', '=', '~', '>', ':', '`', '|', '[', ']']);

function stripDecoration(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (DECORATION.has(s[a] as string) || isSpace(s.charCodeAt(a)))) a++;
  while (b > a && (DECORATION.has(s[b - 1] as string) || isSpace(s.charCodeAt(b - 1)))) b--;
  return s.slice(a, b);
}

function isKeyValueHeading(line: string): boolean {
  return stripDecoration(line).toLowerCase().split(/\s+/).join(' ') === 'handoff context';
}

/** A line made only of decoration (`---`, `***`, a ``` fence): it frames a block rather than belonging to it. */
function isFrame(line: string): boolean {
  return stripDecoration(line).length === 0 || /^```[\w-]*$/.test(line);
}

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 12 ||
    code === 11 ||
    code === 0xa0 ||
    code === 0xfeff ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x3000
  );
}

/** Whether the first line with content after `markerIndex` (fences and rules skipped) opens an object. */
function startsWithObject(lines: Line[], markerIndex: number): boolean {
  for (let i = markerIndex + 1; i < lines.length; i++) {
    const t = (lines[i] as Line).text.trim();
    if (!isFrame(t)) return t.startsWith('{');
  }
  return false;
}

// ─── Form 2: JSON ────────────────────────────────────────────────────────────────────────────────

function parseJsonAfterMarker(text: string, lines: Line[], markerIndex: number): ParsedContext {
  const marker = lines[markerIndex] as Line;
  let fenced = false;
  let i = markerIndex + 1;
  for (; i < lines.length; i++) {
    const t = (lines[i] as Line).text.trim();
    // Blank lines and rules (`---`) may sit between the heading and the object.
    if (t === '' || (isFrame(t) && !t.startsWith('```'))) continue;
    if (!fenced && t.startsWith('```')) {
      fenced = true;
      continue;
    }
    break;
  }
  const first = lines[i];
  const firstText = first?.text.trim() ?? '';
  if (!first || firstText === '' || firstText.startsWith('```')) {
    return failure(
      'json',
      `Handoff context line ${marker.number}: '${marker.text.trim()}' is not followed by a JSON object`,
    );
  }
  if (firstText.startsWith('[')) {
    return failure(
      'json',
      `Handoff context JSON must be an object of "key": value pairs, not a list (line ${first.number})`,
    );
  }
  if (!firstText.startsWith('{')) {
    return failure(
      'json',
      `Handoff context line ${first.number}: expected a JSON object after '${marker.text.trim()}'; for 'Key: Value' lines, start the block with a 'Handoff context' line instead`,
    );
  }
  // A fenced block ends at its closing fence; the error of an unclosed object then points inside it.
  let regionEnd = text.length;
  if (fenced) {
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as Line;
      if (l.text.trim().startsWith('```')) {
        regionEnd = l.start;
        break;
      }
    }
  }
  return parseJsonObjectAt(text, first.start + first.text.indexOf('{'), regionEnd);
}

/**
 * Parses the object that opens at `open` (a `{`), bounded by `regionEnd`. The object must end its
 * line: `handoff-context: {…}, welcome!` is a template that put the marker in someone's text.
 */
function parseJsonObjectAt(text: string, open: number, regionEnd: number): ParsedContext {
  const scan = scanObject(text, open, regionEnd);
  if (scan.tooDeep) return tooDeep();
  const closed = scan.close >= 0;
  if (closed && !endsItsLine(text, scan.close + 1))
    return spoofed('json', 'inline', INLINE_MESSAGE);
  const source = text.slice(open, closed ? scan.close + 1 : regionEnd);
  const parsed = tryJsonParse(source);
  if (!parsed.ok) return failure('json', `Handoff context JSON is not valid: ${parsed.error}`);
  if (!closed) {
    return failure(
      'json',
      `Handoff context JSON is not valid: the object is never closed (missing '}')`,
    );
  }
  if (!isPlainObject(parsed.value)) {
    return failure('json', 'Handoff context JSON must be an object of "key": value pairs');
  }
  const root = parsed.value;
  const keys = directKeys(source, 0);
  // `handoff-context` followed by {"handoffContext": {...}}: the bot wrapped it twice; take the inner object.
  const wrapped = lastKey(keys, 'handoffContext');
  if (wrapped && isPlainObject(root.handoffContext)) {
    return valuesFromJson(root.handoffContext, directKeys(source, wrapped.valueStart), source);
  }
  return valuesFromJson(root, keys, source);
}

/** Where the object of a message that is nothing but a JSON object (maybe in a fence) opens. */
function wholeMessageObject(text: string): { open: number; end: number } | null {
  let open = 0;
  while (open < text.length && isSpace(text.charCodeAt(open))) open++;
  let end = text.length;
  while (end > open && isSpace(text.charCodeAt(end - 1))) end--;
  // A message that is one ``` fenced block: the block is the message.
  if (text.startsWith('```', open) && end - open > 6 && text.endsWith('```', end)) {
    const firstBreak = text.indexOf('\n', open);
    if (firstBreak < 0 || firstBreak >= end - 3) return null;
    if (!/^```[\w-]*\s*$/.test(text.slice(open, firstBreak))) return null;
    open = firstBreak + 1;
    end -= 3;
    while (open < end && isSpace(text.charCodeAt(open))) open++;
    while (end > open && isSpace(text.charCodeAt(end - 1))) end--;
  }
  return text[open] === '{' ? { open, end } : null;
}

function parseWholeMessageObject(text: string, at: { open: number; end: number }): ParsedContext {
  const scan = scanObject(text, at.open, at.end);
  if (scan.tooDeep) return tooDeep();
  if (scan.close < 0) {
    return failure(
      'json',
      `Handoff context JSON is not valid: the object that holds "handoffContext" is never closed (a missing '}' or '"')`,
    );
  }
  // Text after the object: the object is inside someone's sentence after all.
  if (scan.close + 1 !== at.end) return spoofed('json', 'inline', INLINE_MESSAGE);
  return parseEmbeddedObject(text.slice(at.open, at.end));
}

/** Whether only spaces (or a fence's backticks) follow `from` up to the end of its line. */
function endsItsLine(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (!isSpace(c) && c !== 96 /* ` */) return false;
  }
  return true;
}

/**
 * A signed token after `handoff-context:` anywhere in the message (a marker line was looked for
 * first). Linear: one pass of indexOf over the lower-cased text, each candidate read once.
 */
function findSignedInline(text: string): string | null {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(SIGNED_PREFIX); at >= 0; at = lower.indexOf(SIGNED_PREFIX, at + 1)) {
    let i = at + SIGNED_PREFIX.length;
    while (i < text.length && (text[i] === ' ' || text[i] === '`')) i++;
    let j = i;
    while (j < text.length && j - i <= TOKEN_CHARS_MAX && isTokenChar(text.charCodeAt(j))) j++;
    // A sentence may end right after the token.
    while (j > i && text[j - 1] === '.') j--;
    const token = text.slice(i, j);
    if (JWS_COMPACT.test(token)) return token;
  }
  return null;
}

/** The verifier refuses longer tokens anyway (signed-context.ts TOKEN_LIMITS). */
const TOKEN_CHARS_MAX = 16_384;

function isTokenChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 45 ||
    c === 95 ||
    c === 46
  );
}

function parseEmbeddedObject(source: string): ParsedContext {
  const scan = scanObject(source, 0, source.length);
  if (scan.tooDeep) return tooDeep();
  const parsed = tryJsonParse(source);
  if (!parsed.ok) return failure('json', `Handoff context JSON is not valid: ${parsed.error}`);
  const root = parsed.value as Record<string, unknown>;
  const holder = lastKey(directKeys(source, 0), 'handoffContext');
  if (!holder || !isPlainObject(root.handoffContext)) {
    return failure(
      'json',
      'Handoff context JSON: "handoffContext" must be an object of "key": value pairs',
    );
  }
  return valuesFromJson(root.handoffContext, directKeys(source, holder.valueStart), source);
}

/** JSON.parse keeps the last of duplicate keys; follow the same one. */
function lastKey(keys: SourceKey[], name: string): SourceKey | undefined {
  for (let i = keys.length - 1; i >= 0; i--) if (keys[i]?.key === name) return keys[i];
  return undefined;
}

function tryJsonParse(source: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: message.slice(0, 300) };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface SourceKey {
  key: string;
  /** Offset, in the JSON source, of the first character of the key's value. */
  valueStart: number;
}

/**
 * Checks an object JSON.parse accepted. `keys` are its keys in source order as the scanner saw
 * them, duplicates included — JSON.parse silently keeps the last of two equal keys, we refuse them.
 */
function valuesFromJson(
  obj: Record<string, unknown>,
  keys: SourceKey[],
  source: string,
): ParsedContext {
  // Where each nested object opens in the source, so its members are read from the text too.
  const opens = new WeakMap<object, number>();
  const entriesAt = (holder: object, found: SourceKey[]): ContextEntry[] =>
    found.map(({ key, valueStart }) => {
      const value = Object.getOwnPropertyDescriptor(holder, key)?.value;
      if (typeof value === 'object' && value !== null) opens.set(value, valueStart);
      return [key, value] as const;
    });
  const entriesOf: EntriesOf = (nested) => {
    const open = opens.get(nested);
    // Every nested object came from this source; the fallback only keeps the types honest.
    const found = open === undefined ? [] : directKeys(source, open);
    return entriesAt(nested, found);
  };
  return checked('json', entriesAt(obj, keys), source, entriesOf);
}

interface ObjectScan {
  /** Offset of the `}` that closes the object, or -1 when it is never closed before `end`. */
  close: number;
  tooDeep: boolean;
}

/** Finds where the object opening at `open` closes, skipping strings; refuses deep nesting before JSON.parse sees it. */
function scanObject(text: string, open: number, end: number): ObjectScan {
  let depth = 0;
  let inString = false;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth > CONTEXT_LIMITS.jsonDepth) return { close: -1, tooDeep: true };
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return { close: i, tooDeep: false };
    }
  }
  return { close: -1, tooDeep: false };
}

/** The direct keys of the object opening at `open` in `json`, a text JSON.parse has accepted. */
function directKeys(json: string, open: number): SourceKey[] {
  const keys: SourceKey[] = [];
  let depth = 0;
  for (let i = open; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      const stringStart = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      if (depth !== 1) continue;
      let j = i + 1;
      while (j < json.length && isSpace(json.charCodeAt(j))) j++;
      if (json[j] !== ':') continue;
      j++;
      while (j < json.length && isSpace(json.charCodeAt(j))) j++;
      keys.push({ key: JSON.parse(json.slice(stringStart, i + 1)) as string, valueStart: j });
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  return keys;
}

type Embedded =
  | { kind: 'none' }
  | { kind: 'unclosed' }
  | { kind: 'found'; start: number; end: number };

/**
 * One pass over the message for a JSON object with a direct `"handoffContext":` key. Outside braces
 * the text is prose, so quotes there mean nothing; inside, strings are skipped. A raw line break
 * inside a string or a mismatched bracket cannot be JSON: the scan drops what it holds and goes on,
 * so a stray `{` in prose cannot hide a real object later in the message.
 */
function findEmbeddedObject(text: string): Embedded {
  const KEY = 'handoffContext';
  const stack: Array<{ open: number; bracket: '{' | '['; holdsKey: boolean }> = [];
  let keyEndedAt = -1; // offset just after a `"handoffContext"` string, until the next token
  let sawKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (stack.length === 0) {
      if (c === '{') stack.push({ open: i, bracket: '{', holdsKey: false });
      continue;
    }
    if (c === '"') {
      const stringStart = i;
      let broken = false;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n' || text[i] === '\r') {
          broken = true;
          break;
        }
      }
      if (broken || i >= text.length) {
        stack.length = 0;
        continue;
      }
      const isKeyName = i - stringStart - 1 === KEY.length && text.startsWith(KEY, stringStart + 1);
      keyEndedAt = isKeyName ? i + 1 : -1;
      continue;
    }
    if (isSpace(text.charCodeAt(i))) continue;
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (c === ':' && keyEndedAt >= 0 && top.bracket === '{') {
      top.holdsKey = true;
      sawKey = true;
    }
    keyEndedAt = -1;
    if (c === '{' || c === '[') {
      stack.push({ open: i, bracket: c, holdsKey: false });
      if (stack.length > CONTEXT_LIMITS.jsonDepth * 2) stack.length = 0;
    } else if (c === '}' || c === ']') {
      const opened = stack.pop() as (typeof stack)[number];
      if ((c === '}') !== (opened.bracket === '{')) {
        stack.length = 0;
        continue;
      }
      if (opened.holdsKey) return { kind: 'found', start: opened.open, end: i };
    }
  }
  return sawKey ? { kind: 'unclosed' } : { kind: 'none' };
}

// ─── Form 3: key–value lines ─────────────────────────────────────────────────────────────────────

/**
 * Reads `Key: Value` lines after the heading. Blank or decoration-only lines right after the heading
 * are skipped (a Markdown rule or fence under a title); after the first pair, a blank line, a rule or
 * a fence ends the block. Any other line without `:` is an error rather than a silent end, so a bot
 * developer learns at once that a field was lost. The first `:` separates key from value, so values
 * may contain `:` (times, URLs). Values stay text: the field's type decides what they become.
 */
function parseKeyValueBlock(lines: Line[], markerIndex: number): ParsedContext {
  const marker = lines[markerIndex] as Line;
  let i = markerIndex + 1;
  while (i < lines.length && isFrame((lines[i] as Line).text.trim())) i++;
  if (i >= lines.length) {
    return failure(
      'key-value',
      `Handoff context line ${marker.number}: the '${marker.text.trim()}' line is not followed by any 'Key: Value' line`,
    );
  }
  const entries: Array<[string, ContextValue]> = [];
  const blockLines: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] as Line;
    const t = line.text.trim();
    if (isFrame(t)) break;
    const pair = splitPair(t);
    if (pair === 'no-colon') {
      return failure(
        'key-value',
        `Handoff context line ${line.number}: expected 'Key: Value' (end the block with a blank line)`,
      );
    }
    if (pair === 'empty-key') {
      return failure(
        'key-value',
        `Handoff context line ${line.number}: the key before ':' is empty`,
      );
    }
    entries.push(pair);
    blockLines.push(t);
  }
  return checked('key-value', entries, blockLines.join('\n'));
}

/**
 * The key and value of one `Key: Value` line exactly as a key–value block would read it (bullets
 * and Markdown bold dropped), or null when the line is none: the echo check (echo.ts) reads what
 * the customer typed with the same eyes as the bot's block.
 */
export function keyValueOfLine(line: string): [string, string] | null {
  const pair = splitPair(line.trim());
  return typeof pair === 'string' ? null : pair;
}

function splitPair(line: string): [string, string] | 'no-colon' | 'empty-key' {
  let t = line;
  // List bullets: "- Key: Value", "* Key: Value", "• Key: Value".
  if (/^[-*•]\s/.test(t)) t = t.slice(2).trim();
  const colon = t.indexOf(':');
  if (colon < 0) return 'no-colon';
  let key = t.slice(0, colon).trim();
  let value = t.slice(colon + 1).trim();
  // Markdown bold keys: "**Key**: Value" and "**Key:** Value".
  if (key.startsWith('*')) {
    if (value.startsWith('*')) value = trimChar(value, '*', 'start').trim();
    key = trimChar(trimChar(key, '*', 'start'), '*', 'end').trim();
  }
  if (key.length === 0) return 'empty-key';
  return [key, value];
}

function trimChar(s: string, ch: string, side: 'start' | 'end'): string {
  let a = 0;
  let b = s.length;
  if (side === 'start') while (a < b && s[a] === ch) a++;
  else while (b > a && s[b - 1] === ch) b--;
  return s.slice(a, b);
}

// ─── Shared checks ───────────────────────────────────────────────────────────────────────────────

/**
 * The checks every form shares (values.ts): nested objects as dotted keys, lists as text, limits;
 * keys that cannot be used are left out and named in `dropped`.
 */
function checked(
  form: 'json' | 'key-value',
  entries: readonly ContextEntry[],
  block: string,
  entriesOf?: EntriesOf,
): ParsedContext {
  const result = collectContextValues(entries, entriesOf);
  if (!result.ok) return failure(form, result.error);
  return {
    found: true,
    ok: true,
    form,
    values: result.values,
    block,
    ...(result.dropped ? { dropped: result.dropped } : {}),
  };
}

function failure(form: ContextForm | null, error: string): ParsedContext {
  return { found: true, ok: false, form, error };
}

function tooLong(form: ContextForm, length: number): ParsedContext {
  return failure(
    form,
    `Handoff context message has ${fmt(length)} characters; the limit is ${fmt(CONTEXT_LIMITS.messageChars)}`,
  );
}

function tooDeep(): ParsedContext {
  return failure(
    'json',
    `Handoff context JSON nests deeper than ${CONTEXT_LIMITS.jsonDepth} levels`,
  );
}
