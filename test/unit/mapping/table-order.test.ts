import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOptionsStore } from '../../../components/options/options-store';
import { Mapping } from '../../../lib/mapping/schema';
import { firstInOrder, firstScreenOf } from '../../../lib/mapping/table-order';
import type { Catalog } from '../../../lib/platforms/types';
import { fakeOptionsApi } from '../components/options-fakes';

const catalog = (
  org: string,
  fetchedAt: number,
  fields: [name: string, label: string][],
  object = 'Case',
): Catalog => ({
  platform: 'salesforce',
  org,
  object,
  fetchedAt,
  fields: fields.map(([name, label]) => ({ name, label, type: 'string', updateable: true })),
});

const mapping = (id: string, field: string, object = 'Case', platform = 'salesforce') =>
  Mapping.parse({ id, platform, object, field, sources: [id] });

/** What the options table shows of each row, in its default order, once every mapping is here. */
function tableRows(mappings: Mapping[], catalogs: Catalog[]) {
  const store = createOptionsStore(fakeOptionsApi().api);
  store.mappings.value = mappings;
  store.catalogs.value = catalogs;
  store.status.value = 'ready';
  return store.shown.value.map(({ mapping, label, type, where }) => ({
    id: mapping.id,
    label,
    type,
    where,
  }));
}
const tableIds = (mappings: Mapping[], catalogs: Catalog[]) =>
  tableRows(mappings, catalogs).map((r) => r.id);

/** What the table shows of its first screen, before any catalog has arrived. */
function firstScreenRows(mappings: Mapping[], catalogs: Catalog[], limit: number) {
  const store = createOptionsStore(fakeOptionsApi().api);
  store.firstScreen.value = firstScreenOf(mappings, catalogs, limit);
  return store.shown.value.map(({ mapping, label, type, where }) => ({
    id: mapping.id,
    label,
    type,
    where,
  }));
}

describe('the mapping table’s first screen (firstScreenOf)', () => {
  it('orders by object, then catalog label (the newest import wins), then id', () => {
    const mappings = [
      mapping('z1', 'Order_Id__c'),
      mapping('a1', 'Account_Tier__c'),
      mapping('k1', 'tierStr', 'conversation', 'kustomer'),
      mapping('b2', 'account_tier__c'), // the same field in another case: the same label
      mapping('u1', 'Unknown__c'), // not in a catalog: its API name stands for the label
    ];
    const catalogs = [
      catalog('new', 2, [['Order_Id__c', 'Alpha order']]),
      catalog('old', 1, [
        ['Order_Id__c', 'Zulu order'],
        ['Account_Tier__c', 'Tier of the account'],
      ]),
    ];
    const screen = firstScreenOf(mappings, catalogs, 10);
    const first = screen.mappings.map((m) => m.id);
    // "kustomer · conversation" < "salesforce · case"; then "alpha order" < "tier of…" < "unknown__c".
    expect(first).toEqual(['k1', 'z1', 'a1', 'b2', 'u1']);
    expect(first).toEqual(tableIds(mappings, catalogs));
    expect(screen.total).toBe(5);
    // Only the fields its rows show, each as the newest import has it.
    expect(screen.fields).toEqual([
      {
        platform: 'salesforce',
        object: 'Case',
        fields: [
          expect.objectContaining({ name: 'Order_Id__c', label: 'Alpha order' }),
          expect.objectContaining({ name: 'Account_Tier__c', label: 'Tier of the account' }),
        ],
      },
    ]);
    expect(firstScreenOf(mappings, catalogs, 2).mappings.map((m) => m.id)).toEqual(['k1', 'z1']);
    expect(firstScreenOf([], catalogs, 5)).toEqual({ total: 0, mappings: [], fields: [] });
  });

  it('is always the start of the table the options page shows once every mapping is here, row for row', () => {
    const field = fc.constantFrom('A__c', 'b__c', 'B__c', 'Ä__c', 'C_10__c', 'C_9__c', 'x');
    const arbMapping = fc.record({
      id: fc.stringMatching(/^[a-zA-Z0-9_-]{1,6}$/),
      field,
      object: fc.constantFrom('Case', 'case', 'MessagingSession'),
      platform: fc.constantFrom('salesforce', 'kustomer'),
    });
    const arbCatalog = fc.record({
      org: fc.constantFrom('acme', 'globex'),
      fetchedAt: fc.integer({ min: 0, max: 5 }),
      object: fc.constantFrom('Case', 'MessagingSession'),
      fields: fc.array(
        fc.tuple(field, fc.constantFrom('Tier', 'tier', 'Order', 'Ärger', 'order 2', '')),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbMapping, { selector: (m) => m.id, maxLength: 40 }),
        fc.array(arbCatalog, { maxLength: 4 }),
        fc.integer({ min: 1, max: 50 }),
        (raw, rawCatalogs, limit) => {
          const mappings = raw.map((m) => mapping(m.id, m.field, m.object, m.platform));
          const catalogs = rawCatalogs.map((c) => catalog(c.org, c.fetchedAt, c.fields, c.object));
          // The same rows, with the same labels and types, from the first screen's own fields.
          expect(firstScreenRows(mappings, catalogs, limit)).toEqual(
            tableRows(mappings, catalogs).slice(0, limit),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('firstInOrder', () => {
  const byValue = (a: { v: number; id: number }, b: { v: number; id: number }) =>
    a.v - b.v || a.id - b.id;

  it('keeps exactly what sorting and slicing keeps, in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: -1, max: 30 }),
        (values, limit) => {
          const items = values.map((v, id) => ({ v, id }));
          const sorted = [...items].sort(byValue).slice(0, Math.max(0, limit));
          expect(firstInOrder(items, limit, byValue)).toEqual(sorted);
        },
      ),
    );
  });

  it('leaves its input alone', () => {
    const items = [3, 1, 2].map((v, id) => ({ v, id }));
    firstInOrder(items, 2, byValue);
    expect(items.map((i) => i.v)).toEqual([3, 1, 2]);
  });
});
