/**
 * Verify only (settings `writeMode: 'verify-only'`, issue 17 item 1), in real Chromium with the
 * built extension against the simulated Salesforce console: a QA browser opens a Case another
 * agent's handoff filled, with mappings that differ from that agent's (more of them, one
 * overwriting). Nothing is written — the simulation's request log holds no PATCH, POST or PUT —
 * and the panel says "Verify only" with what matched and what differs; a customer's later
 * context-looking message does not take the panel over. The options page says Verify only too.
 * The mode is set through the options page (not the machine-wide policy path); what the platform
 * holds is set and read through the control API.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { JournalPage } from '../../lib/journal/query';
import type { Settings } from '../../lib/settings/schema';
import { SEED } from '../sim/seed';
import { exampleMappings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1] = acme.cases;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings({});
  // The QA browser's mappings: more than the agent had (Order Id, VIP), Priority overwriting.
  await stack.saveMappings(exampleMappings);
});

/** Every request of the extension that could change a record, on any platform of the org. */
const changes = async () =>
  (await stack.control.requests({ org: acme.org })).filter((r) =>
    ['PATCH', 'POST', 'PUT', 'DELETE'].includes(r.method),
  );
const check = (page: Page, field: string) => textNow(widgetRow(page, field).locator('.hf-check'));
const summary = (page: Page) => textNow(page.locator('handoff-fields-widget .hf-summary'));

async function setVerifyOnlyInOptions(): Promise<Page> {
  const options = await stack.browser.openExtensionPage('options.html#settings');
  pages.push(options);
  await expect
    .poll(() => textNow(options.locator('.toolbar__count')), { timeout: 10_000 })
    .toBe('All changes saved');
  expect(await options.locator('.verify-only-line').count()).toBe(0);
  await options.getByRole('radio', { name: /Verify only — read and compare, never write/ }).check();
  await options.getByRole('button', { name: 'Save settings' }).first().click();
  await expect
    .poll(async () => (await stack.browser.send<Settings>({ type: 'settings:get' })).writeMode)
    .toBe('verify-only');
  return options;
}

describe('a QA browser set to Verify only', () => {
  it('opens a Case another agent filled: compares it, writes nothing, and says so', async () => {
    const options = await setVerifyOnlyInOptions();
    // The options page says it above every section.
    await expect
      .poll(() => textNow(options.locator('.verify-only-line')))
      .toMatch(/Verify only.*never\s+writes to a record/);
    await options.goto(options.url().replace(/#.*$/, '#qa'));
    await expect
      .poll(() => textNow(options.locator('main .verify-only-line')), { timeout: 10_000 })
      .toMatch(/Verify only/);

    // Another agent's browser handled the chat: it filled the two fields it had mappings for.
    await stack.control.putRecord(acme.org, 'Case', case1.id, {
      Account_Number__c: 'AC-20931',
      Account_Tier__c: 'tier_premium',
    });
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-20931',
        'Account Tier': 'Premium',
        'Order Id': 'A-48213',
        Priority: 'low',
      }),
    });
    await stack.control.clearRequests();

    const page = await stack.openConsole(recordPath('Case', case1.id));
    pages.push(page);
    await stack.control.waitForPages(acme.org);
    await expect
      .poll(() => summary(page), { timeout: 15_000 })
      .toBe('Verify only · nothing written · 2 match · 2 different');
    await expect.poll(() => check(page, 'Account_Number__c')).toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'Account_Tier__c')).toMatch(/✓\s*verified/);
    // The field the other agent had no mapping for is empty on the record.
    await expect.poll(() => check(page, 'Order_Id__c')).toBe('≠ differs: the record is empty');
    expect(await textNow(widgetRow(page, 'Order_Id__c'))).toMatch(/not written: Verify only/);
    // An overwriting mapping does not write either.
    await expect.poll(() => check(page, 'Priority')).toBe("≠ differs: the record has 'High'");

    // A customer then types something that looks like a context: the panel keeps the bot's
    // handoff as its state, the refusal is a line under it.
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: keyValueHandoff({ 'Account Number': 'AC-EVIL', VIP: 'yes' }),
    });
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget .hf-notice')), { timeout: 10_000 })
      .toMatch(/A newer context was not used/);
    expect(await summary(page)).toBe('Verify only · nothing written · 2 match · 2 different');

    // Reloaded and given time in which a write would have gone: still nothing sent.
    await page.reload();
    await expect.poll(() => summary(page), { timeout: 15_000 }).toMatch(/^Verify only · /);
    await page.waitForTimeout(1_500);
    expect(await changes()).toEqual([]);
    // It did read the Case to compare.
    const reads = await stack.control.requests({ org: acme.org, method: 'GET' });
    expect(reads.some((r) => r.path.includes(`/sobjects/Case/${case1.id}`))).toBe(true);
    const held = (await stack.control.getRecord(acme.org, 'Case', case1.id)).values;
    expect(held).toMatchObject({
      Account_Number__c: 'AC-20931',
      Order_Id__c: null,
      Priority: 'High',
    });

    // The journal lists the handoff as Verify only (the customer's refused context beside it).
    const journal = await stack.browser.send<JournalPage>({
      type: 'journal:query',
      filters: { status: 'verify-only' },
    });
    expect(journal.rows).toHaveLength(1);
  });
});
