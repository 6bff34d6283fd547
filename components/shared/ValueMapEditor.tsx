import type { FieldSpec, PlatformId } from '../../lib/platforms/types';
import {
  type DraftErrors,
  newRow,
  prefillRows,
  rowTargetWarning,
  type ValueMapRow,
} from '../popup/mapping-draft';
import { wordsFor } from '../popup/targets';
import { describedBy, ErrorText } from './ErrorText';

interface ValueMapEditorProps {
  idPrefix: string;
  platform: PlatformId;
  rows: readonly ValueMapRow[];
  /** The chosen target, when the catalog knows it: its options (picklist, list, tree) feed the pre-fill. */
  spec: FieldSpec | undefined;
  errors: DraftErrors;
  /** Problems that do not block saving, keyed like `errors` (a row's `valueMap.<key>.to`…). */
  warnings?: DraftErrors;
  /** Lists the target's active values no row maps to, and the inactive ones. */
  flagUnmapped?: boolean;
  onChange(rows: ValueMapRow[]): void;
}

/** Bot value → platform value rows, with a pre-fill from the target's options. */
export function ValueMapEditor({
  idPrefix,
  platform,
  rows,
  spec,
  errors,
  warnings = {},
  flagUnmapped = false,
  onChange,
}: ValueMapEditorProps) {
  const words = wordsFor(platform);
  const name = words.platformName;
  const options = spec?.options ?? [];
  const inactive = options.filter((o) => !o.active).length;
  const reached = new Set(rows.map((r) => r.to.trim()));
  const unmapped = flagUnmapped ? options.filter((o) => o.active && !reached.has(o.value)) : [];
  const inactiveOptions = flagUnmapped ? options.filter((o) => !o.active) : [];
  const update = (key: number, patch: Partial<ValueMapRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <fieldset class="fieldset">
      <legend class="form-label">Value map</legend>
      <p class="form-hint">
        Translates what the bot says into what {name} stores. Matched ignoring case and surrounding
        spaces.
      </p>
      {spec && options.length > 0 && (
        <div class="prefill">
          <button
            type="button"
            class="button button--neutral button--small"
            onClick={() => onChange(prefillRows(rows, options))}
          >
            Fill from the {options.length} {words.optionsNoun(spec)}
          </button>
          {inactive > 0 && !flagUnmapped && (
            <span class="form-hint">
              {inactive} inactive {inactive === 1 ? 'value is' : 'values are'} flagged below.
            </span>
          )}
        </div>
      )}
      {rows.length > 0 && (
        <table class="value-map">
          <thead>
            <tr>
              <th scope="col" id={`${idPrefix}-from`}>
                Bot value
              </th>
              <th scope="col" id={`${idPrefix}-to`}>
                {name} value
              </th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const fromError = errors[`valueMap.${row.key}.from`];
              const toError = errors[`valueMap.${row.key}.to`];
              const fromWarning = warnings[`valueMap.${row.key}.from`];
              const warning =
                warnings[`valueMap.${row.key}.to`] ?? rowTargetWarning(row, spec, platform);
              const cellId = `${idPrefix}-${row.key}`;
              return (
                <tr key={row.key} data-row={i + 1}>
                  <td>
                    <input
                      class="input"
                      type="text"
                      value={row.from}
                      aria-label={`Bot value, row ${i + 1}`}
                      aria-invalid={fromError ? true : undefined}
                      aria-describedby={describedBy(
                        fromWarning ? `${cellId}-from-warning` : undefined,
                        fromError ? `${cellId}-from-error` : undefined,
                      )}
                      onInput={(e) => update(row.key, { from: e.currentTarget.value })}
                    />
                    {fromWarning && (
                      <p class="form-warning" id={`${cellId}-from-warning`}>
                        {fromWarning}
                      </p>
                    )}
                    <ErrorText id={`${cellId}-from-error`} error={fromError} />
                  </td>
                  <td>
                    <input
                      class="input"
                      type="text"
                      value={row.to}
                      aria-label={`${name} value, row ${i + 1}`}
                      aria-invalid={toError ? true : undefined}
                      aria-describedby={describedBy(
                        warning ? `${cellId}-warning` : undefined,
                        toError ? `${cellId}-to-error` : undefined,
                      )}
                      onInput={(e) => update(row.key, { to: e.currentTarget.value })}
                    />
                    {warning && (
                      <p class="form-warning" id={`${cellId}-warning`}>
                        {warning}
                      </p>
                    )}
                    <ErrorText id={`${cellId}-to-error`} error={toError} />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--icon"
                      aria-label={`Remove row ${i + 1}`}
                      title="Remove row"
                      onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {spec && unmapped.length > 0 && (
        <p class="form-warning" data-flag="unmapped">
          {unmapped.length === 1 ? '1 value has' : `${unmapped.length} values have`} no row, so the
          bot cannot reach {unmapped.length === 1 ? 'it' : 'them'}:{' '}
          {unmapped.map((o) => optionText(o)).join(', ')}
        </p>
      )}
      {spec && inactiveOptions.length > 0 && (
        <p class="form-hint" data-flag="inactive">
          Inactive in {name}, so not offered (writing {inactiveOptions.length === 1 ? 'it' : 'them'}{' '}
          would be refused): {inactiveOptions.map((o) => optionText(o)).join(', ')}
        </p>
      )}
      {warnings.valueMap && <p class="form-warning">{warnings.valueMap}</p>}
      <ErrorText id={`${idPrefix}-error`} error={errors.valueMap} />
      <button
        type="button"
        class="button button--neutral button--small"
        onClick={() => onChange([...rows, newRow()])}
      >
        Add row
      </button>
    </fieldset>
  );
}

/** "Premium (tier_premium)", or just the value when the label is the same. */
const optionText = (o: { label: string; value: string }) =>
  o.label === o.value ? o.value : `${o.label} (${o.value})`;
