/**
 * A value as the console shows it, not as the API stores it: an option list's labels for its API
 * values ("Premium" for `tier_premium`; a multi-select's items joined with ", "), and whether the
 * value is a date or a date and time, which the widget then writes in the agent's locale (the
 * background does not know it). Pure; the catalog's field and the platform's rules decide.
 */
import type { FieldOutcome } from '../handoff/types';
import type { FieldRules, FieldSpec } from '../platforms/types';
import { displayValue } from './compare';

export type ConsoleValue = Pick<FieldOutcome, 'display' | 'dateKind'>;

/** What the outcome adds to its `value` for the widget; nothing when the stored text is what shows. */
export function consoleValue(
  field: FieldSpec | undefined,
  rules: FieldRules,
  value: unknown,
): ConsoleValue {
  if (!field || value === undefined || value === null || value === '') return {};
  const dateKind = rules.dateKind?.(field);
  if (dateKind) return { dateKind };
  if (!field.options?.length) return {};
  const labels = new Map(field.options.map((o) => [o.value, o.label]));
  const separator = rules.multiSeparator?.(field);
  const text = String(value);
  const items = Array.isArray(value) ? value : separator ? text.split(separator) : [text];
  const display = items.map((item) => labels.get(String(item)) || String(item)).join(', ');
  return display === displayValue(value) ? {} : { display };
}
