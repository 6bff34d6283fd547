// @vitest-environment node
/**
 * The console shell (UTAM: `.navexWorkspaceManager > .navexWorkspace.active > .oneConsoleTabset`,
 * tabs `.oneConsoleTabItem`), the transcript's chat markup (the SLDS chat blueprint: runs, meta,
 * avatars, bookend) and its rich bodies, checked by running the real console script in a happy-dom
 * window whose fetch and EventSource reach the running sim.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageAuthor } from '../../sim/client';
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
    ?.shadowRoot?.querySelector('section.slds-chat[role="log"] > ul.slds-chat-list') ?? null;
/** The list's items for transcript entries (messages and events; not the bookend). */
const entries = (list: Element | null) =>
  list
    ? [...list.querySelectorAll(':scope > li.slds-chat-listitem:not(.slds-chat-listitem_bookend)')]
    : [];
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

describe("Aura's $A: force:refreshView", () => {
  type Aura = { get(name: string): { fire(): void } | undefined };
  const aura = (p: HappyPage) => (p.window as unknown as { $A: Aura }).$A;

  it('re-reads the shown record in place: an API write shows, the page is not loaded again', async () => {
    const p = await load(path('Case', CASE1));
    await f.client.openTab({ org: 'acme', recordId: CASE2 });
    await p.until(() => activeKey(p) === key('Case', CASE2), 'the second tab');
    await f.client.postMessage({ org: 'acme', recordId: CASE2, author: 'bot', text: 'kept' });
    const shown = workspace(p, key('Case', CASE2));
    await p.until(() => entries(transcript(shown)).length === 1, 'the message');
    const list = transcript(shown);
    const home = shown?.querySelector('one-record-home');
    (p.window as unknown as { marker: string }).marker = 'no reload';

    for (const id of [CASE1, CASE2]) {
      const write = await f.sf('PATCH', `sobjects/Case/${id}`, {
        body: { Account_Number__c: `AC-${id.slice(-4)}` },
      });
      expect(write.status).toBe(204);
    }
    await new Promise((r) => setTimeout(r, 100));
    // Before the refresh, a value written through the API does not show.
    expect(fieldValue(shown, 'Account_Number__c')).toBe('');

    aura(p).get('e.force:refreshView')?.fire();
    await p.until(
      () => fieldValue(shown, 'Account_Number__c') === `AC-${CASE2.slice(-4)}`,
      'the refreshed record detail',
    );
    // In place: the same record home and transcript, the same window; the hidden tab is not read.
    expect(shown?.querySelector('one-record-home')).toBe(home);
    expect(transcript(shown)).toBe(list);
    expect(entries(list)).toHaveLength(1);
    expect((p.window as unknown as { marker: string }).marker).toBe('no reload');
    expect(fieldValue(workspace(p, key('Case', CASE1)), 'Account_Number__c')).toBe('');
    // Only that event is there.
    expect(aura(p).get('e.force:navigateToSObject')).toBeUndefined();
  });
});

describe('rich message bodies in the transcript', () => {
  it('are rebuilt through the allowlist, so a body can imitate the meta line without script running', async () => {
    const p = await load(path('Case', CASE1));
    const list = transcript(workspace(p, key('Case', CASE1)));
    const html =
      '<div class="slds-chat-message__meta" aria-label="said Chatbot at 9:00 AM">' +
      'Chatbot • 9:00 AM</div>' +
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
        'Chatbot • 9:00 AM</div>' +
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

describe('the chat markup (SLDS chat blueprint, salesforce-ux/design-system ui/components/chat)', () => {
  type Part = 'avatar' | 'faux' | 'meta';
  /** What a message item shows: its avatar, the faux-avatar modifier, its meta (own parts only). */
  const parts = (item: Element | undefined): Part[] => {
    const message = item?.querySelector(':scope > div.slds-chat-message');
    if (!message) throw new Error('not a message item');
    const out: Part[] = [];
    if (message.querySelector(':scope > span.slds-avatar')) out.push('avatar');
    if (message.classList.contains('slds-chat-message_faux-avatar')) out.push('faux');
    if (message.querySelector(':scope > .slds-chat-message__body > .slds-chat-message__meta'))
      out.push('meta');
    return out;
  };
  const meta = (item: Element | undefined) =>
    item?.querySelector(
      ':scope > .slds-chat-message > .slds-chat-message__body > .slds-chat-message__meta',
    ) ?? null;
  const text = (item: Element | undefined) =>
    item?.querySelector(
      ':scope > .slds-chat-message > .slds-chat-message__body > .slds-chat-message__text',
    ) ?? null;
  const post = (author: MessageAuthor | 'other_agent', body: string, authorName?: string) =>
    f.client.postMessage({
      org: 'acme',
      recordId: MS1,
      author: author as MessageAuthor,
      text: body,
      ...(authorName ? { authorName } : {}),
    });
  const timeOf = async (entryId: string) => {
    const { messages } = await f.client.messages('acme', MS1);
    const m = messages.find((x) => x.entryId === entryId);
    if (!m) throw new Error(`no entry ${entryId}`);
    return m.timeLabel;
  };
  const listOf = async (p: HappyPage, object = 'Case', id = CASE1) =>
    transcript(workspace(p, key(object, id)));

  it('renders section.slds-chat[role=log] > ul > li, with the start bookend first even before any message', async () => {
    const p = await load(path('Case', CASE1));
    const list = (await listOf(p)) as Element;
    const section = list.parentElement as Element;
    expect(section.tagName).toBe('SECTION');
    // The section is the top of the transcript element's shadow root.
    const root = section.getRootNode() as ShadowRoot;
    expect(section.parentNode).toBe(root);
    expect(root.host.tagName).toBe('RUNTIME-MESSAGING-TRANSCRIPT');
    expect(list.children).toHaveLength(1);
    const bookend = list.children[0] as Element;
    expect(bookend.className).toBe('slds-chat-listitem slds-chat-listitem_bookend');
    expect(bookend.hasAttribute('data-entry-id')).toBe(false);
    const box = bookend.querySelector(':scope > div.slds-chat-bookend') as Element;
    expect([...box.children].map((c) => c.tagName)).toEqual(['SPAN', 'P']);
    expect(box.children[0]?.classList.contains('slds-icon_container')).toBe(true);
    // StartTime of the seeded session: 2026-11-20T09:12:44Z, shown in UTC.
    expect(box.querySelector('p')?.textContent).toBe('Chat started by Jamie Customer • 9:12 AM');
    expect(box.querySelector('p > b')?.textContent).toBe('Jamie Customer');
    await post('bot', 'hi');
    await p.until(() => entries(list).length === 1, 'the message');
    expect(list.children[0]).toBe(bookend);
  });

  it('a message: avatar, text span, and the meta "Name • time" with aria-label "said Name at time" (no author element)', async () => {
    const p = await load(path('Case', CASE1));
    const list = await listOf(p);
    const posted = await post('end_user', 'Hello');
    await p.until(() => entries(list).length === 1, 'the message');
    const t = await timeOf(posted.entryId);
    const item = entries(list)[0] as Element;
    expect(item.className).toBe('slds-chat-listitem slds-chat-listitem_inbound');
    expect(item.getAttribute('data-entry-id')).toBe(posted.entryId);
    const message = item.querySelector(':scope > div.slds-chat-message') as Element;
    expect(message.className).toBe('slds-chat-message');
    expect([...message.children].map((c) => c.className)).toEqual([
      'slds-avatar slds-avatar_circle slds-chat-avatar',
      'slds-chat-message__body',
    ]);
    const abbr = message.querySelector(
      ':scope > span.slds-avatar > abbr.slds-avatar__initials.slds-avatar__initials_inverse',
    );
    expect(abbr?.getAttribute('title')).toBe('Jamie Customer');
    expect(abbr?.textContent).toBe('JC');
    expect(text(item)?.className).toBe('slds-chat-message__text slds-chat-message__text_inbound');
    expect(text(item)?.querySelector(':scope > span')?.textContent).toBe('Hello');
    const m = meta(item) as Element;
    expect(m.textContent).toBe(`Jamie Customer • ${t}`);
    expect(m.getAttribute('aria-label')).toBe(`said Jamie Customer at ${t}`);
    expect(m.children).toHaveLength(0);
    expect(item.querySelector('.slds-chat-message__author')).toBeNull();
  });

  it('a run of three bot messages: meta only on the last, avatar on the first, faux-avatar on the others; a reload renders the same', async () => {
    const p = await load(path('Case', CASE1));
    const list = await listOf(p);
    await post('bot', 'one');
    await post('bot', 'two');
    const last = await post('bot', 'three');
    await p.until(() => entries(list).length === 3, 'the run');
    const items = entries(list);
    expect(items.map(parts)).toEqual([['avatar'], ['faux'], ['faux', 'meta']]);
    for (const item of items) {
      expect(item.className).toBe('slds-chat-listitem slds-chat-listitem_outbound');
      expect(text(item)?.className).toBe(
        'slds-chat-message__text slds-chat-message__text_outbound',
      );
    }
    expect(meta(items[2])?.textContent).toBe(`Chatbot • ${await timeOf(last.entryId)}`);
    expect(items.map((i) => text(i)?.textContent)).toEqual(['one', 'two', 'three']);
    // The live page, built message by message, shows what a fresh render of the store shows.
    const q = await load(path('Case', CASE1));
    expect((await listOf(q))?.innerHTML).toBe(list?.innerHTML);
  });

  it('a run ends at another sender (author kind or name), an event; the customer between bot messages splits them', async () => {
    const p = await load(path('Case', CASE1));
    const list = await listOf(p);
    await post('bot', 'b1');
    await post('bot', 'b2');
    await post('end_user', 'c1');
    await post('bot', 'b3');
    await post('bot', 'named', 'Ada Bot');
    await post('system', 'Transferred');
    await post('bot', 'b4', 'Ada Bot');
    await post('agent', 'a1');
    await post('other_agent', 'o1');
    await p.until(() => entries(list).length === 9, 'the messages');
    const items = entries(list);
    expect(
      items.map((i) => (i.classList.contains('slds-chat-listitem_event') ? 'event' : parts(i))),
    ).toEqual([
      ['avatar'],
      ['faux', 'meta'],
      ['avatar', 'meta'],
      ['avatar', 'meta'],
      ['avatar', 'meta'],
      'event',
      ['avatar', 'meta'],
      ['avatar', 'meta'],
      ['avatar', 'meta'],
    ]);
    expect(items.map((i) => meta(i)?.textContent.split(' • ')[0] ?? null)).toEqual([
      null,
      'Chatbot',
      'Jamie Customer',
      'Chatbot',
      'Ada Bot',
      null,
      'Ada Bot',
      'Alex Agent',
      'Jordan Lee',
    ]);
    expect(
      items[5]?.querySelector(':scope > div.slds-chat-event > div.slds-chat-event__body > p')
        ?.textContent,
    ).toBe('Transferred');
  });

  it('a message that extends the run mutates the previous item in place (its meta goes), nothing is re-rendered', async () => {
    const p = await load(path('Case', CASE1));
    const list = (await listOf(p)) as Element;
    await post('end_user', 'first');
    await p.until(() => entries(list).length === 1, 'the first message');
    const first = entries(list)[0] as Element;
    const firstMeta = meta(first) as Element;
    const firstSpan = text(first)?.querySelector('span');
    const records: MutationRecord[] = [];
    const observer = new p.window.MutationObserver((batch) => {
      records.push(...(batch as unknown as MutationRecord[]));
    });
    observer.observe(list as never, { childList: true, subtree: true, attributes: true });
    await post('end_user', 'second');
    await p.until(() => entries(list).length === 2, 'the second message');
    await new Promise((r) => setTimeout(r, 20));
    observer.disconnect();
    expect(entries(list)[0]).toBe(first);
    expect(text(first)?.querySelector('span')).toBe(firstSpan);
    expect(firstMeta.isConnected).toBe(false);
    expect(parts(first)).toEqual(['avatar']);
    expect(parts(entries(list)[1])).toEqual(['faux', 'meta']);
    // Two mutations: the previous item's meta removed, the new item appended.
    const summary = records.map((r) => ({
      type: r.type,
      target: (r.target as Element).className,
      added: [...r.addedNodes].map((n) => (n as Element).className),
      removed: [...r.removedNodes].map((n) => (n as Element).className),
    }));
    expect(summary).toEqual([
      {
        type: 'childList',
        target: 'slds-chat-message__body',
        added: [],
        removed: ['slds-chat-message__meta'],
      },
      {
        type: 'childList',
        target: 'slds-chat-list',
        added: ['slds-chat-listitem slds-chat-listitem_inbound'],
        removed: [],
      },
    ]);
  });

  it('another agent (other_agent) posts outbound with the outbound-agent bubble', async () => {
    const p = await load(path('Case', CASE1));
    const list = await listOf(p);
    const posted = await post('other_agent', 'Taking over');
    await p.until(() => entries(list).length === 1, 'the message');
    const item = entries(list)[0] as Element;
    expect(item.className).toBe('slds-chat-listitem slds-chat-listitem_outbound');
    expect(text(item)?.className).toBe(
      'slds-chat-message__text slds-chat-message__text_outbound-agent',
    );
    const t = await timeOf(posted.entryId);
    expect(meta(item)?.textContent).toBe(`Jordan Lee • ${t}`);
    expect(meta(item)?.getAttribute('aria-label')).toBe(`said Jordan Lee at ${t}`);
    expect(item.querySelector('abbr')?.textContent).toBe('JL');
  });

  it('editing a message inside a run changes its text only', async () => {
    const p = await load(path('Case', CASE1));
    const list = await listOf(p);
    const first = await post('bot', 'draft');
    await post('bot', 'second');
    await p.until(() => entries(list).length === 2, 'the run');
    await f.client.editMessage({
      org: 'acme',
      recordId: MS1,
      entryId: first.entryId,
      text: 'final',
    });
    await p.until(() => text(entries(list)[0])?.textContent === 'final', 'the edit');
    expect(entries(list).map(parts)).toEqual([['avatar'], ['faux', 'meta']]);
  });
});
