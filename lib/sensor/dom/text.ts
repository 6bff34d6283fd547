/**
 * Reading a console's message DOM cheaply. Everything here walks with `firstChild`/`nextSibling`/
 * `previousElementSibling` and reads attributes: never `childNodes`, `children` or `classList`,
 * and never `innerText` or geometry (they force style and layout). The first three make Blink
 * attach a cached list to each element read (its "rare data"); read that way, every message of a
 * transcript carried one, and the console's own layout of the list got about 7 % slower — in the
 * main-thread bench, +60–80 ms of layout per 10 s, all of it gone with this walk (test/bench).
 */
const BLOCKS = /^(P|DIV|LI|UL|OL|PRE|BLOCKQUOTE|H[1-6]|TR)$/;

/**
 * An element's text with `<br>` and the ends of block elements as line breaks: the key–value form
 * of a context is line-based, and consoles render a message's lines either way. A block starts on a
 * line of its own too (`Hi<p>Handoff context</p>` is two lines). Lines inside a
 * `<blockquote>` start with `> ` (quoted text). Decided by tag names only (no styles), so hidden
 * elements count like shown ones, as with `textContent`.
 */
export function textWithBreaks(el: Element): string {
  // Most messages are one run of text: one read, and no wrapper for each child node in the
  // content script's world.
  if (el.firstElementChild === null) return (el.textContent ?? '').replace(/\n+$/, '');
  let out = '';
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue ?? '';
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = (child as Element).tagName;
        if (tag === 'BR') out += '\n';
        else if (tag === 'BLOCKQUOTE') {
          // Quoted as an e-mail client shows it: the parser never takes a context from a quote.
          if (out !== '' && !out.endsWith('\n')) out += '\n';
          const quoted = textWithBreaks(child as Element);
          if (quoted !== '') out += `${quoted.replace(/^/gm, '> ')}\n`;
        } else if (BLOCKS.test(tag)) {
          // A block starts and ends its own lines, as the browser lays it out.
          if (out !== '' && !out.endsWith('\n')) out += '\n';
          walk(child);
          if (!out.endsWith('\n')) out += '\n';
        } else walk(child);
      }
    }
  };
  walk(el);
  return out.replace(/\n+$/, '');
}

/** The position of an element among its element siblings (an id of last resort for a message). */
export function siblingIndex(el: Element): number {
  if (!el.parentElement) return 0;
  let index = 0;
  for (let s = el.previousElementSibling; s; s = s.previousElementSibling) index++;
  return index;
}

/**
 * The element's class names (what `el.classList` holds) without creating its class list (see
 * above): the `class` attribute split on ASCII whitespace, as DOMTokenList does.
 */
export function classNames(el: Element): string[] {
  const value = el.getAttribute('class');
  return value ? value.split(/[\t\n\f\r ]+/).filter(Boolean) : [];
}
