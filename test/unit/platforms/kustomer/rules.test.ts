import { describe, expect, it } from 'vitest';
import { planFill } from '@/lib/mapping/plan';
import { Mapping } from '@/lib/mapping/schema';
import {
  parseInstant,
  kustomerRules as rules,
  STR_MAX,
  TXT_MAX,
} from '@/lib/platforms/kustomer/rules';
import type { FieldSpec } from '@/lib/platforms/types';

const field = (type: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'someAttr',
  label: 'My Attribute',
  type,
  updateable: true,
  ...extra,
});

type Raw = string | number | boolean;
const okValue = (f: FieldSpec, raw: Raw) => {
  const r = rules.coerce(f, raw);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const errorOf = (f: FieldSpec, raw: Raw) => {
  const r = rules.coerce(f, raw);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('Str', () => {
  const str = field('Str', { label: 'Order Number' });

  it('takes text up to 1,024 characters', () => {
    expect(okValue(str, 'A-1001')).toBe('A-1001');
    expect(okValue(str, 'x'.repeat(STR_MAX))).toHaveLength(1024);
    expect(errorOf(str, 'x'.repeat(1025))).toBe(
      'Order Number takes at most 1,024 characters; the value has 1,025',
    );
  });

  it('writes numbers and booleans as text', () => {
    expect(okValue(str, 12.5)).toBe('12.5');
    expect(okValue(str, 0)).toBe('0');
    expect(okValue(str, true)).toBe('true');
    expect(okValue(str, false)).toBe('false');
  });

  it('keeps a catalog length below 1,024 but never goes above it', () => {
    expect(errorOf(field('Str', { length: 5 }), 'abcdef')).toMatch(/at most 5 characters/);
    expect(errorOf(field('Str', { length: 5000 }), 'x'.repeat(1025))).toMatch(/at most 1,024/);
  });
});

describe('Txt', () => {
  const txt = field('Txt', { label: 'Summary' });

  it('takes multi-line text beyond Str’s limit, up to its own bound', () => {
    const long = `line one\nline two\n${'y'.repeat(5000)}`;
    expect(okValue(txt, long)).toBe(long);
    expect(okValue(txt, 'x'.repeat(TXT_MAX))).toHaveLength(TXT_MAX);
    expect(errorOf(txt, 'x'.repeat(TXT_MAX + 1))).toBe(
      'Summary takes at most 32,768 characters; the value has 32,769',
    );
  });
});

describe('Num', () => {
  const num = field('Num', { label: 'Lifetime Value' });

  it('takes JSON numbers and numeric text with thousands separators', () => {
    expect(okValue(num, 1840.5)).toBe(1840.5);
    expect(okValue(num, '1840.5')).toBe(1840.5);
    expect(okValue(num, ' 1,234,567.25 ')).toBe(1234567.25);
    expect(okValue(num, '-0.25')).toBe(-0.25);
    expect(okValue(num, '.5')).toBe(0.5);
    expect(okValue(num, '+7')).toBe(7);
    expect(Object.is(okValue(num, '-0'), 0)).toBe(true);
  });

  it('refuses text that is not a plain number', () => {
    for (const bad of ['12abc', '1,23', '1.234,5', '1e5', '', '1 000', 'twelve', '--1', '.']) {
      expect(errorOf(num, bad)).toBe(
        `Lifetime Value takes a number such as 1234.5 or 1,234.5, not '${bad}'`,
      );
    }
    expect(errorOf(num, true)).toMatch(/takes a number/);
  });

  it('refuses what is not finite', () => {
    expect(errorOf(num, 'NaN')).toBe("Lifetime Value takes a finite number, not 'NaN'");
    expect(errorOf(num, '-Infinity')).toMatch(/finite number/);
    expect(errorOf(num, Number.POSITIVE_INFINITY)).toMatch(/finite number/);
    expect(errorOf(num, '9'.repeat(400))).toMatch(/finite number/);
  });
});

describe('At', () => {
  const at = field('At', { label: 'Last Order' });

  it('normalises ISO 8601 date-times to UTC with milliseconds', () => {
    expect(okValue(at, '2026-10-02T15:04:05Z')).toBe('2026-10-02T15:04:05.000Z');
    expect(okValue(at, '2026-10-02T17:04:05+02:00')).toBe('2026-10-02T15:04:05.000Z');
    expect(okValue(at, '2026-10-02T10:04:05-0500')).toBe('2026-10-02T15:04:05.000Z');
    expect(okValue(at, '2026-10-02T15:04:05.123456Z')).toBe('2026-10-02T15:04:05.123Z');
    expect(okValue(at, '2026-10-02T15:04')).toBe('2026-10-02T15:04:00.000Z');
    expect(okValue(at, '2026-10-02 15:04:05Z')).toBe('2026-10-02T15:04:05.000Z');
    expect(okValue(at, '2021-03-04T14:30:00.000Z')).toBe('2021-03-04T14:30:00.000Z');
  });

  it('reads a date alone as midnight UTC', () => {
    expect(okValue(at, '2026-11-21')).toBe('2026-11-21T00:00:00.000Z');
    expect(okValue(at, '2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('handles the first years of the calendar (no 19xx surprise)', () => {
    expect(okValue(at, '0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00:00.000Z');
  });

  it('refuses impossible dates and times', () => {
    for (const bad of [
      '2026-02-30',
      '2027-02-29T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31',
      '2026-10-02T24:00:00Z',
      '2026-10-02T12:60:00Z',
      '2026-10-02T12:00:60Z',
      '2026-10-02T12:00:00+25:00',
    ]) {
      expect(errorOf(at, bad)).toBe(`Last Order: '${bad}' is not a real date and time`);
    }
  });

  it('refuses other formats, numbers and out-of-range instants', () => {
    for (const bad of ['21/11/2026', 'tomorrow', '2026-11-21T10', '20261121', '2026-1-2']) {
      expect(errorOf(at, bad)).toBe(
        `Last Order takes a date and time in ISO 8601 such as 2026-11-21T10:00:00Z, not '${bad}'`,
      );
    }
    expect(errorOf(at, 1700000000)).toMatch(/takes a date and time in ISO 8601/);
    expect(errorOf(at, '9999-12-31T23:00:00-05:00')).toBe(
      "Last Order takes dates from the year 0000 to 9999, not '9999-12-31T23:00:00-05:00'",
    );
  });

  it('parseInstant gives the epoch', () => {
    expect(parseInstant('1970-01-01T00:00:01Z')).toEqual({ ok: true, epochMs: 1000 });
    expect(parseInstant('nope')).toEqual({ ok: false, problem: 'format' });
  });
});

describe('Bool', () => {
  const bool = field('Bool', { label: 'Marketing Opt-In' });

  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
    ['yes', true],
    ['No', false],
    ['y', true],
    ['n', false],
    ['1', true],
    ['0', false],
    [' on ', true],
    ['off', false],
    [1, true],
    [0, false],
  ] as const)('%j → %j', (raw, value) => {
    expect(okValue(bool, raw)).toBe(value);
  });

  it('refuses anything else', () => {
    expect(errorOf(bool, 'maybe')).toBe(
      "Marketing Opt-In takes true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
    );
    expect(errorOf(bool, 2)).toMatch(/takes true or false/);
  });
});

describe('Url', () => {
  const url = field('Url', { label: 'Account Page' });

  it('takes http and https addresses, trimmed', () => {
    expect(okValue(url, ' https://admin.acme.example/customers/10293 ')).toBe(
      'https://admin.acme.example/customers/10293',
    );
    expect(okValue(url, 'http://acme.example')).toBe('http://acme.example');
  });

  it('refuses other schemes and non-addresses', () => {
    for (const bad of [
      'javascript:alert(1)',
      'ftp://acme.example/x',
      'mailto:a@b.example',
      'acme.example/x',
      'https://acme example.com',
      'data:text/html,hi',
    ]) {
      expect(errorOf(url, bad)).toBe(
        `Account Page takes a web address starting with http:// or https://, not '${bad}'`,
      );
    }
  });
});

describe('Id', () => {
  const id = field('Id', { label: 'Primary Order' });

  it('takes a 24-hex object id, sent lowercase', () => {
    expect(okValue(id, '5822a4a5aa5f92110005d69a')).toBe('5822a4a5aa5f92110005d69a');
    expect(okValue(id, ' 5822A4A5AA5F92110005D69A ')).toBe('5822a4a5aa5f92110005d69a');
  });

  it('refuses anything else', () => {
    for (const bad of ['5822a4a5aa5f92110005d69', '5822a4a5aa5f92110005d69ag', 'order-17']) {
      expect(errorOf(id, bad)).toBe(
        `Primary Order takes a Kustomer object id of 24 hexadecimal characters, not '${bad}'`,
      );
    }
  });
});

describe('enumeration (a Str with options)', () => {
  const tier = field('Str', {
    label: 'Account Tier',
    options: [
      { value: 'option one', label: 'option one', active: true },
      { value: 'tier_gold', label: 'Gold', active: true },
      { value: 'legacy', label: 'Legacy', active: false },
    ],
  });

  it('matches a value or label ignoring case, and sends the option value', () => {
    expect(okValue(tier, 'option one')).toBe('option one');
    expect(okValue(tier, 'OPTION ONE')).toBe('option one');
    expect(okValue(tier, ' gold ')).toBe('tier_gold');
    expect(okValue(tier, 'TIER_GOLD')).toBe('tier_gold');
  });

  it('refuses an inactive value and an unknown one, listing the allowed values', () => {
    expect(errorOf(tier, 'Legacy')).toBe('legacy is an inactive value of Account Tier');
    expect(errorOf(tier, 'Platinum')).toBe(
      "'Platinum' is not a value of Account Tier: use one of option one, tier_gold",
    );
  });

  it('lists only the first ten values of a long enumeration', () => {
    const many = field('Str', {
      label: 'Reason',
      options: Array.from({ length: 12 }, (_, i) => ({
        value: `r${i}`,
        label: `R${i}`,
        active: true,
      })),
    });
    expect(errorOf(many, 'x')).toBe(
      "'x' is not a value of Reason: use one of r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, …",
    );
  });
});

describe('Tree', () => {
  const reasons = field('Tree', {
    label: 'Contact Reason',
    options: [
      { value: 'account_subscription', label: 'Account Subscription', active: true },
      {
        value: 'account_subscription.billing1',
        label: 'Account Subscription › Billing',
        active: true,
      },
      { value: 'shipping', label: 'Shipping', active: true },
      { value: 'shipping.damaged', label: 'Shipping › Damaged', active: true },
      { value: 'returns', label: 'Returns', active: true },
      { value: 'returns.damaged', label: 'Returns › Damaged', active: true },
      { value: 'old_reason', label: 'Old Reason', active: false },
    ],
  });

  it('matches the node id path ignoring case, stored lowercase', () => {
    expect(okValue(reasons, 'account_subscription.billing1')).toBe('account_subscription.billing1');
    expect(okValue(reasons, 'Account_Subscription.Billing1')).toBe('account_subscription.billing1');
  });

  it('sends a node whose id has capitals in lowercase, as Kustomer stores trees', () => {
    const mixed = field('Tree', {
      label: 'Queue',
      options: [{ value: 'VIP.Refund_Desk', label: 'VIP › Refund Desk', active: true }],
    });
    expect(okValue(mixed, 'VIP › Refund Desk')).toBe('vip.refund_desk');
    expect(okValue(mixed, 'VIP.Refund_Desk')).toBe('vip.refund_desk');
  });

  it('matches the label path, whatever the separator', () => {
    expect(okValue(reasons, 'Account Subscription › Billing')).toBe(
      'account_subscription.billing1',
    );
    expect(okValue(reasons, 'account subscription > billing')).toBe(
      'account_subscription.billing1',
    );
    expect(okValue(reasons, 'Account Subscription/Billing')).toBe('account_subscription.billing1');
  });

  it('matches a label alone when only one node has it', () => {
    expect(okValue(reasons, 'billing')).toBe('account_subscription.billing1');
    expect(errorOf(reasons, 'Damaged')).toBe(
      "'Damaged' names several values of Contact Reason: use one of shipping.damaged, returns.damaged",
    );
  });

  it('refuses an inactive node and an unknown one', () => {
    expect(errorOf(reasons, 'old_reason')).toBe(
      'Old Reason is an inactive value of Contact Reason',
    );
    expect(errorOf(reasons, 'Shipping › Lost')).toBe(
      "'Shipping › Lost' is not a value of Contact Reason: use one of account_subscription, account_subscription.billing1, shipping, shipping.damaged, returns, returns.damaged",
    );
  });

  it('without a catalog of nodes, takes any well-formed id path, lowercased', () => {
    const bare = field('Tree', { label: 'Contact Reason' });
    expect(okValue(bare, 'Account_Subscription.Billing1')).toBe('account_subscription.billing1');
    expect(okValue(bare, 'none')).toBe('none');
    expect(errorOf(bare, 'Account Subscription › Billing')).toBe(
      "Contact Reason takes a list value as its node id path, such as 'billing.refund', not 'Account Subscription › Billing'",
    );
  });
});

describe('multi attributes (type marked with [])', () => {
  const orders = field('Id[]', { label: 'Orders' });
  const tags = field('Str[]', {
    label: 'Topics',
    options: [
      { value: 'billing', label: 'Billing', active: true },
      { value: 'shipping', label: 'Shipping', active: true },
    ],
  });

  it('splits on commas, coerces each item, drops duplicates and sends an array', () => {
    expect(
      okValue(
        orders,
        '5822A4A5AA5F92110005D69A, 5822a4a5aa5f92110005d69b,5822a4a5aa5f92110005d69a',
      ),
    ).toEqual(['5822a4a5aa5f92110005d69a', '5822a4a5aa5f92110005d69b']);
    expect(okValue(tags, 'Billing,shipping, billing')).toEqual(['billing', 'shipping']);
    expect(okValue(field('Num[]'), 3)).toEqual([3]);
  });

  it('refuses the whole value when one item is bad, naming it', () => {
    expect(errorOf(tags, 'billing, refunds')).toBe(
      "'refunds' is not a value of Topics: use one of billing, shipping",
    );
    expect(errorOf(orders, ' , ')).toBe("Orders takes one or more values separated by ','");
  });

  it('has "," as separator; single-valued types have none', () => {
    expect(rules.multiSeparator?.(orders)).toBe(',');
    expect(rules.multiSeparator?.(field('Str'))).toBeUndefined();
  });

  it('compares as sets', () => {
    expect(rules.same(tags, ['shipping', 'billing'], ['billing', 'shipping'])).toBe(true);
    expect(rules.same(tags, ['billing'], ['billing', 'shipping'])).toBe(false);
    expect(rules.same(orders, ['5822A4A5AA5F92110005D69A'], ['5822a4a5aa5f92110005d69a'])).toBe(
      true,
    );
    expect(rules.same(tags, 'billing', ['billing'])).toBe(true);
  });
});

describe('unknown types', () => {
  it('refuses with the attribute name and the known types', () => {
    const odd = field('string', { name: 'legacyField', label: 'Legacy Field' });
    expect(errorOf(odd, 'x')).toBe(
      "Legacy Field (legacyField) has type 'string', not a Kustomer attribute type (Str, Txt, Num, At, Bool, Url, Id, Tree): it cannot be filled from a handoff context",
    );
    expect(errorOf(field('constructor'), 'x')).toMatch(/not a Kustomer attribute type/);
    expect(errorOf(field('__proto__[]'), 'x')).toMatch(/not a Kustomer attribute type/);
  });
});

describe('isEmpty', () => {
  it('counts null, undefined, whitespace and empty lists as empty', () => {
    for (const v of [null, undefined, '', '   ', [], [null, ' ']]) {
      expect(rules.isEmpty(field('Str'), v)).toBe(true);
    }
  });

  it('keeps false and 0 as values: a Kustomer boolean is unset as null, not false', () => {
    expect(rules.isEmpty(field('Bool'), false)).toBe(false);
    expect(rules.isEmpty(field('Bool'), null)).toBe(true);
    expect(rules.isEmpty(field('Num'), 0)).toBe(false);
    expect(rules.isEmpty(field('Str[]'), ['a'])).toBe(false);
  });
});

describe('same', () => {
  it('compares numbers numerically', () => {
    expect(rules.same(field('Num'), 1840.5, 1840.5)).toBe(true);
    expect(rules.same(field('Num'), '1,840.50', 1840.5)).toBe(true);
    expect(rules.same(field('Num'), 1840, 1840.5)).toBe(false);
  });

  it('compares date-times by instant', () => {
    expect(rules.same(field('At'), '2026-10-02T17:04:05+02:00', '2026-10-02T15:04:05.000Z')).toBe(
      true,
    );
    expect(rules.same(field('At'), '2026-10-02T15:04:06Z', '2026-10-02T15:04:05.000Z')).toBe(false);
    expect(rules.same(field('At'), 'garbage', '2026-10-02T15:04:05.000Z')).toBe(false);
  });

  it('compares booleans by meaning', () => {
    expect(rules.same(field('Bool'), false, false)).toBe(true);
    expect(rules.same(field('Bool'), 'true', true)).toBe(true);
    expect(rules.same(field('Bool'), false, true)).toBe(false);
  });

  it('compares trees and ids ignoring case, text exactly', () => {
    expect(rules.same(field('Tree'), 'Shipping.Damaged', 'shipping.damaged')).toBe(true);
    expect(rules.same(field('Id'), '5822A4A5AA5F92110005D69A', '5822a4a5aa5f92110005d69a')).toBe(
      true,
    );
    expect(rules.same(field('Str'), 'Gold', 'gold')).toBe(false);
    expect(rules.same(field('Str'), 'gold', 'gold')).toBe(true);
  });

  it('is never the same as nothing', () => {
    expect(rules.same(field('Bool'), null, false)).toBe(false);
    expect(rules.same(field('Str'), undefined, '')).toBe(false);
  });
});

describe('with the planner', () => {
  const fields: FieldSpec[] = [
    {
      name: 'accountTierStr',
      label: 'Account Tier',
      type: 'Str',
      updateable: true,
      options: [{ value: 'tier_gold', label: 'Gold', active: true }],
    },
    { name: 'vipBool', label: 'VIP', type: 'Bool', updateable: true },
    { name: 'topicsStr', label: 'Topics', type: 'Str[]', updateable: true },
    { name: 'orderTotalNum', label: 'Order Total', type: 'Num', updateable: true },
  ];
  const mapping = (id: string, field: string, sources: string[], extra: object = {}) =>
    Mapping.parse({ id, platform: 'kustomer', object: 'conversation', field, sources, ...extra });

  it('writes coerced values, keeps a false boolean under fill-empty, maps multi items one by one', () => {
    const plan = planFill({
      context: {
        'Account Tier': 'gold',
        VIP: 'yes',
        Topics: 'Refund, Late',
        'Order Total': '1,200',
      },
      mappings: [
        mapping('tier', 'accountTierStr', ['Account Tier']),
        mapping('vip', 'vipBool', ['VIP']),
        mapping('topics', 'topicsStr', ['Topics'], {
          valueMap: [
            { from: 'refund', to: 'refunds' },
            { from: 'late', to: 'shipping_delay' },
          ],
        }),
        mapping('total', 'orderTotalNum', ['Order Total']),
      ],
      fields,
      current: { vipBool: false, orderTotalNum: 1200 },
      rules,
    });
    expect(plan.write).toEqual({
      accountTierStr: 'tier_gold',
      topicsStr: ['refunds', 'shipping_delay'],
    });
    expect(plan.fields.find((f) => f.field === 'vipBool')).toMatchObject({
      action: 'skip',
      reason: 'kept-existing',
    });
    expect(plan.fields.find((f) => f.field === 'orderTotalNum')).toMatchObject({
      action: 'skip',
      reason: 'unchanged',
    });
  });
});
