/**
 * The popup's parts that load on demand (see lazy.tsx): the form and the Kustomer access section
 * check what the admin types with zod, which the list of mappings, the popup's first paint, does
 * not need. Both are loaded in idle time once the list is shown.
 */
import { lazyComponent, loadingNote } from '../shared/lazy';

export const MappingForm = lazyComponent(
  () => import('../shared/MappingForm').then((m) => m.MappingForm),
  loadingNote,
);
export const ApiKeyAccess = lazyComponent(() =>
  import('../shared/ApiKeyAccess').then((m) => m.ApiKeyAccess),
);

/** Every lazy part's code, loaded (idle time after the list; tests, which then render at once). */
export const preloadPopupParts = () => Promise.all([MappingForm.preload(), ApiKeyAccess.preload()]);
