import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { FieldOption, FieldSpec, PlatformId } from '../../lib/platforms/types';
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

/**
 * Bot value → platform value rows, with a pre-fill from the target's active options and, as each
 * row's bot value, the label or the API value of each one offered. The keyboard stays in the rows:
 * Add row focuses the new row; Remove focuses the row that took its place, or Add row when the
 * last row went.
 */
export function ValueMapEditor(props: ValueMapEditorProps) {
  const { idPrefix, platform, rows, spec, errors, warnings = {}, flagUnmapped = false } = props;
  const { onChange } = props;
  const words = wordsFor(platform);
  const name = words.platformName;
  const options = spec?.options ?? [];
  const live = options.filter((o) => o.active);
  const inactive = options.length - live.length;
  const focus = useRowFocus(idPrefix);
  const fromListId = `${idPrefix}-from-values`;

  return (
    <fieldset class="fieldset">
      <legend class="form-label">Value map</legend>
      <p class="form-hint">
        Translates what the bot says into what {name} stores. Matched ignoring case and surrounding
        spaces.
      </p>
      {spec && live.length > 0 && (
        <div class="prefill">
          <button
            type="button"
            class="button button--neutral button--small"
            onClick={() => onChange(prefillRows(rows, live))}
          >
            Fill from the {live.length} {words.optionsNoun(spec)}
          </button>
          {inactive > 0 && !flagUnmapped && (
            <span class="form-hint">
              {inactive} inactive {inactive === 1 ? 'value is' : 'values are'} flagged below, not
              filled.
            </span>
          )}
        </div>
      )}
      {live.length > 0 && <FromSuggestions id={fromListId} options={live} />}
      {rows.length > 0 && (
        <ValueMapTable
          {...props}
          warnings={warnings}
          name={name}
          fromListId={live.length > 0 ? fromListId : undefined}
          onRemove={(key) => {
            const at = rows.findIndex((r) => r.key === key);
            focus.after(rows[at + 1]?.key ?? 'add');
            onChange(rows.filter((r) => r.key !== key));
          }}
        />
      )}
      {spec && flagUnmapped && <OptionFlags rows={rows} spec={spec} name={name} />}
      {warnings.valueMap && <p class="form-warning">{warnings.valueMap}</p>}
      <ErrorText id={`${idPrefix}-error`} error={errors.valueMap} />
      <button
        type="button"
        class="button button--neutral button--small"
        ref={focus.addRef}
        onClick={() => {
          const row = newRow();
          focus.after(row.key);
          onChange([...rows, row]);
        }}
      >
        Add row
      </button>
    </fieldset>
  );
}

/** The id of a row's bot value input: where the focus goes when the row is added or reached. */
const fromInputId = (idPrefix: string, key: number) => `${idPrefix}-${key}-from`;

/**
 * Where the focus goes once the rows have re-rendered: a row's bot value input, or Add row.
 * Asked for by Add row and Remove, done after the render that shows the change.
 */
function useRowFocus(idPrefix: string): {
  addRef: RefObject<HTMLButtonElement | null>;
  after(target: number | 'add'): void;
} {
  const addRef = useRef<HTMLButtonElement>(null);
  const pending = useRef<number | 'add' | null>(null);
  useEffect(() => {
    const target = pending.current;
    if (target === null) return;
    pending.current = null;
    if (target === 'add') addRef.current?.focus();
    else addRef.current?.ownerDocument.getElementById(fromInputId(idPrefix, target))?.focus();
  });
  return {
    addRef,
    after(target) {
      pending.current = target;
    },
  };
}

/**
 * What a bot may say for each active value: its label and its API value (the value map matches
 * either once a row names it), offered as each row's bot value.
 */
function FromSuggestions({ id, options }: { id: string; options: readonly FieldOption[] }) {
  const seen = new Set<string>();
  const entries: Array<{ value: string; text: string }> = [];
  for (const o of options) {
    for (const [value, text] of [
      [o.label, `Label of ${o.value}`],
      [o.value, `API value of ${o.label}`],
    ] as const) {
      if (seen.has(value)) continue;
      seen.add(value);
      entries.push({ value, text: o.label === o.value ? o.value : text });
    }
  }
  return (
    <datalist id={id}>
      {entries.map((e) => (
        <option key={e.value} value={e.value}>
          {e.text}
        </option>
      ))}
    </datalist>
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
  fromListId,
  onChange,
  onRemove,
}: ValueMapEditorProps & {
  warnings: DraftErrors;
  name: string;
  fromListId: string | undefined;
  onRemove(key: number): void;
}) {
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
            fromListId={fromListId}
            onUpdate={(patch) => update(row.key, patch)}
            onRemove={() => onRemove(row.key)}
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
  fromListId,
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
  /** Ids derive from it: `<cellId>-from` is the bot value input (see fromInputId). */
  cellId: string;
  name: string;
  /** The datalist of the target's values a bot may say, when it has some. */
  fromListId: string | undefined;
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
        id={`${cellId}-from`}
        list={fromListId}
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
  id,
  list,
  value,
  label,
  warning,
  warningId,
  error,
  errorId,
  onInput,
}: {
  id?: string;
  /** A datalist of suggestions. */
  list?: string;
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
        id={id}
        class="input"
        type="text"
        list={list}
        autocomplete="off"
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
