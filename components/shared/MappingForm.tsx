import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { DATE_FORMATS, type DateFormat } from '../../lib/mapping/dates';
import type { Mapping, MappingInput, Transform } from '../../lib/mapping/schema';
import { rulesFor } from '../../lib/platforms/descriptor-registry';
import type { FieldSpec } from '../../lib/platforms/types';
import {
  checkDraft,
  type DraftErrors,
  draftFromMapping,
  emptyDraft,
  type FormProblem,
  findFieldSpec,
  type MappingDraft,
  placeProblems,
  prefillRows,
  type UnmappedChoice,
} from '../popup/mapping-draft';
import { type Target, wordsFor } from '../popup/targets';
import { describedBy, ErrorText, WarningText } from './ErrorText';
import { FieldCombobox } from './FieldCombobox';
import { ValueMapEditor } from './ValueMapEditor';

export interface MappingFormProps {
  /** The mapping being edited, or null for a new one. */
  base: Mapping | null;
  /** The platform object the popup shows: a new mapping gets its platform and object. */
  target: Target;
  catalog: readonly FieldSpec[];
  /** Ids already used (by any mapping): a new mapping's id is derived to avoid them. */
  takenIds: ReadonlySet<string>;
  /** Settles when the panel has handled the save; on a refusal the form stays, draft intact. */
  onSave(input: MappingInput): Promise<void>;
  /** Cancel, or Escape anywhere in the form (the owner puts the focus back where the form opened). */
  onCancel(): void;
  /**
   * The orgs whose catalogs `catalog` comes from, when the page knows them (the options page): the
   * target input then calls a name the catalog lacks refused (FieldCombobox).
   */
  catalogOrgs?: readonly string[];
  /**
   * Checks beyond the schema (the options page: against the field catalog). Warnings show next to
   * their inputs as the admin edits; errors show on Save and block it.
   */
  validate?(mapping: Mapping): FormProblem[];
  /** Shows the transforms (trim, case…) as checkboxes. */
  showTransforms?: boolean;
  /** Choosing a picklist, enumeration or tree target while the value map is empty fills it from its options. */
  prefillOnPick?: boolean;
}

const transformChoices: Array<{ value: Transform; label: string }> = [
  { value: 'trim', label: 'Trim spaces at both ends' },
  { value: 'collapse-spaces', label: 'Collapse inner spaces' },
  { value: 'lower', label: 'Lower case' },
  { value: 'upper', label: 'Upper case' },
];

const unmappedChoices = (defaultLabel: string): Array<{ value: UnmappedChoice; label: string }> => [
  { value: 'default', label: defaultLabel },
  { value: 'refuse', label: 'Refuse: report it, write nothing' },
  { value: 'pass', label: 'Pass: write the bot’s value as is' },
  { value: 'skip', label: 'Skip: leave the field alone' },
];

/**
 * Create or edit one mapping. The draft lives here, so a validation error or a refusal never loses
 * what the admin typed; it is checked with the shared zod schema before anything is sent.
 */
export function MappingForm(props: MappingFormProps) {
  const { base, target, catalog, catalogOrgs, onCancel, showTransforms = false } = props;
  const form = useMappingDraft(props);
  const fieldInputId = useId();
  const id = (name: string) => `${fieldInputId}-${name}`;
  const { draft: d, errors: e, warnings: w, set } = form;
  const part: PartProps = { id, draft: d, errors: e, warnings: w, set };

  return (
    <form
      class="mapping-form"
      ref={form.formRef}
      onSubmit={form.submit}
      noValidate
      aria-labelledby={id('title')}
      onKeyDown={(e) => {
        // Escape cancels, unless a part of the form used it (the combobox closing its list).
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 class="section-title" id={id('title')}>
        {base
          ? `Edit mapping: ${findFieldSpec(catalog, base.field)?.label ?? base.field}`
          : `New ${target.noun} mapping`}
      </h2>
      <ErrorText id={id('form-error')} error={e.form} />
      <WarningText id={id('form-warning')} warning={w.form} />

      <FieldCombobox
        id={id('field')}
        target={target}
        value={d.field}
        catalog={catalog}
        catalogOrgs={catalogOrgs}
        error={e.field}
        warning={w.field}
        onInput={form.setField}
      />
      <SourcesInput {...part} />
      <CombineChoice {...part} />
      <ValueMapEditor
        idPrefix={id('value-map')}
        platform={target.platform}
        rows={d.valueMap}
        spec={findFieldSpec(catalog, d.field)}
        errors={e}
        warnings={w}
        flagUnmapped={showTransforms}
        onChange={(valueMap) => set({ valueMap })}
      />
      <UnmappedSelect {...part} defaultLabel={wordsFor(target.platform).unmappedDefault} />
      {showTransforms && <TransformChoices {...part} />}
      <DateChoices {...part} kind={dateKindOf(target, findFieldSpec(catalog, d.field))} />
      <PolicyChoice {...part} />

      <label class="choice">
        <input
          type="checkbox"
          checked={d.enabled}
          onChange={(ev) => set({ enabled: ev.currentTarget.checked })}
        />
        Enabled
      </label>

      <div class="form-actions">
        <button type="submit" class="button button--brand" disabled={form.saving}>
          {form.saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="button button--neutral" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * The form's state: the draft, its errors (from Save) and warnings (live, from `validate`), and the
 * focus: the first input when the form opens, the first error after a refused Save.
 */
function useMappingDraft({
  base,
  target,
  catalog,
  takenIds,
  onSave,
  validate,
  prefillOnPick = false,
}: MappingFormProps) {
  const draft = useSignal<MappingDraft>(base ? draftFromMapping(base) : emptyDraft());
  const errors = useSignal<DraftErrors>({});
  const saving = useSignal(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = useFormFocus(formRef);

  /** Updates the draft; an input's error goes away as soon as the admin changes that input. */
  const set = (patch: Partial<MappingDraft>) => {
    draft.value = { ...draft.value, ...patch };
    errors.value = withoutStale(errors.value, Object.keys(patch));
  };

  /** The catalog's warnings for the draft as it stands (only once the schema accepts it). */
  const liveWarnings = (current: MappingDraft): DraftErrors => {
    if (!validate) return {};
    const check = checkDraft(current, base, takenIds, target);
    return check.ok ? placeProblems(validate(check.mapping), check.rowKeys).warnings : {};
  };

  const setField = (field: string) => {
    const spec = findFieldSpec(catalog, field);
    const empty = draft.value.valueMap.every((r) => r.from.trim() === '' && r.to.trim() === '');
    if (prefillOnPick && empty && spec?.options && spec.options.length > 0) {
      // Only the values the platform still takes: inactive ones would be refused anyway.
      const live = spec.options.filter((o) => o.active);
      set({ field, valueMap: prefillRows([], live) });
    } else set({ field });
  };

  const refuse = (found: DraftErrors) => {
    errors.value = found;
    focusFirstError();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (saving.value) return;
    const check = checkDraft(draft.value, base, takenIds, target);
    if (!check.ok) return refuse(check.errors);
    const refused = validate ? placeProblems(validate(check.mapping), check.rowKeys).errors : {};
    if (Object.keys(refused).length > 0) return refuse(refused);
    errors.value = {};
    saving.value = true;
    try {
      await onSave(check.input);
    } finally {
      saving.value = false;
    }
  };

  return {
    formRef,
    draft: draft.value,
    errors: errors.value,
    warnings: liveWarnings(draft.value),
    saving: saving.value,
    set,
    setField,
    submit,
  };
}

/**
 * Starts where the admin would, on the target field; after a failed check has rendered its errors,
 * takes a keyboard user to the first one (the returned call asks for that).
 */
function useFormFocus(formRef: RefObject<HTMLFormElement | null>): () => void {
  const focusFirstError = useRef(false);
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);
  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
  return () => {
    focusFirstError.current = true;
  };
}

/** The errors left once the inputs in `touched` changed (an error of `valueMap.2.to` is valueMap's). */
function withoutStale(errors: DraftErrors, touched: readonly string[]): DraftErrors {
  const stale = Object.keys(errors).filter((k) =>
    touched.some((t) => k === t || k.startsWith(`${t}.`)),
  );
  if (stale.length === 0) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !stale.includes(k)));
}

// ─── The form's parts ────────────────────────────────────────────────────────────────────────────

/** What each part gets: the form's ids, the draft, its errors and warnings, and how to change it. */
interface PartProps {
  id(name: string): string;
  draft: MappingDraft;
  errors: DraftErrors;
  warnings: DraftErrors;
  set(patch: Partial<MappingDraft>): void;
}

function SourcesInput({ id, draft: d, errors: e, warnings: w, set }: PartProps) {
  return (
    <div class="form-row">
      <label class="form-label" for={id('sources')}>
        Context keys
      </label>
      <textarea
        id={id('sources')}
        class="input"
        rows={2}
        value={d.sources}
        placeholder="Account Tier, tier"
        aria-invalid={e.sources ? true : undefined}
        aria-describedby={describedBy(
          id('sources-hint'),
          w.sources ? id('sources-warning') : undefined,
          e.sources ? id('sources-error') : undefined,
        )}
        onInput={(ev) => set({ sources: ev.currentTarget.value })}
      />
      <p class="form-hint" id={id('sources-hint')}>
        One per line, or comma-separated on one line. “Account Tier”, account_tier and accountTier
        are the same key.
      </p>
      <WarningText id={id('sources-warning')} warning={w.sources} />
      <ErrorText id={id('sources-error')} error={e.sources} />
    </div>
  );
}

function CombineChoice({ id, draft: d, errors: e, set }: PartProps) {
  return (
    <fieldset class="fieldset">
      <legend class="form-label">When several keys have a value</legend>
      <label class="choice">
        <input
          type="radio"
          name={id('combine')}
          checked={d.combine === 'first'}
          onChange={() => set({ combine: 'first' })}
        />
        Use the first non-empty one
      </label>
      <div class="choice choice--inline">
        <label class="choice">
          <input
            type="radio"
            name={id('combine')}
            checked={d.combine === 'join'}
            onChange={() => set({ combine: 'join' })}
          />
          Join them, separated by
        </label>
        <input
          id={id('separator')}
          class="input input--short"
          type="text"
          value={d.separator}
          disabled={d.combine !== 'join'}
          aria-label="Separator"
          aria-invalid={e.separator ? true : undefined}
          aria-describedby={describedBy(e.separator ? id('separator-error') : undefined)}
          onInput={(ev) => set({ separator: ev.currentTarget.value })}
        />
      </div>
      <ErrorText id={id('separator-error')} error={e.separator} />
    </fieldset>
  );
}

/** Whether the target is a date or a date-time field, by its platform's rules (none without a spec). */
function dateKindOf(target: Target, spec: FieldSpec | undefined) {
  return spec ? rulesFor(target.platform).dateKind?.(spec) : undefined;
}

/** An example of each format, the same day: what the bot writes, shown beside the choice. */
const dateExamples: Record<DateFormat, string> = {
  ISO: '2026-11-21',
  'DD/MM/YYYY': '21/11/2026',
  'MM/DD/YYYY': '11/21/2026',
};

/** How the bot writes dates, and the zone of its local times: shown for date and date-time targets. */
function DateChoices({
  id,
  draft: d,
  errors: e,
  set,
  kind,
}: PartProps & { kind: 'date' | 'datetime' | undefined }) {
  if (!kind) return null;
  return (
    <div class="form-row">
      <label class="form-label" for={id('date-format')}>
        How the bot writes dates
      </label>
      <select
        id={id('date-format')}
        class="input"
        value={d.dateFormat}
        aria-describedby={id('date-format-hint')}
        onChange={(ev) => set({ dateFormat: ev.currentTarget.value as DateFormat })}
      >
        {DATE_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f === 'ISO' ? 'YYYY-MM-DD (ISO)' : f}
          </option>
        ))}
      </select>
      <p class="form-hint" id={id('date-format-hint')}>
        The bot writes {dateExamples[d.dateFormat]}
        {kind === 'datetime' ? ' (a time may follow)' : ''}; it is sent as 2026-11-21
        {kind === 'datetime' ? 'T…' : ''}.
      </p>
      {kind === 'datetime' && (
        <>
          <label class="form-label" for={id('time-zone')}>
            Time zone of the bot's local times
          </label>
          <input
            id={id('time-zone')}
            class="input"
            value={d.timeZone}
            placeholder="UTC"
            aria-invalid={e.timeZone ? true : undefined}
            aria-describedby={describedBy(
              id('time-zone-hint'),
              e.timeZone && id('time-zone-error'),
            )}
            onInput={(ev) => set({ timeZone: ev.currentTarget.value })}
          />
          <p class="form-hint" id={id('time-zone-hint')}>
            An IANA name such as Europe/Paris; a time without an offset is read in it (UTC when
            empty).
          </p>
          <ErrorText id={id('time-zone-error')} error={e.timeZone} />
        </>
      )}
    </div>
  );
}

function UnmappedSelect({
  id,
  draft: d,
  errors: e,
  warnings: w,
  set,
  defaultLabel,
}: PartProps & { defaultLabel: string }) {
  return (
    <div class="form-row">
      <label class="form-label" for={id('unmapped')}>
        A value the value map lacks
      </label>
      <select
        id={id('unmapped')}
        class="input"
        value={d.unmapped}
        aria-invalid={e.unmapped ? true : undefined}
        onChange={(ev) => set({ unmapped: ev.currentTarget.value as UnmappedChoice })}
      >
        {unmappedChoices(defaultLabel).map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <WarningText id={id('unmapped-warning')} warning={w.unmapped} />
      <ErrorText id={id('unmapped-error')} error={e.unmapped} />
    </div>
  );
}

function TransformChoices({ id, draft: d, errors: e, warnings: w, set }: PartProps) {
  return (
    <fieldset class="fieldset">
      <legend class="form-label">Before the value map</legend>
      {transformChoices.map((t) => (
        <label class="choice" key={t.value}>
          <input
            type="checkbox"
            checked={d.transforms.includes(t.value)}
            onChange={(ev) => {
              const on = ev.currentTarget.checked;
              // Kept in the order shown, which is the order they run in.
              const next = transformChoices
                .map((c) => c.value)
                .filter((v) => (v === t.value ? on : d.transforms.includes(v)));
              set({ transforms: next });
            }}
          />
          {t.label}
        </label>
      ))}
      <WarningText id={id('transforms-warning')} warning={w.transforms} />
      <ErrorText id={id('transforms-error')} error={e.transforms} />
    </fieldset>
  );
}

function PolicyChoice({ id, draft: d, errors: e, set }: PartProps) {
  return (
    <fieldset class="fieldset">
      <legend class="form-label">Write policy</legend>
      <label class="choice">
        <input
          type="radio"
          name={id('policy')}
          checked={d.policy === 'fill-empty'}
          onChange={() => set({ policy: 'fill-empty' })}
        />
        Fill only when the field is empty
      </label>
      <label class="choice">
        <input
          type="radio"
          name={id('policy')}
          checked={d.policy === 'overwrite'}
          onChange={() => set({ policy: 'overwrite' })}
        />
        Overwrite the current value
      </label>
      <ErrorText id={id('policy-error')} error={e.policy} />
    </fieldset>
  );
}
