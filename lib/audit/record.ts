/**
 * One record of an audit, read only, as the signed-in user: the handoff context found on the
 * platform (the admin's record fields and the conversation as the API lists it — the sources the
 * engine reads without a console page) judged by the engine's own parser and trust rules, the
 * records it fills planned with today's mappings into an empty record, and each mapped field the
 * context names compared with what the platform holds (`compareWithRecord`, as Verify now).
 * Nothing is written. A platform failure is thrown (PlatformError) for the runner to retry or report.
 */

import type { Evaluation } from '../context/evaluate';
import { type ApplyDeps, catalogFields, enabledMappings, fieldsToRead } from '../engine/apply';
import { type FoundContext, judgeCandidates, newestHandoff } from '../engine/judge-candidates';
import { type ContextCandidate, recordFieldCandidates } from '../engine/source-candidates';
import type { FieldVerification } from '../handoff/types';
import { compareWithRecord, displayValue } from '../mapping/compare';
import { planFill } from '../mapping/plan';
import type { PlannedField } from '../mapping/plan-types';
import type { RecordRef } from '../platforms/types';
import type { Settings } from '../settings/schema';
import { recordState } from './summary';
import type { AuditContext, AuditRow, FieldAudit } from './types';

export type { FoundContext };

export interface RecordAuditDeps extends ApplyDeps {
  settings: Settings;
}

export const NO_CONTEXT_FOUND =
  'No handoff context was found for this record through the platform: no bot message the API lists, and no context in the record fields your admin set as sources. A context that only the console page showed (a Salesforce bot message) cannot be audited from here; open the record and press Verify now.';

export async function auditRecord(
  deps: RecordAuditDeps,
  item: { record: RecordRef; name?: string },
): Promise<AuditRow> {
  const { record } = item;
  const found = await findContext(deps, record);
  if (!found) {
    return {
      record,
      name: item.name ?? record.id,
      state: 'no-context',
      fields: [],
      notice: { code: 'nothing-to-verify', message: NO_CONTEXT_FOUND },
    };
  }
  const { candidate, evaluation } = found;
  const compared = await compareTargets(deps, record, found);
  const refusal = evaluation.refusal;
  return {
    record,
    name: item.name ?? compared.name ?? record.id,
    state: recordState(compared.fields, refusal !== undefined),
    bot: botOf(found),
    context: contextOf(candidate, evaluation),
    fields: compared.fields,
    ...(refusal ? { notice: { code: refusal.code, message: refusal.message } } : {}),
  };
}

/**
 * Every context candidate of the record, judged in posting order (record fields first, then the
 * conversation): the newest usable one, else the newest refused one, else none.
 */
export async function findContext(
  deps: RecordAuditDeps,
  record: RecordRef,
): Promise<FoundContext | undefined> {
  const { client, settings } = deps;
  const sources = settings.recordFieldSources.filter((s) => s.platform === record.platform);
  const candidates: ContextCandidate[] = await recordFieldCandidates(client, record, sources);
  if (client.listMessages) {
    const messages = await client.listMessages(record);
    candidates.push(...messages.map((m) => ({ ...m, source: 'api-messages' as const })));
  }
  return newestHandoff(await judgeCandidates(deps, record, candidates));
}

/** Each record the context fills: read its mapped fields and compare them with the plan. */
async function compareTargets(
  deps: RecordAuditDeps,
  record: RecordRef,
  found: FoundContext,
): Promise<{ fields: FieldAudit[]; name?: string }> {
  const values = found.evaluation.values ?? {};
  const refused = found.evaluation.refusal;
  const fields: FieldAudit[] = [];
  let name: string | undefined;
  for (const target of await deps.client.resolveTargets(record)) {
    const mappings = await enabledMappings(deps, target);
    if (mappings.length === 0) continue;
    const catalog = await catalogFields(
      deps,
      target,
      mappings.map((m) => m.field),
    );
    const plan = planFill({
      context: values,
      mappings,
      fields: catalog,
      current: {},
      rules: deps.client.rules,
    });
    // The fields the context names a value for (an empty value says nothing).
    const named = plan.fields.filter(
      (p) => p.raw !== undefined && !(p.action === 'skip' && p.value === undefined),
    );
    if (named.length === 0) continue;
    if (refused) {
      fields.push(...named.map((p) => refusedField(target.object, p, refused.message)));
      continue;
    }
    const known = new Set(catalog.map((f) => f.name.toLowerCase()));
    const readable = [...new Set(named.map((p) => p.field))].filter((f) =>
      known.has(f.toLowerCase()),
    );
    // With the field that names the record where its console names it so (a Kustomer customer's
    // `name`), as the panel's read asks for it.
    const asked = fieldsToRead(target, readable);
    const read = readable.length ? await deps.client.read(target, asked.read) : { values: {} };
    const said = asked.named ? read.values[asked.named] : undefined;
    if (typeof said === 'string' && said.trim()) name ??= said.trim().slice(0, 200);
    const checks = compareWithRecord(plan.fields, read.values, catalog, deps.client.rules, {
      at: deps.now(),
      by: 'verify-now',
    });
    for (const p of named)
      fields.push(fieldOf(target.object, p, checks.get(p.field.toLowerCase())));
  }
  return { fields, ...(name ? { name } : {}) };
}

function fieldOf(
  object: string,
  p: PlannedField,
  check: FieldVerification | undefined,
): FieldAudit {
  if (p.action === 'refuse' || !check) return refusedField(object, p, p.reason ?? 'Not usable.');
  const state =
    check.state === 'verified' ? 'expected' : check.actual === null ? 'missing' : 'different';
  return {
    object,
    field: p.field,
    label: p.label,
    state,
    expected: check.expected,
    actual: check.actual,
  };
}

function refusedField(object: string, p: PlannedField, reason: string): FieldAudit {
  return {
    object,
    field: p.field,
    label: p.label,
    state: 'refused',
    expected: displayValue(p.value ?? p.mapped ?? p.raw),
    actual: null,
    reason,
  };
}

function botOf({ candidate, evaluation }: FoundContext): string {
  return evaluation.issuer ?? candidate.sourceDetail ?? candidate.basis ?? candidate.author;
}

function contextOf(candidate: ContextCandidate, evaluation: Evaluation): AuditContext {
  return {
    form: evaluation.form,
    trust: evaluation.trust,
    source: candidate.source ?? 'transcript',
    author: candidate.author,
    ...(evaluation.issuer ? { issuer: evaluation.issuer } : {}),
    ...(candidate.sourceDetail ? { sourceDetail: candidate.sourceDetail } : {}),
  };
}
