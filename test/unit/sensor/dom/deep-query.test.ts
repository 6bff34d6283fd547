import { afterEach, describe, expect, it } from 'vitest';
import { queryAllDeep } from '@/lib/sensor/dom/deep-query';

afterEach(() => {
  document.body.innerHTML = '';
});

function host(parent: ParentNode, tag: string, markup = ''): ShadowRoot {
  const el = document.createElement(tag);
  parent.append(el);
  const root = el.attachShadow({ mode: 'open' });
  root.innerHTML = markup;
  return root;
}

describe('queryAllDeep', () => {
  it('finds matches in the document and in nested open shadow roots', () => {
    document.body.innerHTML = '<ul class="list" id="light"></ul>';
    const outer = host(
      document.body,
      'one-record-home',
      '<section><ul class="list" id="a"></ul></section>',
    );
    const inner = host(outer, 'runtime-messaging-transcript', '<ul class="list" id="b"></ul>');
    host(inner, 'x-leaf', '<p>no list</p>');
    const ids = queryAllDeep(document, 'ul.list').map((el) => el.id);
    expect(ids.sort()).toEqual(['a', 'b', 'light']);
    // From a shadow root as the root, too; the root itself is never a match.
    expect(
      queryAllDeep(outer, 'ul.list')
        .map((el) => el.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('does not look inside a match: neither its descendants nor the shadow roots they host', () => {
    const root = host(
      document.body,
      'runtime-messaging-transcript',
      '<ul class="list" id="outer"><li><ul class="list" id="nested"></ul><x-msg></x-msg></li></ul>',
    );
    host(
      root.querySelector('x-msg') as Element,
      'x-inner',
      '<ul class="list" id="in-message"></ul>',
    );
    expect(queryAllDeep(document, 'ul.list').map((el) => el.id)).toEqual(['outer']);
  });

  it('walks each tree once and finds nothing when nothing matches', () => {
    const a = host(document.body, 'x-a', '<div><x-b></x-b></div>');
    host(a.querySelector('x-b') as Element, 'x-c', '<span></span>');
    expect(queryAllDeep(document, 'ul.list')).toEqual([]);
  });
});
