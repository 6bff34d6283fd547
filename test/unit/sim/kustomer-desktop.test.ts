// @vitest-environment node
/**
 * The desktop's markup contract (what the extension's sensor reads), checked by running the real
 * desktop script in a happy-dom window whose fetch and EventSource reach the running sim.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KustomerFixture, startKustomerFixture } from '../../sim/kustomer/testing';
import { SEED } from '../../sim/seed';
import { type HappyPage, loadHappyPage } from './happy-page';

const K = SEED.kustomer;
const C1 = K.ids.conversation1;
const C2 = K.ids.conversation2;
const CU1 = K.ids.customer1;
const DESKTOP = K.acme.desktopHost;

let f: KustomerFixture;
beforeAll(async () => {
  f = await startKustomerFixture();
});
afterAll(async () => {
  await f.sim.close();
});

type Page = HappyPage;

let open: Page[] = [];

/** Loads a desktop URL (logged in) into a happy-dom window wired to the sim. */
async function load(path: string): Promise<Page> {
  const session = await f.client.kustomerSession('acme');
  const page = await loadHappyPage({
    origin: f.sim.origin,
    host: DESKTOP,
    path,
    // The browser would send the session cookies (Domain=kustomerapp.com) to both hosts.
    cookie: `x-kustomer-auth-token=${session.authToken}; _csrf=${session.csrf}`,
    documentCookie: `_csrf=${session.csrf}`,
  });
  open.push(page);
  await page.until(
    () => page.$('[data-kt="attributesPanel"]')?.getAttribute('data-kt-state') === 'ready',
    'the attributes panel',
  );
  return page;
}

beforeEach(async () => {
  await f.client.reset();
});
afterEach(async () => {
  for (const p of open) await p.close();
  open = [];
});

const messages = (p: Page) =>
  p.$$('[data-kt="timeline"] > [data-kt="timelineItem"][data-kt-type="message"]');
const timeOf = (p: Page, index: number) =>
  messages(p)[index]?.querySelector('[data-kt="messageTime"]')?.textContent ?? '';

describe('the timeline markup contract', () => {
  it('messages and events as the sensor reads them', async () => {
    const p = await load(`/app/customers/${CU1}/event/${C1}`);
    const timeline = p.$('[data-kt="timeline"]');
    expect(timeline?.getAttribute('role')).toBe('log');
    const items = p.$$('[data-kt="timeline"] > [data-kt="timelineItem"]');
    expect(items.map((i) => i.getAttribute('data-kt-type'))).toEqual([
      'message',
      'message',
      'message',
      'event',
      'message',
    ]);
    // Ids are the API's message ids.
    const api = await f.k('GET', `/v1/conversations/${C1}/messages`);
    const apiIds = (api.json as { data: { id: string }[] }).data.map((m) => m.id);
    expect(messages(p).map((m) => m.getAttribute('data-kt-id'))).toEqual(apiIds);
    const read = (m: Element) => ({
      direction: m.getAttribute('data-kt-direction'),
      author: m.querySelector('[data-kt="messageAuthor"]')?.textContent,
      bot: m.querySelector('[data-kt="botBadge"]')?.textContent ?? null,
      body: m.querySelector('[data-kt="messageBody"]')?.textContent,
    });
    expect(messages(p).map(read)).toEqual([
      {
        direction: 'in',
        author: 'Jamie Customer',
        bot: null,
        body: 'Hi, my order A-48213 arrived damaged.',
      },
      {
        direction: 'out',
        author: 'Customer Assist',
        bot: 'Bot',
        body: "Sorry to hear that! I'll collect a few details, then connect you with an agent.",
      },
      {
        direction: 'in',
        author: 'Jamie Customer',
        bot: null,
        body: 'The box was crushed and the lamp inside is broken.',
      },
      {
        direction: 'out',
        author: 'Alex Agent',
        bot: null,
        body: "Hi Jamie, I'm Alex. Let me look into this for you.",
      },
    ]);
    const time = messages(p)[0]?.querySelector('time[data-kt="messageTime"]');
    expect(time?.getAttribute('datetime')).toBe('2026-11-20T09:12:00.000Z');
    expect(time?.textContent).toBe('9:12 AM');
    const event = items[3];
    expect(event?.getAttribute('data-kt-id')).toBeNull();
    expect(event?.querySelector('[data-kt="eventText"]')?.textContent).toBe(
      'Conversation assigned to Alex Agent',
    );
  });

  it('live messages are appended (nothing re-rendered), as text, line breaks kept', async () => {
    const p = await load(`/app/conversations/${C1}`);
    const first = messages(p)[0];
    const text =
      'Handoff context\nAccount Tier: Premium\n<b>not bold</b> <img src=x onerror=alert(1)>';
    const posted = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C1,
      author: 'bot',
      text,
    });
    await p.until(() => messages(p).length === 5, 'the live message');
    expect(messages(p)[0]).toBe(first);
    const last = messages(p)[4] as Element;
    expect(last.getAttribute('data-kt-id')).toBe(posted.entryId);
    expect(last.getAttribute('data-kt-direction')).toBe('out');
    expect(last.querySelector('[data-kt="botBadge"]')?.textContent).toBe('Bot');
    const body = last.querySelector('[data-kt="messageBody"]') as Element;
    expect(body.textContent).toBe(text);
    expect(body.children).toHaveLength(0);
    expect(p.$('img')).toBeNull();
    await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C1,
      author: 'system',
      text: 'Transferred',
    });
    await p.until(() => p.$$('[data-kt-type="event"]').length === 2, 'the event');
    // Messages of other conversations do not show here.
    await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C2,
      author: 'customer',
      text: 'elsewhere',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(messages(p)).toHaveLength(5);
  });

  it("authors: a workflow's reply shows the org's brand and no badge; bots their badge, in the header", async () => {
    const p = await load(`/app/conversations/${C1}`);
    for (const author of ['workflow', 'bot', 'assist'] as const) {
      await f.client.kustomerPostMessage({ org: 'acme', recordId: C1, author, text: author });
    }
    await p.until(() => messages(p).length === 7, 'the live messages');
    const header = (m: Element) =>
      [...m.children].map((c) => `${c.getAttribute('data-kt')}:${c.textContent}`);
    expect(messages(p).slice(4).map(header)).toEqual([
      ['messageAuthor:Acme Support', 'messageBody:workflow', `messageTime:${timeOf(p, 4)}`],
      ['messageAuthor:Ada Bot', 'botBadge:Bot', 'messageBody:bot', `messageTime:${timeOf(p, 5)}`],
      [
        'messageAuthor:Customer Assist',
        'botBadge:Bot',
        'messageBody:assist',
        `messageTime:${timeOf(p, 6)}`,
      ],
    ]);
    expect(messages(p)[4]?.getAttribute('data-kt-direction')).toBe('out');
  });

  it('a rich body is rebuilt through the allowlist: markup imitating a header renders, scripts do not', async () => {
    const p = await load(`/app/conversations/${C1}`);
    const html =
      '<div data-kt="messageAuthor">Customer Assist</div><span data-kt="botBadge">Bot</span>' +
      '<p onclick="alert(1)" style="color:red">Handoff context<br>Account Tier: Gold</p>' +
      '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">' +
      '<a href="javascript:alert(1)">js</a> <a href="https://help.example.com">help</a>';
    const posted = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C1,
      author: 'customer',
      html,
    });
    await p.until(() => messages(p).length === 5, 'the rich message');
    const item = messages(p)[4] as Element;
    expect(item.getAttribute('data-kt-id')).toBe(posted.entryId);
    expect(item.getAttribute('data-kt-direction')).toBe('in');
    // The item's own header is first; the body's imitation is inside the body.
    expect([...item.children].map((c) => c.getAttribute('data-kt'))).toEqual([
      'messageAuthor',
      'messageBody',
      'messageTime',
    ]);
    const body = item.querySelector(':scope > [data-kt="messageBody"]') as Element;
    expect(body.innerHTML).toBe(
      '<div data-kt="messageAuthor">Customer Assist</div><span data-kt="botBadge">Bot</span>' +
        '<p>Handoff context<br>Account Tier: Gold</p><a>js</a> ' +
        '<a href="https://help.example.com/" rel="noopener noreferrer">help</a>',
    );
    expect(p.$('[data-kt="timeline"] script, [data-kt="timeline"] img')).toBeNull();
    expect((p.window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
    // The list preview shows the plain text.
    expect(
      p.$(
        `[data-kt="conversationListItem"][data-kt-id="${C1}"] [data-kt="conversationListPreview"]`,
      )?.textContent,
    ).toBe('Customer Assist\nBot\nHandoff context\nAccount Tier: Gold\njs help'.slice(0, 80));
    // A rich body edited to text shows text again, in the same element.
    await f.client.editMessage({
      platform: 'kustomer',
      org: 'acme',
      recordId: C1,
      entryId: posted.entryId,
      text: '<b>plain</b>',
    });
    await p.until(() => body.textContent === '<b>plain</b>', 'the edit');
    expect(body.children).toHaveLength(0);
  });

  it('is virtualised: at most the last 25 messages are in the DOM', async () => {
    const p = await load(`/app/conversations/${C1}`);
    for (let i = 0; i < 30; i++) {
      await f.client.kustomerPostMessage({
        org: 'acme',
        recordId: C1,
        author: i % 2 ? 'agent' : 'customer',
        text: `msg ${i}`,
      });
    }
    await p.until(
      () => messages(p).at(-1)?.querySelector('[data-kt="messageBody"]')?.textContent === 'msg 29',
      'the last message',
    );
    expect(messages(p)).toHaveLength(25);
    expect(messages(p)[0]?.querySelector('[data-kt="messageBody"]')?.textContent).toBe('msg 5');
    expect(p.$('[data-kt="timelineOlder"]')?.textContent).toBe('9 earlier messages');
    // A fresh load renders the same window.
    const q = await load(`/app/conversations/${C1}`);
    expect(messages(q)).toHaveLength(25);
    expect(messages(q)[0]?.querySelector('[data-kt="messageBody"]')?.textContent).toBe('msg 5');
    expect(q.$$('[data-kt-type="event"]')).toHaveLength(0);
  });
});

describe('the attributes panel', () => {
  const value = (p: Page, object: string, name: string) =>
    p.$(
      `[data-kt="attribute"][data-kt-object="${object}"][data-kt-name="${name}"] [data-kt="attributeValue"]`,
    )?.textContent;

  it('shows every conversation and customer attribute, read when shown and again when an API write or an agent edit changes it', async () => {
    await f.k('PUT', `/v1/conversations/${C1}`, {
      body: {
        custom: {
          accountTierStr: 'premium',
          contactReasonTree: 'orders.damaged',
          vipBool: true,
          handoffSummaryTxt: 'a\nb',
        },
      },
    });
    await f.k('PUT', `/v1/customers/${CU1}`, { body: { custom: { loyaltyTierStr: 'gold' } } });
    const p = await load(`/app/customers/${CU1}/event/${C1}`);
    const names = p
      .$$('[data-kt="attribute"]')
      .map((a) => `${a.getAttribute('data-kt-object')}.${a.getAttribute('data-kt-name')}`);
    expect(names).toHaveLength(15);
    expect(names).toContain('conversation.@shopify.lastOrderStr');
    expect(names).toContain('customer.marketingOptInBool');
    expect(
      p.$('[data-kt="attribute"][data-kt-name="accountTierStr"] [data-kt="attributeLabel"]')
        ?.textContent,
    ).toBe('Account Tier');
    expect(value(p, 'conversation', 'accountTierStr')).toBe('premium');
    expect(value(p, 'conversation', 'contactReasonTree')).toBe('Orders › Damaged item');
    expect(value(p, 'conversation', 'vipBool')).toBe('Yes');
    expect(value(p, 'conversation', 'handoffSummaryTxt')).toBe('a\nb');
    expect(value(p, 'conversation', 'orderTotalNum')).toBe('');
    expect(value(p, 'customer', 'loyaltyTierStr')).toBe('gold');
    // An API write reaches the open page by itself (the desktop's real-time channel), for the
    // conversation and for its customer.
    await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { accountTierStr: 'basic' } } });
    await p.until(() => value(p, 'conversation', 'accountTierStr') === 'basic', 'the API write');
    await f.k('PUT', `/v1/customers/${CU1}`, { body: { custom: { loyaltyTierStr: 'silver' } } });
    await p.until(() => value(p, 'customer', 'loyaltyTierStr') === 'silver', 'the customer write');
    // So does an agent edit (control PUT).
    await f.client.kustomerPutRecord('acme', 'conversation', C1, { accountNumberStr: 'TYPED' });
    await p.until(() => value(p, 'conversation', 'accountNumberStr') === 'TYPED', 'the refresh');
    // The page's own API reads are not counted, logged or faulted.
    expect((await f.client.kustomerRateLimit('acme')).used).toBe(4); // the test's own four PUTs
    expect(await f.client.requests({ platform: 'kustomer', method: 'GET' })).toEqual([]);
  });
});

describe('navigation and the composer', () => {
  it('the list switches conversations with pushState; the control API opens one', async () => {
    const p = await load(`/app/customers/${CU1}/event/${C1}`);
    const link = p.$(`[data-kt="conversationListItem"][data-kt-id="${C2}"]`) as unknown as {
      click(): void;
    };
    link.click();
    await p.until(
      () => p.$('[data-kt="timeline"]')?.getAttribute('data-kt-conversation-id') === C2,
      'the switch',
    );
    expect(p.window.location.pathname).toBe(`/app/customers/${K.ids.customer2}/event/${C2}`);
    expect(p.window.history.length).toBeGreaterThan(1);
    expect(messages(p)).toHaveLength(3);
    await f.client.kustomerOpenConversation('acme', C1);
    await p.until(() => p.window.location.pathname.endsWith(C1), 'the opened conversation');
    await p.until(() => messages(p).length === 4, 'its timeline');
  });

  it('the Draft.js-style composer sends an agent message through the API with cookie and CSRF', async () => {
    const p = await load(`/app/conversations/${C1}`);
    const editor = p.$(
      '[data-kt="composer"] div[contenteditable="true"].public-DraftEditor-content',
    );
    expect(editor).not.toBeNull();
    (editor as Element).textContent = 'Refund is on its way.';
    const KeyboardEvent = p.window.KeyboardEvent;
    (editor as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    );
    await p.until(() => messages(p).length === 5, 'the sent message');
    const last = messages(p)[4] as Element;
    expect(last.getAttribute('data-kt-direction')).toBe('out');
    expect(last.querySelector('[data-kt="messageAuthor"]')?.textContent).toBe('Alex Agent');
    expect(last.querySelector('[data-kt="messageBody"]')?.textContent).toBe(
      'Refund is on its way.',
    );
    const { items } = await f.client.kustomerMessages('acme', C1);
    expect(items.at(-1)).toMatchObject({ author: 'agent', createdBy: K.ids.agent, auto: false });
  });
});
