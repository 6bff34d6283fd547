import type { ContextValue, ContextValues } from '../context/types';
import type { RefusalKind } from '../handoff/types';
import type { FieldRules, FieldSpec } from '../platforms/types';
import type { Mapping } from './schema';

/** Why a field is not written. Refusals carry a human-readable error instead. */
export type SkipReason = 'empty' | 'unchanged' | 'kept-existing';

export interface PlannedField {
  mappingId: string;
  object: string;
  field: string;
  /** The catalog label, or the API name when the field is not in the catalog. */
  label: string;
  /** The context key(s) the value came from (as written in the context), empty when none matched. */
  sourceKeys: string[];
  /** The value as the context gave it (joined when `combine: join`); undefined when absent. */
  raw?: ContextValue;
  /** After transforms and the value map, before type coercion. */
  mapped?: string | number | boolean;
  /** The coerced value that would be sent to the platform. */
  value?: unknown;
  /** The record's current value, when known. */
  current?: unknown;
  action: 'write' | 'skip' | 'refuse';
  /** A SkipReason for `skip`; the error message for `refuse`. */
  reason?: string;
  /** `refuse`: what kind of refusal, for the agent's sentence (agent-words.ts). */
  refusal?: RefusalKind;
}

export interface FillPlan {
  fields: PlannedField[];
  /** The one update body: field API name → coerced value, only the `write` fields. */
  write: Record<string, unknown>;
}

export interface PlanInput {
  context: ContextValues;
  /** Mappings for this platform and object; disabled ones are ignored. */
  mappings: Mapping[];
  /** The target object's fields (from the catalog). */
  fields: FieldSpec[];
  /** The record's current values, by field API name; absent keys count as empty. */
  current: Record<string, unknown>;
  rules: FieldRules;
}
