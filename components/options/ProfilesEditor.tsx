import { platformDescriptors } from '../../lib/platforms/descriptor-registry';
import type { ProfileValueKind } from '../../lib/platforms/transcript-profile';
import type { SettingsForm } from './settings-controls';
import { TextField } from './settings-controls';
import type { ProfileDraft } from './settings-draft';

const kindWords: Record<ProfileValueKind, string> = {
  selector: 'CSS selector',
  class: 'class name',
  attribute: 'attribute name',
  text: 'text',
};

/**
 * How each console's conversation is read (`transcriptProfiles`): per platform, every value of its
 * transcript profile with the shipped one shown as the placeholder (empty keeps it), and the names
 * its bots post under. Collapsed per platform: most admins never change them.
 */
export function ProfilesEditor({ form }: { form: SettingsForm }) {
  return (
    <div class="settings__profiles">
      {platformDescriptors().map((platform) => {
        const profile = form.draft.transcriptProfiles[platform.id];
        if (!profile) return null;
        const { shape, defaults, words } = platform.transcriptProfile;
        const base = `transcriptProfiles.${platform.id}`;
        const changed =
          Object.values(profile.values).filter((v) => v.trim() !== '').length +
          (profile.botNames.trim() ? 1 : 0);
        const setProfile = (path: string, change: (p: ProfileDraft) => ProfileDraft) =>
          form.edit(
            (d) => ({
              ...d,
              transcriptProfiles: {
                ...d.transcriptProfiles,
                [platform.id]: change(d.transcriptProfiles[platform.id] ?? profile),
              },
            }),
            path,
          );
        return (
          <details
            class="settings__profile"
            key={platform.id}
            data-platform={platform.id}
            open={changed > 0 || form.hasProblemsWithin(base) || undefined}
          >
            <summary>
              {platform.name} {platform.console.word}
              {changed > 0 ? ` · ${changed} changed` : ' · as shipped'}
            </summary>
            <TextField
              form={form}
              path={`${base}.botNames`}
              label={`Names the ${platform.name} bots post under, one a line`}
              rows={3}
              placeholder={defaults.botNames.join('\n')}
              value={profile.botNames}
              onInput={(botNames) => setProfile(`${base}.botNames`, (p) => ({ ...p, botNames }))}
              hint="Empty keeps the shipped names (shown greyed); a list replaces them."
            />
            {Object.entries(shape).map(([key, spec]) => {
              const means = words[key] ?? '';
              return (
                <TextField
                  key={key}
                  form={form}
                  path={`${base}.values.${key}`}
                  label={`${key} (${kindWords[spec.kind]})`}
                  code
                  placeholder={(defaults.values as Record<string, string>)[key]}
                  value={profile.values[key] ?? ''}
                  onInput={(value) =>
                    setProfile(`${base}.values.${key}`, (p) => ({
                      ...p,
                      values: { ...p.values, [key]: value },
                    }))
                  }
                  hint={`${means[0]?.toUpperCase() ?? ''}${means.slice(1)}. Empty keeps the shipped value.`}
                />
              );
            })}
          </details>
        );
      })}
    </div>
  );
}
