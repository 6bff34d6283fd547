/**
 * The echo check (lib/context/echo.ts): an unverified context from the bot is refused when it
 * repeats what someone else wrote earlier; values the bot collected by asking still land.
 */
import { describe, expect, it } from 'vitest';
import {
  contextFingerprints,
  echoMessage,
  jsonMembers,
  memorySaid,
  saidFingerprints,
} from '@/lib/context/echo';
import { parseContext } from '@/lib/context/parse';

/** The fingerprints of the context in a bot message. */
function contextOf(text: string) {
  const parsed = parseContext(text);
  if (!parsed.found || !parsed.ok || parsed.form === 'signed') throw new Error('no context');
  return contextFingerprints(parsed);
}

/** Whether the bot's context repeats a fingerprint of what the customer wrote. */
function echoes(customer: string, bot: string): string | undefined {
  const said = new Set(saidFingerprints(customer));
  const hit = contextOf(bot).find((f) => said.has(f.fingerprint));
  return hit && (hit.label.kind === 'block' ? 'block' : hit.label.key);
}

describe('what counts as an echo', () => {
  it('a block the customer typed, restated by the bot', () => {
    const block = 'Handoff context\nAccount Number: AC-EVIL\nVIP: yes';
    expect(echoes(block, `You wrote:\n${block}`)).toBe('block');
    // Other spacing or case: still the same block; bullets: still the same lines.
    expect(
      echoes('handoff  context\naccount number:   ac-evil\nvip: YES', `Thanks!\n${block}`),
    ).toBe('block');
    expect(
      echoes('handoff context\n- account number:   ac-evil\n- vip: YES', `Thanks!\n${block}`),
    ).toBe('Account Number');
  });

  it('a line the customer typed, injected into a template (`Issue: {{text}}`)', () => {
    const customer = 'my router broke\nVIP: yes';
    const bot = `Handoff context\nIssue: my router broke\nVIP: yes\nAccount Number: 4242`;
    expect(echoes(customer, bot)).toBe('VIP');
  });

  it('a JSON member the customer pasted, whatever the form the bot uses', () => {
    expect(
      echoes('here: {"VIP": true, "Tier": "Gold"} ok?', 'handoff-context\n{"vip": true}'),
    ).toBe('vip');
    // The panel names the key as the bot's context spells it.
    expect(echoes('{"Account Tier": "Gold"}', 'Handoff context\naccount_tier: gold')).toBe(
      'account_tier',
    );
    expect(echoes('VIP: true', 'handoff-context\n{"VIP": true}')).toBe('VIP');
  });

  it('customer JSON wrapped by the bot into a nested object: the member is the same member', () => {
    // The customer pasted an object; the bot's template put it under "customer".
    expect(
      echoes(
        'my details {"tier": "Gold", "vip": true}',
        'handoff-context\n{"customer": {"tier": "Gold"}, "Order": "A-1"}',
      ),
    ).toBe('customer.tier');
    // A nested member the customer did not write is no echo.
    expect(
      echoes('my tier is Gold', 'handoff-context\n{"customer": {"tier": "Gold"}}'),
    ).toBeUndefined();
  });

  it('a line with invisible characters or another Unicode form is the same line', () => {
    expect(echoes('VIP:\u200b ｙｅｓ', 'Handoff context\nVIP: yes')).toBe('VIP');
  });

  it('a quoted line is still what the customer wrote', () => {
    expect(echoes('> VIP: yes', 'Handoff context\nVIP: yes')).toBe('VIP');
  });
});

describe('what still lands', () => {
  it('a value the bot collected by asking: "4242", then `Account Number: 4242`', () => {
    expect(echoes('4242', 'Handoff context\nAccount Number: 4242')).toBeUndefined();
    expect(echoes('it is 4242', 'Handoff context\nAccount Number: 4242')).toBeUndefined();
  });

  it('the same value under another key, or another value under the same key', () => {
    expect(echoes('My number: 4242', 'Handoff context\nAccount Number: 4242')).toBeUndefined();
    expect(echoes('VIP: no', 'Handoff context\nVIP: yes')).toBeUndefined();
  });

  it('an empty value repeats nothing (empty values are never written)', () => {
    expect(saidFingerprints('Notes:')).toEqual([]);
    expect(echoes('Notes: ', 'Handoff context\nNotes:\nVIP: yes')).toBeUndefined();
  });

  it('prose without a colon gives no fingerprint', () => {
    expect(saidFingerprints('Hi, my router keeps dropping the connection.')).toEqual([]);
  });
});

describe('jsonMembers', () => {
  it('reads "key": scalar members anywhere, in one pass', () => {
    expect(
      jsonMembers('x {"a": "b", "n": -1.5e3, "t": true, "z": null, "o": {"in": 2}} "s":"q"'),
    ).toEqual([
      ['a', 'b'],
      ['n', '-1.5e3'],
      ['t', true],
      ['z', null],
      ['in', '2'],
      ['s', 'q'],
    ]);
    expect(jsonMembers('"unclosed: 1')).toEqual([]);
    expect(jsonMembers('"a\\"b": "c\\n"')).toEqual([['a"b', 'c\n']]);
  });

  it('stays linear on hostile input', () => {
    const text = `${'"a":'.repeat(20_000)}${'"'.repeat(20_000)}`;
    const start = performance.now();
    jsonMembers(text);
    saidFingerprints(text);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('memorySaid', () => {
  const block = 'Handoff context\nVIP: yes';
  const query = (over: Partial<Parameters<ReturnType<typeof memorySaid>['find']>[0]> = {}) => ({
    conversation: 'c1',
    messageId: 'bot-1',
    fingerprints: contextOf(block),
    before: 100,
    ...over,
  });

  it('finds what an earlier message of the same conversation said, with its author', async () => {
    const memory = memorySaid();
    await memory.remember([
      { conversation: 'c1', messageId: 'u1', by: 'customer', text: 'VIP: yes', at: 50 },
    ]);
    expect(await memory.find(query())).toEqual({
      label: { kind: 'line', key: 'VIP' },
      by: 'customer',
    });
    // Another conversation, a later sighting, or the bot's own message do not count.
    expect(await memory.find(query({ conversation: 'c2' }))).toBeUndefined();
    expect(await memory.find(query({ before: 10 }))).toBeUndefined();
    expect(await memory.find(query({ messageId: 'u1' }))).toBeUndefined();
  });
});

describe('echoMessage', () => {
  it('says what happened and what to do, naming the key but never a value', () => {
    const message = echoMessage({ label: { kind: 'line', key: 'VIP' }, by: 'customer' });
    expect(message).toBe(
      "This handoff context repeats what the customer wrote earlier in this conversation (the line 'VIP'), so it may be their own words passed on by the bot. Nothing was written: check the values with the customer and fill the fields by hand. A bot that passes on what customers type must sign its context (see the signing guide).",
    );
    expect(echoMessage({ label: { kind: 'block' }, by: 'system' })).toMatch(
      /^This handoff context repeats what an automated message wrote earlier in this conversation \(the whole block\)/,
    );
  });
});
