/**
 * An audit's summary (pure): per field, how many records hold what the context says, another
 * value, nothing, or had it refused; per bot (the context's signer or author), how many of its
 * records are as expected; and the records with problems first.
 */
import {
  type AuditRow,
  FIELD_AUDIT_STATES,
  type FieldAudit,
  type FieldAuditState,
  RECORD_STATE_ORDER,
  type RecordAuditState,
} from './types';

export type FieldCounts = Record<FieldAuditState, number>;

export interface FieldSummary {
  object: string;
  field: string;
  label: string;
  counts: FieldCounts;
  total: number;
}

export interface BotSummary {
  bot: string;
  records: number;
  counts: Partial<Record<RecordAuditState, number>>;
}

export interface AuditSummary {
  records: number;
  byState: Partial<Record<RecordAuditState, number>>;
  fields: FieldSummary[];
  bots: BotSummary[];
}

const emptyCounts = (): FieldCounts =>
  Object.fromEntries(FIELD_AUDIT_STATES.map((s) => [s, 0])) as FieldCounts;

export function summarise(rows: readonly AuditRow[]): AuditSummary {
  const fields = new Map<string, FieldSummary>();
  const bots = new Map<string, BotSummary>();
  const byState: AuditSummary['byState'] = {};
  for (const row of rows) {
    byState[row.state] = (byState[row.state] ?? 0) + 1;
    for (const f of row.fields) {
      const key = `${f.object}.${f.field.toLowerCase()}`;
      const s = fields.get(key) ?? {
        object: f.object,
        field: f.field,
        label: f.label,
        counts: emptyCounts(),
        total: 0,
      };
      s.counts[f.state] += 1;
      s.total += 1;
      fields.set(key, s);
    }
    if (row.bot === undefined) continue;
    const b = bots.get(row.bot) ?? { bot: row.bot, records: 0, counts: {} };
    b.records += 1;
    b.counts[row.state] = (b.counts[row.state] ?? 0) + 1;
    bots.set(row.bot, b);
  }
  return {
    records: rows.length,
    byState,
    // The most troubled fields first, then by name.
    fields: [...fields.values()].sort(
      (a, b) =>
        a.counts.expected / a.total - b.counts.expected / b.total || a.field.localeCompare(b.field),
    ),
    bots: [...bots.values()].sort((a, b) => b.records - a.records || a.bot.localeCompare(b.bot)),
  };
}

/** The worst of the record: its context refused, a field different, one missing, a field refused. */
export function recordState(
  fields: readonly FieldAudit[],
  contextRefused: boolean,
): RecordAuditState {
  if (contextRefused) return 'refused';
  if (fields.some((f) => f.state === 'different')) return 'different';
  if (fields.some((f) => f.state === 'missing')) return 'missing';
  if (fields.some((f) => f.state === 'refused')) return 'refused';
  return 'as-expected';
}

/** A share as a whole percent ("67 %"); "–" of nothing. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–';
}

/** The records with problems first (worst first), each state in the order audited. */
export function problemsFirst(rows: readonly AuditRow[]): AuditRow[] {
  const rank = (r: AuditRow) => RECORD_STATE_ORDER.indexOf(r.state);
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i)
    .map((x) => x.row);
}
