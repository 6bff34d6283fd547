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
import type { CookieJar, WebAuthFlow } from '../platforms/platform';
import { PROFILES_STORAGE_KEY } from '../platforms/transcript-profile';
import type { PlatformId } from '../platforms/types';
import { catalogsRepo } from '../store/catalogs';
import type { Db } from '../store/db';
import { journalRepo } from '../store/journal';
import { mappingsRepo } from '../store/mappings';
import { policyRepo } from '../store/policy';
import { secretsRepo } from '../store/secrets';
import { type SettingsRepo, settingsRepo } from '../store/settings';
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
import { platformSignIns, type SignIns, signInHandlers } from './sign-in';

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
  /**
   * `browser.identity`: the sign-in window of the platforms' own sign-ins (./sign-in.ts; Salesforce
   * OAuth). Absent: `auth:connect` answers that this browser cannot sign in.
   */
  identity?: WebAuthFlow;
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
  const signIns = platformSignIns({ ...clientDeps, identity: deps.identity, now });
  const privacy = privacyTasks({ db, settings, now });
  const followSettings = settingsFollowers(deps, settings, signIns);
  // A new policy applies at once: the content scripts' profiles, the sign-ins, and a shorter
  // retention or redaction to what is stored now (as a save of the settings does).
  policy.onApplied(async () => {
    await followSettings();
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
      onSaved: followSettings,
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
    ...signInHandlers({ signIns, identity: deps.identity, wakeOrg: wakeOrgWrites(engine) }),
  };
  const tasks = deps.alarms
    ? backgroundTasks({ writes: engine.writes, privacy, alarms: deps.alarms })
    : undefined;
  return { handlers, engine, privacy, tasks, policy };
}

/**
 * What follows the settings in force, at start and after every change (a save, a policy applied):
 * the content scripts' copy of the transcript profiles, and the sign-ins, which end the
 * connections the settings no longer allow (a consumer key changed or removed — also while the
 * worker was stopped).
 */
function settingsFollowers(
  deps: Pick<BackgroundDeps, 'localStorage'>,
  settings: SettingsRepo,
  signIns: SignIns,
): () => Promise<void> {
  const mirrorProfiles = async () => {
    if (!deps.localStorage) return;
    const { transcriptProfiles } = await settings.get();
    await deps.localStorage.set({ [PROFILES_STORAGE_KEY]: transcriptProfiles });
  };
  const endConnections = async () => {
    if (signIns.all.length > 0) await signIns.settingsChanged(await settings.get());
  };
  // A console tab opened before this worker started reads what the settings say now.
  void mirrorProfiles().catch(() => undefined);
  void endConnections().catch(() => undefined);
  return async () => {
    await endConnections();
    await mirrorProfiles();
  };
}

/** A connection made: the writes that waited for it (this org's session waits) go now. */
const wakeOrgWrites = (engine: HandoffEngine) => async (platform: PlatformId, org: string) => {
  await engine.writes.wakeForOrg(platform, org);
  await engine.writes.runDue();
};

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
