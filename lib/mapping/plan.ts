/**
 * The planner: (context, mappings, field catalog, current values) → what to write, skip or refuse,
 * and why (docs/filling-rules.md). Pure and synchronous — no I/O, no clock — so every rule of filling is tested
 * here, and the engine only carries the plan out.
 *
 * Per enabled mapping, in order: find the target field → refuse a second mapping on the same field →
 * refuse a read-only field → collect the value from the context keys → skip an empty value → apply
 * transforms → split a multi-select value on `;` or `,` → apply the value map → read a date in the
 * mapping's format → coerce to the field's type → skip a value equal to the current one → keep an
 * existing value under `fill-empty` → write.
 *
 * It runs for every record of every handoff (the bench's planner line: 50 mappings, a 50-key
 * context), so what does not change from one handoff to the next is kept between calls: each key
 * spelling's normalised form, and each catalog's index. Only derived data is kept, checked or
 * stamped so that a plan still depends on its input alone.
 */
import { normaliseKey } from '../context/normalise';
import type { ContextValue, ContextValues } from '../context/types';
import type { RefusalKind } from '../handoff/types';
import type { Coerced, FieldRules, FieldSpec } from '../platforms/types';
import { readDate } from './dates';
import { sourcesText } from './naming';
import type { FillPlan, PlanInput, PlannedField, SkipReason } from './plan-types';
import type { Mapping } from './schema';
import { applyTransforms } from './transforms';
import { applyValueMap, lookupValue, matchKey, type UnmappedPolicy } from './value-map';

export function planFill(input: PlanInput): FillPlan {
  const generation = ++lastGeneration;
  const context = indexContext(input.context, generation);
  const catalog = indexFields(input.fields);
  const fields: PlannedField[] = [];
  /** The one update body, filled as each field is planned `write`, in the plan's order. */
  const write: Record<string, unknown> = {};
  for (const mapping of input.mappings) {
    if (mapping.enabled) fields.push(planMapping(mapping, context, catalog, input, write));
  }
  return { fields, write };
}

function planMapping(
  mapping: Mapping,
  context: ContextIndex,
  catalog: FieldIndex,
  input: PlanInput,
  write: Record<string, unknown>,
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

  const at = findField(catalog, mapping.field);
  const field = at < 0 ? undefined : catalog.specs[at];
  if (field === undefined) {
    return refuse(
      planned,
      `${mapping.field} is not a field of ${mapping.object} in the field catalog: import the fields again or fix the mapping`,
      'not-in-catalog',
    );
  }
  // Read once: catalog fields come in many shapes, so each property read is a slow lookup.
  const name = field.name;
  const label = field.label;
  planned.field = name;
  planned.label = label;
  const hasCurrent = Object.hasOwn(input.current, name);
  const current = input.current[name];
  if (hasCurrent) planned.current = current;

  // The first mapping on a field owns it for this plan; a later one is refused.
  if (catalog.ownerPlan[at] === context.generation) {
    const owner = catalog.owner[at] as Mapping;
    return refuse(
      planned,
      `${label} is already filled by another mapping of this field, from ${sourcesText(owner)}, which comes first: one field takes one mapping`,
      'duplicate-mapping',
    );
  }
  catalog.ownerPlan[at] = context.generation;
  catalog.owner[at] = mapping;

  if (!field.updateable || field.calculated) {
    return refuse(
      planned,
      `${label} (${name}) is read-only for you: a formula or field-level security`,
      'read-only',
    );
  }
  const raw = source.raw;
  if (raw === undefined || isEmptyValue(raw)) return skip(planned, 'empty');
  // Not null from here on: isEmptyValue counts null as empty.
  const value = raw as string | number | boolean;

  const transformed = applyTransforms(value, mapping.transforms);
  if (isEmptyValue(transformed)) return skip(planned, 'empty');

  const rules = input.rules;
  const mapped = mapValue(mapping, field, rules, transformed);
  if (!mapped.ok) return refuse(planned, mapped.error, 'not-a-choice');
  const mappedValue = mapped.value;
  // A value the map skips, or maps to "", is empty: it never clears a field.
  if (mappedValue === undefined || isEmptyValue(mappedValue)) return skip(planned, 'empty');
  planned.mapped = mappedValue;

  const coerced = coerceValue(mapping, field, rules, mappedValue);
  if (!coerced.ok) return refuse(planned, coerced.error, refusalKind(field, rules, mappedValue));
  const next = coerced.value;
  planned.value = next;

  // Compared with the record: equal → unchanged; something already there under fill-empty → kept.
  if (rules.same(field, current, next)) return skip(planned, 'unchanged');
  if (mapping.policy === 'fill-empty' && !rules.isEmpty(field, current)) {
    return skip(planned, 'kept-existing');
  }
  planned.action = 'write';
  addToWrite(write, name, next);
  return planned;
}

/** Adds a field to the update body, as an own property whatever its name. */
function addToWrite(write: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') {
    // Assigning `__proto__` would set the prototype: define it as an own property instead, so
    // even a field of that name cannot reach a prototype (what Object.fromEntries would do).
    Object.defineProperty(write, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else write[name] = value;
}

/** docs/files.md, `unmapped`: option lists refuse what the map lacks by default (the platform would reject it); free fields pass it on. */
function unmappedPolicy(mapping: Mapping, field: FieldSpec): UnmappedPolicy {
  return mapping.unmapped ?? (field.options !== undefined ? 'refuse' : 'pass');
}

type Mapped =
  | { ok: true; value: string | number | boolean | undefined }
  | { ok: false; error: string };

/**
 * A multi-select value split on `;` or `,` when its own separator does not give known items
 * (`Router, Modem` → `Router;Modem` for Salesforce), then the value map. Under `refuse`, an item
 * the map lacks that is itself one of the field's values (API value or label) passes on.
 */
function mapValue(
  mapping: Mapping,
  field: FieldSpec,
  rules: FieldRules,
  value: string | number | boolean,
): Mapped {
  const separator = rules.multiSeparator?.(field);
  const isOption = field.options === undefined ? undefined : optionTest(field);
  let v = value;
  if (separator !== undefined && typeof v === 'string' && (isOption || mapping.valueMap.length)) {
    const known = (item: string) =>
      isOption?.(item) === true || lookupValue(mapping.valueMap, item).found;
    v = joinKnownItems(v, separator, known);
  }
  if (mapping.valueMap.length === 0) return { ok: true, value: v };
  const policy = unmappedPolicy(mapping, field);
  const mapped = applyValueMap(mapping.valueMap, v, policy, separator, isOption);
  return mapped.ok ? mapped : { ok: false, error: notInValueMap(mapped.unmapped, field) };
}

/** `A, B` or `A; B` as `A<separator>B` when every item is known; otherwise the value as it is. */
function joinKnownItems(
  value: string,
  separator: string,
  known: (item: string) => boolean,
): string {
  if (!value.includes(';') && !value.includes(',')) return value;
  const items = (text: string, on: string | RegExp) =>
    text
      .split(on)
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  if (items(value, separator).every(known)) return value;
  const any = items(value, /[;,]/);
  return any.length > 1 && any.every(known) ? any.join(separator) : value;
}

/**
 * Whether a text names one of the field's values, by API value or label, active or not (the
 * field's coercion takes the active ones and refuses the others by name). Kept per field: the same
 * catalog fields come back handoff after handoff.
 */
const optionTests = new WeakMap<FieldSpec, (item: string) => boolean>();

function optionTest(field: FieldSpec): (item: string) => boolean {
  let test = optionTests.get(field);
  if (test === undefined) {
    const names = new Set<string>();
    for (const o of field.options ?? []) {
      names.add(matchKey(o.value));
      names.add(matchKey(o.label));
    }
    test = (item) => names.has(matchKey(item));
    optionTests.set(field, test);
  }
  return test;
}

function notInValueMap(values: string[], field: FieldSpec): string {
  const listed = values.map((v) => `'${v}'`).join(', ');
  const verb = values.length === 1 ? 'is' : 'are';
  const values_ = field.options === undefined ? '' : `, nor one of its values`;
  return `${listed} ${verb} not in the value map of ${field.label}${values_}`;
}

/**
 * The field's coercion, after reading a date in the mapping's format and time zone for a date or
 * date-time target (dates.ts): the platform's rules then see ISO 8601, as they expect.
 */
function coerceValue(
  mapping: Mapping,
  field: FieldSpec,
  rules: FieldRules,
  value: string | number | boolean,
): Coerced {
  if (
    (mapping.dateFormat === undefined && mapping.timeZone === undefined) ||
    typeof value !== 'string'
  ) {
    return rules.coerce(field, value);
  }
  const kind = rules.dateKind?.(field);
  if (kind === undefined) return rules.coerce(field, value);
  const read = readDate(value, kind, mapping.dateFormat ?? 'ISO', mapping.timeZone, field.label);
  return read.ok ? rules.coerce(field, read.value) : read;
}

function refuse(planned: PlannedField, reason: string, kind: RefusalKind): PlannedField {
  planned.action = 'refuse';
  planned.reason = reason;
  planned.refusal = kind;
  return planned;
}

/** What kind of value a field's type refused, from the field alone (the message stays the detail). */
function refusalKind(
  field: FieldSpec,
  rules: FieldRules,
  value: string | number | boolean,
): RefusalKind {
  if (field.options !== undefined) return 'not-a-choice';
  if (rules.dateKind?.(field) !== undefined) return 'bad-date';
  if (typeof value === 'string' && field.length && value.trim().length > field.length) {
    return 'too-long';
  }
  return 'bad-format';
}

function skip(planned: PlannedField, reason: SkipReason): PlannedField {
  planned.action = 'skip';
  planned.reason = reason;
  return planned;
}

/** docs/filling-rules.md: null, "" and whitespace are empty, and an empty value never clears a field. */
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
 * One slot per normalised key, shared by every spelling of it (context keys and mapping sources):
 * `normaliseKey` (NFKC, lower case, a regular expression) runs once per spelling, not on every
 * handoff. A plan marks the slots of its context's keys with its own generation number, so looking
 * a source up is one Map read, and no index is built per plan. Bounded: emptied between plans once
 * it holds more spellings than a few contexts and mapping sets have.
 */
interface KeySlot {
  /** The plan that last saw this key in its context… */
  generation: number;
  /** …and the context's first spelling of it there. */
  key: string;
}
const slotsBySpelling = new Map<string, KeySlot>();
const slotsByNorm = new Map<string, KeySlot>();
const SPELLINGS_MAX = 8_192;
let lastGeneration = 0;

function slotOf(spelling: string): KeySlot {
  let slot = slotsBySpelling.get(spelling);
  if (slot === undefined) {
    const norm = normaliseKey(spelling);
    slot = slotsByNorm.get(norm);
    if (slot === undefined) {
      slot = { generation: 0, key: '' };
      slotsByNorm.set(norm, slot);
    }
    slotsBySpelling.set(spelling, slot);
  }
  return slot;
}

/** The context of one plan: its values and its generation (planFill never runs inside itself). */
type ContextIndex = { generation: number; values: ContextValues };

function indexContext(context: ContextValues, generation: number): ContextIndex {
  if (slotsBySpelling.size > SPELLINGS_MAX) {
    slotsBySpelling.clear();
    slotsByNorm.clear();
  }
  for (const key of Object.keys(context)) {
    const slot = slotOf(key);
    // The parser refuses duplicates; a context built elsewhere keeps its first spelling.
    if (slot.generation !== generation) {
      slot.generation = generation;
      slot.key = key;
    }
  }
  return { generation, values: context };
}

/** The context's spelling of a source key, if the context has it. */
function contextKey(context: ContextIndex, source: string): string | undefined {
  const slot = slotOf(source);
  return slot.generation === context.generation ? slot.key : undefined;
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
    const key = contextKey(context, sources[0] as string);
    return key === undefined ? { keys: [] } : { keys: [key], raw: context.values[key] };
  }
  // Two sources may spell the same key ("Account Tier", "account_tier"): count it once.
  const hits: string[] = [];
  for (const source of sources) {
    const key = contextKey(context, source);
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

/** A catalog's fields by API name, and which mapping owns each field in the plan being made. */
interface FieldIndex {
  /** The catalog's fields as indexed (a copy: the caller's array may change after). */
  specs: FieldSpec[];
  /** Their names as indexed. */
  names: string[];
  /** API name → position of the first field with it. */
  exact: Map<string, number>;
  /** Lower-case API name → position: built on the first name `exact` does not know. */
  folded?: Map<string, number>;
  /** Per position: the generation of the plan whose mapping took the field, and that mapping. */
  ownerPlan: number[];
  owner: (Mapping | undefined)[];
}

/**
 * The background keeps the catalog it read until the next write (lib/store/catalogs.ts), so the
 * same array comes back handoff after handoff: its index is kept beside it. Before use, the array is
 * compared with the copy taken then (a few dozen pointer and string comparisons), so an array
 * changed in place gets a fresh index rather than a stale one.
 */
const fieldIndexes = new WeakMap<readonly FieldSpec[], FieldIndex>();

function indexFields(fields: FieldSpec[]): FieldIndex {
  const kept = fieldIndexes.get(fields);
  if (kept !== undefined && sameFields(fields, kept)) return kept;
  const specs = fields.slice();
  const names = specs.map((f) => f.name);
  const exact = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (!exact.has(name)) exact.set(name, i);
  }
  const index: FieldIndex = {
    specs,
    names,
    exact,
    ownerPlan: specs.map(() => 0),
    owner: specs.map(() => undefined),
  };
  fieldIndexes.set(fields, index);
  return index;
}

function sameFields(fields: readonly FieldSpec[], index: FieldIndex): boolean {
  const { specs, names } = index;
  if (fields.length !== specs.length) return false;
  for (let i = 0; i < specs.length; i++) {
    const f = fields[i] as FieldSpec;
    if (f !== specs[i] || f.name !== names[i]) return false;
  }
  return true;
}

/** Exact API name first; else a case-insensitive match (Salesforce API names ignore case); -1 if none. */
function findField(index: FieldIndex, name: string): number {
  const hit = index.exact.get(name);
  if (hit !== undefined) return hit;
  // Mappings name their field as the catalog spells it, nearly always: fold only when one does not.
  let folded = index.folded;
  if (folded === undefined) {
    folded = new Map();
    for (let i = 0; i < index.names.length; i++) {
      const lower = (index.names[i] as string).toLowerCase();
      if (!folded.has(lower)) folded.set(lower, i);
    }
    index.folded = folded;
  }
  return folded.get(name.trim().toLowerCase()) ?? -1;
}
