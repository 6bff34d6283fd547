import { defaultSettings, parseSettings, type Settings } from '../settings/schema';
import type { Db } from './db';

const KEY = 'settings';

/**
 * The settings file (docs/files.md) as stored; a row that no longer validates falls back to the
 * defaults.
 *
 * The settings are read on every handoff, several times (trust, write mode, the queue's checks),
 * and checking them is not cheap (each public key's point is checked to lie on its curve). This
 * repository is the only writer of its row and the background the only reader of the database, so
 * the checked settings are kept in memory from the first read until the next save; every caller
 * gets its own copy, so none can change what the next one reads.
 */
export function settingsRepo(db: Db) {
  let kept: Promise<Settings> | undefined;
  const read = async (): Promise<Settings> => {
    const row = await db.get('settings', KEY);
    if (row === undefined) return defaultSettings();
    const parsed = parseSettings(row);
    return parsed.ok ? parsed.settings : defaultSettings();
  };
  return {
    async get(): Promise<Settings> {
      const reading = kept ?? read();
      kept = reading;
      try {
        return structuredClone(await reading);
      } catch (error) {
        // A failed read is not kept: the next asks the database again.
        if (kept === reading) kept = undefined;
        throw error;
      }
    },
    /** All or nothing: invalid settings are refused with one path-named error a line. */
    async save(
      input: unknown,
    ): Promise<{ ok: true; settings: Settings } | { ok: false; errors: string[] }> {
      const parsed = parseSettings(input);
      if (parsed.ok) {
        // Forgotten first: a read that starts while the row is written reads the database.
        kept = undefined;
        await db.put('settings', parsed.settings, KEY);
        kept = Promise.resolve(structuredClone(parsed.settings));
      }
      return parsed;
    },
  };
}
export type SettingsRepo = ReturnType<typeof settingsRepo>;
