import type { FieldOutcome } from '../../lib/handoff/types';
import { OutcomeBadge } from './OutcomeBadge';
import { verificationWords } from './view-text';

/**
 * One row per mapped field: which field, which value, what happened. A table so a screen reader
 * announces "Field / Value / Result" with each cell. Values and reasons come from the page or the
 * platform, so they are text nodes only; long ones are clamped by CSS with the full text in `title`.
 */
export function FieldOutcomesTable({ fields }: { fields: readonly FieldOutcome[] }) {
  return (
    <table class="hf-fields">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <FieldOutcomeRow key={`${f.object ?? ''}.${f.field}`} field={f} />
        ))}
      </tbody>
    </table>
  );
}

function FieldOutcomeRow({ field }: { field: FieldOutcome }) {
  const showApiName = field.label !== field.field;
  return (
    <tr
      class={`hf-field hf-field--${field.outcome}`}
      data-field={field.field}
      data-object={field.object}
    >
      <th scope="row" class="hf-field__name">
        <span class="hf-clamp" title={field.label}>
          {field.label}
        </span>
        {showApiName && (
          <span class="hf-api-name" title={field.field}>
            {field.field}
          </span>
        )}
      </th>
      <td class="hf-field__value">
        {field.value === null ? (
          <span class="hf-muted">
            <span aria-hidden="true">—</span>
            <span class="hf-sr-only">no value</span>
          </span>
        ) : (
          <span class="hf-clamp" title={field.value}>
            {field.value}
          </span>
        )}
      </td>
      <td class="hf-field__result">
        <OutcomeBadge field={field} />
        {field.outcome === 'refused' && field.reason && (
          <span class="hf-reason hf-clamp" title={field.reason}>
            {field.reason}
          </span>
        )}
        {field.verification && (
          <span
            class={`hf-check hf-check--${field.verification.state} hf-clamp`}
            data-verification={field.verification.state}
            title={
              field.verification.state === 'different'
                ? `The context says '${field.verification.expected ?? ''}'; the record has '${field.verification.actual ?? ''}'`
                : verificationWords(field.verification)
            }
          >
            <span aria-hidden="true">{field.verification.state === 'verified' ? '✓ ' : '≠ '}</span>
            {verificationWords(field.verification)}
          </span>
        )}
      </td>
    </tr>
  );
}
