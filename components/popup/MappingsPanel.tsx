import { useSignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { MappingsApi } from './api';
import { BannerMessage } from './BannerMessage';
import { MappingForm } from './MappingForm';
import { MappingList } from './MappingList';
import { createMappingsStore, type MappingsStore } from './mappings-store';
import './popup.css';

export interface MappingsPanelProps {
  api: MappingsApi;
}

/** What the panel shows: the list, or the form for a new (base null) or existing mapping. */
type Screen = { kind: 'list' } | { kind: 'form'; base: Mapping | null };

/** The popup: Salesforce Case mappings, listed and edited in place. */
export function MappingsPanel({ api }: MappingsPanelProps) {
  const [store] = useState(() => createMappingsStore(api));
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
  return (
    <main class="panel" aria-labelledby="panel-title">
      <header class="panel__header">
        <div>
          <h1 class="panel__title" id="panel-title">
            Handoff Fields
          </h1>
          <p class="panel__subtitle">Salesforce Case mappings</p>
        </div>
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
      </header>
      {banner && <BannerMessage banner={banner} onDismiss={() => (store.banner.value = null)} />}
      <div class="panel__content">
        {current.kind === 'form' ? (
          <MappingForm
            key={current.base?.id ?? 'new'}
            base={current.base}
            catalog={store.catalog.value}
            takenIds={store.takenIds.value}
            onSave={save}
            onCancel={showList}
          />
        ) : (
          <ListScreen store={store} onEdit={(m) => (screen.value = { kind: 'form', base: m })} />
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
      mappings={store.caseMappings.value}
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
