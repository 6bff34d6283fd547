/**
 * JSON from a file an admin gave (a mappings or settings file, a catalog, a transcript), with a
 * syntax error told as line and column, for the CLI and the options page alike. Engines word their
 * errors differently — V8 (Node, Chromium) gives `at position 42` and, in newer versions, `(line 5
 * column 3)`, sometimes neither; Firefox `at line 5 column 3 of the JSON data`; Safari no place at
 * all — so the place is computed here: from the position when the message has one, else by
 * scanning the text for where it stops being JSON. The engine's words stay, without their place
 * and without the quote of the text some add (it may be the whole file). A leaf: no imports.
 */

export type JsonRead =
  | { ok: true; value: unknown }
  | { ok: false; empty: boolean; error: string; line?: number; column?: number };

/** JSON.parse, after a byte order mark (Windows editors save one; JSON.parse refuses it). */
export function readJson(raw: string): JsonRead {
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, empty: true, error: 'the file is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const place = errorPlace(message, text);
    const words = engineWords(message);
    if (place === undefined) return { ok: false, empty: false, error: words };
    return {
      ok: false,
      empty: false,
      error: `${words} (line ${place.line}, column ${place.column})`,
      ...place,
    };
  }
}

/** A text and the name it goes by in messages (the file's path or name). */
export interface NamedText {
  name: string;
  text: string;
}

/** JSON.parse with the file named and the position given as line and column. */
export function parseJsonText(
  input: NamedText,
): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const read = readJson(input.text);
  if (read.ok) return read;
  return {
    ok: false,
    errors: [
      read.empty ? `${input.name} is empty` : `${input.name} is not valid JSON: ${read.error}`,
    ],
  };
}

/** Line and column (both from 1) of an offset: a `\r\n`, `\r` or `\n` ends a line. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

function errorPlace(message: string, text: string): { line: number; column: number } | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at) return lineColumn(text, Number(at[1]));
  const firefox = /at line (\d+) column (\d+)/.exec(message);
  if (firefox) return { line: Number(firefox[1]), column: Number(firefox[2]) };
  const offset = firstSyntaxError(text);
  return offset === undefined ? undefined : lineColumn(text, offset);
}

/** The engine's sentence without its place, its quote of the text or its prefix. */
function engineWords(message: string): string {
  const words = message
    .replace(/^JSON\.parse: /, '')
    .replace(/^JSON Parse error: /, '')
    .replace(/, (?:\.\.\.)?".*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/ at line \d+ column \d+.*$/s, '')
    .replace(/ in JSON$/, '')
    .trim();
  return words === '' ? 'not JSON' : words[0]?.toUpperCase() + words.slice(1);
}

/**
 * The offset of the first JSON syntax error in `text` (RFC 8259), or undefined when none is found.
 * Only run once JSON.parse has failed, to point at where.
 */
export function firstSyntaxError(text: string): number | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.value(0);
    scanner.space();
    return scanner.i < text.length ? scanner.i : undefined;
  } catch (error) {
    if (!(error instanceof SyntaxAt)) throw error;
    return Math.min(error.offset, text.length);
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

/** A recursive-descent recogniser of JSON that throws `SyntaxAt` where the text stops being JSON. */
class JsonScanner {
  i = 0;
  constructor(private readonly text: string) {}

  private fail(): never {
    throw new SyntaxAt(this.i);
  }

  space() {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] as string)) this.i++;
  }

  value(depth: number) {
    if (depth > 512) this.fail();
    this.space();
    const c = this.text[this.i];
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else this.number();
  }

  private object(depth: number) {
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail();
      this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail();
      this.i++;
      this.value(depth + 1);
      if (this.end('}')) return;
    }
  }

  private array(depth: number) {
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      if (this.end(']')) return;
    }
  }

  /** After a member: `,` goes on (false), the closing bracket ends (true), anything else fails. */
  private end(close: string): boolean {
    this.space();
    const c = this.text[this.i];
    if (c !== ',' && c !== close) this.fail();
    this.i++;
    return c === close;
  }

  private string() {
    const text = this.text;
    this.i++; // the opening quote
    while (this.i < text.length && text[this.i] !== '"') {
      if (text.charCodeAt(this.i) < 0x20) this.fail();
      if (text[this.i] === '\\') {
        this.i++;
        if (text[this.i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 1, this.i + 5))) this.fail();
          this.i += 4;
        } else if (!'"\\/bfnrt'.includes(text[this.i] ?? 'x')) this.fail();
      }
      this.i++;
    }
    if (this.i >= text.length) this.fail();
    this.i++;
  }

  private literal(word: string) {
    for (const c of word) {
      if (this.text[this.i] !== c) this.fail();
      this.i++;
    }
  }

  private number() {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(
      this.text.slice(this.i, this.i + 400),
    );
    if (!m) this.fail();
    this.i += m[0].length;
  }
}
