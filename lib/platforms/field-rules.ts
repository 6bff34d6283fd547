/**
 * What a platform's value rules see and answer: a target field and the verdict on a value for it.
 * Plain types without zod, so the platform descriptors that the pages and the zod schemas read
 * (descriptor-registry.ts) can use them without importing types.ts, which imports that registry;
 * types.ts checks that its zod schemas describe exactly these shapes.
 */

/** One option of a picklist / enumeration / tree target. */
export interface FieldOption {
  value: string;
  label: string;
  active: boolean;
}

/**
 * A target field as the planner needs it, derived from the platform's describe/metadata.
 * `type` keeps the platform's own type name (Salesforce `picklist`, `double`…; Kustomer `Str`…):
 * only the platform's coercer interprets it.
 */
export interface FieldSpec {
  name: string;
  label: string;
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
  options?: FieldOption[];
  /** A restricted picklist refuses values outside `options`. */
  restricted?: boolean;
  updateable: boolean;
  /** Computed by the platform (formula, roll-up): never writable. */
  calculated?: boolean;
}

/** The result of coercing one context value to a target field's type. */
export type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

/** The pure, platform-specific rules the planner needs. */
export interface FieldRules {
  /** Coerce and validate a (mapped) context value for the field; the error reads well to an agent. */
  coerce(field: FieldSpec, raw: string | number | boolean): Coerced;
  /** Whether a current value counts as empty (fill-empty writes only into empty fields); a Salesforce checkbox is never null, so `false` is its empty. */
  isEmpty(field: FieldSpec, current: unknown): boolean;
  /** Whether the current value already equals the coerced one, so nothing needs writing. */
  same(field: FieldSpec, current: unknown, next: unknown): boolean;
  /**
   * For a field that holds several values in one string (Salesforce multipicklist `A;B`), the
   * separator, so the planner applies value maps item by item; undefined for single-valued fields.
   */
  multiSeparator?(field: FieldSpec): string | undefined;
  /**
   * Whether the field holds a date or a date and time, so that a mapping's `dateFormat` and
   * `timeZone` apply to it (lib/mapping/dates.ts turns the bot's text into ISO 8601 before
   * `coerce`); undefined for every other field.
   */
  dateKind?(field: FieldSpec): 'date' | 'datetime' | undefined;
}
