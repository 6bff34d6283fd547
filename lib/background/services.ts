/**
 * The background's setup: the repositories, the platforms' API clients, the handoff engine and the
 * privacy upkeep, built from their dependencies so that unit tests run the very same handlers over
 * fake-indexeddb, a fake cookie jar and a fake fetch. Each area's requests are answered by its own
 * builder (./catalogs.ts, ./mappings.ts…); this only wires them. entrypoints/background.ts hands
 * it the browser's APIs.
 *
 * The organisation's policy plugs in here: the engine, the test bench, the journal and the pages read
 * the mappings and settings in force (./effective.ts: the local stores with the policy on top,
 * ./policy.ts), and every local change passes through the same views, which refuse a managed entry.
 */
import type { Alarms } from '../engine/background-tasks';
import { backgroundTasks, queueWaker } from '../engine/background-tasks';
import { type HandoffEngine, handoffEngine } from '../engine/handoff';
import { privacyTasks } from '../engine/privacy';
import { journalService } from '../journal/service';
import type { Handlers } from '../messaging/router';
import type { CookieJar } from '../platforms/platform';
import { PROFILES_STORAGE_KEY } from '../platforms/transcript-profile';
import { catalogsRepo } from '../store/catalogs';
import type { Db } from '../store/db';
import { journalRepo } from '../store/journal';
import { mappingsRepo } from '../store/mappings';
import { policyRepo } from '../store/policy';
import { secretsRepo } from '../store/secrets';
import { settingsRepo } from '../store/settings';
import { auditHandlers } from './audit';
import { benchHandlers } from './bench';
import { catalogHandlers } from './catalogs';
import { platformClients } from './clients';
import { credentialHandlers } from './credentials';
import { diagnosticsHandlers } from './diagnostics';
import { effectiveMappingsRepo, effectiveSettingsRepo } from './effective';
import { type ConsoleTabs, gaveUpHandlers, pushGaveUp } from './gave-up-push';
import { mappingHandlers } from './mappings';
import { type ManagedStorage, policyHandlers, policyService } from './policy';
import { settingsHandlers } from './settings';

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
  /**
   * `browser.storage.local`: where the content scripts read the admin's transcript profiles
   * (lib/sensor/profile-override.ts), mirrored from the settings at start and on every save.
   */
  localStorage?: { set(items: Record<string, unknown>): Promise<void> };
  /** Opens an extension page in a new tab (the widget's "What Handoff Fields sees"). */
  openPage?(path: string): Promise<void>;
  /**
   * `browser.storage.managed`: the organisation's policy (./policy.ts). The entrypoint calls
   * `policy.refresh()` when the browser reports a change to it.
   */
  managedStorage?: ManagedStorage;
  /** `browser.tabs`: the console tabs told when writes give up (./gave-up-push.ts). */
  tabs?: ConsoleTabs;
}

export function backgroundHandlers(deps: BackgroundDeps): Handlers {
  return backgroundServices(deps).handlers;
}

/**
 * The handlers, and what the worker runs on its own (`tasks`, with `alarms`): the write queue's
 * wake-ups and the privacy upkeep (retention, redaction).
 */
export function backgroundServices(deps: BackgroundDeps) {
  const now = deps.now ?? Date.now;
  const { db } = deps;
  const policy = policyService({ repo: policyRepo(db), managed: deps.managedStorage, now });
  const mappings = effectiveMappingsRepo(mappingsRepo(db), policy);
  const catalogs = catalogsRepo(db);
  const secrets = secretsRepo(db);
  const settings = effectiveSettingsRepo(settingsRepo(db), policy);
  const clientDeps = {
    cookies: deps.cookies,
    secrets,
    fetch: deps.fetch,
    settings: () => settings.get(),
  };
  const clients = platformClients(clientDeps);
  const privacy = privacyTasks({ db, settings, now });
  const mirrorProfiles = async () => {
    if (!deps.localStorage) return;
    const { transcriptProfiles } = await settings.get();
    await deps.localStorage.set({ [PROFILES_STORAGE_KEY]: transcriptProfiles });
  };
  // A console tab opened before this worker started reads what the settings say now.
  void mirrorProfiles().catch(() => undefined);
  // A new policy applies at once: the content scripts' profiles, and a shorter retention or
  // redaction to what is stored now (as a save of the settings does).
  policy.onApplied(async () => {
    await mirrorProfiles();
    await privacy.purge();
    await privacy.redactSettled();
  });
  let runDue = async (): Promise<void> => undefined;
  const wake = deps.alarms ? queueWaker(deps.alarms, () => runDue(), { now: deps.now }) : undefined;
  const engine = handoffEngine({
    settings,
    mappings,
    catalogs,
    journal: journalRepo(db),
    clientFor: clients.clientFor,
    now: deps.now,
    random: deps.random,
    wake,
    // Writes that gave up: every console tab's pill says so.
    onGaveUpChange: () => void pushGaveUp(deps.tabs, () => engine.writes.gaveUp()),
  });
  runDue = () => engine.writes.runDue();
  const journal = journalService({ db, settings, now });

  const handlers: Handlers = {
    ...handoffHandlers(engine),
    ...settingsHandlers({
      settings,
      privacy,
      catalogs,
      journal: journalRepo(db),
      clientFor: clients.clientFor,
      now,
      onSaved: mirrorProfiles,
    }),
    ...mappingHandlers({ mappings, catalogs, policy }),
    ...policyHandlers(policy),
    ...catalogHandlers({ catalogs, clientFor: clients.clientFor, now }),
    ...credentialHandlers({ secrets, clientFor: clients.clientFor }),
    ...benchHandlers({ mappings, catalogs, settings, now }),
    ...diagnosticsHandlers({
      settings,
      journal: journalRepo(db),
      clientFor: clients.clientFor,
      openPage: deps.openPage,
    }),
    // ─── The QA journal (options page) ───
    'journal:query': ({ filters, cursor, limit, count }) =>
      journal.query({ filters, cursor, limit, count }),
    'journal:export': ({ filters, format }) => journal.export({ filters, format }),
    'journal:entry': ({ id }) => journal.entry(id),
    ...auditHandlers({ clientDeps, mappings, catalogs, settings, now: deps.now }),
    // CONTRACT PLACEHOLDER (issue 15): replaced by the sign-in service before this lands.
    'auth:connect': () => Promise.reject(new Error('Signing in is not built yet.')),
    'auth:status': () => Promise.reject(new Error('Signing in is not built yet.')),
    'auth:sign-out': () => Promise.reject(new Error('Signing in is not built yet.')),
  };
  const tasks = deps.alarms
    ? backgroundTasks({ writes: engine.writes, privacy, alarms: deps.alarms })
    : undefined;
  return { handlers, engine, privacy, tasks, policy };
}

/** What the console tabs ask of the engine: their record's handoff, and the agent's answers. */
function handoffHandlers(engine: HandoffEngine) {
  return {
    'handoff:messages': ({ record, messages }) => engine.messages(record, messages),
    // A poll (the widget, while a write is pending) answers from the journal and wakes the queue.
    'handoff:view': ({ record, poll }) => (poll ? engine.poll(record) : engine.open(record)),
    'handoff:retry': ({ record }) => engine.retry(record),
    'handoff:confirm': ({ record, planId, answer }, sender) =>
      engine.answerPlan(record, planId, answer, sender.tabId),
    'handoff:use-bot-value': ({ record, object, field }) =>
      engine.useBotValue(record, object, field),
    ...gaveUpHandlers(engine.writes),
    'handoff:verify': ({ record, messages }) => engine.verify(record, messages),
    'handoff:post-message': ({ record, origin, data }) => engine.postMessage(record, origin, data),
  } satisfies Partial<Handlers>;
}
