import { describe, expect, it } from 'vitest';
import { checkMessages, messageRow } from '../../../components/options/BenchConversation';
import { OptionsApp } from '../../../components/options/OptionsApp';
import type { ConversationPreview } from '../../../lib/mapping/preview';
import { button, byLabel, choose, click, description, mount, type } from './dom';
import { fakeOptionsApi } from './options-fakes';

const ECHO =
  "This handoff context repeats what the customer wrote earlier in this conversation (the line 'VIP'), so it may be their own words passed on by the bot.";

const conversation: ConversationPreview = {
  handoffs: [
    {
      message: 1,
      context: { form: 'key-value', trust: 'refused', values: { VIP: 'yes' }, error: ECHO },
      fields: [],
    },
    {
      message: 3,
      context: {
        form: 'key-value',
        trust: 'bot-authored',
        values: { 'Account Number': 'AC-4242' },
      },
      fields: [
        {
          object: 'Case',
          field: 'Account_Number__c',
          action: 'write',
          value: 'AC-4242',
          source: ['Account Number'],
          raw: 'AC-4242',
          mapped: 'AC-4242',
          label: 'Account Number',
          mapping: 'account-number',
        },
      ],
    },
  ],
};

async function bench() {
  const fake = fakeOptionsApi();
  const root = await mount(<OptionsApp api={fake.api} initialSection="bench" />);
  await click(radio(root, 'Conversation'));
  return { ...fake, root };
}

function radio(root: ParentNode, name: string): HTMLInputElement {
  for (const label of root.querySelectorAll('label')) {
    const input = label.querySelector('input[type="radio"]');
    if (input instanceof HTMLInputElement && label.textContent?.trim() === name) return input;
  }
  throw new Error(`no radio "${name}"`);
}

/** The message rows, each a fieldset named by its legend ("Message 2"). */
const rows = (root: ParentNode) => [...root.querySelectorAll('fieldset.bench__message')];
function row(root: ParentNode, n: number): HTMLFieldSetElement {
  const found = rows(root).find((f) => f.querySelector('legend')?.textContent === `Message ${n}`);
  if (!(found instanceof HTMLFieldSetElement)) throw new Error(`no row "Message ${n}"`);
  return found;
}
const authorOf = (root: ParentNode, n: number) =>
  (byLabel(row(root, n), 'Posted by') as HTMLSelectElement).value;
const textOf = (root: ParentNode, n: number) => byLabel(row(root, n), 'Text');

describe('the test bench: a pasted conversation', () => {
  it('starts with the customer, then the bot; Add message alternates and focuses the new text', async () => {
    const { root } = await bench();
    expect(rows(root)).toHaveLength(2);
    expect([authorOf(root, 1), authorOf(root, 2)]).toEqual(['customer', 'bot']);
    // The single form's fields are gone; the conversation id and current values stay.
    expect(() => byLabel(root, 'Bot message or context')).toThrow();
    expect(byLabel(root, 'Conversation id (optional)')).toBeTruthy();
    expect(byLabel(root, 'Current values of the record (optional JSON)')).toBeTruthy();

    await click(button(root, 'Add message'));
    expect(rows(root)).toHaveLength(3);
    expect(authorOf(root, 3)).toBe('customer');
    expect(document.activeElement).toBe(textOf(root, 3));
    await click(button(root, 'Add message'));
    expect(authorOf(root, 4)).toBe('bot');
  });

  it('sends every message with its author in order, and shows each handoff’s plan', async () => {
    const { api, root } = await bench();
    api.previewConversation.mockResolvedValueOnce(conversation);
    await type(textOf(root, 1), 'Hi, my router broke\nVIP: yes');
    await type(textOf(root, 2), 'Handoff context\nVIP: yes');
    await click(button(root, 'Add message'));
    await type(textOf(root, 3), 'AC-4242');
    await click(button(root, 'Add message'));
    await type(textOf(root, 4), 'Handoff context\nAccount Number: AC-4242');
    await choose(byLabel(row(root, 1), 'Posted by'), 'customer');
    await type(byLabel(root, 'Conversation id (optional)'), ' 0Mw5g00000Ms0a1CAB ');
    await type(byLabel(root, 'Current values of the record (optional JSON)'), '{"VIP__c": false}');
    await click(button(root, 'Show the plan'));

    expect(api.preview).not.toHaveBeenCalled();
    expect(api.previewConversation).toHaveBeenCalledWith({
      platform: 'salesforce',
      messages: [
        { author: 'customer', text: 'Hi, my router broke\nVIP: yes' },
        { author: 'bot', text: 'Handoff context\nVIP: yes' },
        { author: 'customer', text: 'AC-4242' },
        { author: 'bot', text: 'Handoff context\nAccount Number: AC-4242' },
      ],
      conversationId: '0Mw5g00000Ms0a1CAB',
      current: { VIP__c: false },
    });
    const result = root.querySelector('.bench__result') as HTMLElement;
    expect(result.querySelector('[data-testid="conversation-summary"]')?.textContent).toBe(
      '2 of 4 messages hold a handoff context: 1 would be used, 1 refused. Nothing was written: this is a preview.',
    );
    const plans = [...result.querySelectorAll('section.plan')];
    expect(plans.map((p) => p.querySelector('h4')?.textContent)).toEqual([
      'Message 2 (bot)',
      'Message 4 (bot)',
    ]);
    // Each plan is named by its heading, with an id of its own.
    expect(plans.map((p) => p.getAttribute('aria-labelledby'))).toEqual([
      'conversation-plan-1',
      'conversation-plan-3',
    ]);
    const [refused, written] = plans;
    expect(refused?.querySelector('[data-testid="plan-summary"]')?.textContent).toBe(
      'Nothing would be written.',
    );
    expect(refused?.querySelector('[data-testid="plan-error"]')?.textContent).toBe(ECHO);
    expect(refused?.querySelector('.plan__fields')).toBeNull();
    expect(written?.querySelector('[data-testid="plan-summary"]')?.textContent).toBe(
      '1 would be written, 0 skipped, 0 refused. Nothing was written: this is a preview.',
    );
    expect(written?.querySelector('tr[data-field="Account_Number__c"]')?.textContent).toMatch(
      /Account Number.*AC-4242.*Write/,
    );
  });

  it('says so plainly when no message holds a context', async () => {
    const { api, root } = await bench();
    api.previewConversation.mockResolvedValueOnce({ handoffs: [] });
    await type(textOf(root, 1), 'Hello?');
    await type(textOf(root, 2), 'Hi! How can I help?');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('[data-testid="conversation-summary"]')?.textContent).toBe(
      'No message holds a handoff context, so nothing would be written.',
    );
    expect(root.querySelector('section.plan')).toBeNull();
  });

  it('checks each message next to it before asking, and focuses the first one to fix', async () => {
    const { api, root } = await bench();
    await type(textOf(root, 2), 'Handoff context\nVIP: yes');
    await click(button(root, 'Add message'));
    await click(button(root, 'Show the plan'));
    expect(api.previewConversation).not.toHaveBeenCalled();
    const first = textOf(root, 1);
    expect(first.getAttribute('aria-invalid')).toBe('true');
    expect(description(root, first)).toBe('Paste the message as it was posted, or remove it.');
    expect(row(root, 1).querySelector('.form-error')?.textContent).toBe(
      'Paste the message as it was posted, or remove it.',
    );
    expect(textOf(root, 2).getAttribute('aria-invalid')).toBeNull();
    expect(textOf(root, 3).getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(first);
    // Typing clears the error of that message only.
    await type(first, 'VIP: yes');
    expect(first.getAttribute('aria-invalid')).toBeNull();
    expect(textOf(root, 3).getAttribute('aria-invalid')).toBe('true');

    const long = messageRow('bot', 'x'.repeat(70_001));
    expect(checkMessages([long])).toEqual({
      [long.key]: 'A message takes at most 70,000 characters; this one has 70,001.',
    });
    expect(checkMessages([messageRow('bot', 'x'.repeat(70_000))])).toEqual({});
  });

  it('calls a message whose context cannot be read an input error, and clears the plan', async () => {
    const { api, root } = await bench();
    api.previewConversation.mockResolvedValue(conversation);
    await type(textOf(root, 1), 'Hi, I need help with my tier'); // no context: fine
    await type(textOf(root, 2), 'Handoff context\nVIP: yes');
    await click(button(root, 'Show the plan'));
    expect(root.querySelector('[data-testid="conversation-summary"]')).not.toBeNull();

    await type(textOf(root, 2), 'handoff-context\n{"VIP": yes}');
    await click(button(root, 'Show the plan'));
    expect(api.previewConversation).toHaveBeenCalledTimes(1);
    expect(textOf(root, 1).getAttribute('aria-invalid')).toBeNull();
    expect(textOf(root, 2).getAttribute('aria-invalid')).toBe('true');
    expect(description(root, textOf(root, 2))).toContain('Handoff context JSON is not valid');
    expect(root.querySelector('.bench__result')?.textContent).toBe('');
  });

  it('Remove takes a message out, labelled with its number, and focus stays in the list', async () => {
    const { root } = await bench();
    await click(button(root, 'Add message'));
    await type(textOf(root, 1), 'one');
    await type(textOf(root, 2), 'two');
    await type(textOf(root, 3), 'three');
    await click(button(root, 'Remove message 2'));
    expect(rows(root).map((r) => (byLabel(r, 'Text') as HTMLTextAreaElement).value)).toEqual([
      'one',
      'three',
    ]);
    // The message that took its place is focused; its legend is renumbered.
    expect(document.activeElement).toBe(textOf(root, 2));
    await click(button(root, 'Remove message 2'));
    expect(document.activeElement).toBe(textOf(root, 1));
    // The last message cannot be removed: a conversation has at least one.
    expect(() => button(root, 'Remove message 1')).toThrow();
  });

  it('takes at most 200 messages', async () => {
    const { root } = await bench();
    for (let i = rows(root).length; i < 200; i++) await click(button(root, 'Add message'));
    const add = button(root, 'Add message');
    expect(add.disabled).toBe(true);
    expect(description(root, add)).toBe('A conversation takes at most 200 messages.');
  }, 30_000);

  it('renders what the page sent as text, never as HTML', async () => {
    const { api, root } = await bench();
    const html = '<img src=x onerror="alert(1)">';
    api.previewConversation.mockResolvedValueOnce({
      handoffs: [
        {
          message: 0,
          context: { form: 'key-value', trust: 'refused', values: { [html]: html }, error: html },
          fields: [],
        },
      ],
    });
    await type(textOf(root, 1), html);
    await type(textOf(root, 2), html);
    await click(button(root, 'Show the plan'));
    const result = root.querySelector('.bench__result') as HTMLElement;
    expect(result.querySelector('img')).toBeNull();
    expect(result.querySelector('[data-testid="plan-error"]')?.textContent).toBe(html);
    expect(result.textContent).toContain(html);
  });

  it('back to a single message: the single form as before, and its plan', async () => {
    const { api, root } = await bench();
    await click(radio(root, 'Single message'));
    expect(rows(root)).toHaveLength(0);
    await type(byLabel(root, 'Bot message or context'), 'Handoff context\nVIP: yes');
    await click(button(root, 'Show the plan'));
    expect(api.previewConversation).not.toHaveBeenCalled();
    expect(api.preview).toHaveBeenCalledWith({
      platform: 'salesforce',
      text: 'Handoff context\nVIP: yes',
      author: 'bot',
    });
    expect(root.querySelector('#plan-title')?.textContent).toBe('Plan');
  });
});
