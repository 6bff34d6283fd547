/**
 * A message body that is HTML (an e-mail's, from a platform API) as the text a reader sees, with
 * the quoting an e-mail client shows: every line inside a `<blockquote>` starts with `> ` (one per
 * level), so the parser treats it as quoted text (quoted.ts) exactly as the console's rendering of
 * the same body (lib/sensor/dom/text.ts). Line breaks for `<br>` and block ends; `<script>`/`<style>`
 * contents dropped; entities decoded. No DOM (the service worker has none): one linear pass over
 * the tags.
 */

const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'div',
  'dl',
  'dt',
  'dd',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template']);

/** Tags and comments; `[^>]*` cannot backtrack past the tag's end. */
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g;

/** Whether a text is an HTML document or fragment rather than plain text that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:p|div|br|blockquote|html|body|span|table)\b[^>]*>/i.test(text);
}

export function htmlToText(html: string): string {
  const lines: string[] = [];
  let line = '';
  let depth = 0;
  let lineDepth = 0;
  let hidden: string | null = null;
  const endLine = () => {
    lines.push('> '.repeat(lineDepth) + line.replace(/[ \t]+/g, ' ').trim());
    line = '';
    lineDepth = depth;
  };
  const softBreak = () => {
    if (line.trim() !== '') endLine();
    else lineDepth = depth;
  };
  let last = 0;
  for (const match of html.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (hidden === null) line += decodeEntities(html.slice(last, at)).replace(/[\r\n]+/g, ' ');
    last = at + match[0].length;
    const name = match[2]?.toLowerCase();
    if (!name) continue; // a comment
    const closing = match[1] === '/';
    if (hidden !== null) {
      if (closing && name === hidden) hidden = null;
      continue;
    }
    if (HIDDEN.has(name) && !closing && !match[0].endsWith('/>')) {
      hidden = name;
      continue;
    }
    if (name === 'br') {
      endLine();
      continue;
    }
    if (!BLOCK.has(name)) continue;
    softBreak();
    if (name === 'blockquote') {
      depth = Math.max(0, depth + (closing ? -1 : 1));
      lineDepth = depth;
    }
  }
  if (hidden === null) line += decodeEntities(html.slice(last)).replace(/[\r\n]+/g, ' ');
  if (line.trim() !== '') endLine();
  // Blank lines between blocks collapse to one, as a reader sees them.
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
