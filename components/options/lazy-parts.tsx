/**
 * The options page's parts that load on demand (see lazy.tsx): every section but the mappings
 * table, and the mapping editor.
 */
import { lazyComponent, loadingNote } from '../shared/lazy';

export const CatalogsSection = lazyComponent(
  () => import('./CatalogsSection').then((m) => m.CatalogsSection),
  loadingNote,
);
export const BenchSection = lazyComponent(
  () => import('./BenchSection').then((m) => m.BenchSection),
  loadingNote,
);
export const QaSection = lazyComponent(
  () => import('./QaSection').then((m) => m.QaSection),
  loadingNote,
);
export const DiagnosticsSection = lazyComponent(
  () => import('./DiagnosticsSection').then((m) => m.DiagnosticsSection),
  loadingNote,
);
export const SettingsSection = lazyComponent(
  () => import('./SettingsSection').then((m) => m.SettingsSection),
  loadingNote,
);
/** Loaded in idle time after the table's first paint, so opening a row does not wait for it. */
export const MappingEditor = lazyComponent(() =>
  import('./MappingEditor').then((m) => m.MappingEditor),
);

/** Every lazy part's code, loaded (tests, which then render them at once). */
export const preloadLazyParts = () =>
  Promise.all([
    CatalogsSection.preload(),
    BenchSection.preload(),
    MappingEditor.preload(),
    QaSection.preload(),
    DiagnosticsSection.preload(),
    SettingsSection.preload(),
  ]);
