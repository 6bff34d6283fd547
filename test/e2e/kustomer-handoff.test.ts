import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import { keyValueHandoff, kustomerExampleMappings } from '../support/example-mappings';
import { textNow, widgetNotice, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';

const K = SEED.kustomer;
const org = K.acme.org;
const { conversation1, conversation2, customer1 } = K.ids;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.control.kustomerSetSession(org, 'normal');
  await stack.saveSettings();
  await stack.saveMappings(kustomerExampleMappings);
});

async function open(conversationId: string) {
  const page = await stack.openDesktop(`/app/conversations/${conversationId}`);
  pages.push(page);
  await stack.control.waitForPages(org, 1, 10_000, 'kustomer');
  return page;
}

const conversation = async (id: string) =>
  (await stack.control.kustomerGetRecord(org, 'conversation', id)).values;
const customer = async (id: string) =>
  (await stack.control.kustomerGetRecord(org, 'customer', id)).values;
const storedBecomes = (
  read: () => Promise<Record<string, unknown>>,
  name: string,
  value: unknown,
) => expect.poll(async () => (await read())[name] ?? null, { timeout: 15_000 }).toEqual(value);
const say = (
  conversationId: string,
  author: 'bot' | 'assist' | 'customer',
  lines: Record<string, string>,
) =>
  stack.control.kustomerPostMessage({
    org,
    recordId: conversationId,
    author,
    text: keyValueHandoff(lines),
  });
const puts = async () =>
  (await stack.control.requests({ org, method: 'PUT' })).filter((r) => r.platform === 'kustomer');

describe('a bot handoff on the Kustomer desktop', () => {
  it('fills conversation and customer attributes, tree values lowercase, and shows each outcome', async () => {
    const page = await open(conversation1);
    await say(conversation1, 'bot', {
      'Account Number': 'AC-20931',
      'Account Tier': 'Gold',
      'Contact Reason': 'ORDERS.DAMAGED',
      VIP: 'yes',
      'Order Total': '1,249.50',
      'Last Order': '2026-11-20T09:30:00+01:00',
      'Loyalty Tier': 'Platinum',
      'Customer Since': '2019-04-02',
    });
    await storedBecomes(() => customer(customer1), 'loyaltyTierStr', 'Platinum');
    expect(await conversation(conversation1)).toMatchObject({
      accountNumberStr: 'AC-20931',
      accountTierStr: 'premium',
      contactReasonTree: 'orders.damaged',
      vipBool: true,
      orderTotalNum: 1249.5,
      lastOrderAt: '2026-11-20T08:30:00.000Z',
    });
    expect(await customer(customer1)).toMatchObject({
      customerSinceAt: '2019-04-02T00:00:00.000Z',
    });
    expect((await puts()).map((r) => r.path.split('/')[2])).toEqual(['conversations', 'customers']);
    await expect
      .poll(() => textNow(widgetRow(page, 'contactReasonTree')))
      .toMatch(/Damaged item[\s\S]*written/);
    await expect
      .poll(() => textNow(widgetRow(page, 'loyaltyTierStr')))
      .toMatch(/Platinum[\s\S]*written/);
  });

  it('reads the API for a context the virtualised timeline no longer shows', async () => {
    await say(conversation2, 'bot', { 'Account Number': 'AC-EARLY' });
    for (let i = 0; i < 30; i++) {
      await stack.control.kustomerPostMessage({
        org,
        recordId: conversation2,
        author: 'customer',
        text: `message ${i}`,
      });
    }
    const page = await open(conversation2);
    expect(await textNow(page.locator('[data-kt="timeline"]'))).not.toContain('AC-EARLY');
    await storedBecomes(() => conversation(conversation2), 'accountNumberStr', 'AC-EARLY');
  });

  it('writes nothing from a context block the customer typed, and says why', async () => {
    const page = await open(conversation1);
    await say(conversation1, 'customer', { 'Account Tier': 'Enterprise', VIP: 'yes' });
    await expect
      .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
      .toMatch(/posted by the customer, not by the bot, so nothing was written/);
    expect(await puts()).toHaveLength(0);
    expect((await conversation(conversation1)).accountTierStr ?? null).toBeNull();
  });

  it('re-reads and plans again when the conversation changed before the write landed (409)', async () => {
    const page = await open(conversation1);
    // The PUT waits; meanwhile the agent types an account number (the record's rev moves on).
    await stack.control.addFault({
      count: 1,
      kind: 'delay',
      delayMs: 1500,
      method: 'PUT',
      platform: 'kustomer',
    });
    await say(conversation1, 'assist', { 'Account Number': 'AC-BOT', VIP: 'yes' });
    await expect.poll(async () => (await puts()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await stack.control.kustomerPutRecord(org, 'conversation', conversation1, {
      accountNumberStr: 'TYPED',
    });
    await storedBecomes(() => conversation(conversation1), 'vipBool', true);
    expect((await conversation(conversation1)).accountNumberStr).toBe('TYPED');
    expect((await puts()).map((r) => r.status)).toEqual([409, 200]);
    await expect
      .poll(() => textNow(widgetRow(page, 'accountNumberStr')))
      .toMatch(/kept the existing value/);
  });

  it('waits out a 429 until the rate-limit window resets, then writes', async () => {
    await open(conversation1);
    // The org's other integrations have spent this window: whatever the handoff asks first is
    // refused, however many reads it needs (that depends on what the extension has cached). The
    // next window (three requests: a metadata read, the conversation, the write) lets it land.
    await stack.control.kustomerSetRateLimit(org, { limit: 3, windowSeconds: 3, used: 3 });
    await say(conversation1, 'bot', { 'Account Number': 'AC-429' });
    await storedBecomes(() => conversation(conversation1), 'accountNumberStr', 'AC-429');
    const statuses = (await stack.control.requests({ org }))
      .filter((r) => r.platform === 'kustomer')
      .map((r) => r.status);
    expect(statuses).toContain(429);
    await stack.control.kustomerSetRateLimit(org, { reset: true });
  });

  it('names the attribute Kustomer refused (400) while the other attributes land', async () => {
    const page = await open(conversation1);
    await say(conversation1, 'bot', { 'Account Number': 'AC-1' }); // caches the metadata
    await storedBecomes(() => conversation(conversation1), 'accountNumberStr', 'AC-1');
    await stack.control.kustomerSetAttributeActive(org, 'conversation', 'accountTierStr', false);
    await say(conversation1, 'bot', { 'Account Tier': 'Enterprise', VIP: 'yes' });
    await storedBecomes(() => conversation(conversation1), 'vipBool', true);
    const tier = widgetRow(page, 'accountTierStr');
    await expect.poll(() => tier.getAttribute('class')).toContain('hf-field--refused');
    // The agent reads what to do; Kustomer's own message, which names the attribute, is the
    // admin's detail behind the disclosure.
    const note = page.locator('handoff-fields-widget tr[data-note-for="accountTierStr"]');
    expect(await textNow(note.locator('.hf-reason'))).toMatch(/by hand if you know it/);
    expect(await note.locator('.hf-admin__reason').textContent()).toMatch(/accountTierStr/);
  });

  it('keeps two conversations in two tabs apart', async () => {
    const first = await open(conversation1);
    const second = await open(conversation2);
    await say(conversation1, 'bot', { 'Account Number': 'AC-FIRST' });
    await say(conversation2, 'bot', { 'Account Number': 'AC-SECOND' });
    await storedBecomes(() => conversation(conversation1), 'accountNumberStr', 'AC-FIRST');
    await storedBecomes(() => conversation(conversation2), 'accountNumberStr', 'AC-SECOND');
    await expect.poll(() => textNow(widgetRow(first, 'accountNumberStr'))).toContain('AC-FIRST');
    await expect.poll(() => textNow(widgetRow(second, 'accountNumberStr'))).toContain('AC-SECOND');
  });

  it("writes with the admin's API key where the org refuses the agent session", async () => {
    await stack.control.kustomerSetSession(org, 'session-writes-refused');
    const page = await open(conversation1);
    await say(conversation1, 'bot', { 'Account Number': 'AC-NOKEY' });
    await expect
      .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
      .toMatch(/refused your agent session[\s\S]*API key/);

    const { apiKey } = await stack.control.kustomerCreateApiKey(org);
    const popup = await stack.browser.openExtensionPage('popup.html');
    pages.push(popup);
    await popup.getByRole('radio', { name: /Kustomer · Conversation/ }).check();
    await popup.getByRole('button', { name: /Kustomer access/ }).click();
    await popup.getByLabel('Kustomer org').fill(org);
    await popup.getByLabel('API key').fill(apiKey);
    await popup.getByRole('button', { name: /Save key/ }).click();
    await popup.getByText(`••••${apiKey.slice(-4)}`).waitFor();
    expect(await popup.content()).not.toContain(apiKey);

    await page.locator('handoff-fields-widget').getByRole('button', { name: 'Retry' }).click();
    await storedBecomes(() => conversation(conversation1), 'accountNumberStr', 'AC-NOKEY');
    const last = (await puts()).at(-1);
    expect(last?.status).toBe(200);
  });
});

describe('the messages API as the reader of the conversation', () => {
  it('fills through the messages API when the timeline’s markup is unrecognisable', async () => {
    // Broken on purpose: as if the desktop's timeline markup changed under the extension.
    await stack.saveSettings({
      transcriptProfiles: { kustomer: { values: { timeline: '[data-kt="no-such-timeline"]' } } },
    });
    await open(conversation1);
    await say(conversation1, 'bot', { 'Account Number': 'AC-API-ONLY', VIP: 'yes' });
    await storedBecomes(() => conversation(conversation1), 'accountNumberStr', 'AC-API-ONLY');
    expect((await conversation(conversation1)).vipBool).toBe(true);
  });
});
