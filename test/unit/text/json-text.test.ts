import { describe, expect, it } from 'vitest';
import { lineColumn, readJson } from '@/lib/text/json-text';

/** JSON.parse made to throw as another engine would, for the text at hand. */
function withEngine<T>(message: string, run: () => T): T {
  const parse = JSON.parse;
  JSON.parse = () => {
    throw new SyntaxError(message);
  };
  try {
    return run();
  } finally {
    JSON.parse = parse;
  }
}

const broken = '{\n  "format": "handoff-fields/mappings",\n  "mappings": [\n  }\n';

describe('readJson', () => {
  it('reads JSON, also after a byte order mark', () => {
    expect(readJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('says an empty file is empty', () => {
    expect(readJson(' \n ')).toMatchObject({ ok: false, empty: true });
  });

  it('gives line and column from this engine (Node), whatever its wording', () => {
    const read = readJson(broken);
    expect(read).toMatchObject({ ok: false, line: 4, column: 3 });
    if (read.ok) return;
    expect(read.error).toMatch(/ \(line 4, column 3\)$/);
    expect(read.error).not.toMatch(/position|handoff-fields/);
  });

  it('V8 with a position (Chromium, older Node): the position becomes line and column', () => {
    const read = withEngine(
      "Expected property name or '}' in JSON at position 59 (line 4 column 3)",
      () => readJson(broken),
    );
    expect(read).toEqual({
      ok: false,
      empty: false,
      error: "Expected property name or '}' (line 4, column 3)",
      line: 4,
      column: 3,
    });
  });

  it('V8 quoting the text: the quote is left out, the place found by scanning', () => {
    const read = withEngine(
      `Unexpected token '}', "${broken.slice(0, 30)}"... is not valid JSON`,
      () => readJson(broken),
    );
    expect(read).toMatchObject({ error: "Unexpected token '}' (line 4, column 3)" });
  });

  it('Firefox: its own line and column', () => {
    const read = withEngine(
      "JSON.parse: expected property name or '}' at line 4 column 3 of the JSON data",
      () => readJson(broken),
    );
    expect(read).toMatchObject({
      error: "Expected property name or '}' (line 4, column 3)",
      line: 4,
      column: 3,
    });
  });

  it('Safari: no place in the message, found by scanning', () => {
    const read = withEngine("JSON Parse error: Expected '}'", () => readJson(broken));
    expect(read).toMatchObject({ error: "Expected '}' (line 4, column 3)", line: 4, column: 3 });
  });

  it('counts Windows line ends once', () => {
    const read = readJson(broken.replaceAll('\n', '\r\n'));
    expect(read).toMatchObject({ line: 4, column: 3 });
  });
});

describe('lineColumn', () => {
  it('counts from 1, a line end of any kind ending a line', () => {
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('a\nbc', 3)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('a\r\nbc', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('a\rbc', 2)).toEqual({ line: 2, column: 1 });
    expect(lineColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });
});
