/**
 * Salesforce parses REST bodies with Jackson: its JSON_PARSER_ERROR messages name the JSON token and a
 * [line:L, column:C] location. This module parses a body the same way and words errors alike.
 */

export interface Location {
  line: number;
  column: number;
}

export type ParseResult =
  | { ok: true; value: unknown; ends: Map<string, Location> }
  | { ok: false; message: string };

function locate(text: string, offset: number): Location {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function at(loc: Location): string {
  return `at [line:${loc.line}, column:${loc.column}]`;
}

/** Parses a body; on success also returns where each top-level member's value ends. */
export function parseBody(text: string): ParseResult {
  if (text.trim() === '') {
    return {
      ok: false,
      message: `No content to map due to end-of-input ${at({ line: 1, column: 0 })}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const offset = syntaxErrorOffset(text);
    const loc = locate(text, offset);
    if (offset >= text.length) {
      return {
        ok: false,
        message: `Unexpected end-of-input: expected close marker for OBJECT ${at(loc)}`,
      };
    }
    const ch = text.charAt(offset);
    return {
      ok: false,
      message: `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)})): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') ${at(loc)}`,
    };
  }
  return { ok: true, value, ends: memberEnds(text) };
}

/** The offset of the first syntax error in a text JSON.parse refused (its length: unexpected end). */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const literal = (word: string) => {
    for (const c of word) {
      if (text.charAt(i) !== c) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    while (i < n) {
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        const e = text.charAt(i);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i++;
        else fail();
      } else if (c < ' ') fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text.charAt(i) === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text.charAt(i) !== '"') fail();
          string();
          ws();
          if (text.charAt(i) !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text.charAt(i) === ',') {
          i++;
          continue;
        }
        if (text.charAt(i) === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  const number = () => {
    const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    num.lastIndex = i;
    if (!num.test(text)) fail();
    i = num.lastIndex;
  };
  try {
    value();
    ws();
    if (i < n) fail();
  } catch (error) {
    if (error instanceof RangeError) return Math.min(Number(error.message), n);
    throw error;
  }
  return n;
}

/** For a valid JSON object text: the location just after each top-level member's value. */
function memberEnds(text: string): Map<string, Location> {
  const ends = new Map<string, Location>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === '\\' ? 2 : 1;
    i++; // closing quote
  };
  const skipValue = () => {
    const c = text.charAt(i);
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const d = text.charAt(i);
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        if (d === '}' || d === ']') depth--;
        i++;
        if (depth === 0) return;
      }
      return;
    }
    while (i < text.length && !/[\s,}\]]/.test(text.charAt(i))) i++;
  };
  ws();
  if (text.charAt(i) !== '{') return ends;
  i++;
  for (;;) {
    ws();
    if (text.charAt(i) !== '"') break;
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    ws();
    i++; // colon
    ws();
    skipValue();
    ends.set(key, locate(text, i));
    ws();
    if (text.charAt(i) !== ',') break;
    i++;
  }
  return ends;
}

/** Jackson's name of the token a JSON value starts with, and how it prints the value. */
export function tokenOf(value: unknown): { token: string; text: string } {
  if (Array.isArray(value)) return { token: 'START_ARRAY', text: '[' };
  if (value === null) return { token: 'VALUE_NULL', text: 'null' };
  switch (typeof value) {
    case 'string':
      return { token: 'VALUE_STRING', text: value };
    case 'number':
      return {
        token: Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT',
        text: String(value),
      };
    case 'boolean':
      return { token: value ? 'VALUE_TRUE' : 'VALUE_FALSE', text: String(value) };
    default:
      return { token: 'START_OBJECT', text: '{' };
  }
}

/** "Cannot deserialize instance of <type> from <TOKEN> value <v> or request may be missing a required field at [...]" */
export function cannotDeserialize(type: string, value: unknown, loc: Location): string {
  const { token, text } = tokenOf(value);
  return `Cannot deserialize instance of ${type} from ${token} value ${text} or request may be missing a required field ${at(loc)}`;
}
