import { useSignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import { apiKeyPlatform } from '../../lib/platforms/descriptor-registry';
import { BannerMessage } from '../shared/BannerMessage';
import { createCredentialsStore } from '../shared/credentials';
import { whenIdle } from '../shared/idle';
import { TargetPicker } from '../shared/TargetPicker';
import { ApiKeyAccess, MappingForm, preloadPopupParts } from './lazy-parts';
import { FIRST_ROWS } from './list-sizes';
import { listName, MappingList } from './MappingList';
import type { MappingsApi } from './mappings-api';
import { createMappingsStore, type MappingsStore } from './mappings-store';
import {
  type ChoiceStorage,
  popupStorage,
  rememberedTarget,
  rememberTarget,
  type Target,
} from './targets';
import './popup.css';

export interface MappingsPanelProps {
  api: MappingsApi;
  /** Where the last choice of mappings is remembered: the popup's localStorage by default. */
  storage?: ChoiceStorage | null;
  /**
   * Opens the options page (the full editor); the link is shown when given. `editorHref` is the
   * page's address, so the link is a real link (middle click, "open in new tab").
   */
  onOpenEditor?(): void;
  editorHref?: string;
}

/** What the panel shows: the list, or the form for a new (base null) or existing mapping. */
type Screen = { kind: 'list' } | { kind: 'form'; base: Mapping | null };

/**
 * The popup: the mappings of one platform object (Salesforce Case, Kustomer conversation or
 * customer), listed and edited in place; for a platform whose auth takes API keys, also the
 * orgs' keys.
 */
export function MappingsPanel({ api, storage, onOpenEditor, editorHref }: MappingsPanelProps) {
  const [store] = useState(() => {
    const where = storage === undefined ? popupStorage() : storage;
    const created = createMappingsStore(api, rememberedTarget(where), (t: Target) =>
      rememberTarget(where, t),
    );
    // Loaded from the start, not after the first paint: mappings already at hand (the popup's
    // entry asked for them) render in the first frame.
    void created.load();
    return created;
  });
  // API keys, for the platform whose orgs may need one (none: no such section).
  const [credentials] = useState(() => {
    const keyed = apiKeyPlatform();
    return keyed ? createCredentialsStore(api, keyed) : null;
  });
  const screen = useSignal<Screen>({ kind: 'list' });
  const back = useFormReturn();

  // The form's and the API key section's code, loaded once the list is shown, so they open at once.
  const ready = store.status.value === 'ready';
  useEffect(() => {
    if (ready) whenIdle(() => void preloadPopupParts().catch(() => undefined));
  }, [ready]);

  /** Back to the list, the focus on the mapping's row (saved, or edited then cancelled), or New mapping. */
  const showList = (focusId: string | null) => {
    back.to(focusId);
    screen.value = { kind: 'list' };
  };
  const save = async (input: MappingInput) => {
    const saved = await store.save(input);
    if (saved) showList(saved.id);
  };

  const current = screen.value;
  const banner = store.banner.value;
  const target = store.target.value;
  return (
    <main class="panel" aria-labelledby="panel-title">
      <header class="panel__header">
        <div class="panel__heading">
          <h1 class="panel__title" id="panel-title">
            Handoff Fields
          </h1>
          {onOpenEditor && (
            <a
              class="panel__link"
              href={editorHref ?? '#'}
              target="_blank"
              rel="noopener"
              onClick={(e) => {
                e.preventDefault();
                onOpenEditor();
              }}
            >
              Open full editor
            </a>
          )}
        </div>
        <TargetPicker
          value={target}
          disabled={current.kind === 'form'}
          onChange={(t) => store.selectTarget(t)}
        />
      </header>
      <div class="panel__toolbar">
        <h2 class="panel__subtitle">{listName(target)}</h2>
        {current.kind === 'list' && store.status.value === 'ready' && (
          <button
            type="button"
            class="button button--brand"
            ref={back.addRef}
            onClick={() => {
              store.banner.value = null;
              screen.value = { kind: 'form', base: null };
            }}
          >
            New mapping
          </button>
        )}
      </div>
      {banner && <BannerMessage banner={banner} onDismiss={() => (store.banner.value = null)} />}
      <div class="panel__content">
        {current.kind === 'form' ? (
          <MappingForm
            key={current.base?.id ?? 'new'}
            base={current.base}
            target={target}
            catalog={store.catalog.value}
            takenIds={store.takenIds.value}
            onSave={save}
            onCancel={() => showList(current.base?.id ?? null)}
          />
        ) : (
          <>
            {credentials && target.platform === credentials.platform.id && (
              <ApiKeyAccess store={credentials} />
            )}
            <ListScreen
              store={store}
              fullEditor={Boolean(onOpenEditor)}
              focusId={back.rowId}
              onFocused={back.rowFocused}
              onEdit={(m) => (screen.value = { kind: 'form', base: m })}
            />
          </>
        )}
      </div>
    </main>
  );
}

/**
 * Where the focus lands back on the list, instead of getting lost on <body>: the row of the mapping
 * the form saved or was opened on (its Edit button, see MappingList), or New mapping (a new
 * mapping cancelled, or a row the list does not show).
 */
function useFormReturn() {
  const addRef = useRef<HTMLButtonElement>(null);
  const rowId = useSignal<string | null>(null);
  const toNew = useRef(false);
  useEffect(() => {
    if (!toNew.current || !addRef.current) return;
    toNew.current = false;
    addRef.current.focus();
  });
  return {
    addRef,
    rowId: rowId.value,
    to(id: string | null) {
      rowId.value = id;
      toNew.current = id === null;
    },
    rowFocused(found: boolean) {
      rowId.value = null;
      if (!found) addRef.current?.focus();
    },
  };
}

/** A list longer than this gets a filter. */
export const FILTER_FROM = 10;
/**
 * At most this many rows are listed (rendered as they scroll into view, see MappingList); the
 * filter or the full editor reach the rest.
 */
export const LIST_LIMIT = 100;

function ListScreen({
  store,
  fullEditor,
  focusId,
  onFocused,
  onEdit,
}: {
  store: MappingsStore;
  fullEditor: boolean;
  /** A mapping whose row takes the focus once shown (MappingList). */
  focusId: string | null;
  onFocused(found: boolean): void;
  onEdit(m: Mapping): void;
}) {
  const status = store.status.value;
  // Before every mapping has arrived, the first ones may already be here: shown, not yet usable.
  const first = status === 'loading' ? store.firstRows.value : [];
  const early = first.length > 0;
  if (status === 'loading' && !early) return <p class="empty">Loading mappings…</p>;
  if (status === 'failed') {
    return (
      <div class="empty">
        <button type="button" class="button button--neutral" onClick={() => void store.load()}>
          Try again
        </button>
      </div>
    );
  }
  const total = store.mappings.value.length;
  const shown = store.shown.value;
  const filtering = early ? first.length > FILTER_FROM : total > FILTER_FROM;
  const note = early
    ? 'Loading all mappings…'
    : shown.length > LIST_LIMIT
      ? `Showing the first ${LIST_LIMIT} of ${shown.length} ${shown.length === total ? '' : 'matching '}mappings: narrow them with the filter${fullEditor ? ', or open the full editor' : ''}.`
      : shown.length < total
        ? `${shown.length} of ${total} mappings match.`
        : '';
  const rows = early
    ? first.slice(0, FIRST_ROWS)
    : shown.length > LIST_LIMIT
      ? shown.slice(0, LIST_LIMIT)
      : shown;
  return (
    <>
      {filtering && (
        <div class="form-row list-filter">
          <label class="form-label" for="popup-filter">
            Filter {listName(store.target.value)}
          </label>
          <input
            id="popup-filter"
            class="input"
            type="search"
            value={store.filter.value}
            autocomplete="off"
            spellcheck={false}
            placeholder="Label, API name or context key"
            onInput={(e) => {
              store.filter.value = e.currentTarget.value;
            }}
          />
          <p class="form-hint" role="status">
            {note}
          </p>
        </div>
      )}
      {filtering && !early && shown.length === 0 ? (
        <NoMatch focusId={focusId} onFocused={onFocused} />
      ) : (
        <MappingList
          target={store.target.value}
          mappings={rows}
          catalog={store.catalog.value}
          pending={store.pending.value}
          locked={early}
          managedIds={store.managedIds.value}
          resetKey={`${store.target.value.key}\u0000${store.filter.value}`}
          focusId={focusId}
          onFocused={onFocused}
          onToggle={(m, enabled) => void store.setEnabled(m, enabled)}
          onEdit={(m) => {
            store.banner.value = null;
            onEdit(m);
          }}
          onDelete={(m) => void store.remove(m)}
        />
      )}
    </>
  );
}

/** The filter matches nothing: a row waiting for the focus is not here (New mapping takes it). */
function NoMatch({
  focusId,
  onFocused,
}: {
  focusId: string | null;
  onFocused(found: boolean): void;
}) {
  useEffect(() => {
    if (focusId !== null) onFocused(false);
  });
  return <p class="empty">No mapping matches the filter.</p>;
}
