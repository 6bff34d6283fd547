import type { Settings, WriteMode } from '../../lib/settings/schema';
import type { SettingsApi } from './settings-api';

/**
 * This browser is set to Verify only (settings `writeMode`): said above every section while it
 * is on, so a QA analyst or supervisor sees at a glance that nothing here writes to a record.
 * `managed`: the organisation's policy sets it (then only the admin's policy changes it).
 */
export function VerifyOnlyLine({ mode, managed }: { mode: WriteMode | null; managed: boolean }) {
  if (mode !== 'verify-only') return null;
  return (
    <p class="banner verify-only-line" role="status" data-mode="verify-only">
      <span class="banner__text">
        <strong>Verify only</strong> — this browser reads, plans and compares handoffs, and never
        writes to a record.{' '}
        {managed ? 'Set by your organisation.' : 'Change it under Writing in the Settings section.'}
      </span>
    </p>
  );
}

/**
 * The settings requests, telling `seen` the write mode of every settings file read or saved
 * through them (the Settings section's save and import), so the line above follows a change.
 */
export function watchWriteMode(api: SettingsApi, seen: (mode: WriteMode) => void): SettingsApi {
  const told = (settings: Settings) => {
    seen(settings.writeMode);
    return settings;
  };
  return {
    ...api,
    get: async () => told(await api.get()),
    save: async (file) => told(await api.save(file)),
  };
}
