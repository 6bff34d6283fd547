import { type Signal, useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { MergeMode } from '../../lib/mapping/file';
import { ImportErrors } from './ImportErrors';
import { type ImportState, summaryText, warningCount } from './import-state';

interface ImportPanelProps {
  state: ImportState;
  onApply(mode: MergeMode): void;
  onChooseAnother(): void;
  onClose(): void;
}

const modeWords: Record<MergeMode, { label: string; hint: string }> = {
  merge: {
    label: 'Merge',
    hint: 'Mappings of the file replace those with the same id; the others stay.',
  },
  replace: {
    label: 'Replace',
    hint: 'The mappings become exactly the file’s: those not in the file are deleted.',
  },
};

/**
 * The import's steps under the toolbar: the file's errors (nothing changed), the choice between
 * Merge and Replace with what each would change, then the result. Focus moves to each step's
 * heading, so a screen reader reads where the import stands.
 */
export function ImportPanel({ state, onApply, onChooseAnother, onClose }: ImportPanelProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mode = useSignal<MergeMode>('merge');

  useEffect(() => {
    headingRef.current?.focus();
  }, [state.step]);

  if (state.step === 'idle') return null;
  const heading = (text: string) => (
    <h3 class="import__title" id={headingId} ref={headingRef} tabIndex={-1}>
      {text}
    </h3>
  );
  const actions = { onChooseAnother, onClose };

  return (
    <section
      class={`import import--${state.step}`}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && state.step !== 'applying') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      {state.step === 'invalid' && <InvalidStep state={state} heading={heading} {...actions} />}
      {state.step === 'choose' && (
        <ChooseStep
          state={state}
          heading={heading}
          name={`${headingId}-mode`}
          mode={mode}
          onApply={onApply}
          onClose={onClose}
        />
      )}
      {state.step === 'applying' && (
        <>
          {heading(`Importing ${state.fileName}…`)}
          <p role="status">Saving in one step: all mappings or none.</p>
        </>
      )}
      {state.step === 'done' && (
        <>
          {heading(`${state.fileName} imported (${state.mode})`)}
          <p role="status" class="import__result">
            {summaryText(state.summary)}.
          </p>
          {state.warnings.length > 0 && (
            <>
              <p class="import__warnings-lead">
                Saved, with {warningCount(state.warnings.length)}: each line says what was not
                checked or will not fill, and what to do.
              </p>
              <ul class="import__warnings" aria-label="Import warnings">
                {state.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          <div class="form-actions form-actions--static">
            <button type="button" class="button button--neutral" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
      {state.step === 'failed' && (
        <>
          {heading(`${state.fileName} was not imported: nothing changed`)}
          <p role="alert">{state.message}</p>
          <ChooseAnotherOrClose {...actions} />
        </>
      )}
    </section>
  );
}

/** A step's heading: focused when the step shows, so a screen reader reads where the import stands. */
type Heading = (text: string) => JSX.Element;

/** The file's problems, one per line: nothing changed. */
function InvalidStep({
  state,
  heading,
  onChooseAnother,
  onClose,
}: {
  state: Extract<ImportState, { step: 'invalid' }>;
  heading: Heading;
  onChooseAnother(): void;
  onClose(): void;
}) {
  return (
    <>
      {heading(`${state.fileName} was not imported: nothing changed`)}
      <ImportErrors errors={state.errors} />
      <ChooseAnotherOrClose onChooseAnother={onChooseAnother} onClose={onClose} />
    </>
  );
}

function ChooseAnotherOrClose({
  onChooseAnother,
  onClose,
}: {
  onChooseAnother(): void;
  onClose(): void;
}) {
  return (
    <div class="form-actions form-actions--static">
      <button type="button" class="button button--brand" onClick={onChooseAnother}>
        Choose another file
      </button>
      <button type="button" class="button button--neutral" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/** Merge or Replace, each with what it would change; the choice is kept for the next import. */
function ChooseStep({
  state,
  heading,
  name,
  mode,
  onApply,
  onClose,
}: {
  state: Extract<ImportState, { step: 'choose' }>;
  heading: Heading;
  /** The radio group's name. */
  name: string;
  mode: Signal<MergeMode>;
  onApply(mode: MergeMode): void;
  onClose(): void;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onApply(mode.value);
      }}
    >
      {heading(
        `Import ${state.count} ${state.count === 1 ? 'mapping' : 'mappings'} from ${state.fileName}`,
      )}
      <fieldset class="fieldset import__modes">
        <legend class="form-label">How to import</legend>
        {(['merge', 'replace'] as const).map((m) => (
          <label class="import__mode" key={m}>
            <input
              type="radio"
              name={name}
              value={m}
              checked={mode.value === m}
              onChange={() => {
                mode.value = m;
              }}
            />
            <span>
              <strong>{modeWords[m].label}</strong> — {modeWords[m].hint}
              <br />
              <span class="import__summary" data-mode={m}>
                {summaryText(state.summaries[m])}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="form-actions form-actions--static">
        <button type="submit" class="button button--brand">
          {mode.value === 'merge' ? 'Merge into my mappings' : 'Replace my mappings'}
        </button>
        <button type="button" class="button button--neutral" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
