import type { FieldSpec } from '../../lib/platforms/types';
import { describedBy, ErrorText } from './ErrorText';
import { findFieldSpec } from './mapping-draft';

interface FieldPickerProps {
  id: string;
  value: string;
  catalog: readonly FieldSpec[];
  error?: string;
  onInput(value: string): void;
}

/**
 * The target field: free text with the cached catalog's writable fields as suggestions. Free text
 * stays allowed, because the catalog may be empty or older than the org.
 */
export function FieldPicker({ id, value, catalog, error, onInput }: FieldPickerProps) {
  const listId = `${id}-fields`;
  const hintId = `${id}-hint`;
  const spec = findFieldSpec(catalog, value);
  const suggestions = catalog.filter((f) => f.updateable && !f.calculated);
  return (
    <div class="form-row">
      <label class="form-label" for={id}>
        Target field (Case)
      </label>
      <input
        id={id}
        class="input"
        type="text"
        list={suggestions.length > 0 ? listId : undefined}
        value={value}
        autocomplete="off"
        spellcheck={false}
        placeholder="Account_Tier__c"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, error ? `${id}-error` : undefined)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((f) => (
            <option key={f.name} value={f.name}>
              {`${f.label} · ${f.type}`}
            </option>
          ))}
        </datalist>
      )}
      <p class="form-hint" id={hintId}>
        {fieldHint(catalog, value, spec)}
      </p>
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

function fieldHint(
  catalog: readonly FieldSpec[],
  value: string,
  spec: FieldSpec | undefined,
): string {
  if (catalog.length === 0) {
    return 'No field list cached yet: type the field’s API name, e.g. Account_Tier__c.';
  }
  if (!spec) {
    return value.trim() === ''
      ? 'Start typing a label or API name.'
      : 'Not in the cached field list; Salesforce will check it when a context arrives.';
  }
  if (!spec.updateable || spec.calculated) {
    return `${spec.label} · ${spec.type} — read-only: Salesforce will refuse every value.`;
  }
  const options = spec.options ? ` · ${spec.options.length} values` : '';
  return `${spec.label} · ${spec.type}${options}`;
}
