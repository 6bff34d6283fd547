/**
 * An element's text with `<br>` and the ends of block elements as line breaks: the key–value form
 * of a context is line-based, and consoles render a message's lines either way.
 */
const BLOCKS = /^(P|DIV|LI|UL|OL|PRE|BLOCKQUOTE|H[1-6]|TR)$/;

export function textWithBreaks(el: Element): string {
  let out = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue ?? '';
      else if (child instanceof Element) {
        if (child.tagName === 'BR') out += '\n';
        else {
          walk(child);
          if (BLOCKS.test(child.tagName) && !out.endsWith('\n')) out += '\n';
        }
      }
    }
  };
  walk(el);
  return out.replace(/\n+$/, '');
}

/** The position of an element among its siblings (an id of last resort for a message). */
export function siblingIndex(el: Element): number {
  return el.parentElement ? Array.prototype.indexOf.call(el.parentElement.children, el) : 0;
}
