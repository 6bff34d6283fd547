/**
 * An audit as a file: CSV (one line per record and field, so a spreadsheet filters by field or
 * state; a record without fields has one line) written with the journal's CSV escaping, which
 * also neutralises cells a spreadsheet would run as formulas; or JSON with the summary. Pure.
 */
import { toCsv, UTF8_BOM } from '../journal/csv';
import { problemsFirst, summarise } from './summary';
import type { AuditRow } from './types';

export const AUDIT_CSV_HEADER = [
  'record',
  'platform',
  'org',
  'object',
  'record_id',
  'record_state',
  'bot',
  'context_source',
  'context_trust',
  'notice',
  'field_object',
  'field',
  'field_label',
  'field_state',
  'expected',
  'actual',
  'reason',
] as const;

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = problemsFirst(rows).flatMap((row) => {
    const head = [
      row.name,
      row.record.platform,
      row.record.org,
      row.record.object,
      row.record.id,
      row.state,
      row.bot,
      row.context?.source,
      row.context?.trust,
      row.notice?.message,
    ];
    if (row.fields.length === 0) return [[...head, '', '', '', '', '', '', '']];
    return row.fields.map((f) => [
      ...head,
      f.object,
      f.field,
      f.label,
      f.state,
      f.expected,
      f.actual,
      f.reason,
    ]);
  });
  return `${UTF8_BOM}${toCsv(AUDIT_CSV_HEADER, lines)}`;
}

export interface AuditFileInfo {
  platform: string;
  org: string;
  /** What was asked: the pasted words, or the date range. */
  query: unknown;
  startedAt: number;
  finishedAt?: number;
  /** How the run ended: done, cancelled, stopped. */
  state: string;
  requests: number;
}

export function auditJson(info: AuditFileInfo, rows: readonly AuditRow[]): string {
  const file = {
    format: 'handoff-fields/audit',
    version: 1,
    ...info,
    startedAt: new Date(info.startedAt).toISOString(),
    ...(info.finishedAt !== undefined
      ? { finishedAt: new Date(info.finishedAt).toISOString() }
      : {}),
    summary: summarise(rows),
    records: problemsFirst(rows),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
