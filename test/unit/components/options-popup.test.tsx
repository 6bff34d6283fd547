/** The popup's ties to the admin experience: the link to the full editor, and 5,000 mappings. */
import { describe, expect, it, vi } from 'vitest';
import { FIRST_ROWS, MORE_ROWS } from '../../../components/popup/MappingList';
import { LIST_LIMIT, MappingsPanel } from '../../../components/popup/MappingsPanel';
import type { MappingsApi } from '../../../components/popup/mappings-api';
import { button, byLabel, click, flush, mount, type } from './dom';
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

  it('lists at most a hundred of 5,000 mappings, rendering them as needed, and filters them all', async () => {
    const root = await mount(
      <MappingsPanel api={api(5000)} storage={null} onOpenEditor={() => {}} />,
    );
    // The first rows only; each says where it stands in the list of a hundred.
    expect(rows(root)).toBe(FIRST_ROWS);
    const first = root.querySelector('ul.mapping-list > li') as HTMLElement;
    expect([first.getAttribute('aria-posinset'), first.getAttribute('aria-setsize')]).toEqual([
      '1',
      String(LIST_LIMIT),
    ]);
    expect(root.querySelector('.list-filter [role="status"]')?.textContent).toBe(
      'Showing the first 100 of 5000 mappings: narrow them with the filter, or open the full editor.',
    );

    // "Show more" (scrolling near it does the same) adds rows up to the hundred, focus on the first new one.
    const more = () => root.querySelector<HTMLButtonElement>('button.list-more');
    expect(more()?.textContent).toBe(`Show more (${FIRST_ROWS} of ${LIST_LIMIT} shown)`);
    await click(more());
    expect(rows(root)).toBe(FIRST_ROWS + MORE_ROWS);
    const added = root.querySelectorAll('ul.mapping-list > li')[FIRST_ROWS] as HTMLElement;
    expect(added.contains(document.activeElement)).toBe(true);
    expect(added.getAttribute('aria-posinset')).toBe(String(FIRST_ROWS + 1));
    while (more()) await click(more());
    expect(rows(root)).toBe(LIST_LIMIT);

    const filter = byLabel(root, 'Filter Salesforce Case mappings');
    await type(filter, 'key 4999');
    await flush();
    expect(rows(root)).toBe(1);
    expect(root.querySelector('li[data-id="m-4999"]')).not.toBeNull();
    expect(root.querySelector('.list-filter [role="status"]')?.textContent).toBe(
      '1 of 5000 mappings match.',
    );
    // Another filter starts again from the first rows.
    await type(filter, 'key 1');
    await flush();
    expect(rows(root)).toBe(FIRST_ROWS);
    expect(button(root, `Show more (${FIRST_ROWS} of ${LIST_LIMIT} shown)`)).toBeTruthy();
    await type(filter, 'no such thing');
    await flush();
    expect(root.textContent).toContain('No mapping matches the filter.');
  });

  it('keeps a delete question with its mapping while the filter reuses the rows', async () => {
    const root = await mount(<MappingsPanel api={api(5000)} storage={null} />);
    const firstRow = () => root.querySelector('ul.mapping-list > li') as HTMLElement;
    await click(button(firstRow(), 'Delete Field_0__c'));
    expect(firstRow().querySelector('fieldset.confirm')).not.toBeNull();

    const filter = byLabel(root, 'Filter Salesforce Case mappings');
    filter.focus();
    await type(filter, 'key 42');
    await flush();
    // The first row shows another mapping: no question on it, and focus stays in the filter.
    expect(firstRow().dataset.id).not.toBe('m-0000');
    expect(root.querySelector('fieldset.confirm')).toBeNull();
    expect(document.activeElement).toBe(filter);

    await type(filter, '');
    await flush();
    expect(firstRow().dataset.id).toBe('m-0000');
    expect(root.querySelector('fieldset.confirm')).toBeNull();
    expect(document.activeElement).toBe(filter);
  });

  it('paints the first rows before every mapping has arrived, their controls waiting', async () => {
    const all = manyMappings(5000);
    let deliver: (list: typeof all) => void = () => {};
    /** The whole list is asked for once the first rows have arrived (and are painted). */
    let firstAnswered = false;
    let askedAfterFirst = false;
    const slow: MappingsApi = {
      ...api(0),
      list: vi.fn(() => {
        askedAfterFirst = firstAnswered;
        return new Promise<typeof all>((r) => (deliver = r));
      }),
      firstRows: vi.fn(async (_platform: string, _object: string, limit: number) => {
        firstAnswered = true;
        return all.slice(0, limit);
      }),
    };
    const root = await mount(<MappingsPanel api={slow} storage={null} />);
    expect(slow.firstRows).toHaveBeenCalledWith('salesforce', 'Case', FIRST_ROWS + 1);
    expect(rows(root)).toBe(FIRST_ROWS);
    const status = () => root.querySelector('.list-filter [role="status"]')?.textContent;
    expect(status()).toBe('Loading all mappings…');
    const list = root.querySelector('ul.mapping-list');
    expect(list?.getAttribute('aria-busy')).toBe('true');
    await vi.waitFor(() => expect(slow.list).toHaveBeenCalledOnce());
    expect(askedAfterFirst).toBe(true);
    const firstRow = root.querySelector('ul.mapping-list > li') as HTMLElement;
    expect(
      [...firstRow.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')].map(
        (c) => c.disabled,
      ),
    ).toEqual([true, true, true]);
    const filter = byLabel(root, 'Filter Salesforce Case mappings');

    deliver(all);
    await flush();
    // The same rows (and the same filter input), now usable, and the whole list behind them.
    expect(root.querySelector('ul.mapping-list > li')).toBe(firstRow);
    expect(byLabel(root, 'Filter Salesforce Case mappings')).toBe(filter);
    expect(firstRow.querySelector('button')?.disabled).toBe(false);
    expect(list?.hasAttribute('aria-busy')).toBe(false);
    expect(status()).toBe('Showing the first 100 of 5000 mappings: narrow them with the filter.');
    expect(button(root, `Show more (${FIRST_ROWS} of ${LIST_LIMIT} shown)`)).toBeTruthy();
  });

  it("does not show one target's first rows under another chosen before every mapping arrived", async () => {
    const all = manyMappings(50);
    let deliver: (list: typeof all) => void = () => {};
    const slow: MappingsApi = {
      ...api(0),
      list: vi.fn(() => new Promise<typeof all>((r) => (deliver = r))),
      firstRows: vi.fn(async (_p: string, _o: string, limit: number) => all.slice(0, limit)),
    };
    const root = await mount(<MappingsPanel api={slow} storage={null} />);
    expect(rows(root)).toBe(FIRST_ROWS);
    await click(
      byLabel(root.querySelector('fieldset.targets') as HTMLElement, 'Kustomer · Conversation'),
    );
    expect(root.querySelector('h2')?.textContent).toBe('Kustomer conversation mappings');
    expect(rows(root)).toBe(0);
    expect(root.textContent).toContain('Loading mappings…');
    deliver(all);
    await flush();
    expect(root.textContent).toContain('No Kustomer conversation mappings yet.');
  });

  it('shows no filter for a short list', async () => {
    const root = await mount(<MappingsPanel api={api(3)} storage={null} />);
    expect(rows(root)).toBe(3);
    expect(root.querySelector('.list-filter')).toBeNull();
  });
});
