/**
 * Where the popup remembers its last choice of mappings (Salesforce Case, Kustomer conversation or
 * customer): no imports, so the popup's first script can read it and ask for that target's fields
 * before the rest of the popup has loaded.
 */

/** Where the popup remembers the last choice (the extension's origin: only the popup reads it). */
export const TARGET_STORAGE_KEY = 'handoff-fields:popup:target';

export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The popup's localStorage, or null where there is none (or it throws, e.g. storage disabled). */
export function popupStorage(): ChoiceStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The remembered target's key (`platform:object`), as stored: the caller checks it. */
export function storedTargetKey(storage: ChoiceStorage | null): string | null {
  try {
    return storage?.getItem(TARGET_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
