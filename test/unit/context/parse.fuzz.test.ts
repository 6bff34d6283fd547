/**
 * Property-based tests of the two functions that read hostile chat text: `parseContext` (all three
 * forms) and `verifySignedContext`. Fixed seed, so `npm test` is deterministic; a failure prints
 * the seed and the shrunk counter-example.
 *
 * Per input: never throws, returns only the documented shapes, values are null-prototype objects
 * within the limits, and `Object.prototype` is never touched. How long a parse takes is the bench's
 * (`npm run bench -- --only fuzz`, ≤ 50 ms an input, test/bench/fuzz.ts), not a unit test's: a
 * timed assertion here failed on a busy 2-core machine without any change to the parser.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64url } from '@/lib/context/base64url';
import { normaliseKey } from '@/lib/context/normalise';
import { CONTEXT_LIMITS, parseContext } from '@/lib/context/parse';
import { type VerifyFailure, verifySignedContext } from '@/lib/context/signed-context';
import type { ParsedContext } from '@/lib/context/types';
import { TrustSettings } from '@/lib/settings/schema';
import { b64json, es256Key, rs256Key, sign, type TestKey } from './test-signer';

const SEED = 20_261_102;

// ─── The checks ──────────────────────────────────────────────────────────────────────────────────

const FORMS = new Set(['signed', 'json', 'key-value']);
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const RESERVED = new Set(['proto', 'constructor', 'prototype']);

/** Everything wrong with a parse result, by the contract in lib/context/types.ts. */
function problemsOf(result: unknown): string[] {
  const problems: string[] = [];
  if (typeof result !== 'object' || result === null) return ['not an object'];
  const r = result as Record<string, unknown>;
  const keys = Object.keys(r).sort().join(',');
  if (r.found === false) {
    if (keys !== 'found') problems.push(`not-found carries ${keys}`);
    return problems;
  }
  if (r.found !== true) return [`found is ${String(r.found)}`];
  if (r.ok === false) {
    if (keys !== 'error,form,found,ok' && keys !== 'error,form,found,ok,spoof')
      problems.push(`failure has keys ${keys}`);
    if ('spoof' in r && r.spoof !== 'quoted' && r.spoof !== 'lookalike' && r.spoof !== 'inline')
      problems.push(`spoof ${String(r.spoof)}`);
    if (r.form !== null && !FORMS.has(r.form as string))
      problems.push(`failure form ${String(r.form)}`);
    if (typeof r.error !== 'string' || r.error.length === 0)
      problems.push('failure without a message');
    else if (r.error.length > 1_000)
      problems.push(`failure message of ${r.error.length} characters`);
    return problems;
  }
  if (r.ok !== true) return [`ok is ${String(r.ok)}`];
  if (r.form === 'signed') {
    if (keys !== 'form,found,ok,token') problems.push(`signed result has keys ${keys}`);
    if (typeof r.token !== 'string' || !JWS.test(r.token))
      problems.push('token is not JWS compact');
    return problems;
  }
  if (r.form !== 'json' && r.form !== 'key-value') return [`ok with form ${String(r.form)}`];
  if (keys !== 'block,form,found,ok,values' && keys !== 'block,dropped,form,found,ok,values') {
    problems.push(`values result has keys ${keys}`);
  }
  if ('dropped' in r) {
    const dropped: unknown = r.dropped;
    if (!Array.isArray(dropped) || dropped.length === 0 || dropped.length > 12) {
      problems.push('dropped is not a short non-empty list');
    } else if (!dropped.every((d) => typeof d === 'string' && d.length < 400)) {
      problems.push('dropped holds something other than short sentences');
    }
  }
  if (typeof r.block !== 'string') problems.push('block is not text');
  const values = r.values;
  if (typeof values !== 'object' || values === null)
    return [...problems, 'values is not an object'];
  if (Object.getPrototypeOf(values) !== null) problems.push('values has a prototype');
  const entries = Object.entries(values);
  if (entries.length > CONTEXT_LIMITS.keys) problems.push(`${entries.length} keys`);
  if (Object.getOwnPropertySymbols(values).length > 0) problems.push('symbol keys');
  for (const [key, value] of entries) {
    if (RESERVED.has(normaliseKey(key))) problems.push(`reserved key ${key}`);
    if (key.trim().length === 0) problems.push('empty key');
    const ok =
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= CONTEXT_LIMITS.valueChars);
    if (!ok) problems.push(`value of ${key.slice(0, 20)} is ${typeof value}`);
    if (r.form === 'key-value' && typeof value !== 'string') problems.push('key-value non-text');
  }
  return problems;
}

type Tally = Record<'not-found' | 'failure' | 'signed' | 'json' | 'key-value', number>;
const tally: Tally = { 'not-found': 0, failure: 0, signed: 0, json: 0, 'key-value': 0 };

const protoNames = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Runs `parse` over `arb`; throws (fast-check reports the shrunk input) on any broken promise. */
function fuzzParser(
  parse: (text: string) => ParsedContext,
  arb: fc.Arbitrary<string>,
  numRuns: number,
  seed = SEED,
): void {
  fc.assert(
    fc.property(arb, (text) => {
      let r: ParsedContext;
      try {
        r = parse(text);
      } catch (e) {
        throw new Error(`parseContext threw: ${String(e)}`);
      }
      const problems = problemsOf(r);
      if (problems.length > 0) throw new Error(`bad result: ${problems.join('; ')}`);
      if (({} as Record<string, unknown>).polluted !== undefined) {
        throw new Error('Object.prototype was polluted');
      }
      if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== protoNames) {
        throw new Error('Object.prototype gained a property');
      }
      tally[!r.found ? 'not-found' : !r.ok ? 'failure' : r.form] += 1;
    }),
    { seed, numRuns, includeErrorInReport: true },
  );
}

// ─── What hostile text looks like ────────────────────────────────────────────────────────────────

const MARKERS = [
  'handoff-context:',
  'handoff-context: ',
  'HANDOFF-CONTEXT:',
  'handoff-context',
  '#handoff',
  '#HANDOFF',
  'Handoff context',
  'HANDOFF   CONTEXT',
  '**Handoff context**',
  '## Handoff Context:',
  '--- handoff context ---',
  '> handoff context',
  '"handoffContext":',
  '{"handoffContext":',
  '{"handoffContext": {',
  '```json',
  '```',
  '---',
];

/** Zero-width, bidi, odd spaces and homoglyphs of the markers' letters (Cyrillic а/о/е, Greek Η). */
const TRICKY = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\u2007',
  '\u3000',
  '\u202e',
  '\u0000',
  '\ud800',
  '\udc00',
  'hаndoff-context:',
  'handоff context',
  'Ηandoff context',
  'ｈａｎｄｏｆｆ－ｃｏｎｔｅｘｔ:',
  'handoff\u200b-context:',
  '"handoff\u200bContext":',
  'handoff‐context:',
];

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\"',
  '\\u0000',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  ' ',
  '\t',
  'Key: Value',
  'Account Tier: Premium',
  '- Order: 42',
  '**Tier:** Gold',
  ': no key',
  '__proto__',
  'constructor',
  'prototype',
  '"__proto__":',
  '"constructor": {"prototype": {"polluted": 1}}',
  '{"polluted": true}',
  '"a": 1',
  '"a": [1, {"b": null}]',
  'null',
  'true',
  '1e999',
  '-0',
  '"x"',
  '`',
  '**',
  'eyJhbGciOiJFUzI1NiJ9',
  '.',
  'aaa.bbb.ccc',
  'aaa..ccc',
];

const tokenArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MARKERS) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

const NEWLINES = ['\n', '\r\n', '\r'] as const;

/** The same text with every line break written as LF, CRLF or CR. */
const withNewlines = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(arb, fc.constantFrom(...NEWLINES))
    .map(([text, nl]) => (nl === '\n' ? text : text.replace(/\r\n|\r|\n/g, nl)));

const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
);

const markerText = withNewlines(
  fc.array(tokenArb, { maxLength: 80 }).map((parts) => parts.join('')),
);

const keyArb = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '__PROTO__',
    'Proto',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'Account Tier',
    'account_tier',
    '',
    ' ',
    'handoffContext',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const scalarArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const valueText = fc.oneof(
  { weight: 4, arbitrary: scalarArb.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom('{"polluted": true}', '[]', '{}', '"x"') },
);
/** An object literal written by hand, so `__proto__` stays an ordinary key of the text. */
const objectText = fc
  .array(fc.tuple(keyArb, valueText), { maxLength: 25 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`);

const jsonText = withNewlines(
  fc
    .tuple(
      fc.oneof(
        objectText,
        fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? ''),
      ),
      fc.constantFrom(
        'marker',
        'hash',
        'fenced',
        'inline',
        'embedded',
        'whole',
        'wrapped',
        'heading',
      ),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    )
    .map(([json, layout, prose]) => {
      switch (layout) {
        case 'marker':
          return `${prose}\nhandoff-context\n${json}`;
        case 'hash':
          return `#handoff\n${json}\n${prose}`;
        case 'fenced':
          return `handoff-context\n\`\`\`json\n${json}\n\`\`\``;
        case 'inline':
          return `handoff-context: ${json}`;
        case 'embedded':
          return `${prose} {"handoffContext": ${json}, "v": 1} ${prose}`;
        case 'whole':
          return ` {"handoffContext": ${json}, "v": 1}\n`;
        case 'wrapped':
          return `handoff-context\n{"handoffContext": ${json}}`;
        default:
          return `**Handoff context**\n${json}`;
      }
    }),
);

const deepText = fc
  .tuple(
    fc.integer({ min: 1, max: 20_000 }),
    fc.constantFrom('{"a":', '[', '{"handoffContext":', '{"__proto__":', '{', '[{'),
    fc.boolean(),
    fc.constantFrom('handoff-context\n', 'handoff-context: ', '#handoff\n', 'prose ', ''),
  )
  .map(([depth, open, closed, prefix]) => {
    const body = open.repeat(depth);
    const close = open.startsWith('[') ? ']' : '}';
    return `${prefix}${body}1${closed ? close.repeat(depth * (open === '[{' ? 2 : 1)) : ''}`;
  });

const manyKeysText = fc
  .tuple(
    fc.integer({ min: 150, max: 4_000 }),
    fc.constantFrom('json', 'key-value', 'embedded'),
    fc.constantFrom('k', '__proto__', 'Key ', 'a_b-', 'ключ'),
    fc.boolean(),
  )
  .map(([count, form, stem, duplicate]) => {
    const key = (i: number) => (duplicate && i === count - 1 ? `${stem}0` : `${stem}${i}`);
    if (form === 'key-value') {
      return `Handoff context\n${Array.from({ length: count }, (_, i) => `${key(i)}: v${i}`).join('\n')}`;
    }
    const body = Array.from({ length: count }, (_, i) => `"${key(i)}": ${i}`).join(',');
    return form === 'json' ? `handoff-context\n{${body}}` : `x {"handoffContext": {${body}}}`;
  });

/** 60–70 KB messages: one huge line, a huge value, many lines, or a huge token. */
const bigText = fc
  .tuple(
    fc.integer({ min: 60_000, max: 70_000 }),
    fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      fc.constantFrom('a', '{', '"', '\\', '\u200b', 'x: y\n', ' ', '\r\n'),
    ),
    fc.constantFrom('line', 'value', 'lines', 'token', 'json-string', 'embedded', 'fence'),
  )
  .map(([size, chunk, layout]) => {
    const fill = (n: number) => chunk.repeat(Math.ceil(n / chunk.length)).slice(0, n);
    switch (layout) {
      case 'line':
        return `handoff-context: ${fill(size)}`;
      case 'value':
        return `Handoff context\nNote: ${fill(size)}`;
      case 'lines':
        return `Handoff context\n${Array.from({ length: Math.floor(size / 8) }, (_, i) => `k${i}: v`).join('\n')}`;
      case 'token':
        return `handoff-context: ${'a'.repeat(size / 2)}.${'b'.repeat(size / 4)}.c`;
      case 'json-string':
        return `handoff-context\n{"Note": ${JSON.stringify(fill(size))}}`;
      case 'embedded':
        return `${fill(size)} {"handoffContext": {"a": 1}}`;
      default:
        return `handoff-context\n\`\`\`\n{"a": "${fill(size)}`;
    }
  });

/** Contexts a well-behaved bot writes, so the ok branches are fuzzed too (and keys/values vary). */
const safeKey = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 })
  .filter((k) => /^[A-Za-z][A-Za-z0-9 _-]*$/.test(k) && !k.includes(':'));
const goodText = withNewlines(
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(safeKey, fc.string({ unit: 'grapheme', maxLength: 20 })), {
        maxLength: 12,
        selector: ([k]) => normaliseKey(k),
      }),
      fc.constantFrom('json', 'key-value', 'embedded'),
    )
    .map(([pairs, form]) => {
      if (form === 'key-value') {
        const lines = pairs.map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}`);
        return `Handoff context\n${lines.length ? lines.join('\n') : 'k: v'}`;
      }
      const obj = JSON.stringify(Object.fromEntries(pairs));
      return form === 'json' ? `handoff-context\n${obj}` : `x {"handoffContext": ${obj}} y`;
    }),
);

const signedText = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'ABCxyz019-_'), minLength: 1, maxLength: 40 }),
    fc.constantFrom('', '`', '  '),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  )
  .map(([part, tick, prose]) => `${prose}\nhandoff-context: ${tick}${part}.${part}.${part}${tick}`);

// ─── parseContext ────────────────────────────────────────────────────────────────────────────────

describe('parseContext — fuzz', () => {
  beforeAll(() => {
    // Warm the JIT so the first timed inputs are not charged for compilation.
    for (let i = 0; i < 50; i++)
      parseContext(`handoff-context\n{"a": ${i}}\nHandoff context\nk: v`);
  });

  it('arbitrary strings', () => fuzzParser(parseContext, arbitraryText, 1_500));
  it('strings built around the markers, with zero-width and homoglyph characters', () =>
    fuzzParser(parseContext, markerText, 2_500));
  it('JSON in every layout, __proto__ and friends as keys', () =>
    fuzzParser(parseContext, jsonText, 1_000));
  it('deep nesting, closed or not', () => fuzzParser(parseContext, deepText, 150));
  it('thousands of keys', () => fuzzParser(parseContext, manyKeysText, 80));
  it('64 KiB lines and messages', () => fuzzParser(parseContext, bigText, 80));
  it('well-formed contexts', () => fuzzParser(parseContext, goodText, 500));
  it('signed lines', () => fuzzParser(parseContext, signedText, 300));

  it('saw every kind of result', () => {
    // If a generator stopped producing a kind of input, the fuzz would silently test less.
    for (const kind of Object.keys(tally) as Array<keyof Tally>) {
      expect(tally[kind], kind).toBeGreaterThan(20);
    }
    if (process.env.FUZZ_REPORT) console.log(tally);
  });
});

describe('the fuzz checks can fail', () => {
  const plain = (values: Record<string, unknown>): ParsedContext =>
    ({ found: true, ok: true, form: 'json', values }) as ParsedContext;

  it('flags results outside the contract', () => {
    expect(problemsOf(plain({ a: 1 }))).toContain('values has a prototype');
    const nullProto = Object.assign(Object.create(null), { a: { b: 1 } });
    expect(problemsOf(plain(nullProto))).toContain('value of a is object');
    expect(problemsOf({ found: true })).toEqual(['ok is undefined']);
    expect(problemsOf({ found: false, extra: 1 })).toEqual(['not-found carries extra,found']);
    expect(problemsOf({ found: true, ok: false, form: 'json', error: '' })).toEqual([
      'failure without a message',
    ]);
    expect(problemsOf({ found: true, ok: true, form: 'signed', token: 'a.b' })).toEqual([
      'token is not JWS compact',
    ]);
  });

  it('reports a parser that throws, pollutes or leaks a prototype', () => {
    const text = fc.constant('handoff-context\n{"a": 1}');
    expect(() =>
      fuzzParser(
        () => {
          throw new Error('boom');
        },
        text,
        1,
      ),
    ).toThrow(/parseContext threw/);
    expect(() => fuzzParser(() => plain({ a: 1 }), text, 1)).toThrow(/values has a prototype/);
    expect(() =>
      fuzzParser(
        () => {
          Object.defineProperty(Object.prototype, 'polluted', {
            value: 1,
            configurable: true,
            enumerable: false,
          });
          return { found: false };
        },
        text,
        1,
      ),
    ).toThrow(/polluted/);
    delete (Object.prototype as Record<string, unknown>).polluted;
  });
});

// ─── verifySignedContext ─────────────────────────────────────────────────────────────────────────

const REASONS = new Set<VerifyFailure>([
  'malformed',
  'alg-refused',
  'unknown-issuer',
  'unknown-key',
  'bad-signature',
  'expired',
  'not-yet-valid',
  'too-old',
  'wrong-audience',
  'wrong-conversation',
  'replayed',
  'bad-claims',
]);

describe('verifySignedContext — fuzz', () => {
  const NOW = Date.UTC(2026, 10, 2, 12);
  const now = NOW / 1000;
  let ec: TestKey;
  let rsa: TestKey;
  let trust: TrustSettings;
  let valid: string[];

  beforeAll(async () => {
    [ec, rsa] = await Promise.all([es256Key('k1'), rs256Key('r1')]);
    trust = TrustSettings.parse({
      audiences: ['acme'],
      issuers: [{ iss: 'bot', keys: [ec.jwk, rsa.jwk] }],
    });
    const claims = {
      ver: 1,
      iss: 'bot',
      aud: 'acme',
      iat: now,
      exp: now + 60,
      jti: 'j',
      ctx: { a: 1 },
    };
    valid = [
      await sign(ec, claims),
      await sign(rsa, claims),
      await sign(ec, claims, { noKid: true }),
    ];
  });

  const seenReasons = new Set<string>();

  async function fuzzVerify(arb: fc.Arbitrary<string>, numRuns: number) {
    await fc.assert(
      fc.asyncProperty(arb, async (token) => {
        let result: Awaited<ReturnType<typeof verifySignedContext>>;
        try {
          result = await verifySignedContext(token, {
            trust,
            now: NOW,
            conversationId: 'c1',
            seenJti: () => false,
          });
        } catch (e) {
          throw new Error(`verifySignedContext threw: ${String(e)}`);
        }
        if (result.ok) throw new Error(`accepted ${token.slice(0, 200)}`);
        if (!REASONS.has(result.reason)) throw new Error(`unknown reason ${result.reason}`);
        if (!/^This signed context\b/.test(result.message)) {
          throw new Error(`message: ${result.message}`);
        }
        seenReasons.add(result.reason);
      }),
      { seed: SEED, numRuns, includeErrorInReport: true },
    );
  }

  const b64urlPart = fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
    maxLength: 120,
  });

  it('arbitrary strings and dotted base64url', async () => {
    await fuzzVerify(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.array(b64urlPart, { minLength: 1, maxLength: 5 }).map((p) => p.join('.')),
        fc
          .array(fc.constantFrom('.', '=', '+', '/', ' ', 'e', 'y', 'J'), { maxLength: 40 })
          .map((p) => p.join('')),
      ),
      400,
    );
  });

  it('random headers, claims and signatures', async () => {
    const header = fc.record(
      {
        alg: fc.constantFrom('ES256', 'RS256', 'none', 'HS256', 'PS256', 'es256', '', 7, null),
        kid: fc.constantFrom('k1', 'r1', 'nope', '', 3),
        typ: fc.constantFrom('JWT', 'x'),
        crit: fc.constant(['exp']),
        jwk: fc.constant({ kty: 'oct', k: 'AA' }),
      },
      { requiredKeys: ['alg'] },
    );
    const claims = fc.record(
      {
        ver: fc.constantFrom(1, 2, '1', null),
        iss: fc.constantFrom('bot', 'other', '', 1),
        aud: fc.constantFrom('acme', ['acme'], 'x', 1),
        iat: fc.oneof(fc.constant(now), fc.double(), fc.constant('now')),
        exp: fc.oneof(fc.constant(now + 60), fc.double(), fc.constant(null)),
        nbf: fc.double(),
        jti: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
        conv: fc.constantFrom('c1', 'c2', 5),
        ctx: fc.oneof(
          fc.constant({ a: 1 }),
          fc.jsonValue({ maxDepth: 3 }),
          fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
        ),
      },
      { requiredKeys: [] },
    );
    const signature = fc.oneof(
      fc.uint8Array({ minLength: 64, maxLength: 64 }),
      fc.uint8Array({ minLength: 256, maxLength: 256 }),
      fc.uint8Array({ maxLength: 80 }),
    );
    await fuzzVerify(
      fc
        .tuple(header, claims, signature)
        .map(([h, c, s]) => `${b64json(h)}.${b64json(c)}.${encodeBase64url(s)}`),
      300,
    );
  });

  it('single-character mutations and rearrangements of valid tokens', async () => {
    // The unmutated tokens are accepted: the mutations below are what make them fail.
    for (const token of valid) {
      const ok = await verifySignedContext(token, { trust, now: NOW, seenJti: () => false });
      expect(ok.ok).toBe(true);
    }
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    const mutation = fc.tuple(
      fc.nat({ max: 2 }),
      fc.nat(),
      fc.constantFrom(...alphabet),
      fc.constantFrom('replace', 'insert', 'delete', 'swap', 'truncate'),
    );
    await fuzzVerify(
      mutation.map(([which, at, ch, kind]) => {
        const token = valid[which] as string;
        const i = at % token.length;
        switch (kind) {
          case 'replace': {
            const c = token[i] === ch ? (ch === 'A' ? 'B' : 'A') : ch;
            return token.slice(0, i) + c + token.slice(i + 1);
          }
          case 'insert':
            return token.slice(0, i) + ch + token.slice(i);
          case 'delete':
            return token.slice(0, i) + token.slice(i + 1);
          case 'swap': {
            const [h, p, s] = token.split('.') as [string, string, string];
            return [`${p}.${h}.${s}`, `${h}.${p}.${h}`, `${h}.${h}.${s}`][at % 3] as string;
          }
          default:
            return token.slice(0, i);
        }
      }),
      400,
    );
  });

  it('reached the deep checks, not only the first ones', () => {
    for (const reason of [
      'malformed',
      'alg-refused',
      'bad-signature',
      'unknown-key',
      'bad-claims',
    ]) {
      expect(seenReasons, reason).toContain(reason);
    }
  });
});
