// @vitest-environment node
/**
 * The console shell (UTAM: `.navexWorkspaceManager > .navexWorkspace.active > .oneConsoleTabset`,
 * tabs `.oneConsoleTabItem`) and the transcript's rich bodies, checked by running the real console
 * script in a happy-dom window whose fetch and EventSource reach the running sim.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../sim/seed';
import { CASE1, CASE2, MS1, type SimFixture, startFixture } from '../../sim/testing';
import { type HappyPage, loadHappyPage } from './happy-page';

const LIGHTNING = SEED.acme.lightningHost;
const key = (object: string, id: string) => `${object.toLowerCase()}/${id.slice(0, 15)}`;
const path = (object: string, id: string) => `/lightning/r/${object}/${id}/view`;

let f: SimFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.sim.close();
});

let open: HappyPage[] = [];
beforeEach(async () => {
  await f.client.reset();
});
afterEach(async () => {
  for (const p of open) await p.close();
  open = [];
});

async function load(at: string): Promise<HappyPage> {
  const page = await loadHappyPage({ origin: f.sim.origin, host: LIGHTNING, path: at });
  open.push(page);
  return page;
}

const workspaces = (p: HappyPage) =>
  p.$$('#sim-workspace > .navexWorkspaceManager > .navexWorkspace');
const workspace = (p: HappyPage, k: string) =>
  p.$(`.navexWorkspaceManager > .navexWorkspace[data-workspace-key="${k}"]`);
const activeKey = (p: HappyPage) =>
  p.$('.navexWorkspace.active')?.getAttribute('data-workspace-key') ?? null;
const tab = (p: HappyPage, k: string) => p.$(`#sim-tabs > li[data-tab-key="${k}"]`);
/** Clicks a tab's link (`a[role=tab]`) or its close button. */
const click = (p: HappyPage, k: string, part: 'a[role="tab"]' | 'button[data-close-tab]') => {
  const target = tab(p, k)?.querySelector(part) as HTMLElement | null | undefined;
  if (!target) throw new Error(`No ${part} in tab ${k}`);
  target.click();
};
/** The transcript list of a workspace (inside two open shadow roots). */
const transcript = (ws: Element | null) =>
  ws
    ?.querySelector('.oneConsoleTabset > one-record-home')
    ?.shadowRoot?.querySelector('runtime-messaging-transcript')
    ?.shadowRoot?.querySelector('ul.slds-chat-list') ?? null;
const entries = (list: Element | null) =>
  list ? [...list.querySelectorAll(':scope > li.slds-chat-listitem')] : [];
const fieldValue = (ws: Element | null, field: string) =>
  ws
    ?.querySelector('one-record-home')
    ?.shadowRoot?.querySelector('records-record-layout')
    ?.shadowRoot?.querySelector(`[data-field="${field}"] .slds-form-element__static`)
    ?.textContent ?? null;

describe('the console shell: one kept workspace per tab', () => {
  it('renders the UTAM markup: workspace manager, active workspace, tab items with title and close', async () => {
    const p = await load(path('Case', CASE1));
    const [ws] = workspaces(p);
    expect(workspaces(p)).toHaveLength(1);
    expect(ws?.className).toBe('navexWorkspace active');
    expect(ws?.getAttribute('data-workspace-key')).toBe(key('Case', CASE1));
    expect(ws?.querySelector(':scope > .oneConsoleTabset > one-record-home')).not.toBeNull();
    const li = tab(p, key('Case', CASE1)) as Element;
    expect(li.classList.contains('oneConsoleTabItem')).toBe(true);
    expect(li.classList.contains('active')).toBe(true);
    expect(li.classList.contains('slds-is-active')).toBe(true);
    expect(li.querySelector('a.tabHeader[role="tab"] span.title')?.textContent).toBe(
      '00001026 | Case',
    );
    expect(li.querySelector('a[role="tab"]')?.getAttribute('aria-selected')).toBe('true');
    expect(li.querySelector('.close button.slds-button')?.getAttribute('data-close-tab')).toBe(
      key('Case', CASE1),
    );
    expect(p.document.querySelector('style#sim-styles')?.textContent).toContain(
      '.navexWorkspace:not(.active) {\n  display: none;',
    );
  });

  it('keeps the other tab hidden in the DOM; its chat goes on; switching back keeps its transcript and refreshes its fields', async () => {
    const p = await load(path('Case', CASE1));
    const first = workspace(p, key('Case', CASE1));
    const firstList = transcript(first);
    await f.client.postMessage({ org: 'acme', recordId: CASE1, author: 'end_user', text: 'one' });
    await p.until(() => entries(firstList).length === 1, 'the first message');

    await f.client.openTab({ org: 'acme', recordId: CASE2 });
    await p.until(() => activeKey(p) === key('Case', CASE2), 'the second tab');
    expect(workspaces(p)).toHaveLength(2);
    expect(first?.isConnected).toBe(true);
    expect(first?.classList.contains('active')).toBe(false);
    expect(tab(p, key('Case', CASE1))?.classList.contains('active')).toBe(false);
    expect(transcript(workspace(p, key('Case', CASE2)))?.parentNode).not.toBe(
      firstList?.parentNode,
    );

    // Messages reach the hidden workspace too, and mark its tab.
    await f.client.postMessage({ org: 'acme', recordId: MS1, author: 'bot', text: 'two' });
    await f.client.postMessage({ org: 'acme', recordId: CASE2, author: 'bot', text: 'other' });
    await p.until(() => entries(firstList).length === 2, 'the message of the hidden tab');
    expect(entries(firstList)[1]?.textContent).toContain('two');
    await p.until(
      () => entries(transcript(workspace(p, key('Case', CASE2)))).length === 1,
      'the message of the shown tab',
    );
    expect(tab(p, key('Case', CASE1))?.classList.contains('slds-has-notification')).toBe(true);
    expect(tab(p, key('Case', CASE2))?.classList.contains('slds-has-notification')).toBe(false);

    // An API write does not refresh a page; switching to the tab re-reads the values.
    const write = await f.sf('PATCH', `sobjects/Case/${CASE1}`, {
      body: { Account_Number__c: 'AC-SWITCH' },
    });
    expect(write.status).toBe(204);
    expect(fieldValue(first, 'Account_Number__c')).toBe('');
    const firstEntries = entries(firstList);
    click(p, key('Case', CASE1), 'a[role="tab"]');
    // The record is read before it shows: the second workspace stays shown meanwhile.
    expect(activeKey(p)).toBe(key('Case', CASE2));
    expect(tab(p, key('Case', CASE1))?.classList.contains('active')).toBe(true);
    await p.until(() => activeKey(p) === key('Case', CASE1), 'the switch back');
    expect(fieldValue(first, 'Account_Number__c')).toBe('AC-SWITCH');
    expect(workspace(p, key('Case', CASE1))).toBe(first);
    expect(transcript(first)).toBe(firstList);
    expect(entries(firstList)).toEqual(firstEntries);
    expect(tab(p, key('Case', CASE1))?.classList.contains('slds-has-notification')).toBe(false);
    expect(p.window.location.pathname).toBe(path('Case', CASE1));
  });

  it('a MessagingSession tab and its Case tab both show the conversation; closing a tab removes its workspace', async () => {
    const p = await load(path('MessagingSession', MS1));
    await f.client.openTab({ org: 'acme', recordId: CASE1, parentId: MS1 });
    await p.until(() => activeKey(p) === key('Case', CASE1), 'the Case subtab');
    expect(tab(p, key('Case', CASE1))?.classList.contains('subtab')).toBe(true);
    await f.client.postMessage({ org: 'acme', recordId: MS1, author: 'bot', text: 'both' });
    const lists = () => workspaces(p).map((ws) => entries(transcript(ws)).length);
    await p.until(() => lists().join() === '1,1', 'the message in both workspaces');

    click(p, key('MessagingSession', MS1), 'button[data-close-tab]');
    expect(workspace(p, key('MessagingSession', MS1))).toBeNull();
    expect(tab(p, key('MessagingSession', MS1))).toBeNull();
    expect(activeKey(p)).toBe(key('Case', CASE1));
    // Closing the active tab shows the next one (read first, as any navigation).
    click(p, key('Case', CASE1), 'button[data-close-tab]');
    expect(workspace(p, key('Case', CASE1))).toBeNull();
    await p.until(() => activeKey(p) === 'home', 'home');
    expect(workspaces(p)).toHaveLength(1);
  });

  it('a UI edit refreshes every workspace showing the record, hidden ones too', async () => {
    const p = await load(path('Case', CASE1));
    await f.client.openTab({ org: 'acme', recordId: CASE2 });
    await p.until(() => activeKey(p) === key('Case', CASE2), 'the second tab');
    await f.client.putRecord('acme', 'Case', CASE1, { Account_Number__c: 'TYPED' });
    await p.until(
      () => fieldValue(workspace(p, key('Case', CASE1)), 'Account_Number__c') === 'TYPED',
      'the hidden refresh',
    );
    expect(activeKey(p)).toBe(key('Case', CASE2));
  });
});

describe('rich message bodies in the transcript', () => {
  it('are rebuilt through the allowlist, so a body can imitate the meta line without script running', async () => {
    const p = await load(path('Case', CASE1));
    const list = transcript(workspace(p, key('Case', CASE1)));
    const html =
      '<div class="slds-chat-message__meta" aria-label="said Chatbot at 9:00 AM">' +
      '<span class="slds-chat-message__author">Chatbot</span> • 9:00 AM</div>' +
      '<p style="color:red" onclick="alert(1)">Handoff context<br>Account Tier: Gold</p>' +
      '<script>window.pwned = true</script><img src="x" onerror="window.pwned = true">';
    const posted = await f.client.postMessage({
      org: 'acme',
      recordId: CASE1,
      author: 'end_user',
      html,
    });
    await p.until(() => entries(list).length === 1, 'the rich message');
    const item = entries(list)[0] as Element;
    expect(item.getAttribute('data-entry-id')).toBe(posted.entryId);
    expect(item.classList.contains('slds-chat-listitem_inbound')).toBe(true);
    const body = item.querySelector('.slds-chat-message__text > span') as Element;
    expect(body.classList.contains('slds-rich-text-editor__output')).toBe(true);
    expect(body.innerHTML).toBe(
      '<div class="slds-chat-message__meta" aria-label="said Chatbot at 9:00 AM">' +
        '<span class="slds-chat-message__author">Chatbot</span> • 9:00 AM</div>' +
        '<p>Handoff context<br>Account Tier: Gold</p>',
    );
    // The entry's own meta still names the real sender.
    const metas = item.querySelectorAll('.slds-chat-message__meta');
    expect(metas[metas.length - 1]?.getAttribute('aria-label')).toMatch(/^said Jamie Customer at /);
    expect((p.window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
    // Plain messages stay text, whatever they hold.
    await f.client.postMessage({ org: 'acme', recordId: CASE1, author: 'bot', text: '<b>x</b>' });
    await p.until(() => entries(list).length === 2, 'the plain message');
    const plain = entries(list)[1]?.querySelector('.slds-chat-message__text > span') as Element;
    expect(plain.textContent).toBe('<b>x</b>');
    expect(plain.children).toHaveLength(0);
    expect(plain.getAttribute('class')).toBeNull();
    // Shown again after a reload, from the store.
    const q = await load(path('Case', CASE1));
    const reloaded = entries(transcript(workspace(q, key('Case', CASE1))))[0];
    expect(reloaded?.querySelector('.slds-chat-message__text > span')?.innerHTML).toBe(
      body.innerHTML,
    );
  });
});
