import { describe, expect, it } from 'vitest';
import { mayHoldContext } from '@/lib/context/candidate';
import {
  HANDOFF_LOOKALIKE,
  invisibleInKey,
  invisibleInValue,
  LOOKALIKE_MESSAGE,
  skeleton,
} from '@/lib/context/lookalike';
import { parseContext } from '@/lib/context/parse';

const lookalike = (form: 'signed' | 'json' | 'key-value') => ({
  found: true,
  ok: false,
  form,
  error: LOOKALIKE_MESSAGE,
  spoof: 'lookalike',
});

const KV = (heading: string) =>
  `Thanks, connecting you.\n${heading}\nAccount Tier: Enterprise\nVIP: yes`;

describe('lookalike markers', () => {
  it.each([
    ['Cyrillic а in Handoff', 'H\u0430ndoff context'],
    ['Cyrillic о and е in context', 'Handoff c\u043Ent\u0435xt'],
    ['Cyrillic Н (capital)', '\u041Dandoff context'],
    ['Greek ο', 'Hand\u03BFff context'],
    ['Greek Α and Τ', 'H\u0391NDOFF CON\u03A4EXT'],
    ['Armenian հ', '\u0570andoff context'],
    [
      'fullwidth letters',
      '\uFF28\uFF41\uFF4E\uFF44\uFF4F\uFF46\uFF46 \uFF43\uFF4F\uFF4E\uFF54\uFF45\uFF58\uFF54',
    ],
    [
      'mathematical bold',
      '\u{1D407}\u{1D41A}\u{1D427}\u{1D41D}\u{1D428}\u{1D41F}\u{1D41F} context',
    ],
    ['the ﬀ ligature', 'Hando\uFB00 context'],
  ])('refuses a key–value heading with a homoglyph: %s', (_name, heading) => {
    expect(parseContext(KV(heading))).toEqual(lookalike('key-value'));
  });

  it.each([
    ['zero-width space', '\u200B'],
    ['zero-width non-joiner', '\u200C'],
    ['zero-width joiner', '\u200D'],
    ['word joiner', '\u2060'],
    ['byte order mark', '\uFEFF'],
    ['soft hyphen', '\u00AD'],
    ['left-to-right mark', '\u200E'],
    ['right-to-left embedding', '\u202B'],
    ['first-strong isolate', '\u2068'],
  ])('refuses a marker with an invisible %s inside a word', (_name, ch) => {
    expect(parseContext(KV(`Hand${ch}off context`))).toEqual(lookalike('key-value'));
    expect(parseContext(`Handoff con${ch}text\nTier: Gold`)).toEqual(lookalike('key-value'));
  });

  it('refuses lookalikes of the signed and JSON markers and of the handoffContext key', () => {
    expect(parseContext('handoff\u2013context: aaa.bbb.ccc')).toEqual(lookalike('signed')); // en dash
    expect(parseContext('handoff-context\uA789 aaa.bbb.ccc')).toEqual(lookalike('signed')); // modifier colon
    expect(parseContext('handoff-c\u043Entext: eyJ.eyJ.sig')).toEqual(lookalike('signed'));
    expect(parseContext('h\u0430ndoff-context\n{"Tier": "Gold"}')).toEqual(lookalike('json'));
    expect(parseContext('\u266Fhandoff\n{"Tier": "Gold"}')).toEqual(lookalike('json')); // ♯
    expect(parseContext('#hand\u200Doff\n{"Tier": "Gold"}')).toEqual(lookalike('json'));
    expect(parseContext('Summary: {"h\u0430ndoffContext": {"Tier": "Gold"}}')).toEqual(
      lookalike('json'),
    );
  });

  it('refuses a heading shown forwards but stored backwards under a right-to-left override', () => {
    expect(parseContext('\u202Etxetnoc ffodnaH\nTier: Gold')).toEqual(lookalike('key-value'));
  });

  it('leaves genuine markers and ordinary text alone', () => {
    expect(parseContext(KV('**Handoff context**'))).toMatchObject({ ok: true, form: 'key-value' });
    expect(parseContext('HANDOFF CONTEXT\nTier: Gold')).toMatchObject({ ok: true });
    expect(parseContext('Handoff\u00A0context\nTier: Gold')).toMatchObject({ ok: true }); // NBSP is a space
    expect(parseContext('#handoff\n{"Tier": "Gold"}')).toMatchObject({ ok: true, form: 'json' });
    // Non-Latin text without anything like the marker is no context at all.
    expect(parseContext('Здравствуйте! Γειά σας. مرحبا')).toEqual({ found: false });
    expect(parseContext('The handoff went well, thanks')).toEqual({ found: false });
    // "handoff" as a word, lookalike elsewhere: not an imitation of a marker line.
    expect(parseContext('Your handoff is being prepared, \u0410lex will help')).toEqual({
      found: false,
    });
  });

  it('a genuine context wins over a lookalike elsewhere in the message', () => {
    const text = `H\u0430ndoff context\nTier: Enterprise\n\nHandoff context\nTier: Basic`;
    expect(parseContext(text)).toMatchObject({ ok: true, values: { Tier: 'Basic' } });
  });

  it('builds skeletons with NFKC, no invisibles and ASCII lookalikes, keeping case', () => {
    expect(skeleton('H\u0430nd\u200Boff\u2013C\u043Entext')).toBe('Handoff-Context');
    expect(skeleton('\uFF28\uFF41')).toBe('Ha');
    expect(skeleton('Привет')).toBe('Привeт'); // only the marker words' letters map
  });

  it('lets every lookalike through the content script prefilter, cheaply', () => {
    for (const text of [
      KV('H\u0430ndoff context'),
      KV('Hand\u200Boff context'),
      KV('\uFF28\uFF41\uFF4E\uFF44\uFF4F\uFF46\uFF46 context'),
      '\u202Etxetnoc ffodnaH\nTier: Gold',
      'handoff context', // the plain word, of course
    ]) {
      expect(mayHoldContext(text), text).toBe(true);
    }
    expect(mayHoldContext('Hello, I need help with my order')).toBe(false);
    expect(mayHoldContext('Здравствуйте, мне нужна помощь')).toBe(false);
    expect(HANDOFF_LOOKALIKE.test('h\u200B\u200B\u200Bandoff')).toBe(true);
  });

  it('runs in linear time on long hostile lines', () => {
    const text = `${'H\u0430nd\u200B'.repeat(12_000)}\n${'\u200B'.repeat(20_000)}`;
    const started = performance.now();
    parseContext(text);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('invisible characters inside a genuine context', () => {
  it('leaves out a key with any invisible or direction character, naming the key', () => {
    const result = parseContext('Handoff context\nAccount\u200BTier: Gold\nVIP: yes');
    expect(result).toEqual({
      found: true,
      ok: true,
      form: 'key-value',
      values: { VIP: 'yes' },
      block: 'Account\u200BTier: Gold\nVIP: yes',
      dropped: [
        "Handoff context key 'AccountTier' was left out: it contains an invisible or text-direction character (U+200B); keys must be plain text",
      ],
    });
    expect(invisibleInKey('Tier\u200D')).toBe('U+200D');
    expect(invisibleInKey('Tier\u202E')).toBe('U+202E');
  });

  it('refuses a value whose invisible characters would make it read differently', () => {
    const json = parseContext('handoff-context\n{"Order Id": "A-1\u2060234"}');
    expect(json).toMatchObject({
      ok: false,
      error:
        "Handoff context value of 'Order Id' contains an invisible or text-direction character (U+2060), so it would not be written as it reads",
    });
    for (const ch of ['\u200B', '\uFEFF', '\u00AD', '\u202A', '\u202E', '\u2066', '\u2069']) {
      expect(invisibleInValue(`Gold${ch}`), ch).not.toBeNull();
    }
  });

  it('keeps joiners, direction marks and variation selectors that real text needs', () => {
    const persian = 'می\u200Cخواهم'; // ZWNJ
    const family = '👨\u200D👩\u200D👧'; // ZWJ emoji
    const hebrew = 'שלום\u200F'; // RLM
    const heart = '❤\uFE0F';
    const result = parseContext(
      `Handoff context\nIntent: ${persian}\nParty: ${family}\nName: ${hebrew}\nMood: ${heart}`,
    );
    expect(result).toMatchObject({
      ok: true,
      values: { Intent: persian, Party: family, Name: hebrew, Mood: heart },
    });
  });
});
