/**
 * An outage as the agent lives it, in real Chromium against the simulated Salesforce and Kustomer (issue 16,
 * item 3): while the write queue retries a 503 the panel says one thing — "Retrying automatically
 * at … — nothing to do" — with no raw platform code; a manual Retry during the retries brings the
 * next attempt forward without using one up (the simulation's request log counts them); when the
 * writes give up, the pill turns red in another console tab of the same browser, also one opened
 * after the service worker was stopped; every Retry leaves "Tried again at …", and a successful
 * one clears the other tabs.
 *
 * The retry policy is made fast the way test/e2e/reliability.test.ts does it: the simulated 503s
 * carry a Retry-After, which the queue honours instead of its backoff.
 */
import type { CDPSession, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import type { ExtensionBrowser } from '../support/chromium';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow, widgetNotice } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1, case2] = acme.cases;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
});

async function open(id: string): Promise<Page> {
  const page = await stack.browser.context.newPage();
  pages.push(page);
  await page.goto(
    `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', id))}`,
  );
  await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
  await stack.control.waitForPages(acme.org);
  return page;
}

const panel = (page: Page) => page.locator('handoff-fields-widget aside');
const queueLine = (page: Page) => page.locator('handoff-fields-widget .hf-queue__item');
const alertOf = (page: Page) => page.locator('handoff-fields-widget .hf-alert');
const traceOf = (page: Page) => page.locator('handoff-fields-widget .hf-retry-trace');
const retryButton = (page: Page) =>
  page.locator('handoff-fields-widget').getByRole('button', { name: 'Retry' });
const patches = async (id: string) =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).filter((r) =>
    r.path.includes(id),
  );
const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;

/** What the agent reads in the panel: no raw platform code, no contradicting advice. */
async function expectAgentWords(page: Page) {
  const text = await textNow(panel(page));
  expect(text).not.toMatch(/SERVER_UNAVAILABLE|HTTP 503|[A-Z]{3,}_[A-Z_]{3,}/);
  expect(text).not.toMatch(/press Retry in a minute/i);
  return text;
}

/** Stops the extension's service worker as Chromium stops an idle one (reliability.test.ts). */
async function stopWorker(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const prefix = `chrome-extension://${browser.extensionId}/`;
  let versionId: string | undefined;
  let status: string | undefined;
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const v of event.versions) {
      if (!v.scriptURL.startsWith(prefix)) continue;
      versionId = v.versionId;
      status = v.runningStatus;
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => status, { timeout: 10_000 }).toBe('running');
  await cdp.send('ServiceWorker.stopWorker', { versionId: versionId as string });
  await expect.poll(() => status, { timeout: 10_000 }).toBe('stopped');
  await cdp.detach();
}

describe('an outage on Salesforce', () => {
  it('one message while retrying, a free manual Retry, a red pill in the other tabs when it gives up, and a trace of each Retry', async () => {
    const page = await open(case1.id);
    // The first 503 asks for a long wait (time for the agent to press Retry); the next ones,
    // the agent's and the queue's own, for a short one: the writes give up within seconds.
    await stack.control.addFault({
      count: 1,
      kind: '503',
      retryAfterSeconds: 60,
      method: 'PATCH',
      org: acme.org,
    });
    await stack.control.addFault({
      count: 8,
      kind: '503',
      retryAfterSeconds: 1,
      method: 'PATCH',
      org: acme.org,
    });
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-OUTAGE' }),
    });

    // 1. One message while automatic retries run, with nothing for the agent to do.
    await expect
      .poll(() => textNow(queueLine(page)), { timeout: 10_000 })
      .toMatch(/^Retrying automatically at \d{1,2}:\d{2}:\d{2}( [AP]M)? — nothing to do$/);
    expect(await widgetNotice(page).count()).toBe(0);
    await expectAgentWords(page);
    expect(await patches(case1.id)).toHaveLength(1);

    // Another console tab, on another record, open before anything gave up.
    const other = await open(case2.id);
    expect(await alertOf(other).count()).toBe(0);

    // 2. A manual Retry during the retries: the attempt goes now, and does not count.
    await page.bringToFront();
    await retryButton(page).click();
    await expect.poll(async () => (await patches(case1.id)).length).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => textNow(traceOf(page)))
      .toMatch(
        /^Tried again at \d{1,2}:\d{2}:\d{2}( [AP]M)?: not written yet, retrying automatically\.$/,
      );

    // 3. The writes give up: 8 attempts of the queue's own, plus the agent's.
    await expect
      .poll(() => textNow(queueLine(page)), { timeout: 40_000 })
      .toBe('Case 5005g00000HfCa1AAF was not written after 8 attempts.');
    const log = await patches(case1.id);
    expect(log.map((r) => r.status)).toEqual(Array(9).fill(503));
    expect((await stored(case1.id)).Account_Number__c).toBeNull();
    const failedText = await expectAgentWords(page);
    expect(failedText).toMatch(/Salesforce is not answering normally/);
    // The platform's own words are there for an admin, behind a disclosure.
    await expect
      .poll(() => page.locator('handoff-fields-widget .hf-notice details').textContent())
      .toMatch(/SERVER_UNAVAILABLE/);

    // …and the other tab's pill turns red, naming the record.
    await expect
      .poll(() => textNow(alertOf(other)), { timeout: 10_000 })
      .toMatch(/^A write gave up on Case 5005g00000HfCa1AAF — open it to retry/);
    expect(await panel(other).getAttribute('data-tone')).toBe('error');

    // The service worker stops; a console tab opened afterwards is told too (from IndexedDB).
    await stopWorker(stack.browser, other);
    const later = await open(case2.id);
    await expect
      .poll(() => textNow(alertOf(later)), { timeout: 10_000 })
      .toMatch(/^A write gave up on Case 5005g00000HfCa1AAF/);

    // 4. The platform is back; Retry writes, says so with its time, and every tab clears.
    await stack.control.clearFaults();
    await page.bringToFront();
    await expect.poll(() => retryButton(page).isEnabled()).toBe(true);
    await retryButton(page).click();
    await expect
      .poll(async () => (await stored(case1.id)).Account_Number__c, { timeout: 15_000 })
      .toBe('AC-OUTAGE');
    await expect
      .poll(() => textNow(traceOf(page)))
      .toMatch(/^Tried again at \d{1,2}:\d{2}:\d{2}( [AP]M)?: written\.$/);
    expect((await patches(case1.id)).filter((r) => r.status === 204)).toHaveLength(1);
    await expect.poll(() => alertOf(other).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => alertOf(later).count(), { timeout: 10_000 }).toBe(0);
  });

  it('the agent dismisses the red pill in one tab, and every tab clears', async () => {
    const page = await open(case1.id);
    await stack.control.addFault({
      count: 8,
      kind: '503',
      retryAfterSeconds: 1,
      method: 'PATCH',
      org: acme.org,
    });
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-DISMISS' }),
    });
    const other = await open(case2.id);
    const third = await open(case2.id);
    await expect
      .poll(() => textNow(alertOf(other)), { timeout: 40_000 })
      .toMatch(/^A write gave up on Case 5005g00000HfCa1AAF/);
    // The tab of the record itself says it in its own panel, not as an alert.
    expect(await alertOf(page).count()).toBe(0);
    await other.bringToFront();
    await other
      .locator('handoff-fields-widget')
      .getByRole('button', { name: 'Dismiss this alert' })
      .click();
    await expect.poll(() => alertOf(other).count()).toBe(0);
    await expect.poll(() => alertOf(third).count(), { timeout: 10_000 }).toBe(0);
    // Dismissing is not retrying: the record's own panel still offers Retry.
    await expect.poll(() => retryButton(page).isEnabled(), { timeout: 10_000 }).toBe(true);
  });
});

describe('an outage on Kustomer', () => {
  it('one message a record while the 503s are retried, no raw code, then written once', async () => {
    const K = SEED.kustomer;
    const org = K.acme.org;
    // The example settings name the Kustomer bot (its app), as kustomer-handoff.test.ts does.
    await stack.saveSettings();
    await stack.control.kustomerSetSession(org, 'normal');
    const page = await stack.openDesktop(`/app/conversations/${K.ids.conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(org, 1, 10_000, 'kustomer');
    await stack.control.addFault({
      count: 2,
      kind: '503',
      retryAfterSeconds: 3,
      method: 'PUT',
      platform: 'kustomer',
    });
    await stack.control.kustomerPostMessage({
      org,
      recordId: K.ids.conversation1,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-K-OUTAGE', 'Loyalty Tier': 'Gold' }),
    });
    // The conversation and its customer are two records: each line names its own.
    await expect
      .poll(() => textNow(queueLine(page).first()), { timeout: 10_000 })
      .toMatch(/^Retrying \S+ \S+ automatically at \d{1,2}:\d{2}:\d{2}( [AP]M)? — nothing to do$/);
    expect(await widgetNotice(page).count()).toBe(0);
    expect(await expectAgentWords(page)).not.toMatch(/unavailable: Service Unavailable/);
    await expect
      .poll(
        async () =>
          (await stack.control.kustomerGetRecord(org, 'conversation', K.ids.conversation1)).values
            .accountNumberStr,
        { timeout: 20_000 },
      )
      .toBe('AC-K-OUTAGE');
    await expect.poll(() => queueLine(page).count(), { timeout: 10_000 }).toBe(0);
  });
});
