/**
 * What the soak run reads from Chromium through the DevTools protocol, and from the extension's
 * database: a tab's and the service worker's JS heap after a garbage collection, stopping the
 * service worker, and the journal's rows against the retention setting.
 *
 * - A content script runs in an isolated world of its tab's renderer, whose V8 heap it shares with
 *   the page: `Runtime.getHeapUsage` on the page target (after `HeapProfiler.collectGarbage`) is the
 *   page's heap and the content script's together. The soak's console pages change little besides
 *   the messages posted, so growth over the run is the content script's plus the transcript's.
 * - The service worker is its own target: attached from a page session (`Target.attachToTarget`,
 *   not flattened; the commands go through `Target.sendMessageToTarget`), measured the same way,
 *   and detached at once, so the debugger does not keep it alive.
 * - `ServiceWorker.stopAllWorkers` (from a page session, the domain enabled) stops the extension's
 *   worker as Chromium does when it is idle; the next event (a message from a tab) starts it again.
 */
import type { CDPSession, Page } from 'playwright-core';
import { sleep, waitFor } from '../bench/common';
import type { ExtensionBrowser } from '../support/chromium';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

/** A page's JS heap after a full GC (bytes): the page's and its content scripts' worlds. */
export async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage' as never)) as HeapUsage;
  return usage.usedSize;
}

async function targets(cdp: CDPSession): Promise<TargetInfo[]> {
  return ((await cdp.send('Target.getTargets' as never)) as { targetInfos: TargetInfo[] })
    .targetInfos;
}

/** The extension's service worker target, if it runs now. */
export async function workerTarget(cdp: CDPSession, extensionId: string) {
  return (await targets(cdp)).find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
}

/** Sends protocol commands to another target through `cdp` (attached, then detached). */
async function inTarget(cdp: CDPSession, targetId: string, calls: [string, object?][]) {
  const { sessionId } = (await cdp.send(
    'Target.attachToTarget' as never,
    { targetId, flatten: false } as never,
  )) as { sessionId: string };
  const answers: unknown[] = [];
  try {
    for (const [i, [method, params]] of calls.entries()) {
      const id = 1_000 + i;
      const answer = new Promise<unknown>((resolve) => {
        const on = (e: { sessionId: string; message: string }) => {
          if (e.sessionId !== sessionId) return;
          const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
          if (m.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget' as never, on as never);
          resolve(m.result ?? { error: m.error });
        };
        cdp.on('Target.receivedMessageFromTarget' as never, on as never);
      });
      const message = JSON.stringify({ id, method, params: params ?? {} });
      await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message } as never);
      answers.push(await Promise.race([answer, sleep(15_000).then(() => ({ error: 'timeout' }))]));
    }
  } finally {
    await cdp.send('Target.detachFromTarget' as never, { sessionId } as never).catch(() => {});
  }
  return answers;
}

/**
 * The service worker's JS heap after a full GC (bytes), and its life's mark (set on first
 * measurement: another mark later means the worker was restarted in between).
 */
export async function workerHeap(cdp: CDPSession, extensionId: string) {
  const sw = await waitFor('the service worker', () => workerTarget(cdp, extensionId), 15_000, 100);
  const [, usage, mark] = await inTarget(cdp, sw.targetId, [
    ['HeapProfiler.collectGarbage'],
    ['Runtime.getHeapUsage'],
    [
      'Runtime.evaluate',
      { expression: '(globalThis.__hfSoakLife ??= Date.now())', returnByValue: true },
    ],
  ]);
  const used = (usage as Partial<HeapUsage>).usedSize;
  if (typeof used !== 'number')
    throw new Error(`no heap usage from the worker: ${JSON.stringify(usage)}`);
  return { used, life: (mark as { result?: { value?: number } }).result?.value ?? null };
}

/** Stops the extension's service worker (every worker of the profile) and waits until it is gone. */
export async function stopWorker(cdp: CDPSession, extensionId: string): Promise<void> {
  await cdp.send('ServiceWorker.enable' as never);
  await cdp.send('ServiceWorker.stopAllWorkers' as never);
  await waitFor(
    'the service worker to stop',
    async () => (await workerTarget(cdp, extensionId)) === undefined,
    10_000,
    50,
  );
}

export interface StoreCounts {
  journal: number;
  /** Journal rows at or before the retention cutoff (must be none once the upkeep ran). */
  journalPastRetention: number;
  queue: number;
  seen: number;
  said: number;
  /** `navigator.storage.estimate()` usage of the extension's origin (bytes). */
  usageBytes: number | null;
}

/** Row counts of the extension's database, read from one of its pages as the background sees it. */
export async function storeCounts(page: Page, cutoff: number): Promise<StoreCounts> {
  return page.evaluate(
    (before) =>
      new Promise<StoreCounts>((done, fail) => {
        const open = indexedDB.open('handoff-fields');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['journal', 'queue', 'seen', 'said'] as const;
          const tx = db.transaction([...names], 'readonly');
          const out: Record<string, number> = {};
          for (const name of names) {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => {
              out[name] = req.result;
            };
          }
          const past = tx
            .objectStore('journal')
            .index('by-at')
            .count(IDBKeyRange.upperBound(before));
          past.onsuccess = () => {
            out.journalPastRetention = past.result;
          };
          tx.onerror = () => fail(tx.error);
          tx.oncomplete = () => {
            db.close();
            void navigator.storage
              .estimate()
              .then((e) => e.usage ?? null)
              .catch(() => null)
              .then((usageBytes) =>
                done({ ...(out as Omit<StoreCounts, 'usageBytes'>), usageBytes }),
              );
          };
        };
      }),
    cutoff,
  );
}

/**
 * Journal rows older than the retention period, put straight into the extension's database (as a
 * browser used for weeks holds them): the worker's upkeep, at its next start, must delete them.
 */
export async function plantOldEntries(page: Page, count: number, at: number): Promise<void> {
  await page.evaluate(
    ({ count, at }) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('handoff-fields');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('journal', 'readwrite');
          for (let i = 0; i < count; i++) {
            const record = {
              platform: 'salesforce',
              org: 'soak-old',
              object: 'Case',
              id: `old${i}`,
            };
            tx.objectStore('journal').add({
              recordKeys: [`salesforce:soak-old:Case:old${i}`],
              record,
              at: at - i * 60_000,
              source: 'transcript',
              messageId: `old-${i}`,
              contextDigest: `old-${i}`,
              text: '',
              author: 'bot',
              fields: [],
              state: 'written',
            });
          }
          tx.onerror = () => fail(tx.error);
          tx.oncomplete = () => done(db.close());
        };
      }),
    { count, at },
  );
}

/** A protocol session on a page that stays open for the run (to reach the targets). */
export async function browserProbe(browser: ExtensionBrowser) {
  const page = await browser.openExtensionPage('popup.html');
  const cdp = await browser.context.newCDPSession(page);
  return { page, cdp };
}
