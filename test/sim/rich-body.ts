/**
 * Rich (HTML) message bodies on the server side: the allowlist script the pages run (rich-body-script.js),
 * for the pages to inline, and run here on a happy-dom document for the text a message stores (what
 * a plain-text view of the body shows). happy-dom's parser follows the browsers' on well-formed
 * HTML; malformed markup may be repaired differently than Chromium repairs it in the page.
 */
import { readFileSync } from 'node:fs';
import { SimHttpError } from './http';

/** The script that defines `SimRichBody` in a page (inline it before the app script). */
export const RICH_BODY_SCRIPT = readFileSync(
  new URL('./rich-body-script.js', import.meta.url),
  'utf8',
);

interface SimRichBody {
  fragment(doc: Document, html: string): DocumentFragment;
  render(el: Element, html: string): void;
  plainText(node: Node): string;
}

interface RichDom {
  doc: Document;
  rich: SimRichBody;
}

let dom: Promise<RichDom> | undefined;

/** One happy-dom document for the process, loaded on the first rich message (its import is slow). */
function richDom(): Promise<RichDom> {
  dom ??= (async () => {
    const { Window } = await import('happy-dom');
    const window = new Window();
    const rich = new Function(`${RICH_BODY_SCRIPT}\nreturn SimRichBody;`)() as SimRichBody;
    return { doc: window.document as unknown as Document, rich };
  })();
  return dom;
}

/** The allowed DOM of `html` (on the server's happy-dom document), e.g. for tests. */
export async function richFragment(html: string): Promise<DocumentFragment> {
  const { doc, rich } = await richDom();
  return rich.fragment(doc, html);
}

/** The text a message with this HTML body stores: its allowed DOM's plain text. */
export async function richPlainText(html: string): Promise<string> {
  const { doc, rich } = await richDom();
  return rich.plainText(rich.fragment(doc, html));
}

/** A posted or edited message's content: `text`, or `html` (then `text` is its plain text). */
export interface MessageContent {
  text: string;
  html?: string;
}

/** Reads `text` or `html` from a control request body (400 for neither, both, or a non-string). */
export async function messageContent(body: Record<string, unknown>): Promise<MessageContent> {
  const { text, html } = body;
  if (html !== undefined) {
    if (typeof html !== 'string') throw new SimHttpError(400, '"html" must be a string');
    if (text !== undefined) throw new SimHttpError(400, 'Give "text" or "html", not both');
    return { text: await richPlainText(html), html };
  }
  if (typeof text !== 'string')
    throw new SimHttpError(400, '"text" must be a string (or give "html" instead)');
  return { text };
}
