/**
 * Exact decimal handling for Salesforce number fields. Values are kept as digit strings so that
 * rounding to the field's scale is decimal rounding (1.005 → 1.01), not binary-float rounding, and
 * the digit count checked against precision is the one Salesforce counts.
 */

export interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  int: string;
  /** Fraction digits, as given. */
  frac: string;
}

export interface NumberSyntax {
  /** Accept one leading currency symbol: `$1,234.50`, `-€5`. */
  currencySymbol?: boolean;
  /** Accept one trailing `%`: `12.5%`. */
  percentSign?: boolean;
}

/** `1234.5`, `1,234.5`, `-0.25`, `.5`; thousands separators only in groups of three. */
const PLAIN_NUMBER = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;
const CURRENCY_SYMBOL = /^\p{Sc}$/u;

/** Reads a number written as text; null when it is not one (NaN, Infinity, `1e5` and `1.234,5` included). */
export function parseDecimalText(text: string, syntax: NumberSyntax = {}): Decimal | null {
  let s = text.trim();
  let sign = '';
  if (syntax.percentSign && s.endsWith('%')) s = s.slice(0, -1).trimEnd();
  if (syntax.currencySymbol) {
    if (s.startsWith('-') || s.startsWith('+')) {
      sign = s[0] as string;
      s = s.slice(1).trimStart();
    }
    const first = String.fromCodePoint(s.codePointAt(0) ?? 32);
    if (CURRENCY_SYMBOL.test(first)) s = s.slice(first.length).trimStart();
    if (sign && (s.startsWith('-') || s.startsWith('+'))) return null;
    s = sign + s;
  }
  const m = PLAIN_NUMBER.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  return {
    negative: m[1] === '-',
    int: stripLeadingZeros((m[2] ?? '').replaceAll(',', '')),
    frac: m[3] ?? '',
  };
}

/** The exact decimal digits of a finite number, as JavaScript prints it (shortest round-trip form). */
export function decimalFromNumber(n: number): Decimal | null {
  if (!Number.isFinite(n)) return null;
  const m = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return null;
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + Number(m[4] ?? 0);
  if (point > digits.length) digits = digits.padEnd(point, '0');
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  return {
    negative: m[1] === '-' && /[1-9]/.test(digits),
    int: stripLeadingZeros(digits.slice(0, point)),
    frac: digits.slice(point),
  };
}

/** Rounds half away from zero to `scale` fraction digits. */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  if (d.frac.length <= scale) return d;
  const kept = d.int + d.frac.slice(0, scale);
  const roundUp = (d.frac[scale] ?? '0') >= '5';
  const digits = roundUp ? incrementDigits(kept) : kept;
  const intLength = digits.length - scale;
  return {
    negative: d.negative && /[1-9]/.test(digits),
    int: stripLeadingZeros(digits.slice(0, intLength)),
    frac: digits.slice(intLength),
  };
}

export function decimalToNumber(d: Decimal): number {
  const n = Number(`${d.negative ? '-' : ''}${d.int || '0'}.${d.frac || '0'}`);
  return n === 0 ? 0 : n; // no -0 in a request body
}

export function isWhole(d: Decimal): boolean {
  return /^0*$/.test(d.frac);
}

function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') out[i] = '0';
    else {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
  }
  return `1${out.join('')}`;
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits[i] === '0') i++;
  return digits.slice(i);
}
