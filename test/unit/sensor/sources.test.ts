/**
 * Content-script halves of the spoofing checks and the postMessage source: an edited message is
 * relayed marked `edited`; a postMessage is relayed only from an allowed origin, as a context.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import type { CandidateMessage } from '@/lib/platforms/types';
import { startConsoleSensor } from '@/lib/sensor/console-sensor';
import { listenForContextMessages, type RelayedPostMessage } from '@/lib/sensor/post-message';

const CASE_URL = 'https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view';

function transcript() {
  const host = document.createElement('runtime-messaging-transcript');
  document.body.append(host);
  const list = document.createElement('ul');
  list.className = 'slds-chat-list';
  host.attachShadow({ mode: 'open' }).append(list);
  return list;
}

function botItem(id: string, text: string) {
  const li = document.createElement('li');
  li.className = 'slds-chat-listitem slds-chat-listitem_outbound';
  li.setAttribute('data-entry-id', id);
  li.innerHTML =
    '<div class="slds-chat-message__text"><span></span></div><div class="slds-chat-message__meta" aria-label="said Chatbot at 10:01 AM">Chatbot • 10:01 AM</div>';
  (li.querySelector('span') as HTMLElement).textContent = text;
  return li;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('edited messages in the content script', () => {
  it('relays a changed text again, marked edited — also when the first text held no context', async () => {
    const list = transcript();
    const first = botItem('e1', 'Thanks, connecting you now.');
    const second = botItem('e2', 'Handoff context\nTier: Gold');
    list.append(first, second);
    const relayed: CandidateMessage[][] = [];
    const controller = new AbortController();
    startConsoleSensor(
      salesforceSensor,
      { onRecord: () => {}, onCandidates: (_r, m) => relayed.push(m) },
      { signal: controller.signal, location: () => CASE_URL, onLocationChange: () => {} },
    );
    await vi.waitFor(() => expect(relayed).toHaveLength(1));
    expect(relayed[0]).toEqual([
      { platformMessageId: 'e2', author: 'bot', text: 'Handoff context\nTier: Gold' },
    ]);

    // A bot message without a context becomes one: the sensor knows its first text.
    (first.querySelector('span') as HTMLElement).textContent =
      'Thanks, connecting you now.\nHandoff context\nTier: Enterprise';
    await vi.waitFor(() => expect(relayed).toHaveLength(2));
    expect(relayed[1]).toEqual([
      {
        platformMessageId: 'e1',
        author: 'bot',
        text: 'Thanks, connecting you now.\nHandoff context\nTier: Enterprise',
        edited: true,
      },
    ]);

    // An edit that keeps the length and the first 64 characters is still an edit.
    (second.querySelector('span') as HTMLElement).textContent = 'Handoff context\nTier: Gol!';
    await vi.waitFor(() => expect(relayed).toHaveLength(3));
    expect(relayed[2]?.[0]).toMatchObject({ platformMessageId: 'e2', edited: true });
    controller.abort();
  });
});

describe('postMessage listener', () => {
  const ALLOWED = 'https://assist.example.com';
  const context = {
    type: 'handoff-fields/context',
    version: 1,
    conversationId: '5005g00000HfCa1AAF',
    context: 'Handoff context\nTier: Gold',
  };
  const frame = {} as Window; // another window: a frame on the page

  function start(origins: Promise<readonly string[]>) {
    const relayed: RelayedPostMessage[] = [];
    const controller = new AbortController();
    listenForContextMessages({
      target: window,
      signal: controller.signal,
      loadOrigins: () => origins,
      onMessage: (m) => relayed.push(m),
    });
    const post = (data: unknown, origin: string, source: Window | null = frame) =>
      window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as never }));
    return { relayed, post, stop: () => controller.abort() };
  }

  it('relays a context from an allowed origin, picking only the format members', async () => {
    const l = start(Promise.resolve([ALLOWED]));
    await Promise.resolve();
    l.post({ ...context, extra: 'x' }, ALLOWED);
    expect(l.relayed).toEqual([{ origin: ALLOWED, data: context }]);
    l.stop();
  });

  it('ignores other origins, the page itself, and other postMessage traffic, silently', async () => {
    const l = start(Promise.resolve([ALLOWED]));
    await Promise.resolve();
    l.post(context, 'https://evil.example.com');
    l.post(context, 'https://assist.example.com:8443'); // exact origin: the port counts
    l.post(context, 'null');
    l.post(context, ALLOWED, window); // the console's own scripts
    l.post({ type: 'something-else', payload: 1 }, ALLOWED);
    l.post('Handoff context\nTier: Gold', ALLOWED);
    expect(l.relayed).toEqual([]);
    // A malformed context from an allowed origin is relayed: the background reports it.
    l.post({ type: 'handoff-fields/context', version: 2 }, ALLOWED);
    expect(l.relayed).toHaveLength(1);
    l.stop();
  });

  it('keeps messages that arrive before the origins are known, and drops them if none is allowed', async () => {
    let resolve = (_: readonly string[]) => {};
    const l = start(new Promise((r) => (resolve = r)));
    l.post(context, ALLOWED);
    expect(l.relayed).toEqual([]);
    resolve([ALLOWED]);
    await vi.waitFor(() => expect(l.relayed).toHaveLength(1));
    l.stop();

    const none = start(Promise.resolve([]));
    none.post(context, ALLOWED);
    await Promise.resolve();
    await Promise.resolve();
    none.post(context, ALLOWED);
    expect(none.relayed).toEqual([]);
    none.stop();
  });

  it('allows nothing when the background does not answer', async () => {
    const l = start(Promise.reject(new Error('no answer')));
    l.post(context, ALLOWED);
    await new Promise((r) => setTimeout(r, 0));
    l.post(context, ALLOWED);
    expect(l.relayed).toEqual([]);
    l.stop();
  });
});
