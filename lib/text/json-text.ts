/**
 * JSON text as people write it (a file from an editor, a pasted key): parsed, or refused with what is
 * wrong and where, as line and column. The CLI's files and the options page's imports read JSON here.
 */

/** A text and the name it goes by in messages (the file's path or name). */
export interface NamedText {
  name: string;
  text: string;
}

/** JSON.parse with the file named and the position given as line and column. */
export function parseJsonText(
  input: NamedText,
): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  // Editors on Windows may save a byte order mark; JSON.parse refuses it.
  const text = input.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, errors: [`${input.name} is empty`] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [`${input.name} is not valid JSON: ${jsonProblem(message, text)}`],
    };
  }
}

function jsonProblem(message: string, text: string): string {
  // V8 quotes the text itself in some messages: leave it out, it may be the whole file.
  const short = message
    .replace(/, (?:\.\.\.)?".*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '');
  // V8 gives the position only for some errors: find it ourselves for the others.
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : firstSyntaxError(text);
  if (position === undefined) return short;
  const { line, column } = lineColumn(text, position);
  return `${short} (line ${line}, column ${column})`;
}

/** The line and column (each from 1) of an offset in `text`, as an editor shows them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
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
