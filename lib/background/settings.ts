/** The settings file (options page) and what content scripts may read of it. */
import type { PrivacyTasks } from '../engine/privacy';
import type { Handlers } from '../messaging/router';
import { PlatformError } from '../platforms/platform-client';
import type { SettingsRepo } from '../store/settings';

type SettingsRequests = 'settings:get' | 'settings:save' | 'settings:post-message-origins';

export function settingsHandlers(deps: {
  settings: SettingsRepo;
  privacy: PrivacyTasks;
  /** After a save: the content scripts' copy of what they read (transcript profiles). */
  onSaved?(): Promise<void>;
}): Pick<Handlers, SettingsRequests> {
  const { settings, privacy } = deps;
  return {
    'settings:get': () => settings.get(),
    'settings:save': async ({ settings: input }) => {
      const saved = await settings.save(input);
      if (!saved.ok) {
        throw new PlatformError(
          'invalid-settings',
          `The settings were not saved (nothing changed):\n${saved.errors.join('\n')}`,
        );
      }
      // A shorter retention or redaction switched on applies to what is stored now, not only later.
      await privacy.purge();
      await privacy.redactSettled();
      await deps.onSaved?.();
      return saved.settings;
    },
    'settings:post-message-origins': async () => ({
      origins: (await settings.get()).postMessageOrigins,
    }),
  };
}
