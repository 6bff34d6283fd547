import { describe, expect, it } from 'vitest';
import { checkPostMessage, parseSourceValue } from '@/lib/context/source-value';

const payload = (over: Record<string, unknown> = {}) => ({
  type: 'handoff-fields/context',
  version: 1,
  conversationId: '0Mw5g00000Ms0a1CAB',
  context: 'Handoff context\nAccount Tier: Premium',
  ...over,
});

describe('postMessage payloads', () => {
  it('accepts the documented shape', () => {
    expect(checkPostMessage(payload())).toEqual({ ok: true, payload: payload() });
  });

  it.each([
    ['not an object', 'Handoff context\nTier: Gold', 'the message is not an object'],
    ['null', null, 'the message is not an object'],
    ['another type', payload({ type: 'other/thing' }), 'its type is not "handoff-fields/context"'],
    ['version 2', payload({ version: 2 }), 'its version is 2; this extension reads version 1'],
    [
      'a version as text',
      payload({ version: '1' }),
      'its version is "1"; this extension reads version 1',
    ],
    [
      'no conversation',
      payload({ conversationId: undefined }),
      'it does not say which conversation it belongs to (conversationId)',
    ],
    [
      'an empty conversation id',
      payload({ conversationId: '' }),
      'its conversationId is not an id (a text of 1 to 200 characters)',
    ],
    [
      'an object as context',
      payload({ context: { Tier: 'Gold' } }),
      'its context is missing or is not a text (a context in any of the three forms)',
    ],
    [
      'a huge context',
      payload({ context: 'x'.repeat(70_001) }),
      'its context has 70,001 characters; the limit is 70,000',
    ],
    [
      'unknown members',
      payload({ values: { Tier: 'Gold' } }),
      'it has members the format does not know ("values")',
    ],
  ])('refuses %s, naming what is wrong', (_name, data, problem) => {
    expect(checkPostMessage(data)).toEqual({ ok: false, problem });
  });
});

describe('values that hold only a context (postMessage, record field)', () => {
  it('reads the three chat forms', () => {
    expect(parseSourceValue('Handoff context\nTier: Gold')).toMatchObject({
      ok: true,
      values: { Tier: 'Gold' },
    });
    expect(parseSourceValue('handoff-context\n{"Tier": "Gold"}')).toMatchObject({ ok: true });
    expect(parseSourceValue('handoff-context: aaa.bbb.ccc')).toEqual({
      found: true,
      ok: true,
      form: 'signed',
      token: 'aaa.bbb.ccc',
    });
  });

  it('reads a bare signed token and a bare JSON object too', () => {
    expect(parseSourceValue('  eyJhbGciOiJFUzI1NiJ9.eyJ2ZXIiOjF9.c2ln \n')).toEqual({
      found: true,
      ok: true,
      form: 'signed',
      token: 'eyJhbGciOiJFUzI1NiJ9.eyJ2ZXIiOjF9.c2ln',
    });
    expect(parseSourceValue('{"Account Tier": "Premium", "VIP": true}')).toMatchObject({
      ok: true,
      form: 'json',
      values: { 'Account Tier': 'Premium', VIP: true },
    });
    expect(parseSourceValue('{"Tier": ')).toMatchObject({ found: true, ok: false, form: 'json' });
  });

  it('finds nothing in other text, and refuses spoofs as the chat does', () => {
    expect(parseSourceValue('Premium customer, account AC-1')).toEqual({ found: false });
    expect(parseSourceValue('H\u0430ndoff context\nTier: Gold')).toMatchObject({
      spoof: 'lookalike',
    });
  });
});
