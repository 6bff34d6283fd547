/**
 * Carrying out a trusted context on a record, in the two steps the write queue (write-queue.ts) runs as
 * durable rows: resolve the records it fills (a Case; a conversation and its customer), then for
 * each record one attempt: read it, plan with the pure planner, write one update, and when the
 * platform refuses it because of some fields, write once more without them so the good fields land
 * and the bad ones are named (docs/filling-rules.md). A record that changed since it was read (optimistic lock)
 * is read and planned again, once. Every attempt reads the record right before planning, so a value
 * an agent typed while a write waited to be retried is seen and kept under fill-empty.
 */
import type { ContextValues } from '../context/types';
import type { FieldOutcome, Notice, RefusalKind } from '../handoff/types';
import { compareWithRecord, displayValue } from '../mapping/compare';
import { consoleValue } from '../mapping/console-value';
import { planFill } from '../mapping/plan';
import type { FillPlan, PlannedField } from '../mapping/plan-types';
import type { Mapping } from '../mapping/schema';
import { platformDescriptor } from '../platforms/descriptor-registry';
import {
  type PlatformClient,
  PlatformError,
  type ReadResult,
  type WriteResult,
} from '../platforms/platform-client';
import type { FieldRules, FieldSpec, RecordRef } from '../platforms/types';
import type { CatalogsRepo } from '../store/catalogs';
import type { MappingsRepo } from '../store/mappings';

export interface ApplyDeps {
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  client: PlatformClient;
  now(): number;
}

/** The records a context on `record` fills, and those of them that have enabled mappings. */
export async function resolveWork(
  deps: ApplyDeps,
  record: RecordRef,
): Promise<{ targets: RecordRef[]; work: { target: RecordRef; mappings: Mapping[] }[] }> {
  const targets = await deps.client.resolveTargets(record);
  const work: { target: RecordRef; mappings: Mapping[] }[] = [];
  for (const target of targets) {
    const mappings = await enabledMappings(deps, target);
    if (mappings.length) work.push({ target, mappings });
  }
  if (work.length === 0) {
    throw new PlatformError(
      'no-mappings',
      `No mappings for ${targets.map((t) => t.object).join(' or ')} are set up, so nothing was filled. An admin adds them in the Handoff Fields popup.`,
    );
  }
  return { targets, work };
}

export async function enabledMappings(deps: ApplyDeps, target: RecordRef): Promise<Mapping[]> {
  return (await deps.mappings.forObject(target.platform, target.object)).filter((m) => m.enabled);
}

export interface AttemptOutcome {
  /** Each mapped field's outcome, once a plan was made; `pending` fields were not written yet. */
  fields?: FieldOutcome[];
  /** The attempt stopped on a failure of the platform (session, limit, network, 5xx…). */
  failure?: PlatformError;
  /** When the record was read back to verify the fields (after a write that landed). */
  verifiedAt?: number;
  /** Why the read-back after the write failed (the write itself landed). */
  verifyNotice?: Notice;
  /** The record's name as its console shows it (its descriptor's `recordNames`), when read. */
  name?: string;
}

/**
 * One attempt at one record: read → plan → write (→ once more without refused fields; → read and
 * plan again on an optimistic-lock conflict). Platform failures are answered, not thrown.
 * `confirmed`: the plan the agent confirmed (settings `writeMode: 'confirm'`); only its fields, with
 * its values, are written (keepToConfirmed).
 */
export async function fillTarget(
  deps: ApplyDeps,
  target: RecordRef,
  mappings: Mapping[],
  context: ContextValues,
  confirmed?: Readonly<Record<string, string | null>>,
): Promise<AttemptOutcome> {
  let latest: FieldOutcome[] | undefined;
  try {
    const { fields, readable } = await mappedFields(deps, target, mappings);
    const make = outcomeMaker(fields, deps.client.rules);
    const asked = fieldsToRead(target, readable);
    for (let attempt = 0; ; attempt++) {
      const current: ReadResult = asked.read.length
        ? await deps.client.read(target, asked.read)
        : { values: {} };
      const planned = planFill({
        context,
        mappings,
        fields,
        current: current.values,
        rules: deps.client.rules,
      });
      const plan = confirmed ? keepToConfirmed(planned, target.object, confirmed, make) : planned;
      latest = plan.fields.map(make);
      const readAt = deps.now();
      const outcome = await writePlan(deps.client, target, plan, current.version, {
        lastConflictAllowed: attempt > 0,
        make,
      });
      if (outcome.conflict) continue;
      const name = asked.named && current.values[asked.named];
      const named = typeof name === 'string' && name ? { name: name.slice(0, 200) } : {};
      if (outcome.failure) return { fields: outcome.fields, failure: outcome.failure, ...named };
      const verified = await verifyAfterWrite(deps, target, readable, plan, fields, outcome, {
        values: current.values,
        at: readAt,
      });
      return { ...verified, ...named };
    }
  } catch (error) {
    if (error instanceof PlatformError) return { fields: latest, failure: error };
    throw error;
  }
}

/** The catalog fields of the mappings, and those of them the record can be read for. */
async function mappedFields(deps: ApplyDeps, target: RecordRef, mappings: Mapping[]) {
  const fields = await catalogFields(
    deps,
    target,
    mappings.map((m) => m.field),
  );
  const known = new Set(fields.map((f) => f.name.toLowerCase()));
  const readable = [...new Set(mappings.map((m) => m.field))].filter((f) =>
    known.has(f.toLowerCase()),
  );
  return { fields, readable };
}

/**
 * The plan for the agent to confirm (settings `writeMode: 'confirm'`): the record read and planned
 * as a write would, nothing sent. What the plan would write is `planned`. Platform failures throw.
 */
export async function planTarget(
  deps: ApplyDeps,
  target: RecordRef,
  mappings: Mapping[],
  context: ContextValues,
): Promise<FieldOutcome[]> {
  const { fields, readable } = await mappedFields(deps, target, mappings);
  const make = outcomeMaker(fields, deps.client.rules);
  const current = readable.length ? await deps.client.read(target, readable) : { values: {} };
  const plan = planFill({
    context,
    mappings,
    fields,
    current: current.values,
    rules: deps.client.rules,
  });
  return plan.fields.map((p) => {
    const o = make(p);
    return {
      ...o,
      object: target.object,
      outcome: o.outcome === 'pending' ? 'planned' : o.outcome,
    };
  });
}

/** The reason of a field a write would fill, in a browser set to Verify only: nothing was sent. */
export const VERIFY_ONLY_REASON = 'verify-only';

/**
 * Settings `writeMode: 'verify-only'`: the record read once and planned as a write would plan it
 * (what it would write, skip, keep or refuse; a field it would write is `skipped` with reason
 * `verify-only`: nothing is sent), and each field the context names compared with what the record
 * holds: the expectation is the context planned into an empty record, as Verify now's. Also the
 * record's name as its console shows it. Platform failures throw.
 */
export async function verifyTarget(
  deps: ApplyDeps,
  target: RecordRef,
  mappings: Mapping[],
  context: ContextValues,
): Promise<{ fields: FieldOutcome[]; name?: string }> {
  const { fields, readable } = await mappedFields(deps, target, mappings);
  const { rules } = deps.client;
  const make = outcomeMaker(fields, rules);
  const asked = fieldsToRead(target, readable);
  const current = asked.read.length ? await deps.client.read(target, asked.read) : { values: {} };
  const planOn = (values: Record<string, unknown>) =>
    planFill({ context, mappings, fields, current: values, rules });
  const found = compareWithRecord(planOn({}).fields, current.values, fields, rules, {
    at: deps.now(),
    by: 'verify-now',
  });
  const outcomes = planOn(current.values).fields.map((p): FieldOutcome => {
    const o = make(p);
    const verification = p.action === 'refuse' ? undefined : found.get(p.field.toLowerCase());
    return {
      ...o,
      object: target.object,
      ...(o.outcome === 'pending' ? { outcome: 'skipped', reason: VERIFY_ONLY_REASON } : {}),
      ...(verification ? { verification } : {}),
    };
  });
  const name = asked.named ? current.values[asked.named] : undefined;
  return {
    fields: outcomes,
    ...(typeof name === 'string' && name ? { name: name.slice(0, 200) } : {}),
  };
}

/** The key of a field in a confirmed plan. */
export const confirmedKey = (object: string | undefined, field: string) =>
  `${object ?? ''}.${field}`;

/**
 * A plan cut to what the agent confirmed: the record was read again right before (the queue's
 * every attempt), so a field the agent filled meanwhile is already kept under fill-empty; a write
 * the confirmed plan did not show, or with another value (a mapping edited since), is refused —
 * the agent never confirmed it.
 */
export function keepToConfirmed(
  plan: FillPlan,
  object: string,
  confirmed: Readonly<Record<string, string | null>>,
  make: (p: PlannedField) => FieldOutcome,
): FillPlan {
  const write: Record<string, unknown> = {};
  const fields = plan.fields.map((p): PlannedField => {
    if (p.action !== 'write') return p;
    const key = confirmedKey(object, p.field);
    const shown = Object.hasOwn(confirmed, key) ? confirmed[key] : undefined;
    // Compared as the plan showed it (the same outcome maker), so both sides read the same way.
    const now = make(p).value;
    if (shown === now) {
      write[p.field] = plan.write[p.field];
      return p;
    }
    const reason = `Not written: ${shown === undefined ? 'not in the plan you confirmed' : `the plan you confirmed showed '${shown ?? ''}', not '${now ?? ''}'`}. Fill it by hand if it should change.`;
    return { ...p, action: 'refuse', reason };
  });
  return { fields, write };
}

/**
 * The fields read before planning: the mapped ones, and the one that names the record where its
 * console names it by a field (descriptor `recordNames`: a Case's CaseNumber), in the same request.
 * The planner looks up mapped fields only, so the name beside them changes no plan.
 */
export function fieldsToRead(
  target: RecordRef,
  readable: string[],
): { read: string[]; named?: string } {
  const naming = platformDescriptor(target.platform).recordNames?.[target.object];
  const named = naming && 'field' in naming ? naming.field : undefined;
  return named ? { read: [...new Set([...readable, named])], named } : { read: readable };
}

/**
 * Verify after the write: the fields written are read back in one request (or taken from the
 * write's answer, when the platform answers with the record as stored) and compared with the
 * values sent; the fields skipped as unchanged or kept are compared with the read made before
 * planning. A read-back that fails does not undo the write: the attempt still succeeds, with a
 * notice that says the fields could not be checked.
 */
async function verifyAfterWrite(
  deps: ApplyDeps,
  target: RecordRef,
  readable: string[],
  plan: FillPlan,
  fields: FieldSpec[],
  written: WriteOutcome,
  before: { values: Record<string, unknown>; at: number },
): Promise<AttemptOutcome> {
  const outcomes = written.fields;
  const compare = (values: Record<string, unknown>, at: number) =>
    compareWithRecord(plan.fields, values, fields, deps.client.rules, { at, by: 'write' });
  const checked = outcomes.map((o) => ({ ...o }));
  const annotate = (kind: FieldOutcome['outcome'], found: ReturnType<typeof compare>) => {
    for (const o of checked) {
      const v = o.outcome === kind ? found.get(o.field.toLowerCase()) : undefined;
      if (v) o.verification = v;
    }
  };
  annotate('skipped', compare(before.values, before.at));
  if (!checked.some((o) => o.outcome === 'written')) {
    return checked.some((o) => o.verification)
      ? { fields: checked, verifiedAt: before.at }
      : { fields: checked };
  }
  try {
    // The platform's answer to the write, when it carries the record as stored; else a GET.
    const after = written.stored ?? (await deps.client.read(target, readable));
    const at = deps.now();
    annotate('written', compare(after.values, at));
    return { fields: checked, verifiedAt: at };
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    return {
      fields: checked,
      verifyNotice: {
        code: error.code,
        message: `The fields were written, but reading them back to verify failed: ${error.message} Press Verify now to check them again.`,
      },
    };
  }
}

/** The describe-based catalog, cached in IndexedDB and fetched again once when a mapped field is missing. */
export async function catalogFields(
  deps: ApplyDeps,
  target: RecordRef,
  wanted: string[],
): Promise<FieldSpec[]> {
  const cached = await deps.catalogs.get(target.platform, target.org, target.object);
  const has = (fields: FieldSpec[]) => {
    const names = new Set(fields.map((f) => f.name.toLowerCase()));
    return wanted.every((w) => names.has(w.toLowerCase()));
  };
  if (cached && has(cached.fields)) return cached.fields;
  let fields: FieldSpec[];
  try {
    fields = await deps.client.describe(target.org, target.object);
  } catch (error) {
    if (cached) return cached.fields;
    throw error;
  }
  await deps.catalogs.put({
    platform: target.platform,
    org: target.org,
    object: target.object,
    fields,
    fetchedAt: deps.now(),
  });
  return fields;
}

interface WriteOutcome {
  fields: FieldOutcome[];
  failure?: PlatformError;
  /** The record changed under us: plan again from a fresh read. */
  conflict?: boolean;
  /** The record as the platform's answer to the write says it stored it (see WriteResult). */
  stored?: ReadResult;
}

async function writePlan(
  client: PlatformClient,
  target: RecordRef,
  plan: FillPlan,
  version: ReadResult['version'],
  how: { lastConflictAllowed: boolean; make: (p: PlannedField) => FieldOutcome },
): Promise<WriteOutcome> {
  const { lastConflictAllowed, make } = how;
  const outcomes = plan.fields.map(make);
  // Several mappings may name one field (the later ones are refused by the planner): index the writer.
  const writer = new Map(
    plan.fields.flatMap((p, i) => (p.action === 'write' ? [[p.field, i] as const] : [])),
  );
  const settle = (field: string, change: Partial<FieldOutcome>) => {
    const i = writer.get(field);
    const o = i === undefined ? undefined : outcomes[i];
    if (i !== undefined && o) outcomes[i] = { ...o, ...change };
  };
  const refuse = (field: string, reason: string, refusal: RefusalKind = 'platform') =>
    settle(field, { outcome: 'refused', reason, refusal });
  let pending = Object.keys(plan.write);

  // At most two requests: the whole update, then once more without the fields the platform blamed.
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    const body = Object.fromEntries(pending.map((f) => [f, plan.write[f]]));
    let result: WriteResult;
    try {
      result = await client.write(target, body, version);
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      // Still `pending`: the queue retries them, or names them "not written" when it gives up.
      return { fields: outcomes, failure: error };
    }
    if (result.ok) {
      for (const f of pending) settle(f, { outcome: 'written', reason: undefined });
      return { fields: outcomes, ...(result.stored ? { stored: result.stored } : {}) };
    }
    if ('conflict' in result) {
      if (!lastConflictAllowed) return { fields: outcomes, conflict: true };
      for (const f of pending) {
        refuse(
          f,
          `Not written: the record kept changing while Handoff Fields wrote it (${result.message}). Press Retry.`,
          'conflict',
        );
      }
      break;
    }
    const blamed = new Map(result.refusals.map((r) => [r.field.toLowerCase(), r.message]));
    const named = pending.filter((f) => blamed.has(f.toLowerCase()));
    if (named.length === 0 || attempt === 1) {
      // Nothing we can leave out (or already the retry): the whole update is refused.
      for (const f of pending) refuse(f, blamed.get(f.toLowerCase()) ?? result.message);
      pending = [];
      break;
    }
    for (const f of named) refuse(f, blamed.get(f.toLowerCase()) ?? result.message);
    pending = pending.filter((f) => !blamed.has(f.toLowerCase()));
  }
  return { fields: outcomes };
}

/**
 * The outcome of a planned field, as the widget and the journal show it: its value also as the
 * console shows it (labels, dates: console-value.ts), and the kind of a refusal, from which the
 * widget says what the agent can do.
 */
export function outcomeMaker(fields: FieldSpec[], rules: FieldRules) {
  const specs = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  return (p: PlannedField): FieldOutcome => {
    const shown = p.action === 'write' || p.value !== undefined ? p.value : (p.mapped ?? p.raw);
    const spec = specs.get(p.field.toLowerCase());
    return {
      field: p.field,
      label: p.label,
      // Shown as the read-back shows it, so a row's value and its verification read the same way.
      value: displayValue(shown),
      outcome: p.action === 'write' ? 'pending' : p.action === 'skip' ? 'skipped' : 'refused',
      reason: p.reason,
      // A value the field refused is not one of its own: shown as it came.
      ...(p.action === 'refuse' ? {} : consoleValue(spec, rules, shown)),
      ...(p.refusal ? { refusal: p.refusal } : {}),
    };
  };
}
