import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { MergeMode } from '../../lib/mapping/file';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import { defaultTarget } from '../popup/targets';
import { type Banner, BannerMessage } from '../shared/BannerMessage';
import { whenIdle } from '../shared/idle';
import { filterWords } from '../shared/search';
import { ImportPanel } from './ImportPanel';
import {
  EXPORT_FILE_NAME,
  type ImportState,
  MAX_FILE_BYTES,
  summaryText,
  warningCount,
} from './import-state';
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
  // Only what changes rarely is read here: the filter's signals are read by the small components
  // below (FilterBox, ShownCount, BulkButtons, the table), so a keystroke re-renders just those.
  const status = store.status.value;
  usePreloadWhenReady(status);
  const editor = useEditorPanel(store);
  const files = useMappingFiles(store, save);

  const banner = store.banner.value;
  return (
    <section class="section section--mappings" aria-labelledby="mappings-title">
      <Toolbar store={store} editor={editor} files={files} />
      <div class="live">
        {banner && <BannerMessage banner={banner} onDismiss={() => (store.banner.value = null)} />}
      </div>
      <ImportPanel
        state={files.state}
        onApply={(mode) => void files.apply(mode)}
        onChooseAnother={files.choose}
        onClose={files.close}
      />
      <Workspace store={store} editor={editor} />
    </section>
  );
}

/**
 * The editor's and the files' code, loaded once the table is on screen, so opening a row, an
 * import or an export does not wait for it.
 */
function usePreloadWhenReady(status: OptionsStore['status']['value']): void {
  useEffect(() => {
    if (status !== 'ready') return;
    whenIdle(() => {
      void MappingEditor.preload().catch(() => undefined);
      void importFlow().catch(() => undefined);
    });
  }, [status]);
}

type EditorPanel = ReturnType<typeof useEditorPanel>;

/** The side panel: what it edits, and where focus goes when it closes. */
function useEditorPanel(store: OptionsStore) {
  const editing = useSignal<Editing>({ kind: 'none' });
  const focusRequest = useSignal<FocusRequest | null>(null);
  const newRef = useRef<HTMLButtonElement>(null);
  const seq = useRef(0);
  const current = editing.value;

  /** Focus on a row of the table, or on New mapping when that row is not shown. */
  const focusRow = (id: string | undefined) => {
    if (id && store.shown.value.some((r) => r.mapping.id === id)) {
      focusRequest.value = { id, seq: ++seq.current };
    } else {
      queueMicrotask(() => newRef.current?.focus());
    }
  };

  /** Closes the editor; focus returns to the row it was opened from (or to New mapping). */
  const close = (focusId?: string) => {
    const from = current.kind === 'edit' ? current.mapping.id : undefined;
    editing.value = { kind: 'none' };
    focusRow(focusId ?? from);
  };

  return {
    current,
    focusRequest: focusRequest.value,
    newRef,
    /** Opens the editor on a new or a stored mapping; the last action's banner goes. */
    open(next: Editing) {
      store.banner.value = null;
      editing.value = next;
    },
    close,
    /** Saved: close, with focus on the saved row. Refused: the editor stays, draft intact. */
    async onSave(input: MappingInput): Promise<void> {
      const saved = await store.save(input);
      if (saved) close(saved.id);
    },
    /** Deleted: focus on the row that took its place (or New mapping when none is left). */
    async onDelete(mapping: Mapping): Promise<void> {
      const at = store.shown.value.findIndex((r) => r.mapping.id === mapping.id);
      if (!(await store.remove(mapping))) return;
      const next = store.shown.value[Math.min(at, store.shown.value.length - 1)];
      editing.value = { kind: 'none' };
      focusRow(next?.mapping.id);
    },
  };
}

type MappingFiles = ReturnType<typeof useMappingFiles>;

/** Mappings files: the import's steps (ImportPanel), the hidden file input, the export's download. */
function useMappingFiles(store: OptionsStore, save: (name: string, text: string) => void) {
  const importState = useSignal<ImportState>({ step: 'idle' });
  const importRef = useRef<HTMLButtonElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const apply = async (mode: MergeMode) => {
    const state = importState.value;
    if (state.step !== 'choose') return;
    importState.value = { step: 'applying', fileName: state.fileName, mode };
    try {
      const result = await store.importFile(state.file, mode);
      const warnings = result.applied ? (result.warnings ?? []) : [];
      importState.value = result.applied
        ? { step: 'done', fileName: state.fileName, mode, summary: result.summary, warnings }
        : { step: 'invalid', fileName: state.fileName, errors: result.errors };
      if (result.applied) {
        store.banner.value = {
          tone: 'success',
          title: 'Imported.',
          text: warnings.length
            ? `${summaryText(result.summary)}. ${warningCount(warnings.length)} to check: see the import panel.`
            : `${summaryText(result.summary)}.`,
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

  return {
    state: importState.value,
    importRef,
    fileRef,
    choose: () => fileRef.current?.click(),
    async onFile(file: File) {
      const next = await importStateOf(file, () => store.mappings.value);
      if (next) importState.value = next;
      else store.banner.value = LOAD_FAILURE;
    },
    async exportAll() {
      const flow = await importFlow().catch(() => null);
      if (!flow) {
        store.banner.value = LOAD_FAILURE;
        return;
      }
      const total = store.mappings.value.length;
      save(EXPORT_FILE_NAME, flow.exportText(store.mappings.value));
      store.banner.value = {
        tone: 'success',
        title: 'Exported.',
        text: `${total} ${total === 1 ? 'mapping' : 'mappings'} to ${EXPORT_FILE_NAME}.`,
      };
    },
    apply,
    close() {
      importState.value = { step: 'idle' };
      queueMicrotask(() => importRef.current?.focus());
    },
  };
}

/** The files' code could not be loaded (the extension was updated under the page). */
const LOAD_FAILURE: Banner = {
  tone: 'error',
  title: 'Nothing was imported or exported.',
  text: 'This page could not load the code for mappings files: reload the page and try again.',
};

/**
 * A chosen file, read and checked against the stored mappings: what the import panel shows next,
 * or null when the files' code could not be loaded.
 */
async function importStateOf(
  file: File,
  stored: () => readonly Mapping[],
): Promise<ImportState | null> {
  if (file.size > MAX_FILE_BYTES) {
    return {
      step: 'invalid',
      fileName: file.name,
      errors: [
        `The file is ${Math.round(file.size / 1_048_576)} MB: a mappings file is far smaller. Choose the file Export wrote.`,
      ],
    };
  }
  const flow = await importFlow().catch(() => null);
  if (!flow) return null;
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return {
      step: 'invalid',
      fileName: file.name,
      errors: [
        `The file could not be read (${error instanceof Error ? error.message : 'unreadable'}): choose it again.`,
      ],
    };
  }
  return flow.readImport(file.name, text, stored());
}

function Toolbar({
  store,
  editor,
  files,
}: {
  store: OptionsStore;
  editor: EditorPanel;
  files: MappingFiles;
}) {
  const ready = store.status.value === 'ready';
  return (
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
          ref={editor.newRef}
          disabled={!ready}
          onClick={() => editor.open({ kind: 'new' })}
        >
          New mapping
        </button>
        <BulkButtons store={store} />
        <button
          type="button"
          class="button button--neutral"
          ref={files.importRef}
          disabled={!ready || files.state.step === 'applying'}
          onClick={files.choose}
        >
          Import…
        </button>
        <input
          ref={files.fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-hidden="true"
          tabIndex={-1}
          data-testid="import-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void files.onFile(file);
          }}
        />
        <button
          type="button"
          class="button button--neutral"
          disabled={!ready}
          onClick={() => void files.exportAll()}
        >
          Export
        </button>
      </div>
    </div>
  );
}

/** The table (or what stands for it while loading) and, beside it, the editor. */
function Workspace({ store, editor }: { store: OptionsStore; editor: EditorPanel }) {
  const status = store.status.value;
  const { current } = editor;
  const onSort = (key: SortKey) => {
    const s = store.sort.value;
    store.sort.value = { key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' };
  };
  return (
    <div class={current.kind === 'none' ? 'workspace' : 'workspace workspace--editing'}>
      <div class="workspace__table">
        {status === 'loading' && !store.firstScreen.value && <p class="empty">Loading mappings…</p>}
        {status === 'failed' && (
          <div class="empty">
            <button type="button" class="button button--neutral" onClick={() => void store.load()}>
              Try again
            </button>
          </div>
        )}
        {(status === 'ready' || (status === 'loading' && store.firstScreen.value)) && (
          <ShownTable
            store={store}
            onSort={onSort}
            currentId={current.kind === 'edit' ? current.mapping.id : null}
            managedIds={store.managedIds.value}
            onOpen={(row) => editor.open({ kind: 'edit', mapping: row.mapping })}
            focusRequest={editor.focusRequest}
          />
        )}
      </div>
      {current.kind !== 'none' && (
        <MappingEditor
          key={current.kind === 'edit' ? current.mapping.id : 'new'}
          base={current.kind === 'edit' ? current.mapping : null}
          managed={current.kind === 'edit' && store.managedIds.value.has(current.mapping.id)}
          initialTarget={defaultTarget}
          fieldsFor={store.fieldsFor}
          orgsFor={store.orgsFor}
          all={store.mappings.value}
          takenIds={store.takenIds.value}
          onSave={editor.onSave}
          onDelete={editor.onDelete}
          onClose={() => editor.close()}
        />
      )}
    </div>
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
  'onSort' | 'currentId' | 'managedIds' | 'onOpen' | 'focusRequest'
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
