import { render } from 'preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { preloadPopupParts } from '../../../components/popup/lazy-parts';
import { MappingsPanel } from '../../../components/popup/MappingsPanel';
import type { MappingsApi } from '../../../components/popup/mappings-api';
import { TARGET_STORAGE_KEY } from '../../../components/popup/targets';
import { Mapping, type MappingInput } from '../../../lib/mapping/schema';
import type { CredentialHint } from '../../../lib/messaging/protocol';
import type { FieldSpec, PlatformId } from '../../../lib/platforms/types';
import { button, byLabel, choose, click, description, flush, mount, type } from './dom';

// The form's code, loaded now (the popup loads it in idle time once the list is shown).
await preloadPopupParts();

const tier = Mapping.parse({
  id: 'account-tier__c',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier', 'tier'],
  valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  transforms: ['trim'],
});
const order = Mapping.parse({
  id: 'order-id__c',
  platform: 'salesforce',
  object: 'Case',
  field: 'Order_Id__c',
  sources: ['Order Id'],
  policy: 'overwrite',
  enabled: false,
});
const kustomer = Mapping.parse({
  id: 'tier-str',
  platform: 'kustomer',
  object: 'conversation',
  field: 'tierStr',
  sources: ['tier'],
});
const vip = Mapping.parse({
  id: 'customer-vip-bool',
  platform: 'kustomer',
  object: 'customer',
  field: 'vipBool',
  sources: ['VIP'],
});

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
  { name: 'CaseNumber', label: 'Case Number', type: 'string', updateable: false },
];

const conversationCatalog: FieldSpec[] = [
  {
    name: 'tierStr',
    label: 'Tier',
    type: 'Str',
    length: 1024,
    updateable: true,
    restricted: true,
    options: [
      { value: 'gold', label: 'Gold', active: true },
      { value: 'silver', label: 'Silver', active: true },
    ],
  },
  {
    name: 'reasonTree',
    label: 'Contact reason',
    type: 'Tree',
    updateable: true,
    restricted: true,
    options: [
      { value: 'billing', label: 'Billing', active: true },
      { value: 'billing.refund', label: 'Billing › Refund', active: true },
      { value: 'billing.legacy', label: 'Billing › Legacy', active: false },
    ],
  },
];
const customerCatalog: FieldSpec[] = [
  { name: 'vipBool', label: 'VIP', type: 'Bool', updateable: true },
];

type Catalogs = Partial<Record<string, FieldSpec[]>>;
const allCatalogs: Catalogs = {
  'salesforce:Case': catalog,
  'kustomer:conversation': conversationCatalog,
  'kustomer:customer': customerCatalog,
};

/** An in-memory background: saves what it is given, unless told to refuse. */
function fakeApi(
  initial: Mapping[] = [tier, order, kustomer, vip],
  fields: FieldSpec[] | Catalogs = allCatalogs,
) {
  let stored = [...initial];
  let keys: CredentialHint[] = [];
  const api = {
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
    fields: vi.fn(async (platform: PlatformId, object: string) =>
      Array.isArray(fields) ? fields : (fields[`${platform}:${object}`] ?? []),
    ),
    credentials: vi.fn(async () => keys),
    setCredential: vi.fn(async (org: string, apiKey: string | null) => {
      keys = keys.filter((k) => k.org !== org);
      if (apiKey !== null)
        keys.push({ platform: 'kustomer', org, last4: apiKey.slice(-4), savedAt: 0 });
      return keys;
    }),
  } satisfies MappingsApi;
  return api;
}

const rowOf = (root: HTMLElement, id: string) => {
  const li = root.querySelector<HTMLLIElement>(`li[data-id="${id}"]`);
  if (!li) throw new Error(`no row ${id}`);
  return li;
};
const form = (root: HTMLElement) => {
  const f = root.querySelector('form');
  if (!f) throw new Error('no form');
  return f;
};

const rowIds = (root: HTMLElement) =>
  [...root.querySelectorAll('li[data-id]')].map((li) => li.getAttribute('data-id'));
const targetRadio = (root: HTMLElement, name: string) =>
  byLabel(root.querySelector('fieldset.targets') as HTMLElement, name) as HTMLInputElement;

beforeEach(() => {
  localStorage.clear();
});

describe('MappingsPanel', () => {
  it('lists the Case mappings from the api', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    expect(api.fields).toHaveBeenCalledWith('salesforce', 'Case');
    expect(api.fields).toHaveBeenCalledTimes(1);
    expect(targetRadio(root, 'Salesforce · Case').checked).toBe(true);
    expect(root.querySelector('h2')?.textContent).toBe('Salesforce Case mappings');
    const rows = rowIds(root);
    expect(rows).toEqual(['account-tier__c', 'order-id__c']); // the Kustomer ones are listed under Kustomer
    const first = rowOf(root, 'account-tier__c');
    expect(first.querySelector('.mapping__label')?.textContent).toBe('Account Tier');
    expect(first.querySelector('.mapping__api')?.textContent).toBe('Account_Tier__c');
    expect(first.textContent).toContain('Account Tier, tier');
    expect(first.textContent).toContain('fills empty fields only');
    expect(rowOf(root, 'order-id__c').textContent).toContain('overwrites');
    expect(
      (byLabel(rowOf(root, 'order-id__c'), 'Enabled: Order Id') as HTMLInputElement).checked,
    ).toBe(false);
  });

  it('shows an empty list plainly', async () => {
    const root = await mount(<MappingsPanel api={fakeApi([])} />);
    expect(root.textContent).toContain('No Salesforce Case mappings yet.');
  });

  it('creates a mapping with its value map rows', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    const f = form(root);
    await type(byLabel(f, 'Target field'), 'Account_Tier__c');
    await type(byLabel(f, 'Context keys'), 'Account Tier\naccount_tier\n tier ');
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Bot value, row 1'), ' Gold ');
    await type(byLabel(f, 'Salesforce value, row 1'), 'tier_gold');
    await click(button(f, 'Add row'));
    await click(button(f, 'Add row')); // a blank row is ignored, not an error
    await choose(byLabel(f, 'A value the value map lacks'), 'refuse');
    await click(button(f, 'Save'));

    expect(api.save).toHaveBeenCalledTimes(1);
    const input = api.save.mock.calls[0]?.[0];
    expect(Mapping.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({
      // account-tier__c is taken, so the new id gets a suffix
      id: 'account-tier__c-2',
      platform: 'salesforce',
      object: 'Case',
      field: 'Account_Tier__c',
      sources: ['Account Tier', 'account_tier', 'tier'],
      combine: 'first',
      valueMap: [{ from: 'Gold', to: 'tier_gold' }],
      unmapped: 'refuse',
      policy: 'fill-empty',
      enabled: true,
    });
    expect(root.querySelector('form')).toBeNull();
    expect(rowOf(root, 'account-tier__c-2')).toBeTruthy();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Saved.');
  });

  it('derives a readable id from the field for a new mapping', async () => {
    const api = fakeApi([]);
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    await type(byLabel(form(root), 'Target field'), 'Contact_Reason__c');
    await type(byLabel(form(root), 'Context keys'), 'reason');
    await click(button(form(root), 'Save'));
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({ id: 'contact-reason__c' });
    expect(api.save.mock.calls[0]?.[0]).not.toHaveProperty('unmapped');
  });

  it('edits a mapping, keeping what the form does not show', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(rowOf(root, 'account-tier__c'), 'Edit Account Tier'));
    const f = form(root);
    expect((byLabel(f, 'Target field') as HTMLInputElement).value).toBe('Account_Tier__c');
    expect((byLabel(f, 'Context keys') as HTMLTextAreaElement).value).toBe('Account Tier, tier');
    expect((byLabel(f, 'Bot value, row 1') as HTMLInputElement).value).toBe('Premium');
    await click(byLabel(f, 'Join them'));
    await type(byLabel(f, 'Separator'), ' / ');
    await click(byLabel(f, 'Overwrite the current value'));
    await click(button(f, 'Save'));

    expect(api.save.mock.calls[0]?.[0]).toEqual({
      ...tier,
      combine: 'join',
      separator: ' / ',
      policy: 'overwrite',
    });
    expect(rowOf(root, 'account-tier__c').textContent).toContain('overwrites');
    expect(rowOf(root, 'account-tier__c').textContent).toContain('Account Tier + tier');
  });

  it('saves the enabled toggle at once', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    const toggle = byLabel(
      rowOf(root, 'account-tier__c'),
      'Enabled: Account Tier',
    ) as HTMLInputElement;
    expect(toggle.getAttribute('role')).toBe('switch');
    expect(toggle.checked).toBe(true);
    await click(toggle);
    expect(api.save).toHaveBeenCalledWith({ ...tier, enabled: false });
    expect(
      (byLabel(rowOf(root, 'account-tier__c'), 'Enabled: Account Tier') as HTMLInputElement)
        .checked,
    ).toBe(false);
    expect(rowOf(root, 'account-tier__c').classList.contains('mapping--disabled')).toBe(true);
  });

  it('puts a refused toggle back and says why', async () => {
    const api = fakeApi();
    api.save.mockRejectedValueOnce(new Error('The extension storage is full.'));
    const root = await mount(<MappingsPanel api={api} />);
    await click(byLabel(rowOf(root, 'account-tier__c'), 'Enabled: Account Tier'));
    expect(
      (byLabel(rowOf(root, 'account-tier__c'), 'Enabled: Account Tier') as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'The extension storage is full.',
    );
  });

  it('deletes only after the inline confirmation', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    const row = rowOf(root, 'order-id__c');
    await click(button(row, 'Delete Order Id'));
    expect(api.remove).not.toHaveBeenCalled();
    const confirm = row.querySelector('fieldset.confirm');
    expect(confirm?.textContent).toContain('Delete the mapping for Order Id?');
    expect(document.activeElement?.textContent).toBe('Cancel');

    await click(button(row, 'Cancel'));
    expect(row.querySelector('fieldset.confirm')).toBeNull();
    expect(api.remove).not.toHaveBeenCalled();

    await click(button(row, 'Delete Order Id'));
    await click(button(row, 'Delete mapping'));
    expect(api.remove).toHaveBeenCalledWith('order-id__c');
    expect(root.querySelector('li[data-id="order-id__c"]')).toBeNull();
    expect(root.querySelector('li[data-id="account-tier__c"]')).not.toBeNull();
  });

  it('pre-fills the value map from the picklist options and flags inactive ones', async () => {
    const api = fakeApi([]);
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    const f = form(root);
    await type(byLabel(f, 'Target field'), 'Account_Tier__c');
    // Counted as what can still be written: the inactive value is not one.
    expect(f.querySelector('.form-hint')?.textContent).toBe('Account Tier · picklist · 2 values');
    expect(root.querySelector('[aria-label="Salesforce value, row 1"]')).toBeNull();
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Bot value, row 1'), 'VIP');
    await type(byLabel(f, 'Salesforce value, row 1'), 'tier_premium');
    await click(button(f, 'Fill from the 2 picklist values'));

    const pairs = [...f.querySelectorAll('.value-map tbody tr')].map((tr) =>
      [...tr.querySelectorAll('input')].map((i) => i.value),
    );
    expect(pairs).toEqual([
      ['VIP', 'tier_premium'], // what the admin typed stays first
      ['Gold', 'tier_gold'],
      ['Premium', 'tier_premium'],
    ]);
    expect(f.textContent).toContain('1 inactive value is flagged below, not filled.');
    expect(description(f, byLabel(f, 'Salesforce value, row 3'))).toBe('');
    // Typed by hand, the inactive value is flagged on its row.
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Bot value, row 4'), 'Legacy');
    await type(byLabel(f, 'Salesforce value, row 4'), 'tier_legacy');
    expect(description(f, byLabel(f, 'Salesforce value, row 4'))).toContain(
      'inactive in Salesforce',
    );

    await click(button(f, 'Remove row 4'));
    await type(byLabel(f, 'Context keys'), 'tier');
    await click(button(f, 'Save'));
    expect(api.save.mock.calls[0]?.[0].valueMap).toEqual([
      { from: 'VIP', to: 'tier_premium' },
      { from: 'Gold', to: 'tier_gold' },
      { from: 'Premium', to: 'tier_premium' },
    ]);
  });

  it('suggests the writable catalog fields with label and type', async () => {
    const root = await mount(<MappingsPanel api={fakeApi()} />);
    await click(button(root, 'New mapping'));
    const input = byLabel(form(root), 'Target field') as HTMLInputElement;
    expect(input.getAttribute('role')).toBe('combobox');
    await click(input);
    const options = [...root.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    expect(options).toEqual([
      'Account TierAccount_Tier__cpicklist · 2 values',
      'Order IdOrder_Id__cstring',
    ]);
  });

  it('takes a typed API name when the catalog is empty', async () => {
    const api = fakeApi([], []);
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    const f = form(root);
    const input = byLabel(f, 'Target field');
    await click(input);
    expect(root.querySelector('[role="option"]')).toBeNull();
    expect(description(f, input)).toContain('type the field’s API name');
    await type(input, 'Intent__c');
    await type(byLabel(f, 'Context keys'), 'intent');
    await click(button(f, 'Save'));
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({ field: 'Intent__c', sources: ['intent'] });
  });

  it('shows a schema error next to the input and keeps what was typed', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    const f = form(root);
    await type(byLabel(f, 'Target field'), 'Order_Id__c');
    await type(byLabel(f, 'Context keys'), ' , \n ');
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Salesforce value, row 1'), 'orphan');
    await click(button(f, 'Save'));

    expect(api.save).not.toHaveBeenCalled();
    const sources = byLabel(f, 'Context keys');
    expect(sources.getAttribute('aria-invalid')).toBe('true');
    expect(description(f, sources)).toContain('add at least one context key');
    expect(sources.closest('.form-row')?.querySelector('.form-error')?.textContent).toBe(
      'add at least one context key',
    );
    expect(document.activeElement).toBe(sources);
    const from = byLabel(f, 'Bot value, row 1');
    expect(description(f, from)).toContain('a value map entry needs a "from" value');
    expect((byLabel(f, 'Target field') as HTMLInputElement).value).toBe('Order_Id__c');
    expect((byLabel(f, 'Salesforce value, row 1') as HTMLInputElement).value).toBe('orphan');

    // Fixing the input clears its error; saving then goes through.
    await type(sources, 'Order Id');
    expect(sources.getAttribute('aria-invalid')).toBeNull();
    await type(from, 'A');
    await click(button(f, 'Save'));
    expect(api.save).toHaveBeenCalledTimes(1);
  });

  it('shows a refusal in a banner and keeps the form as typed', async () => {
    const api = fakeApi();
    api.save.mockRejectedValueOnce(
      new Error('Account_Tier__c is already filled by mapping account-tier__c.'),
    );
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(root, 'New mapping'));
    const f = form(root);
    await type(byLabel(f, 'Target field'), 'Account_Tier__c');
    await type(byLabel(f, 'Context keys'), 'tier');
    await click(button(f, 'Save'));

    const banner = root.querySelector('.banner--error');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toContain(
      'Not saved. Account_Tier__c is already filled by mapping account-tier__c.',
    );
    expect(root.querySelector('form')).toBe(f);
    expect((byLabel(f, 'Target field') as HTMLInputElement).value).toBe('Account_Tier__c');
    expect((byLabel(f, 'Context keys') as HTMLTextAreaElement).value).toBe('tier');
    expect(button(f, 'Save').disabled).toBe(false);

    await click(button(root, 'Dismiss message'));
    expect(root.querySelector('.banner')).toBeNull();
  });

  it('shows why the list could not load and can try again', async () => {
    const api = fakeApi();
    api.list.mockRejectedValueOnce(new Error('The background is not answering.'));
    const root = await mount(<MappingsPanel api={api} />);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'The background is not answering.',
    );
    await click(button(root, 'Try again'));
    await flush();
    expect(root.querySelectorAll('li[data-id]').length).toBe(2);
  });

  it('switches between Salesforce Case and Kustomer conversation and customer mappings', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    const radios = [...root.querySelectorAll<HTMLInputElement>('fieldset.targets input')];
    expect(radios.map((r) => [r.type, r.labels?.[0]?.textContent])).toEqual([
      ['radio', 'Salesforce · Case'],
      ['radio', 'Kustomer · Conversation'],
      ['radio', 'Kustomer · Customer'],
    ]);

    await click(targetRadio(root, 'Kustomer · Conversation'));
    expect(targetRadio(root, 'Kustomer · Conversation').checked).toBe(true);
    expect(rowIds(root)).toEqual(['tier-str']);
    expect(root.querySelector('h2')?.textContent).toBe('Kustomer conversation mappings');
    expect(root.querySelector('ul.mapping-list')?.getAttribute('aria-label')).toBe(
      'Kustomer conversation mappings',
    );
    expect(api.fields).toHaveBeenLastCalledWith('kustomer', 'conversation');
    // The catalog of the chosen object names the row.
    expect(rowOf(root, 'tier-str').querySelector('.mapping__label')?.textContent).toBe('Tier');

    await click(targetRadio(root, 'Kustomer · Customer'));
    expect(rowIds(root)).toEqual(['customer-vip-bool']);
    expect(root.querySelector('h2')?.textContent).toBe('Kustomer customer mappings');
    expect(api.fields).toHaveBeenLastCalledWith('kustomer', 'customer');

    await click(targetRadio(root, 'Salesforce · Case'));
    expect(rowIds(root)).toEqual(['account-tier__c', 'order-id__c']);
    // Each catalog is fetched once per popup; the mappings once in all.
    expect(api.fields).toHaveBeenCalledTimes(3);
    expect(api.list).toHaveBeenCalledTimes(1);
  });

  it('saves a new mapping with the chosen platform and object', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    await click(targetRadio(root, 'Kustomer · Customer'));
    await click(button(root, 'New mapping'));
    const f = form(root);
    expect(f.querySelector('h2')?.textContent).toBe('New customer mapping');
    // The choice waits while a mapping is edited: the form belongs to one object.
    expect((root.querySelector('fieldset.targets') as HTMLFieldSetElement).disabled).toBe(true);
    await type(byLabel(f, 'Target attribute (customer)'), 'lastOrderAt');
    await type(byLabel(f, 'Context keys'), 'Last order');
    await click(button(f, 'Save'));

    expect(api.save.mock.calls[0]?.[0]).toMatchObject({
      id: 'customer-last-order-at',
      platform: 'kustomer',
      object: 'customer',
      field: 'lastOrderAt',
      sources: ['Last order'],
    });
    expect(rowIds(root)).toEqual(['customer-vip-bool', 'customer-last-order-at']);
    expect((root.querySelector('fieldset.targets') as HTMLFieldSetElement).disabled).toBe(false);
    await click(targetRadio(root, 'Kustomer · Conversation'));
    expect(rowIds(root)).toEqual(['tier-str']);
  });

  it('keeps new ids unique across every platform’s mappings', async () => {
    // An imported Salesforce mapping already uses the id a new customer mapping would get.
    const odd = Mapping.parse({ ...order, id: 'customer-vip-bool' });
    const api = fakeApi([tier, odd]);
    const root = await mount(<MappingsPanel api={api} />);
    await click(targetRadio(root, 'Kustomer · Customer'));
    expect(rowIds(root)).toEqual([]);
    await click(button(root, 'New mapping'));
    await type(byLabel(form(root), 'Target attribute'), 'vipBool');
    await type(byLabel(form(root), 'Context keys'), 'VIP');
    await click(button(form(root), 'Save'));
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({ id: 'customer-vip-bool-2' });
  });

  it('suggests Kustomer attributes and pre-fills from enumerations and trees', async () => {
    const api = fakeApi([]);
    const root = await mount(<MappingsPanel api={api} />);
    await click(targetRadio(root, 'Kustomer · Conversation'));
    await click(button(root, 'New mapping'));
    const f = form(root);
    const input = byLabel(f, 'Target attribute (conversation)') as HTMLInputElement;
    expect(input.placeholder).toBe('accountTierStr');
    await click(input);
    expect(
      [...root.querySelectorAll('[role="option"]')].map((o) => o.getAttribute('data-name')),
    ).toEqual(['tierStr', 'reasonTree']);

    await type(input, 'reasonTree');
    expect(description(f, input)).toContain('Contact reason · Tree · 2 values');
    await click(button(f, 'Fill from the 2 tree values'));
    const pairs = [...f.querySelectorAll('.value-map tbody tr')].map((tr) =>
      [...tr.querySelectorAll('input')].map((i) => i.value),
    );
    expect(pairs).toEqual([
      ['Billing', 'billing'],
      ['Billing › Refund', 'billing.refund'],
    ]);
    await click(button(f, 'Add row'));
    await type(byLabel(f, 'Kustomer value, row 3'), 'billing.legacy');
    expect(description(f, byLabel(f, 'Kustomer value, row 3'))).toContain('inactive in Kustomer');
    expect(f.textContent).toContain('into what Kustomer stores');

    await type(input, 'tierStr');
    expect(button(f, 'Fill from the 2 list values')).toBeTruthy();
    await type(byLabel(f, 'Kustomer value, row 1'), 'platinum');
    expect(description(f, byLabel(f, 'Kustomer value, row 1'))).toContain(
      'not a value of this list',
    );
  });

  it('asks for the attribute’s system name when no Kustomer catalog is cached', async () => {
    const api = fakeApi([], []);
    const root = await mount(<MappingsPanel api={api} />);
    await click(targetRadio(root, 'Kustomer · Conversation'));
    await click(button(root, 'New mapping'));
    const f = form(root);
    const input = byLabel(f, 'Target attribute');
    expect(description(f, input)).toContain(
      'the attribute’s system name, e.g. accountTierStr — never its display name',
    );
    await type(input, 'Account Tier');
    expect(description(f, input)).toContain('camelCase and ends in its type');
    await type(input, '@shopify/lastOrderAt');
    expect(description(f, input)).toContain('never its display name');
    await type(input, 'accountTierStr');
    await type(byLabel(f, 'Context keys'), 'Account Tier');
    await click(button(f, 'Save'));
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({
      id: 'conversation-account-tier-str',
      platform: 'kustomer',
      object: 'conversation',
      field: 'accountTierStr',
    });
  });

  it('remembers the last choice', async () => {
    const first = await mount(<MappingsPanel api={fakeApi()} />);
    await click(targetRadio(first, 'Kustomer · Customer'));
    expect(localStorage.getItem(TARGET_STORAGE_KEY)).toBe('kustomer:customer');
    render(null, first);

    const api = fakeApi();
    const again = await mount(<MappingsPanel api={api} />);
    expect(targetRadio(again, 'Kustomer · Customer').checked).toBe(true);
    expect(rowIds(again)).toEqual(['customer-vip-bool']);
    expect(api.fields).toHaveBeenCalledWith('kustomer', 'customer');
    expect(api.fields).not.toHaveBeenCalledWith('salesforce', 'Case');
  });

  it('falls back to Salesforce Case when the remembered choice is unknown', async () => {
    localStorage.setItem(TARGET_STORAGE_KEY, 'zendesk:ticket');
    const root = await mount(<MappingsPanel api={fakeApi()} />);
    expect(targetRadio(root, 'Salesforce · Case').checked).toBe(true);
    expect(rowIds(root)).toEqual(['account-tier__c', 'order-id__c']);
  });

  it('clears a message about the other mappings when the choice changes', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    await click(button(rowOf(root, 'order-id__c'), 'Delete Order Id'));
    await click(button(rowOf(root, 'order-id__c'), 'Delete mapping'));
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Deleted.');
    await click(targetRadio(root, 'Kustomer · Conversation'));
    expect(root.querySelector('.banner')).toBeNull();
  });

  it('shows Kustomer access only for a Kustomer choice', async () => {
    const api = fakeApi();
    const root = await mount(<MappingsPanel api={api} />);
    expect(root.textContent).not.toContain('Kustomer access');
    expect(api.credentials).not.toHaveBeenCalled();
    await click(targetRadio(root, 'Kustomer · Conversation'));
    expect(button(root, 'Kustomer access').getAttribute('aria-expanded')).toBe('false');
    expect(api.credentials).toHaveBeenCalledTimes(1);
    await click(button(root, 'New mapping'));
    expect(root.textContent).not.toContain('Kustomer access');
  });

  it('labels every form control', async () => {
    const root = await mount(<MappingsPanel api={fakeApi()} />);
    await click(button(rowOf(root, 'account-tier__c'), 'Edit Account Tier'));
    const f = form(root);
    for (const control of f.querySelectorAll('input, select, textarea')) {
      const id = control.getAttribute('id');
      const named =
        control.hasAttribute('aria-label') ||
        (id !== null && f.querySelector(`label[for="${id}"]`) !== null) ||
        control.closest('label') !== null;
      expect(named, control.outerHTML).toBe(true);
    }
  });
});
