/**
 * Mappings: which context keys fill which field. The same schema validates the popup's edits, the
 * IndexedDB rows, imported files and the CLI's input (docs/files.md, "Mappings").
 */
import { z } from 'zod';
import { PlatformId } from '../platforms/types';
import { DATE_FORMATS, isTimeZone } from './dates';

export const Transform = z.enum(['trim', 'lower', 'upper', 'collapse-spaces']);
export type Transform = z.infer<typeof Transform>;

export const ValueMapEntry = z.object({
  from: z.string().min(1, 'a value map entry needs a "from" value'),
  to: z.string(),
});
export type ValueMapEntry = z.infer<typeof ValueMapEntry>;

export const WritePolicy = z.enum(['fill-empty', 'overwrite']);
export type WritePolicy = z.infer<typeof WritePolicy>;

/** How a bot writes dates for a date or date-time target (lib/mapping/dates.ts). */
export const DateFormat = z.enum(DATE_FORMATS);
export type DateFormat = z.infer<typeof DateFormat>;

/** An IANA time zone name, as Intl knows it: local date-times of a bot are read in it. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .check((ctx) => {
    if (isTimeZone(ctx.value)) return;
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `must be an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC", not ${JSON.stringify(ctx.value.slice(0, 60))}${/^[+-]\d/.test(ctx.value) ? ' (an offset belongs in the value itself)' : ''}`,
    });
  });

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
  /** Absent means ISO 8601. Only date and date-time targets read it. */
  dateFormat: DateFormat.optional(),
  /** Where a bot's local date-times are: absent means a time without an offset is UTC. */
  timeZone: TimeZone.optional(),
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
 * It accepts exactly the mappings `Mapping` accepts, with the same result — and mappings without
 * an id, which import gives one (lib/mapping/file.ts).
 */
export const MappingFileEntry = z.strictObject({
  ...Mapping.shape,
  /** Optional in a file: import makes one from the platform, object and field (mapping-id.ts). */
  id: Mapping.shape.id.optional(),
  valueMap: z.array(z.strictObject(ValueMapEntry.shape)).default([]),
});

export const MappingsFile = z.strictObject({
  /** Lets an editor find the JSON Schema (`docs/mappings.schema.json`); ignored on import. */
  $schema: z.string().optional(),
  format: z.literal(MAPPINGS_FORMAT),
  version: z.literal(MAPPINGS_VERSION),
  mappings: z.array(MappingFileEntry),
});
/** A mappings file as import reads it: every mapping with its id, given or made. */
export type MappingsFile = Omit<z.infer<typeof MappingsFile>, 'mappings'> & { mappings: Mapping[] };
/** A mappings file as written by hand or by export: everything with a default may be left out. */
export type MappingsFileInput = z.input<typeof MappingsFile>;
