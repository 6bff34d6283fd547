/**
 * The Settings section's building blocks: a labelled input with its hint and its problem (placed
 * by path, ./settings-problems), and the area of one top-level setting, read-only with "Set by your
 * organisation" when an enterprise policy manages it.
 */
import type { ComponentChildren } from 'preact';
import type { SettingsProblem } from '../../lib/settings/schema';
import { describedBy, ErrorText } from '../shared/ErrorText';
import type { SettingsDraft } from './settings-draft';
import { controlId, textAt } from './settings-problems';

export const MANAGED_TEXT = 'Set by your organisation';

/** What every part of the form is handed: the draft, its edit, and the problems by control. */
export interface SettingsForm {
  draft: SettingsDraft;
  /** Changes the draft; `path` names the control changed (its problems go). */
  edit(change: (draft: SettingsDraft) => SettingsDraft, path: string): void;
  problemsAt(path: string): SettingsProblem[] | undefined;
  /** Whether any problem is placed at a control under `prefix` (a collapsed part then opens). */
  hasProblemsWithin(prefix: string): boolean;
  /** Whether a top-level settings key ('trust', 'redaction'…) is set by the organisation's policy. */
  managed(key: string): boolean;
}

/** The words of a control's problems, one a line, or undefined. */
export function errorAt(form: SettingsForm, path: string): string | undefined {
  const problems = form.problemsAt(path);
  return problems?.map((p) => textAt(path, p)).join('\n') || undefined;
}

interface TextFieldProps {
  form: SettingsForm;
  path: string;
  label: string;
  hint?: ComponentChildren;
  value: string;
  onInput(value: string): void;
  /** A textarea of this many rows; an input when absent. */
  rows?: number;
  placeholder?: string;
  /** Monospace (keys, selectors, origins). */
  code?: boolean;
  /** An input's width class ('input--short'). */
  size?: string;
  inputMode?: 'numeric';
}

/** A labelled text input or textarea, with its hint and its problem linked by aria-describedby. */
export function TextField(props: TextFieldProps) {
  const { form, path } = props;
  const id = controlId(path);
  const error = errorAt(form, path);
  const common = {
    id,
    class: ['input', props.code ? 'input--code' : '', props.size ?? ''].filter(Boolean).join(' '),
    value: props.value,
    placeholder: props.placeholder,
    spellcheck: false,
    autocomplete: 'off',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(
      props.hint ? `${id}-hint` : undefined,
      error ? `${id}-error` : undefined,
    ),
  } as const;
  return (
    <div class="form-row">
      <label class="form-label" for={id}>
        {props.label}
      </label>
      {props.rows ? (
        <textarea
          {...common}
          rows={props.rows}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={props.inputMode}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
      {props.hint && (
        <p class="form-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * One top-level setting's controls. Managed by the organisation's policy: shown, not editable (a
 * disabled fieldset), with the reason said first.
 */
export function SettingArea({
  form,
  settingKey,
  children,
}: {
  form: SettingsForm;
  settingKey: string;
  children: ComponentChildren;
}) {
  const managed = form.managed(settingKey);
  return (
    <fieldset class="fieldset settings__area" disabled={managed} data-setting={settingKey}>
      {managed && <p class="settings__managed">{MANAGED_TEXT}</p>}
      {children}
    </fieldset>
  );
}

/** A part of the form with its heading. */
export function SettingsPart({
  id,
  title,
  lead,
  children,
}: {
  id: string;
  title: string;
  lead?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <section class="settings__part" aria-labelledby={id}>
      <h3 class="settings__title" id={id}>
        {title}
      </h3>
      {lead && <p class="section__lead">{lead}</p>}
      {children}
    </section>
  );
}
