import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import { exampleMappings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow, widgetNotice, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';
import { es256Key, sign, type TestKey } from '../unit/context/test-signer';

const acme = SEED.acme;
const [case1, case2, case3] = acme.cases;
const [session1] = acme.sessions;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveMappings(exampleMappings);
});

async function open(object: string, id: string) {
  const page = await stack.openConsole(recordPath(object, id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
/** Waits until Salesforce (the simulation) stored the value: the write went through the API. */
const storedBecomes = (id: string, field: string, value: unknown) =>
  expect.poll(async () => (await stored(id))[field], { timeout: 10_000 }).toBe(value);
/** A message in the record's conversation holding a key–value handoff context. */
const handoff = (recordId: string, author: 'bot' | 'end_user', lines: Record<string, string>) =>
  stack.control.postMessage({ org: acme.org, recordId, author, text: keyValueHandoff(lines) });
const patches = async () =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).length;

describe('values as bots write them', () => {
  it('writes a DD/MM/YYYY date as the date it means, and takes a picklist API value or label', async () => {
    const since = exampleMappings.find((m) => m.field === 'Customer_Since__c');
    if (!since) throw new Error('the examples map Customer_Since__c');
    await stack.saveMappings([{ ...since, dateFormat: 'DD/MM/YYYY' }]);
    await open('Case', case1.id);
    // `tier_enterprise` is the picklist's API value, which the value map (labels) lacks.
    await handoff(case1.id, 'bot', {
      'Customer Since': '04/02/2019',
      'Account Tier': 'tier_enterprise',
    });
    await storedBecomes(case1.id, 'Customer_Since__c', '2019-02-04');
    expect((await stored(case1.id)).Account_Tier__c).toBe('tier_enterprise');
    // An inactive value stays refused, by either name.
    await open('Case', case2.id);
    await handoff(case2.id, 'bot', { 'Account Tier': 'Legacy', 'Customer Since': '31/12/2020' });
    await storedBecomes(case2.id, 'Customer_Since__c', '2020-12-31');
    expect((await stored(case2.id)).Account_Tier__c ?? null).toBeNull();
  });
});

describe('a bot handoff on the Salesforce console', () => {
  it('fills the mapped Case fields and shows each outcome in the widget', async () => {
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Order_Id__c: 'A-48213' });
    const page = await open('Case', case1.id);
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: 'My order arrived damaged',
    });
    await handoff(case1.id, 'bot', {
      'Account Number': 'AC-20931',
      'Account Tier': 'Premium',
      Priority: 'High',
      'Customer Since': '2019-04-02',
      VIP: 'yes',
      'Refund Amount': '',
      'Order Id': 'A-48213',
    });

    await storedBecomes(case1.id, 'Account_Tier__c', 'tier_premium');
    expect(await stored(case1.id)).toMatchObject({
      Account_Number__c: 'AC-20931',
      Account_Tier__c: 'tier_premium',
      Priority: 'High',
      Customer_Since__c: '2019-04-02',
      VIP__c: true,
      Refund_Amount__c: null,
      Order_Id__c: 'A-48213',
    });
    await expect
      .poll(() => widgetRow(page, 'Account_Tier__c').getAttribute('class'))
      .toContain('hf-field--written');
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')))
      .toMatch(/AC-20931[\s\S]*written/i);
    // Priority was already High: nothing to write; no refund amount in the context; the order id was there.
    await expect.poll(() => textNow(widgetRow(page, 'Priority'))).toMatch(/already this value/);
    // The refund amount the bot did not send is folded under "not in this handoff".
    await expect
      .poll(() =>
        page
          .locator('handoff-fields-widget details.hf-absent li[data-field="Refund_Amount__c"]')
          .count(),
      )
      .toBe(1);
    await expect.poll(() => textNow(widgetRow(page, 'Order_Id__c'))).toMatch(/already this value/);
    const context = await textNow(page.locator('handoff-fields-widget .hf-kv'));
    expect(context).toMatch(/Account Tier\s+Premium/);
    expect(context).toMatch(/Account Number\s+AC-20931/);
  });

  it('keeps a value the agent already typed under fill-empty, and says so', async () => {
    await stack.control.putRecord(acme.org, 'Case', case1.id, {
      Account_Number__c: 'TYPED-BY-AGENT',
    });
    const page = await open('Case', case1.id);
    await handoff(case1.id, 'bot', { 'Account Number': 'AC-1', VIP: 'true' });
    await storedBecomes(case1.id, 'VIP__c', true);
    expect((await stored(case1.id)).Account_Number__c).toBe('TYPED-BY-AGENT');
    await expect
      .poll(() => textNow(widgetRow(page, 'Account_Number__c')))
      .toMatch(/kept the existing value/);
  });

  it("refuses one bad value with Salesforce's message while the other fields land", async () => {
    const page = await open('Case', case1.id);
    await handoff(case1.id, 'bot', { 'Account Number': 'AC-77', 'Refund Amount': '7500' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-77');
    expect((await stored(case1.id)).Refund_Amount__c).toBeNull();
    const refund = widgetRow(page, 'Refund_Amount__c');
    await expect.poll(() => refund.getAttribute('class')).toContain('hf-field--refused');
    // The agent reads what to do; Salesforce's message is the admin's detail, behind a disclosure.
    const note = page.locator('handoff-fields-widget tr[data-note-for="Refund_Amount__c"]');
    expect(await textNow(note.locator('.hf-reason'))).toBe(
      "The record did not accept '7500' for Refund Amount. Set Refund Amount by hand if you know it.",
    );
    expect(await note.locator('.hf-admin__reason').textContent()).toBe(
      "Refunds over 5,000 need a manager's approval.",
    );
    expect(await patches()).toBe(2); // the whole update, then once without the refused field
  });

  it('writes nothing from a context block the customer typed, and says why', async () => {
    const page = await open('Case', case1.id);
    await handoff(case1.id, 'end_user', { 'Account Tier': 'Enterprise', VIP: 'yes' });
    await expect
      .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
      .toMatch(/posted by the customer, not by the bot, so nothing was written/);
    expect(await patches()).toBe(0);
    expect(await stored(case1.id)).toMatchObject({ Account_Tier__c: null, VIP__c: false });
  });

  it('fills the Case of a MessagingSession and keeps two Case tabs apart across navigation', async () => {
    const page = await open('MessagingSession', session1.id);
    await handoff(session1.id, 'bot', { 'Account Number': 'AC-ONE' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-ONE');

    // Another record opens as a tab in the same page (no reload), its bot posts its own context.
    await stack.control.openTab({ org: acme.org, recordId: case2.id });
    await expect.poll(() => page.url()).toContain(case2.id);
    await handoff(case2.id, 'bot', { 'Account Number': 'AC-TWO' });
    await storedBecomes(case2.id, 'Account_Number__c', 'AC-TWO');
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toContain('AC-TWO');

    await page.goBack();
    await expect.poll(() => page.url()).toContain(session1.id);
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toContain('AC-ONE');
    expect((await stored(case1.id)).Account_Number__c).toBe('AC-ONE');
    expect((await stored(case3.id)).Account_Number__c).toBeNull();
  });

  it('uses a mapping edited in the popup for the next handoff, without a reload', async () => {
    const console = await open('Case', case1.id);
    const popup = await stack.browser.openExtensionPage('popup.html');
    pages.push(popup);
    await popup.getByRole('button', { name: /Edit Order/ }).click();
    await popup.getByLabel('Context keys').fill('Order Reference');
    await popup.getByRole('button', { name: 'Save' }).click();
    await popup.getByText('Saved.').waitFor();

    await handoff(case1.id, 'bot', { 'Order Reference': 'ORD-555' });
    await storedBecomes(case1.id, 'Order_Id__c', 'ORD-555');
    await expect.poll(() => textNow(widgetRow(console, 'Order_Id__c'))).toContain('ORD-555');
  });

  it('recovers from a 401 when the session cookie was refreshed', async () => {
    const page = await open('Case', case1.id);
    await handoff(case1.id, 'bot', { VIP: 'yes' });
    await storedBecomes(case1.id, 'VIP__c', true);

    await stack.control.setSession(acme.org, 'rotate'); // the cached session is now refused…
    const login = await stack.browser.context.newPage(); // …and the agent signs in again elsewhere
    pages.push(login);
    await login.goto(
      `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', case3.id))}`,
    );

    await handoff(case1.id, 'bot', { 'Account Number': 'AC-401' });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-401');
    await expect.poll(() => textNow(widgetRow(page, 'Account_Number__c'))).toMatch(/written/i);
  });

  it('says the session expired, and to reload the console, when the cookie is stale too', async () => {
    const page = await open('Case', case1.id);
    await handoff(case1.id, 'bot', { VIP: 'yes' });
    await storedBecomes(case1.id, 'VIP__c', true);
    await stack.control.setSession(acme.org, 'expire');
    await handoff(case1.id, 'bot', { 'Account Number': 'AC-LOST' });
    await expect
      .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
      .toMatch(/session has expired[\s\S]*Reload the console/);
    expect((await stored(case1.id)).Account_Number__c).toBeNull();
    // Offered once the widget is not busy (it may still be answering the page's last messages).
    await expect
      .poll(() =>
        page.locator('handoff-fields-widget').getByRole('button', { name: 'Retry' }).isEnabled(),
      )
      .toBe(true);
  });
});

describe('a signed handoff context on the Salesforce console', () => {
  let key: TestKey;
  const nowSec = () => Math.floor(Date.now() / 1000);
  const token = async (signer: TestKey, over: Record<string, unknown> = {}) =>
    `Connecting you now.\nhandoff-context: ${await sign(signer, {
      ver: 1,
      iss: 'kore-bot',
      aud: acme.orgId,
      iat: nowSec(),
      exp: nowSec() + 600,
      jti: `jti-${Math.random()}`,
      conv: session1.id,
      ctx: { 'Account Number': 'AC-SIGNED', VIP: true },
      ...over,
    })}`;

  beforeEach(async () => {
    key = await es256Key('2026-11');
    await stack.saveSettings({
      trust: { audiences: [acme.orgId], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
    });
  });

  it('fills the Case from a context an external bot signed and posted as the end user', async () => {
    const page = await open('Case', case1.id);
    // Bound to the MessagingSession; the Case page knows it through the session's CaseId.
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: await token(key),
    });
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-SIGNED');
    expect((await stored(case1.id)).VIP__c).toBe(true);
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget .hf-tag--trust-signed')))
      .toBe('signed by kore-bot');
  });

  it('refuses a context signed with a key the settings do not trust, and says so', async () => {
    const page = await open('Case', case1.id);
    const forger = await es256Key('2026-11');
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: await token(forger),
    });
    await expect.poll(() => textNow(widgetNotice(page)), { timeout: 10_000 }).toMatch(/signature/i);
    expect(await patches()).toBe(0);
  });
});
