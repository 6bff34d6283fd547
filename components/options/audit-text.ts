/** The audit's words (pure): states, rates, the pasted words, the date range. */
import type { AuditProgress, FieldAudit, RecordAuditState } from '../../lib/audit/types';

export const RECORD_STATE_WORDS: Record<RecordAuditState, string> = {
  unreadable: 'Could not read',
  refused: 'Refused',
  different: 'Different',
  missing: 'Missing',
  'no-context': 'No context',
  'as-expected': 'As expected',
};

/** The most words one paste may hold (the background reads at most 500 records of them). */
export const MAX_PASTED_WORDS = 5000;

/** Case numbers, ids or conversation ids, one per line or separated by spaces, commas or semicolons. */
export function pastedWords(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((w) => w.length > 0 && w.length <= 100))].slice(
    0,
    MAX_PASTED_WORDS,
  );
}

/** Whole days from `from` to `to`, both included, as [start, end) in UTC; or why not. */
export function dayRange(
  from: string,
  to: string,
): { from: string; to: string } | { error: string } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end))
    return { error: 'Choose the first and the last day.' };
  if (end < start) return { error: 'The last day is before the first.' };
  return { from: new Date(start).toISOString(), to: new Date(end + 86_400_000).toISOString() };
}

/** "12 of 50 records · 48 requests (96 a minute)". */
export function progressWords(p: AuditProgress, now: number): string {
  const minutes = ((p.finishedAt ?? now) - p.startedAt) / 60_000;
  const rate = minutes > 0 ? Math.round(p.requests / minutes) : 0;
  return `${p.done} of ${p.total} records · ${p.requests} requests (${rate} a minute)`;
}

/** How a run ended, for the status line. */
export function endWords(p: AuditProgress): string {
  const seconds = Math.round(((p.finishedAt ?? p.startedAt) - p.startedAt) / 1000);
  if (p.state === 'cancelled')
    return `Audit cancelled after ${p.done} of ${p.total} records: the results so far are below.`;
  if (p.state === 'stopped')
    return `Audit stopped after ${p.done} of ${p.total} records. ${p.notice ?? ''}`;
  return `Audit done: ${p.done} records in ${seconds} s. Nothing was written.`;
}

/** One field's finding, in a sentence. */
export function fieldWords(f: FieldAudit): string {
  const name = f.label || f.field;
  switch (f.state) {
    case 'expected':
      return `${name}: ${f.expected ?? ''} as expected`;
    case 'different':
      return `${name}: expected ${f.expected ?? '(empty)'}, found ${f.actual ?? '(empty)'}`;
    case 'missing':
      return `${name}: empty, expected ${f.expected ?? ''}`;
    case 'refused':
      return `${name}: refused (${f.expected ?? 'no value'}) — ${f.reason ?? ''}`;
  }
}
