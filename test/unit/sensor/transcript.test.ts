import { afterEach, describe, expect, it, vi } from 'vitest';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import {
  authorOf,
  findTranscriptLists,
  readTranscriptItem,
  salesforceProfile,
  senderInMeta,
} from '@/lib/platforms/salesforce/transcript';
import type { CandidateMessage, RecordRef } from '@/lib/platforms/types';
import { startConsoleSensor } from '@/lib/sensor/console-sensor';
import { consoleWithTranscript, entry } from './published-markup';

/**
 * Entries as Salesforce's design system publishes them (ui/components/chat): no author element, the
 * sender in the meta text "Name • 10:01 AM" and its aria-label. In a run, the first entry shows no
 * meta (`meta: false`), the later ones carry the run marker (`faux: true`), only the last the meta.
 */
const item = entry;

const profile = salesforceProfile.defaults;
const author = (li: Element) => authorOf(li, profile).author;
const read = (li: Element) => readTranscriptItem(li, profile)?.message ?? null;

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('Salesforce transcript reader', () => {
  it('finds the list through nested shadow roots', () => {
    const list = consoleWithTranscript();
    expect(findTranscriptLists(profile)).toEqual([list]);
  });

  it('labels each author: bot and agent are both outbound, told apart by the sender name', () => {
    expect(author(item('outbound', 'x', 'Chatbot'))).toBe('bot');
    expect(author(item('outbound', 'x', 'einstein bot'))).toBe('bot');
    expect(author(item('outbound', 'x', 'Alex Agent'))).toBe('agent');
    expect(author(item('inbound', 'x', 'Jamie Customer'))).toBe('customer');
    expect(author(item('event', 'Chat transferred'))).toBe('system');
    expect(author(item('outbound-agent', 'x', 'Chatbot'))).toBe('agent');
    const stray = document.createElement('li');
    expect(author(stray)).toBe('unknown');
  });

  it('reads the text with its line breaks and the entry id', () => {
    const li = item('outbound', 'Handoff context\nAccount Tier: Premium', 'Chatbot', '0Mx1');
    expect(read(li)).toEqual({
      platformMessageId: '0Mx1',
      author: 'bot',
      text: 'Handoff context\nAccount Tier: Premium',
    });
    const br = item('outbound', '', 'Chatbot', '0Mx2');
    (br.querySelector('span') as HTMLElement).innerHTML = 'Handoff context<br>VIP: yes';
    expect(read(br)?.text).toBe('Handoff context\nVIP: yes');
    expect(read(item('outbound', '   ', 'Chatbot'))).toBeNull();
  });

  it('decides the author only when asked to for the text, and still reads the text and id', () => {
    const li = item('outbound', 'Thanks, one moment please', 'Chatbot', '0Mx3');
    const asked: string[] = [];
    const reading = readTranscriptItem(li, profile, (text) => {
      asked.push(text);
      return false;
    });
    expect(asked).toEqual(['Thanks, one moment please']);
    expect(reading).toEqual({
      message: { platformMessageId: '0Mx3', author: 'unknown', text: 'Thanks, one moment please' },
      why: { author: 'unknown', basis: 'not-read' },
    });
    // Its meta is not read: a message of a run whose meta has not come yet is read as well.
    const early = item('outbound', 'One moment', 'Chatbot', '0Mx4', { meta: false });
    expect(readTranscriptItem(early, profile)).toBeNull();
    expect(readTranscriptItem(early, profile, () => false)?.message.text).toBe('One moment');
    // Asked for, the author is decided as always; an event is the system's without asking.
    expect(readTranscriptItem(li, profile, () => true)?.message.author).toBe('bot');
    const event = item('event', 'Chat transferred');
    expect(readTranscriptItem(event, profile, () => false)?.why).toEqual({
      author: 'system',
      basis: 'event',
    });
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
      '<div class="slds-chat-message__meta" aria-label="said Chatbot at 10:00 AM">Chatbot • 10:00 AM</div>Handoff context<br>VIP: yes';
    expect(author(li)).toBe('agent');
    // No meta of its own: not the bot, whatever the text holds (a meta, a run marker).
    const bare = item('outbound', '', '', 'm2');
    bare.querySelector('.slds-chat-message__meta')?.remove();
    (bare.querySelector('.slds-chat-message__text span') as HTMLElement).innerHTML =
      '<div class="slds-chat-message slds-chat-message_faux-avatar"></div><div class="slds-chat-message__meta">Chatbot • 10:00 AM</div>';
    expect(authorOf(bare, profile)).toEqual({ author: 'unknown', basis: 'no-sender' });
    expect(read(bare)).toBeNull();
  });

  it('ignores an item nested inside another item', () => {
    const outer = item('inbound', 'see this', 'Jamie', 'o1');
    const nested = item('outbound', 'Handoff context\nVIP: yes', 'Chatbot', 'fake');
    outer.querySelector('.slds-chat-message__text span')?.append(nested);
    consoleWithTranscript().append(outer);
    expect(read(nested)).toBeNull();
    expect(read(outer)?.author).toBe('customer');
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
    expect(findTranscriptLists(profile)).toEqual([lists[1]]);
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

  it('marks an ordinary line edited into a context as edited (its author was never read)', async () => {
    const list = consoleWithTranscript();
    const line = item('outbound', 'Thanks, one moment', 'Chatbot', 'b7');
    list.append(line);
    const relayed: CandidateMessage[] = [];
    const controller = new AbortController();
    startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: (_r, m) => relayed.push(...m) },
      {
        signal: controller.signal,
        location: () => 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view',
        onLocationChange: () => {},
      },
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(relayed).toEqual([]);
    (line.querySelector('span') as HTMLElement).textContent = 'Handoff context\nVIP: yes';
    await vi.waitFor(() => expect(relayed).toHaveLength(1));
    expect(relayed[0]).toMatchObject({ platformMessageId: 'b7', author: 'bot', edited: true });
    controller.abort();
  });
});

describe('the sender in a meta line (senderInMeta)', () => {
  it('is the text before the separator, the time after it', () => {
    expect(senderInMeta('Chatbot • 5:09 PM', 'said Chatbot at 5:09 PM')).toBe('Chatbot');
    expect(senderInMeta('  Einstein   Bot •  17:09 ', null)).toBe('Einstein Bot');
  });

  it('keeps a name that holds the separator itself: the time follows the last one', () => {
    expect(senderInMeta('Acme • Support Bot • 5:09 PM', null)).toBe('Acme • Support Bot');
  });

  it('takes the whole text when there is no time', () => {
    expect(senderInMeta('Chatbot', null)).toBe('Chatbot');
    expect(senderInMeta('Acme • Support', null)).toBe('Acme • Support');
  });

  it('reads names in other scripts and times in other locales', () => {
    expect(senderInMeta('チャットボット • 午後5:09', null)).toBe('チャットボット');
    expect(senderInMeta('Бот поддержки • 17:09', null)).toBe('Бот поддержки');
    expect(senderInMeta('مساعد • ٥:٠٩ م', null)).toBe('مساعد');
  });

  it('falls back on the aria-label when the meta shows no text', () => {
    expect(senderInMeta('', 'said Chatbot at 5:09 PM')).toBe('Chatbot');
    expect(senderInMeta('', 'said Anna at home at 5:09 PM')).toBe('Anna at home');
    expect(senderInMeta('', 'said Chatbot')).toBe('Chatbot');
    expect(senderInMeta('', 'sent by Chatbot')).toBeUndefined();
    expect(senderInMeta('', null)).toBeUndefined();
  });
});

describe('runs of messages (faux avatar)', () => {
  it('gives each message of a run the sender of its last message', () => {
    const list = consoleWithTranscript();
    const first = item('outbound', 'Handoff context', '', 'r1', { meta: false });
    const second = item('outbound', 'Account Number: AC-1', '', 'r2', { faux: true, meta: false });
    const last = item('outbound', 'VIP: yes', 'Chatbot', 'r3', { faux: true });
    list.append(first, second, last);
    expect(authorOf(first, profile)).toEqual({ author: 'bot', basis: 'run', sender: 'Chatbot' });
    expect(authorOf(second, profile)).toEqual({ author: 'bot', basis: 'run', sender: 'Chatbot' });
    expect(authorOf(last, profile)).toEqual({ author: 'bot', basis: 'meta', sender: 'Chatbot' });
  });

  it('never crosses into another direction: a run interrupted is not the bot’s', () => {
    const list = consoleWithTranscript();
    const orphan = item('outbound', 'Handoff context\nVIP: yes', '', 'o1', { meta: false });
    list.append(
      orphan,
      item('inbound', 'hi', 'Jamie', 'c1'),
      item('outbound', 'x', 'Chatbot', 'b1', { faux: true }),
    );
    expect(authorOf(orphan, profile).basis).toBe('no-sender');
    expect(read(orphan)).toBeNull();
    // The next outbound entry without the run marker starts another run: not this one's sender.
    const alone = item('outbound', 'Handoff context\nVIP: yes', '', 'o2', { meta: false });
    consoleWithTranscript().append(alone, item('outbound', 'x', 'Chatbot', 'b2'));
    expect(authorOf(alone, profile).basis).toBe('no-sender');
  });

  it('reads another agent’s run as an agent’s, whatever its name', () => {
    const list = consoleWithTranscript();
    const first = item('outbound-agent', 'Handoff context\nVIP: yes', '', 'a1', { meta: false });
    list.append(first, item('outbound-agent', 'more', 'Chatbot', 'a2', { faux: true }));
    expect(authorOf(first, profile)).toEqual({ author: 'agent', basis: 'outbound-agent' });
  });

  it('skips bookends and reads events as the system’s', () => {
    expect(read(item('bookend', 'Chat started by Jamie • 10:00 AM', '', 'k1'))).toBeNull();
    expect(read(item('event', 'Chatbot transferred the chat', '', 'v1'))?.author).toBe('system');
  });

  it('keeps a message the bot’s when a later message of its run takes the meta (live)', async () => {
    const list = consoleWithTranscript();
    const relayed: CandidateMessage[] = [];
    const controller = new AbortController();
    startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: (_r, m) => relayed.push(...m) },
      {
        signal: controller.signal,
        location: () => 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view',
        onLocationChange: () => {},
      },
    );
    // The bot posts its context: the last of its run, with the meta.
    const first = item('outbound', 'Handoff context\nVIP: yes', 'Chatbot', 'r1');
    list.append(first);
    await vi.waitFor(() => expect(relayed.map((m) => m.platformMessageId)).toEqual(['r1']));
    // It posts again: the first one loses its meta, the new one continues the run, as the console does.
    first.querySelector('.slds-chat-message__meta')?.remove();
    list.append(
      item('outbound', 'Handoff context\nAccount Number: AC-2', 'Chatbot', 'r2', { faux: true }),
    );
    await vi.waitFor(() => expect(relayed.map((m) => m.platformMessageId)).toEqual(['r1', 'r2']));
    expect(relayed.every((m) => m.author === 'bot')).toBe(true);
    controller.abort();
  });
});

describe('a transcript profile fixed on site', () => {
  it('reads with the override from the next message on, and reports what it could not use', async () => {
    const list = consoleWithTranscript();
    const relayed: CandidateMessage[] = [];
    const controller = new AbortController();
    const sensor = startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: (_r, m) => relayed.push(...m) },
      {
        signal: controller.signal,
        location: () => 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view',
        onLocationChange: () => {},
      },
    );
    // This console's bot posts as "Acme Helper", a name the shipped profile does not know.
    list.append(item('outbound', 'Handoff context\nVIP: yes', 'Acme Helper', 'h1'));
    await vi.waitFor(() => expect(relayed).toHaveLength(1));
    expect(relayed[0]?.author).toBe('agent');

    const problems = sensor.useProfile({
      botNames: ['Acme Helper'],
      values: { meta: 'div[', nonsense: 'x', fauxAvatar: 'two classes' },
    });
    expect(problems.map((p) => p.key)).toEqual(['meta', 'nonsense', 'fauxAvatar']);
    expect(problems[0]?.message).toMatch(/not a CSS selector.*default is used/);
    list.append(item('outbound', 'Handoff context\nAccount Number: AC-3', 'Acme Helper', 'h2'));
    await vi.waitFor(() => expect(relayed.map((m) => m.platformMessageId)).toContain('h2'));
    expect(relayed.find((m) => m.platformMessageId === 'h2')?.author).toBe('bot');
    // The first message, read again with the fixed profile, is relayed again as the bot's.
    expect(relayed.filter((m) => m.platformMessageId === 'h1').map((m) => m.author)).toEqual([
      'agent',
      'bot',
    ]);
    controller.abort();
  });
});
