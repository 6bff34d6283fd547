import { describe, expect, it } from 'vitest';
import { applyValueMap, lookupValue } from '@/lib/mapping/value-map';

const tiers = [
  { from: 'Premium', to: 'tier_premium' },
  { from: 'Basic', to: 'tier_basic' },
  { from: 'premium', to: 'never_reached' },
  { from: '1', to: 'tier_one' },
];

describe('lookupValue', () => {
  it('matches case-insensitively after trimming; the first entry wins', () => {
    expect(lookupValue(tiers, '  PREMIUM ')).toEqual({ found: true, to: 'tier_premium' });
    expect(lookupValue(tiers, 'basic')).toEqual({ found: true, to: 'tier_basic' });
  });

  it('matches numbers and booleans by their text', () => {
    expect(lookupValue(tiers, 1)).toEqual({ found: true, to: 'tier_one' });
    expect(lookupValue([{ from: 'TRUE', to: 'Yes' }], true)).toEqual({ found: true, to: 'Yes' });
  });

  it('reports a miss', () => {
    expect(lookupValue(tiers, 'Gold')).toEqual({ found: false });
  });
});

describe('applyValueMap — single values', () => {
  it('translates a mapped value', () => {
    expect(applyValueMap(tiers, 'premium', 'refuse')).toEqual({ ok: true, value: 'tier_premium' });
  });

  it('applies the unmapped policy to a value the map lacks', () => {
    expect(applyValueMap(tiers, 'Gold', 'refuse')).toEqual({ ok: false, unmapped: ['Gold'] });
    expect(applyValueMap(tiers, 'Gold', 'pass')).toEqual({ ok: true, value: 'Gold' });
    expect(applyValueMap(tiers, 'Gold', 'skip')).toEqual({ ok: true, value: undefined });
  });

  it('passes everything through when the map is empty, whatever the policy', () => {
    expect(applyValueMap([], 'Gold', 'refuse')).toEqual({ ok: true, value: 'Gold' });
    expect(applyValueMap([], 7, 'skip')).toEqual({ ok: true, value: 7 });
  });
});

describe('applyValueMap — multi-valued fields', () => {
  const topics = [
    { from: 'Billing', to: 'billing' },
    { from: 'Login problems', to: 'access' },
    { from: 'Spam', to: '' },
    { from: 'Both', to: 'billing;access' },
  ];

  it('maps item by item and joins with the separator', () => {
    expect(applyValueMap(topics, 'billing ; LOGIN PROBLEMS', 'refuse', ';')).toEqual({
      ok: true,
      value: 'billing;access',
    });
  });

  it('refuses naming every unmapped item', () => {
    expect(applyValueMap(topics, 'Billing;Refund;Shipping', 'refuse', ';')).toEqual({
      ok: false,
      unmapped: ['Refund', 'Shipping'],
    });
  });

  it('passes or drops unmapped items by policy', () => {
    expect(applyValueMap(topics, 'Billing;Refund', 'pass', ';')).toEqual({
      ok: true,
      value: 'billing;Refund',
    });
    expect(applyValueMap(topics, 'Billing;Refund', 'skip', ';')).toEqual({
      ok: true,
      value: 'billing',
    });
    expect(applyValueMap(topics, 'Refund;Other', 'skip', ';')).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('lets an entry drop an item ("" ) or expand into several', () => {
    expect(applyValueMap(topics, 'Spam;Billing', 'refuse', ';')).toEqual({
      ok: true,
      value: 'billing',
    });
    expect(applyValueMap(topics, 'Both', 'refuse', ';')).toEqual({
      ok: true,
      value: 'billing;access',
    });
  });

  it('treats the whole value as one item without a separator', () => {
    expect(applyValueMap(topics, 'Billing;Spam', 'refuse')).toEqual({
      ok: false,
      unmapped: ['Billing;Spam'],
    });
  });
});
