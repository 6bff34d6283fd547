/** The popup's ties to the admin experience: the link to the full editor, and 5,000 mappings. */
import { describe, expect, it, vi } from 'vitest';
import type { MappingsApi } from '../../../components/popup/api';
import { LIST_LIMIT, MappingsPanel } from '../../../components/popup/MappingsPanel';
import { byLabel, click, flush, mount, type } from './dom';
import { caseFields, manyMappings } from './options-fakes';

function api(count: number): MappingsApi {
  const stored = manyMappings(count);
  return {
    list: vi.fn(async () => stored),
    save: vi.fn(async () => {
      throw new Error('not in this test');
    }),
    remove: vi.fn(async () => {}),
    fields: vi.fn(async () => caseFields),
    credentials: vi.fn(async () => []),
    setCredential: vi.fn(async () => []),
  };
}

const rows = (root: HTMLElement) => root.querySelectorAll('ul.mapping-list > li').length;

describe('the popup and the options page', () => {
  it('links to the full editor', async () => {
    const open = vi.fn();
    const root = await mount(
      <MappingsPanel
        api={api(1)}
        storage={null}
        onOpenEditor={open}
        editorHref="chrome-extension://x/options.html"
      />,
    );
    const link = [...root.querySelectorAll('a')].find((a) => a.textContent === 'Open full editor');
    expect(link?.getAttribute('href')).toBe('chrome-extension://x/options.html');
    await click(link);
    expect(open).toHaveBeenCalledTimes(1);
    const plain = await mount(<MappingsPanel api={api(1)} storage={null} />);
    expect(plain.textContent).not.toContain('Open full editor');
  });

  it('renders at most a hundred of 5,000 mappings, and filters them all', async () => {
    const root = await mount(
      <MappingsPanel api={api(5000)} storage={null} onOpenEditor={() => {}} />,
    );
    expect(rows(root)).toBe(LIST_LIMIT);
    expect(root.querySelector('.list-filter [role="status"]')?.textContent).toBe(
      'Showing the first 100 of 5000 mappings: narrow them with the filter, or open the full editor.',
    );
    const filter = byLabel(root, 'Filter Salesforce Case mappings');
    await type(filter, 'key 4999');
    await flush();
    expect(rows(root)).toBe(1);
    expect(root.querySelector('li[data-id="m-4999"]')).not.toBeNull();
    expect(root.querySelector('.list-filter [role="status"]')?.textContent).toBe(
      '1 of 5000 mappings match.',
    );
    await type(filter, 'no such thing');
    await flush();
    expect(root.textContent).toContain('No mapping matches the filter.');
  });

  it('shows no filter for a short list', async () => {
    const root = await mount(<MappingsPanel api={api(3)} storage={null} />);
    expect(rows(root)).toBe(3);
    expect(root.querySelector('.list-filter')).toBeNull();
  });
});
