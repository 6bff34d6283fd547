/**
 * The planner: (context, mappings, field catalog, current values) → what to write, skip or refuse,
 * and why (docs/filling-rules.md). Pure and synchronous — no I/O, no clock — so every rule of filling is tested
 * here, and the engine only carries the plan out.
 *
 * Per enabled mapping, in order: find the target field → refuse a second mapping on the same field →
 * refuse a read-only field → collect the value from the context keys → skip an empty value → apply
 * transforms → apply the value map → coerce to the field's type → skip a value equal to the current
 * one → keep an existing value under `fill-empty` → write.
 */
import { normaliseKey } from '../context/normalise';
import type { ContextValue, ContextValues } from '../context/types';
import type { FieldRules, FieldSpec } from '../platforms/types';
import type { FillPlan, PlanInput, PlannedField, SkipReason } from './plan-types';
import type { Mapping } from './schema';
import { applyTransforms } from './transforms';
import { applyValueMap, type UnmappedPolicy } from './value-map';

export function planFill(input: PlanInput): FillPlan {
  const context = indexContext(input.context);
  const catalog = indexFields(input.fields);
  /** Field API name → id of the first mapping that targets it. */
  const owners = new Map<string, string>();
  const fields: PlannedField[] = [];
  for (const mapping of input.mappings) {
    if (!mapping.enabled) continue;
    fields.push(planMapping(mapping, context, catalog, owners, input));
  }
  // Object.fromEntries defines own properties, so even a field named `__proto__` cannot reach a prototype.
  const write = Object.fromEntries(
    fields.filter((f) => f.action === 'write').map((f) => [f.field, f.value]),
  );
  return { fields, write };
}

function planMapping(
  mapping: Mapping,
  context: ContextIndex,
  catalog: FieldIndex,
  owners: Map<string, string>,
  input: PlanInput,
): PlannedField {
  const source = collectValue(mapping, context);
  const planned: PlannedField = {
    mappingId: mapping.id,
    object: mapping.object,
    field: mapping.field,
    label: mapping.field,
    sourceKeys: source.keys,
    action: 'skip',
  };
  if (source.raw !== undefined) planned.raw = source.raw;

  const field = catalog.find(mapping.field);
  if (!field) {
    return refuse(
      planned,
      `${mapping.field} is not a field of ${mapping.object} in the field catalog: import the fields again or fix the mapping`,
    );
  }
  planned.field = field.name;
  planned.label = field.label;
  if (Object.hasOwn(input.current, field.name)) planned.current = input.current[field.name];

  const owner = owners.get(field.name);
  if (owner !== undefined)
    return refuse(planned, `${field.label} is already filled by mapping ${owner}`);
  owners.set(field.name, mapping.id);

  if (!field.updateable || field.calculated) {
    return refuse(
      planned,
      `${field.label} (${field.name}) is read-only for you: a formula or field-level security`,
    );
  }
  const raw = source.raw;
  if (raw === undefined || raw === null || isEmptyValue(raw)) return skip(planned, 'empty');

  const transformed = applyTransforms(raw, mapping.transforms);
  if (isEmptyValue(transformed)) return skip(planned, 'empty');

  const separator = input.rules.multiSeparator?.(field);
  const mapped = applyValueMap(
    mapping.valueMap,
    transformed,
    unmappedPolicy(mapping, field),
    separator,
  );
  if (!mapped.ok) return refuse(planned, notInValueMap(mapped.unmapped, field));
  // A value the map skips, or maps to "", is empty: it never clears a field.
  if (mapped.value === undefined || isEmptyValue(mapped.value)) return skip(planned, 'empty');
  planned.mapped = mapped.value;

  const coerced = input.rules.coerce(field, mapped.value);
  if (!coerced.ok) return refuse(planned, coerced.error);
  planned.value = coerced.value;

  return decide(planned, field, mapping, input.current[field.name], input.rules);
}

/** Compares with the record: equal → unchanged; something already there under fill-empty → kept. */
function decide(
  planned: PlannedField,
  field: FieldSpec,
  mapping: Mapping,
  current: unknown,
  rules: FieldRules,
): PlannedField {
  if (rules.same(field, current, planned.value)) return skip(planned, 'unchanged');
  if (mapping.policy === 'fill-empty' && !rules.isEmpty(field, current)) {
    return skip(planned, 'kept-existing');
  }
  planned.action = 'write';
  return planned;
}

/** docs/files.md, `unmapped`: option lists refuse what the map lacks by default (the platform would reject it); free fields pass it on. */
function unmappedPolicy(mapping: Mapping, field: FieldSpec): UnmappedPolicy {
  return mapping.unmapped ?? (field.options !== undefined ? 'refuse' : 'pass');
}

function notInValueMap(values: string[], field: FieldSpec): string {
  const listed = values.map((v) => `'${v}'`).join(', ');
  const verb = values.length === 1 ? 'is' : 'are';
  return `${listed} ${verb} not in the value map of ${field.label}`;
}

function refuse(planned: PlannedField, reason: string): PlannedField {
  planned.action = 'refuse';
  planned.reason = reason;
  return planned;
}

function skip(planned: PlannedField, reason: SkipReason): PlannedField {
  planned.action = 'skip';
  planned.reason = reason;
  return planned;
}

/** docs/filling-rules.md: null, "" and whitespace are empty, and an empty value never clears a field. */
function isEmptyValue(v: ContextValue): boolean {
  return v === null || (typeof v === 'string' && v.trim().length === 0);
}

// ─── Context keys ────────────────────────────────────────────────────────────────────────────────

type ContextIndex = Map<string, { key: string; value: ContextValue }>;

function indexContext(context: ContextValues): ContextIndex {
  const index: ContextIndex = new Map();
  for (const key of Object.keys(context)) {
    const norm = normaliseKey(key);
    // The parser refuses duplicates; a context built elsewhere keeps its first spelling.
    if (!index.has(norm)) index.set(norm, { key, value: context[key] as ContextValue });
  }
  return index;
}

interface Collected {
  /** The keys the value came from; for an empty value, the keys that were present but empty. */
  keys: string[];
  raw?: ContextValue;
}

/** `first`: the first non-empty source; `join`: every non-empty source, joined with the separator. */
function collectValue(mapping: Mapping, context: ContextIndex): Collected {
  const hits: Array<{ key: string; value: ContextValue }> = [];
  for (const source of mapping.sources) {
    const hit = context.get(normaliseKey(source));
    // Two sources may spell the same key ("Account Tier", "account_tier"): count it once.
    if (hit && !hits.some((h) => h.key === hit.key)) hits.push(hit);
  }
  const full = hits.filter((h) => !isEmptyValue(h.value));
  const [first] = full;
  if (!first) {
    const [present] = hits;
    return present ? { keys: hits.map((h) => h.key), raw: present.value } : { keys: [] };
  }
  if (mapping.combine === 'first' || full.length === 1)
    return { keys: [first.key], raw: first.value };
  return {
    keys: full.map((h) => h.key),
    raw: full.map((h) => String(h.value)).join(mapping.separator),
  };
}

// ─── Field catalog ───────────────────────────────────────────────────────────────────────────────

interface FieldIndex {
  /** Exact API name first; else a case-insensitive match (Salesforce API names ignore case). */
  find(name: string): FieldSpec | undefined;
}

function indexFields(fields: FieldSpec[]): FieldIndex {
  const exact = new Map<string, FieldSpec>();
  const folded = new Map<string, FieldSpec>();
  for (const f of fields) {
    if (!exact.has(f.name)) exact.set(f.name, f);
    const lower = f.name.toLowerCase();
    if (!folded.has(lower)) folded.set(lower, f);
  }
  return { find: (name) => exact.get(name) ?? folded.get(name.trim().toLowerCase()) };
}
