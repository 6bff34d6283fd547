/**
 * A journal entry as the audit's per-record row (lib/audit/types.ts), so a merged team journal is
 * summed up by the audit's own `summarise` and its rates mean the same. Pure.
 *
 * The audit reads the record and compares; the journal knows what was written and, when the record
 * was read back, what it held. The mapping (docs/files.md, "A merged journal"):
 * - a refused field → `refused`;
 * - a field the context gave no value (skipped `empty`) is not counted: the audit leaves it out too;
 * - a field read back → `expected` when verified, else `missing` when the record held nothing,
 *   else `different`;
 * - not read back: written, or skipped `unchanged` (the record held it already) → `expected`;
 *   skipped `kept-existing` (the record kept another value) → `different`; `pending` or `planned`
 *   (not sent yet, or waiting for the agent) → `missing`.
 * The record: a refused context → `refused`; no field counted → `unreadable` when the handoff
 * failed (nothing could be planned or read: a session, a catalog), else `no-context` (the context
 * named no mapped field); otherwise the audit's `recordState`, the worst of its fields.
 */
import { recordState } from '../audit/summary';
import type { AuditRow, FieldAudit } from '../audit/types';
import type { Trust } from '../context/trust';
import type { ContextForm, ContextSource } from '../context/types';
import type { FieldOutcome, FieldVerification } from '../handoff/types';
import { recordKey } from '../platforms/record-key';
import type { RecordRef } from '../platforms/types';
import type { HandoffStatus } from './summary';

/** What the mapping reads of an entry: a stored entry, a presented one and a file's entry all fit. */
export interface EntryForAudit {
  record: RecordRef;
  targets?: RecordRef[];
  recordNames?: { [recordKey: string]: string };
  status: HandoffStatus;
  source?: ContextSource;
  sourceDetail?: string;
  author: string;
  context?: {
    form: ContextForm;
    trust: Trust;
    source?: ContextSource;
    sourceDetail?: string;
    issuer?: string;
    author: string;
  };
  fields: readonly FieldForAudit[];
}

export type FieldForAudit = Pick<
  FieldOutcome,
  'object' | 'field' | 'label' | 'value' | 'display' | 'outcome' | 'reason'
> & { verification?: Pick<FieldVerification, 'state' | 'expected' | 'actual'> };

export function asAuditRow(entry: EntryForAudit): AuditRow {
  const object = (entry.targets?.[0] ?? entry.record).object;
  const fields = entry.fields.flatMap((f) => {
    const audited = fieldAudit(f, object);
    return audited ? [audited] : [];
  });
  const contextRefused = entry.status === 'refused';
  const state =
    fields.length === 0 && !contextRefused
      ? entry.status === 'failed'
        ? 'unreadable'
        : 'no-context'
      : recordState(fields, contextRefused);
  const c = entry.context;
  return {
    record: entry.record,
    name: nameOf(entry),
    state,
    // As the audit: the signer, else where it came from, else who posted it.
    bot: c?.issuer ?? c?.sourceDetail ?? entry.sourceDetail ?? c?.author ?? entry.author,
    ...(c
      ? {
          context: {
            form: c.form,
            trust: c.trust,
            source: c.source ?? entry.source ?? 'transcript',
            author: c.author,
            ...(c.issuer ? { issuer: c.issuer } : {}),
            ...(c.sourceDetail ? { sourceDetail: c.sourceDetail } : {}),
          },
        }
      : {}),
    fields,
  };
}

/** One field as the audit would count it; undefined when the context gave it no value. */
export function fieldAudit(f: FieldForAudit, defaultObject: string): FieldAudit | undefined {
  if (f.outcome === 'skipped' && f.reason === 'empty') return undefined;
  const base = { object: f.object ?? defaultObject, field: f.field, label: f.label };
  const said = f.display ?? f.value;
  if (f.outcome === 'refused') {
    return {
      ...base,
      state: 'refused',
      expected: said,
      actual: null,
      ...(f.reason ? { reason: f.reason } : {}),
    };
  }
  const v = f.verification;
  if (v) {
    const state = v.state === 'verified' ? 'expected' : v.actual === null ? 'missing' : 'different';
    return { ...base, state, expected: v.expected, actual: v.actual };
  }
  switch (f.outcome) {
    case 'written':
      return { ...base, state: 'expected', expected: said, actual: said };
    case 'skipped':
      if (f.reason === 'unchanged')
        return { ...base, state: 'expected', expected: said, actual: said };
      if (f.reason === 'kept-existing') {
        return { ...base, state: 'different', expected: said, actual: null };
      }
      return undefined;
    default:
      return { ...base, state: 'missing', expected: said, actual: null };
  }
}

/** As the console names the record written (a Case number), else the one open, else its id. */
function nameOf(entry: EntryForAudit): string {
  const names = entry.recordNames ?? {};
  const target = entry.targets?.[0];
  return (
    (target ? names[recordKey(target)] : undefined) ??
    names[recordKey(entry.record)] ??
    entry.record.id
  );
}
