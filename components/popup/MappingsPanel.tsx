import { useSignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { MappingsApi } from './api';
import { BannerMessage } from './BannerMessage';
import { createCredentialsStore } from './credentials';
import { KustomerAccess } from './KustomerAccess';
import { MappingForm } from './MappingForm';
import { listName, MappingList } from './MappingList';
import { createMappingsStore, type MappingsStore } from './mappings-store';
import { TargetPicker } from './TargetPicker';
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
}

/** What the panel shows: the list, or the form for a new (base null) or existing mapping. */
type Screen = { kind: 'list' } | { kind: 'form'; base: Mapping | null };

/**
 * The popup: the mappings of one platform object (Salesforce Case, Kustomer conversation or
 * customer), listed and edited in place; for Kustomer, also the org API keys.
 */
export function MappingsPanel({ api, storage }: MappingsPanelProps) {
  const [store] = useState(() => {
    const where = storage === undefined ? popupStorage() : storage;
    return createMappingsStore(api, rememberedTarget(where), (t: Target) =>
      rememberTarget(where, t),
    );
  });
  const [credentials] = useState(() => createCredentialsStore(api));
  const screen = useSignal<Screen>({ kind: 'list' });
  const addRef = useRef<HTMLButtonElement>(null);
  const returning = useRef(false);

  useEffect(() => {
    void store.load();
  }, [store]);

  // Back from the form, focus lands on "New mapping" instead of getting lost on <body>.
  useEffect(() => {
    if (screen.value.kind === 'list' && returning.current) addRef.current?.focus();
    returning.current = false;
  });

  const showList = () => {
    returning.current = true;
    screen.value = { kind: 'list' };
  };
  const save = async (input: MappingInput) => {
    if (await store.save(input)) showList();
  };

  const current = screen.value;
  const banner = store.banner.value;
  const target = store.target.value;
  return (
    <main class="panel" aria-labelledby="panel-title">
      <header class="panel__header">
        <h1 class="panel__title" id="panel-title">
          Handoff Fields
        </h1>
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
            ref={addRef}
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
            onCancel={showList}
          />
        ) : (
          <>
            {target.platform === 'kustomer' && <KustomerAccess store={credentials} />}
            <ListScreen store={store} onEdit={(m) => (screen.value = { kind: 'form', base: m })} />
          </>
        )}
      </div>
    </main>
  );
}

function ListScreen({ store, onEdit }: { store: MappingsStore; onEdit(m: Mapping): void }) {
  if (store.status.value === 'loading') return <p class="empty">Loading mappings…</p>;
  if (store.status.value === 'failed') {
    return (
      <div class="empty">
        <button type="button" class="button button--neutral" onClick={() => void store.load()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <MappingList
      target={store.target.value}
      mappings={store.mappings.value}
      catalog={store.catalog.value}
      pending={store.pending.value}
      onToggle={(m, enabled) => void store.setEnabled(m, enabled)}
      onEdit={(m) => {
        store.banner.value = null;
        onEdit(m);
      }}
      onDelete={(m) => void store.remove(m)}
    />
  );
}
