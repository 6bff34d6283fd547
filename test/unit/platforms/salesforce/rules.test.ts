import { describe, expect, it } from 'vitest';
import { salesforceRules as rules } from '@/lib/platforms/salesforce/rules';
import type { FieldSpec } from '@/lib/platforms/types';

const field = (type: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'F__c',
  label: 'My Field',
  type,
  updateable: true,
  ...extra,
});

const coerce = (f: FieldSpec, raw: string | number | boolean) => rules.coerce(f, raw);
const okValue = (f: FieldSpec, raw: string | number | boolean) => {
  const r = coerce(f, raw);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const errorOf = (f: FieldSpec, raw: string | number | boolean) => {
  const r = coerce(f, raw);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('text types', () => {
  it.each(['string', 'textarea', 'encryptedstring'])(
    '%s keeps the value within its length',
    (type) => {
      const f = field(type, { length: 5 });
      expect(okValue(f, 'abcde')).toBe('abcde');
      expect(okValue(f, 12345)).toBe('12345');
      expect(errorOf(f, 'abcdef')).toBe('My Field takes at most 5 characters; the value has 6');
    },
  );

  it('writes booleans as text', () => {
    expect(okValue(field('string', { length: 10 }), true)).toBe('true');
  });
});

describe('picklist', () => {
  const tier = field('picklist', {
    label: 'Account Tier',
    length: 40,
    restricted: true,
    options: [
      { value: 'tier_basic', label: 'Basic', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
      { value: 'Legacy', label: 'Legacy plan', active: false },
    ],
  });

  it('matches an active value or label case-insensitively and sends the exact value', () => {
    expect(okValue(tier, 'tier_premium')).toBe('tier_premium');
    expect(okValue(tier, 'TIER_BASIC')).toBe('tier_basic');
    expect(okValue(tier, ' premium ')).toBe('tier_premium');
  });

  it('refuses an inactive value', () => {
    expect(errorOf(tier, 'legacy')).toBe('Legacy is an inactive value of Account Tier');
    expect(errorOf(tier, 'Legacy Plan')).toBe('Legacy is an inactive value of Account Tier');
  });

  it('refuses an unknown value of a restricted picklist, listing the active values', () => {
    expect(errorOf(tier, 'Gold')).toBe(
      "'Gold' is not a value of Account Tier, a restricted picklist: use one of tier_basic, tier_premium",
    );
  });

  it('passes an unknown value of an open picklist within its length', () => {
    const open = { ...tier, restricted: false, length: 6 };
    expect(okValue(open, 'Gold')).toBe('Gold');
    expect(errorOf(open, 'Platinum')).toBe(
      'Account Tier takes at most 6 characters; the value has 8',
    );
  });

  it('combobox suggests values but takes any text', () => {
    const combo = field('combobox', {
      length: 20,
      restricted: true,
      options: [{ value: 'Web', label: 'Web', active: true }],
    });
    expect(okValue(combo, 'web')).toBe('Web');
    expect(okValue(combo, 'Carrier pigeon')).toBe('Carrier pigeon');
  });
});

describe('multipicklist', () => {
  const topics = field('multipicklist', {
    label: 'Topics',
    length: 4099,
    restricted: true,
    options: [
      { value: 'Billing', label: 'Billing', active: true },
      { value: 'Access', label: 'Login & access', active: true },
      { value: 'Old', label: 'Old', active: false },
    ],
  });

  it('splits on ";", matches each item, drops duplicates and joins A;B', () => {
    expect(okValue(topics, 'billing; login & access ;Billing')).toBe('Billing;Access');
  });

  it('refuses an inactive or unknown item of a restricted multipicklist', () => {
    expect(errorOf(topics, 'Billing;old')).toBe('Old is an inactive value of Topics');
    expect(errorOf(topics, 'Billing;Refunds')).toMatch(
      /^'Refunds' is not a value of Topics, a restricted picklist/,
    );
  });

  it('refuses a value with no items', () => {
    expect(errorOf(topics, ' ; ;')).toBe("Topics takes one or more values separated by ';'");
  });

  it('asks the planner to split values on ";" only for multipicklists', () => {
    expect(rules.multiSeparator?.(topics)).toBe(';');
    expect(rules.multiSeparator?.(field('picklist'))).toBeUndefined();
  });
});

describe('boolean', () => {
  const vip = field('boolean', { label: 'VIP' });
  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
    ['Yes', true],
    ['no', false],
    ['y', true],
    ['N', false],
    ['1', true],
    ['0', false],
    ['on', true],
    ['Off', false],
    [1, true],
    [0, false],
  ] as const)('%j → %j', (raw, expected) => {
    expect(okValue(vip, raw)).toBe(expected);
  });

  it('refuses anything else', () => {
    expect(errorOf(vip, 'maybe')).toBe(
      "VIP is a checkbox: expected true or false (or yes/no, y/n, 1/0, on/off), not 'maybe'",
    );
    expect(errorOf(vip, 2)).toMatch(/^VIP is a checkbox/);
  });
});

describe('int', () => {
  const employees = field('int', { label: 'Employees', precision: 8, scale: 0 });
  it('takes whole numbers, as JSON numbers or text with thousands separators', () => {
    expect(okValue(employees, 42)).toBe(42);
    expect(okValue(employees, '1,234')).toBe(1234);
    expect(okValue(employees, '-7')).toBe(-7);
    expect(okValue(employees, '12.0')).toBe(12);
  });

  it('refuses fractions, text and too many digits', () => {
    expect(errorOf(employees, 12.5)).toBe("Employees takes a whole number, not '12.5'");
    expect(errorOf(employees, 'twelve')).toBe("Employees takes a whole number, not 'twelve'");
    expect(errorOf(employees, 123_456_789)).toBe(
      "Employees takes at most 8 digits; '123456789' has 9",
    );
    expect(errorOf(employees, Number.NaN)).toBe("Employees takes a finite whole number, not 'NaN'");
  });
});

describe('double, currency, percent', () => {
  const amount = field('currency', { label: 'Refund Amount', precision: 8, scale: 2 });
  const ratio = field('double', { label: 'Ratio', precision: 5, scale: 3 });
  const discount = field('percent', { label: 'Discount', precision: 5, scale: 2 });

  it('reads JSON numbers and text with thousands separators, rounding decimally to the scale', () => {
    expect(okValue(amount, 1234.5)).toBe(1234.5);
    expect(okValue(amount, '1,234.567')).toBe(1234.57);
    expect(okValue(amount, 1.005)).toBe(1.01); // binary floats would give 1.00
    expect(okValue(amount, '-0.004')).toBe(0);
    expect(okValue(ratio, '.5')).toBe(0.5);
    expect(okValue(ratio, 1e-7)).toBe(0);
  });

  it('accepts a leading currency symbol for currency and a trailing % for percent only', () => {
    expect(okValue(amount, '$1,234.50')).toBe(1234.5);
    expect(okValue(amount, '-€ 12')).toBe(-12);
    expect(okValue(discount, '12.5%')).toBe(12.5);
    expect(errorOf(ratio, '$5')).toBe("Ratio takes a number such as 1234.5 or 1,234.5, not '$5'");
    expect(errorOf(ratio, '5%')).toMatch(/^Ratio takes a number/);
    expect(errorOf(discount, '$5')).toBe("Discount takes a number such as 12.5 or 12.5%, not '$5'");
  });

  it('refuses malformed numbers, NaN and Infinity', () => {
    expect(errorOf(amount, '1.234,5')).toBe(
      "Refund Amount takes a number such as 1234.50, 1,234.50 or $1,234.50, not '1.234,5'",
    );
    expect(errorOf(amount, '12,34')).toMatch(/^Refund Amount takes a number/);
    expect(errorOf(amount, '1e5')).toMatch(/^Refund Amount takes a number/);
    expect(errorOf(amount, 'NaN')).toBe("Refund Amount takes a finite number, not 'NaN'");
    expect(errorOf(amount, Number.POSITIVE_INFINITY)).toBe(
      "Refund Amount takes a finite number, not 'Infinity'",
    );
    expect(errorOf(amount, '-Infinity')).toMatch(/finite number/);
  });

  it('limits integer digits to precision − scale, after rounding', () => {
    expect(okValue(amount, 999_999.99)).toBe(999_999.99);
    expect(errorOf(amount, '1,000,000')).toBe(
      "Refund Amount takes at most 6 digits before the decimal point; '1,000,000' has 7",
    );
    expect(errorOf(amount, 999_999.999)).toMatch(/has 7$/);
  });
});

describe('date', () => {
  const d = field('date', { label: 'Callback Date' });
  it('takes YYYY-MM-DD and the date part of an ISO datetime', () => {
    expect(okValue(d, '2026-11-30')).toBe('2026-11-30');
    expect(okValue(d, '2024-02-29')).toBe('2024-02-29');
    expect(okValue(d, '2026-11-30T23:30:00-05:00')).toBe('2026-11-30');
  });

  it('refuses other formats, dates that do not exist and years Salesforce cannot store', () => {
    expect(errorOf(d, '30/11/2026')).toBe(
      "Callback Date takes a date as YYYY-MM-DD, not '30/11/2026'",
    );
    expect(errorOf(d, 20261130)).toBe("Callback Date takes a date as YYYY-MM-DD, not '20261130'");
    expect(errorOf(d, '2026-02-29')).toBe("Callback Date: '2026-02-29' is not a real date");
    expect(errorOf(d, '2026-13-01')).toMatch(/is not a real date$/);
    expect(errorOf(d, '0001-01-01')).toBe(
      "Callback Date takes dates between the years 1700 and 4000, not '0001-01-01'",
    );
  });
});

describe('datetime', () => {
  const dt = field('datetime', { label: 'Callback At' });
  it('normalises ISO 8601 with T to UTC, no zone meaning UTC', () => {
    expect(okValue(dt, '2026-11-21T10:00:00Z')).toBe('2026-11-21T10:00:00.000Z');
    expect(okValue(dt, '2026-11-21T11:30+01:00')).toBe('2026-11-21T10:30:00.000Z');
    expect(okValue(dt, '2026-11-21T10:00:00.123456-0230')).toBe('2026-11-21T12:30:00.123Z');
    expect(okValue(dt, '2026-11-21T10:00:00')).toBe('2026-11-21T10:00:00.000Z');
    expect(okValue(dt, '2026-12-31T23:30:00-01:00')).toBe('2027-01-01T00:30:00.000Z');
  });

  it('refuses a date alone, a space instead of T, and impossible values', () => {
    expect(errorOf(dt, '2026-11-21')).toBe(
      "Callback At needs a date and time such as 2026-11-21T10:00:00Z; '2026-11-21' is only a date",
    );
    expect(errorOf(dt, '2026-11-21 10:00')).toBe(
      "Callback At needs ISO 8601 with a 'T' between date and time, such as 2026-11-21T10:00:00Z, not '2026-11-21 10:00'",
    );
    expect(errorOf(dt, '2026-11-21T24:00:00Z')).toBe(
      "Callback At: '2026-11-21T24:00:00Z' is not a real date and time",
    );
    expect(errorOf(dt, 'tomorrow')).toMatch(/^Callback At needs a date and time in ISO 8601/);
    expect(errorOf(dt, 1_700_000_000_000)).toMatch(/^Callback At needs a date and time/);
  });
});

describe('time', () => {
  const t = field('time', { label: 'Opens At' });
  it('takes HH:mm[:ss[.sss]] and sends HH:mm:ss.sssZ', () => {
    expect(okValue(t, '09:30')).toBe('09:30:00.000Z');
    expect(okValue(t, '9:30:15')).toBe('09:30:15.000Z');
    expect(okValue(t, '23:59:59.5')).toBe('23:59:59.500Z');
  });
  it('refuses anything else', () => {
    expect(errorOf(t, '25:00')).toBe(
      "Opens At takes a time as HH:mm or HH:mm:ss (24-hour), not '25:00'",
    );
    expect(errorOf(t, '9.30 pm')).toMatch(/^Opens At takes a time/);
  });
});

describe('email, phone, url', () => {
  const email = field('email', { label: 'Contact Email', length: 80 });
  const phone = field('phone', { label: 'Phone', length: 40 });
  const url = field('url', { label: 'Website', length: 255 });

  it('email: a sane address of at most 80 characters', () => {
    expect(okValue(email, ' ana.lopez+vip@example.co.uk ')).toBe('ana.lopez+vip@example.co.uk');
    for (const bad of [
      'ana',
      'ana@',
      '@example.com',
      'ana@example',
      'ana lopez@example.com',
      'ana@@example.com',
      'ana@-x.com',
      'a..b@example.com',
    ]) {
      expect(errorOf(email, bad), bad).toBe(
        `Contact Email takes an email address such as name@example.com, not '${bad}'`,
      );
    }
    expect(errorOf(email, `${'a'.repeat(70)}@example.com`)).toBe(
      'Contact Email takes at most 80 characters; the value has 82',
    );
  });

  it('phone: digits, spaces, + ( ) - . / and an extension, at most 40', () => {
    for (const good of [
      '+1 (415) 555-0100',
      '030/1234.5678',
      '555 0100 ext. 12',
      '+44 20 7946 0958 x7',
    ]) {
      expect(okValue(phone, good)).toBe(good);
    }
    expect(errorOf(phone, 'call me')).toBe(
      "Phone takes a phone number (digits, spaces, + ( ) - . / and an extension), not 'call me'",
    );
    expect(errorOf(phone, '12')).toMatch(/^Phone takes a phone number/);
    expect(errorOf(phone, '1'.repeat(41))).toBe(
      'Phone takes at most 40 characters; the value has 41',
    );
  });

  it('url: http or https only', () => {
    expect(okValue(url, 'https://example.com/orders/7?x=1')).toBe(
      'https://example.com/orders/7?x=1',
    );
    for (const bad of [
      'javascript:alert(1)',
      'ftp://example.com',
      'example.com',
      'https://exa mple.com',
    ]) {
      expect(errorOf(url, bad), bad).toBe(
        `Website takes a web address starting with http:// or https://, not '${bad}'`,
      );
    }
    expect(
      errorOf(field('url', { label: 'Website', length: 20 }), 'https://example.com/long'),
    ).toBe('Website takes at most 20 characters; the value has 24');
  });
});

describe('reference and id', () => {
  const account = field('reference', { label: 'Account' });
  it('takes 15 or 18 alphanumerics with a matching suffix', () => {
    expect(okValue(account, '0015e00000tW1f0')).toBe('0015e00000tW1f0');
    expect(okValue(account, '0015e00000tW1f0AAC')).toBe('0015e00000tW1f0AAC');
  });
  it('refuses anything else', () => {
    expect(errorOf(account, '0015e00000tW1f')).toBe(
      "Account takes a Salesforce record id of 15 or 18 letters and digits, not '0015e00000tW1f'",
    );
    expect(errorOf(account, '0015e00000tW1f0AAA')).toBe(
      "Account: '0015e00000tW1f0AAA' is not a valid Salesforce id (its last three characters do not match the first fifteen)",
    );
  });
});

describe('unsupported types', () => {
  it.each(['location', 'address', 'base64', 'anyType', 'complexvalue'])('refuses %s', (type) => {
    expect(errorOf(field(type, { label: 'Where' }), 'x')).toBe(
      `Where: fields of type ${type} cannot be filled from a handoff context`,
    );
  });
});

describe('isEmpty', () => {
  it('null, undefined and blank text are empty; a checkbox set to false is empty', () => {
    const text = field('string');
    expect(rules.isEmpty(text, null)).toBe(true);
    expect(rules.isEmpty(text, undefined)).toBe(true);
    expect(rules.isEmpty(text, '  ')).toBe(true);
    expect(rules.isEmpty(text, 'x')).toBe(false);
    expect(rules.isEmpty(field('double'), 0)).toBe(false);
    expect(rules.isEmpty(field('boolean'), false)).toBe(true);
    expect(rules.isEmpty(field('boolean'), true)).toBe(false);
    expect(rules.isEmpty(text, false)).toBe(false);
  });
});

describe('same', () => {
  it('compares by type', () => {
    expect(rules.same(field('double'), '12.50', 12.5)).toBe(true);
    expect(rules.same(field('currency'), 12.5, 12.51)).toBe(false);
    expect(
      rules.same(field('datetime'), '2026-11-21T10:00:00.000+0000', '2026-11-21T10:00:00.000Z'),
    ).toBe(true);
    expect(
      rules.same(field('datetime'), '2026-11-21T11:00:00.000+0100', '2026-11-21T10:00:00.000Z'),
    ).toBe(true);
    expect(
      rules.same(field('datetime'), '2026-11-21T10:00:01.000+0000', '2026-11-21T10:00:00.000Z'),
    ).toBe(false);
    expect(rules.same(field('date'), '2026-11-21', '2026-11-21')).toBe(true);
    expect(rules.same(field('time'), '10:00:00.000Z', '10:00:00.000Z')).toBe(true);
    expect(rules.same(field('multipicklist'), 'B;A', 'A;B')).toBe(true);
    expect(rules.same(field('multipicklist'), 'A', 'A;B')).toBe(false);
    expect(rules.same(field('picklist'), 'high', 'High')).toBe(false);
    expect(rules.same(field('picklist'), 'High', 'High')).toBe(true);
    expect(rules.same(field('boolean'), false, false)).toBe(true);
    expect(rules.same(field('boolean'), true, false)).toBe(false);
    expect(rules.same(field('reference'), '0015e00000tW1f0AAC', '0015e00000tW1f0')).toBe(true);
    expect(rules.same(field('string'), null, '')).toBe(false);
  });
});
