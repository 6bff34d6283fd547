/** The test bench (options page): what a message or a conversation would write. Writes nothing. */
import { type PreviewCatalog, previewConversation, previewHandoff } from '../mapping/preview';
import type { Handlers } from '../messaging/router';
import { platformDescriptor } from '../platforms/descriptor-registry';
import type { PlatformId } from '../platforms/types';
import type { CatalogsRepo } from '../store/catalogs';
import type { MappingsRepo } from '../store/mappings';
import type { SettingsRepo } from '../store/settings';

interface BenchDeps {
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  settings: SettingsRepo;
  now(): number;
}

export function benchHandlers(deps: BenchDeps): Pick<Handlers, 'bench:preview'> {
  return {
    'bench:preview': async ({ platform, org, text, author, messages, conversationId, current }) => {
      const store = await benchStore(deps, platform, org);
      const bench = { ...store, current, conversationId, now: deps.now() };
      if (messages) return previewConversation({ ...bench, messages });
      // The request's schema refuses a request without messages that lacks text or author.
      if (text === undefined || author === undefined) throw new Error('no message to preview');
      return previewHandoff({ ...bench, text, author });
    },
  };
}

/**
 * What the bench plans with, for one message or a conversation alike: the stored mappings and
 * trust settings, and per object a handoff writes (the platform's writable objects, in write
 * order) the newest imported catalog, of `org` when named.
 */
async function benchStore(deps: BenchDeps, platform: PlatformId, org: string | undefined) {
  const [stored, known, saved] = await Promise.all([
    deps.mappings.list(platform),
    deps.catalogs.list(),
    deps.settings.get(),
  ]);
  const catalogs: PreviewCatalog[] = platformDescriptor(platform).objects.writable.map((object) => {
    const candidates = known
      .filter((c) => c.platform === platform && c.object === object && (!org || c.org === org))
      .sort((a, b) => b.fetchedAt - a.fetchedAt);
    return { platform, object, fields: candidates[0]?.fields ?? [] };
  });
  return { settings: saved, mappings: stored, catalogs };
}
