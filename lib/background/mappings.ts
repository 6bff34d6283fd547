/** The mappings: listed, saved, deleted, imported from a file and switched on or off. */
import { mergeMappings, parseMappingsFile } from '../mapping/file';
import { firstScreenOf } from '../mapping/table-order';
import type { Handlers } from '../messaging/router';
import type { CatalogsRepo } from '../store/catalogs';
import type { MappingsRepo } from '../store/mappings';

type MappingRequests =
  | 'mappings:list'
  | 'mappings:first-screen'
  | 'mappings:save'
  | 'mappings:delete'
  | 'mappings:import'
  | 'mappings:enable';

export function mappingHandlers(deps: {
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
}): Pick<Handlers, MappingRequests> {
  const { mappings, catalogs } = deps;
  return {
    'mappings:list': ({ platform, object, limit }) => mappings.list(platform, { object, limit }),
    'mappings:first-screen': async ({ limit }) => {
      const [every, cats] = await Promise.all([mappings.list(), catalogs.list()]);
      return firstScreenOf(every, cats, limit);
    },
    'mappings:save': ({ mapping }) => mappings.save(mapping),
    'mappings:delete': async ({ id }) => ({ deleted: await mappings.remove(id) }),
    'mappings:import': async ({ file, mode }) => {
      const parsed = parseMappingsFile(file);
      if (!parsed.ok) return { applied: false, errors: parsed.errors };
      const merged = await mappings.update((existing) =>
        mergeMappings(existing, parsed.file.mappings, mode),
      );
      return { applied: true, summary: merged.summary };
    },
    'mappings:enable': ({ ids, enabled }) => mappings.setEnabled(ids, enabled),
  };
}
