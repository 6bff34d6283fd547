/**
 * A CSV writer for spreadsheets (RFC 4180): cells holding a comma, a double quote, CR or LF are
 * quoted with inner quotes doubled, and records end with CRLF.
 *
 * The journal holds text a chat page once showed, so a cell may be crafted to run as a formula
 * when a spreadsheet opens the file ("CSV injection": `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`). A cell
 * that starts with `=`, `+`, `-`, `@`, a tab or CR is therefore prefixed with `'`, which spreadsheets
 * take as "this is text" (OWASP's advice). The price: a negative number reads `'-5`.
 */

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The cell with a leading `'` when a spreadsheet would take it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as written: neutralised, then quoted when RFC 4180 asks for it. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CRLF = '\r\n';

/** Put before a CSV file's text so Excel reads it as UTF-8 (accents, names). */
export const UTF8_BOM = '\uFEFF';

/** A header and records, each record ending with CRLF. */
export function toCsv(header: readonly string[], records: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const record of records) lines.push(record.map(csvCell).join(','));
  return lines.join(CRLF) + CRLF;
}
