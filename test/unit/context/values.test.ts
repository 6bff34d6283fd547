import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '@/lib/context/base64url';
import { CONTEXT_LIMITS } from '@/lib/context/parse';
import { collectContextValues, contextValuesFromObject, VALUE_LIMITS } from '@/lib/context/values';

describe('shared value checks', () => {
  it('use the same limits as the parser', () => {
    expect(VALUE_LIMITS.keys).toBe(CONTEXT_LIMITS.keys);
    expect(VALUE_LIMITS.valueChars).toBe(CONTEXT_LIMITS.valueChars);
    expect(VALUE_LIMITS.keyChars).toBe(CONTEXT_LIMITS.keyChars);
  });

  it('build a null-prototype object', () => {
    const result = collectContextValues([
      ['Tier', 'Premium'],
      ['Score', 1],
    ]);
    expect(result).toEqual({ ok: true, values: { Tier: 'Premium', Score: 1 } });
    if (result.ok) expect(Object.getPrototypeOf(result.values)).toBeNull();
  });

  it('leave out an own __proto__ key that JSON.parse produced, and leave Object.prototype alone', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const reserved =
      "Handoff context key '__proto__' was left out: __proto__, constructor and prototype are reserved";
    expect(contextValuesFromObject(parsed)).toEqual({
      ok: true,
      values: { a: 1 },
      dropped: [reserved],
    });
    expect(contextValuesFromObject(JSON.parse('{"__proto__": 1}'))).toEqual({
      ok: true,
      values: {},
      dropped: [reserved],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leave out both of duplicates, including after normalisation', () => {
    expect(
      collectContextValues([
        ['a', 1],
        ['a', 2],
        ['b', 3],
      ]),
    ).toEqual({
      ok: true,
      values: { b: 3 },
      dropped: ["Handoff context key 'a' was left out: it appears twice, so neither value is used"],
    });
    expect(
      collectContextValues([
        ['Account Tier', 1],
        ['account_tier', 2],
        ['ACCOUNT-TIER', 3],
      ]),
    ).toEqual({
      ok: true,
      values: {},
      dropped: [
        "Handoff context keys 'Account Tier' and 'account_tier' (and 1 more) were left out: they name the same key, so neither value is used",
      ],
    });
  });

  it('refuse what is not an object, infinite numbers and other kinds', () => {
    for (const v of [null, [], 'x', 1])
      expect(contextValuesFromObject(v)).toMatchObject({ ok: false });
    expect(collectContextValues([['n', Number.POSITIVE_INFINITY]])).toMatchObject({ ok: false });
    expect(collectContextValues([['u', undefined]])).toMatchObject({ ok: false });
    expect(collectContextValues([['f', () => 1]])).toMatchObject({ ok: false });
  });

  it('keep the first 200 keys and name the rest in one sentence', () => {
    const many = Array.from({ length: 201 }, (_, i) => [`k${i}`, i] as const);
    const result = collectContextValues(many);
    if (!result.ok) throw new Error(result.error);
    expect(Object.keys(result.values)).toHaveLength(200);
    expect(result.dropped).toEqual([
      "Handoff context has more than 200 keys: the 1 after the 200th, from 'k200' on, were left out",
    ]);
  });

  it('stay bounded on a huge object: 100,000 bad keys give a dozen sentences', () => {
    const huge: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++)
      huge[`${'-'.repeat(1 + (i % 5))}${i % 2 ? '' : ' '}#${i}`] = i;
    const started = performance.now();
    const result = contextValuesFromObject(huge);
    expect(performance.now() - started).toBeLessThan(2_000);
    if (!result.ok) throw new Error(result.error);
    expect(Object.keys(result.values)).toHaveLength(200);
    expect(result.dropped?.length).toBeLessThanOrEqual(12);
  });

  it('flatten nested objects and lists whatever object they come from', () => {
    expect(
      contextValuesFromObject({ customer: { tier: 'Gold', tags: ['a', 2, false] }, vip: true }),
    ).toEqual({
      ok: true,
      values: { 'customer.tier': 'Gold', 'customer.tags': 'a, 2, false', vip: true },
    });
  });
});

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      const text = encodeBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64url(text)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'c2lnbg=='],
    ['standard alphabet', 'c2l+'],
    ['slash', 'c2l/'],
    ['space', 'c2ln bg'],
    ['an impossible length', 'c2lnb'],
    ['non-zero trailing bits', 'c2lnbh'],
    ['non-ASCII', 'c2lnbé'],
  ])('refuses %s', (_, text) => {
    expect(decodeBase64url(text)).toBeNull();
  });
});
