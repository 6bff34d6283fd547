/**
 * The record refreshed in place, in real Chromium with the built extension against both simulated
 * consoles: values written through the API show in the console without a page reload (which on a
 * real Service Console would reload every open tab and chat and lose unsent drafts). Salesforce:
 * the main-world script fires `force:refreshView` once the writes are read back, and on "Refresh
 * the record". Kustomer: the desktop updates its sidebar by itself, so the panel offers nothing.
 * "No reload" is a marker set in the page's own world that must still be there, on the same
 * navigation.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { simRequest } from '../sim/client';
import { SEED } from '../sim/seed';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1] = acme.cases;
const K = SEED.kustomer;
const { conversation1 } = K.ids;

const { stack, pages } = useStack();

/** Marks the page in its own world; `survived` is true while it is the same page load. */
async function markPage(page: Page) {
  const origin = await page.evaluate(() => {
    (window as unknown as { hfNoReload: string }).hfNoReload = 'still here';
    return performance.timeOrigin;
  });
  return async () =>
    page.evaluate(
      (before) =>
        (window as unknown as { hfNoReload?: string }).hfNoReload === 'still here' &&
        performance.timeOrigin === before &&
        performance.getEntriesByType('navigation').length === 1,
      origin,
    );
}

const widget = (page: Page) => page.locator('handoff-fields-widget');
const refreshButton = (page: Page) =>
  widget(page).getByRole('button', { name: 'Refresh the record' });

describe('Salesforce: force:refreshView, fired from the page’s world', () => {
  beforeEach(async () => {
    await stack.saveMappings(exampleMappings);
  });

  async function openCase(id: string) {
    const page = await stack.openConsole(recordPath('Case', id));
    pages.push(page);
    await stack.control.waitForPages(acme.org);
    return page;
  }
  /** What the record detail (the standard component) of the shown tab says for a field. */
  const shownValue = (page: Page, field: string) =>
    textNow(
      page.locator(
        `.navexWorkspace.active records-record-layout-item[data-field="${field}"] .slds-form-element__static`,
      ),
    );
  /** A write through the REST API, as another tool would make it (not through the console). */
  async function writeThroughApi(id: string, values: Record<string, unknown>) {
    const { apiSid } = await stack.control.getSession(acme.org);
    const answer = await simRequest(stack.sim.origin, {
      method: 'PATCH',
      path: `/services/data/v66.0/sobjects/Case/${id}`,
      host: acme.myDomainHost,
      headers: { Authorization: `Bearer ${apiSid}`, Accept: 'application/json' },
      body: values,
    });
    expect(answer.status).toBe(204);
  }

  it('shows the written values in the record detail once they are read back, without a reload or a click', async () => {
    const page = await openCase(case1.id);
    const survived = await markPage(page);
    expect(await shownValue(page, 'Account_Number__c')).toBe('');

    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-INPLACE', 'Account Tier': 'Premium' }),
    });
    await expect
      .poll(() => shownValue(page, 'Account_Number__c'), { timeout: 15_000 })
      .toBe('AC-INPLACE');
    expect(await shownValue(page, 'Account_Tier__c')).toBe('Premium');
    expect(await survived()).toBe(true);
    // No hint to refresh, and the manual button is there.
    expect(await widget(page).locator('.hf-hint').count()).toBe(0);
    expect(await textNow(widget(page))).not.toMatch(/refresh the view/i);
    await expect.poll(() => refreshButton(page).isEnabled()).toBe(true);
  });

  it('"Refresh the record" shows a value written through the API meanwhile, in place', async () => {
    const page = await openCase(case1.id);
    const survived = await markPage(page);
    await writeThroughApi(case1.id, { Account_Number__c: 'AC-ELSEWHERE' });
    // The console does not show an API write by itself.
    await page.waitForTimeout(500);
    expect(await shownValue(page, 'Account_Number__c')).toBe('');

    await refreshButton(page).click();
    await expect.poll(() => shownValue(page, 'Account_Number__c')).toBe('AC-ELSEWHERE');
    expect(await survived()).toBe(true);
    expect(await widget(page).locator('.hf-hint').count()).toBe(0);
  });

  it('without $A, says the console may show older values, and still reloads nothing', async () => {
    const page = await openCase(case1.id);
    const survived = await markPage(page);
    await page.evaluate(() => {
      (window as unknown as { $A?: unknown }).$A = undefined;
    });
    await writeThroughApi(case1.id, { Account_Number__c: 'AC-UNSEEN' });

    await refreshButton(page).click();
    await expect
      .poll(() => textNow(widget(page).locator('.hf-hint')))
      .toBe('Could not refresh the record in place: reopen its tab to see the values written.');
    await page.waitForTimeout(500);
    expect(await shownValue(page, 'Account_Number__c')).toBe('');
    expect(await survived()).toBe(true);
  });
});

describe('Kustomer: the desktop updates itself', () => {
  beforeEach(async () => {
    await stack.control.kustomerSetSession(K.acme.org, 'normal');
    await stack.saveSettings();
    await stack.saveMappings(kustomerExampleMappings);
  });

  const sidebarValue = (page: Page, object: string, name: string) =>
    textNow(
      page.locator(
        `[data-kt="attribute"][data-kt-object="${object}"][data-kt-name="${name}"] [data-kt="attributeValue"]`,
      ),
    );

  it('shows the written attribute in the sidebar by itself; the panel offers no refresh', async () => {
    const page = await stack.openDesktop(`/app/conversations/${conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
    const survived = await markPage(page);
    expect(await sidebarValue(page, 'conversation', 'accountNumberStr')).toBe('');

    await stack.control.kustomerPostMessage({
      org: K.acme.org,
      recordId: conversation1,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-PUSHED', 'Loyalty Tier': 'Platinum' }),
    });
    await expect
      .poll(() => sidebarValue(page, 'conversation', 'accountNumberStr'), { timeout: 15_000 })
      .toBe('AC-PUSHED');
    await expect.poll(() => sidebarValue(page, 'customer', 'loyaltyTierStr')).toBe('Platinum');
    expect(await survived()).toBe(true);
    await expect
      .poll(() => textNow(widget(page).locator('tr[data-field="accountNumberStr"]')))
      .toMatch(/written/);
    expect(await refreshButton(page).count()).toBe(0);
    expect(await widget(page).locator('.hf-hint').count()).toBe(0);
  });
});
