/**
 * A mapping's input format for date and date-time targets (`dateFormat`, `timeZone` in
 * docs/files.md): bots write "21/11/2026" or "11/21/2026 3:30 PM" in local time, platforms take ISO
 * 8601. The planner reads the value as the mapping says and hands the platform's rules the ISO form
 * (`YYYY-MM-DD` for a date, an instant for a date-time), which they check as they check any value.
 *
 * Pure: no clock. Time zones come from Intl's database (the same in the browser and the CLI's
 * Node); the offset in force at the value's own local time is used, so a summer date gets the summer
 * offset. A local time a clock change skips or repeats is read with one of the two offsets around
 * it, always the same one.
 */
import { isRealDate, offsetMinutes } from '../platforms/coercion';
import { shown } from '../text/format';

export const DATE_FORMATS = ['ISO', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** What a date format or time zone applies to: a platform's rules say it of each field type. */
export type DateKind = 'date' | 'datetime';

export type DateReading = { ok: true; value: string } | { ok: false; error: string };

/** An example of each format, for the messages: 21 November 2026, 14:30. */
const EXAMPLES: Record<DateFormat, { date: string; datetime: string; words: string }> = {
  ISO: { date: '2026-11-21', datetime: '2026-11-21T14:30:00', words: 'YYYY-MM-DD' },
  'DD/MM/YYYY': { date: '21/11/2026', datetime: '21/11/2026 14:30', words: 'DD/MM/YYYY' },
  'MM/DD/YYYY': { date: '11/21/2026', datetime: '11/21/2026 2:30 PM', words: 'MM/DD/YYYY' },
};

// ─── Time zones ──────────────────────────────────────────────────────────────────────────────────

/** Formatters by zone: building one costs far more than using it, and mappings name few zones. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const FORMATTERS_MAX = 256;

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formatters.size >= FORMATTERS_MAX) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** What an IANA zone name looks like: letters first, then letters, digits and `_ + - /`. */
export const TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * An IANA time zone name Intl knows (`Europe/Paris`, `America/New_York`, `UTC`). Offsets such as
 * `+02:00` are refused: newer engines take them as zones and older ones do not, and an offset in
 * the value itself already says what it means.
 */
export function isTimeZone(name: string): boolean {
  if (!TIME_ZONE_SHAPE.test(name) || name.length > 64) return false;
  return formatterFor(name) !== null;
}

/** The zone's offset from UTC, in ms, at the instant `epochMs`. */
function zoneOffsetMs(epochMs: number, zone: string): number {
  const f = formatterFor(zone) as Intl.DateTimeFormat;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = utcMs(
    parts.year ?? 0,
    parts.month ?? 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The instant at which the zone's clocks show `wallMs` (a local time written as if it were UTC). */
function localToInstant(wallMs: number, zone: string): number {
  const before = zoneOffsetMs(wallMs, zone);
  const guess = wallMs - before;
  const at = zoneOffsetMs(guess, zone);
  if (at === before) return guess;
  // Near a clock change the offset at the guess differs: take it when it holds there too.
  const other = wallMs - at;
  return zoneOffsetMs(other, zone) === at ? other : guess;
}

function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0–99 to 1900–1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

// ─── Reading a value ─────────────────────────────────────────────────────────────────────────────

interface Parts {
  y: number;
  mo: number;
  d: number;
  time?: { h: number; mi: number; s: number; ms: number };
  /** The value's own offset (`Z`, `+02:00`), when it has one. */
  zone?: string;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** `21/11/2026`, `21.11.2026`, `21-11-2026`, optionally with `14:30`, `14:30:05`, `2:30 PM`. */
const DAY_MONTH =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:(?:\s+|\s*,\s*|[Tt])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

function readIso(text: string): Parts | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const parts: Parts = { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) };
  if (m[4] !== undefined) {
    const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
    parts.time = { h: Number(m[4]), mi: Number(m[5]), s: Number(m[6] ?? 0), ms };
  }
  if (m[8] !== undefined) parts.zone = m[8];
  return parts;
}

function readDayMonth(text: string, dayFirst: boolean): Parts | null | 'bad-hour' {
  const m = DAY_MONTH.exec(text);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const parts: Parts = { y: Number(m[4]), mo: dayFirst ? b : a, d: dayFirst ? a : b };
  if (m[5] !== undefined) {
    let h = Number(m[5]);
    const half = m[8]?.toLowerCase();
    if (half) {
      if (h < 1 || h > 12) return 'bad-hour';
      h = (h % 12) + (half === 'p' ? 12 : 0);
    }
    parts.time = { h, mi: Number(m[6]), s: Number(m[7] ?? 0), ms: 0 };
  }
  if (m[9] !== undefined) parts.zone = m[9];
  return parts;
}

/**
 * `text` read as `format` says, written as the platform's rules read it: `YYYY-MM-DD` for a date
 * target (a time, if any, is left out: the date is the day as written), and for a date-time
 * `YYYY-MM-DDTHH:mm:ss.sssZ` — a time without an offset is local time in `timeZone`, or left
 * without an offset (the platform's rules read it as UTC) when no zone is set. ISO 8601 is always
 * accepted too: it cannot be mistaken for another format. `label` names the field in refusals.
 */
export function readDate(
  text: string,
  kind: DateKind,
  format: DateFormat,
  timeZone: string | undefined,
  label: string,
): DateReading {
  const s = text.trim();
  const read = readIso(s) ?? (format === 'ISO' ? null : readDayMonth(s, format === 'DD/MM/YYYY'));
  if (read === null || read === 'bad-hour')
    return { ok: false, error: expected(s, kind, format, timeZone, label) };
  const { y, mo, d, time } = read;
  if (!isRealDate(y, mo, d) || (time && (time.h > 23 || time.mi > 59 || time.s > 59))) {
    return {
      ok: false,
      error: `${expected(s, kind, format, timeZone, label)}: read that way, it is not a real ${kind === 'date' ? 'date' : 'date and time'}`,
    };
  }
  const day = `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}`;
  if (kind === 'date' || time === undefined) return { ok: true, value: day };
  const clock = `${pad2(time.h)}:${pad2(time.mi)}:${pad2(time.s)}.${String(time.ms).padStart(3, '0')}`;
  const wall = utcMs(y, mo, d, time.h, time.mi, time.s, time.ms);
  let instant: number;
  if (read.zone !== undefined) {
    const offset = offsetMinutes(read.zone);
    if (offset === null)
      return { ok: false, error: `${label}: ${shown(s)} has an offset that does not exist` };
    instant = wall - offset * 60_000;
  } else if (timeZone !== undefined && isTimeZone(timeZone)) {
    instant = localToInstant(wall, timeZone);
  } else {
    // No zone anywhere: what the platform's rules do with a time without an offset (UTC).
    return { ok: true, value: `${day}T${clock}` };
  }
  if (!Number.isFinite(instant) || instant < YEAR_1000_MS || instant >= YEAR_10000_MS) {
    return {
      ok: false,
      error: `${label}: ${shown(s)} is out of the range of dates a field can hold`,
    };
  }
  return { ok: true, value: new Date(instant).toISOString() };
}

const YEAR_1000_MS = utcMs(1000, 1, 1, 0, 0, 0);
const YEAR_10000_MS = utcMs(10_000, 1, 1, 0, 0, 0);

/** "Opened takes a date as DD/MM/YYYY, such as 21/11/2026, not '2026/11/21'". */
function expected(
  s: string,
  kind: DateKind,
  format: DateFormat,
  timeZone: string | undefined,
  label: string,
): string {
  const e = EXAMPLES[format];
  if (kind === 'date') {
    return `${label} takes a date as ${e.words}, such as ${e.date}, not ${shown(s)}`;
  }
  const zone = timeZone ? ` (local time in ${timeZone})` : '';
  return `${label} takes a date and time as ${e.words} with a time, such as ${e.datetime}${zone}, not ${shown(s)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
