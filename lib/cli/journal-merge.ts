/**
 * `handoff-fields journal merge <export.json>... [--out <file>] [--csv <file>] [--json-summary]`:
 * the exports read (lib/journal/file-schema.ts), merged (lib/journal/merge.ts), each handoff made
 * an audit row (lib/journal/as-audit-row.ts) and summed up by the audit's own `summarise`. Pure:
 * main.ts reads the files and writes what this hands back.
 */
import { type AuditSummary, percent, summarise } from '../audit/summary';
import { FIELD_AUDIT_STATES, RECORD_STATE_ORDER } from '../audit/types';
import { asAuditRow } from '../journal/as-audit-row';
import { type JournalFile, readJournalFile } from '../journal/file-schema';
import { type MergeReport, mergedJsonChunks, mergeJournals } from '../journal/merge';
import { cut, fmt, printable } from '../text/format';
import { count, type NamedText } from './inputs';
import { mergedCsvChunks } from './journal-csv';
import { type CommandResult, lines, unusable } from './result';

/** Handoffs one merge holds in memory, whatever the files: more is a job for several merges. */
export const MAX_MERGE_ENTRIES = 1_000_000;

export interface JournalMergeInput {
  files: readonly NamedText[];
  now: number;
  jsonSummary: boolean;
  out?: string;
  csv?: string;
}

/** A file to write once the command is done: main.ts writes it whole or not at all. */
export interface PendingWrite {
  option: '--out' | '--csv';
  path: string;
  chunks: Iterable<string>;
  /** What was written, for the line that says so (after the chunks were consumed). */
  written(): string;
}

export type JournalMergeOutcome = CommandResult & { writes: PendingWrite[] };

const ADVICE =
  "Nothing was merged. Give the QA journal's JSON exports (Export JSON), as saved; see handoff-fields journal merge --help.";

export async function runJournalMerge(input: JournalMergeInput): Promise<JournalMergeOutcome> {
  const read = input.files.map((f) => readJournalFile(f));
  const errors = read.flatMap((r) => (r.ok ? [] : r.errors));
  if (errors.length > 0) return { ...unusable(errors, ADVICE), writes: [] };
  const files = read.map((r) => (r as { ok: true; file: JournalFile }).file);
  const total = files.reduce((n, f) => n + f.entries.length, 0);
  if (total > MAX_MERGE_ENTRIES) {
    return {
      ...unusable(
        [
          `the files hold ${fmt(total)} handoffs; one merge takes at most ${fmt(MAX_MERGE_ENTRIES)}: merge them in groups (a merged file can be merged again)`,
        ],
        ADVICE,
      ),
      writes: [],
    };
  }
  const merged = await mergeJournals(files, input.now);
  if (!merged.ok) return { ...unusable(merged.errors, ADVICE), writes: [] };

  const summary = summarise(merged.file.entries.map(asAuditRow));
  const stdout = input.jsonSummary
    ? `${JSON.stringify(jsonSummary(files, merged, summary), null, 2)}\n`
    : summaryText(files, merged, summary);
  return {
    code: 0,
    stdout,
    stderr: lines(merged.warnings.map((w) => `warning: ${w}`)),
    writes: pendingWrites(input, merged),
  };
}

function pendingWrites(input: JournalMergeInput, merged: MergeReport): PendingWrite[] {
  const writes: PendingWrite[] = [];
  const handoffs = count(merged.file.entries.length, 'handoff');
  if (input.out !== undefined) {
    writes.push({
      option: '--out',
      path: input.out,
      chunks: mergedJsonChunks(merged.file),
      written: () => `wrote ${input.out}: ${handoffs}`,
    });
  }
  if (input.csv !== undefined) {
    const tally = { records: 0 };
    writes.push({
      option: '--csv',
      path: input.csv,
      chunks: mergedCsvChunks(merged.file.entries, tally),
      written: () => `wrote ${input.csv}: ${count(tally.records, 'row')} for ${handoffs}`,
    });
  }
  return writes;
}

// ─── The summary ─────────────────────────────────────────────────────────────────────────────────

function jsonSummary(files: readonly JournalFile[], merged: MergeReport, summary: AuditSummary) {
  return {
    files: files.map((f) => ({
      file: f.name,
      version: f.version,
      ...(f.exportedAt !== undefined ? { exportedAt: f.exportedAt } : {}),
      entries: f.entries.length,
    })),
    entriesRead: merged.entriesRead,
    duplicatesDropped: merged.duplicatesDropped,
    redactedOnMerge: merged.redactedOnMerge,
    merged: merged.file.merged,
    summary,
    warnings: merged.warnings,
  };
}

/** Text from the files is shown without control characters: an export cannot drive the terminal. */
const shown = (text: string, max = 48) => cut(printable(text), max);

export function summaryText(
  files: readonly JournalFile[],
  merged: MergeReport,
  summary: AuditSummary,
): string {
  const out: string[] = [
    `Merged ${count(files.length, 'journal export')}: ${count(summary.records, 'handoff')}, ${count(merged.duplicatesDropped, 'duplicate')} dropped.`,
    ...table(
      ['File', 'Version', 'Exported at', 'Handoffs'],
      files.map((f) => [
        shown(f.name, 60),
        f.version === 2 && f.merged
          ? `2 (merged from ${count(f.merged.files.length, 'export')})`
          : String(f.version),
        f.exportedAt ?? '–',
        fmt(f.entries.length),
      ]),
    ),
    '',
    `Records (handoffs) by state, as the audit counts them:`,
    ...table(
      ['State', 'Records', 'Share'],
      RECORD_STATE_ORDER.map((s) => {
        const n = summary.byState[s] ?? 0;
        return [s, fmt(n), percent(n, summary.records)];
      }),
    ),
    '',
    'By field (records whose handoff named the field):',
    ...(summary.fields.length === 0
      ? ['  (no field)']
      : table(
          ['Field', 'Records', 'As expected', 'Different', 'Missing', 'Refused'],
          summary.fields.map((f) => [
            `${shown(f.object, 30)}.${shown(f.field)}${f.label && f.label !== f.field ? ` (${shown(f.label, 40)})` : ''}`,
            fmt(f.total),
            ...FIELD_AUDIT_STATES.map(
              (s) => `${fmt(f.counts[s])} (${percent(f.counts[s], f.total)})`,
            ),
          ]),
        )),
    '',
    "By bot (the context's signer, else its source or author):",
    ...(summary.bots.length === 0
      ? ['  (no bot)']
      : table(
          ['Bot', 'Records', 'As expected', 'With problems'],
          summary.bots.map((b) => {
            const fine = b.counts['as-expected'] ?? 0;
            return [
              shown(b.bot),
              fmt(b.records),
              `${fmt(fine)} (${percent(fine, b.records)})`,
              `${fmt(b.records - fine)} (${percent(b.records - fine, b.records)})`,
            ];
          }),
        )),
  ];
  return lines(out);
}

/** Columns padded to their widest cell, two spaces apart; numbers (all but the first) right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
