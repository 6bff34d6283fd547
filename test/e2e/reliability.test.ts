/**
 * Durable writes in real Chromium against the simulated Salesforce (issue 5, items 5–7): faults the
 * write queue recovers from, the service worker stopped mid-retry through the DevTools protocol, a
 * browser restart with the same profile, what the widget says while a write waits or after it gave
 * up, the fill-empty rule across a retry, and no context value in any console.
 *
 * Every assertion on data reads the simulation: the stored record and its request log, which must
 * show exactly one successful PATCH per record however many faults came first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, ConsoleMessage, Page, Worker } from 'playwright-core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { HandoffView } from '../../lib/handoff/types';
import type { SimClient } from '../sim/client';
import { SEED } from '../sim/seed';
import { type ExtensionBrowser, launchWithExtension } from '../support/chromium';
import { exampleMappings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow, widgetNotice, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1, case2] = acme.cases;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveMappings(exampleMappings);
});

/** Tallies for the closing note: faults injected (and recovered from), writes lost, duplicates. */
const tally = { injected: 0, recovered: 0, lost: 0, duplicates: 0 };
afterAll(() => {
  console.info(`reliability: ${JSON.stringify(tally)}`);
});

async function openOn(browser: ExtensionBrowser, object: string, id: string): Promise<Page> {
  const page = await browser.context.newPage();
  pages.push(page);
  await page.goto(
    `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath(object, id))}`,
  );
  await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
  await stack.control.waitForPages(acme.org);
  return page;
}
const open = (id: string) => openOn(stack.browser, 'Case', id);

const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
const storedBecomes = (id: string, field: string, value: unknown, timeout = 15_000) =>
  expect.poll(async () => (await stored(id))[field], { timeout }).toBe(value);
const handoff = (recordId: string, lines: Record<string, string>) =>
  stack.control.postMessage({
    org: acme.org,
    recordId,
    author: 'bot',
    text: keyValueHandoff(lines),
  });
/** The PATCHes to one Case, oldest first, as the simulation logged them (status 0: dropped). */
const patches = async (control: SimClient, id: string) =>
  (await control.requests({ org: acme.org, method: 'PATCH' })).filter((r) => r.path.includes(id));

/** The widget's line about a queued write of the record. */
const queueLine = (page: Page) => page.locator('handoff-fields-widget .hf-queue__item');

/**
 * Exactly one successful PATCH, after `faults` refused or dropped ones, and the values stored: the
 * fault was recovered from, nothing was lost, nothing was written twice.
 */
async function expectWrittenOnce(
  control: SimClient,
  id: string,
  faults: number,
  body: Record<string, unknown>,
) {
  const log = await patches(control, id);
  const ok = log.filter((r) => r.status === 204);
  tally.injected += faults;
  if (ok.length === 0) tally.lost += 1;
  if (ok.length > 1) tally.duplicates += ok.length - 1;
  if (ok.length === 1) tally.recovered += log.filter((r) => r.fault).length;
  expect(ok).toHaveLength(1);
  expect(log.filter((r) => r.fault)).toHaveLength(faults);
  expect(log.at(-1)?.status).toBe(204);
  expect(ok[0]?.body).toEqual(body);
}

// ─── Stopping the service worker through the DevTools protocol ───────────────────────────────────

interface WorkerWatch {
  cdp: CDPSession;
  /** The extension worker's running status as Chromium reports it ("running", "stopped", …). */
  status(): string | undefined;
  /** How many times it was seen starting again after `stop()`, and when it first did. */
  restarts(): number;
  restartedAt(): number | undefined;
  stop(): Promise<void>;
}

/**
 * Watches and stops the extension's service worker: `ServiceWorker.enable` on a blank page's
 * session reports every worker version (the extension's too), and `ServiceWorker.stopWorker` stops
 * it as Chromium stops an idle worker (`Target.closeTarget` on the worker answers success but leaves
 * it running on Chromium 156). The blank page has no content script, so it never wakes the worker.
 */
async function watchWorker(browser: ExtensionBrowser): Promise<WorkerWatch> {
  const page = await browser.context.newPage();
  pages.push(page);
  const cdp = await browser.context.newCDPSession(page);
  const prefix = `chrome-extension://${browser.extensionId}/`;
  let versionId: string | undefined;
  let status: string | undefined;
  let stopped = false;
  let restarts = 0;
  let restartedAt: number | undefined;
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) {
      if (!v.scriptURL.startsWith(prefix)) continue;
      versionId = v.versionId;
      if (stopped && status === 'stopped' && v.runningStatus !== 'stopped') {
        restarts++;
        restartedAt ??= Date.now();
      }
      status = v.runningStatus;
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => status, { timeout: 10_000 }).toBeDefined();
  return {
    cdp,
    status: () => status,
    restarts: () => restarts,
    restartedAt: () => restartedAt,
    async stop() {
      await expect.poll(() => status).toBe('running');
      stopped = true;
      await cdp.send('ServiceWorker.stopWorker', { versionId: versionId as string });
      await expect.poll(() => status, { timeout: 10_000 }).toBe('stopped');
    },
  };
}

describe('faults the write queue recovers from (Salesforce)', () => {
  it('429 with Retry-After: waits as told, then writes once', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({
      count: 2,
      kind: '429',
      retryAfterSeconds: 1,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case1.id, { 'Account Number': 'AC-R429', VIP: 'yes' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-R429');
    await expectWrittenOnce(stack.control, case1.id, 2, {
      Account_Number__c: 'AC-R429',
      VIP__c: true,
    });
    expect((await patches(stack.control, case1.id)).map((r) => r.status)).toEqual([429, 429, 204]);
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')))
      .toMatch(/AC-R429[\s\S]*written/);
    await expect.poll(() => queueLine(page).count()).toBe(0);
  });

  it('503 without Retry-After: backs off with jitter, then writes once', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({ count: 2, kind: '503', method: 'PATCH', org: acme.org });
    await handoff(case1.id, { 'Account Number': 'AC-R503' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-R503');
    await expectWrittenOnce(stack.control, case1.id, 2, { Account_Number__c: 'AC-R503' });
    // Backoff: 1–2 s before the second attempt, 2–4 s before the third.
    const times = (await patches(stack.control, case1.id)).map((r) => Date.parse(r.time));
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(900);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(1_900);
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toMatch(/written/);
  });

  it('a dropped connection: tries again, writes once', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({ count: 2, kind: 'drop', method: 'PATCH', org: acme.org });
    await handoff(case1.id, { 'Account Number': 'AC-DROP', 'Account Tier': 'Premium' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-DROP');
    await expectWrittenOnce(stack.control, case1.id, 2, {
      Account_Number__c: 'AC-DROP',
      Account_Tier__c: 'tier_premium',
    });
    expect((await patches(stack.control, case1.id)).map((r) => r.status)).toEqual([0, 0, 204]);
    await expect.poll(() => textNow(widgetRow(page, 'Account_Tier__c'))).toMatch(/written/);
  });
});

describe('a write in flight survives', () => {
  it('the service worker being stopped mid-retry: an alarm wakes it, the write lands once', async () => {
    const watch = await watchWorker(stack.browser);
    const page = await open(case1.id);
    await stack.control.addFault({
      count: 2,
      kind: '503',
      retryAfterSeconds: 3,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case1.id, { 'Account Number': 'AC-SWSTOP', VIP: 'yes' });
    await expect
      .poll(() => textNow(queueLine(page)), { timeout: 10_000 })
      .toMatch(/Retrying automatically at \d{1,2}:\d{2}:\d{2}/);
    // The queue asked for an alarm at the next attempt (a timer alone dies with the worker).
    const worker = stack.browser.context.serviceWorkers()[0];
    const alarms = (await worker?.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { alarms: { getAll(): Promise<{ name: string; scheduledTime: number }[]> } };
        }
      ).chrome.alarms.getAll(),
    )) as { name: string; scheduledTime: number }[];
    const alarm = alarms.find((a) => a.name === 'handoff-fields:write-queue');
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now());
    // No console tab left to ask for progress: only the alarm can wake the worker now.
    await page.close();
    await watch.stop();
    expect((await stored(case1.id)).Account_Number__c).toBeNull();

    await storedBecomes(case1.id, 'Account_Number__c', 'AC-SWSTOP', 30_000);
    expect(watch.restarts()).toBeGreaterThanOrEqual(1);
    // Woken by the alarm: not before it was due.
    expect(watch.restartedAt()).toBeGreaterThanOrEqual((alarm?.scheduledTime ?? 0) - 250);
    await expectWrittenOnce(stack.control, case1.id, 2, {
      Account_Number__c: 'AC-SWSTOP',
      VIP__c: true,
    });
    const again = await open(case1.id);
    await expect
      .poll(() => textNow(widgetRow(again, 'Account_Number__c')))
      .toMatch(/AC-SWSTOP[\s\S]*written/);
  });

  it("the service worker being stopped while the console stays open: the widget's next poll wakes it", async () => {
    const watch = await watchWorker(stack.browser);
    const page = await open(case2.id);
    await stack.control.addFault({
      count: 3,
      kind: '503',
      retryAfterSeconds: 2,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case2.id, { 'Account Number': 'AC-POLL' });
    await expect
      .poll(() => textNow(queueLine(page)), { timeout: 10_000 })
      .toMatch(/Retrying automatically/);
    await watch.stop();
    await storedBecomes(case2.id, 'Account_Number__c', 'AC-POLL', 30_000);
    expect(watch.restarts()).toBeGreaterThanOrEqual(1);
    await expectWrittenOnce(stack.control, case2.id, 3, { Account_Number__c: 'AC-POLL' });
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')))
      .toMatch(/AC-POLL[\s\S]*written/);
  });

  it('a browser restart with the same profile: the write pending at close lands once after it', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'handoff-fields-restart-'));
    const launch = () =>
      launchWithExtension({ hostResolverRules: stack.sim.hostResolverRules, userDataDir });
    let browser = await launch();
    try {
      for (const mapping of exampleMappings) await browser.send({ type: 'mappings:save', mapping });
      const page = await openOn(browser, 'Case', case2.id);
      // Faults that keep failing until the browser is closed.
      await stack.control.addFault({
        count: 1000,
        kind: '503',
        retryAfterSeconds: 2,
        method: 'PATCH',
        org: acme.org,
      });
      await handoff(case2.id, { 'Account Number': 'AC-RESTART', 'Account Tier': 'Basic' });
      await expect
        .poll(() => textNow(queueLine(page)), { timeout: 10_000 })
        .toMatch(/Retrying automatically at/);
      await browser.close({ keepProfile: true });
      const refusedBeforeClose = (await patches(stack.control, case2.id)).length;
      expect(refusedBeforeClose).toBeGreaterThanOrEqual(1);
      await stack.control.clearFaults();
      expect((await stored(case2.id)).Account_Number__c).toBeNull();

      browser = await launch();
      // The worker resumed the row by itself at start: with no session cookie left (the sim's `sid`
      // is a session cookie), the write now waits for the agent to sign in again, and says so.
      const record = { platform: 'salesforce', org: acme.org, object: 'Case', id: case2.id };
      await expect
        .poll(
          async () =>
            (await browser.send<HandoffView>({ type: 'handoff:view', record, poll: true }))
              .queue?.[0]?.lastError?.code,
          { timeout: 15_000 },
        )
        .toBe('session-missing');
      // The agent opens the console again, signing in: the waiting write goes at once.
      const again = await openOn(browser, 'Case', case2.id);
      await storedBecomes(case2.id, 'Account_Number__c', 'AC-RESTART', 30_000);
      await expectWrittenOnce(stack.control, case2.id, refusedBeforeClose, {
        Account_Number__c: 'AC-RESTART',
        Account_Tier__c: 'tier_basic',
      });
      await expect
        .poll(() => textNow(widgetRow(again, 'Account_Number__c')))
        .toMatch(/AC-RESTART[\s\S]*written/);
    } finally {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});

describe('what the widget says about a waiting write', () => {
  it('retrying with the next attempt time; failed with the reason and Retry once the attempts are spent', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({
      count: 8,
      kind: '503',
      retryAfterSeconds: 1,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case1.id, { 'Account Number': 'AC-GIVEUP' });

    const retrying = queueLine(page).filter({ hasText: 'Retrying' });
    await expect
      .poll(() => textNow(retrying), { timeout: 10_000 })
      .toMatch(/^Retrying automatically at \d{1,2}:\d{2}:\d{2}( [AP]M)? — nothing to do$/);
    // The time shown is the next attempt's, a second or so ahead.
    const next = Date.parse((await retrying.locator('time').getAttribute('datetime')) ?? '');
    expect(next).toBeGreaterThan(Date.now() - 2_000);
    expect(next).toBeLessThan(Date.now() + 5_000);
    // The only message while it retries: no notice beside it.
    expect(await widgetNotice(page).count()).toBe(0);

    await expect
      .poll(() => textNow(queueLine(page)), { timeout: 30_000 })
      .toBe('Case 5005g00000HfCa1AAF was not written after 8 attempts.');
    await expect
      .poll(() => textNow(widgetNotice(page)))
      .toMatch(/Salesforce is not answering normally/);
    // The platform's code is the admin's detail, behind a disclosure.
    expect(await textNow(widgetNotice(page))).not.toMatch(/SERVER_UNAVAILABLE/);
    expect(await page.locator('handoff-fields-widget .hf-notice details').textContent()).toMatch(
      /SERVER_UNAVAILABLE/,
    );
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toMatch(/refused/);
    // What the agent can do under the row; the platform's words are the admin's detail.
    const note = page.locator('handoff-fields-widget tr[data-note-for="Account_Number__c"]');
    expect(await textNow(note)).toMatch(/Set Account Number by hand if you know it\./);
    expect(await note.locator('details').textContent()).toMatch(
      /Not written: Salesforce is not answering normally/,
    );
    expect((await patches(stack.control, case1.id)).map((r) => r.status)).toEqual(
      Array(8).fill(503),
    );
    expect((await stored(case1.id)).Account_Number__c).toBeNull();

    const retry = page.locator('handoff-fields-widget').getByRole('button', { name: 'Retry' });
    expect(await retry.isEnabled()).toBe(true);
    await retry.click();
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-GIVEUP');
    await expectWrittenOnce(stack.control, case1.id, 8, { Account_Number__c: 'AC-GIVEUP' });
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toMatch(/written/);
    await expect.poll(() => queueLine(page).count()).toBe(0);
  });
});

describe('conflicts under fill-empty', () => {
  it('a value the agent typed while the write waited to be retried wins; the rest lands', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({
      count: 1,
      kind: '503',
      retryAfterSeconds: 3,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case1.id, { 'Account Number': 'AC-BOT-VALUE', VIP: 'yes' });
    await expect.poll(async () => (await patches(stack.control, case1.id)).length).toBe(1);
    // Between the refused write and the next attempt the agent types an account number.
    await stack.control.putRecord(acme.org, 'Case', case1.id, {
      Account_Number__c: 'TYPED-BY-AGENT',
    });

    await storedBecomes(case1.id, 'VIP__c', true);
    expect((await stored(case1.id)).Account_Number__c).toBe('TYPED-BY-AGENT');
    await expectWrittenOnce(stack.control, case1.id, 1, { VIP__c: true });
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')))
      .toMatch(/kept the existing value/);
  });
});

describe('privacy', () => {
  it('no context value appears in the page, worker or extension page consoles during a handoff', async () => {
    const SECRET = 'AC-SECRET-7731';
    const logs: string[] = [];
    const collect = (where: string) => (m: ConsoleMessage) =>
      logs.push(`[${where}] ${m.type()}: ${m.text()}`);
    const watched = new Set<Worker>();
    const watchWorkers = () => {
      for (const w of stack.browser.context.serviceWorkers()) {
        if (watched.has(w)) continue;
        watched.add(w);
        w.on('console', collect('worker'));
      }
    };
    watchWorkers();
    stack.browser.context.on('serviceworker', watchWorkers);
    const watchPage = (page: Page, where: string) => {
      page.on('console', collect(where));
      page.on('pageerror', (e) => logs.push(`[${where}] pageerror: ${e.message}`));
    };
    // Browser-side log entries of the console page too (failed requests, CSP, interventions).
    const page = await open(case1.id);
    watchPage(page, 'console page');
    const cdp = await stack.browser.context.newCDPSession(page);
    cdp.on('Log.entryAdded', ({ entry }) =>
      logs.push(`[console page log] ${entry.level}: ${entry.text} ${entry.url ?? ''}`),
    );
    await cdp.send('Log.enable');

    // A full handoff with a retry (503) and a refused value (the validation rule) on the way.
    await stack.control.addFault({
      count: 1,
      kind: '503',
      retryAfterSeconds: 1,
      method: 'PATCH',
      org: acme.org,
    });
    await handoff(case1.id, { 'Account Number': SECRET, 'Refund Amount': '7500', VIP: 'yes' });
    await storedBecomes(case1.id, 'Account_Number__c', SECRET);
    await expect.poll(() => textNow(widgetRow(page, 'Refund_Amount__c'))).toMatch(/refused/);
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toMatch(/written/);
    // The customer pastes it in a JSON block of their own (refused): the value among the first
    // characters of the message, where a log of a message's beginning would show it.
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: `#handoff\n{"Account":"${SECRET}"}`,
    });
    await expect.poll(() => textNow(widgetNotice(page))).toMatch(/posted by the customer/);
    // The extension's own pages, on the same data.
    const popup = await stack.browser.openExtensionPage('popup.html');
    pages.push(popup);
    watchPage(popup, 'popup');
    const options = await stack.browser.openExtensionPage('options.html');
    pages.push(options);
    watchPage(options, 'options');
    await popup.reload();
    await options.reload();
    await options.waitForLoadState('networkidle');

    // The collectors work: each one hears a probe.
    await page.evaluate(() => console.log('hf-probe-page'));
    await popup.evaluate(() => console.log('hf-probe-popup'));
    const worker = stack.browser.context.serviceWorkers()[0];
    await worker?.evaluate(() => console.log('hf-probe-worker'));
    await expect
      .poll(() =>
        ['hf-probe-page', 'hf-probe-popup', 'hf-probe-worker'].filter(
          (p) => !logs.some((l) => l.includes(p)),
        ),
      )
      .toEqual([]);

    stack.browser.context.off('serviceworker', watchWorkers);
    // Not the value, nor a part of it (a log that clips a message's text).
    const leaks = logs.filter((l) =>
      ['AC-SECRET', 'SECRET-7731', '7731'].some((p) => l.includes(p)),
    );
    expect(leaks).toEqual([]);
  });
});
