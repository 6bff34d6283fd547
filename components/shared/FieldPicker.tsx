import type { FieldSpec } from '../../lib/platforms/types';
import { findFieldSpec } from '../popup/mapping-draft';
import { type PlatformWords, type Target, wordsFor } from '../popup/targets';
import { describedBy, ErrorText, WarningText } from './ErrorText';

export interface FieldPickerProps {
  id: string;
  /** The platform object the field belongs to: its words label and explain the input. */
  target: Target;
  value: string;
  catalog: readonly FieldSpec[];
  error?: string;
  /** A catalog problem that does not block saving (e.g. from the options page's catalog check). */
  warning?: string;
  onInput(value: string): void;
}

/**
 * The target field (Salesforce) or attribute (Kustomer): free text with the cached catalog's
 * writable fields as suggestions. Free text stays allowed, because the catalog may be empty or
 * older than the org.
 */
export function FieldPicker({
  id,
  target,
  value,
  catalog,
  error,
  warning,
  onInput,
}: FieldPickerProps) {
  const words = wordsFor(target.platform);
  const listId = `${id}-fields`;
  const hintId = `${id}-hint`;
  const spec = findFieldSpec(catalog, value);
  const suggestions = catalog.filter((f) => f.updateable && !f.calculated);
  return (
    <div class="form-row">
      <label class="form-label" for={id}>
        Target {words.fieldNoun} ({target.noun})
      </label>
      <input
        id={id}
        class="input"
        type="text"
        list={suggestions.length > 0 ? listId : undefined}
        value={value}
        autocomplete="off"
        spellcheck={false}
        placeholder={words.placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hintId,
          warning ? `${id}-warning` : undefined,
          error ? `${id}-error` : undefined,
        )}
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
        {fieldHint(words, catalog, value, spec)}
      </p>
      <WarningText id={`${id}-warning`} warning={warning} />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/** What the hint under a target input says: the chosen field's label and type, or what to type. */
export function fieldHint(
  words: PlatformWords,
  catalog: readonly FieldSpec[],
  value: string,
  spec: FieldSpec | undefined,
): string {
  if (value.trim() === '') return catalog.length === 0 ? words.noCatalog : words.startTyping;
  if (!spec) {
    return (
      words.nameProblem(value) ?? (catalog.length === 0 ? words.noCatalog : words.notInCatalog)
    );
  }
  if (!spec.updateable || spec.calculated) {
    return `${spec.label} · ${spec.type} — read-only: ${words.platformName} will refuse every value.`;
  }
  const options = spec.options ? ` · ${spec.options.length} values` : '';
  return `${spec.label} · ${spec.type}${options}`;
}
