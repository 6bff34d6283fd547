/**
 * The popup by keyboard: where the focus goes as rows are added and removed, after Save and after
 * Escape, and what Enter does in the target field.
 */
import { describe, expect, it, vi } from 'vitest';
import { preloadPopupParts } from '../../../components/popup/lazy-parts';
import { MappingsPanel } from '../../../components/popup/MappingsPanel';
import type { MappingsApi } from '../../../components/popup/mappings-api';
import { Mapping, type MappingInput } from '../../../lib/mapping/schema';
import type { FieldSpec } from '../../../lib/platforms/types';
import { button, byLabel, click, flush, mount, type } from './dom';

await preloadPopupParts();

const catalog: FieldSpec[] = [
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    updateable: true,
    restricted: true,
    options: [
      { value: 'tier_gold', label: 'Gold', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
      { value: 'tier_legacy', label: 'Legacy', active: false },
    ],
  },
  { name: 'Order_Id__c', label: 'Order Id', type: 'string', length: 40, updateable: true },
  { name: 'VIP__c', label: 'VIP', type: 'boolean', updateable: true },
];

const caseMapping = (id: string, field: string) =>
  Mapping.parse({ id, platform: 'salesforce', object: 'Case', field, sources: [id] });

function fakeApi(initial: Mapping[]) {
  let stored = [...initial];
  return {
    list: vi.fn(async () => [...stored]),
    save: vi.fn(async (input: MappingInput) => {
      const saved = Mapping.parse(input);
      stored = stored.some((m) => m.id === saved.id)
        ? stored.map((m) => (m.id === saved.id ? saved : m))
        : [...stored, saved];
      return saved;
    }),
    remove: vi.fn(async (id: string) => {
      stored = stored.filter((m) => m.id !== id);
    }),
    fields: vi.fn(async () => catalog),
    credentials: vi.fn(async () => []),
    setCredential: vi.fn(async () => []),
  } satisfies MappingsApi;
}

const formOf = (root: HTMLElement) => root.querySelector('form') as HTMLFormElement;
const focused = () => document.activeElement as HTMLElement;
const rowIdOfFocus = () => focused().closest('li')?.getAttribute('data-id');
async function press(el: Element, key: string) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  await flush();
}

async function panel(initial: Mapping[] = [caseMapping('order', 'Order_Id__c')]) {
  const api = fakeApi(initial);
  const root = await mount(<MappingsPanel api={api} storage={null} />);
  return { api, root };
}

describe('the popup’s value map rows by keyboard', () => {
  it('focuses a new row, the next row after a remove, and Add row once the last row goes', async () => {
    const { root } = await panel();
    await click(button(root, 'New mapping'));
    const f = formOf(root);
    await click(button(f, 'Add row'));
    expect(focused()).toBe(byLabel(f, 'Bot value, row 1'));
    await type(focused(), 'one');
    await click(button(f, 'Add row'));
    expect(focused()).toBe(byLabel(f, 'Bot value, row 2'));
    await type(focused(), 'two');
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Bot value, row 3'), 'three');

    // The middle row goes: the row after it (now row 2) takes the focus.
    await click(button(f, 'Remove row 2'));
    expect(focused()).toBe(byLabel(f, 'Bot value, row 2'));
    expect((focused() as HTMLInputElement).value).toBe('three');
    // The last row goes: nothing follows it, so Add row takes the focus.
    await click(button(f, 'Remove row 2'));
    expect(focused()).toBe(button(f, 'Add row'));
    await click(button(f, 'Remove row 1'));
    expect(focused()).toBe(button(f, 'Add row'));
    expect(f.querySelector('table.value-map')).toBeNull();
  });
});

describe('the popup’s focus around the form', () => {
  it('puts the focus on the saved mapping’s row, named by its label in the message', async () => {
    const { api, root } = await panel();
    await click(button(root, 'New mapping'));
    const f = formOf(root);
    await type(byLabel(f, 'Target field'), 'VIP__c');
    await type(byLabel(f, 'Context keys'), 'VIP');
    await click(button(f, 'Save'));
    expect(api.save).toHaveBeenCalledTimes(1);
    expect(root.querySelector('form')).toBeNull();
    expect(rowIdOfFocus()).toBe('vip__c');
    expect(focused().getAttribute('aria-label')).toBe('Edit VIP');
    expect(root.querySelector('[role="status"]')?.textContent).toContain('VIP is mapped.');
    expect(root.querySelector('[role="status"]')?.textContent).not.toContain('VIP__c');

    // Edited and saved: back on the same row.
    await click(button(root, 'Edit Order Id'));
    await type(byLabel(formOf(root), 'Context keys'), 'order, order id');
    await click(button(formOf(root), 'Save'));
    expect(rowIdOfFocus()).toBe('order');
    expect(focused().getAttribute('aria-label')).toBe('Edit Order Id');
  });

  it('shows more rows to reach a saved mapping past the first ones', async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      caseMapping(`m-${String(i).padStart(2, '0')}`, `Field_${i}__c`),
    );
    const { root } = await panel(many);
    expect(root.querySelectorAll('li[data-id]').length).toBe(10);
    await click(button(root, 'New mapping'));
    await type(byLabel(formOf(root), 'Target field'), 'VIP__c');
    await type(byLabel(formOf(root), 'Context keys'), 'VIP');
    await click(button(formOf(root), 'Save'));
    expect(rowIdOfFocus()).toBe('vip__c');
    expect(root.querySelectorAll('li[data-id]').length).toBe(13);
  });

  it('cancels on Escape, back where the form was opened from', async () => {
    const { api, root } = await panel();
    await click(button(root, 'New mapping'));
    await type(byLabel(formOf(root), 'Context keys'), 'typed, then abandoned');
    await press(byLabel(formOf(root), 'Context keys'), 'Escape');
    expect(root.querySelector('form')).toBeNull();
    expect(focused()).toBe(button(root, 'New mapping'));

    await click(button(root, 'Edit Order Id'));
    await press(byLabel(formOf(root), 'Overwrite the current value'), 'Escape');
    expect(root.querySelector('form')).toBeNull();
    expect(focused()).toBe(button(root, 'Edit Order Id'));

    // Cancel does the same.
    await click(button(root, 'Edit Order Id'));
    await click(button(formOf(root), 'Cancel'));
    expect(focused()).toBe(button(root, 'Edit Order Id'));
    expect(api.save).not.toHaveBeenCalled();
  });

  it('closes the suggestions on Escape before it closes the form', async () => {
    const { root } = await panel();
    await click(button(root, 'New mapping'));
    const input = byLabel(formOf(root), 'Target field');
    await type(input, 'tier');
    await flush();
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await press(input, 'Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('form')).not.toBeNull();
    await press(input, 'Escape');
    expect(root.querySelector('form')).toBeNull();
  });

  it('takes the highlighted suggestion on Enter instead of submitting the form', async () => {
    const { api, root } = await panel([]);
    await click(button(root, 'New mapping'));
    const f = formOf(root);
    await type(byLabel(f, 'Context keys'), 'Account Tier');
    const input = byLabel(f, 'Target field') as HTMLInputElement;
    await type(input, 'acc');
    await flush();
    await press(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(
      f.querySelector('[role="option"][aria-selected="true"]')?.id,
    );
    // Enter on a text input submits its form unless the key is taken: the combobox takes it.
    const submitted = vi.fn();
    f.addEventListener('submit', submitted);
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    input.dispatchEvent(enter);
    await flush();
    expect(enter.defaultPrevented).toBe(true);
    expect(input.value).toBe('Account_Tier__c');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(submitted).not.toHaveBeenCalled();
    expect(api.save).not.toHaveBeenCalled();
    expect(root.querySelector('form')).not.toBeNull();

    // With the list closed, Enter is the form's again.
    const again = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    input.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
  });
});

describe('the value map’s suggestions', () => {
  it('offers the label and the API value of each active value as what the bot may say', async () => {
    const { root } = await panel([]);
    await click(button(root, 'New mapping'));
    const f = formOf(root);
    await type(byLabel(f, 'Target field'), 'Account_Tier__c');
    expect(button(f, 'Fill from the 2 picklist values')).toBeTruthy();
    await click(button(f, 'Add row'));
    const from = byLabel(f, 'Bot value, row 1');
    const list = f.querySelector(`datalist[id="${from.getAttribute('list')}"]`);
    expect([...(list?.querySelectorAll('option') ?? [])].map((o) => o.value)).toEqual([
      'Gold',
      'tier_gold',
      'Premium',
      'tier_premium',
    ]);
    // A target without values offers none.
    await type(byLabel(f, 'Target field'), 'Order_Id__c');
    expect(byLabel(f, 'Bot value, row 1').getAttribute('list')).toBeNull();
  });
});
