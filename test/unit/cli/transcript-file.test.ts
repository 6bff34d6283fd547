// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { loadTranscript } from '@/lib/cli/transcript-file';

const load = (value: unknown, name = 'conversation.json') =>
  loadTranscript({ name, text: typeof value === 'string' ? value : JSON.stringify(value) });
const errors = (value: unknown) => {
  const loaded = load(value);
  if (loaded.ok) throw new Error('expected the transcript to be refused');
  return loaded.errors;
};

describe('loadTranscript', () => {
  it('reads the messages in posting order, as they were posted', () => {
    const messages = [
      { author: 'bot', text: 'What is your account number?' },
      { author: 'customer', text: 'AC-4242' },
      { author: 'bot', text: 'Handoff context\nAccount Number: AC-4242' },
    ];
    expect(load(messages)).toEqual({ ok: true, value: messages });
    expect(load('\uFEFF[]')).toEqual({ ok: true, value: [] });
    for (const author of ['agent', 'system', 'unknown']) {
      expect(load([{ author, text: '' }])).toMatchObject({ ok: true });
    }
  });

  it('names the file, and the line and column, of text that is not JSON', () => {
    expect(errors('[{"author": "bot",\n  "text": }]')).toEqual([
      expect.stringMatching(/^conversation\.json is not valid JSON: .*\(line 2, column 11\)$/),
    ]);
    expect(errors('  ')).toEqual(['conversation.json is empty']);
  });

  it('refuses anything but an array of messages', () => {
    expect(errors({ messages: [] })).toEqual([
      '--transcript conversation.json: must be a JSON array of messages in posting order, e.g. [{"author": "customer", "text": "…"}, {"author": "bot", "text": "…"}], not an object',
    ]);
    expect(errors('"hello"')).toEqual([
      expect.stringMatching(
        /^--transcript conversation\.json: must be a JSON array .*, not the text "hello"$/,
      ),
    ]);
  });

  it('names every problem by its path, all at once', () => {
    expect(
      errors([
        { author: 'bot', text: 'fine' },
        { author: 'Bot', text: 1 },
        { author: 'customer', txt: 'VIP: yes' },
        3,
        { text: 'who wrote this?' },
        { author: 'customer', text: 'hi', at: '10:02' },
      ]),
    ).toEqual([
      '--transcript conversation.json: [1].author: must be one of bot, customer, agent, system, unknown',
      '--transcript conversation.json: [1].text: must be a string, not the number 1',
      '--transcript conversation.json: [2].text: missing: the message as it was posted',
      '--transcript conversation.json: [2].txt: unknown member: a message has author and text only',
      '--transcript conversation.json: [3]: must be a message {"author": …, "text": …}, not the number 3',
      '--transcript conversation.json: [4].author: missing: who posted the message, one of bot, customer, agent, system, unknown',
      '--transcript conversation.json: [5].at: unknown member: a message has author and text only',
    ]);
  });

  it('at most 2,000 messages of at most 70,000 characters', () => {
    const message = { author: 'customer', text: 'x' };
    expect(load(Array.from({ length: 2_000 }, () => message))).toMatchObject({ ok: true });
    expect(errors(Array.from({ length: 2_001 }, () => message))).toEqual([
      '--transcript conversation.json: has 2,001 messages; a transcript takes at most 2,000',
    ]);
    expect(load([{ author: 'bot', text: 'x'.repeat(70_000) }])).toMatchObject({ ok: true });
    expect(errors([message, { author: 'bot', text: 'x'.repeat(70_001) }])).toEqual([
      '--transcript conversation.json: [1].text: takes at most 70,000 characters (this one has 70,001)',
    ]);
  });

  it('lists the first 20 problems of a file that is wrong throughout', () => {
    const list = errors(Array.from({ length: 50 }, () => ({ author: 'robot', text: 'x' })));
    expect(list).toHaveLength(21);
    expect(list[19]).toBe(
      '--transcript conversation.json: [19].author: must be one of bot, customer, agent, system, unknown',
    );
    expect(list[20]).toBe('--transcript conversation.json: and 30 more problems');
  });
});
