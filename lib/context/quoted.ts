/**
 * Quoted and forwarded text (docs/context-format.md). A context inside a quote was written by someone
 * else — a customer's e-mail the bot quotes back, a forwarded thread, a Markdown `>` quote of an
 * earlier message — so it is never used, even in a message the bot posted. Quoted lines are:
 *
 * - lines starting with `>` (e-mail and Markdown quotes), after optional spaces;
 * - an e-mail attribution, `On … wrote:` (also split over two lines, `Le … a écrit :`,
 *   `Am … schrieb …:`), and the quote it introduces: the `>` lines that follow, or — when the
 *   next line is not a `>` line, as Outlook and most mobile clients quote — everything to the end
 *   of the message;
 * - a forwarded block: from `---------- Forwarded message ---------`, `Begin forwarded message:`
 *   or `-----Original Message-----` (and their French and German forms) to the end of the message;
 * - an e-mail header block as Outlook, Gmail and Apple Mail put above a reply's or a forward's
 *   quoted part — `From: …` followed within a few lines by `Sent: …` (Outlook), or by `Date: …`
 *   when the From line names an address, and by `To:`/`Subject:` — to the end of the message
 *   (English, French and German header names);
 * - `<blockquote>` content, which the readers turn into `>` lines (lib/sensor/dom/text.ts,
 *   html-text.ts).
 *
 * Text after a `>` quote is the author's own again, so a genuine context after a quote is still
 * found. Linear in the message; every pattern is anchored and bounded.
 */

const FORWARD_HEADERS = [
  /^-{2,}\s*forwarded message\s*-{2,}$/i,
  /^begin forwarded message:?$/i,
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^-{2,}\s*(?:message transféré|message d'origine)\s*-{2,}$/i,
  /^-{2,}\s*(?:weitergeleitete nachricht|ursprüngliche nachricht)\s*-{2,}$/i,
];

/** Header names of a quoted e-mail's header block (optional Markdown bold around them). */
const HEADER_FROM = /^\**(?:from|de|von)\s?:\**\s*\S/i;
const HEADER_SENT = /^\**(?:sent|envoyé|gesendet)\s?:/i;
const HEADER_DATE = /^\**(?:date|datum)\s?:/i;
const HEADER_TO = /^\**(?:to|subject|cc|à|objet|an|betreff)\s?:/i;
/** How many lines after `From:` the rest of the header block may sit. */
const HEADER_SPAN = 5;

/** Attribution lines are short: longer lines are not looked at (and the patterns stay cheap). */
const ATTRIBUTION_MAX = 300;
const ATTRIBUTION = [/^on\s.+\swrote:$/i, /^le\s.+\sa écrit\s?:$/i, /^am\s.+\sschrieb\s.+:$/i];
const ATTRIBUTION_START = /^(on|le|am)\s/i;
const ATTRIBUTION_END = /^(.*\s)?(wrote|a écrit|schrieb.*)\s?:$/i;

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 10 || c === 13) {
      lines.push({ start, end: i, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  return lines;
}

const isQuoteLine = (t: string) => t.startsWith('>');
const isForwardHeader = (t: string) =>
  t.length <= 80 && FORWARD_HEADERS.some((pattern) => pattern.test(t));
const isAttribution = (t: string) =>
  t.length <= ATTRIBUTION_MAX && ATTRIBUTION.some((pattern) => pattern.test(t));

/**
 * Whether line `i` opens an e-mail header block: `From:` then, within HEADER_SPAN lines, `Sent:`
 * (only Outlook writes it), or `Date:` with an address on the From line; and `To:` or `Subject:`.
 * A bot's own `From: Paris` / `To: London` / `Date: …` context lacks both, so it stays the bot's.
 */
function opensHeaderBlock(lines: Line[], i: number): boolean {
  const from = (lines[i] as Line).text.trim();
  if (from.length > ATTRIBUTION_MAX || !HEADER_FROM.test(from)) return false;
  let sent = false;
  let date = false;
  let to = false;
  for (let j = i + 1; j < lines.length && j <= i + HEADER_SPAN; j++) {
    const t = (lines[j] as Line).text.trim();
    if (HEADER_SENT.test(t)) sent = true;
    else if (HEADER_DATE.test(t)) date = true;
    else if (HEADER_TO.test(t)) to = true;
  }
  return to && (sent || (date && from.includes('@')));
}

/** Which lines of the message are quoted or forwarded (by index, in message order). */
export function quotedLines(text: string): boolean[] {
  const lines = splitLines(text);
  const quoted = new Array<boolean>(lines.length).fill(false);
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as Line).text.trim();
    if (isForwardHeader(t) || opensHeaderBlock(lines, i)) {
      quoted.fill(true, i);
      break;
    }
    let attribution = isAttribution(t) ? 1 : 0;
    // "On Mon, 20 Nov 2026 at 09:12, Bot <bot@example.com>" / "wrote:" wrapped over two lines.
    if (!attribution && t.length <= ATTRIBUTION_MAX && ATTRIBUTION_START.test(t)) {
      const next = lines[i + 1]?.text.trim() ?? '';
      if (
        next.length <= ATTRIBUTION_MAX &&
        ATTRIBUTION_END.test(next) &&
        !ATTRIBUTION_START.test(next)
      )
        attribution = 2;
    }
    if (attribution) {
      quoted.fill(true, i, i + attribution);
      let j = i + attribution;
      while (j < lines.length && (lines[j] as Line).text.trim() === '') j++;
      if (j < lines.length && !isQuoteLine((lines[j] as Line).text.trim())) {
        quoted.fill(true, i);
        break;
      }
      i += attribution - 1;
      continue;
    }
    if (isQuoteLine(t)) quoted[i] = true;
  }
  return quoted;
}

/**
 * The message with its quoted lines blanked (each character a space, line breaks kept, so offsets
 * and line numbers do not move), or null when nothing in it is quoted.
 */
export function maskQuoted(text: string): string | null {
  if (!mayHoldQuote(text)) return null;
  const lines = splitLines(text);
  const quoted = quotedLines(text);
  if (!quoted.includes(true)) return null;
  let out = '';
  let last = 0;
  lines.forEach((line, i) => {
    if (!quoted[i]) return;
    out += text.slice(last, line.start) + ' '.repeat(line.end - line.start);
    last = line.end;
  });
  return out + text.slice(last);
}

/**
 * The message as the quoted text reads without its `>` marks (each line's leading `>`s and the space
 * after them removed): what a quoted context would be, to tell the agent that one was ignored.
 */
export function withoutQuoteMarks(text: string): string {
  return text.replace(/^[ \t]*(?:>[ \t]?)+/gm, '');
}

/** A cheap first look: without these, no line can be quoted. */
function mayHoldQuote(text: string): boolean {
  return (
    text.includes('>') ||
    /wrote|écrit|schrieb|forwarded message|original message|transféré|d'origine|weitergeleitet|ursprüngliche|(?:from|de|von)\s?:/i.test(
      text,
    )
  );
}

export const QUOTED_MESSAGE = 'A handoff context inside quoted or forwarded text is not used.';
