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

  it('refuse an own __proto__ key that JSON.parse produced, and leave Object.prototype alone', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    expect(contextValuesFromObject(parsed)).toEqual({
      ok: false,
      error:
        "Handoff context key '__proto__' is not allowed: __proto__, constructor and prototype are reserved",
    });
    expect(contextValuesFromObject(JSON.parse('{"__proto__": 1}'))).toEqual({
      ok: false,
      error:
        "Handoff context key '__proto__' is not allowed: __proto__, constructor and prototype are reserved",
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuse duplicates, including after normalisation', () => {
    expect(
      collectContextValues([
        ['a', 1],
        ['a', 2],
      ]),
    ).toEqual({
      ok: false,
      error: "Handoff context has the key 'a' twice: each key may appear only once",
    });
    expect(
      collectContextValues([
        ['Account Tier', 1],
        ['account_tier', 2],
      ]),
    ).toMatchObject({ ok: false });
  });

  it('refuse what is not an object, infinite numbers and other kinds', () => {
    for (const v of [null, [], 'x', 1])
      expect(contextValuesFromObject(v)).toMatchObject({ ok: false });
    expect(collectContextValues([['n', Number.POSITIVE_INFINITY]])).toMatchObject({ ok: false });
    expect(collectContextValues([['u', undefined]])).toMatchObject({ ok: false });
    expect(collectContextValues([['f', () => 1]])).toMatchObject({ ok: false });
  });

  it('count keys before anything else', () => {
    const many = Array.from({ length: 201 }, (_, i) => [`k${i}`, i] as const);
    expect(collectContextValues(many)).toEqual({
      ok: false,
      error: 'Handoff context has 201 keys; the limit is 200',
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
