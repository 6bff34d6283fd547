/**
 * Everything the background answers, built from its dependencies so that unit tests can run the
 * same handlers over fake-indexeddb, a fake cookie jar and a fake fetch.
 */
import { journalService } from '../journal/service';
import { mergeMappings, parseMappingsFile } from '../mapping/file';
import { type PreviewCatalog, previewConversation, previewHandoff } from '../mapping/preview';
import { firstScreenOf } from '../mapping/table-order';
import type { CatalogInfo, CredentialHint } from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { catalogFromPlatformResponse } from '../platforms/catalog-import';
import { contentPlatform } from '../platforms/content-registry';
import type { CookieJar } from '../platforms/platform';
import { type PlatformClient, PlatformError } from '../platforms/platform-client';
import { backgroundPlatform, backgroundPlatforms } from '../platforms/registry';
import type { Catalog, FieldSpec, PlatformId } from '../platforms/types';
import { catalogsRepo } from '../store/catalogs';
import type { Db } from '../store/db';
import { journalRepo } from '../store/journal';
import { mappingsRepo } from '../store/mappings';
import { secretsRepo } from '../store/secrets';
import { settingsRepo } from '../store/settings';
import { type Alarms, backgroundTasks, queueWaker } from './background-tasks';
import { handoffEngine } from './handoff';
import { privacyTasks } from './privacy';

export interface BackgroundDeps {
  db: Db;
  /** `browser.cookies`: the platforms' session cookies. */
  cookies: CookieJar;
  fetch?: typeof fetch;
  now?(): number;
  /** [0, 1): the write queue's backoff jitter. */
  random?(): number;
  /** `browser.alarms`: the write queue's wake-ups and the daily purge (absent in most unit tests). */
  alarms?: Alarms;
}

export function backgroundHandlers(deps: BackgroundDeps): Handlers {
  return backgroundServices(deps).handlers;
}

/**
 * The handlers, and what the worker runs on its own (`tasks`, with `alarms`): the write queue's
 * wake-ups and the privacy upkeep (retention, redaction).
 */
export function backgroundServices(deps: BackgroundDeps) {
  const mappings = mappingsRepo(deps.db);
  const catalogs = catalogsRepo(deps.db);
  const journal = journalRepo(deps.db);
  const secrets = secretsRepo(deps.db);
  const settings = settingsRepo(deps.db);
  // Each platform's client, built by its descriptor when first needed; an unregistered platform throws.
  const clients = new Map<PlatformId, PlatformClient>();
  const clientFor = (platform: PlatformId): PlatformClient => {
    let client = clients.get(platform);
    if (!client) {
      client = backgroundPlatform(platform).createClient({
        cookies: deps.cookies,
        secrets,
        fetch: deps.fetch,
        settings: () => settings.get(),
      });
      clients.set(platform, client);
    }
    return client;
  };
  const privacy = privacyTasks({ db: deps.db, settings, now: deps.now ?? Date.now });
  let runDue = async (): Promise<void> => undefined;
  const wake = deps.alarms ? queueWaker(deps.alarms, () => runDue(), { now: deps.now }) : undefined;
  const engine = handoffEngine({
    settings,
    mappings,
    catalogs,
    journal,
    clientFor,
    now: deps.now,
    random: deps.random,
    wake,
  });
  runDue = () => engine.writes.runDue();

  /** The stored API keys of the platforms that take them, as a face may see them. */
  const credentialHints = async (): Promise<CredentialHint[]> => {
    const stored = await secrets.hints();
    return backgroundPlatforms().flatMap(({ id, apiKeys }) =>
      stored.flatMap((h) => {
        const org = apiKeys?.orgOf(h.key) ?? null;
        return org === null ? [] : [{ platform: id, org, last4: h.last4, savedAt: h.savedAt }];
      }),
    );
  };

  // ─── The options page (admin) ───
  const now = deps.now ?? Date.now;
  const infoOf = (c: Catalog): CatalogInfo => ({
    platform: c.platform,
    org: c.org,
    object: c.object,
    fetchedAt: c.fetchedAt,
    fieldCount: c.fields.length,
  });
  /** The org as the platform's hosts spell it, or a PlatformError that says what is wrong. */
  const checkOrg = (platform: PlatformId, org: string): string => {
    const problem = contentPlatform(platform).orgProblem(org);
    if (problem) throw new PlatformError('catalog-unavailable', problem);
    return org;
  };

  /**
   * What the test bench plans with, for one message or a conversation alike: the stored mappings
   * and trust settings, and per object a handoff writes (the platform's writable objects, in write
   * order) the newest imported catalog, of `org` when named.
   */
  const benchStore = async (platform: PlatformId, org: string | undefined) => {
    const [stored, known, saved] = await Promise.all([
      mappings.list(platform),
      catalogs.list(),
      settings.get(),
    ]);
    const objects = contentPlatform(platform).objects.writable;
    const previewCatalogs: PreviewCatalog[] = objects.map((object) => {
      const candidates = known
        .filter((c) => c.platform === platform && c.object === object && (!org || c.org === org))
        .sort((a, b) => b.fetchedAt - a.fetchedAt);
      return { platform, object, fields: candidates[0]?.fields ?? [] };
    });
    return { settings: saved, mappings: stored, catalogs: previewCatalogs };
  };

  const qaJournal = journalService({ db: deps.db, settings, now });

  const handlers: Handlers = {
    'handoff:messages': ({ record, messages }) => engine.messages(record, messages),
    // A poll (the widget, while a write is pending) answers from the journal and wakes the queue.
    'handoff:view': ({ record, poll }) => (poll ? engine.poll(record) : engine.open(record)),
    'handoff:retry': ({ record }) => engine.retry(record),
    'handoff:verify': ({ record, messages }) => engine.verify(record, messages),
    'handoff:post-message': ({ record, origin, data }) => engine.postMessage(record, origin, data),
    'settings:post-message-origins': async () => ({
      origins: (await settings.get()).postMessageOrigins,
    }),
    'mappings:list': ({ platform, object, limit }) => mappings.list(platform, { object, limit }),
    'mappings:first-screen': async ({ limit }) => {
      const [every, cats] = await Promise.all([mappings.list(), catalogs.list()]);
      return firstScreenOf(every, cats, limit);
    },
    'mappings:save': ({ mapping }) => mappings.save(mapping),
    'mappings:delete': async ({ id }) => ({ deleted: await mappings.remove(id) }),
    'catalog:fields': async ({ platform, object }) => {
      // Several orgs may have been seen: one suggestion per API name.
      const byName = new Map<string, FieldSpec>();
      for (const c of await catalogs.forObject(platform, object))
        for (const f of c.fields) byName.set(f.name, f);
      return [...byName.values()].sort((a, b) => a.label.localeCompare(b.label));
    },
    'credentials:set': async ({ platform, org, apiKey }) => {
      const { name, apiKeys } = backgroundPlatform(platform);
      // The request's schema already refuses a platform without API keys.
      if (!apiKeys) throw new Error(`${name} takes no API key: it writes as the signed-in agent.`);
      const lower = org.toLowerCase();
      const secret = apiKeys.secretName(lower);
      if (apiKey === null) await secrets.remove(secret);
      else await secrets.save(secret, apiKey);
      clientFor(platform).credentialsChanged?.(lower);
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
      // A shorter retention or redaction switched on applies to what is stored now, not only later.
      await privacy.purge();
      await privacy.redactSettled();
      return saved.settings;
    },
    'catalog:list': async () =>
      (await catalogs.list()).sort(
        (a, b) =>
          a.platform.localeCompare(b.platform) ||
          a.org.localeCompare(b.org) ||
          a.object.localeCompare(b.object),
      ),
    'catalog:import': async ({ platform, org }) => {
      checkOrg(platform, org);
      const client = clientFor(platform);
      const objects = contentPlatform(platform).objects.catalogs;
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
            fetchedAt: now(),
          };
          await catalogs.put(catalog);
          imported.push(infoOf(catalog));
        } else {
          const error = result.reason;
          failed.push({
            object,
            message: error instanceof Error ? error.message : String(error),
          });
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
    },
    'catalog:paste': async ({ org, json }) => {
      const read = catalogFromPlatformResponse(json);
      if ('error' in read) return { error: read.error };
      checkOrg(read.platform, org);
      const catalog: Catalog = { ...read, org, fetchedAt: now() };
      await catalogs.put(catalog);
      return { stored: infoOf(catalog) };
    },
    'bench:preview': async ({ platform, org, text, author, messages, conversationId, current }) => {
      const bench = { ...(await benchStore(platform, org)), current, conversationId, now: now() };
      if (messages) return previewConversation({ ...bench, messages });
      // The request's schema refuses a request without messages that lacks text or author.
      if (text === undefined || author === undefined) throw new Error('no message to preview');
      return previewHandoff({ ...bench, text, author });
    },
    'mappings:import': async ({ file, mode }) => {
      const parsed = parseMappingsFile(file);
      if (!parsed.ok) return { applied: false, errors: parsed.errors };
      const merged = await mappings.update((existing) =>
        mergeMappings(existing, parsed.file.mappings, mode),
      );
      return { applied: true, summary: merged.summary };
    },
    'mappings:enable': ({ ids, enabled }) => mappings.setEnabled(ids, enabled),
    // ─── The QA journal (options page) ───
    'journal:query': ({ filters, cursor, limit, count }) =>
      qaJournal.query({ filters, cursor, limit, count }),
    'journal:export': ({ filters, format }) => qaJournal.export({ filters, format }),
    'journal:entry': ({ id }) => qaJournal.entry(id),
  };
  const tasks = deps.alarms
    ? backgroundTasks({ writes: engine.writes, privacy, alarms: deps.alarms })
    : undefined;
  return { handlers, engine, privacy, tasks };
}
