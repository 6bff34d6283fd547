/**
 * How values are written into the sentences an agent or an admin reads: counts with thousands
 * separators, text from a page or a token cut to a length and cleared of what cannot be seen.
 * A leaf module (no imports), so the content scripts, the background, the faces and the CLI can all
 * use it: one wording everywhere.
 */

/** A count or a limit as messages write it: 16384 → "16,384" (en-US, as every message is English). */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Text cut after `max` characters, an ellipsis showing that it was: long page values stay readable. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Text with its control and invisible formatting characters taken out (Unicode Cc and Cf: line
 * breaks, zero-width and direction marks…), for text from a token that a message names: what the
 * agent reads is then what they can see.
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, '');
}

/** A value quoted for a message: in single quotes, cut after 60 characters ('Gold', '12.5'). */
export function shown(value: string | number | boolean): string {
  return `'${cut(String(value), 60)}'`;
}
