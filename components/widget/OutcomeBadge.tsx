import type { FieldOutcome } from '../../lib/handoff/types';
import { outcomeWords } from './view-text';

/** A field's outcome in words; the colour only repeats what the words say. */
export function OutcomeBadge({ field }: { field: FieldOutcome }) {
  return (
    <span class={`hf-badge hf-badge--${field.outcome}`} data-outcome={field.outcome}>
      {field.outcome === 'pending' && <span class="hf-spinner" aria-hidden="true" />}
      {outcomeWords(field)}
    </span>
  );
}
