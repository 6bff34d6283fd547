/**
 * The settings file (docs/files.md) on the options page: what Export writes and what Import reads.
 * The file is the one the CLI reads (`handoff-fields plan --settings`). Import is all or nothing:
 * the file is checked with the settings schema here (JSON syntax errors with line and column,
 * every other problem with its path) and again by the background, which stores it in one step.
 */
import { type Settings, settingsProblemLine, settingsWarnings } from '../../lib/settings/schema';
import { parseJsonText } from '../../lib/text/json-text';
import { checkSettingsFile } from './settings-check';

export const SETTINGS_FILE_NAME = 'handoff-fields-settings.json';
/** A settings file is a few kilobytes; one of megabytes is not one. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

/** The export's text: every setting, defaults included, in the schema's order, 2-space indent. */
export const settingsFileText = (settings: Settings): string =>
  `${JSON.stringify(settings, null, 2)}\n`;

export type SettingsFileRead =
  | { ok: true; settings: Settings; warnings: string[] }
  | { ok: false; errors: string[] };

export function readSettingsFile(name: string, text: string): SettingsFileRead {
  const json = parseJsonText({ name, text });
  if (!json.ok) return json;
  const checked = checkSettingsFile(json.value);
  if (!checked.ok) return { ok: false, errors: checked.problems.map(settingsProblemLine) };
  return { ok: true, settings: checked.settings, warnings: settingsWarnings(checked.settings) };
}

/** Where an import stands: what the import panel renders. */
export type SettingsImport =
  | { step: 'idle' }
  | { step: 'invalid'; fileName: string; errors: string[] }
  | { step: 'confirm'; fileName: string; settings: Settings; warnings: string[] }
  | { step: 'applying'; fileName: string }
  | { step: 'done'; fileName: string }
  | { step: 'failed'; fileName: string; errors: string[] };

/** A chosen file, read and checked: the import's next step. */
export async function importStepOf(file: File): Promise<SettingsImport> {
  if (file.size > MAX_SETTINGS_BYTES) {
    return {
      step: 'invalid',
      fileName: file.name,
      errors: [
        `The file is ${Math.round(file.size / 1024)} KB: a settings file is far smaller. Choose the file Export settings wrote.`,
      ],
    };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return {
      step: 'invalid',
      fileName: file.name,
      errors: [
        `The file could not be read (${error instanceof Error ? error.message : 'unreadable'}): choose it again.`,
      ],
    };
  }
  const read = readSettingsFile(file.name, text);
  return read.ok
    ? { step: 'confirm', fileName: file.name, settings: read.settings, warnings: read.warnings }
    : { step: 'invalid', fileName: file.name, errors: read.errors };
}
