import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { messageOf } from '../shared/message-of';
import { ImportErrors } from './ImportErrors';
import {
  importStepOf,
  SETTINGS_FILE_NAME,
  type SettingsImport,
  settingsFileText,
} from './settings-files';
import type { SettingsStore } from './settings-store';

/**
 * The settings file: Export downloads the saved settings; Import reads a file, says what is wrong
 * with it (nothing changes) or what it replaces, and applies it in one step when confirmed.
 */
export function useSettingsFiles(store: SettingsStore, save: (name: string, text: string) => void) {
  const step = useSignal<SettingsImport>({ step: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);
  const importRef = useRef<HTMLButtonElement>(null);

  async function apply() {
    const state = step.value;
    if (state.step !== 'confirm') return;
    step.value = { step: 'applying', fileName: state.fileName };
    try {
      store.replaceSaved(await store.api.save(state.settings));
      step.value = { step: 'done', fileName: state.fileName };
      store.banner.value = {
        tone: 'success',
        title: 'Imported.',
        text: `The settings are now those of ${state.fileName}.`,
      };
    } catch (error) {
      const [first, ...lines] = messageOf(error).split('\n');
      step.value = {
        step: 'failed',
        fileName: state.fileName,
        errors: lines.length > 0 ? lines : [first ?? ''],
      };
    }
  }

  return {
    step,
    fileRef,
    importRef,
    choose: () => fileRef.current?.click(),
    async onFile(file: File) {
      step.value = await importStepOf(file);
    },
    exportSaved() {
      const saved = store.saved.value;
      if (!saved) return;
      save(SETTINGS_FILE_NAME, settingsFileText(saved));
      store.banner.value = {
        tone: 'success',
        title: 'Exported.',
        text: `The saved settings to ${SETTINGS_FILE_NAME}${store.dirty.value ? ' (your unsaved changes are not in it: save first to include them)' : ''}.`,
      };
    },
    apply: () => void apply(),
    close() {
      step.value = { step: 'idle' };
      queueMicrotask(() => importRef.current?.focus());
    },
  };
}

export type SettingsFiles = ReturnType<typeof useSettingsFiles>;

/** The import's steps, each with a heading that takes focus so a screen reader says where it stands. */
export function SettingsImportPanel({ files, dirty }: { files: SettingsFiles; dirty: boolean }) {
  const state = files.step.value;
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [state.step]);
  if (state.step === 'idle') return null;
  const heading = (text: string) => (
    <h3 class="import__title" id={headingId} ref={headingRef} tabIndex={-1}>
      {text}
    </h3>
  );
  return (
    <section
      class={`import import--${state.step}`}
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && state.step !== 'applying') {
          e.preventDefault();
          files.close();
        }
      }}
    >
      <ImportStep state={state} heading={heading} files={files} dirty={dirty} />
    </section>
  );
}

function ImportStep({
  state,
  heading,
  files,
  dirty,
}: {
  state: Exclude<SettingsImport, { step: 'idle' }>;
  heading: (text: string) => JSX.Element;
  files: SettingsFiles;
  dirty: boolean;
}) {
  switch (state.step) {
    case 'invalid':
    case 'failed':
      return (
        <>
          {heading(`${state.fileName} was not imported: nothing changed`)}
          <ImportErrors errors={state.errors} />
          <Actions
            files={files}
            primary="Choose another file"
            onPrimary={files.choose}
            close="Close"
          />
        </>
      );
    case 'confirm':
      return <ConfirmStep state={state} heading={heading} files={files} dirty={dirty} />;
    case 'applying':
      return (
        <>
          {heading(`Importing ${state.fileName}…`)}
          <p role="status">Saving in one step: all the settings or none.</p>
        </>
      );
    case 'done':
      return (
        <>
          {heading(`${state.fileName} imported`)}
          <p role="status">The settings below are the file's.</p>
          <Actions files={files} close="Close" />
        </>
      );
  }
}

function ConfirmStep({
  state,
  heading,
  files,
  dirty,
}: {
  state: Extract<SettingsImport, { step: 'confirm' }>;
  heading: (text: string) => JSX.Element;
  files: SettingsFiles;
  dirty: boolean;
}) {
  const { trust } = state.settings;
  return (
    <>
      {heading(`Import the settings of ${state.fileName}?`)}
      <p>
        They replace every setting at once: policy {trust.policy},{' '}
        {count(trust.issuers.length, 'trusted issuer')}, {count(trust.audiences.length, 'audience')}
        , {count(state.settings.recordFieldSources.length, 'record field')}.
        {dirty ? ' Your unsaved changes in the form are replaced too.' : ''}
      </p>
      {state.warnings.length > 0 && (
        <ul class="import__errors">
          {state.warnings.map((w) => (
            <li key={w} class="form-warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      <Actions files={files} primary="Import the settings" onPrimary={files.apply} close="Cancel" />
    </>
  );
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function Actions({
  files,
  primary,
  onPrimary,
  close,
}: {
  files: SettingsFiles;
  primary?: string;
  onPrimary?(): void;
  close: string;
}) {
  return (
    <div class="form-actions form-actions--static">
      {primary && (
        <button type="button" class="button button--brand" onClick={onPrimary}>
          {primary}
        </button>
      )}
      <button type="button" class="button button--neutral" onClick={files.close}>
        {close}
      </button>
    </div>
  );
}
