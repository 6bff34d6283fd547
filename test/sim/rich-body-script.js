/*
 * Rich (HTML) message bodies, shared by both simulated consoles: inlined into the console and
 * desktop pages (in the same <script> as their app, before it), and run by the server (rich-body.ts,
 * on a happy-dom document) for the stored plain text. Plain browser script; it declares one
 * constant, `SimRichBody`.
 *
 * The HTML is parsed in an inert <template> (nothing in it runs or loads) and rebuilt node by node
 * in the target document through a strict allowlist; the live page never gets innerHTML. What is
 * allowed is enough markup to imitate a console's message header (a span with the author class, a
 * `data-kt="botBadge"`), on purpose: the extension's defences are tested against such bodies.
 */
// biome-ignore lint/correctness/noUnusedVariables: read by the page scripts and by rich-body.ts
const SimRichBody = (() => {
  /** Elements rebuilt as they are (lower-case tag names). */
  const ELEMENTS = new Set([
    'p',
    'div',
    'span',
    'br',
    'b',
    'strong',
    'i',
    'em',
    'blockquote',
    'ul',
    'ol',
    'li',
    'abbr',
    'time',
    'a',
  ]);
  /** Elements dropped with everything in them (their text is code or data, not text shown). */
  const DROPPED = new Set([
    'script',
    'style',
    'template',
    'noscript',
    'iframe',
    'object',
    'embed',
    'noembed',
    'noframes',
    'svg',
    'math',
    'head',
    'title',
    'meta',
    'link',
    'base',
  ]);
  /** Attributes kept on any allowed element (besides `data-kt`, `data-kt-*`, and `href` on `a`). */
  const ATTRIBUTES = new Set(['class', 'title', 'aria-label', 'datetime']);
  const DATA_KT = /^data-kt(?:-[a-z0-9_.-]+)?$/;
  /** Elements whose end is a line break in the plain text (as a plain-text view shows them). */
  const BLOCKS = new Set(['p', 'div', 'blockquote', 'ul', 'ol', 'li']);
  /** Deeper nesting is flattened to its text (no stack to exhaust). */
  const MAX_DEPTH = 64;
  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;

  /** The `href` to keep: an absolute https URL (normalised), or null. */
  function safeHref(value) {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function keptAttributes(tag, source) {
    const out = [];
    for (const attr of Array.from(source.attributes)) {
      const name = attr.name.toLowerCase();
      if (ATTRIBUTES.has(name) || DATA_KT.test(name)) out.push([name, attr.value]);
      else if (name === 'href' && tag === 'a') {
        const href = safeHref(attr.value);
        if (href) out.push(['href', href]);
      }
    }
    if (tag === 'a' && out.some(([name]) => name === 'href'))
      out.push(['rel', 'noopener noreferrer']);
    return out;
  }

  /** Appends the allowed copy of `source`'s children to `target` (a node of `doc`). */
  function copyChildren(doc, source, target, depth) {
    for (let node = source.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === TEXT_NODE) {
        target.appendChild(doc.createTextNode(node.data));
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue; // comments, processing instructions
      const tag = node.localName.toLowerCase();
      if (DROPPED.has(tag)) continue;
      if (!ELEMENTS.has(tag) || depth >= MAX_DEPTH) {
        // Not allowed (or too deep): the element goes, its text stays.
        copyChildren(doc, node, target, depth + 1);
        continue;
      }
      const copy = doc.createElement(tag);
      for (const [name, value] of keptAttributes(tag, node)) copy.setAttribute(name, value);
      target.appendChild(copy);
      if (tag !== 'br') copyChildren(doc, node, copy, depth + 1);
    }
  }

  /** The allowed DOM of `html`, as a fragment of `doc` (the HTML is parsed in an inert template). */
  function fragment(doc, html) {
    const template = doc.createElement('template');
    template.innerHTML = String(html);
    const out = doc.createDocumentFragment();
    copyChildren(doc, template.content, out, 0);
    return out;
  }

  /** Replaces `el`'s children with the allowed DOM of `html`. */
  function render(el, html) {
    el.replaceChildren(fragment(el.ownerDocument, html));
  }

  /**
   * The text a plain-text view shows: runs of white space as one space, a line break for each `<br>`
   * and after each block element, spaces at line ends and blank lines at the ends trimmed.
   */
  function plainText(node) {
    let out = '';
    const walk = (parent) => {
      for (let child = parent.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === TEXT_NODE) {
          out += child.data.replace(/[ \t\n\r\f]+/g, ' ');
          continue;
        }
        if (child.nodeType !== ELEMENT_NODE) continue;
        const tag = child.localName.toLowerCase();
        if (tag === 'br') {
          out += '\n';
          continue;
        }
        const block = BLOCKS.has(tag);
        if (block && out !== '' && !out.endsWith('\n')) out += '\n';
        walk(child);
        if (block && out !== '' && !out.endsWith('\n')) out += '\n';
      }
    };
    walk(node);
    return out
      .split('\n')
      .map((line) => line.replace(/^ +| +$/g, ''))
      .join('\n')
      .replace(/^\n+|\n+$/g, '');
  }

  return { fragment, render, plainText, ELEMENTS, DROPPED };
})();
