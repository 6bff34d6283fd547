/**
 * The helpers behind the filters of the popup and the options page with 5,000 mappings:
 * the remembering filter answers exactly what a plain scan answers, and the field index what
 * `findFieldSpec` answers.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fieldIndex } from '../../../components/popup/field-index';
import { findFieldSpec } from '../../../components/popup/mapping-draft';
import {
  filterWords,
  matchesWords,
  narrows,
  rememberingFilter,
  searchText,
} from '../../../components/shared/search';
import { Mapping } from '../../../lib/mapping/schema';
import type { FieldSpec } from '../../../lib/platforms/types';

const tier = Mapping.parse({
  id: 'Tier-1',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier', 'tier'],
});

describe('search text and words', () => {
  it('searches label, API name, context keys, extra parts and id, regardless of case', () => {
    expect(searchText(tier, 'Account Tier', 'Salesforce · Case')).toBe(
      'account tier\naccount_tier__c\naccount tier\ntier\nsalesforce · case\ntier-1',
    );
    expect(searchText(tier, '')).toBe('\naccount_tier__c\naccount tier\ntier\ntier-1');
    expect(filterWords('  Account   TIER ')).toEqual(['account', 'tier']);
    expect(filterWords('   ')).toEqual([]);
    expect(matchesWords('account tier', ['tier', 'acc'])).toBe(true);
    expect(matchesWords('account tier', ['tier', 'vip'])).toBe(false);
  });

  it('knows when a filter narrows an earlier one', () => {
    expect(narrows(['acco'], ['acc'])).toBe(true);
    expect(narrows(['acc', 'tier'], ['acc'])).toBe(true);
    expect(narrows(['tier', 'account'], ['acc'])).toBe(true);
    expect(narrows(['ac'], ['acc'])).toBe(false);
    expect(narrows(['acc'], ['acc', 'tier'])).toBe(false);
  });
});

describe('rememberingFilter', () => {
  const texts = ['account tier', 'account number', 'order id', 'tier', 'vip', 'Account', ''];
  const scan = (items: readonly string[], filter: string) => {
    const words = filterWords(filter);
    return words.length === 0 ? items : items.filter((t) => matchesWords(t.toLowerCase(), words));
  };

  it('answers what a plain scan answers, whatever is typed and deleted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...texts), { maxLength: 12 }),
        fc.array(
          fc.oneof(fc.constantFrom('a', 'c', 'o', 't', 'i', ' ', 'r', 'E'), fc.constant(null)),
          {
            maxLength: 24,
          },
        ),
        (items, keys) => {
          const filter = rememberingFilter<string>((list, words) =>
            list.filter((t) => matchesWords(t.toLowerCase(), words)),
          );
          let typed = '';
          for (const key of keys) {
            // null: Backspace.
            typed = key === null ? typed.slice(0, -1) : typed + key;
            expect(filter(items, typed)).toEqual(scan(items, typed));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('searches only what the filter it narrows matched, and remembers answers', () => {
    const items = Array.from({ length: 100 }, (_, i) => `key ${i}`);
    const textOf = vi.fn((t: string) => t);
    const filter = rememberingFilter<string>((list, words) =>
      list.filter((t) => matchesWords(textOf(t), words)),
    );
    // key 4, key 14 … key 94, key 40 … key 49.
    expect(filter(items, 'key 4')).toHaveLength(19);
    expect(textOf).toHaveBeenCalledTimes(100);
    textOf.mockClear();
    expect(filter(items, 'key 42')).toEqual(['key 42']);
    expect(textOf).toHaveBeenCalledTimes(19);
    textOf.mockClear();
    // Deleting back: the earlier answer, nothing searched.
    expect(filter(items, 'key 4')).toHaveLength(19);
    expect(filter(items, '')).toBe(items);
    expect(textOf).not.toHaveBeenCalled();
    // Another list (mappings changed): everything searched again.
    const changed = [...items, 'key 400'];
    expect(filter(changed, 'key 4')).toHaveLength(20);
    expect(textOf).toHaveBeenCalledTimes(101);
  });
});

describe('fieldIndex', () => {
  const name = fc.constantFrom('Tier__c', 'tier__c', 'TIER__C', 'Order__c', ' Tier__c ', '', ' ');
  const spec = (n: string, i: number): FieldSpec => ({
    name: n,
    label: `${n} ${i}`,
    type: 'string',
    updateable: true,
  });

  it('finds the same field as findFieldSpec: the exact name first, then regardless of case', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 6 }), name, (names, wanted) => {
        const catalog = names.map(spec);
        expect(fieldIndex(catalog).get(wanted)).toBe(findFieldSpec(catalog, wanted));
      }),
      { numRuns: 500 },
    );
  });

  it('is built once per catalog', () => {
    const catalog = [spec('Tier__c', 0)];
    expect(fieldIndex(catalog)).toBe(fieldIndex(catalog));
    expect(fieldIndex([...catalog])).not.toBe(fieldIndex(catalog));
  });
});
