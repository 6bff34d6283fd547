import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classNames, siblingIndex, textWithBreaks } from '@/lib/sensor/dom/text';

function html(markup: string): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = markup;
  return el;
}

/** The reader as it was (childNodes), to check the sibling walk reads exactly the same text. */
function textWithBreaksByChildNodes(el: Element): string {
  let out = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.nodeValue ?? '';
      else if (child instanceof Element) {
        if (child.tagName === 'BR') out += '\n';
        else if (/^(P|DIV|LI|UL|OL|PRE|H[1-6]|TR)$/.test(child.tagName)) {
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

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('textWithBreaks', () => {
  it('breaks lines at <br> and at the end of block elements, nested or not', () => {
    expect(textWithBreaks(html('Handoff context<br>Account Tier: Premium<br>VIP: yes'))).toBe(
      'Handoff context\nAccount Tier: Premium\nVIP: yes',
    );
    expect(
      textWithBreaks(
        html('<div><p>Thanks!</p><div><div>Handoff context</div><p>A: 1</p></div></div>B: 2'),
      ),
    ).toBe('Thanks!\nHandoff context\nA: 1\nB: 2');
    expect(textWithBreaks(html('<ul><li>A: 1</li><li>B: <b>2</b></li></ul>'))).toBe('A: 1\nB: 2');
  });

  it('keeps inline elements on their line, blank lines from <br><br>, and drops trailing breaks', () => {
    expect(textWithBreaks(html('<span>Account</span> <b>Tier</b>: <i>Premium</i>'))).toBe(
      'Account Tier: Premium',
    );
    expect(textWithBreaks(html('A: 1<br><br>rest<br><p></p><div></div>'))).toBe('A: 1\n\nrest');
    expect(textWithBreaks(html(''))).toBe('');
  });

  it('marks the lines of a <blockquote> as quoted, one > a level', () => {
    expect(
      textWithBreaks(
        html(
          '<p>See below</p><blockquote><p>Handoff context</p>VIP: yes<blockquote>old</blockquote></blockquote><p>Thanks</p>',
        ),
      ),
    ).toBe('See below\n> Handoff context\n> VIP: yes\n> > old\nThanks');
    expect(textWithBreaks(html('Hi <blockquote>A: 1</blockquote>bye'))).toBe('Hi \n> A: 1\nbye');
  });

  it('starts a block on a line of its own, as the browser lays it out', () => {
    expect(textWithBreaks(html('<span>Thanks</span><p>Handoff context</p>VIP: yes'))).toBe(
      'Thanks\nHandoff context\nVIP: yes',
    );
  });

  it('reads hidden elements like shown ones (tag names decide, never styles)', () => {
    const el = html(
      '<p>Handoff context</p><div hidden>A: 1</div><p style="display:none">B: <span style="display:none">2</span></p>',
    );
    expect(textWithBreaks(el)).toBe('Handoff context\nA: 1\nB: 2');
    expect(textWithBreaks(el)).toBe(textWithBreaksByChildNodes(el));
  });

  it('never asks for childNodes, children, classList, innerText or geometry', () => {
    const el = html('<div class="x"><p>Handoff context</p>A: <b>1</b><br>B: 2</div>');
    const spies = [
      vi.spyOn(Node.prototype, 'childNodes', 'get'),
      vi.spyOn(Element.prototype, 'children', 'get'),
      vi.spyOn(Element.prototype, 'classList', 'get'),
      vi.spyOn(HTMLElement.prototype, 'innerText', 'get'),
      vi.spyOn(Element.prototype, 'getBoundingClientRect'),
    ];
    expect(textWithBreaks(el)).toBe('Handoff context\nA: 1\nB: 2');
    expect(siblingIndex(el.querySelector('br') as Element)).toBe(2);
    expect(classNames(el.firstElementChild as Element)).toEqual(['x']);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    // The spies do see such reads: the childNodes walk trips the first one.
    textWithBreaksByChildNodes(el);
    expect(spies[0]).toHaveBeenCalled();
  });

  it('reads exactly what the childNodes walk read, for any tree', () => {
    const tags = ['div', 'p', 'span', 'b', 'br', 'li', 'ul', 'h2', 'pre', 'tr', 'section'];
    const tree: fc.Memo<string> = fc.memo((depth) =>
      depth <= 1
        ? fc.oneof(fc.constantFrom('A: 1', 'Handoff context', ' ', '\n', 'x'), fc.constant('<br>'))
        : fc
            .tuple(fc.constantFrom(...tags), fc.array(tree(depth - 1), { maxLength: 4 }))
            .map(([tag, kids]) => (tag === 'br' ? '<br>' : `<${tag}>${kids.join('')}</${tag}>`)),
    );
    fc.assert(
      fc.property(fc.array(tree(4), { maxLength: 4 }), (parts) => {
        const el = html(parts.join(''));
        expect(textWithBreaks(el)).toBe(textWithBreaksByChildNodes(el));
      }),
      { numRuns: 300 },
    );
  });
});

describe('siblingIndex', () => {
  it('counts the element siblings before it (text nodes do not count), 0 without a parent element', () => {
    const ul = html('<li>a</li> text <li>b</li><!-- c --><li>c</li>');
    const items = [...ul.querySelectorAll('li')];
    expect(items.map(siblingIndex)).toEqual([0, 1, 2]);
    expect(siblingIndex(document.createElement('li'))).toBe(0);
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    root.append(document.createElement('p'), document.createElement('p'));
    expect(siblingIndex(root.lastElementChild as Element)).toBe(0);
  });
});

describe('classNames', () => {
  it('splits the class attribute on ASCII whitespace, as classList does', () => {
    const li = document.createElement('li');
    expect(classNames(li)).toEqual([]);
    li.setAttribute('class', '');
    expect(classNames(li)).toEqual([]);
    li.setAttribute('class', ' slds-chat-listitem\tslds-chat-listitem_outbound\n x  ');
    expect(classNames(li)).toEqual(['slds-chat-listitem', 'slds-chat-listitem_outbound', 'x']);
    expect(classNames(li)).toEqual([...li.classList]);
  });
});
