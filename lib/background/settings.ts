/** The settings file (options page) and what content scripts may read of it. */
import type { PrivacyTasks } from '../engine/privacy';
import type { KnownAudience } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { isPlatformId } from '../platforms/descriptor-registry';
import type { PlatformClient } from '../platforms/platform-client';
import { PlatformError } from '../platforms/platform-client';
import type { PlatformId } from '../platforms/types';
import { testTokenAgainst } from '../settings/token-test';
import type { CatalogsRepo } from '../store/catalogs';
import type { JournalRepo } from '../store/journal';
import type { SettingsRepo } from '../store/settings';

type SettingsRequests =
  | 'settings:get'
  | 'settings:save'
  | 'settings:post-message-origins'
  | 'settings:test-token'
  | 'settings:known-audiences';

export function settingsHandlers(deps: {
  settings: SettingsRepo;
  privacy: PrivacyTasks;
  /** Where the orgs this browser has seen are known. */
  catalogs: Pick<CatalogsRepo, 'list'>;
  journal: Pick<JournalRepo, 'orgs'>;
  clientFor(platform: PlatformId): PlatformClient;
  now(): number;
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
    'settings:test-token': ({ trust, message }) => testTokenAgainst(trust, message, deps.now()),
    'settings:known-audiences': () => knownAudiences(deps),
  };
}

/**
 * The orgs of the stored catalogs and of the journal, each with its audience as the platform
 * names it (`PlatformClient.audienceOf`; the org's handle when the platform has no other).
 */
async function knownAudiences(deps: {
  catalogs: Pick<CatalogsRepo, 'list'>;
  journal: Pick<JournalRepo, 'orgs'>;
  clientFor(platform: PlatformId): PlatformClient;
}): Promise<KnownAudience[]> {
  const seen = new Map<string, { platform: PlatformId; org: string }>();
  const orgs = [...(await deps.catalogs.list()), ...(await deps.journal.orgs())];
  for (const { platform, org } of orgs) {
    if (isPlatformId(platform)) seen.set(`${platform}:${org}`, { platform, org });
  }
  const known = await Promise.all(
    [...seen.values()].map(async ({ platform, org }) => {
      const client = deps.clientFor(platform);
      // A cookie that cannot be read is the same as none: the admin is told to sign in.
      const audience = client.audienceOf ? await client.audienceOf(org).catch(() => null) : org;
      return { platform, org, audience };
    }),
  );
  return known.sort((a, b) => cmp(a.platform, b.platform) || cmp(a.org, b.org));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
