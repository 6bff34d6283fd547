/** The mappings: listed, saved, deleted, imported from a file and switched on or off. */
import { mergeMappings, parseMappingsFile } from '../mapping/file';
import { labelsIn } from '../mapping/naming';
import { Mapping } from '../mapping/schema';
import { type FirstScreen, firstScreenOf } from '../mapping/table-order';
import {
  type CatalogFields,
  checkTargets,
  problemLine,
  uncheckedWarning,
} from '../mapping/validate-catalog';
import { RequestRefused } from '../messaging/refused';
import type { Handlers } from '../messaging/router';
import type { Catalog } from '../platforms/types';
import { managedImportProblems } from '../settings/policy';
import type { CatalogsRepo } from '../store/catalogs';
import type { MappingsRepo } from '../store/mappings';
import type { PolicyService } from './policy';

type MappingRequests =
  | 'mappings:list'
  | 'mappings:first-screen'
  | 'mappings:save'
  | 'mappings:delete'
  | 'mappings:import'
  | 'mappings:enable';

/**
 * `mappings` is the effective view (./effective.ts): a save, delete or switch of a managed mapping
 * is refused there; an import naming one is refused here, with one line per mapping like the
 * file's other problems.
 */
export function mappingHandlers(deps: {
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  policy?: Pick<PolicyService, 'current'>;
}): Pick<Handlers, MappingRequests> {
  const { mappings, catalogs } = deps;
  const firstScreen = lastFirstScreens();
  return {
    'mappings:list': ({ platform, object, limit }) => mappings.list(platform, { object, limit }),
    'mappings:first-screen': async ({ limit }) => {
      const [every, cats] = await Promise.all([mappings.every(), catalogs.list()]);
      return firstScreen(every, cats, limit);
    },
    'mappings:save': async ({ mapping }) => {
      const parsed = Mapping.parse(mapping);
      const refusal = saveRefusal(parsed, await catalogs.forObject(parsed.platform, parsed.object));
      if (refusal) throw new RequestRefused(refusal);
      return mappings.save(parsed);
    },
    'mappings:delete': async ({ id }) => ({ deleted: await mappings.remove(id) }),
    'mappings:import': async ({ file, mode }) => {
      const stored = await catalogs.list();
      const parsed = parseMappingsFile(file, labelsIn(stored));
      if (!parsed.ok) return { applied: false, errors: parsed.errors };
      const inForce = await deps.policy?.current();
      const managed = inForce ? managedImportProblems(parsed.file.mappings, inForce) : [];
      if (managed.length > 0) return { applied: false, errors: managed };
      const check = checkTargets(parsed.file.mappings, stored);
      const errors = check.problems.filter((p) => p.severity === 'error').map(problemLine);
      if (errors.length > 0) return { applied: false, errors };
      const warnings = [
        ...check.problems.filter((p) => p.severity === 'warning').map(problemLine),
        ...check.unchecked.map(uncheckedWarning),
      ];
      const merged = await mappings.update((existing) =>
        mergeMappings(existing, parsed.file.mappings, mode),
      );
      return { applied: true, summary: merged.summary, ...(warnings.length ? { warnings } : {}) };
    },
    'mappings:enable': ({ ids, enabled }) => mappings.setEnabled(ids, enabled),
  };
}

/**
 * Why a mapping may not be saved: a target that no stored catalog of its object has (every org's
 * catalog counts), with the field most likely meant. No catalog for the object: saved unchecked
 * (the editor says so beside the form).
 */
export function saveRefusal(mapping: Mapping, stored: readonly CatalogFields[]): string | null {
  const check = checkTargets([mapping], stored, () => '');
  const error = check.problems.find((p) => p.severity === 'error');
  if (!error) return null;
  return `${error.message}${/[.?!]$/.test(error.message) ? '' : '.'} Nothing was saved.`;
}

/**
 * `firstScreenOf`, answered again without ordering 5,000 mappings while the mappings (the
 * background's copy, the same array until a write) and the catalogs (the same objects until a
 * describe or an import) have not changed: the options page asks for it on every open, and its
 * first rows wait for the answer.
 */
export function lastFirstScreens() {
  let inputs: { mappings: readonly Mapping[]; catalogs: readonly Catalog[] } | undefined;
  let byLimit = new Map<number, FirstScreen>();
  return (mappings: readonly Mapping[], catalogs: readonly Catalog[], limit: number) => {
    const same =
      inputs?.mappings === mappings &&
      inputs.catalogs.length === catalogs.length &&
      inputs.catalogs.every((c, i) => c === catalogs[i]);
    if (!same) {
      inputs = { mappings, catalogs };
      byLimit = new Map();
    }
    let screen = byLimit.get(limit);
    if (!screen) {
      screen = firstScreenOf(mappings, catalogs, limit);
      byLimit.set(limit, screen);
    }
    return screen;
  };
}
