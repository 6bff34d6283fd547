/** The QA journal's status filters, as plain values: the QA view lists them without loading zod. */
export const journalStatusFilters = [
  'done',
  'pending',
  'failed',
  'awaiting-confirmation',
  'declined',
  'verify-only',
  'refused-context',
  'has-different-fields',
] as const;
