/**
 * The small, platform-neutral pieces every platform's type rules (FieldRules) are built from: the
 * result constructors, how a value is quoted in a message, the boolean words, calendar and zone
 * checks, and what counts as a web address. Each platform keeps its own types and wording.
 */
import type { Coerced, FieldSpec } from './field-rules';

/** A context value as the planner hands it to a coercer. */
export type Raw = string | number | boolean;
export type Coercer = (field: FieldSpec, raw: Raw) => Coerced;

export const ok = (value: unknown): Coerced => ({ ok: true, value });
export const fail = (error: string): Coerced => ({ ok: false, error });

/** A value quoted in a message (long ones cut) and a count: one wording for every message. */
export { fmt, shown } from '../text/format';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);

/** true/false, yes/no, y/n, 1/0, on/off (any case), JSON booleans and 1/0; anything else undefined. */
export function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  const word = v.trim().toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** A day that exists in the Gregorian calendar (Date.parse would roll 2026-02-30 into March). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;
  return d <= days;
}

/** An ISO 8601 zone (`Z`, `+01:00`, `-0530`, none = UTC) in minutes, or null when out of range. */
export function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const mi = Number(digits.slice(2) || 0);
  if (h > 23 || mi > 59) return null;
  return sign * (h * 60 + mi);
}

/** An http(s) address a URL field can hold: parses, has a host, no white space inside. */
export function isWebAddress(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
