/**
 * Mappings: which context keys fill which field. The same schema validates the popup's edits, the
 * IndexedDB rows, imported files and the CLI's input (docs/files.md, "Mappings").
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

export const MAPPINGS_FORMAT = 'handoff-fields/mappings';
/** The newest mappings file version this code reads and writes. */
export const MAPPINGS_VERSION = 1;

/**
 * The mappings file as written on disk (lib/mapping/file.ts reads and writes it; the JSON Schema in
 * docs/ is generated from it). Stricter than `Mapping`: a hand-edited file with an unknown or
 * misspelt key ("polcy") is refused with that key's path, rather than the key silently doing nothing.
 * It accepts exactly the mappings `Mapping` accepts, with the same result.
 */
export const MappingFileEntry = z.strictObject({
  ...Mapping.shape,
  valueMap: z.array(z.strictObject(ValueMapEntry.shape)).default([]),
});

export const MappingsFile = z.strictObject({
  /** Lets an editor find the JSON Schema (`docs/mappings.schema.json`); ignored on import. */
  $schema: z.string().optional(),
  format: z.literal(MAPPINGS_FORMAT),
  version: z.literal(MAPPINGS_VERSION),
  mappings: z.array(MappingFileEntry),
});
export type MappingsFile = z.infer<typeof MappingsFile>;
/** A mappings file as written by hand or by export: everything with a default may be left out. */
export type MappingsFileInput = z.input<typeof MappingsFile>;
