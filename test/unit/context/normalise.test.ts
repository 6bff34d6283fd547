import { describe, expect, it } from 'vitest';
import { normaliseKey } from '@/lib/context/normalise';

describe('normaliseKey', () => {
  it('treats the spellings bots use for one key as the same key', () => {
    const spellings = [
      'Account Tier',
      'account_tier',
      'accountTier',
      'ACCOUNT-TIER',
      ' Account.Tier ',
    ];
    expect(new Set(spellings.map(normaliseKey))).toEqual(new Set(['accounttier']));
  });

  it('folds compatibility forms (full-width letters) before comparing', () => {
    expect(normaliseKey('Ａｃｃｏｕｎｔ　Ｔｉｅｒ')).toBe('accounttier');
  });

  it('keeps keys apart that differ in letters or digits', () => {
    expect(normaliseKey('Order 1')).not.toBe(normaliseKey('Order 2'));
    expect(normaliseKey('Tier')).not.toBe(normaliseKey('Tiers'));
  });

  it('removes tabs and runs of separators', () => {
    expect(normaliseKey('account\t__--..tier')).toBe('accounttier');
  });
});
