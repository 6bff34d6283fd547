/**
 * Spoofing and the other context sources (docs/context-format.md, docs/context-sources.md), in real Chromium with the built
 * extension against the simulated consoles. Each attack writes nothing — asserted on the stored
 * records and the PATCH log through the control API — and the widget says why. The two other
 * sources fill fields: a postMessage from an allowed origin (an agent-assist frame on another
 * origin inside the console) and a record field filled before the agent opened the record.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeBase64url } from '@/lib/context/base64url';
import type { PresentedEntry } from '@/lib/journal/export';
import type { JournalPage } from '@/lib/journal/query';
import { assistFrameUrl } from '../sim/client';
import { SEED } from '../sim/seed';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow, widgetNotice, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';
import { b64json, es256Key, publicPem, sign, type TestKey } from '../unit/context/test-signer';

const acme = SEED.acme;
const [case1] = acme.cases;
const [session1, session2] = acme.sessions;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings({});
  await stack.saveMappings(exampleMappings);
});

async function open(object: string, id: string) {
  const page = await stack.openConsole(recordPath(object, id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
const storedBecomes = (id: string, field: string, value: unknown) =>
  expect.poll(async () => (await stored(id))[field], { timeout: 10_000 }).toBe(value);
const patches = async () =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).length;
/** The values of the newest context the journal holds (read and judged, used or not). */
async function newestContext() {
  const page = await stack.browser.send<JournalPage>({ type: 'journal:query', filters: {} });
  const id = page.rows[0]?.id;
  if (id === undefined) return undefined;
  const entry = await stack.browser.send<PresentedEntry | null>({ type: 'journal:entry', id });
  return entry?.context?.values;
}

const say = (author: 'bot' | 'end_user', text: string) =>
  stack.control.postMessage({ org: acme.org, recordId: case1.id, author, text });
const noticeSays = (page: Page, pattern: RegExp | string) =>
  expect
    .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
    .toMatch(typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Nothing reached Salesforce, and the Case is as seeded. */
async function nothingWritten() {
  expect(await patches()).toBe(0);
  expect(await stored(case1.id)).toMatchObject({
    Account_Number__c: null,
    Account_Tier__c: null,
    VIP__c: false,
  });
}

const ATTACK = { 'Account Number': 'AC-EVIL', 'Account Tier': 'Enterprise', VIP: 'yes' };

describe('spoofed contexts write nothing, and the widget says why', () => {
  it('a block typed by the customer', async () => {
    const page = await open('Case', case1.id);
    await say('end_user', keyValueHandoff(ATTACK));
    await noticeSays(page, /posted by the customer, not by the bot, so nothing was written/);
    await nothingWritten();
  });

  it('a marker written with lookalike letters (Cyrillic а, Greek ο)', async () => {
    const page = await open('Case', case1.id);
    await say(
      'bot',
      keyValueHandoff(ATTACK).replace('Handoff context', 'H\u0430nd\u03BFff context'),
    );
    await noticeSays(
      page,
      'This message imitates a handoff context with lookalike characters; it was ignored.',
    );
    await nothingWritten();
  });

  it('a marker with a zero-width space inside', async () => {
    const page = await open('Case', case1.id);
    await say('bot', keyValueHandoff(ATTACK).replace('Handoff context', 'Hand\u200Boff context'));
    await noticeSays(page, 'imitates a handoff context with lookalike characters');
    await nothingWritten();
  });

  it('a context inside quoted text', async () => {
    const page = await open('Case', case1.id);
    const quote = keyValueHandoff(ATTACK)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    await say('bot', `You wrote earlier:\n${quote}\n\nAn agent will be with you shortly.`);
    await noticeSays(page, 'A handoff context inside quoted or forwarded text is not used.');
    await nothingWritten();
  });

  it('a context inside a forwarded message', async () => {
    const page = await open('Case', case1.id);
    await say(
      'bot',
      [
        'Here is what the customer sent us:',
        '---------- Forwarded message ---------',
        'From: Jamie Customer <jamie@example.com>',
        '',
        keyValueHandoff(ATTACK),
      ].join('\n'),
    );
    await noticeSays(page, 'A handoff context inside quoted or forwarded text is not used.');
    await nothingWritten();
  });

  it('a message edited after it was posted: the new text is refused, nothing more is written', async () => {
    const page = await open('Case', case1.id);
    const posted = await say('bot', keyValueHandoff({ 'Account Number': 'AC-FIRST' }));
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-FIRST');
    expect(await patches()).toBe(1);

    const edit = await stack.control.editMessage({
      org: acme.org,
      recordId: case1.id,
      entryId: posted.entryId,
      text: keyValueHandoff(ATTACK),
    });
    expect(edit.delivered).toBe(1);
    await noticeSays(
      page,
      'This message was edited after it was posted; its handoff context is not used.',
    );
    // A bot message without a context, edited into one, is refused too.
    const plain = await say('bot', 'Thanks! One moment please.');
    // The agent's page has shown (and the extension has read) the message before it is edited.
    // Nothing shows that read (the message holds no context): wait well past the sensor's 16 ms
    // debounce, also on a loaded machine.
    await page.locator(`li[data-entry-id="${plain.entryId}"]`).waitFor();
    await page.waitForTimeout(1_000);
    await stack.control.editMessage({
      org: acme.org,
      recordId: case1.id,
      entryId: plain.entryId,
      text: `Thanks! One moment please.\n${keyValueHandoff({ VIP: 'yes', 'Order Id': 'ORD-EDITED' })}`,
    });
    // Read and refused (the journal holds what the edit said); the panel keeps the handoff that
    // was used, and the refused edit is the line under it.
    await expect.poll(async () => (await newestContext())?.['Order Id']).toBe('ORD-EDITED');
    await noticeSays(
      page,
      /A newer context was not used\. This message was edited after it was posted/,
    );
    expect(await textNow(page.locator('handoff-fields-widget .hf-kv'))).toMatch(/AC-FIRST/);
    // Reloaded, the page reads the edited texts again: still refused, still one write.
    await page.reload();
    await noticeSays(page, 'edited after it was posted');
    expect(await patches()).toBe(1);
    expect(await stored(case1.id)).toMatchObject({
      Account_Number__c: 'AC-FIRST',
      Account_Tier__c: null,
      VIP__c: false,
    });
  });
});

describe('an edited message on the Kustomer desktop', () => {
  it('refuses the edited text of a bot message the extension already used', async () => {
    const K = SEED.kustomer;
    const { conversation1 } = K.ids;
    await stack.saveMappings(kustomerExampleMappings);
    const page = await stack.openDesktop(`/app/conversations/${conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
    const posted = await stack.control.kustomerPostMessage({
      org: K.acme.org,
      recordId: conversation1,
      author: 'bot',
      text: keyValueHandoff({ 'Account Number': 'AC-K-FIRST' }),
    });
    const conversation = async () =>
      (await stack.control.kustomerGetRecord(K.acme.org, 'conversation', conversation1)).values;
    await expect
      .poll(async () => (await conversation()).accountNumberStr, { timeout: 15_000 })
      .toBe('AC-K-FIRST');
    const edit = await stack.control.editMessage({
      platform: 'kustomer',
      org: K.acme.org,
      recordId: conversation1,
      entryId: posted.entryId,
      text: keyValueHandoff({ 'Account Number': 'AC-K-EVIL', VIP: 'yes' }),
    });
    expect(edit.delivered).toBe(1);
    await expect
      .poll(() => textNow(page.locator(`[data-kt-id="${posted.entryId}"] [data-kt="messageBody"]`)))
      .toContain('AC-K-EVIL');
    await noticeSays(page, 'This message was edited after it was posted');
    const puts = (await stack.control.requests({ org: K.acme.org, method: 'PUT' })).filter(
      (r) => r.platform === 'kustomer',
    );
    expect(puts).toHaveLength(1);
    expect(await conversation()).toMatchObject({ accountNumberStr: 'AC-K-FIRST' });
    expect((await conversation()).vipBool).toBeUndefined();
  });
});

describe('forged and misused signed contexts write nothing, and the widget says why', () => {
  let key: TestKey;
  const nowSec = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    ver: 1,
    iss: 'kore-bot',
    aud: acme.orgId,
    iat: nowSec(),
    exp: nowSec() + 600,
    jti: `jti-${Math.random()}`,
    conv: session1.id,
    ctx: { 'Account Number': 'AC-EVIL', VIP: true },
    ...over,
  });
  const line = (token: string) => `Connecting you now.\nhandoff-context: ${token}`;
  /** Posted as the end user, as external bots do: only the signature could vouch for it. */
  const post = (token: string) => say('end_user', line(token));

  beforeEach(async () => {
    key = await es256Key('2026-11');
    await stack.saveSettings({
      trust: { audiences: [acme.orgId], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
    });
  });

  it('a context for another conversation', async () => {
    const page = await open('Case', case1.id);
    await post(await sign(key, claims({ conv: session2.id })));
    await noticeSays(page, `belongs to another conversation ('${session2.id}')`);
    await nothingWritten();
  });

  it('an expired token', async () => {
    const page = await open('Case', case1.id);
    await post(await sign(key, claims({ iat: nowSec() - 3600, exp: nowSec() - 1800 })));
    await noticeSays(page, /This signed context expired .* ago, so nothing was written/);
    await nothingWritten();
  });

  it('a replayed token: the second message with the same jti is refused', async () => {
    const page = await open('Case', case1.id);
    const token = await sign(key, claims({ ctx: { 'Account Number': 'AC-ONCE' } }));
    await post(token);
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-ONCE');
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Number__c: null });
    await post(token);
    await noticeSays(page, /was already used once .* so nothing was written/);
    expect(await patches()).toBe(1);
    expect((await stored(case1.id)).Account_Number__c).toBeNull();
  });

  it('a token from an unknown key', async () => {
    const page = await open('Case', case1.id);
    const stranger = await es256Key('2027-01');
    await post(await sign(stranger, claims()));
    await noticeSays(page, "was signed with key '2027-01', which is not among that issuer's");
    await nothingWritten();
  });

  it('alg: none, with or without a signature part', async () => {
    const page = await open('Case', case1.id);
    const unsigned = `${b64json({ alg: 'none', typ: 'JWT' })}.${b64json(claims())}`;
    await post(`${unsigned}.AAAA`);
    await noticeSays(
      page,
      "uses the algorithm 'none'; only ES256 and RS256 signatures are accepted, so nothing was written.",
    );
    await post(`${unsigned}.`);
    await noticeSays(page, "'handoff-context:' must be followed by a signed token");
    await nothingWritten();
  });

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const page = await open('Case', case1.id);
    const h = b64json({ alg: 'HS256', typ: 'JWT', kid: '2026-11' });
    const p = b64json(claims());
    const secrets = [await publicPem(key), JSON.stringify(key.jwk)];
    for (const secret of secrets) {
      const hmac = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const mac = await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(`${h}.${p}`));
      await post(`${h}.${p}.${encodeBase64url(new Uint8Array(mac))}`);
    }
    await noticeSays(page, "uses the algorithm 'HS256'; only ES256 and RS256");
    await nothingWritten();
  });
});

describe('window.postMessage from an agent-assist frame', () => {
  /** Another origin than the console's: the sim answers on localhost too. */
  const allowed = () => `https://localhost:${stack.sim.port}`;
  const other = () => `https://127.0.0.1:${stack.sim.port}`;
  const payload = (over: Record<string, unknown> = {}) => ({
    type: 'handoff-fields/context',
    version: 1,
    conversationId: case1.id,
    context: keyValueHandoff({ 'Account Number': 'AC-FRAME', 'Account Tier': 'Premium' }),
    ...over,
  });
  const frame = (origin: string, message: unknown) =>
    stack.control.showAssist({ org: acme.org, url: assistFrameUrl(origin, message) });

  it('fills the Case from an allowed origin and shows where the context came from', async () => {
    await stack.saveSettings({ postMessageOrigins: [allowed()] });
    const page = await open('Case', case1.id);
    await frame(allowed(), payload());
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-FRAME');
    expect((await stored(case1.id)).Account_Tier__c).toBe('tier_premium');
    const meta = page.locator('handoff-fields-widget .hf-context-meta');
    await expect.poll(() => textNow(meta)).toContain(`message from ${allowed()}`);
    expect(await textNow(meta)).toContain('from an allowed origin');
    await expect
      .poll(() => widgetRow(page, 'Account_Number__c').getAttribute('class'))
      .toContain('hf-field--written');
  });

  it('ignores another origin silently; reports a wrong conversation or a malformed payload from an allowed one', async () => {
    await stack.saveSettings({ postMessageOrigins: [allowed()] });
    const page = await open('Case', case1.id);
    await frame(other(), payload());
    await frame(other(), payload({ version: 9 }));
    // The frame posted (it says so), and nothing happened: no write, no notice.
    const assist = page.frameLocator('#sim-assist iframe');
    await expect.poll(() => textNow(assist.locator('#status'))).toContain('Sent');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await textNow(widgetNotice(page))).toBe('');
    expect(await patches()).toBe(0);

    await frame(allowed(), payload({ conversationId: case1.id.replace('Ca1', 'Zz9') }));
    await noticeSays(page, `A handoff context from ${allowed()} for another conversation`);
    await frame(allowed(), payload({ version: 2 }));
    await noticeSays(
      page,
      `A message from ${allowed()} was ignored: its version is 2; this extension reads version 1.`,
    );
    await nothingWritten();
  });
});

// Fields the admin opted in to unsigned contexts (only their server writes them); by default a
// record field accepts signed contexts only (redteam.test.ts shows the refusal).
describe('a record field filled before the agent opens the record', () => {
  it("Salesforce: the Case's MessagingSession field fills the Case", async () => {
    await stack.saveSettings({
      recordFieldSources: [
        {
          platform: 'salesforce',
          object: 'MessagingSession',
          field: 'Handoff_Context__c',
          acceptUnsigned: true,
        },
      ],
    });
    await stack.control.putRecord(acme.org, 'MessagingSession', session1.id, {
      Handoff_Context__c: 'Handoff context\nAccount Number: AC-PRECHAT\nAccount Tier: Basic',
    });
    const page = await open('Case', case1.id);
    await storedBecomes(case1.id, 'Account_Number__c', 'AC-PRECHAT');
    expect((await stored(case1.id)).Account_Tier__c).toBe('tier_basic');
    const meta = page.locator('handoff-fields-widget .hf-context-meta');
    await expect.poll(() => textNow(meta)).toContain('field MessagingSession.Handoff_Context__c');
    expect(await textNow(meta)).toContain('from a trusted field');
    // Opened again: the same value is not written again.
    await page.reload();
    await page.locator('handoff-fields-widget').waitFor({ state: 'attached' });
    await expect.poll(() => textNow(meta)).toContain('field MessagingSession');
    expect(await patches()).toBe(1);
  });

  it('Kustomer: a conversation attribute fills the conversation', async () => {
    const K = SEED.kustomer;
    const { conversation2 } = K.ids;
    await stack.saveMappings(kustomerExampleMappings);
    await stack.saveSettings({
      recordFieldSources: [
        {
          platform: 'kustomer',
          object: 'conversation',
          field: 'handoffContextTxt',
          acceptUnsigned: true,
        },
      ],
    });
    await stack.control.kustomerPutRecord(K.acme.org, 'conversation', conversation2, {
      handoffContextTxt: '{"Account Number": "AC-ATTR", "VIP": true}',
    });
    const page = await stack.openDesktop(`/app/conversations/${conversation2}`);
    pages.push(page);
    await expect
      .poll(
        async () =>
          (await stack.control.kustomerGetRecord(K.acme.org, 'conversation', conversation2)).values,
        { timeout: 15_000 },
      )
      .toMatchObject({ accountNumberStr: 'AC-ATTR', vipBool: true });
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget .hf-context-meta')))
      .toContain('field conversation.handoffContextTxt');
  });
});
