/**
 * Everything the background answers, built from its dependencies so that unit tests can run the
 * same handlers over fake-indexeddb, a fake cookie jar and a fake fetch.
 */
import type { CredentialHint } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { type PlatformClient, PlatformError } from '../platforms/client';
import { kustomerClient } from '../platforms/kustomer/api';
import { type KustomerCookieReader, kustomerAuth } from '../platforms/kustomer/auth';
import { salesforceClient } from '../platforms/salesforce/api';
import { type CookieReader, salesforceSessions } from '../platforms/salesforce/session';
import type { FieldSpec, PlatformId } from '../platforms/types';
import { catalogsRepo } from '../store/catalogs';
import type { Db } from '../store/db';
import { journalRepo } from '../store/journal';
import { mappingsRepo } from '../store/mappings';
import { kustomerApiKeyName, secretsRepo } from '../store/secrets';
import { settingsRepo } from '../store/settings';
import { handoffEngine } from './handoff';

export interface BackgroundDeps {
  db: Db;
  /** `browser.cookies`: the Salesforce and Kustomer session cookies. */
  cookies: CookieReader & KustomerCookieReader;
  fetch?: typeof fetch;
  now?(): number;
}

export function backgroundHandlers(deps: BackgroundDeps): Handlers {
  const mappings = mappingsRepo(deps.db);
  const catalogs = catalogsRepo(deps.db);
  const journal = journalRepo(deps.db);
  const secrets = secretsRepo(deps.db);
  const kustomerAuthority = kustomerAuth(deps.cookies, secrets);
  const clients: Record<PlatformId, PlatformClient> = {
    salesforce: salesforceClient(salesforceSessions(deps.cookies), deps.fetch),
    kustomer: kustomerClient({ auth: kustomerAuthority, fetch: deps.fetch }),
  };
  const clientFor = (platform: PlatformId): PlatformClient => clients[platform];
  const settings = settingsRepo(deps.db);
  const engine = handoffEngine({ settings, mappings, catalogs, journal, clientFor, now: deps.now });

  const credentialHints = async (): Promise<CredentialHint[]> =>
    (await secrets.hints('kustomer:')).map((h) => ({
      platform: 'kustomer',
      org: h.key.split(':')[1] ?? '',
      last4: h.last4,
      savedAt: h.savedAt,
    }));

  return {
    'handoff:messages': ({ record, messages }) => engine.messages(record, messages),
    'handoff:view': ({ record }) => engine.open(record),
    'handoff:retry': ({ record }) => engine.retry(record),
    'mappings:list': ({ platform }) => mappings.list(platform),
    'mappings:save': ({ mapping }) => mappings.save(mapping),
    'mappings:delete': async ({ id }) => ({ deleted: await mappings.remove(id) }),
    'catalog:fields': async ({ platform, object }) => {
      // Several orgs may have been seen: one suggestion per API name.
      const byName = new Map<string, FieldSpec>();
      for (const c of await catalogs.forObject(platform, object))
        for (const f of c.fields) byName.set(f.name, f);
      return [...byName.values()].sort((a, b) => a.label.localeCompare(b.label));
    },
    'credentials:set': async ({ org, apiKey }) => {
      const name = kustomerApiKeyName(org.toLowerCase());
      if (apiKey === null) await secrets.remove(name);
      else await secrets.save(name, apiKey);
      kustomerAuthority.reset(org.toLowerCase());
      return credentialHints();
    },
    'credentials:list': () => credentialHints(),
    'settings:get': () => settings.get(),
    'settings:save': async ({ settings: input }) => {
      const saved = await settings.save(input);
      if (!saved.ok) {
        throw new PlatformError(
          'invalid-settings',
          `The settings were not saved (nothing changed):\n${saved.errors.join('\n')}`,
        );
      }
      return saved.settings;
    },
  };
}
