/**
 * The merged journal as the journal's own CSV export (lib/journal/export.ts `csvRecords`, the
 * columns and escaping the options page writes), from the file's entries: ISO times back to epoch
 * milliseconds, the browser's journal id as the entry's id. Pure.
 */
import type { FieldOutcome, HandoffView } from '../handoff/types';
import { toCsv, UTF8_BOM } from '../journal/csv';
import { CSV_COLUMNS, csvRecords, type PresentedEntry } from '../journal/export';
import type { MergedEntry } from '../journal/merge';

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
const msOrNumber = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/** A merged entry in the shape the export's CSV writer takes. */
export function presentedFromFile(entry: MergedEntry): PresentedEntry {
  const {
    handoffId: _id,
    journalId,
    seenIn: _seenIn,
    recordUrl: _url,
    status,
    at,
    settledAt,
    verifiedAt,
    confirmedAt,
    declinedAt,
    fields,
    lastRetry,
    source,
    ...rest
  } = entry;
  const optionalTimes = { settledAt, verifiedAt, confirmedAt, declinedAt };
  return {
    ...(rest as Omit<PresentedEntry, 'id' | 'at' | 'state' | 'fields' | 'source'>),
    id: journalId,
    at: Date.parse(at),
    // The export writes `status` only; the CSV writer recomputes it from the context and notices,
    // so a refused one stays refused whatever the state says.
    state: (status === 'refused' ? 'failed' : status) as HandoffView['state'],
    source: source ?? 'transcript',
    ...Object.fromEntries(
      Object.entries(optionalTimes)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, ms(v)]),
    ),
    ...(lastRetry ? { lastRetry: { ...lastRetry, at: msOrNumber(lastRetry.at) } } : {}),
    fields: fields.map(
      ({ verification, chosenAt, ...f }) =>
        ({
          ...f,
          ...(verification
            ? { verification: { ...verification, at: Date.parse(verification.at) } }
            : {}),
          ...(chosenAt !== undefined ? { chosenAt: msOrNumber(chosenAt) } : {}),
        }) as FieldOutcome,
    ),
  } as PresentedEntry;
}

const HANDOFF_ID_COLUMN = CSV_COLUMNS.indexOf('handoff_id');

/**
 * The CSV in pieces (the header, then 1,000 handoffs at a time), each piece written by the export's
 * writer; the `handoff_id` column holds the global id, whatever the entry's own id. `tally` counts
 * the records as they are made.
 */
export function* mergedCsvChunks(
  entries: readonly MergedEntry[],
  tally: { records: number } = { records: 0 },
): Generator<string, void, undefined> {
  const header = toCsv(CSV_COLUMNS, []);
  yield `${UTF8_BOM}${header}`;
  for (let i = 0; i < entries.length; i += 1_000) {
    const records = entries
      .slice(i, i + 1_000)
      .flatMap((entry) =>
        csvRecords(presentedFromFile(entry)).map((record) =>
          record.map((cell, column) => (column === HANDOFF_ID_COLUMN ? entry.handoffId : cell)),
        ),
      );
    tally.records += records.length;
    if (records.length > 0) yield toCsv(CSV_COLUMNS, records).slice(header.length);
  }
}
