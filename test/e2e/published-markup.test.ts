import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import { exampleMappings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow, widgetNotice } from '../support/stack';
import { useStack } from '../support/use-stack';
import { es256Key, sign } from '../unit/context/test-signer';

const acme = SEED.acme;
const [case1, case2] = acme.cases;
const [session1] = acme.sessions;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveMappings(exampleMappings);
  await stack.saveSettings();
});

async function open(caseId: string = case1.id) {
  const page = await stack.openConsole(recordPath('Case', caseId));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const say = (author: 'bot' | 'end_user' | 'other_agent', text: string, authorName?: string) =>
  stack.control.postMessage({
    org: acme.org,
    recordId: case1.id,
    author,
    text,
    ...(authorName ? { authorName } : {}),
  });
const stored = async () => (await stack.control.getRecord(acme.org, 'Case', case1.id)).values;
const patches = async () =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).length;

describe('the chat markup Salesforce publishes', () => {
  it('fills from a bot context in the middle of a run, whose sender only the run’s last message shows', async () => {
    // Posted before the console opens: the context is rendered inside the run, without a meta.
    await say('bot', 'Hi! I am the virtual assistant.');
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-RUN-1', VIP: 'yes' }));
    await say('bot', 'Connecting you with an agent now.');
    const page = await open();
    const run = page.locator('li.slds-chat-listitem_outbound .slds-chat-message_faux-avatar');
    await expect.poll(() => run.count()).toBe(2);
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 10_000 })
      .toBe('AC-RUN-1');
    expect((await stored()).VIP__c).toBe(true);
  });

  it('keeps a live context the bot’s when its run grows after it', async () => {
    await open();
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-RUN-2' }));
    await say('bot', 'Anything else?');
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 10_000 })
      .toBe('AC-RUN-2');
  });

  it('never takes another agent’s message for the bot’s, even under the bot’s name', async () => {
    const page = await open();
    await say(
      'other_agent',
      keyValueHandoff({ 'Account Number': 'AC-EVIL', VIP: 'yes' }),
      'Chatbot',
    );
    await expect
      .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
      .toMatch(/posted by an author seen as agent, not by the bot/);
    expect(await patches()).toBe(0);
  });
});

describe('what Handoff Fields sees', () => {
  it('names how each message’s author was read, in the admin page opened from the widget', async () => {
    await say('end_user', 'Hello, my order arrived damaged');
    await say('bot', 'Hi! I am the virtual assistant.');
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-DIAG' }));
    await say('other_agent', 'I am looking at it too');
    const page = await open();
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 10_000 })
      .toBe('AC-DIAG');
    const opened = stack.browser.context.waitForEvent('page');
    await page.locator('handoff-fields-widget button[data-action="diagnostics"]').click();
    const admin = await opened;
    pages.push(admin);
    expect(admin.url()).toMatch(/options\.html#diagnostics\?tab=\d+$/);
    const lines = admin.locator('.hf-diag__messages > li');
    await expect.poll(() => lines.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    const text = (await lines.allInnerTexts()).join('\n');
    expect(text).toMatch(/Customer — the end user's message \(inbound\)/);
    expect(text).toMatch(/Bot — from its run's last message \(Chatbot\)/);
    expect(text).toMatch(/Bot — Chatbot • from the meta/);
    expect(text).toMatch(/Agent — another agent's message \(outbound-agent\)/);
    expect(text).toMatch(/the start or end of the chat \(bookend\)/);
    // The page's text stays the page's: the panel never repeats a message.
    expect(await admin.locator('body').textContent()).not.toContain('AC-DIAG');
  });
  it('names a profile value the browser cannot use, and reads on with the shipped one', async () => {
    // An admin's typo: the selector does not parse. The settings accept the text (no DOM there).
    await stack.saveSettings({
      transcriptProfiles: { salesforce: { values: { meta: '.slds-chat-message__meta[' } } },
    });
    await open();
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-SHIPPED' }));
    const admin = await stack.browser.openExtensionPage('options.html#diagnostics');
    pages.push(admin);
    await expect
      .poll(() => admin.locator('.hf-diag__problems').textContent(), { timeout: 10_000 })
      .toMatch(/'meta' is not a CSS selector this browser can read: the default is used/);
    // The console kept reading with the shipped meta selector: the bot's context landed.
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 10_000 })
      .toBe('AC-SHIPPED');
  });
});

describe('a transcript profile corrected in the settings', () => {
  it('takes effect on the next message, without a reload', async () => {
    // A console whose meta the shipped profile cannot find (as if Salesforce renamed its class).
    await stack.saveSettings({
      transcriptProfiles: { salesforce: { values: { meta: '.sim-renamed-meta' } } },
    });
    await open();
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-BEFORE' }));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await patches()).toBe(0);

    // The admin fixes the selector: the console tab reads with it at once.
    await stack.saveSettings({
      transcriptProfiles: {
        salesforce: { values: { meta: '.slds-chat-message__meta' }, botNames: ['Acme Helper'] },
      },
    });
    await say('bot', keyValueHandoff({ 'Account Number': 'AC-AFTER', VIP: 'yes' }), 'Acme Helper');
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 10_000 })
      .toBe('AC-AFTER');
    expect((await stored()).VIP__c).toBe(true);
  });
});

describe('the conversation entries of the Connect API', () => {
  const nowSec = () => Math.floor(Date.now() / 1000);

  it('fills the Case from an end user’s signed context although the profile no longer finds the transcript', async () => {
    const key = await es256Key('2026-12');
    await stack.saveSettings({
      trust: { audiences: [acme.orgId], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
      // Broken on purpose: as if the console's chat markup changed under the extension.
      transcriptProfiles: { salesforce: { values: { list: 'ul.no-such-chat-list' } } },
    });
    await open();
    const jws = await sign(key, {
      ver: 1,
      iss: 'kore-bot',
      aud: acme.orgId,
      iat: nowSec(),
      exp: nowSec() + 600,
      jti: `jti-${Math.random()}`,
      conv: session1.id,
      ctx: { 'Account Number': 'AC-CONNECT', VIP: true },
    });
    await say('end_user', `Connecting you now.\nhandoff-context: ${jws}`);
    await expect
      .poll(async () => (await stored()).Account_Number__c, { timeout: 15_000 })
      .toBe('AC-CONNECT');
    const entries = await stack.control.requests({ org: acme.org, method: 'GET' });
    expect(entries.some((r) => r.path.includes('/connect/conversation/'))).toBe(true);
  });

  it('names the missing user permission when Salesforce refuses the entries (403)', async () => {
    await stack.control.setConversationEntriesAccess(acme.org, false);
    try {
      // A Case this file's other tests leave alone: no handoff in its journal explains it yet.
      const page = await open(case2.id);
      await expect
        .poll(() => textNow(widgetNotice(page)), { timeout: 10_000 })
        .toMatch(/needs the "Access Conversation Entries" user permission/);
    } finally {
      await stack.control.setConversationEntriesAccess(acme.org, true);
    }
  });
});
