/**
 * Confirm before writing (settings `writeMode: 'confirm'`, issue 16 item 5), in real Chromium with
 * the built extension against the simulated consoles: a handoff writes nothing (the simulation's
 * request log holds no write) until the agent presses **Fill N fields**, then every planned value
 * lands; **Not now** writes nothing and leaves the plan to fill later. The journal records who
 * confirmed and when. What is stored is read through the control API, never through the page.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PresentedEntry } from '../../lib/journal/export';
import type { JournalPage } from '../../lib/journal/query';
import type { Settings } from '../../lib/settings/schema';
import { SEED } from '../sim/seed';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1, case2] = acme.cases;
const K = SEED.kustomer;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings({});
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
});

async function openCase(id: string) {
  const page = await stack.openConsole(recordPath('Case', id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
const storedBecomes = (id: string, field: string, value: unknown) =>
  expect.poll(async () => (await stored(id))[field], { timeout: 10_000 }).toBe(value);
/** Every write the extension sent to an org (the simulation logs the extension's requests). */
const writes = async (org: string) =>
  (await stack.control.requests({ org })).filter((r) => r.method === 'PATCH' || r.method === 'PUT');

const fillButton = (page: Page) => page.locator('handoff-fields-widget button[data-action="fill"]');
const notNowButton = (page: Page) =>
  page.locator('handoff-fields-widget button[data-action="not-now"]');
const summary = (page: Page) => textNow(page.locator('handoff-fields-widget .hf-summary'));

const CONTEXT = { 'Account Number': 'AC-CONFIRM', 'Account Tier': 'Premium' };

/** The plan is on screen, and some time passed in which an automatic write would have landed. */
async function planShown(page: Page, label: string) {
  await expect.poll(() => textNow(fillButton(page)), { timeout: 15_000 }).toBe(label);
  await page.waitForTimeout(1_500);
}

async function latestJournalEntry(): Promise<PresentedEntry> {
  const first = await stack.browser.send<JournalPage>({ type: 'journal:query', filters: {} });
  const id = first.rows[0]?.id;
  if (id === undefined) throw new Error('the journal is empty');
  const entry = await stack.browser.send<PresentedEntry | null>({ type: 'journal:entry', id });
  if (!entry) throw new Error(`no journal entry ${id}`);
  return entry;
}

describe('confirm before writing on the Salesforce console', () => {
  it('set in the Settings section: writes nothing before Fill N fields, everything after, and journals who and when', async () => {
    const options = await stack.browser.openExtensionPage('options.html#settings');
    pages.push(options);
    await expect
      .poll(() => textNow(options.locator('.toolbar__count')), { timeout: 10_000 })
      .toBe('All changes saved');
    await options.getByRole('radio', { name: /Show the plan first/ }).check();
    await options.getByRole('button', { name: 'Save settings' }).first().click();
    await expect
      .poll(async () => (await stack.browser.send<Settings>({ type: 'settings:get' })).writeMode)
      .toBe('confirm');

    const page = await openCase(case1.id);
    await stack.control.clearRequests();
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff(CONTEXT),
    });
    await planShown(page, 'Fill 2 fields');
    expect(await writes(acme.org)).toEqual([]);
    expect(await stored(case1.id)).toMatchObject({ Account_Number__c: null });
    expect(await summary(page)).toMatch(/2 to confirm/);
    // The plan: each field's label and the value it would get.
    expect(
      await textNow(page.locator('handoff-fields-widget tr[data-field="Account_Number__c"]')),
    ).toMatch(/Account Number[\s\S]*AC-CONFIRM[\s\S]*to fill/);

    const before = Date.now();
    await fillButton(page).click();
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-CONFIRM');
    expect((await stored(case1.id)).Account_Tier__c).toBe('tier_premium');
    expect(await writes(acme.org)).toHaveLength(1);
    await expect.poll(() => fillButton(page).count()).toBe(0);

    const entry = await latestJournalEntry();
    expect(entry.state).toBe('done');
    expect(entry.confirmedAt).toBeGreaterThanOrEqual(before);
    expect(entry.confirmedBy).toMatch(/^this browser's agent, console tab \d+$/);
  });

  it('writes nothing on Not now, and fills the plan later from the panel', async () => {
    await stack.saveSettings({ writeMode: 'confirm' });
    const page = await openCase(case2.id);
    await stack.control.clearRequests();
    await stack.control.postMessage({
      org: acme.org,
      recordId: case2.id,
      author: 'bot',
      text: keyValueHandoff(CONTEXT),
    });
    await planShown(page, 'Fill 2 fields');
    await notNowButton(page).click();
    await expect.poll(() => summary(page)).toMatch(/2 not filled/);
    await page.waitForTimeout(1_500);
    expect(await writes(acme.org)).toEqual([]);
    expect((await latestJournalEntry()).state).toBe('declined');

    // Reloaded, the plan is still there to fill.
    await page.reload();
    await planShown(page, 'Fill 2 fields');
    expect(await notNowButton(page).count()).toBe(0);
    expect(await writes(acme.org)).toEqual([]);
    await fillButton(page).click();
    await storedBecomes(case2.id, 'Account_Number__c', 'AC-CONFIRM');
    expect(await writes(acme.org)).toHaveLength(1);
    const entry = await latestJournalEntry();
    expect(entry).toMatchObject({ state: 'done' });
    expect(entry.declinedAt).toBeLessThan(entry.confirmedAt ?? 0);
  });
});

describe('confirm before writing on the Kustomer desktop', () => {
  it('writes nothing before Fill N fields, everything after', async () => {
    const org = K.acme.org;
    const { conversation1 } = K.ids;
    await stack.control.kustomerSetSession(org, 'normal');
    await stack.saveSettings({ writeMode: 'confirm' });
    const page = await stack.openDesktop(`/app/conversations/${conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(org, 1, 10_000, 'kustomer');
    await stack.control.clearRequests();
    await stack.control.kustomerPostMessage({
      org,
      recordId: conversation1,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-K-CONFIRM' }),
    });
    await planShown(page, 'Fill 1 field');
    expect(await writes(org)).toEqual([]);
    await fillButton(page).click();
    await expect
      .poll(
        async () =>
          (await stack.control.kustomerGetRecord(org, 'conversation', conversation1)).values
            .accountNumberStr,
        { timeout: 15_000 },
      )
      .toBe('AC-K-CONFIRM');
    expect(await writes(org)).toHaveLength(1);
  });
});
