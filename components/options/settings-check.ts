/**
 * The Settings section's checks, before anything is sent: the settings file's own schema
 * (lib/settings/schema.ts, the one the background saves with and the CLI reads with) over what the
 * form stands for, and, as this page has a DOM, whether each transcript-profile value can be used
 * (a selector this browser cannot parse would only ever leave the shipped one in force).
 */
import { isPlatformId, platformDescriptor } from '../../lib/platforms/descriptor-registry';
import { type ProfileValueKind, profileValueProblem } from '../../lib/platforms/transcript-profile';
import {
  checkSettings,
  type Settings,
  type SettingsProblem,
  settingsPath,
} from '../../lib/settings/schema';
import { inputOf, type SettingsDraft } from './settings-draft';
import { within } from './settings-problems';

export type DraftCheck =
  | { ok: true; settings: Settings }
  | { ok: false; problems: SettingsProblem[] };

/** The draft as a settings file: valid, or every problem with its path (nothing is sent then). */
export function checkDraft(draft: SettingsDraft): DraftCheck {
  const { input, problems: unreadable } = inputOf(draft);
  const checked = checkSettings(input);
  // A key that is not JSON went to the schema as no key at all: its "add a key" is not news.
  const schema = checked.ok
    ? []
    : checked.problems.filter((p) => !unreadable.some((u) => within(p.path, u.path)));
  const profiles = checked.ok ? profileProblems(checked.settings) : [];
  const problems = [...unreadable, ...schema, ...profiles];
  if (problems.length > 0 || !checked.ok) return { ok: false, problems };
  return { ok: true, settings: checked.settings };
}

/** A settings file (an import): the schema, then the profile values as above. */
export function checkSettingsFile(json: unknown): DraftCheck {
  const checked = checkSettings(json);
  if (!checked.ok) return checked;
  const problems = profileProblems(checked.settings);
  return problems.length > 0 ? { ok: false, problems } : checked;
}

/** Each transcript-profile value this browser cannot use, at its path. */
export function profileProblems(settings: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [platform, override] of Object.entries(settings.transcriptProfiles)) {
    if (!isPlatformId(platform)) continue;
    const shape = platformDescriptor(platform).transcriptProfile.shape as Record<
      string,
      { kind: ProfileValueKind } | undefined
    >;
    for (const [key, value] of Object.entries(override.values ?? {})) {
      const spec = shape[key];
      const problem = spec && profileValueProblem(spec.kind, value);
      if (problem) {
        problems.push({
          path: settingsPath(['transcriptProfiles', platform, 'values', key]),
          message: `"${value}" ${problem}: correct it, or clear it to use the shipped value`,
        });
      }
    }
  }
  return problems;
}
