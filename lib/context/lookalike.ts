/**
 * Lookalike markers (docs/context-format.md): a message that *looks* like a handoff context to the
 * agent but is written with characters that are not the marker's — Cyrillic or Greek homoglyphs
 * ("Hаndoff context" with a Cyrillic а), fullwidth or mathematical letters, dashes and colons from
 * other blocks, or invisible characters inside the words (zero-width space, word joiner, soft
 * hyphen, bidi controls). Such a message is never read as a context; it is recognised as an
 * imitation and reported, so the agent knows why nothing was filled.
 *
 * The check compares a *skeleton* of each line with the markers: NFKC (folds fullwidth, ligature
 * and mathematical forms), invisible characters removed, and a small table of confusables for the
 * letters and punctuation of the marker words mapped to ASCII. A line whose skeleton is a marker
 * while the line itself is not is a lookalike. The table is deliberately small: it covers the
 * words `handoff` and `context` and the `-`, `:` and `#` of the markers, not Unicode's whole
 * confusables list.
 *
 * This module is also imported by the content script (the cheap prefilter), so it stays small and
 * dependency-free.
 */

/**
 * Characters that show as nothing or only steer the text's direction. The ones the brief names
 * (U+200B–U+200D, U+2060, U+FEFF, soft hyphen, bidi controls) and their close relatives.
 */
const INVISIBLE_CLASS =
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0';
const INVISIBLES = new RegExp(`[${INVISIBLE_CLASS}]`, 'g');

/** Right-to-left overrides and isolates: text after them may be displayed reversed. */
const RTL_OVERRIDE = /[\u202E\u2067]/;

/**
 * Lookalikes of the marker words' letters and punctuation (after NFKC, which already folds
 * fullwidth `ｈ`, mathematical `𝐡`, ligature `ﬀ`, small forms `﹣`…). Keys are ASCII; case is kept.
 */
const CONFUSABLES: Record<string, string> = {
  a: '\u0430\u0251\u03B1\u237A',
  A: '\u0410\u0391\u13AA\u1D00\uA4EE',
  c: '\u0441\u03F2\u1D04\u217D',
  C: '\u0421\u03F9\u13DF\uA4DA',
  d: '\u0501\u217E\u13E7',
  D: '\u13A0\uA4D3',
  e: '\u0435\u04BD\u212E',
  E: '\u0415\u0395\u13AC\uA4F0',
  f: '\uAB35\uA799',
  F: '\u03DC\uA4DD',
  h: '\u04BB\u0570\u13C2',
  H: '\u041D\u0397\u13BB\uA4E7\u029C',
  n: '\u0578\u057C',
  N: '\u039D\uA4E0\u0274',
  o: '\u043E\u03BF\u0585\u1D0F\u0D20\u0C66',
  O: '\u041E\u039F\u0555\u3007\uA4F3',
  t: '\u1D1B',
  T: '\u0422\u03A4\u13A2\uA4D4',
  x: '\u0445\u00D7\u2A2F',
  X: '\u0425\u03A7\uA4EB',
  '-': '\u02D7\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2796\u30FC',
  ':': '\u02D0\u02F8\u0589\u05C3\u0703\u0704\u16EC\u2236\uA789\uFE30',
  '#': '\u266F',
};

const TO_ASCII = new Map<string, string>();
for (const [ascii, lookalikes] of Object.entries(CONFUSABLES)) {
  for (const ch of lookalikes) TO_ASCII.set(ch, ascii);
}

/** A character class of a letter of "handoff" and its lookalikes, both cases. */
function letterClass(letter: string): string {
  const upper = letter.toUpperCase();
  return `[${letter}${upper}${CONFUSABLES[letter] ?? ''}${CONFUSABLES[upper] ?? ''}]`;
}

const GAP = `[${INVISIBLE_CLASS}]*`;
const HANDOFF_LIKE = [...'handoff'].map(letterClass).join(GAP);
const REVERSED_LIKE = [...'ffodnah'].map(letterClass).join(GAP);

/**
 * "handoff" in any spelling the lookalike check could flag: letters or their lookalikes, with
 * invisible characters between them, forwards or (under a right-to-left override) backwards.
 * Linear: each class is one character, each gap a single repeated class.
 */
export const HANDOFF_LOOKALIKE = new RegExp(`${HANDOFF_LIKE}|${REVERSED_LIKE}`);

const NON_ASCII = /[\u0080-\uFFFF]/;

/** Whether the text may hold a lookalike "handoff": cheap enough for the content script. */
export function mayHoldLookalike(text: string): boolean {
  if (!NON_ASCII.test(text)) return false;
  return HANDOFF_LOOKALIKE.test(text.normalize('NFKC'));
}

/** NFKC, invisible characters removed, lookalikes of the markers' characters mapped to ASCII. */
export function skeleton(text: string): string {
  const folded = text.normalize('NFKC').replace(INVISIBLES, '');
  let out = '';
  for (const ch of folded) out += TO_ASCII.get(ch) ?? ch;
  return out;
}

/** Lines longer than this are only looked at up to here: a marker is at the start of its line. */
const LINE_PREFIX = 256;

export interface Lookalike {
  /** 1-based line of the imitated marker (0 for a `"handoffContext"` JSON key). */
  line: number;
  /** The form the imitation pretends to be. */
  form: 'signed' | 'json' | 'key-value';
}

/**
 * Finds the first line that imitates a marker. `markerForm` is the parser's own marker test (so
 * "a marker" means exactly what the parser reads); it is given the original line and its skeleton.
 * Only called when the parser found no genuine context in the message.
 */
export function findLookalikeMarker(
  text: string,
  markerForm: (line: string) => Lookalike['form'] | null,
): Lookalike | null {
  if (!mayHoldLookalike(text)) return null;
  let number = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 10 && c !== 13) continue;
    number++;
    const line = text.slice(start, Math.min(i, start + LINE_PREFIX));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
    if (!NON_ASCII.test(line)) continue;
    const form = imitatedForm(line, markerForm);
    if (form) return { line: number, form };
  }
  // The embedded JSON form: a `"handoffContext"` key spelt with lookalikes.
  const folded = skeleton(text.length > 70_000 ? text.slice(0, 70_000) : text);
  if (folded.includes('"handoffContext"') && !text.includes('"handoffContext"')) {
    return { line: 0, form: 'json' };
  }
  return null;
}

function imitatedForm(
  line: string,
  markerForm: (line: string) => Lookalike['form'] | null,
): Lookalike['form'] | null {
  if (markerForm(line)) return null; // a genuine marker: not an imitation
  const folded = skeleton(line);
  const form = markerForm(folded);
  if (form) return form;
  // Under a right-to-left override the characters are stored backwards of how they are shown.
  if (RTL_OVERRIDE.test(line)) return markerForm([...folded].reverse().join(''));
  return null;
}

export const LOOKALIKE_MESSAGE =
  'This message imitates a handoff context with lookalike characters; it was ignored.';

// ─── Invisible characters inside a genuine context ───────────────────────────────────────────────

/** In keys: anything invisible or direction-changing (a key is an identifier). */
const KEY_FORBIDDEN = new RegExp(`[${INVISIBLE_CLASS}]`);
/**
 * In values: characters that make a value look different from what would be written — zero-width
 * space, word joiner and friends, BOM, soft hyphen, Mongolian vowel separator, and the bidi
 * embeddings, overrides and isolates. Zero-width (non-)joiners, LRM/RLM/ALM and variation selectors
 * stay allowed: Persian, Indic scripts, right-to-left text and emoji need them.
 */
const VALUE_FORBIDDEN = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/;

function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first forbidden character of a key, as `U+XXXX`, or null. */
export function invisibleInKey(key: string): string | null {
  const m = KEY_FORBIDDEN.exec(key);
  return m ? codePointName(m[0]) : null;
}

/** The first forbidden character of a value, as `U+XXXX`, or null. */
export function invisibleInValue(value: string): string | null {
  const m = VALUE_FORBIDDEN.exec(value);
  return m ? codePointName(m[0]) : null;
}

/** A key as it may be shown in a message: invisible and direction characters taken out. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLES, '');
}
