/**
 * Launches Debian's Chromium with the built extension, pointed at the simulated consoles through
 * host resolver rules, so the extension runs with its real match patterns and host permissions.
 * Shared by the end-to-end tests, the demo and the benchmark.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { type PanelMemory, panelMemoryKey } from '../../components/widget/panel-memory';
import { KUSTOMER_SEED_ORGS } from '../sim/kustomer/seed';
import { SEED } from '../sim/seed';

/** The built extension (`HF_OUT_DIR` moves it, as it moves the build's output). */
export const EXTENSION_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.HF_OUT_DIR ?? '.output',
  'chrome-mv3',
);
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  /** Opens an extension page (e.g. `popup.html`) as a tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Sends a protocol request to the background from an extension page, as the popup does. */
  send<T = unknown>(message: unknown): Promise<T>;
  /**
   * Forgets what non-bot authors wrote in earlier conversations (the echo check's `said` store,
   * cleared in the extension's own IndexedDB): the simulation's reset starts new conversations on
   * the same record ids, where a real org would have new records.
   */
  forgetConversations(): Promise<void>;
  /** Empties one store of the extension's IndexedDB (`catalogs`: a browser that imported none). */
  clearStore(store: string): Promise<void>;
  close(options?: { keepProfile?: boolean }): Promise<void>;
}

export async function launchWithExtension(options: {
  hostResolverRules: string;
  headless?: boolean;
  userDataDir?: string;
  /** Another Chromium executable (e.g. the bench's CPU-pinning wrapper); chromiumPath() by default. */
  executablePath?: string;
  /**
   * The agent's panel on the simulated consoles: `kept-open` (default) as an agent who pressed
   * "Keep open" on each (tests read its rows after a handoff settled), or `auto` (it folds).
   */
  panel?: 'kept-open' | 'auto';
  /** Another copy of the build (e.g. one with a pinned id, ./pinned-extension.ts); EXTENSION_DIR by default. */
  extensionDir?: string;
}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run "npm run build" first.`);
  }
  const userDataDir =
    options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'handoff-fields-profile-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? chromiumPath(),
    headless: options.headless ?? true,
    viewport: { width: 1440, height: 900 },
    ignoreHTTPSErrors: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${options.hostResolverRules}`,
      '--ignore-certificate-errors',
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  if ((options.panel ?? 'kept-open') === 'kept-open') await keepPanelOpen(worker);
  let helperPage: Page | undefined;

  const openExtensionPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  /** Empties one store of the extension's IndexedDB (from an extension page, as the background sees it). */
  const clearStore = async (store: string) => {
    helperPage ??= await openExtensionPage('popup.html');
    await helperPage.evaluate(
      (name) =>
        new Promise<void>((done, fail) => {
          const open = indexedDB.open('handoff-fields');
          // No database yet (the background has not opened it): nothing to clear, and opening
          // must not create one at version 1 behind the background's migrations.
          let absent = false;
          open.onupgradeneeded = () => {
            absent = true;
            open.transaction?.abort();
          };
          open.onerror = () => (absent ? done() : fail(open.error));
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains(name)) return done(db.close());
            const tx = db.transaction(name, 'readwrite');
            tx.objectStore(name).clear();
            tx.oncomplete = () => done(db.close());
            tx.onerror = () => fail(tx.error);
          };
        }),
      store,
    );
  };

  return {
    context,
    extensionId,
    worker,
    userDataDir,
    openExtensionPage,
    async send<T>(message: unknown): Promise<T> {
      helperPage ??= await openExtensionPage('popup.html');
      const reply = (await helperPage.evaluate(
        (m) =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime.sendMessage(m),
        message,
      )) as { ok: boolean; data?: T; error?: { message: string } };
      if (!reply?.ok)
        throw new Error(`Background refused ${JSON.stringify(message)}: ${reply?.error?.message}`);
      return reply.data as T;
    },
    async forgetConversations() {
      await clearStore('said');
    },
    clearStore,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile && !options.userDataDir)
        await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The simulated consoles' hosts, as the panel remembers them (components/widget/panel-memory.ts). */
const CONSOLE_HOSTS: [platform: string, host: string][] = [
  ...[SEED.acme, SEED.globex].map((o) => ['salesforce', o.lightningHost] as [string, string]),
  ...KUSTOMER_SEED_ORGS.map((o) => ['kustomer', `${o.org}.kustomerapp.com`] as [string, string]),
];

/** "Keep open" pressed on every simulated console (the extension's own storage, from its worker). */
export async function keepPanelOpen(worker: Worker, memory: PanelMemory = { pinned: true }) {
  const items = Object.fromEntries(CONSOLE_HOSTS.map(([p, h]) => [panelMemoryKey(p, h), memory]));
  await worker.evaluate(
    (all) =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { set(i: unknown): Promise<void> } } };
        }
      ).chrome.storage.local.set(all),
    items,
  );
}
