import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { PolicyStatus } from '../../lib/settings/managed';
import type { WriteMode } from '../../lib/settings/schema';
import type { DiagnosticsApi } from './DiagnosticsSection';
import type { JournalApi } from './journal-api';
// Loaded when first shown: the first paint (the mappings table) does not wait for their code.
import {
  BenchSection,
  CatalogsSection,
  DiagnosticsSection,
  QaSection,
  SettingsSection,
} from './lazy-parts';
import { MappingsSection } from './MappingsSection';
import type { OptionsApi } from './options-api';
import { createOptionsStore } from './options-store';
import { PolicyBanner } from './PolicyBanner';
import type { SettingsApi } from './settings-api';
import { VerifyOnlyLine, watchWriteMode } from './VerifyOnlyLine';
import '../popup/popup.css';
import './options.css';

export type SectionId = 'mappings' | 'catalogs' | 'bench' | 'qa' | 'diagnostics' | 'settings';

const sections: Array<{ id: SectionId; label: string }> = [
  { id: 'mappings', label: 'Mappings' },
  { id: 'catalogs', label: 'Field catalogs' },
  { id: 'bench', label: 'Test bench' },
  { id: 'qa', label: 'QA journal' },
  { id: 'diagnostics', label: 'What it sees' },
  { id: 'settings', label: 'Settings' },
];

/** The section a location hash names (`#catalogs`), the mappings otherwise. */
export function sectionFromHash(hash: string): SectionId {
  // `#diagnostics?tab=12`: a section, and what it opens on.
  const id = hash.replace(/^#/, '').replace(/\?.*$/, '');
  return sections.some((s) => s.id === id) ? (id as SectionId) : 'mappings';
}

export interface OptionsAppProps {
  api: OptionsApi;
  /** Where the page starts (tests); the location hash otherwise. */
  initialSection?: SectionId;
  /** Saves the export (a download by default). */
  save?: (name: string, text: string) => void;
  /** The QA journal's requests (the QA section is empty without them). */
  journal?: JournalApi;
  /** The console tabs and the background's diagnostics ("What it sees" is empty without them). */
  diagnostics?: DiagnosticsApi;
  /** The settings file's requests (the Settings section is empty without them). */
  settings?: SettingsApi;
  /**
   * Top-level settings keys an organisation's policy sets (`policy:status`): the Settings section
   * shows them read-only. None by default.
   */
  managedSettings?: ReadonlySet<string>;
}

/**
 * The options page: the admin's full editor. A console-style page with a header, a section
 * navigation (mappings, field catalogs, test bench, QA journal, what it sees, settings; the location hash
 * keeps the choice) and the chosen section in the main landmark.
 */
export function OptionsApp({
  api,
  initialSection,
  save,
  journal,
  diagnostics,
  settings: settingsApi,
  managedSettings,
}: OptionsAppProps) {
  const writeMode = useSignal<WriteMode | null>(null);
  // The Settings section's requests, watched: its save or import of Verify only shows the line.
  const [settings] = useState(
    () =>
      settingsApi &&
      watchWriteMode(settingsApi, (mode) => {
        writeMode.value = mode;
      }),
  );
  const [store] = useState(() => {
    const created = createOptionsStore(api);
    // Loaded from the start, not after the first paint: mappings already at hand (the page's
    // entry asked for them) render in the first frame.
    void created.load();
    return created;
  });
  const section = useSignal<SectionId>(initialSection ?? sectionFromHash(location.hash));

  useEffect(() => {
    const onHash = () => {
      section.value = sectionFromHash(location.hash);
    };
    addEventListener('hashchange', onHash);
    // Whether this browser is set to Verify only: said above every section.
    void settings?.get().catch(() => undefined);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const current = section.value;
  const managed = managedSettings ?? policySettingsKeys(store.policy.value);
  return (
    <div class="admin">
      <header class="admin__header">
        <div class="admin__brand" aria-hidden="true">
          HF
        </div>
        <div>
          <p class="admin__product">Handoff Fields</p>
          <h1 class="admin__title">{sections.find((s) => s.id === current)?.label} · Admin</h1>
        </div>
      </header>
      <div class="admin__body">
        <nav class="admin__nav" aria-label="Sections">
          <ul>
            {sections.map((s) => (
              <li key={s.id}>
                <a
                  href={`#${s.id}`}
                  class={s.id === current ? 'nav__link nav__link--current' : 'nav__link'}
                  aria-current={s.id === current ? 'page' : undefined}
                  onClick={() => {
                    section.value = s.id;
                  }}
                >
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="admin__main" id="main">
          <PolicyBanner status={store.policy.value} />
          <VerifyOnlyLine mode={writeMode.value} managed={managed.has('writeMode')} />
          {current === 'mappings' && <MappingsSection store={store} save={save} />}
          {current === 'catalogs' && <CatalogsSection store={store} api={api} />}
          {current === 'bench' && <BenchSection store={store} api={api} />}
          {current === 'qa' && journal && <QaSection api={journal} save={save} />}
          {current === 'diagnostics' && diagnostics && <DiagnosticsSection api={diagnostics} />}
          {current === 'settings' && settings && (
            <SettingsSection api={settings} store={store} save={save} managed={managed} />
          )}
        </main>
      </div>
    </div>
  );
}

/**
 * The settings keys the organisation's policy sets, read-only in the Settings section. A policy's
 * transcript profile for any platform makes the whole `transcriptProfiles` box read-only.
 */
function policySettingsKeys(status: PolicyStatus | null): ReadonlySet<string> {
  const keys = new Set(status?.managed.settingsKeys ?? []);
  if (status?.managed.transcriptProfilePlatforms.length) keys.add('transcriptProfiles');
  return keys;
}
