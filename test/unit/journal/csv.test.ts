import { describe, expect, it } from 'vitest';
import { CRLF, csvCell, neutraliseFormula, toCsv } from '@/lib/journal/csv';
import { parseCsv, parseCsvObjects } from '../../support/csv-parse';

describe('csvCell (RFC 4180)', () => {
  it('leaves plain text alone and writes nothing for null or undefined', () => {
    expect(csvCell('AC-20931')).toBe('AC-20931');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes a comma, a quote, CR or LF, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(csvCell("Refunds over 5,000 need a manager's approval.")).toBe(
      `"Refunds over 5,000 need a manager's approval."`,
    );
  });
});

describe('formula neutralising', () => {
  it('prefixes a quote to a cell a spreadsheet would run', () => {
    for (const danger of [
      '=HYPERLINK("https://evil.example","click")',
      '+cmd|/C calc!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1+1',
      '\r=1+1',
    ]) {
      expect(neutraliseFormula(danger)).toBe(`'${danger}`);
    }
    expect(neutraliseFormula('Premium = gold')).toBe('Premium = gold');
    expect(neutraliseFormula("'already text")).toBe("'already text");
  });

  it('neutralises before quoting, so a quoted formula is neutralised too', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell(-5)).toBe("'-5");
  });
});

describe('toCsv', () => {
  it('ends every record with CRLF, and reads back to the same cells', () => {
    const cells = [
      ['1', 'plain', 'a,b', 'say "hi"', 'two\nlines', ''],
      ['2', '', '', '', '', 'last'],
    ];
    const text = toCsv(['id', 'a', 'b', 'c', 'd', 'e'], cells);
    expect(text.endsWith(CRLF)).toBe(true);
    expect(text.split(CRLF)).toHaveLength(4); // header, 2 records, and the empty tail
    expect(
      text.startsWith(`id,a,b,c,d,e${CRLF}1,plain,"a,b","say ""hi""","two\nlines",${CRLF}`),
    ).toBe(true);
    expect(parseCsv(text)).toEqual([['id', 'a', 'b', 'c', 'd', 'e'], ...cells]);
  });
});

describe('the tests’ CSV reader (test/support/csv-parse.ts)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and skips a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","d""e","f\r\ng"\r\n1,2,3,4\r\n')).toEqual([
      ['a', 'b,c', 'd"e', 'f\r\ng'],
      ['1', '2', '3', '4'],
    ]);
    expect(parseCsv('x,y\ny,')).toEqual([
      ['x', 'y'],
      ['y', ''],
    ]);
    expect(parseCsvObjects('h1,h2\r\nv1,\r\n')).toEqual([{ h1: 'v1', h2: '' }]);
  });

  it('refuses malformed quoting', () => {
    expect(() => parseCsv('"open')).toThrow(/unclosed/);
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a"b')).toThrow(/inside an unquoted/);
  });
});
