import { describe, expect, it, vi } from 'vitest';
import { visibleRange } from '../../../components/options/MappingTable';
import { OptionsApp } from '../../../components/options/OptionsApp';
import type { OptionsApi } from '../../../components/options/options-api';
import {
  createOptionsStore,
  filterRows,
  sortRows,
} from '../../../components/options/options-store';
import { Mapping } from '../../../lib/mapping/schema';
import { firstScreenOf } from '../../../lib/mapping/table-order';
import { button, byLabel, click, flush, mount, type } from './dom';
import { caseCatalog, fakeOptionsApi, manyMappings } from './options-fakes';

const tier = Mapping.parse({
  id: 'account-tier',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier'],
  valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  transforms: ['trim'],
});
const order = Mapping.parse({
  id: 'order',
  platform: 'salesforce',
  object: 'Case',
  field: 'Order_Id__c',
  sources: ['Order Id', 'Order'],
  policy: 'overwrite',
  enabled: false,
});
const conv = Mapping.parse({
  id: 'k-tier',
  platform: 'kustomer',
  object: 'conversation',
  field: 'accountTierStr',
  sources: ['Tier'],
  combine: 'join',
  separator: ' / ',
});

/** A column's sort button (its text also holds the ▲ ▼ arrow, hidden from assistive technology). */
const sortButton = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('th button')].find((b) =>
    b.textContent?.startsWith(name),
  ) as HTMLButtonElement;
const bodyRows = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('tr.grid__row')];
const ids = (root: HTMLElement) => bodyRows(root).map((r) => r.dataset.id);
const key = async (el: Element, k: string) => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  await flush();
};

describe('the options page mapping table', () => {
  it('shows every column of a mapping, with the catalog’s label and type', async () => {
    const { api } = fakeOptionsApi([tier, order, conv]);
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    const row = root.querySelector('tr[data-id="account-tier"]') as HTMLElement;
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells).toEqual([
      'Salesforce · Case',
      'Account TierAccount_Tier__c · picklist',
      'Account Tier',
      'First',
      '1 value',
      'trim',
      'Fill empty',
      'On',
    ]);
    const k = root.querySelector('tr[data-id="k-tier"]') as HTMLElement;
    expect(k.textContent).toContain('Join “ / ”');
    // No Kustomer catalog: the API name stands for the label, and the row says why.
    expect(k.querySelectorAll('td')[1]?.textContent).toBe('accountTierStrnot in a field catalog');
    expect(root.querySelector('tr[data-id="order"]')?.className).toContain('grid__row--off');
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('3 mappings');
  });

  it('renders only the visible rows of 5,000, between spacers that keep the scroll height', async () => {
    const { api } = fakeOptionsApi(manyMappings(5000));
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    const rows = bodyRows(root);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(root.querySelector('table.grid')?.getAttribute('aria-rowcount')).toBe('5001');
    const spacer = root.querySelector<HTMLElement>('tr.grid__spacer');
    expect(spacer?.getAttribute('aria-hidden')).toBe('true');
    expect(Number.parseInt(spacer?.style.height ?? '0', 10)).toBe((5000 - rows.length) * 44);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');

    // Scrolled to the middle, the window moves: still a handful of rows, the right ones.
    const scroller = root.querySelector('.grid-scroll') as HTMLElement;
    scroller.scrollTop = 2500 * 44;
    scroller.dispatchEvent(new Event('scroll'));
    await flush();
    const moved = bodyRows(root);
    expect(moved.length).toBeLessThan(40);
    expect(moved.some((r) => r.getAttribute('aria-rowindex') === String(2500 + 2))).toBe(true);
  });

  it('computes the visible window with overscan', () => {
    expect(visibleRange(5000, 0, 440)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(5000, 36 + 100 * 44, 440)).toEqual({ start: 95, end: 116 });
    expect(visibleRange(5000, 36 + 4999 * 44, 440)).toEqual({ start: 4994, end: 5000 });
    expect(visibleRange(3, 0, 440)).toEqual({ start: 0, end: 3 });
    // Scrolled far down, then filtered to a few rows: the window still shows them.
    expect(visibleRange(3, 36 + 4000 * 44, 440)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 36 + 4000 * 44, 440)).toEqual({ start: 0, end: 0 });
  });

  it('filters by label, API name or source key, in any case, with every word', async () => {
    const { api } = fakeOptionsApi([tier, order, conv]);
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    const filter = byLabel(root, 'Filter by label, API name or context key');
    await type(filter, 'ACCOUNT tier');
    await flush();
    expect(ids(root).sort()).toEqual(['account-tier', 'k-tier']);
    await type(filter, 'order_id');
    await flush();
    expect(ids(root)).toEqual(['order']);
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('1 of 3 shown');
    await type(filter, 'nothing like this');
    await flush();
    expect(ids(root)).toEqual([]);
    expect(root.textContent).toContain('No mapping matches the filter.');
  });

  // How long it takes is the bench's (pages.options.filter, ≤ 16 ms a keystroke), not a unit test's.
  it('filters 5,000 precomputed rows in memory', () => {
    const store = createOptionsStore(fakeOptionsApi().api);
    store.mappings.value = manyMappings(5000);
    store.catalogs.value = [caseCatalog];
    store.status.value = 'ready';
    expect(store.shown.value.length).toBe(5000);
    store.filter.value = 'key 4999';
    expect(store.shown.value.map((r) => r.mapping.id)).toEqual(['m-4999']);
  });

  it('sorts by a column and says how in aria-sort', async () => {
    const { api } = fakeOptionsApi([tier, order, conv]);
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    expect(ids(root)).toEqual(['k-tier', 'account-tier', 'order']); // Kustomer · … sorts first
    await click(sortButton(root, 'Target field'));
    expect(ids(root)).toEqual(['account-tier', 'k-tier', 'order']);
    const th = sortButton(root, 'Target field').closest('th');
    expect(th?.getAttribute('aria-sort')).toBe('ascending');
    await click(sortButton(root, 'Target field'));
    expect(ids(root)).toEqual(['order', 'k-tier', 'account-tier']);
    expect(th?.getAttribute('aria-sort')).toBe('descending');
  });

  it('is driven by the keyboard: one row in the tab order, arrows move, Enter edits, Escape returns', async () => {
    const { api } = fakeOptionsApi([tier, order, conv]);
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    const rows = bodyRows(root);
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    rows[0]?.focus();
    await key(rows[0] as HTMLElement, 'ArrowDown');
    expect(document.activeElement).toBe(root.querySelector('tr[data-id="account-tier"]'));
    expect(bodyRows(root).map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
    await key(document.activeElement as HTMLElement, 'End');
    expect(document.activeElement).toBe(root.querySelector('tr[data-id="order"]'));
    await key(document.activeElement as HTMLElement, 'Home');
    await key(document.activeElement as HTMLElement, 'ArrowDown');
    await key(document.activeElement as HTMLElement, 'Enter');

    const editor = root.querySelector('section.editor') as HTMLElement;
    expect(editor.getAttribute('aria-label')).toBe('Mapping editor');
    expect(editor.querySelector('h2')?.textContent).toBe('Edit mapping: Account Tier');
    expect(root.querySelector('tr[data-id="account-tier"]')?.getAttribute('aria-current')).toBe(
      'true',
    );
    expect(document.activeElement?.getAttribute('role')).toBe('combobox');
    await key(document.activeElement as HTMLElement, 'Escape');
    expect(root.querySelector('section.editor')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('tr[data-id="account-tier"]'));
  });

  it('turns the filtered rows on or off in one request', async () => {
    const { api, stored } = fakeOptionsApi(manyMappings(20));
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    await type(byLabel(root, 'Filter by label, API name or context key'), 'key 1');
    await flush();
    await click(button(root, 'Enable shown'));
    expect(api.setEnabled).toHaveBeenCalledTimes(1);
    // key 1, key 10…key 19: the odd ones were off.
    expect(api.setEnabled.mock.calls[0]?.[0].sort()).toEqual(
      ['m-0001', 'm-0011', 'm-0013', 'm-0015', 'm-0017', 'm-0019'].sort(),
    );
    expect(root.querySelector('.banner')?.textContent).toContain('6 mappings turned on.');
    expect(
      stored()
        .filter((m) => m.sources[0]?.startsWith('Key 1'))
        .every((m) => m.enabled),
    ).toBe(true);
    expect(root.querySelectorAll('tr.grid__row--off').length).toBe(0);
  });
});

describe('row order and filter helpers', () => {
  it('sorts with ties broken by object, label and id', () => {
    const store = createOptionsStore(fakeOptionsApi().api);
    store.mappings.value = [order, tier, conv];
    const rows = store.rows.value;
    expect(sortRows(rows, { key: 'policy', dir: 'asc' }).map((r) => r.mapping.id)).toEqual([
      'k-tier',
      'account-tier',
      'order',
    ]);
    expect(filterRows(rows, '  ')).toBe(rows);
    expect(filterRows(rows, 'kustomer tier').map((r) => r.mapping.id)).toEqual(['k-tier']);
  });
});

describe('the options table before every mapping has arrived', () => {
  /** A fake background whose whole list answers only when the test says so. */
  function slowList(all: Mapping[], limit = 4) {
    const { api } = fakeOptionsApi(all);
    let answer: (list: Mapping[]) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const asked: string[] = [];
    const firstScreen = vi.fn(async () => {
      asked.push('first-screen');
      return firstScreenOf(all, [caseCatalog], limit);
    });
    const catalogs = api.catalogs;
    api.catalogs = vi.fn(() => {
      asked.push('catalogs');
      return catalogs();
    });
    api.list = vi.fn(() => {
      asked.push('list');
      return new Promise<Mapping[]>((resolve, reject) => {
        answer = resolve;
        fail = reject;
      });
    });
    return {
      api: { ...api, firstScreen } as OptionsApi,
      asked,
      answer: async () => {
        answer(all);
        await flush();
      },
      fail: async (message: string) => {
        fail(new Error(message));
        await flush();
      },
    };
  }

  it('shows the first screen in the table’s order, read-only, then the whole table in place', async () => {
    const all = [tier, order, conv, ...manyMappings(20)];
    const slow = slowList(all);
    const root = await mount(<OptionsApp api={slow.api} initialSection="mappings" />);
    // Every mapping and the catalogs are asked for once the first screen is shown.
    await vi.waitFor(() => expect(slow.asked).toEqual(['first-screen', 'list', 'catalogs']));
    expect(ids(root)).toEqual(['k-tier', 'account-tier', 'm-0000', 'm-0010']);
    const table = root.querySelector('table.grid') as HTMLElement;
    expect(table.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('Loading all 23 mappings…');
    expect(sortButton(root, 'Target field').disabled).toBe(true);
    expect(button(root, 'New mapping').disabled).toBe(true);
    // A row cannot be opened yet: neither by a click nor by Enter.
    await click(root.querySelector('tr[data-id="account-tier"]'));
    await key(root.querySelector('tr[data-id="account-tier"]') as HTMLElement, 'Enter');
    expect(root.querySelector('.editor')).toBeNull();

    await slow.answer();
    expect(ids(root).slice(0, 4)).toEqual(['k-tier', 'account-tier', 'm-0000', 'm-0010']);
    expect(ids(root).length).toBeGreaterThan(4);
    // The same table element: nothing rebuilt, a scroll position or focus would have stayed.
    expect(root.querySelector('table.grid')).toBe(table);
    expect(table.hasAttribute('aria-busy')).toBe(false);
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('23 mappings');
    expect(sortButton(root, 'Target field').disabled).toBe(false);
  });

  it('keeps a filter typed meanwhile and applies it once every mapping is here', async () => {
    const slow = slowList([tier, order, conv, ...manyMappings(20)]);
    const root = await mount(<OptionsApp api={slow.api} initialSection="mappings" />);
    await vi.waitFor(() => expect(slow.asked).toContain('list'));
    await type(byLabel(root, 'Filter by label, API name or context key'), 'order');
    await flush();
    expect(root.textContent).toContain('Loading all 23 mappings to filter them…');
    expect(ids(root)).toEqual([]);
    await slow.answer();
    expect(ids(root)).toEqual(['order']);
    expect(root.querySelector('.toolbar__count')?.textContent).toBe('1 of 23 shown');
  });

  it('says the mappings were not loaded, with Try again, when the whole list fails', async () => {
    const slow = slowList([tier, order]);
    const root = await mount(<OptionsApp api={slow.api} initialSection="mappings" />);
    await vi.waitFor(() => expect(slow.asked).toContain('list'));
    await slow.fail('The background is restarting.');
    expect(root.querySelector('table.grid')).toBeNull();
    expect(root.querySelector('[role="alert"]')?.textContent).toMatch(
      /Mappings not loaded\.[\s\S]*The background is restarting\./,
    );
    expect(button(root, 'Try again')).toBeTruthy();
  });

  it('loads the whole list when the first screen fails', async () => {
    const { api } = fakeOptionsApi([tier, order]);
    const firstScreen = vi.fn(async () => {
      throw new Error('no first screen');
    });
    const root = await mount(
      <OptionsApp api={{ ...api, firstScreen } as OptionsApi} initialSection="mappings" />,
    );
    await vi.waitFor(() => expect(ids(root)).toEqual(['account-tier', 'order']));
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
