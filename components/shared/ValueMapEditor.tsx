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
export function ValueMapEditor(props: ValueMapEditorProps) {
  const { idPrefix, platform, rows, spec, errors, warnings = {}, flagUnmapped = false } = props;
  const { onChange } = props;
  const words = wordsFor(platform);
  const name = words.platformName;
  const options = spec?.options ?? [];
  const inactive = options.filter((o) => !o.active).length;

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
      {rows.length > 0 && <ValueMapTable {...props} warnings={warnings} name={name} />}
      {spec && flagUnmapped && <OptionFlags rows={rows} spec={spec} name={name} />}
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

function ValueMapTable({
  idPrefix,
  platform,
  rows,
  spec,
  errors,
  warnings,
  name,
  onChange,
}: ValueMapEditorProps & { warnings: DraftErrors; name: string }) {
  const update = (key: number, patch: Partial<ValueMapRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
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
        {rows.map((row, i) => (
          <ValueMapRowInputs
            key={row.key}
            platform={platform}
            spec={spec}
            errors={errors}
            warnings={warnings}
            row={row}
            n={i + 1}
            cellId={`${idPrefix}-${row.key}`}
            name={name}
            onUpdate={(patch) => update(row.key, patch)}
            onRemove={() => onChange(rows.filter((r) => r.key !== row.key))}
          />
        ))}
      </tbody>
    </table>
  );
}

/** One row: the bot's value and the platform's, each with its warning and error, and Remove. */
function ValueMapRowInputs({
  row,
  n,
  cellId,
  name,
  platform,
  spec,
  errors,
  warnings,
  onUpdate,
  onRemove,
}: Pick<ValueMapEditorProps, 'platform' | 'spec' | 'errors'> & {
  warnings: DraftErrors;
  row: ValueMapRow;
  /** The row's number, from 1. */
  n: number;
  cellId: string;
  name: string;
  onUpdate(patch: Partial<ValueMapRow>): void;
  onRemove(): void;
}) {
  const fromError = errors[`valueMap.${row.key}.from`];
  const toError = errors[`valueMap.${row.key}.to`];
  const fromWarning = warnings[`valueMap.${row.key}.from`];
  const warning = warnings[`valueMap.${row.key}.to`] ?? rowTargetWarning(row, spec, platform);
  return (
    <tr data-row={n}>
      <ValueCell
        value={row.from}
        label={`Bot value, row ${n}`}
        warning={fromWarning}
        warningId={`${cellId}-from-warning`}
        error={fromError}
        errorId={`${cellId}-from-error`}
        onInput={(from) => onUpdate({ from })}
      />
      <ValueCell
        value={row.to}
        label={`${name} value, row ${n}`}
        warning={warning}
        warningId={`${cellId}-warning`}
        error={toError}
        errorId={`${cellId}-to-error`}
        onInput={(to) => onUpdate({ to })}
      />
      <td>
        <button
          type="button"
          class="button button--icon"
          aria-label={`Remove row ${n}`}
          title="Remove row"
          onClick={onRemove}
        >
          <span aria-hidden="true">×</span>
        </button>
      </td>
    </tr>
  );
}

function ValueCell({
  value,
  label,
  warning,
  warningId,
  error,
  errorId,
  onInput,
}: {
  value: string;
  label: string;
  warning: string | null | undefined;
  warningId: string;
  error: string | undefined;
  errorId: string;
  onInput(value: string): void;
}) {
  return (
    <td>
      <input
        class="input"
        type="text"
        value={value}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(warning ? warningId : undefined, error ? errorId : undefined)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {warning && (
        <p class="form-warning" id={warningId}>
          {warning}
        </p>
      )}
      <ErrorText id={errorId} error={error} />
    </td>
  );
}

/** The target's active values no row maps to, and its inactive ones (not offered). */
function OptionFlags({
  rows,
  spec,
  name,
}: {
  rows: readonly ValueMapRow[];
  spec: FieldSpec;
  name: string;
}) {
  const options = spec.options ?? [];
  const reached = new Set(rows.map((r) => r.to.trim()));
  const unmapped = options.filter((o) => o.active && !reached.has(o.value));
  const inactiveOptions = options.filter((o) => !o.active);
  return (
    <>
      {unmapped.length > 0 && (
        <p class="form-warning" data-flag="unmapped">
          {unmapped.length === 1 ? '1 value has' : `${unmapped.length} values have`} no row, so the
          bot cannot reach {unmapped.length === 1 ? 'it' : 'them'}:{' '}
          {unmapped.map((o) => optionText(o)).join(', ')}
        </p>
      )}
      {inactiveOptions.length > 0 && (
        <p class="form-hint" data-flag="inactive">
          Inactive in {name}, so not offered (writing {inactiveOptions.length === 1 ? 'it' : 'them'}{' '}
          would be refused): {inactiveOptions.map((o) => optionText(o)).join(', ')}
        </p>
      )}
    </>
  );
}

/** "Premium (tier_premium)", or just the value when the label is the same. */
const optionText = (o: { label: string; value: string }) =>
  o.label === o.value ? o.value : `${o.label} (${o.value})`;
