/**
 * Verify (docs/filling-rules.md, "Verify"): the record's values, read back from the platform, against what the context
 * says through the mappings. Pure: the planner's coerced value is the expectation and the platform
 * adapter's `same` rule decides equality, so a Salesforce datetime read back as `…+0000` matches
 * the `…Z` that was written, and a multi-select matches in any order.
 */
import type { FieldVerification } from '../handoff/types';
import type { FieldRules, FieldSpec } from '../platforms/types';
import type { PlannedField } from './plan-types';

export interface VerifyStamp {
  at: number;
  by: FieldVerification['by'];
}

/**
 * The planned fields that say what the record should hold — a coerced value the planner wrote,
 * found unchanged, or kept under fill-empty — each compared with the record's value in `actual`
 * (by field API name, any case). Empty and refused fields say nothing, so they are not compared.
 * Keyed by the field's API name in lower case.
 */
export function compareWithRecord(
  planned: readonly PlannedField[],
  actual: Readonly<Record<string, unknown>>,
  fields: readonly FieldSpec[],
  rules: FieldRules,
  stamp: VerifyStamp,
): Map<string, FieldVerification> {
  const specs = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const read = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v]));
  const out = new Map<string, FieldVerification>();
  for (const p of planned) {
    if (p.action === 'refuse' || p.value === undefined) continue;
    const key = p.field.toLowerCase();
    const spec = specs.get(key);
    if (!spec || out.has(key)) continue;
    const value = read.get(key);
    out.set(key, {
      state: rules.same(spec, value, p.value) ? 'verified' : 'different',
      expected: displayValue(p.value),
      actual: displayValue(value),
      at: stamp.at,
      by: stamp.by,
    });
  }
  return out;
}

/** A platform value as the widget and the journal show it: null when empty. */
export function displayValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.length ? value.map((v) => String(v)).join(', ') : null;
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return text === '' ? null : text;
}
