// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { cut, fmt, printable, shown } from '@/lib/text/format';

describe('fmt', () => {
  it('writes counts with en-US thousands separators', () => {
    expect(fmt(7)).toBe('7');
    expect(fmt(16_384)).toBe('16,384');
    expect(fmt(1_234_567)).toBe('1,234,567');
  });
});

describe('cut', () => {
  it('keeps text up to the limit and cuts longer text with an ellipsis', () => {
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('abcd', 3)).toBe('abc…');
    expect(cut('', 0)).toBe('');
  });
});

describe('printable', () => {
  it('takes out control and invisible formatting characters, and nothing else', () => {
    expect(printable('a\u0000b\nc\u200bd\u202ee')).toBe('abcde');
    expect(printable('Zoë – café')).toBe('Zoë – café');
  });
});

describe('shown', () => {
  it('quotes a value and cuts it after 60 characters', () => {
    expect(shown('Gold')).toBe("'Gold'");
    expect(shown(12.5)).toBe("'12.5'");
    expect(shown(true)).toBe("'true'");
    expect(shown('x'.repeat(60))).toBe(`'${'x'.repeat(60)}'`);
    expect(shown('x'.repeat(61))).toBe(`'${'x'.repeat(60)}…'`);
  });

  it('keeps line breaks: a value is shown as the planner was given it', () => {
    expect(shown('a\nb')).toBe("'a\nb'");
  });
});
