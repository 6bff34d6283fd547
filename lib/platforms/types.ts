/**
 * The contract every platform adapter fulfils. Platform-neutral code (planner, engine, widget) only
 * ever sees these shapes; everything that knows a platform's URLs, types or errors lives in
 * lib/platforms/<platform>/.
 */
import { z } from 'zod';
import { platformIds } from './ids';

export { platformIds } from './ids';
export const PlatformId = z.enum(platformIds);
export type PlatformId = z.infer<typeof PlatformId>;

/** Who wrote a transcript message, as far as the adapter can tell. Trust decisions hang on this. */
export const Author = z.enum(['bot', 'customer', 'agent', 'system', 'unknown']);
export type Author = z.infer<typeof Author>;

/**
 * The record open in the console. `org` is the platform's org handle as seen in the host name
 * (Salesforce My Domain prefix, e.g. `acme` or `acme--uat.sandbox`; Kustomer org name).
 */
export const RecordRef = z.object({
  platform: PlatformId,
  org: z.string().min(1).max(200),
  object: z.string().min(1).max(100),
  id: z.string().min(1).max(64),
});
export type RecordRef = z.infer<typeof RecordRef>;

/** One option of a picklist / enumeration / tree target. */
export const FieldOption = z.object({
  value: z.string(),
  label: z.string(),
  active: z.boolean(),
});
export type FieldOption = z.infer<typeof FieldOption>;

/**
 * A target field as the planner needs it, derived from the platform's describe/metadata.
 * `type` keeps the platform's own type name (Salesforce `picklist`, `double`…; Kustomer `Str`…):
 * only the platform's coercer interprets it.
 */
export const FieldSpec = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  length: z.number().int().nonnegative().optional(),
  precision: z.number().int().nonnegative().optional(),
  scale: z.number().int().nonnegative().optional(),
  options: z.array(FieldOption).optional(),
  /** A restricted picklist refuses values outside `options`. */
  restricted: z.boolean().optional(),
  updateable: z.boolean(),
  /** Computed by the platform (formula, roll-up): never writable. */
  calculated: z.boolean().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

export const Catalog = z.object({
  platform: PlatformId,
  org: z.string(),
  object: z.string(),
  fields: z.array(FieldSpec),
  fetchedAt: z.number(),
});
export type Catalog = z.infer<typeof Catalog>;

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
}

/** A transcript message as the content script saw it. */
export const CandidateMessage = z.object({
  platformMessageId: z.string().min(1).max(200),
  author: Author,
  text: z.string().max(70_000),
  /**
   * The content script saw this message id earlier in this page with another text: the message was
   * edited after it was posted, and its context is not used (it can only make the check stricter).
   */
  edited: z.literal(true).optional(),
});
export type CandidateMessage = z.infer<typeof CandidateMessage>;
