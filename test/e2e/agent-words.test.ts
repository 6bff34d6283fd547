/**
 * Words for agents (issue 16, item 4), in real Chromium with the built extension on both simulated
 * consoles: a refusal says what the agent can do, with the admin's detail behind a disclosure; a
 * kept field offers "Use the bot's value", asks first, then writes that field alone; records are
 * named as the console names them; values read as the console shows them; fields the bot did not
 * send are folded; and axe finds no serious or critical problem in the panel inside the console.
 * Data is read through the simulation's control API, never through the page.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import { seriousViolations } from '../support/axe';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1] = acme.cases;
const K = SEED.kustomer;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings();
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
});

const widget = (page: Page) => page.locator('handoff-fields-widget');
const note = (page: Page, field: string) =>
  page.locator(`handoff-fields-widget tr[data-note-for="${field}"]`);
const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
const patches = async () =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).map((r) => r.body);

async function openCase() {
  const page = await stack.openConsole(recordPath('Case', case1.id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

describe('words for agents on the Salesforce console', () => {
  it('names the Case by its number, shows labels and console values, says what to do, and asks before using the bot’s value', async () => {
    // The agent already chose a tier: the handoff keeps it (fill-empty).
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Tier__c: 'tier_basic' });
    const page = await openCase();
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-1026',
        'Account Tier': 'Premium',
        'Customer Since': '2019-04-02',
        VIP: 'maybe',
      }),
    });
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')), { timeout: 15_000 })
      .toMatch(/AC-1026[\s\S]*written/);

    // The record as the console names it; its id only in the title.
    const ref = widget(page).locator('.hf-record__ref');
    expect(await textNow(ref)).toBe('Case 00001026');
    expect(await ref.getAttribute('title')).toBe(`Case ${case1.id}`);

    // Labels first, no API name in sight; dates in the agent's locale.
    expect(await textNow(widgetRow(page, 'Customer_Since__c').locator('th'))).toBe(
      'Customer Since',
    );
    const localDay = await page.evaluate(() =>
      new Date(Date.UTC(2019, 3, 2)).toLocaleDateString([], {
        timeZone: 'UTC',
        dateStyle: 'medium',
      }),
    );
    expect(await textNow(widgetRow(page, 'Customer_Since__c').locator('.hf-field__value'))).toBe(
      localDay,
    );
    expect(await textNow(widget(page).locator('.hf-fields'))).not.toMatch(/__c|2019-04-02/);

    // The refusal says what the agent can do; the admin's detail waits behind a disclosure.
    const vip = note(page, 'VIP__c');
    expect(await textNow(vip.locator('.hf-reason'))).toBe(
      "The bot said 'maybe', which does not fit VIP. Set VIP by hand if you know it.",
    );
    expect(await vip.locator('.hf-admin__reason').isVisible()).toBe(false);
    await vip.getByText('Details for your admin').click();
    expect(await textNow(vip.locator('.hf-admin'))).toMatch(/API name: VIP__c/);

    // Fields the bot did not send are folded, and not counted as skipped.
    const absent = widget(page).locator('details.hf-absent');
    expect(await textNow(absent.locator('summary'))).toBe('3 not in this handoff');
    expect(await absent.locator('li').first().isVisible()).toBe(false);
    const summary = await textNow(widget(page).locator('.hf-summary'));
    expect(summary).toMatch(/^2 written · 1 skipped · 1 refused/);

    // The kept tier shows the bot's value as the console names it, with the button.
    const tier = widgetRow(page, 'Account_Tier__c');
    expect(await textNow(tier)).toMatch(/Premium[\s\S]*kept the existing value/);
    expect(await textNow(tier)).not.toContain('tier_premium');

    // Inside the console page: a refusal, a kept field and written fields showing.
    expect(
      await seriousViolations(page, 'panel: refusal, kept, written', 'handoff-fields-widget'),
    ).toEqual([]);

    const before = (await patches()).length;
    await note(page, 'Account_Tier__c')
      .getByRole('button', { name: "Use the bot's value" })
      .click();
    // Asked first: nothing written before the agent confirms.
    const confirm = note(page, 'Account_Tier__c').locator('.hf-confirm');
    expect(await textNow(confirm)).toContain(
      "Write 'Premium' into Account Tier, over the record's value?",
    );
    expect(
      await seriousViolations(page, 'panel: asking to use the bot value', 'handoff-fields-widget'),
    ).toEqual([]);
    expect((await patches()).length).toBe(before);
    expect((await stored(case1.id)).Account_Tier__c).toBe('tier_basic');
    await confirm.getByRole('button', { name: 'Write it' }).click();

    await expect
      .poll(async () => (await stored(case1.id)).Account_Tier__c, { timeout: 10_000 })
      .toBe('tier_premium');
    // That field alone, once.
    expect((await patches()).slice(before)).toEqual([{ Account_Tier__c: 'tier_premium' }]);
    await expect.poll(() => textNow(tier)).toMatch(/Premium[\s\S]*written[\s\S]*verified/);
    expect(await note(page, 'Account_Tier__c').count()).toBe(0);
    // The journal keeps it: a reload shows the field written.
    await page.reload();
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Tier__c')), { timeout: 15_000 })
      .toMatch(/written/);
  });
});

describe('words for agents on the Kustomer desktop', () => {
  it('names the conversation by its customer, and shows a tree value by its label', async () => {
    const page = await stack.openDesktop(`/app/conversations/${K.ids.conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
    await stack.control.kustomerPostMessage({
      org: K.acme.org,
      recordId: K.ids.conversation1,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-77',
        'Contact Reason': 'ORDERS.DAMAGED',
        'Loyalty Tier': 'Gold',
      }),
    });
    await expect
      .poll(() => textNow(widgetRow(page, 'loyaltyTierStr')), { timeout: 15_000 })
      .toMatch(/Gold[\s\S]*written/);
    expect(await textNow(widget(page).locator('.hf-record__ref'))).toBe(
      'conversation with Jamie Customer',
    );
    const reason = await textNow(widgetRow(page, 'contactReasonTree').locator('.hf-field__value'));
    expect(reason).toContain('Damaged item');
    expect(reason).not.toContain('orders.damaged');
    expect(await textNow(widget(page).locator('details.hf-absent summary'))).toMatch(
      /^\d+ not in this handoff$/,
    );
    expect(await seriousViolations(page, 'Kustomer panel', 'handoff-fields-widget')).toEqual([]);
  });
});
