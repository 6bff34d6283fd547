/**
 * Mappings: which context keys fill which field. The same schema validates the popup's edits, the
 * IndexedDB rows, imported files and the CLI's input (DESIGN §6, "the mappings file").
 */
import { z } from 'zod';
import { PlatformId } from '../platforms/types';

export const Transform = z.enum(['trim', 'lower', 'upper', 'collapse-spaces']);
export type Transform = z.infer<typeof Transform>;

export const ValueMapEntry = z.object({
  from: z.string().min(1, 'a value map entry needs a "from" value'),
  to: z.string(),
});
export type ValueMapEntry = z.infer<typeof ValueMapEntry>;

export const WritePolicy = z.enum(['fill-empty', 'overwrite']);
export type WritePolicy = z.infer<typeof WritePolicy>;

export const Mapping = z.object({
  id: z.string().min(1).max(200),
  platform: PlatformId,
  object: z.string().min(1, 'choose the object (e.g. Case)').max(100),
  field: z.string().min(1, 'choose the target field').max(200),
  sources: z
    .array(z.string().trim().min(1, 'a source key cannot be empty').max(200))
    .min(1, 'add at least one context key'),
  combine: z.enum(['first', 'join']).default('first'),
  separator: z.string().max(20).default(', '),
  valueMap: z.array(ValueMapEntry).default([]),
  /** Absent means the default for the target's type: refuse for option lists, pass otherwise. */
  unmapped: z.enum(['refuse', 'pass', 'skip']).optional(),
  transforms: z.array(Transform).default([]),
  policy: WritePolicy.default('fill-empty'),
  enabled: z.boolean().default(true),
});
export type Mapping = z.infer<typeof Mapping>;
/** A mapping as written by hand or in a file: everything with a default may be left out. */
export type MappingInput = z.input<typeof Mapping>;

export const MappingsFile = z.object({
  format: z.literal('handoff-fields/mappings'),
  version: z.literal(1),
  mappings: z.array(Mapping),
});
export type MappingsFile = z.infer<typeof MappingsFile>;
