/**
 * The red team: every way we know for customer-controlled text, or a context from somewhere else,
 * to reach a write — played on both simulated consoles in real Chromium with the built extension.
 * Each attack ends with 0 writes, asserted on the simulation's request log and stored record, and
 * the panel's message saying why. Legitimate look-alikes (a value the bot collected by asking, the
 * other conversation's own context once it is open again) still land: the defences must not be
 * "write nothing at all".
 *
 * Classes (issue "Trust"): inline JSON in a bot sentence; a block or a line the customer typed,
 * restated or templated by the bot; a Kustomer workflow auto-reply quoting the customer; an unsigned
 * record field; another conversation's transcript still in the page; authorship imitated by markup
 * inside a message body, and an item nested in another; quoted e-mail text (reply headers,
 * <blockquote>, forwards). And the classes covered before: a block typed by the customer,
 * lookalike and invisible characters, `>` quotes, an edited message, and forged signed contexts
 * (another conversation, expired, replayed, unknown key, `alg: none`, HS256).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeBase64url } from '@/lib/context/base64url';
import { INLINE_MESSAGE } from '@/lib/context/parse';
import { QUOTED_MESSAGE } from '@/lib/context/quoted';
import { WAITING_TEXT } from '../../components/widget/Widget';
import { SEED } from '../sim/seed';
import { type ExtensionBrowser, launchWithExtension } from '../support/chromium';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, type Stack, startStack, textNow, widgetNotice } from '../support/stack';
import { b64json, es256Key, publicPem, sign, type TestKey } from '../unit/context/test-signer';

type Who = 'bot' | 'customer' | 'agent';

/** One simulated console, as the attacks need it. */
interface Console {
  name: string;
  /** Opens the attacked conversation (A) in the console. */
  open(): Promise<Page>;
  /** Posts a message in A (or in `record`). */
  say(who: Who, body: { text: string } | { html: string }, record?: string): Promise<string>;
  edit(entryId: string, text: string): Promise<void>;
  /** Writes the org received (PATCH / PUT). */
  writes(): Promise<number>;
  /** The attacked record's mapped values. */
  values(record?: string): Promise<{ accountNumber: unknown; vip: unknown }>;
  /** Opens conversation B in the same page, as the agent switching chats. */
  switchTo(): Promise<void>;
  switchBack(): Promise<void>;
  /** A record field holding `value`, and the settings that name it. */
  recordField(value: string): Promise<Record<string, unknown>>;
  /** The signed-context claims that bind a token to A. */
  audience: string;
  conversation: string;
  otherConversation: string;
}

const acme = SEED.acme;
const [case1, case2] = acme.cases;
const [session1] = acme.sessions;
const K = SEED.kustomer;

let stack: Stack;
const pages: Page[] = [];

const salesforce: Console = {
  name: 'Salesforce',
  async open() {
    const page = await stack.openConsole(recordPath('Case', case1.id));
    pages.push(page);
    await stack.control.waitForPages(acme.org);
    return page;
  },
  async say(who, body, record = case1.id) {
    const author = who === 'customer' ? 'end_user' : who;
    return (await stack.control.postMessage({ org: acme.org, recordId: record, author, ...body }))
      .entryId;
  },
  async edit(entryId, text) {
    await stack.control.editMessage({ org: acme.org, recordId: case1.id, entryId, text });
  },
  writes: async () => (await stack.control.requests({ org: acme.org, method: 'PATCH' })).length,
  async values(record = case1.id) {
    const v = (await stack.control.getRecord(acme.org, 'Case', record)).values;
    return { accountNumber: v.Account_Number__c, vip: v.VIP__c };
  },
  async switchTo() {
    await stack.control.openTab({ org: acme.org, recordId: case2.id });
  },
  async switchBack() {
    await stack.control.openTab({ org: acme.org, recordId: case1.id });
  },
  async recordField(value) {
    await stack.control.putRecord(acme.org, 'MessagingSession', session1.id, {
      Handoff_Context__c: value,
    });
    return {
      recordFieldSources: [
        { platform: 'salesforce', object: 'MessagingSession', field: 'Handoff_Context__c' },
      ],
    };
  },
  audience: acme.orgId,
  conversation: case1.id,
  otherConversation: case2.id,
};

const kustomer: Console = {
  name: 'Kustomer',
  async open() {
    const page = await stack.openDesktop(`/app/conversations/${K.ids.conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
    return page;
  },
  async say(who, body, record = K.ids.conversation1) {
    return (
      await stack.control.kustomerPostMessage({
        org: K.acme.org,
        recordId: record,
        author: who,
        ...body,
      })
    ).entryId;
  },
  async edit(entryId, text) {
    await stack.control.editMessage({
      platform: 'kustomer',
      org: K.acme.org,
      recordId: K.ids.conversation1,
      entryId,
      text,
    });
  },
  writes: async () =>
    (await stack.control.requests({ org: K.acme.org, method: 'PUT' })).filter(
      (r) => r.platform === 'kustomer',
    ).length,
  async values(record = K.ids.conversation1) {
    const v = (await stack.control.kustomerGetRecord(K.acme.org, 'conversation', record)).values;
    return { accountNumber: v.accountNumberStr ?? null, vip: v.vipBool ?? null };
  },
  async switchTo() {
    await stack.control.kustomerOpenConversation(K.acme.org, K.ids.conversation2);
  },
  async switchBack() {
    await stack.control.kustomerOpenConversation(K.acme.org, K.ids.conversation1);
  },
  async recordField(value) {
    await stack.control.kustomerPutRecord(K.acme.org, 'conversation', K.ids.conversation1, {
      handoffContextTxt: value,
    });
    return {
      recordFieldSources: [
        { platform: 'kustomer', object: 'conversation', field: 'handoffContextTxt' },
      ],
    };
  },
  audience: K.acme.org,
  conversation: K.ids.conversation1,
  otherConversation: K.ids.conversation2,
};

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(async () => {
  while (pages.length) await pages.pop()?.close();
  await stack.reset();
  await stack.control.clearFaults();
  await stack.control.kustomerSetSession(K.acme.org, 'normal');
  await stack.saveSettings();
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
});

const ATTACK = { 'Account Number': 'AC-EVIL', VIP: 'yes' };
const BLOCK = keyValueHandoff(ATTACK);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const noticeSays = (page: Page, pattern: RegExp | string) =>
  expect
    .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
    .toMatch(typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern);

/** Nothing reached the org, and the attacked record is as seeded. */
async function nothingWritten(c: Console, record?: string) {
  expect(await c.writes()).toBe(0);
  const v = await c.values(record);
  expect(v.accountNumber).toBeNull();
  expect(v.vip === null || v.vip === false).toBe(true);
}

describe.each([salesforce, kustomer])('the red team on $name', (c) => {
  // ─── Customer text laundered through the bot ───

  it('inline JSON: a bot greeting that echoes a pre-chat name set to a context', async () => {
    const page = await c.open();
    await c.say('bot', {
      text: `Hi {"handoffContext":{"Account Number":"AC-EVIL","VIP":true}}! How can I help you today?`,
    });
    await noticeSays(page, INLINE_MESSAGE);
    await nothingWritten(c);
  });

  it('an echoed block: the bot restates a block the customer typed', async () => {
    const page = await c.open();
    await c.say('customer', { text: BLOCK });
    await c.say('bot', { text: `You wrote:\n${BLOCK}\n\nLet me get someone for you.` });
    await noticeSays(page, /repeats what the customer wrote earlier in this conversation/);
    await nothingWritten(c);
  });

  it('an injected line: a templated summary whose customer text holds "VIP: yes"', async () => {
    const page = await c.open();
    await c.say('customer', { text: 'my router broke\nVIP: yes' });
    await c.say('bot', {
      text: 'Handoff context\nIssue: my router broke\nVIP: yes\nAccount Number: AC-EVIL',
    });
    await noticeSays(page, /repeats what the customer wrote earlier .*\(the line 'VIP'\)/);
    await nothingWritten(c);
  });

  it('still lands: a value the bot collected by asking ("AC-4242", then Account Number: AC-4242)', async () => {
    const page = await c.open();
    await c.say('bot', { text: 'What is your account number?' });
    await c.say('customer', { text: 'AC-4242' });
    await c.say('bot', { text: keyValueHandoff({ 'Account Number': 'AC-4242' }) });
    await expect
      .poll(async () => (await c.values()).accountNumber, { timeout: 15_000 })
      .toBe('AC-4242');
    // The panel follows once the write's answer reaches it (the record may show an older handoff first).
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget tr[data-field]').first()))
      .toMatch(/AC-4242|written/);
    await expect.poll(() => textNow(widgetNotice(page))).toBe('');
  });

  // ─── Sources and conversations ───

  it('a record field holding an unsigned context (a hidden pre-chat field the customer set)', async () => {
    await stack.saveSettings(await c.recordField(BLOCK));
    const page = await c.open();
    await noticeSays(page, /is not signed, so nothing was written.*customer's own browser/);
    await nothingWritten(c);
  });

  it("another conversation's context: the previous chat's list is still in the page", async () => {
    const page = await c.open();
    await c.switchTo();
    await expect.poll(() => page.url()).toContain(c.otherConversation);
    const waiting = page.locator('handoff-fields-widget .hf-empty');
    await expect.poll(() => textNow(waiting)).toBe(WAITING_TEXT);
    // A's bot hands off while the agent works on B.
    await c.say('bot', { text: BLOCK });
    await page.waitForTimeout(1_500);
    expect(await textNow(waiting)).toBe(WAITING_TEXT);
    await nothingWritten(c, c.otherConversation);
    await nothingWritten(c);
    // Back on A, A's own context is A's: it lands on A.
    await c.switchBack();
    await expect
      .poll(async () => (await c.values()).accountNumber, { timeout: 15_000 })
      .toBe('AC-EVIL');
    expect((await c.values(c.otherConversation)).accountNumber).toBeNull();
  });

  // ─── Authorship ───

  it('markup inside an agent message that imitates the bot’s header', async () => {
    const page = await c.open();
    const fakeHeader =
      c === salesforce
        ? '<div class="slds-chat-message__meta" aria-label="said Chatbot at 10:00 AM">Chatbot • 10:00 AM</div>'
        : '<div><span data-kt="messageAuthor">Customer Assist</span><span data-kt="botBadge">Bot</span></div>';
    await c.say('agent', {
      html: `${fakeHeader}<p>Handoff context</p><p>Account Number: AC-EVIL</p><p>VIP: yes</p>`,
    });
    await noticeSays(page, /posted by an author seen as agent, not by the bot/);
    await nothingWritten(c);
  });

  it('an item nested inside a customer message', async () => {
    const page = await c.open();
    const nested =
      c === salesforce
        ? '<li class="slds-chat-listitem slds-chat-listitem_outbound"><div class="slds-chat-message"><div class="slds-chat-message__body"><div class="slds-chat-message__text slds-chat-message__text_outbound"><p>Handoff context</p><p>Account Number: AC-EVIL</p></div><div class="slds-chat-message__meta">Chatbot • 10:00 AM</div></div></div></li>'
        : '<div data-kt="timelineItem" data-kt-type="message" data-kt-direction="out" data-kt-id="fake"><div><span data-kt="botBadge">Bot</span></div><div data-kt="messageBody"><p>Handoff context</p><p>Account Number: AC-EVIL</p></div></div>';
    await c.say('customer', { html: `<p>look at this</p>${nested}` });
    await noticeSays(page, /posted by the customer, not by the bot/);
    await nothingWritten(c);
  });

  // ─── Quoted text ───

  it.each([
    [
      'an Outlook reply header',
      {
        text: `Thanks, passing you on.\n________________________________\nFrom: Jamie Customer\nSent: Monday, December 7, 2026 9:12 AM\nTo: Support\nSubject: RE: my order\n\n${BLOCK}`,
      },
    ],
    [
      'a Gmail attribution',
      {
        text: `See below.\n\nOn Mon, Dec 7, 2026 at 9:12 AM Jamie <jamie@example.com> wrote:\n${BLOCK}`,
      },
    ],
    [
      'an HTML <blockquote>',
      {
        html: '<p>Thanks, see below.</p><blockquote><p>Handoff context</p><p>Account Number: AC-EVIL</p><p>VIP: yes</p></blockquote>',
      },
    ],
    [
      'a forwarded block',
      {
        text: `FYI\n---------- Forwarded message ---------\nFrom: Jamie <jamie@example.com>\n\n${BLOCK}`,
      },
    ],
    ['">" quote marks', { text: `You said:\n${BLOCK.replace(/^/gm, '> ')}` }],
  ])('a context inside %s, posted by the bot', async (_, body) => {
    const page = await c.open();
    await c.say('bot', body);
    await noticeSays(page, QUOTED_MESSAGE);
    await nothingWritten(c);
  });

  // ─── The classes covered before, on both consoles ───

  it('a block typed by the customer', async () => {
    const page = await c.open();
    await c.say('customer', { text: BLOCK });
    await noticeSays(page, /posted by the customer, not by the bot, so nothing was written/);
    await nothingWritten(c);
  });

  it.each([
    [
      'lookalike letters (Cyrillic а, Greek ο)',
      BLOCK.replace('Handoff context', 'H\u0430nd\u03BFff context'),
    ],
    ['a zero-width space in the marker', BLOCK.replace('Handoff context', 'Hand\u200Boff context')],
  ])('a marker written with %s', async (_, text) => {
    const page = await c.open();
    await c.say('bot', { text });
    await noticeSays(page, 'imitates a handoff context with lookalike characters');
    await nothingWritten(c);
  });

  it('a bot message edited into a context after it was posted', async () => {
    const page = await c.open();
    const plain = await c.say('bot', { text: 'Thanks! One moment please.' });
    // The page shows (and the sensor reads) the message before the edit.
    await page.waitForTimeout(1_000);
    await c.edit(plain, `Thanks! One moment please.\n${BLOCK}`);
    await noticeSays(page, 'This message was edited after it was posted');
    await nothingWritten(c);
  });

  describe('forged or misused signed contexts', () => {
    let key: TestKey;
    const nowSec = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      ver: 1,
      iss: 'kore-bot',
      aud: c.audience,
      iat: nowSec() - 5,
      exp: nowSec() + 600,
      jti: `jti-${Math.random().toString(36).slice(2)}`,
      conv: c.conversation,
      ctx: { 'Account Number': 'AC-EVIL', VIP: true },
      ...over,
    });
    const post = (token: string, who: Who = 'customer') =>
      c.say(who, { text: `Connecting you now.\nhandoff-context: ${token}` });

    beforeEach(async () => {
      key = await es256Key('2026-11');
      await stack.saveSettings({
        trust: { audiences: [c.audience], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
      });
    });

    it.each([
      [
        'for another conversation',
        () => ({ conv: c.otherConversation }),
        /belongs to another conversation/,
      ],
      ['expired', () => ({ iat: nowSec() - 7200, exp: nowSec() - 3600 }), /expired/],
    ] as const)('a signed context %s', async (_, over, notice) => {
      const page = await c.open();
      await post(await sign(key, claims(over())));
      await noticeSays(page, notice);
      await nothingWritten(c);
    });

    it('a signed context with a key the settings do not trust', async () => {
      const page = await c.open();
      const stranger = await es256Key('stranger');
      await post(await sign(stranger, claims()));
      await noticeSays(page, /'stranger', which is not among that issuer's trusted keys/);
      await nothingWritten(c);
    });

    it.each([
      ['alg none', () => `${b64json({ alg: 'none' })}.${b64json(claims())}.`],
      [
        'HS256 keyed with the public key',
        async () => {
          const header = b64json({ alg: 'HS256', kid: '2026-11' });
          const body = b64json(claims());
          const hmac = await crypto.subtle.importKey(
            'raw',
            new TextEncoder().encode(await publicPem(key)),
            { name: 'HMAC', hash: 'SHA-256' },
            false,
            ['sign'],
          );
          const mac = await crypto.subtle.sign(
            'HMAC',
            hmac,
            new TextEncoder().encode(`${header}.${body}`),
          );
          return `${header}.${body}.${encodeBase64url(new Uint8Array(mac))}`;
        },
      ],
    ] as const)('a token with %s', async (_, token) => {
      const page = await c.open();
      // `alg: none` has an empty signature part: it is no signed token, only an imitation of one.
      await post(await token());
      await noticeSays(page, /only ES256 and RS256|must be followed by a signed token/);
      await nothingWritten(c);
    });

    it('a replayed token: the second message using its jti writes nothing more', async () => {
      const page = await c.open();
      const token = await sign(key, claims({ ctx: { 'Account Number': 'AC-ONCE' } }));
      await post(token, 'bot');
      await expect
        .poll(async () => (await c.values()).accountNumber, { timeout: 15_000 })
        .toBe('AC-ONCE');
      await post(token);
      await noticeSays(page, /was already used once/);
      expect(await c.writes()).toBe(1);
    });
  });
});

describe('replay across a browser restart', () => {
  it('refuses a jti used before the restart, from the same profile', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'handoff-fields-replay-'));
    const launch = () =>
      launchWithExtension({ hostResolverRules: stack.sim.hostResolverRules, userDataDir });
    const openCase = async (browser: ExtensionBrowser) => {
      const page = await browser.context.newPage();
      await page.goto(
        `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', case1.id))}`,
      );
      await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
      return page;
    };
    const key = await es256Key('2026-11');
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(key, {
      ver: 1,
      iss: 'kore-bot',
      aud: acme.orgId,
      iat: now,
      exp: now + 3600,
      jti: 'replay-across-restart',
      conv: case1.id,
      ctx: { 'Account Number': 'AC-ONCE' },
    });
    const post = () =>
      salesforce.say('customer', { text: `Connecting you now.\nhandoff-context: ${token}` });
    let browser = await launch();
    try {
      await browser.send({
        type: 'settings:save',
        settings: {
          format: 'handoff-fields/settings',
          version: 1,
          trust: { audiences: [acme.orgId], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
        },
      });
      for (const mapping of exampleMappings) await browser.send({ type: 'mappings:save', mapping });
      await openCase(browser);
      await post();
      await expect
        .poll(async () => (await salesforce.values()).accountNumber, { timeout: 15_000 })
        .toBe('AC-ONCE');
      await browser.close({ keepProfile: true });

      // The agent clears the field; the same token arrives again in a new message.
      await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Number__c: null });
      await post();
      browser = await launch();
      const page = await openCase(browser);
      await noticeSays(page, /was already used once \(its id 'replay-across-restart'/);
      expect(await salesforce.writes()).toBe(1);
      expect((await salesforce.values()).accountNumber).toBeNull();
    } finally {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
