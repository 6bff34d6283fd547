/**
 * The API keys admins enter in the popup, for platforms whose orgs may refuse the agent's session
 * (`auth.kind === 'api-key'`): stored only in the extension's IndexedDB, under the name the
 * platform's descriptor gives (`Platform.apiKeys`); a face only ever sees the last four characters.
 */
import type { CredentialHint } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import type { PlatformClient } from '../platforms/platform-client';
import { backgroundPlatform, backgroundPlatforms } from '../platforms/registry';
import type { PlatformId } from '../platforms/types';
import type { SecretsRepo } from '../store/secrets';

export function credentialHandlers(deps: {
  secrets: SecretsRepo;
  clientFor(platform: PlatformId): PlatformClient;
}): Pick<Handlers, 'credentials:set' | 'credentials:list'> {
  const { secrets } = deps;

  const hints = async (): Promise<CredentialHint[]> => {
    const stored = await secrets.hints();
    return backgroundPlatforms().flatMap(({ id, apiKeys }) =>
      stored.flatMap((h) => {
        const org = apiKeys?.orgOf(h.key) ?? null;
        return org === null ? [] : [{ platform: id, org, last4: h.last4, savedAt: h.savedAt }];
      }),
    );
  };

  return {
    'credentials:set': async ({ platform, org, apiKey }) => {
      const { name, apiKeys } = backgroundPlatform(platform);
      // The request's schema already refuses a platform without API keys.
      if (!apiKeys) throw new Error(`${name} takes no API key: it writes as the signed-in agent.`);
      const lower = org.toLowerCase();
      const secret = apiKeys.secretName(lower);
      if (apiKey === null) await secrets.remove(secret);
      else await secrets.save(secret, apiKey);
      deps.clientFor(platform).credentialsChanged?.(lower);
      return hints();
    },
    'credentials:list': () => hints(),
  };
}
