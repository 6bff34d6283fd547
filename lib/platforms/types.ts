/**
 * The contract every platform adapter fulfils. Platform-neutral code (planner, engine, widget) only
 * ever sees these shapes; everything that knows a platform's URLs, types or errors lives in
 * lib/platforms/<platform>/.
 */
import { z } from 'zod';
import { isPlatformId, platformIds } from './descriptor-registry';
import type { FieldOption as FieldOptionShape, FieldSpec as FieldSpecShape } from './field-rules';

export { platformIds } from './descriptor-registry';
export type { Coerced, FieldRules } from './field-rules';

/**
 * A platform id, checked against the registry when it is parsed (descriptor-registry.ts): any id a
 * platform is registered under, and none other. Not a fixed enum, so that a test can register a
 * made-up platform and run it through every schema; the TypeScript type is a plain string, so no
 * code can switch over the ids — it asks the registry instead. `message` replaces zod's words
 * (settings name the choices their own way).
 */
export function platformIdSchema(message?: () => string) {
  const schema = z.string(message ? { error: message } : undefined).check((ctx) => {
    if (isPlatformId(ctx.value)) return;
    ctx.issues.push({
      code: 'invalid_value',
      values: [...platformIds],
      input: ctx.value,
      ...(message ? { message: message() } : {}),
    });
  });
  // JSON Schema (docs/mappings.schema.json) lists the platforms as an enum, as editors expect.
  return schema.meta({ enum: [...platformIds] });
}
export const PlatformId = platformIdSchema();
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
true satisfies SameShape<FieldOption, FieldOptionShape>;

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
true satisfies SameShape<FieldSpec, FieldSpecShape>;

export const Catalog = z.object({
  platform: PlatformId,
  org: z.string(),
  object: z.string(),
  fields: z.array(FieldSpec),
  fetchedAt: z.number(),
});
export type Catalog = z.infer<typeof Catalog>;

/** `true` when the zod schema's type and the plain one in field-rules.ts accept the same values. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

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
  /**
   * Set by the API readers only: the API's own words that decided the author (`role EndUser`,
   * `direction out · app kustomer-assist`), for "What it sees". Never used to decide anything.
   */
  basis: z.string().max(200).optional(),
});
export type CandidateMessage = z.infer<typeof CandidateMessage>;
