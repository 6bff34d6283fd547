/**
 * Journal redaction (settings `redaction`): once a handoff has settled, its stored values are kept
 * masked or hashed, and the raw message text is dropped. Pure apart from WebCrypto's SHA-256.
 */
import { sha256Hex } from '../context/digest';
import type { FieldOutcome } from '../handoff/types';
import type { JournalEntry } from '../store/journal-schema';

export type RedactionMode = 'mask' | 'hash';

const BULLET = '•';

/** Keeps the first and the last character; a value of one or two characters is masked whole. */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 2) return BULLET.repeat(chars.length);
  return `${chars[0]}${BULLET.repeat(chars.length - 2)}${chars.at(-1)}`;
}

export async function redactValue(value: string, mode: RedactionMode): Promise<string> {
  return mode === 'mask' ? maskValue(value) : sha256Hex(value);
}

/**
 * The entry as the journal keeps it after redaction: context values, field values, and every value
 * quoted inside a reason or notice (a platform's "bad value for restricted picklist field: Gold")
 * replaced by their redacted form; the message text dropped. Keys, field names, outcomes and
 * platform words stay, so the journal still says what happened and why.
 */
export async function redactEntry(entry: JournalEntry, mode: RedactionMode): Promise<JournalEntry> {
  const raw = new Set<string>();
  const remember = (v: unknown) => {
    if (v === null || v === undefined) return;
    const s = String(v);
    if (s.trim() !== '') raw.add(s);
  };
  for (const v of Object.values(entry.context?.values ?? {})) remember(v);
  for (const f of entry.fields) {
    remember(f.value);
    remember(f.display);
    // What Verify read back may be a value the context never had (an agent's, another system's).
    remember(f.verification?.expected);
    remember(f.verification?.actual);
  }

  const replaced = new Map<string, string>();
  for (const v of raw) replaced.set(v, await redactValue(v, mode));
  // Longest first, so "AC-1001" is replaced before a shorter value it contains.
  const byLength = [...replaced.keys()].sort((a, b) => b.length - a.length);
  // A value is replaced where it stands as a whole word or phrase (not "No" inside "Not").
  const patterns = byLength.map(
    (v) =>
      [new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(v)}(?![\\p{L}\\p{N}])`, 'gu'), v] as const,
  );
  const scrub = (text: string | undefined) => {
    if (text === undefined) return text;
    let out = text;
    for (const [pattern, v] of patterns) out = out.replace(pattern, () => replaced.get(v) ?? '');
    return out;
  };
  const redactOne = (v: unknown) =>
    v === null || v === undefined ? v : (replaced.get(String(v)) ?? String(v));

  // The records' names are a customer's name or a case number: shown by their ids from now on.
  const { recordNames: _names, ...kept } = entry;
  return {
    ...kept,
    text: '',
    redacted: mode,
    ...(entry.context
      ? {
          context: {
            ...entry.context,
            values: Object.fromEntries(
              Object.entries(entry.context.values).map(([k, v]) => [
                k,
                v === null || (typeof v === 'string' && v.trim() === '')
                  ? v
                  : (redactOne(v) as string),
              ]),
            ),
          },
        }
      : {}),
    fields: entry.fields.map((f) => redactField(f, redactOne, scrub)),
    ...(entry.notice
      ? { notice: { ...entry.notice, message: scrub(entry.notice.message) ?? '' } }
      : {}),
    ...(entry.verifyNotice
      ? {
          verifyNotice: { ...entry.verifyNotice, message: scrub(entry.verifyNotice.message) ?? '' },
        }
      : {}),
  };
}

/** A field outcome's values, and the values quoted in its words, redacted. */
function redactField(
  f: FieldOutcome,
  redactOne: (v: unknown) => unknown,
  scrub: (text: string | undefined) => string | undefined,
): FieldOutcome {
  return {
    ...f,
    value: f.value === null ? null : (redactOne(f.value) as string),
    ...(f.reason !== undefined ? { reason: scrub(f.reason) } : {}),
    ...(f.display !== undefined ? { display: redactOne(f.display) as string } : {}),
    ...(f.verification
      ? {
          verification: {
            ...f.verification,
            expected:
              f.verification.expected === null
                ? null
                : (redactOne(f.verification.expected) as string),
            actual:
              f.verification.actual === null ? null : (redactOne(f.verification.actual) as string),
          },
        }
      : {}),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
