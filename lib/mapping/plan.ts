/**
 * The planner: (context, mappings, field catalog, current values) → what to write, skip or refuse,
 * and why (DESIGN §2). Pure and synchronous — no I/O, no clock — so every rule of filling is tested
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
  const write: Record<string, unknown> = {};
  for (const mapping of input.mappings) {
    if (!mapping.enabled) continue;
    const planned = planMapping(mapping, context, catalog, owners, input);
    fields.push(planned);
    if (planned.action === 'write') {
      // Assigning `__proto__` would set the prototype: define it as an own property instead, so
      // even a field of that name cannot reach a prototype (what Object.fromEntries would do).
      if (planned.field === '__proto__') {
        Object.defineProperty(write, planned.field, {
          value: planned.value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else write[planned.field] = planned.value;
    }
  }
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
  const hasCurrent = Object.hasOwn(input.current, field.name);
  const current = input.current[field.name];
  if (hasCurrent) planned.current = current;

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
  if (raw === undefined || isEmptyValue(raw)) return skip(planned, 'empty');
  // Not null from here on: isEmptyValue counts null as empty.
  const value = raw as string | number | boolean;

  const transformed = applyTransforms(value, mapping.transforms);
  if (isEmptyValue(transformed)) return skip(planned, 'empty');

  let mappedValue: string | number | boolean | undefined = transformed;
  if (mapping.valueMap.length > 0) {
    const mapped = applyValueMap(
      mapping.valueMap,
      transformed,
      unmappedPolicy(mapping, field),
      input.rules.multiSeparator?.(field),
    );
    if (!mapped.ok) return refuse(planned, notInValueMap(mapped.unmapped, field));
    mappedValue = mapped.value;
  }
  // A value the map skips, or maps to "", is empty: it never clears a field.
  if (mappedValue === undefined || isEmptyValue(mappedValue)) return skip(planned, 'empty');
  planned.mapped = mappedValue;

  const coerced = input.rules.coerce(field, mappedValue);
  if (!coerced.ok) return refuse(planned, coerced.error);
  planned.value = coerced.value;

  return decide(planned, field, mapping, current, input.rules);
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

/** DESIGN §6: option lists refuse what the map lacks by default (the platform would reject it); free fields pass it on. */
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

/** DESIGN §2: null, "" and whitespace are empty, and an empty value never clears a field. */
function isEmptyValue(v: ContextValue): boolean {
  if (v === null) return true;
  if (typeof v !== 'string') return false;
  // Most values start with a visible ASCII character: not empty, without trimming a long text.
  const first = v.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return v.trim().length === 0;
}

// ─── Context keys ────────────────────────────────────────────────────────────────────────────────

/**
 * `normaliseKey` (NFKC, lower case, a regular expression) for the same few hundred strings on
 * every handoff — the context's keys and the mappings' sources — kept here so each is normalised
 * once. Bounded: a page sending ever new keys empties it rather than growing it.
 */
const normalisedKeys = new Map<string, string>();
const NORMALISED_KEYS_MAX = 4_096;

function normalisedKey(key: string): string {
  let norm = normalisedKeys.get(key);
  if (norm === undefined) {
    norm = normaliseKey(key);
    if (normalisedKeys.size >= NORMALISED_KEYS_MAX) normalisedKeys.clear();
    normalisedKeys.set(key, norm);
  }
  return norm;
}

/** Normalised key → the context's own spelling of it. */
type ContextIndex = { keys: Map<string, string>; values: ContextValues };

function indexContext(context: ContextValues): ContextIndex {
  const keys = new Map<string, string>();
  for (const key of Object.keys(context)) {
    const norm = normalisedKey(key);
    // The parser refuses duplicates; a context built elsewhere keeps its first spelling.
    if (!keys.has(norm)) keys.set(norm, key);
  }
  return { keys, values: context };
}

interface Collected {
  /** The keys the value came from; for an empty value, the keys that were present but empty. */
  keys: string[];
  raw?: ContextValue;
}

/** `first`: the first non-empty source; `join`: every non-empty source, joined with the separator. */
function collectValue(mapping: Mapping, context: ContextIndex): Collected {
  const sources = mapping.sources;
  if (sources.length === 1) {
    // Most mappings read one key: no lists to build.
    const key = context.keys.get(normalisedKey(sources[0] as string));
    return key === undefined ? { keys: [] } : { keys: [key], raw: context.values[key] };
  }
  // Two sources may spell the same key ("Account Tier", "account_tier"): count it once.
  const hits: string[] = [];
  for (const source of sources) {
    const key = context.keys.get(normalisedKey(source));
    if (key !== undefined && !hits.includes(key)) hits.push(key);
  }
  const full: string[] = [];
  for (const key of hits) if (!isEmptyValue(context.values[key] as ContextValue)) full.push(key);
  const first = full[0];
  if (first === undefined) {
    const present = hits[0];
    return present === undefined ? { keys: [] } : { keys: hits, raw: context.values[present] };
  }
  if (mapping.combine === 'first' || full.length === 1) {
    return { keys: [first], raw: context.values[first] };
  }
  return {
    keys: full,
    raw: full.map((key) => String(context.values[key])).join(mapping.separator),
  };
}

// ─── Field catalog ───────────────────────────────────────────────────────────────────────────────

interface FieldIndex {
  /** Exact API name first; else a case-insensitive match (Salesforce API names ignore case). */
  find(name: string): FieldSpec | undefined;
}

function indexFields(fields: FieldSpec[]): FieldIndex {
  const exact = new Map<string, FieldSpec>();
  for (const f of fields) if (!exact.has(f.name)) exact.set(f.name, f);
  // Mappings name their field as the catalog spells it, nearly always: fold the names only when
  // one does not.
  let folded: Map<string, FieldSpec> | undefined;
  return {
    find(name) {
      const hit = exact.get(name);
      if (hit !== undefined) return hit;
      if (folded === undefined) {
        folded = new Map();
        for (const f of fields) {
          const lower = f.name.toLowerCase();
          if (!folded.has(lower)) folded.set(lower, f);
        }
      }
      return folded.get(name.trim().toLowerCase());
    },
  };
}
