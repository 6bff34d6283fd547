import { describe, expect, it } from 'vitest';
import { fieldsFromMetadata, readMetadata, suffixOf } from '@/lib/platforms/kustomer/catalog';
import { kustomerRules } from '@/lib/platforms/kustomer/rules';
import { FieldSpec } from '@/lib/platforms/types';
import { readRealJson } from '../../../support/real-fixtures';

const examples = (
  readRealJson('kustomer_openapi_doc_examples.json') as {
    examples: Record<string, unknown>;
  }
).examples;

describe('the vendor metadata example (GET and PUT /v1/metadata/customer)', () => {
  it.each(['GET /v1/metadata/{resource} 200', 'PUT /v1/metadata/{resource} 200'])(
    '%s: every property imported as a valid FieldSpec',
    (key) => {
      const json = examples[key];
      const read = readMetadata(json);
      expect(read).toMatchObject({ ok: true, resource: 'customer' });
      const fields = fieldsFromMetadata(json);
      expect(fields.map((f) => f.name)).toEqual([
        'shopifyCustomerIdNum',
        'myCustomStr',
        'ordersId',
      ]);
      for (const f of fields) expect(FieldSpec.safeParse(f).success, f.name).toBe(true);
    },
  );

  it('reads each property: number, string enumeration, multi id link', () => {
    const [shopify, custom, orders] = fieldsFromMetadata(
      examples['GET /v1/metadata/{resource} 200'],
    );
    expect(shopify).toEqual({
      name: 'shopifyCustomerIdNum',
      label: 'Shopify Customer Id',
      type: 'Num',
      updateable: true,
    });
    expect(custom).toEqual({
      name: 'myCustomStr',
      label: 'My Custom String!',
      type: 'Str',
      length: 1024,
      updateable: true,
      restricted: true,
      options: [
        { value: 'option one', label: 'option one', active: true },
        { value: 'option two', label: 'option two', active: true },
        { value: 'option three', label: 'option three', active: true },
      ],
    });
    expect(orders).toEqual({ name: 'ordersId', label: 'Orders', type: 'Id[]', updateable: true });
  });

  it('the imported fields drive the rules', () => {
    const [shopify, custom, orders] = fieldsFromMetadata(
      examples['PUT /v1/metadata/{resource} 200'],
    );
    expect(kustomerRules.coerce(shopify as FieldSpec, '1,024')).toEqual({ ok: true, value: 1024 });
    expect(kustomerRules.coerce(custom as FieldSpec, 'Option Four')).toEqual({
      ok: true,
      value: 'option four',
    });
    expect(kustomerRules.coerce(orders as FieldSpec, '5822a4a5aa5f92110005d69a')).toEqual({
      ok: true,
      value: ['5822a4a5aa5f92110005d69a'],
    });
  });
});

/** A conversation metadata with every type, an enumeration, a tree and an app attribute. */
const handMade = {
  data: {
    type: 'metadata',
    id: 'conversation',
    attributes: {
      properties: {
        accountTierStr: {
          type: 'string',
          displayName: 'Account Tier',
          enumeration: ['bronze', 'silver', 'gold', 'gold', 7, { value: 'ignored-object' }, ''],
        },
        handoffContextTxt: { type: 'string', displayName: 'Handoff Context' },
        orderTotalNum: { type: 'number', displayName: 'Order Total' },
        lastOrderAt: { type: 'date', displayName: 'Last Order' },
        vipBool: { type: 'boolean', displayName: 'VIP' },
        accountUrl: { type: 'url', displayName: 'Account Page' },
        primaryOrderId: { type: 'string', target: 'kobject.order', displayName: 'Primary Order' },
        topicsStr: { type: 'string', multi: true, enumeration: ['billing', 'shipping'] },
        contactReasonsTree: {
          type: 'string',
          displayName: 'Contact Reason',
          lastNodeRequired: false,
          tree: {
            children: [
              {
                id: 'account_subscription',
                displayName: 'Account Subscription',
                children: [
                  { id: 'billing1', displayName: 'Billing' },
                  { id: 'cancel', displayName: 'Cancel', deleted: true },
                ],
              },
              {
                id: 'shipping',
                displayName: 'Shipping',
                deleted: true,
                children: [{ id: 'shipping.damaged', displayName: 'Damaged' }],
              },
              { displayName: 'No id: skipped' },
              'not a node',
            ],
          },
        },
        leafOnlyTree: {
          displayName: 'Leaf Only',
          lastNodeRequired: true,
          tree: {
            children: [
              { id: 'a', displayName: 'A', children: [{ id: 'a1', displayName: 'A one' }] },
              { id: 'b', displayName: 'B', children: [] },
            ],
          },
        },
        '@shopifyOrderCountNum': { type: 'number', displayName: 'Shopify Orders' },
        totalOrdersNum: { type: 'number' },
        legacyThing: { type: 'string', displayName: 'Legacy Thing' },
        brokenStr: { displayName: 42, enumeration: 'not-a-list', multi: 'yes' },
        nullStr: null,
      },
    },
  },
};

describe('a hand-made conversation metadata with every type', () => {
  // JSON.parse makes `__proto__` an own key, as a hostile response would.
  const json = JSON.parse(
    JSON.stringify(handMade).replace(
      '"nullStr":null',
      '"nullStr":null,"__proto__":{"type":"string"}',
    ),
  );
  const fields = fieldsFromMetadata(json);
  const byName = (name: string) => fields.find((f) => f.name === name);

  it('keeps every attribute, each a valid FieldSpec, types from the suffix', () => {
    for (const f of fields) expect(FieldSpec.safeParse(f).success, f.name).toBe(true);
    expect(Object.fromEntries(fields.map((f) => [f.name, f.type]))).toEqual({
      accountTierStr: 'Str',
      handoffContextTxt: 'Txt',
      orderTotalNum: 'Num',
      lastOrderAt: 'At',
      vipBool: 'Bool',
      accountUrl: 'Url',
      primaryOrderId: 'Id',
      topicsStr: 'Str[]',
      contactReasonsTree: 'Tree',
      leafOnlyTree: 'Tree',
      '@shopifyOrderCountNum': 'Num',
      totalOrdersNum: 'Num',
      legacyThing: 'string',
      brokenStr: 'Str',
      nullStr: 'Str',
    });
    expect(fields.every((f) => f.updateable)).toBe(true);
  });

  it('an enumeration: string entries once each, numbers as text, nothing else', () => {
    expect(byName('accountTierStr')?.options?.map((o) => o.value)).toEqual([
      'bronze',
      'silver',
      'gold',
      '7',
    ]);
    expect(byName('topicsStr')?.options).toHaveLength(2);
    expect(byName('handoffContextTxt')?.options).toBeUndefined();
  });

  it('a tree flattened to id paths and label paths; deleted nodes and their children inactive', () => {
    expect(byName('contactReasonsTree')?.options).toEqual([
      { value: 'account_subscription', label: 'Account Subscription', active: true },
      {
        value: 'account_subscription.billing1',
        label: 'Account Subscription › Billing',
        active: true,
      },
      {
        value: 'account_subscription.cancel',
        label: 'Account Subscription › Cancel',
        active: false,
      },
      { value: 'shipping', label: 'Shipping', active: false },
      { value: 'shipping.damaged', label: 'Shipping › Damaged', active: false },
    ]);
    expect(
      kustomerRules.coerce(
        byName('contactReasonsTree') as FieldSpec,
        'Account Subscription › Billing',
      ),
    ).toEqual({ ok: true, value: 'account_subscription.billing1' });
  });

  it('lastNodeRequired: only leaves can be chosen', () => {
    expect(byName('leafOnlyTree')?.options?.map((o) => o.value)).toEqual(['a.a1', 'b']);
    expect(kustomerRules.coerce(byName('leafOnlyTree') as FieldSpec, 'a')).toEqual({
      ok: false,
      error: "'a' is not a value of Leaf Only: use one of a.a1, b",
    });
  });

  it('labels: displayName, else Kustomer’s default title-cased name without the suffix', () => {
    expect(byName('@shopifyOrderCountNum')?.label).toBe('Shopify Orders');
    expect(byName('totalOrdersNum')?.label).toBe('Total Orders');
    expect(byName('brokenStr')?.label).toBe('Broken');
    expect(byName('topicsStr')?.label).toBe('Topics');
  });

  it('a malformed detail is dropped, not the attribute; prototype names are never imported', () => {
    expect(byName('brokenStr')).toEqual({
      name: 'brokenStr',
      label: 'Broken',
      type: 'Str',
      length: 1024,
      updateable: true,
    });
    expect(Object.keys(json.data.attributes.properties)).toContain('__proto__');
    expect(byName('__proto__')).toBeUndefined();
    expect(fields).toHaveLength(15);
  });

  it('an attribute without a type suffix keeps its raw type, and the rules refuse it clearly', () => {
    const legacy = byName('legacyThing') as FieldSpec;
    expect(kustomerRules.coerce(legacy, 'x')).toEqual({
      ok: false,
      error:
        "Legacy Thing (legacyThing) has type 'string', not a Kustomer attribute type (Str, Txt, Num, At, Bool, Url, Id, Tree): it cannot be filled from a handoff context",
    });
  });
});

describe('suffixOf', () => {
  it('reads the type suffix of a name', () => {
    expect(suffixOf('shopifyCustomerIdNum')).toBe('Num');
    expect(suffixOf('ordersId')).toBe('Id');
    expect(suffixOf('lastOrderAt')).toBe('At');
    expect(suffixOf('contactReasonsTree')).toBe('Tree');
    expect(suffixOf('Str')).toBeUndefined();
    expect(suffixOf('format')).toBeUndefined();
  });
});

describe('not a metadata response', () => {
  it.each([
    [null, ''],
    [{}, ' at data'],
    [{ data: { attributes: {} } }, ' at data.attributes.properties'],
    [{ data: { attributes: { properties: [] } } }, ' at data.attributes.properties'],
    [examples['GET /v1/conversations/{id} 200'], ' at data.attributes.properties'],
  ])('%j is refused with the path', (json, where) => {
    const read = readMetadata(json);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(`not in the expected shape${where}`);
    expect(() => fieldsFromMetadata(json)).toThrow(/Kustomer metadata response/);
  });
});
