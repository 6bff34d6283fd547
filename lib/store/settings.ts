import { defaultSettings, parseSettings, type Settings } from '../settings/schema';
import type { Db } from './db';

const KEY = 'settings';

/** The settings file (docs/files.md) as stored; a row that no longer validates falls back to the defaults. */
export function settingsRepo(db: Db) {
  return {
    async get(): Promise<Settings> {
      const row = await db.get('settings', KEY);
      if (row === undefined) return defaultSettings();
      const parsed = parseSettings(row);
      return parsed.ok ? parsed.settings : defaultSettings();
    },
    /** All or nothing: invalid settings are refused with one path-named error a line. */
    async save(
      input: unknown,
    ): Promise<{ ok: true; settings: Settings } | { ok: false; errors: string[] }> {
      const parsed = parseSettings(input);
      if (parsed.ok) await db.put('settings', parsed.settings, KEY);
      return parsed;
    },
  };
}
export type SettingsRepo = ReturnType<typeof settingsRepo>;
