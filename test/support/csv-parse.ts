/**
 * A small RFC 4180 reader for the tests: checks what the extension's CSV writer produced without
 * using the writer's own code. Quoted fields may hold commas, doubled quotes and line breaks;
 * records end with CRLF (a lone LF is accepted too); a UTF-8 byte-order mark at the start is
 * skipped. A malformed quote throws.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < input.length) {
    const c = input[i] as string;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const after = input[i];
        if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
          throw new Error(`CSV: a character after a closing quote at ${i}`);
        }
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted) throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' && input[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (c === '\n') {
      endRecord();
      i++;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new Error('CSV: an unclosed quote');
  // A last record without a line break.
  if (fieldStarted || record.length > 0) endRecord();
  return records;
}

/** The records as objects keyed by the header's names. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
