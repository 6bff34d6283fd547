/**
 * Dates and times as Salesforce REST takes them: date `YYYY-MM-DD`, datetime ISO 8601 with `T`
 * (sent normalised to UTC), time `HH:mm:ss.sssZ`. Parsed by hand, because `Date.parse` accepts
 * many forms, differs between browsers and rolls 2026-02-30 over to March.
 */
import { isRealDate, offsetMinutes } from '../coercion';

/** Salesforce stores dates from 1 January 1700 to 31 December 4000. */
export const YEAR_RANGE = { min: 1700, max: 4000 } as const;

export type DateParse =
  | { ok: true; date: string }
  | { ok: false; problem: 'format' | 'not-real' | 'out-of-range' };

export type DateTimeParse =
  | { ok: true; epochMs: number }
  | { ok: false; problem: 'format' | 'date-only' | 'no-t' | 'not-real' | 'out-of-range' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Date, `T`, time with optional seconds and fraction, optional `Z` or offset (`+02:00`, `+0200`, `+02`). */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_SPACE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?[Zz]?$/;

/** `YYYY-MM-DD`, or the date part of an ISO datetime. */
export function parseDate(text: string): DateParse {
  const s = text.trim();
  const dateOnly = DATE.exec(s);
  const m = dateOnly ?? DATE_TIME.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return { ok: false, problem: 'not-real' };
  if (y < YEAR_RANGE.min || y > YEAR_RANGE.max) return { ok: false, problem: 'out-of-range' };
  if (!dateOnly && !parseDateTime(s).ok) return { ok: false, problem: 'not-real' };
  return { ok: true, date: s.slice(0, 10) };
}

/** 1 January 1700 and 1 January 4001, 00:00 UTC: the instants of YEAR_RANGE. */
const FIRST_MS = Date.UTC(YEAR_RANGE.min, 0, 1);
const AFTER_LAST_MS = Date.UTC(YEAR_RANGE.max + 1, 0, 1);

/** An instant. No offset means UTC (the Salesforce REST convention). */
export function parseDateTime(text: string): DateTimeParse {
  const s = text.trim();
  const m = DATE_TIME.exec(s);
  if (!m) {
    if (DATE.test(s)) return { ok: false, problem: 'date-only' };
    if (DATE_SPACE_TIME.test(s)) return { ok: false, problem: 'no-t' };
    return { ok: false, problem: 'format' };
  }
  // Five Number() calls, not an array mapped: this runs twice a datetime field per plan.
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) {
    return { ok: false, problem: 'not-real' };
  }
  const offset = offsetMinutes(m[8]);
  if (offset === null) return { ok: false, problem: 'not-real' };
  const epochMs = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60_000;
  // The UTC year is within YEAR_RANGE exactly when the instant is within these bounds (no Date
  // object needed for each value).
  if (epochMs < FIRST_MS || epochMs >= AFTER_LAST_MS) {
    return { ok: false, problem: 'out-of-range' };
  }
  return { ok: true, epochMs };
}

/** `HH:mm[:ss[.sss]]` → `HH:mm:ss.sssZ`, or null. */
export function parseTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = (m[4] ?? '').slice(0, 3).padEnd(3, '0');
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}.${ms}Z`;
}

export function toUtcIso(epochMs: number): string {
  // What toISOString prints, computed here for years 1000–9999 (every year Salesforce stores):
  // a Date and its formatting cost ten times more, once per datetime field of every handoff.
  if (!Number.isInteger(epochMs) || epochMs < YEAR_1000_MS || epochMs >= YEAR_10000_MS) {
    return new Date(epochMs).toISOString();
  }
  const days = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - days * 86_400_000;
  // Days since 1970-01-01 → year, month, day in the proleptic Gregorian calendar (eras of 400
  // years from 0000-03-01; H. Hinnant's days_from_civil, inverted).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(msOfDay / 3_600_000);
  const mi = Math.floor(msOfDay / 60_000) % 60;
  const sec = Math.floor(msOfDay / 1_000) % 60;
  const ms = msOfDay % 1_000;
  const msText = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : `${ms}`;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[sec]}.${msText}Z`;
}

/** 1 January 1000 and 10000, 00:00 UTC: toUtcIso formats the instants between by hand. */
const YEAR_1000_MS = Date.UTC(1000, 0, 1);
const YEAR_10000_MS = Date.UTC(10_000, 0, 1);
/** "00" to "59". */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
