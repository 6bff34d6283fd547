/**
 * The QA evidence as it leaves the extension: an entry as the detail view and the exports show it
 * (redacted under the settings, never with the raw message while redaction is on, and named by its
 * global handoff id), and the two export files — CSV (one record per field outcome per handoff)
 * and JSON (whole entries). Pure apart from WebCrypto (hash redaction, the handoff id).
 */
import type { FieldOutcome } from '../handoff/types';
import { recordUrl } from '../platforms/console-tabs';
import type { RecordRef } from '../platforms/types';
import { redactEntry } from '../privacy/redact';
import type { Redaction } from '../settings/schema';
import type { JournalEntry } from '../store/journal-schema';
import { type CsvCell, toCsv } from './csv';
import type { ExportFormat, JournalFilters } from './filter';
import { handoffId } from './handoff-id';
import { type HandoffStatus, handoffReason, handoffStatus } from './summary';

export const JOURNAL_FILE_FORMAT = 'handoff-fields/journal';
/**
 * 2: each entry leads with `handoffId` (global, handoff-id.ts) and `journalId` (this browser's
 * counter, version 1's `id`), and says `status` only (version 1 also wrote the raw `state`).
 */
export const JOURNAL_FILE_VERSION = 2;

export type StoredEntry = JournalEntry & { id: number };

/**
 * An entry as a face sees it: without the internal index keys, with its global `handoffId`, and
 * with the raw message `text` only when asked for and redaction is off. `id` is this browser's
 * journal key (the detail view asks by it; the JSON file calls it `journalId`).
 */
export type PresentedEntry = Omit<JournalEntry, 'recordKeys' | 'text'> & {
  id: number;
  handoffId: string;
  text?: string;
};

/**
 * The entry under the current redaction setting. The journal redacts a handoff once it settles, so
 * a pending entry, or one that settled before redaction was switched on and before the sweep ran,
 * still holds raw values: it is redacted here, on the way out, with the same `redactEntry` (values,
 * read-back values, and the values quoted in reasons and notices).
 */
export async function presentEntry(
  entry: StoredEntry,
  redaction: Redaction,
  options: { withText: boolean },
): Promise<PresentedEntry> {
  const shown =
    redaction !== 'none' && !entry.redacted ? await redactEntry(entry, redaction) : entry;
  const { recordKeys: _index, text, ...rest } = shown;
  const withText = options.withText && redaction === 'none' && text !== '';
  // From the stored entry: redaction leaves the record, message id and digest as they are.
  const global = await handoffId(entry);
  return { ...rest, id: entry.id, handoffId: global, ...(withText ? { text } : {}) };
}

// ─── CSV ─────────────────────────────────────────────────────────────────────────────────────────

export const CSV_COLUMNS = [
  'handoff_id',
  'at',
  'platform',
  'org',
  'object',
  'record_id',
  'record_url',
  'source',
  'source_detail',
  'trust',
  'state',
  'field',
  'label',
  'value',
  'outcome',
  'reason',
  'verification',
  'expected',
  'actual',
  'verified_at',
  // Appended (settings `writeMode: 'confirm'`), so older spreadsheets keep their columns.
  'confirmed_at',
  'confirmed_by',
  'declined_at',
  // Appended (issue 17), after the columns of older files: who posted the context, and this
  // browser's journal key (`handoff_id` is the global id, the same in every agent's export).
  'author',
  'journal_id',
] as const;

/** The columns of one field outcome (`field` to `verified_at`), empty for a handoff without fields. */
const FIELD_COLUMNS = CSV_COLUMNS.indexOf('verified_at') - CSV_COLUMNS.indexOf('field') + 1;
const OUTCOME_AT = CSV_COLUMNS.indexOf('outcome') - CSV_COLUMNS.indexOf('field');
const REASON_AT = CSV_COLUMNS.indexOf('reason') - CSV_COLUMNS.indexOf('field');

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The record a field was written to: the target of its object (a Case behind a MessagingSession). */
function recordOf(entry: PresentedEntry, field: FieldOutcome): RecordRef {
  if (!field.object) return entry.targets?.[0] ?? entry.record;
  return (
    entry.targets?.find((t) => t.object === field.object) ??
    (entry.record.object === field.object ? entry.record : (entry.targets?.[0] ?? entry.record))
  );
}

/**
 * One record per field outcome; a handoff without field outcomes (a refused context, no mappings)
 * still gets one, with the field's own columns empty, its status as `outcome` and the notice that
 * says why as `reason` (redacted like every value: presentEntry), so refusals show in a
 * spreadsheet too, and a filter on `outcome` or `reason` never drops them.
 */
export function csvRecords(entry: PresentedEntry): CsvCell[][] {
  const status = handoffStatus(entry);
  const base = (record: RecordRef): CsvCell[] => [
    entry.handoffId,
    iso(entry.at),
    record.platform,
    record.org,
    record.object,
    record.id,
    recordUrl(record),
    entry.source ?? 'transcript',
    entry.sourceDetail,
    entry.context?.trust,
    status,
  ];
  const answer: CsvCell[] = [
    iso(entry.confirmedAt),
    entry.confirmedBy,
    iso(entry.declinedAt),
    entry.context?.author ?? entry.author,
    entry.id,
  ];
  if (entry.fields.length === 0) {
    const fieldCells = Array<CsvCell>(FIELD_COLUMNS).fill('');
    fieldCells[OUTCOME_AT] = status;
    fieldCells[REASON_AT] = handoffReason(entry);
    return [[...base(entry.record), ...fieldCells, ...answer]];
  }
  return entry.fields.map((f) => [
    ...base(recordOf(entry, f)),
    f.field,
    f.label,
    f.value,
    f.outcome,
    f.reason,
    f.verification?.state,
    f.verification?.expected,
    f.verification?.actual,
    iso(f.verification?.at),
    ...answer,
  ]);
}

/**
 * The CSV file. It starts with a UTF-8 byte-order mark, without which Excel reads the file in the
 * system's code page and garbles accents and the mask's bullets.
 */
export function journalCsv(entries: readonly PresentedEntry[]): { text: string; records: number } {
  const records = entries.flatMap(csvRecords);
  return { text: `\uFEFF${toCsv(CSV_COLUMNS, records)}`, records: records.length };
}

// ─── JSON ────────────────────────────────────────────────────────────────────────────────────────

/**
 * An entry in the JSON file (version 2): its global id and this browser's, times as ISO 8601 UTC,
 * its status (the one vocabulary: the raw `state` is not written beside it) and record address.
 */
export function jsonEntry(entry: PresentedEntry) {
  const {
    handoffId: global,
    id,
    at,
    state: _state,
    settledAt,
    verifiedAt,
    confirmedAt,
    declinedAt,
    fields,
    ...rest
  } = entry;
  return {
    handoffId: global,
    journalId: id,
    at: iso(at),
    status: handoffStatus(entry) satisfies HandoffStatus,
    recordUrl: recordUrl(entry.record),
    ...rest,
    ...(settledAt !== undefined ? { settledAt: iso(settledAt) } : {}),
    ...(verifiedAt !== undefined ? { verifiedAt: iso(verifiedAt) } : {}),
    ...(confirmedAt !== undefined ? { confirmedAt: iso(confirmedAt) } : {}),
    ...(declinedAt !== undefined ? { declinedAt: iso(declinedAt) } : {}),
    fields: fields.map((f) =>
      f.verification
        ? { ...f, verification: { ...f.verification, at: iso(f.verification.at) } }
        : f,
    ),
  };
}

/** The filters as the file records them: the date range as ISO 8601 UTC (from inclusive, to exclusive). */
export function describeFilters(filters: JournalFilters) {
  return {
    ...(filters.from !== undefined ? { from: iso(filters.from) } : {}),
    ...(filters.to !== undefined ? { to: iso(filters.to) } : {}),
    ...(filters.platform ? { platform: filters.platform } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.field?.trim() ? { field: filters.field.trim() } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
  };
}

export function journalJson(
  entries: readonly PresentedEntry[],
  filters: JournalFilters,
  exportedAt: number,
): string {
  const file = {
    format: JOURNAL_FILE_FORMAT,
    version: JOURNAL_FILE_VERSION,
    exportedAt: iso(exportedAt),
    filters: describeFilters(filters),
    entries: entries.map(jsonEntry),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

// ─── The file ────────────────────────────────────────────────────────────────────────────────────

export interface JournalExportFile {
  fileName: string;
  mimeType: string;
  text: string;
  /** Handoffs in the file. */
  entries: number;
  /** CSV records (one per field outcome) or, for JSON, the entries again. */
  records: number;
}

/** `handoff-fields-journal-2026-11-21-0930.csv` (UTC): sorts by time, and no `:` for Windows. */
export function exportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return `handoff-fields-journal-${stamp}.${format}`;
}

/**
 * The export of the given entries (the background selected them: matching the filters, inside
 * retention, newest first). Each is presented under the redaction setting first; the raw message
 * text only reaches a JSON file while redaction is off (CSV never carries it).
 */
export async function buildJournalExport(
  stored: readonly StoredEntry[],
  options: { format: ExportFormat; filters: JournalFilters; redaction: Redaction; now: number },
): Promise<JournalExportFile> {
  const entries: PresentedEntry[] = [];
  for (const entry of stored) {
    entries.push(
      await presentEntry(entry, options.redaction, { withText: options.format === 'json' }),
    );
  }
  const fileName = exportFileName(options.format, options.now);
  if (options.format === 'csv') {
    const csv = journalCsv(entries);
    return {
      fileName,
      mimeType: 'text/csv;charset=utf-8',
      text: csv.text,
      entries: entries.length,
      records: csv.records,
    };
  }
  return {
    fileName,
    mimeType: 'application/json',
    text: journalJson(entries, options.filters, options.now),
    entries: entries.length,
    records: entries.length,
  };
}
