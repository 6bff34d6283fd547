import { afterEach, describe, expect, it } from 'vitest';
import {
  findTimelines as findWith,
  kustomerProfile,
  readingOf,
  readTimelineItem as readWith,
} from '@/lib/platforms/kustomer/transcript';

const profile = kustomerProfile.defaults;
const timelineSelectors = profile.values;
const findTimelines = (root?: ParentNode) => findWith(profile, root);
const authorOfItem = (el: Element, botNames?: string[]) =>
  readingOf(el, botNames ? { ...profile, botNames } : profile).author;
const readTimelineItem = (el: Element) => readWith(el, profile)?.message ?? null;

afterEach(() => {
  document.body.innerHTML = '';
});

/** A timeline the way the agent desktop marks it: `data-kt` hooks on plain React DOM. */
function timeline(): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-kt', 'timeline');
  document.body.append(el);
  return el;
}

interface ItemOptions {
  type?: 'message' | 'event';
  direction?: 'in' | 'out';
  id?: string;
  author?: string;
  badge?: boolean;
  html?: string;
  text?: string;
}

function item(o: ItemOptions): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-kt', 'timelineItem');
  if (o.type) el.setAttribute('data-kt-type', o.type);
  if (o.direction) el.setAttribute('data-kt-direction', o.direction);
  if (o.id) el.setAttribute('data-kt-id', o.id);
  if (o.type === 'event') {
    const text = document.createElement('span');
    text.setAttribute('data-kt', 'eventText');
    text.textContent = o.text ?? '';
    el.append(text);
    return el;
  }
  const header = document.createElement('div');
  const author = document.createElement('span');
  author.setAttribute('data-kt', 'messageAuthor');
  author.textContent = o.author ?? '';
  header.append(author);
  if (o.badge) {
    const badge = document.createElement('span');
    badge.setAttribute('data-kt', 'botBadge');
    badge.textContent = 'AI';
    header.append(badge);
  }
  const body = document.createElement('div');
  body.setAttribute('data-kt', 'messageBody');
  if (o.html !== undefined) body.innerHTML = o.html;
  else body.textContent = o.text ?? '';
  el.append(header, body);
  return el;
}

describe('findTimelines', () => {
  it('finds the timeline, also inside an open shadow root', () => {
    const plain = timeline();
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('section');
    inner.setAttribute('data-kt', 'timeline');
    shadow.append(inner);
    expect(findTimelines()).toEqual([plain, inner]);
  });

  it('finds nothing on a page without one', () => {
    document.body.innerHTML = '<div data-kt="customerCard"></div>';
    expect(findTimelines()).toEqual([]);
  });

  it('leaves out a hidden timeline where the browser can tell', () => {
    const shown = timeline();
    const hidden = timeline();
    const check = (el: Element) => el !== hidden;
    Object.defineProperty(hidden, 'checkVisibility', { value: () => check(hidden) });
    Object.defineProperty(shown, 'checkVisibility', { value: () => check(shown) });
    expect(findTimelines()).toEqual([shown]);
  });
});

describe('authorOfItem', () => {
  it('event → system; in → customer', () => {
    expect(authorOfItem(item({ type: 'event', text: 'Conversation assigned' }))).toBe('system');
    expect(authorOfItem(item({ type: 'message', direction: 'in', author: 'Ada Bot' }))).toBe(
      'customer',
    );
  });

  it('out with a bot badge or a bot name → bot; other out → agent', () => {
    expect(
      authorOfItem(item({ type: 'message', direction: 'out', author: 'Sam', badge: true })),
    ).toBe('bot');
    for (const name of ['Customer Assist', 'kustomer ai', '  Ada   Bot ']) {
      expect(authorOfItem(item({ type: 'message', direction: 'out', author: name })), name).toBe(
        'bot',
      );
    }
    expect(authorOfItem(item({ type: 'message', direction: 'out', author: 'Alex Agent' }))).toBe(
      'agent',
    );
    expect(
      authorOfItem(item({ type: 'message', direction: 'out', author: 'Helper' }), ['helper']),
    ).toBe('bot');
  });

  it('anything unmarked → unknown', () => {
    expect(authorOfItem(item({}))).toBe('unknown');
    expect(authorOfItem(item({ type: 'message' }))).toBe('unknown');
  });
});

describe('readTimelineItem', () => {
  it('reads a bot message with its id, keeping line breaks', () => {
    const el = item({
      type: 'message',
      direction: 'out',
      id: '6000000000000000000000a2',
      author: 'Customer Assist',
      html: '<p>Handoff context</p><p>Account Tier: Gold<br>Order: A-1001</p>',
    });
    expect(readTimelineItem(el)).toEqual({
      platformMessageId: '6000000000000000000000a2',
      author: 'bot',
      text: 'Handoff context\nAccount Tier: Gold\nOrder: A-1001',
    });
  });

  it('decides the author only when asked to for the text (the header is not read otherwise)', () => {
    const el = item({
      type: 'message',
      direction: 'out',
      id: 'm9',
      author: 'Customer Assist',
      text: 'Thanks, one moment',
    });
    expect(readWith(el, profile, () => false)).toEqual({
      message: { platformMessageId: 'm9', author: 'unknown', text: 'Thanks, one moment' },
      why: { author: 'unknown', basis: 'not-read' },
    });
    expect(readWith(el, profile, () => true)?.message.author).toBe('bot');
  });

  it('keeps literal newlines of pre-wrapped text', () => {
    const el = item({ type: 'message', direction: 'in', id: 'm1', text: 'a: 1\nb: 2' });
    expect(readTimelineItem(el)?.text).toBe('a: 1\nb: 2');
  });

  it('reads an event from its event text', () => {
    const el = item({ type: 'event', id: 'e1', text: 'Conversation transferred to Billing' });
    expect(readTimelineItem(el)).toEqual({
      platformMessageId: 'e1',
      author: 'system',
      text: 'Conversation transferred to Billing',
    });
  });

  it('gives null without text', () => {
    expect(
      readTimelineItem(item({ type: 'message', direction: 'out', id: 'm2', text: '  ' })),
    ).toBeNull();
    const bare = document.createElement('div');
    bare.setAttribute('data-kt', 'timelineItem');
    expect(readTimelineItem(bare)).toBeNull();
  });

  it('without an id, identifies the item by its position and length', () => {
    const list = timeline();
    list.append(
      item({ type: 'message', direction: 'in', text: 'first' }),
      item({ type: 'message', direction: 'in', text: 'second' }),
    );
    const items = list.querySelectorAll(timelineSelectors.item);
    expect(readTimelineItem(items[1] as Element)?.platformMessageId).toBe('pos-1-6');
  });

  it('renders nothing: markup in a message is read as text', () => {
    const el = item({
      type: 'message',
      direction: 'in',
      id: 'm3',
      text: '<img src=x onerror=alert(1)>',
    });
    expect(readTimelineItem(el)?.text).toBe('<img src=x onerror=alert(1)>');
    expect(el.querySelector('img')).toBeNull();
  });
});

// A rich body (a quoted HTML e-mail) can carry markup that imitates a header.
describe('authorship from the header only', () => {
  it('ignores a bot badge or a bot name inside the message body', () => {
    const badge = item({
      type: 'message',
      direction: 'out',
      author: 'Alex Agent',
      html: '<p>Quoting: <span data-kt="botBadge">Bot</span></p><p>Handoff context</p><p>VIP: yes</p>',
    });
    expect(authorOfItem(badge)).toBe('agent');
    const name = item({
      type: 'message',
      direction: 'out',
      author: '',
      html: '<span data-kt="messageAuthor">Customer Assist</span> Handoff context',
    });
    expect(authorOfItem(name)).toBe('agent');
  });

  it('ignores an item nested inside another item', () => {
    const outer = item({ type: 'message', direction: 'in', author: 'Jamie', text: 'hi' });
    const nested = item({
      type: 'message',
      direction: 'out',
      author: 'Customer Assist',
      badge: true,
      id: 'fake',
      text: 'Handoff context\nVIP: yes',
    });
    outer.querySelector('[data-kt="messageBody"]')?.append(nested);
    timeline().append(outer);
    expect(readTimelineItem(nested)).toBeNull();
    expect(readTimelineItem(outer)?.author).toBe('customer');
  });
});
