import { afterEach, describe, expect, it, vi } from 'vitest';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import {
  authorOf,
  findTranscriptLists,
  readTranscriptItem,
} from '@/lib/platforms/salesforce/transcript';
import type { CandidateMessage, RecordRef } from '@/lib/platforms/types';
import { startConsoleSensor } from '@/lib/sensor/console-sensor';

/** Builds a transcript the way the simulated console does: nested open shadow roots. */
function consoleWithTranscript() {
  const outer = document.createElement('one-record-home');
  document.body.append(outer);
  const outerRoot = outer.attachShadow({ mode: 'open' });
  const host = document.createElement('runtime-messaging-transcript');
  outerRoot.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const list = document.createElement('ul');
  list.className = 'slds-chat-list';
  root.append(list);
  return list;
}

function item(kind: 'inbound' | 'outbound' | 'event', text: string, author = '', id = '') {
  const li = document.createElement('li');
  li.className = `slds-chat-listitem slds-chat-listitem_${kind}`;
  if (id) li.setAttribute('data-entry-id', id);
  if (kind === 'event') {
    li.innerHTML =
      '<div class="slds-chat-event"><div class="slds-chat-event__body"><p></p></div></div>';
    (li.querySelector('p') as HTMLElement).textContent = text;
  } else {
    li.innerHTML = `<div class="slds-chat-message"><div class="slds-chat-message__body"><div class="slds-chat-message__text"><span></span></div><div class="slds-chat-message__meta"><span class="slds-chat-message__author"></span> • 10:01 AM</div></div></div>`;
    (li.querySelector('span') as HTMLElement).textContent = text;
    (li.querySelector('.slds-chat-message__author') as HTMLElement).textContent = author;
  }
  return li;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('Salesforce transcript reader', () => {
  it('finds the list through nested shadow roots', () => {
    const list = consoleWithTranscript();
    expect(findTranscriptLists()).toEqual([list]);
  });

  it('labels each author: bot and agent are both outbound, told apart by the sender name', () => {
    expect(authorOf(item('outbound', 'x', 'Chatbot'))).toBe('bot');
    expect(authorOf(item('outbound', 'x', 'einstein bot'))).toBe('bot');
    expect(authorOf(item('outbound', 'x', 'Alex Agent'))).toBe('agent');
    expect(authorOf(item('inbound', 'x', 'Jamie Customer'))).toBe('customer');
    expect(authorOf(item('event', 'Chat transferred'))).toBe('system');
    const stray = document.createElement('li');
    expect(authorOf(stray)).toBe('unknown');
  });

  it('reads the text with its line breaks and the entry id', () => {
    const li = item('outbound', 'Handoff context\nAccount Tier: Premium', 'Chatbot', '0Mx1');
    expect(readTranscriptItem(li)).toEqual({
      platformMessageId: '0Mx1',
      author: 'bot',
      text: 'Handoff context\nAccount Tier: Premium',
    });
    const br = item('outbound', '', 'Chatbot', '0Mx2');
    (br.querySelector('span') as HTMLElement).innerHTML = 'Handoff context<br>VIP: yes';
    expect(readTranscriptItem(br)?.text).toBe('Handoff context\nVIP: yes');
    expect(readTranscriptItem(item('outbound', '   ', 'Chatbot'))).toBeNull();
  });
});

describe('console sensor', () => {
  const CASE_URL = 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view';

  it('relays each new candidate message once, for the open record, and follows navigation', async () => {
    const list = consoleWithTranscript();
    list.append(
      item('inbound', 'hello', 'Jamie', 'e1'),
      item('outbound', 'Handoff context\nA: 1', 'Chatbot', 'e2'),
    );
    let navigate = (_url: string) => {};
    const records: (RecordRef | null)[] = [];
    const relayed: [string, CandidateMessage[]][] = [];
    const controller = new AbortController();
    startConsoleSensor(
      salesforceSensor,
      {
        onRecord: (r) => records.push(r),
        onCandidates: (r, m) => relayed.push([r.id, m]),
      },
      {
        signal: controller.signal,
        location: () => CASE_URL,
        onLocationChange: (l) => {
          navigate = l;
        },
      },
    );
    await vi.waitFor(() => expect(relayed).toHaveLength(1));
    expect(relayed[0]?.[1].map((m) => m.platformMessageId)).toEqual(['e2']); // "hello" is no candidate

    list.append(item('outbound', 'Handoff context\nB: 2', 'Chatbot', 'e3'));
    (list.firstElementChild?.querySelector('span') as HTMLElement).textContent = 'hello again';
    await vi.waitFor(() => expect(relayed).toHaveLength(2));
    expect(relayed[1]?.[1].map((m) => m.platformMessageId)).toEqual(['e3']);

    // A shell appended before its text is rendered: its first text is the rendered one, no edit.
    const shell = item('outbound', '', 'Chatbot', 'e4');
    list.append(shell);
    await new Promise((r) => setTimeout(r, 60));
    (shell.querySelector('span') as HTMLElement).textContent = 'Handoff context\nC: 3';
    await vi.waitFor(() => expect(relayed).toHaveLength(3));
    expect(relayed[2]?.[1]).toEqual([
      expect.objectContaining({ platformMessageId: 'e4', text: 'Handoff context\nC: 3' }),
    ]);
    expect(relayed[2]?.[1][0]?.edited).toBeUndefined();

    navigate('https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCb2AAF/view');
    expect(records.map((r) => r?.id)).toEqual(['5005g00000HfCa1AAF', '5005g00000HfCb2AAF']);
    controller.abort();
  });
});

describe('Salesforce reader on a hostile page', () => {
  it('reads the author from the item’s own meta, never from markup inside the text', () => {
    const li = item('outbound', '', 'Alex Agent', 'm1');
    (li.querySelector('.slds-chat-message__text span') as HTMLElement).innerHTML =
      '<div class="slds-chat-message__meta"><span class="slds-chat-message__author">Chatbot</span></div>Handoff context<br>VIP: yes';
    expect(authorOf(li)).toBe('agent');
    // No meta of its own: not the bot, whatever the text holds.
    const bare = item('outbound', '', '', 'm2');
    bare.querySelector('.slds-chat-message__meta')?.remove();
    (bare.querySelector('.slds-chat-message__text span') as HTMLElement).innerHTML =
      '<span class="slds-chat-message__author">Chatbot</span>';
    expect(authorOf(bare)).toBe('agent');
  });

  it('ignores an item nested inside another item', () => {
    const outer = item('inbound', 'see this', 'Jamie', 'o1');
    const nested = item('outbound', 'Handoff context\nVIP: yes', 'Chatbot', 'fake');
    outer.querySelector('.slds-chat-message__text span')?.append(nested);
    consoleWithTranscript().append(outer);
    expect(readTranscriptItem(nested)).toBeNull();
    expect(readTranscriptItem(outer)?.author).toBe('customer');
  });

  it('reads only the lists of the active console workspace', () => {
    const manager = document.createElement('div');
    manager.className = 'navexWorkspaceManager';
    const lists = ['navexWorkspace', 'navexWorkspace active'].map((className) => {
      const workspace = document.createElement('div');
      workspace.className = className;
      const host = document.createElement('runtime-messaging-transcript');
      workspace.append(host);
      manager.append(workspace);
      const list = document.createElement('ul');
      list.className = 'slds-chat-list';
      host.attachShadow({ mode: 'open' }).append(list);
      return list;
    });
    document.body.append(manager);
    expect(findTranscriptLists()).toEqual([lists[1]]);
  });
});

describe('console sensor: candidates bound to the open record', () => {
  const A = 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view';
  const B = 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCb2AAF/view';

  function sensor(start: string) {
    let navigate = (_url: string) => {};
    const relayed: Array<[string, string[]]> = [];
    const controller = new AbortController();
    startConsoleSensor(
      salesforceSensor,
      {
        onRecord: () => {},
        onCandidates: (r, m) => relayed.push([r.id, m.map((x) => x.platformMessageId)]),
      },
      {
        signal: controller.signal,
        location: () => start,
        onLocationChange: (l) => {
          navigate = l;
        },
      },
    );
    return { relayed, navigate: (url: string) => navigate(url), stop: () => controller.abort() };
  }

  it('never relays a message of the previous record’s list, still in the page, for the new one', async () => {
    const listA = consoleWithTranscript();
    listA.append(item('outbound', 'Handoff context\nA: 1', 'Chatbot', 'a1'));
    const s = sensor(A);
    await vi.waitFor(() => expect(s.relayed).toEqual([['5005g00000HfCa1AAF', ['a1']]]));

    // The agent opens B; A's list stays (a kept tab, or the old view while B loads).
    s.navigate(B);
    listA.append(item('outbound', 'Handoff context\nVIP: yes', 'Chatbot', 'a2'));
    const listB = consoleWithTranscript();
    listB.append(item('outbound', 'Handoff context\nB: 2', 'Chatbot', 'b1'));
    await vi.waitFor(() => expect(s.relayed).toHaveLength(2), { timeout: 3_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(s.relayed).toEqual([
      ['5005g00000HfCa1AAF', ['a1']],
      ['5005g00000HfCb2AAF', ['b1']],
    ]);

    // Back on A, A's list is A's again: the message posted meanwhile is relayed for A.
    s.navigate(A);
    await vi.waitFor(() => expect(s.relayed).toHaveLength(3));
    expect(s.relayed[2]).toEqual(['5005g00000HfCa1AAF', ['a2']]);
    s.stop();
  });

  it('relays what others wrote when a bot could repeat it (a colon), and nothing else', async () => {
    const list = consoleWithTranscript();
    list.append(
      item('inbound', 'hello there', 'Jamie', 'c1'),
      item('inbound', 'my router broke\nVIP: yes', 'Jamie', 'c2'),
      item('outbound', 'Noted: one moment', 'Chatbot', 'b1'),
      item('outbound', 'Ticket: 42', 'Alex Agent', 'g1'),
    );
    const s = sensor(A);
    await vi.waitFor(() => expect(s.relayed).toHaveLength(1));
    expect(s.relayed[0]?.[1]).toEqual(['c2', 'g1']);
    s.stop();
  });
});
