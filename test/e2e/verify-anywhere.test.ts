/**
 * Verify now in any browser (issue 17), in real Chromium with the built extension against the
 * simulated Salesforce console: an agent's browser handles a handoff that writes some fields,
 * refuses one (a picklist value its value map lacks) and keeps one (the record had a value). A
 * second, fresh browser profile — a QA analyst's — opens the Case before the team's mappings
 * reached it (so it writes nothing), then gets the same mappings plus one the agent's browser
 * lacked, and presses Verify now: each field is labelled right, the refused one shown as refused,
 * the extra one compared (not "mapped after it"), the stale "No mappings" notice gone, the handoff
 * not "failed" — and no write request reaches the simulation from the second browser. A third,
 * a supervisor's fresh profile set to Verify only and given every mapping before it opens the
 * Case, takes the handoff in as compared only and labels it the same way, writing nothing.
 * What the platform holds is set and read through the control API, never through the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffView } from '../../lib/handoff/types';
import { SEED } from '../sim/seed';
import { type ExtensionBrowser, launchWithExtension } from '../support/chromium';
import { exampleMappings, exampleSettings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, type Stack, startStack, textNow, widgetRow } from '../support/stack';

const acme = SEED.acme;
const [case1] = acme.cases;
const record = { platform: 'salesforce', org: acme.org, object: 'Case', id: case1.id };

/** The mapping the agent's browser lacked (it came with a later version of the team's file). */
const EXTRA = 'order-id';
const agentMappings = exampleMappings.filter((m) => m.id !== EXTRA);

let stack: Stack;
let qa: ExtensionBrowser | undefined;
let supervisor: ExtensionBrowser | undefined;

beforeAll(async () => {
  stack = await startStack();
  await stack.reset();
  await stack.saveSettings({});
  await stack.saveMappings(agentMappings);
});
afterAll(async () => {
  await supervisor?.close();
  await qa?.close();
  await stack?.close();
});

async function openCaseIn(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(
    `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', case1.id))}`,
  );
  await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
  await stack.control.waitForPages(acme.org);
  return page;
}

const widget = (page: Page) => page.locator('handoff-fields-widget');
const verifyNow = (page: Page) => widget(page).getByRole('button', { name: 'Verify now' }).click();
/** The read-back line of a field ("✓ verified", "≠ differs: the record has '…'"). */
const check = (page: Page, field: string) => textNow(widgetRow(page, field).locator('.hf-check'));
const badge = (page: Page, field: string) => textNow(widgetRow(page, field).locator('.hf-badge'));
const patches = async () =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).filter(
    (r) => r.platform !== 'kustomer',
  );

describe('Verify now in a browser that did not write the handoff', () => {
  it("labels each field of another agent's handoff right, and writes nothing", async () => {
    // Someone typed an account number before the handoff: the agent's browser keeps it.
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Number__c: 'AC-TYPED' });
    const agent = await openCaseIn(stack.browser);
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-20931',
        'Account Tier': 'Gold',
        VIP: 'yes',
        'Refund Amount': '42.5',
        'Order Id': 'ORD-7',
      }),
    });
    await expect.poll(() => check(agent, 'VIP__c'), { timeout: 10_000 }).toMatch(/✓\s*verified/);
    expect(await badge(agent, 'Account_Tier__c')).toBe('refused');
    expect(await badge(agent, 'Account_Number__c')).toBe('kept the existing value');
    // In the agent's browser, Verify now says the same: kept, with the record's value.
    await verifyNow(agent);
    await expect
      .poll(() => check(agent, 'Account_Number__c'))
      .toBe("≠ differs: the record has 'AC-TYPED'");
    expect(await badge(agent, 'Account_Number__c')).toBe('kept the existing value');
    await agent.close();
    const agentPatches = (await patches()).length;
    expect(agentPatches).toBe(1);

    // The QA analyst's fresh profile opens the Case before the team's mappings reached it.
    qa = await launchWithExtension({ hostResolverRules: stack.sim.hostResolverRules });
    const page = await openCaseIn(qa);
    await expect
      .poll(() => textNow(widget(page).locator('.hf-notice')), { timeout: 10_000 })
      .toMatch(/No mappings/);
    // The mappings arrive (import or policy): the agent's, and one the agent's browser lacked.
    for (const mapping of exampleMappings) await qa.send({ type: 'mappings:save', mapping });

    await verifyNow(page);
    await expect.poll(() => check(page, 'VIP__c'), { timeout: 10_000 }).toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'Refund_Amount__c')).toMatch(/✓\s*verified/);
    // Nothing is known here of the agent's browser keeping it: the record's value is different.
    expect(await check(page, 'Account_Number__c')).toBe("≠ differs: the record has 'AC-TYPED'");
    // The value map has no 'Gold': refused, with the bot's value and why.
    expect(await badge(page, 'Account_Tier__c')).toBe('refused');
    expect(await textNow(widgetRow(page, 'Account_Tier__c').locator('.hf-field__value'))).toBe(
      'Gold',
    );
    expect(await textNow(widget(page).locator('[data-note-for="Account_Tier__c"]'))).toMatch(
      /Gold/,
    );
    // The mapping the agent's browser lacked is compared, not "mapped after it".
    expect(await check(page, 'Order_Id__c')).toBe('≠ differs: the record is empty');
    expect(await badge(page, 'Order_Id__c')).toBe('compared');
    const body = await textNow(widget(page).locator('.hf-body'));
    expect(body).not.toMatch(/mapped after it/);
    // The stale notice is gone, and the handoff is not "failed": checked here, nothing sent.
    expect(await textNow(widget(page).locator('.hf-notice'))).not.toMatch(/No mappings/);
    const view = await qa.send<HandoffView>({ type: 'handoff:view', record });
    expect(view.state).toBe('verify-only');
    expect(view.notice).toBeUndefined();

    expect((await patches()).length).toBe(agentPatches);
    const stored = (await stack.control.getRecord(acme.org, 'Case', case1.id)).values;
    expect(stored.Order_Id__c ?? null).toBeNull();
    expect(stored.Account_Number__c).toBe('AC-TYPED');
  });

  it('labels the same handoff right in a fresh Verify-only browser that has the mappings from the start', async () => {
    // Runs after the first test: the agent's handoff is on the Case, its values as written then.
    const before = (await patches()).length;
    supervisor = await launchWithExtension({ hostResolverRules: stack.sim.hostResolverRules });
    await supervisor.send({
      type: 'settings:save',
      settings: { ...exampleSettings, writeMode: 'verify-only' },
    });
    for (const mapping of exampleMappings)
      await supervisor.send({ type: 'mappings:save', mapping });
    const page = await openCaseIn(supervisor);
    // Taken in as a verify-only browser takes a handoff: read, planned, compared, nothing sent.
    await expect
      .poll(() => textNow(widget(page).locator('.hf-summary')), { timeout: 10_000 })
      .toMatch(/^Verify only · nothing written/);
    await verifyNow(page);
    await expect.poll(() => check(page, 'VIP__c'), { timeout: 10_000 }).toMatch(/✓\s*verified/);
    expect(await badge(page, 'Account_Tier__c')).toBe('refused');
    expect(await check(page, 'Account_Number__c')).toBe("≠ differs: the record has 'AC-TYPED'");
    expect(await check(page, 'Order_Id__c')).toBe('≠ differs: the record is empty');
    expect(await textNow(widget(page).locator('.hf-body'))).not.toMatch(/mapped after it/);
    expect((await patches()).length).toBe(before);
  });
});
