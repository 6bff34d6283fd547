/**
 * The QA journal's filter choices, as plain values: the QA view lists them without loading zod
 * (filter.ts validates them with zod in the background).
 */
export const journalStatusFilters = [
  'done',
  'pending',
  'failed',
  'awaiting-confirmation',
  'declined',
  'verify-only',
  'refused-context',
  'has-refused-fields',
  'has-different-fields',
] as const;

/**
 * What the field filter may ask of a field besides its name: its outcome (`kept`: skipped because
 * the record's own value was kept), or how its read-back came out (`verified`, `different`).
 */
export const journalFieldOutcomes = [
  'written',
  'refused',
  'kept',
  'skipped',
  'pending',
  'planned',
  'checked',
  'verified',
  'different',
] as const;
