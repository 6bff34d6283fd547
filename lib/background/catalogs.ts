/**
 * The field catalogs (options page): imported from an org with the signed-in session ("Import
 * fields"), pasted as a saved response, listed, and offered to the target picker.
 */
import type { CatalogInfo } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { catalogFromPlatformResponse } from '../platforms/catalog-import';
import { platformDescriptor } from '../platforms/descriptor-registry';
import { type PlatformClient, PlatformError } from '../platforms/platform-client';
import type { Catalog, FieldSpec, PlatformId } from '../platforms/types';
import type { CatalogsRepo } from '../store/catalogs';

type CatalogRequests = 'catalog:fields' | 'catalog:list' | 'catalog:import' | 'catalog:paste';

interface CatalogDeps {
  catalogs: CatalogsRepo;
  clientFor(platform: PlatformId): PlatformClient;
  now(): number;
}

export function catalogHandlers(deps: CatalogDeps): Pick<Handlers, CatalogRequests> {
  const { catalogs, now } = deps;
  return {
    'catalog:fields': async ({ platform, object }) => {
      // Several orgs may have been seen: one suggestion per API name.
      const byName = new Map<string, FieldSpec>();
      for (const c of await catalogs.forObject(platform, object))
        for (const f of c.fields) byName.set(f.name, f);
      return [...byName.values()].sort((a, b) => a.label.localeCompare(b.label));
    },
    'catalog:list': async () =>
      (await catalogs.list()).sort(
        (a, b) =>
          a.platform.localeCompare(b.platform) ||
          a.org.localeCompare(b.org) ||
          a.object.localeCompare(b.object),
      ),
    'catalog:import': ({ platform, org }) => importCatalogs(deps, platform, org),
    'catalog:paste': async ({ org, json }) => {
      const read = catalogFromPlatformResponse(json);
      if ('error' in read) return { error: read.error };
      checkOrg(read.platform, org);
      const catalog: Catalog = { ...read, org, fetchedAt: now() };
      await catalogs.put(catalog);
      return { stored: infoOf(catalog) };
    },
  };
}

/**
 * "Import fields": reads each of the platform's catalog objects (`objects.catalogs` of its
 * descriptor) from the org and stores one catalog per object read. Objects that cannot be read
 * are reported beside the others; when none can, the first failure is the answer.
 */
async function importCatalogs(deps: CatalogDeps, platform: PlatformId, org: string) {
  checkOrg(platform, org);
  const client = deps.clientFor(platform);
  const objects = platformDescriptor(platform).objects.catalogs;
  const read = await Promise.allSettled(objects.map((object) => client.describe(org, object)));
  const imported: CatalogInfo[] = [];
  const failed: { object: string; message: string }[] = [];
  for (const [i, result] of read.entries()) {
    const object = objects[i] as string;
    if (result.status === 'fulfilled') {
      const catalog: Catalog = {
        platform,
        org,
        object,
        fields: result.value,
        fetchedAt: deps.now(),
      };
      await deps.catalogs.put(catalog);
      imported.push(infoOf(catalog));
    } else {
      const error = result.reason;
      failed.push({ object, message: error instanceof Error ? error.message : String(error) });
    }
  }
  // Nothing read at all: the first failure is the answer (session missing, API refused…).
  if (imported.length === 0) {
    const first = read.find((r) => r.status === 'rejected')?.reason;
    if (first instanceof PlatformError) throw first;
    throw new PlatformError(
      'catalog-unavailable',
      `The fields could not be read: ${failed[0]?.message ?? 'no answer'}`,
    );
  }
  return { imported, failed };
}

/** The org as the platform's hosts spell it, or a PlatformError that says what is wrong. */
function checkOrg(platform: PlatformId, org: string): void {
  const problem = platformDescriptor(platform).orgProblem(org);
  if (problem) throw new PlatformError('catalog-unavailable', problem);
}

function infoOf(c: Catalog): CatalogInfo {
  return {
    platform: c.platform,
    org: c.org,
    object: c.object,
    fetchedAt: c.fetchedAt,
    fieldCount: c.fields.length,
  };
}
