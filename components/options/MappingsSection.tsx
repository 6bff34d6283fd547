import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { MergeMode } from '../../lib/mapping/file';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import { defaultTarget } from '../popup/targets';
import { BannerMessage } from '../shared/BannerMessage';
import { whenIdle } from '../shared/idle';
import { filterWords } from '../shared/search';
import { ImportPanel } from './ImportPanel';
import { EXPORT_FILE_NAME, type ImportState, MAX_FILE_BYTES, summaryText } from './import-state';
import { MappingEditor } from './lazy-parts';
import { type FocusRequest, MappingTable } from './MappingTable';
import type { OptionsStore, SortKey } from './options-store';
import { saveFile } from './save-file';

/** Reading, checking and writing mappings files: loaded when first needed (it brings zod). */
const importFlow = () => import('./import-flow');

/** What the side panel shows: nothing, a new mapping, or a stored one. */
type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; mapping: Mapping };

/**
 * The mappings: toolbar (filter, new, bulk on/off, import, export), the full-width virtualised
 * table, and the editor in a side panel. Focus goes back where it was when the editor closes.
 */
export function MappingsSection({
  store,
  save = saveFile,
}: {
  store: OptionsStore;
  /** How the export reaches the admin: a download (tests pass a spy). */
  save?: (name: string, text: string) => void;
}) {
  const editing = useSignal<Editing>({ kind: 'none' });
  const focusRequest = useSignal<FocusRequest | null>(null);
  const importState = useSignal<ImportState>({ step: 'idle' });
  const newRef = useRef<HTMLButtonElement>(null);
  const importRef = useRef<HTMLButtonElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  // Only what changes rarely is read here: the filter's signals are read by the small components
  // below (FilterBox, ShownCount, BulkButtons, the table), so a keystroke re-renders just those.
  const status = store.status.value;
  const current = editing.value;

  // The editor's and the files' code, loaded once the table is on screen, so opening a row, an
  // import or an export does not wait for it.
  useEffect(() => {
    if (status !== 'ready') return;
    whenIdle(() => {
      void MappingEditor.preload().catch(() => undefined);
      void importFlow().catch(() => undefined);
    });
  }, [status]);

  /** Closes the editor; focus returns to the row it was opened from (or to New mapping). */
  const closeEditor = (focusId?: string) => {
    const from = current.kind === 'edit' ? current.mapping.id : undefined;
    editing.value = { kind: 'none' };
    const id = focusId ?? from;
    if (id && store.shown.value.some((r) => r.mapping.id === id)) {
      focusRequest.value = { id, seq: ++seq.current };
    } else {
      queueMicrotask(() => newRef.current?.focus());
    }
  };

  /** Saved: close, with focus on the saved row. Refused: the editor stays, draft intact. */
  const onSave = async (input: MappingInput): Promise<void> => {
    const saved = await store.save(input);
    if (saved) closeEditor(saved.id);
  };

  const onDelete = async (mapping: Mapping) => {
    const at = store.shown.value.findIndex((r) => r.mapping.id === mapping.id);
    if (!(await store.remove(mapping))) return;
    const next = store.shown.value[Math.min(at, store.shown.value.length - 1)];
    editing.value = { kind: 'none' };
    if (next) focusRequest.value = { id: next.mapping.id, seq: ++seq.current };
    else queueMicrotask(() => newRef.current?.focus());
  };

  const onSort = (key: SortKey) => {
    const s = store.sort.value;
    store.sort.value = { key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' };
  };

  const chooseFile = () => fileRef.current?.click();

  /** The files' code could not be loaded (the extension was updated under the page). */
  const showLoadFailure = (): void => {
    store.banner.value = {
      tone: 'error',
      title: 'Nothing was imported or exported.',
      text: 'This page could not load the code for mappings files: reload the page and try again.',
    };
  };

  const onFile = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) {
      importState.value = {
        step: 'invalid',
        fileName: file.name,
        errors: [
          `The file is ${Math.round(file.size / 1_048_576)} MB: a mappings file is far smaller. Choose the file Export wrote.`,
        ],
      };
      return;
    }
    const flow = await importFlow().catch(() => null);
    if (!flow) return showLoadFailure();
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      importState.value = {
        step: 'invalid',
        fileName: file.name,
        errors: [
          `The file could not be read (${error instanceof Error ? error.message : 'unreadable'}): choose it again.`,
        ],
      };
      return;
    }
    importState.value = flow.readImport(file.name, text, store.mappings.value);
  };

  const exportAll = async () => {
    const flow = await importFlow().catch(() => null);
    if (!flow) return showLoadFailure();
    const total = store.mappings.value.length;
    save(EXPORT_FILE_NAME, flow.exportText(store.mappings.value));
    store.banner.value = {
      tone: 'success',
      title: 'Exported.',
      text: `${total} ${total === 1 ? 'mapping' : 'mappings'} to ${EXPORT_FILE_NAME}.`,
    };
  };

  const apply = async (mode: MergeMode) => {
    const state = importState.value;
    if (state.step !== 'choose') return;
    importState.value = { step: 'applying', fileName: state.fileName, mode };
    try {
      const result = await store.importFile(state.file, mode);
      importState.value = result.applied
        ? { step: 'done', fileName: state.fileName, mode, summary: result.summary }
        : { step: 'invalid', fileName: state.fileName, errors: result.errors };
      if (result.applied) {
        store.banner.value = {
          tone: 'success',
          title: 'Imported.',
          text: `${summaryText(result.summary)}.`,
        };
      }
    } catch (error) {
      importState.value = {
        step: 'failed',
        fileName: state.fileName,
        message: error instanceof Error ? error.message : 'The extension did not answer.',
      };
    }
  };

  const closeImport = () => {
    importState.value = { step: 'idle' };
    queueMicrotask(() => importRef.current?.focus());
  };

  const banner = store.banner.value;
  return (
    <section class="section section--mappings" aria-labelledby="mappings-title">
      <div class="toolbar">
        <div class="toolbar__title">
          <h2 class="section__title" id="mappings-title">
            Mappings
          </h2>
          <ShownCount store={store} />
        </div>
        <FilterBox store={store} />
        <div class="toolbar__actions">
          <button
            type="button"
            class="button button--brand"
            ref={newRef}
            disabled={status !== 'ready'}
            onClick={() => {
              store.banner.value = null;
              editing.value = { kind: 'new' };
            }}
          >
            New mapping
          </button>
          <BulkButtons store={store} />
          <button
            type="button"
            class="button button--neutral"
            ref={importRef}
            disabled={status !== 'ready' || importState.value.step === 'applying'}
            onClick={chooseFile}
          >
            Import…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            hidden
            aria-hidden="true"
            tabIndex={-1}
            data-testid="import-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void onFile(file);
            }}
          />
          <button
            type="button"
            class="button button--neutral"
            disabled={status !== 'ready'}
            onClick={() => void exportAll()}
          >
            Export
          </button>
        </div>
      </div>
      <div class="live">
        {banner && <BannerMessage banner={banner} onDismiss={() => (store.banner.value = null)} />}
      </div>
      <ImportPanel
        state={importState.value}
        onApply={(mode) => void apply(mode)}
        onChooseAnother={chooseFile}
        onClose={closeImport}
      />
      <div class={current.kind === 'none' ? 'workspace' : 'workspace workspace--editing'}>
        <div class="workspace__table">
          {status === 'loading' && !store.firstScreen.value && (
            <p class="empty">Loading mappings…</p>
          )}
          {status === 'failed' && (
            <div class="empty">
              <button
                type="button"
                class="button button--neutral"
                onClick={() => void store.load()}
              >
                Try again
              </button>
            </div>
          )}
          {(status === 'ready' || (status === 'loading' && store.firstScreen.value)) && (
            <ShownTable
              store={store}
              onSort={onSort}
              currentId={current.kind === 'edit' ? current.mapping.id : null}
              onOpen={(row) => {
                store.banner.value = null;
                editing.value = { kind: 'edit', mapping: row.mapping };
              }}
              focusRequest={focusRequest.value}
            />
          )}
        </div>
        {current.kind !== 'none' && (
          <MappingEditor
            key={current.kind === 'edit' ? current.mapping.id : 'new'}
            base={current.kind === 'edit' ? current.mapping : null}
            initialTarget={defaultTarget}
            fieldsFor={store.fieldsFor}
            all={store.mappings.value}
            takenIds={store.takenIds.value}
            onSave={onSave}
            onDelete={onDelete}
            onClose={() => closeEditor()}
          />
        )}
      </div>
    </section>
  );
}

function ShownCount({ store }: { store: OptionsStore }) {
  const total = store.mappings.value.length;
  const shown = store.shown.value.length;
  const first = store.firstScreen.value;
  return (
    <p class="toolbar__count" role="status" aria-live="polite">
      {store.status.value === 'ready'
        ? shown === total
          ? `${total} ${total === 1 ? 'mapping' : 'mappings'}`
          : `${shown} of ${total} shown`
        : first && first.total > first.mappings.length
          ? `Loading all ${first.total} mappings…`
          : ''}
    </p>
  );
}

function FilterBox({ store }: { store: OptionsStore }) {
  return (
    <div class="toolbar__filter">
      <label class="form-label" for="mapping-filter">
        Filter by label, API name or context key
      </label>
      <input
        id="mapping-filter"
        class="input"
        type="search"
        value={store.filter.value}
        autocomplete="off"
        spellcheck={false}
        placeholder="e.g. tier"
        onInput={(e) => {
          store.filter.value = e.currentTarget.value;
        }}
      />
    </div>
  );
}

function BulkButtons({ store }: { store: OptionsStore }) {
  const disabled =
    store.status.value !== 'ready' || store.shown.value.length === 0 || store.busy.value;
  return (
    <>
      <button
        type="button"
        class="button button--neutral"
        disabled={disabled}
        onClick={() => void store.setShownEnabled(true)}
      >
        Enable shown
      </button>
      <button
        type="button"
        class="button button--neutral"
        disabled={disabled}
        onClick={() => void store.setShownEnabled(false)}
      >
        Disable shown
      </button>
    </>
  );
}

function ShownTable({
  store,
  ...props
}: { store: OptionsStore } & Pick<
  Parameters<typeof MappingTable>[0],
  'onSort' | 'currentId' | 'onOpen' | 'focusRequest'
>) {
  // While loading, the first screen (the same table, so nothing is rebuilt when the rest arrives).
  const first = store.status.value === 'ready' ? null : store.firstScreen.value;
  if (first && first.total > 0 && filterWords(store.filter.value).length > 0)
    return <p class="empty">Loading all {first.total} mappings to filter them…</p>;
  return (
    <MappingTable
      rows={store.shown.value}
      total={first ? first.total : store.mappings.value.length}
      sort={store.sort.value}
      labelledBy="mappings-title"
      loading={first !== null}
      {...props}
    />
  );
}
