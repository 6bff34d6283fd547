import { describe, expect, it } from 'vitest';
import { CONTEXT_LIMITS, INLINE_MESSAGE, parseContext } from '@/lib/context/parse';
import type { ParsedContext } from '@/lib/context/types';

const TOKEN =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6IjIwMjYtMTEifQ.eyJ2ZXIiOjEsImlzcyI6ImtvcmUtYm90In0.MEUCIQDx-_sig';

function values(result: ParsedContext): Record<string, unknown> {
  if (!result.found || !result.ok || result.form === 'signed') {
    throw new Error(`expected values, got ${JSON.stringify(result)}`);
  }
  return result.values;
}

function dropped(result: ParsedContext): string[] | undefined {
  if (!result.found || !result.ok || result.form === 'signed') {
    throw new Error(`expected values, got ${JSON.stringify(result)}`);
  }
  return result.dropped;
}

function error(result: ParsedContext): string {
  if (!result.found || result.ok)
    throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('parseContext — no context', () => {
  it.each([
    ['an empty message', ''],
    ['plain chat', 'Hi! I can help you with your order.'],
    ['prose that mentions the handoff context', "I'll pass the handoff context to an agent now."],
    ['a sentence starting with the words', 'Handoff context will follow in a moment.'],
    ['JSON without handoffContext', 'Debug: {"intent": "refund", "score": 0.93}'],
    ['the word handoffContext without JSON', 'the handoffContext field is documented elsewhere'],
  ])('%s → not found', (_, text) => {
    expect(parseContext(text)).toEqual({ found: false });
  });

  it('does not throw on values that are not strings', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      expect(parseContext(bad as unknown as string)).toEqual({ found: false });
    }
  });
});

describe('parseContext — signed form', () => {
  it('returns the token of a handoff-context line, unverified', () => {
    const text = `Thanks, connecting you now.\nhandoff-context: ${TOKEN}\n`;
    expect(parseContext(text)).toEqual({ found: true, ok: true, form: 'signed', token: TOKEN });
  });

  it('finds a signed token after handoff-context: anywhere in a line', () => {
    const text = `Connecting you now (handoff-context: ${TOKEN}). Bye`;
    expect(parseContext(text)).toEqual({ found: true, ok: true, form: 'signed', token: TOKEN });
    expect(parseContext(`ref handoff-context: \`${TOKEN}\`.`)).toMatchObject({ token: TOKEN });
  });

  it('accepts the marker in any case, indented, and the token in backticks', () => {
    expect(parseContext(`  Handoff-Context: \`${TOKEN}\``)).toMatchObject({
      ok: true,
      token: TOKEN,
    });
  });

  it.each([
    ['two segments', 'handoff-context: aaa.bbb'],
    ['an empty segment', 'handoff-context: aaa..ccc'],
    ['characters outside base64url', 'handoff-context: aa+a.bbb.ccc'],
    ['prose', 'handoff-context: see below'],
  ])('refuses %s with a message that says what a token looks like', (_, text) => {
    const result = parseContext(text);
    expect(result).toMatchObject({ found: true, ok: false, form: 'signed' });
    expect(error(result)).toBe(
      "Handoff context line 1: 'handoff-context:' must be followed by a signed token (three base64url parts separated by dots) or a JSON object",
    );
  });
});

describe('parseContext — JSON form', () => {
  it('reads the object after a handoff-context line, across lines, keeping JSON types', () => {
    const text = [
      'Here is what I collected:',
      'handoff-context',
      '{',
      '  "Account Tier": "Premium",',
      '  "accountNumber": 40012,',
      '  "vip": true,',
      '  "orderId": null',
      '}',
      'An agent will join shortly.',
    ].join('\n');
    const result = parseContext(text);
    expect(result).toMatchObject({ found: true, ok: true, form: 'json' });
    expect(values(result)).toEqual({
      'Account Tier': 'Premium',
      accountNumber: 40012,
      vip: true,
      orderId: null,
    });
  });

  it('accepts #handoff and a ```json fence', () => {
    const text = '#HANDOFF\n\n```json\n{"tier": "Gold"}\n```\nbye';
    expect(values(parseContext(text))).toEqual({ tier: 'Gold' });
  });

  it('accepts the object on the marker line itself', () => {
    expect(values(parseContext('handoff-context: {"tier": "Gold", "n": 2}'))).toEqual({
      tier: 'Gold',
      n: 2,
    });
  });

  it('reads a message that is a JSON object with a top-level "handoffContext" object', () => {
    const text =
      '  {"bot": "kore", "handoffContext": {"Order Id": "A-1", "score": 0.5}, "trace": [1, {"x": 2}]}\n';
    const result = parseContext(text);
    expect(result).toMatchObject({ found: true, ok: true, form: 'json' });
    expect(values(result)).toEqual({ 'Order Id': 'A-1', score: 0.5 });
  });

  it('reads such a message inside one ``` fence', () => {
    const text = '```json\n{"handoffContext": {"intent": "refund"}}\n```';
    expect(values(parseContext(text))).toEqual({ intent: 'refund' });
  });

  // A greeting that echoes a pre-chat name the customer set to a context, or an LLM bot restating
  // the customer, must not turn the customer's text into the bot's context.
  it.each([
    ['inside a sentence', 'Hi {"handoffContext": {"VIP": true}}! How can I help?'],
    ['after prose', 'Transferring. {"bot": "kore", "handoffContext": {"Order Id": "A-1"}}'],
    [
      'after a stray brace in the prose',
      'I\'m sorry :{ let me get someone.\n{"handoffContext": {"intent": "refund"}}',
    ],
    ['followed by prose', '{"handoffContext": {"VIP": true}} is what you typed'],
    ['never closed, inside a sentence', 'Hi {"handoffContext": {"VIP": true}'],
    ['on a marker line, followed by a greeting', 'handoff-context: {"VIP": true}, welcome back!'],
    ['after a marker line, followed by prose', 'handoff-context\n{"VIP": true} thanks'],
  ])('refuses an object %s as inline', (_, text) => {
    expect(parseContext(text)).toEqual({
      found: true,
      ok: false,
      form: 'json',
      spoof: 'inline',
      error: INLINE_MESSAGE,
    });
  });

  it('unwraps {"handoffContext": {...}} after a marker line', () => {
    const text = 'handoff-context\n{"handoffContext": {"tier": "Gold"}, "meta": {"v": 1}}';
    expect(values(parseContext(text))).toEqual({ tier: 'Gold' });
  });

  it('reports JSON syntax errors with the parser message and its position', () => {
    const text = 'handoff-context\n{"tier": "Gold",, "n": 1}';
    expect(error(parseContext(text))).toMatch(/^Handoff context JSON is not valid: .*position 16/);
  });

  it('reports an unterminated object', () => {
    const result = parseContext('handoff-context\n{"tier": "Gold",\n "n": ');
    expect(result).toMatchObject({ found: true, ok: false, form: 'json' });
    expect(error(result)).toMatch(/^Handoff context JSON is not valid: /);
  });

  it('reports an object left open inside a fence without reading past the fence', () => {
    const text = 'handoff-context\n```\n{"tier": "Gold"\n```\nAnything after the fence } is prose.';
    expect(error(parseContext(text))).toMatch(/^Handoff context JSON is not valid: /);
  });

  it('reports an embedded handoffContext object that is never closed', () => {
    expect(error(parseContext('{"handoffContext": {"tier": "Gold"}'))).toBe(
      `Handoff context JSON is not valid: the object that holds "handoffContext" is never closed (a missing '}' or '"')`,
    );
  });

  it('refuses a handoffContext that is not an object', () => {
    expect(error(parseContext('{"handoffContext": "tier=Gold"}'))).toBe(
      'Handoff context JSON: "handoffContext" must be an object of "key": value pairs',
    );
  });

  it('refuses an array after the marker', () => {
    expect(error(parseContext('handoff-context\n[{"tier": "Gold"}]'))).toBe(
      'Handoff context JSON must be an object of "key": value pairs, not a list (line 2)',
    );
  });

  it('reads a nested object as dotted keys, in the order written', () => {
    const result = parseContext(
      'handoff-context\n{"customer": {"tier": "Gold", "address": {"city": "Lyon"}}, "vip": true}',
    );
    expect(values(result)).toEqual({
      'customer.tier': 'Gold',
      'customer.address.city': 'Lyon',
      vip: true,
    });
    expect(Object.keys(values(result))).toEqual(['customer.tier', 'customer.address.city', 'vip']);
    expect(dropped(result)).toBeUndefined();
  });

  it('reads a list of text, numbers and true/false as one text, items joined with ", "', () => {
    expect(
      values(
        parseContext(
          'handoff-context\n{"equipment": ["Router", "Modem"], "ids": [1, null, true], "none": []}',
        ),
      ),
    ).toEqual({ equipment: 'Router, Modem', ids: '1, true', none: '' });
  });

  it('leaves out a list holding objects, naming it, and keeps the rest', () => {
    const result = parseContext('handoff-context\n{"items": [{"sku": 1}], "tier": "Gold"}');
    expect(values(result)).toEqual({ tier: 'Gold' });
    expect(dropped(result)).toEqual([
      "Handoff context key 'items' was left out: it holds a list with objects or lists in it; a list may hold only text, numbers and true/false",
    ]);
  });

  it('finds a key given twice inside a nested object (JSON.parse would keep only the last)', () => {
    const result = parseContext(
      'handoff-context\n{"customer": {"tier": "Gold", "tier": "Basic", "name": "Ada"}}',
    );
    expect(values(result)).toEqual({ 'customer.name': 'Ada' });
    expect(dropped(result)).toEqual([
      "Handoff context key 'customer.tier' was left out: it appears twice, so neither value is used",
    ]);
  });

  it('leaves out objects nested deeper than the limit, naming them', () => {
    const result = parseContext(
      'handoff-context\n{"a": {"b": {"c": {"d": {"e": 1, "f": {"g": 2}}}}}, "tier": "Gold"}',
    );
    expect(CONTEXT_LIMITS.depth).toBe(5);
    expect(values(result)).toEqual({ 'a.b.c.d.e': 1, tier: 'Gold' });
    expect(dropped(result)).toEqual([
      "Handoff context key 'a.b.c.d.f' was left out: it holds an object nested more than 5 levels deep (keys such as 'a.b.c.d.e' are the deepest)",
    ]);
  });

  it('leaves out a nested key that spells a flat one again (customer.tier, customerTier)', () => {
    const result = parseContext(
      'handoff-context\n{"customerTier": "Basic", "customer": {"tier": "Gold"}, "vip": "yes"}',
    );
    expect(values(result)).toEqual({ vip: 'yes' });
    expect(dropped(result)).toEqual([
      "Handoff context keys 'customerTier' and 'customer.tier' were left out: they name the same key, so neither value is used",
    ]);
  });

  it('refuses a marker with nothing after it', () => {
    const result = parseContext('Connecting you.\nhandoff-context\n\n');
    expect(result).toMatchObject({ found: true, ok: false, form: 'json' });
    expect(error(result)).toBe(
      "Handoff context line 2: 'handoff-context' is not followed by a JSON object",
    );
  });

  it('explains what to do when key–value lines follow the JSON marker', () => {
    expect(error(parseContext('handoff-context\nTier: Gold'))).toBe(
      "Handoff context line 2: expected a JSON object after 'handoff-context'; for 'Key: Value' lines, start the block with a 'Handoff context' line instead",
    );
  });

  it('leaves out both of duplicate keys, exact ones included (JSON.parse would keep only the last)', () => {
    const exact = parseContext('handoff-context\n{"tier": "Gold", "tier": "Basic", "vip": 1}');
    expect(values(exact)).toEqual({ vip: 1 });
    expect(dropped(exact)).toEqual([
      "Handoff context key 'tier' was left out: it appears twice, so neither value is used",
    ]);
    const spelt = parseContext(
      'handoff-context\n{"Account Tier": "Gold", "account_tier": "Basic"}',
    );
    expect(values(spelt)).toEqual({});
    expect(dropped(spelt)).toEqual([
      "Handoff context keys 'Account Tier' and 'account_tier' were left out: they name the same key, so neither value is used",
    ]);
  });

  it('refuses nesting deeper than the limit before JSON.parse sees it', () => {
    const deep = `handoff-context\n{"a": ${'['.repeat(40)}${']'.repeat(40)}}`;
    expect(error(parseContext(deep))).toBe(
      `Handoff context JSON nests deeper than ${CONTEXT_LIMITS.jsonDepth} levels`,
    );
  });

  it('reads a JSON object that follows a "Handoff context" heading as JSON', () => {
    const result = parseContext('**Handoff context**\n```json\n{"tier": "Gold"}\n```');
    expect(result).toMatchObject({ found: true, ok: true, form: 'json', values: { tier: 'Gold' } });
  });

  it('treats "handoff-context:" with nothing after the colon as the JSON marker', () => {
    expect(values(parseContext('handoff-context:\n{"tier": "Gold"}'))).toEqual({ tier: 'Gold' });
  });

  it('handles CRLF line endings', () => {
    expect(values(parseContext('handoff-context\r\n{\r\n"tier": "Gold"\r\n}\r\n'))).toEqual({
      tier: 'Gold',
    });
  });
});

describe('parseContext — key–value form', () => {
  it('reads Key: Value lines up to a blank line; values keep their colons', () => {
    const text = [
      'Handoff context',
      'Account Tier: Premium',
      'Callback: 10:30',
      'Website: https://example.com/a?b=c',
      'Notes:',
      '',
      'Thanks for waiting!',
    ].join('\n');
    const result = parseContext(text);
    expect(result).toMatchObject({ found: true, ok: true, form: 'key-value' });
    expect(values(result)).toEqual({
      'Account Tier': 'Premium',
      Callback: '10:30',
      Website: 'https://example.com/a?b=c',
      Notes: '',
    });
  });

  it.each([
    '**Handoff context**',
    '--- Handoff context ---',
    '## Handoff context:',
    'HANDOFF CONTEXT',
    'handoff   context:',
    '**Handoff Context:** >',
  ])('recognises the heading %s', (heading) => {
    expect(values(parseContext(`Some prose first.\n${heading}\nTier: Gold`))).toEqual({
      Tier: 'Gold',
    });
  });

  it('reads to the end of the message, with CRLF endings', () => {
    expect(values(parseContext('Handoff context\r\nTier: Gold\r\nOrder: A-1'))).toEqual({
      Tier: 'Gold',
      Order: 'A-1',
    });
  });

  it('accepts list bullets and bold keys', () => {
    const text = '**Handoff context**\n- **Tier:** Gold\n* **Order**: A-1\n• Intent: refund';
    expect(values(parseContext(text))).toEqual({ Tier: 'Gold', Order: 'A-1', Intent: 'refund' });
  });

  it('skips a rule or fence under the heading and stops at the closing one', () => {
    const text = 'Handoff context\n---\nTier: Gold\n---\nThis line is prose, not a pair';
    expect(values(parseContext(text))).toEqual({ Tier: 'Gold' });
    expect(values(parseContext('```\nHandoff context\nTier: Gold\n```'))).toEqual({ Tier: 'Gold' });
  });

  it('refuses a line without ":" inside the block, naming the line', () => {
    const text = 'Hello\nHandoff context\nTier: Gold\nThe customer is upset\nOrder: A-1';
    const result = parseContext(text);
    expect(result).toMatchObject({ found: true, ok: false, form: 'key-value' });
    expect(error(result)).toBe(
      "Handoff context line 4: expected 'Key: Value' (end the block with a blank line)",
    );
  });

  it('refuses an empty key', () => {
    expect(error(parseContext('Handoff context\n: Gold'))).toBe(
      "Handoff context line 2: the key before ':' is empty",
    );
  });

  it('refuses a heading with nothing after it', () => {
    expect(error(parseContext('Bye\n**Handoff context**\n\n'))).toBe(
      "Handoff context line 2: the '**Handoff context**' line is not followed by any 'Key: Value' line",
    );
  });

  it('leaves out duplicate keys after normalisation, and keeps the rest', () => {
    const result = parseContext(
      'Handoff context\nAccount Tier: Gold\naccountTier: Basic\nVIP: yes',
    );
    expect(values(result)).toEqual({ VIP: 'yes' });
    expect(dropped(result)).toEqual([
      "Handoff context keys 'Account Tier' and 'accountTier' were left out: they name the same key, so neither value is used",
    ]);
  });

  it('keeps values as text: the field type decides what they become', () => {
    expect(values(parseContext('Handoff context\nVIP: true\nCount: 3'))).toEqual({
      VIP: 'true',
      Count: '3',
    });
  });
});

describe('parseContext — limits and hostile input', () => {
  const kv = (n: number) =>
    `Handoff context\n${Array.from({ length: n }, (_, i) => `Key ${i}: v`).join('\n')}`;
  const json = (n: number) =>
    `handoff-context\n{${Array.from({ length: n }, (_, i) => `"k${i}": ${i}`).join(',')}}`;

  it('keeps the first 200 keys in both forms and names what is beyond', () => {
    expect(Object.keys(values(parseContext(kv(200))))).toHaveLength(200);
    expect(dropped(parseContext(kv(200)))).toBeUndefined();
    expect(Object.keys(values(parseContext(json(200))))).toHaveLength(200);
    const kv240 = parseContext(kv(240));
    expect(Object.keys(values(kv240))).toEqual(Array.from({ length: 200 }, (_, i) => `Key ${i}`));
    expect(dropped(kv240)).toEqual([
      "Handoff context has more than 200 keys: the 40 after the 200th, from 'Key 200' on, were left out",
    ]);
    expect(dropped(parseContext(json(201)))).toEqual([
      "Handoff context has more than 200 keys: the 1 after the 200th, from 'k200' on, were left out",
    ]);
  });

  it('counts the keys of nested objects toward the limit', () => {
    const nested = `handoff-context\n{"a": {${Array.from({ length: 150 }, (_, i) => `"k${i}": ${i}`).join(',')}}, "b": {${Array.from({ length: 150 }, (_, i) => `"k${i}": ${i}`).join(',')}}}`;
    const result = parseContext(nested);
    expect(Object.keys(values(result))).toHaveLength(200);
    expect(values(result)['b.k49']).toBe(49);
    expect(values(result)['b.k50']).toBeUndefined();
    expect(dropped(result)).toEqual([
      "Handoff context has more than 200 keys: the 100 after the 200th, from 'b.k50' on, were left out",
    ]);
  });

  it('accepts a value of 4,096 characters and refuses 4,097', () => {
    const at = 'x'.repeat(4096);
    expect(values(parseContext(`Handoff context\nNotes: ${at}`)).Notes).toBe(at);
    expect(error(parseContext(`handoff-context\n{"Notes": "${at}y"}`))).toBe(
      "Handoff context value of 'Notes' has 4,097 characters; the limit is 4,096",
    );
    expect(error(parseContext(`Handoff context\nNotes: ${at}y`))).toMatch(
      /4,097 characters; the limit is 4,096/,
    );
  });

  it('leaves out a key longer than 200 characters (a dotted one too), naming it', () => {
    const key = 'k'.repeat(201);
    const result = parseContext(`Handoff context\n${key}: v\nTier: Gold`);
    expect(values(result)).toEqual({ Tier: 'Gold' });
    expect(dropped(result)).toEqual([
      `Handoff context key '${'k'.repeat(40)}…' was left out: it has 201 characters; the limit is 200`,
    ]);
    const long = parseContext(`handoff-context\n{"${'a'.repeat(150)}": {"${'b'.repeat(60)}": 1}}`);
    expect(values(long)).toEqual({});
    expect(dropped(long)?.[0]).toMatch(/was left out: it has 211 characters; the limit is 200$/);
  });

  it.each(['__proto__', 'constructor', 'prototype', '__PROTO__'])(
    'leaves out the key %s in both forms, and nested, and keeps the rest of the context',
    (key) => {
      const message = `Handoff context key '${key}' was left out: __proto__, constructor and prototype are reserved`;
      const json = parseContext(`handoff-context\n{"${key}": {"polluted": true}, "Tier": "Gold"}`);
      expect(values(json)).toEqual({ Tier: 'Gold' });
      expect(dropped(json)).toEqual([message]);
      const kv = parseContext(`Handoff context\n${key}: x\nTier: Gold`);
      expect(values(kv)).toEqual({ Tier: 'Gold' });
      expect(dropped(kv)).toEqual([message]);
      const nested = parseContext(
        `handoff-context\n{"customer": {"${key}": {"polluted": true}, "tier": "Gold"}}`,
      );
      expect(values(nested)).toEqual({ 'customer.tier': 'Gold' });
      expect(dropped(nested)).toEqual([
        `Handoff context key 'customer.${key}' was left out: __proto__, constructor and prototype are reserved`,
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('leaves out a dotted key that normalises to a reserved one (con.structor)', () => {
    const result = parseContext('handoff-context\n{"con": {"structor": 1}, "Tier": "Gold"}');
    expect(values(result)).toEqual({ Tier: 'Gold' });
    expect(dropped(result)).toEqual([
      "Handoff context key 'con.structor' was left out: __proto__, constructor and prototype are reserved",
    ]);
  });

  it('names at most ten left-out keys one by one, then counts the others', () => {
    const bad = Array.from({ length: 30 }, (_, i) => `"${'_'.repeat(i + 1)}": 1`).join(',');
    const result = parseContext(`handoff-context\n{${bad}, "Tier": "Gold"}`);
    expect(values(result)).toEqual({ Tier: 'Gold' });
    const lines = dropped(result) ?? [];
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("Handoff context key '_' was left out: it has no letters or digits");
    expect(lines[10]).toBe('20 more handoff context keys were left out');
  });

  it('returns values in an object without a prototype', () => {
    const v = values(parseContext('Handoff context\ntoString: x\nhasOwnProperty: y'));
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(v.toString).toBe('x');
  });

  it('refuses a message over 64 KiB that holds a context, and ignores one that does not', () => {
    const padding = 'x'.repeat(CONTEXT_LIMITS.messageChars);
    const text = `Handoff context\nTier: Gold\n\n${padding}`;
    expect(text.length).toBe(65_564);
    expect(error(parseContext(text))).toBe(
      'Handoff context message has 65,564 characters; the limit is 65,536',
    );
    expect(parseContext(padding + padding)).toEqual({ found: false });
  });

  it('returns quickly on pathological 64 KiB inputs (linear time, no exceptions)', () => {
    const n = 60_000;
    const inputs = [
      '{'.repeat(n),
      `handoff-context\n${'{'.repeat(n)}`,
      `handoff-context\n${'['.repeat(n)}`,
      '{"handoffContext":'.repeat(n / 18),
      `{${'"handoffContext": {'.repeat(n / 19)}`,
      '"'.repeat(n),
      `{${'"\\'.repeat(n / 2)}`,
      `Handoff context\n${'a: b\n'.repeat(n / 5)}`,
      `Handoff context\n${':'.repeat(n)}`,
      `${'handoff context\n'.repeat(n / 16)}`,
      `handoff-context: ${'a'.repeat(n)}.${'b'.repeat(10)}.`,
      ` \t`.repeat(n / 2),
      '*'.repeat(n),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const result = parseContext(input);
      const elapsed = performance.now() - started;
      expect(elapsed, input.slice(0, 30)).toBeLessThan(1_000);
      if (result.found && !result.ok) expect(result.error).not.toMatch(/unexpected problem/);
    }
  });

  it('never throws on random messages built from the syntax it looks for', () => {
    const pieces = [
      'handoff-context',
      '#handoff',
      'Handoff context',
      '\n',
      '\r\n',
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '\\',
      '"handoffContext"',
      '```',
      'Key: Value',
      '__proto__',
      'null',
      '1e999',
      '-',
      '**',
      ' ',
      'é',
      '\u0000',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 3_000; i++) {
      const length = Math.floor(random() * 40);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join(
        '',
      );
      const result = parseContext(text);
      expect(typeof result.found).toBe('boolean');
      if (result.found && !result.ok) {
        expect(result.error).toMatch(result.spoof ? /handoff context/i : /^Handoff context/);
        expect(result.error).not.toMatch(/unexpected problem/);
      }
    }
  });

  it('uses the first marker when a message holds several', () => {
    const text = 'Handoff context\nTier: Gold\n\nhandoff-context\n{"tier": "Basic"}';
    expect(parseContext(text)).toMatchObject({ form: 'key-value', values: { Tier: 'Gold' } });
  });
});
