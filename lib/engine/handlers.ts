/**
 * Everything the background answers, built from its dependencies so that unit tests can run the
 * same handlers over fake-indexeddb, a fake cookie jar and a fake fetch.
 */
import type { Handlers } from '../messaging/router';
import type { PlatformClient } from '../platforms/client';
import { salesforceClient } from '../platforms/salesforce/api';
import { type CookieReader, salesforceSessions } from '../platforms/salesforce/session';
import type { FieldSpec, PlatformId } from '../platforms/types';
import { catalogsRepo } from '../store/catalogs';
import type { Db } from '../store/db';
import { journalRepo } from '../store/journal';
import { mappingsRepo } from '../store/mappings';
import { handoffEngine } from './handoff';

export interface BackgroundDeps {
  db: Db;
  cookies: CookieReader;
  fetch?: typeof fetch;
  now?(): number;
}

export function backgroundHandlers(deps: BackgroundDeps): Handlers {
  const mappings = mappingsRepo(deps.db);
  const catalogs = catalogsRepo(deps.db);
  const journal = journalRepo(deps.db);
  const clients: Record<PlatformId, PlatformClient | undefined> = {
    salesforce: salesforceClient(salesforceSessions(deps.cookies), deps.fetch),
    kustomer: undefined,
  };
  const clientFor = (platform: PlatformId): PlatformClient => {
    const client = clients[platform];
    if (!client) throw new Error(`The ${platform} platform is not supported yet.`);
    return client;
  };
  const engine = handoffEngine({ mappings, catalogs, journal, clientFor, now: deps.now });

  return {
    'handoff:messages': ({ record, messages }) => engine.messages(record, messages),
    'handoff:view': ({ record }) => engine.view(record),
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
  };
}
