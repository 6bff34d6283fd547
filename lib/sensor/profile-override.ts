/**
 * The admin's transcript-profile override as the content script gets it: the background mirrors
 * the settings' `transcriptProfiles` into the extension's own storage (`browser.storage.local`,
 * which no page can read or write) whenever they are saved, so a console tab reads the next message
 * with a corrected profile without a reload. What comes out of storage is checked by hand (no zod
 * in a content script) and anything of another shape is ignored.
 */
import { PROFILES_STORAGE_KEY, type ProfileOverride } from '../platforms/transcript-profile';

export { PROFILES_STORAGE_KEY };

/** The slice of `browser.storage` used here. */
export interface ProfileStorage {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: {
    addListener(
      listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void,
    ): void;
    removeListener(
      listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void,
    ): void;
  };
}

const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');

/** One platform's override out of the stored `transcriptProfiles`, or undefined. */
export function overrideFor(stored: unknown, platform: string): ProfileOverride | undefined {
  if (typeof stored !== 'object' || stored === null || !Object.hasOwn(stored, platform)) {
    return undefined;
  }
  const raw = (stored as Record<string, unknown>)[platform];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { values, botNames } = raw as { values?: unknown; botNames?: unknown };
  const override: { values?: Record<string, string>; botNames?: string[] } = {};
  if (isStringRecord(values)) override.values = values;
  if (Array.isArray(botNames) && botNames.every((n) => typeof n === 'string')) {
    override.botNames = botNames;
  }
  return override.values || override.botNames ? override : undefined;
}

/** The platform's override now (undefined when none, or when storage cannot be read). */
export async function loadOverride(
  storage: ProfileStorage,
  platform: string,
): Promise<ProfileOverride | undefined> {
  try {
    const stored = await storage.local.get(PROFILES_STORAGE_KEY);
    return overrideFor(stored[PROFILES_STORAGE_KEY], platform);
  } catch {
    return undefined;
  }
}

/** Calls `apply` with the platform's override each time the admin saves the settings. */
export function onOverrideChange(
  storage: ProfileStorage,
  platform: string,
  signal: AbortSignal,
  apply: (override: ProfileOverride | undefined) => void,
): void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[PROFILES_STORAGE_KEY];
    if (area !== 'local' || !change) return;
    apply(overrideFor(change.newValue, platform));
  };
  storage.onChanged.addListener(listener);
  signal.addEventListener('abort', () => storage.onChanged.removeListener(listener));
}
