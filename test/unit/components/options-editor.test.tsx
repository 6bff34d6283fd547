import { describe, expect, it } from 'vitest';
import { parsePath } from '../../../components/options/catalog-check';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { matchFields } from '../../../components/shared/FieldCombobox';
import { Mapping } from '../../../lib/mapping/schema';
import { button, byLabel, click, description, flush, mount, type } from './dom';
import { caseCatalog, caseFields, fakeOptionsApi } from './options-fakes';

const tier = Mapping.parse({
  id: 'account-tier',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier'],
});
const order = Mapping.parse({
  id: 'order',
  platform: 'salesforce',
  object: 'Case',
  field: 'Order_Id__c',
  sources: ['Order Id'],
});

const editorOf = (root: HTMLElement) => {
  const editor = root.querySelector<HTMLElement>('section.editor');
  if (!editor) throw new Error('no editor');
  return editor;
};
const combobox = (root: ParentNode) => root.querySelector('[role="combobox"]') as HTMLInputElement;
const key = async (el: Element, k: string) => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  await flush();
};
const rowValues = (editor: HTMLElement) =>
  [...editor.querySelectorAll('table.value-map tbody tr')].map((tr) =>
    [...tr.querySelectorAll('input')].map((i) => i.value),
  );

async function openNew(mappings: Mapping[] = []) {
  const fake = fakeOptionsApi(mappings);
  const root = await mount(<OptionsApp api={fake.api} initialSection="mappings" />);
  await click(button(root, 'New mapping'));
  return { ...fake, root, editor: editorOf(root) };
}

describe('the options page mapping editor', () => {
  it('offers the catalog’s writable fields by label or API name, with their type', async () => {
    const { editor } = await openNew();
    const input = combobox(editor);
    expect(document.activeElement).toBe(input);
    await type(input, 'tier');
    await flush();
    const options = [...editor.querySelectorAll('[role="option"]')];
    expect(options.map((o) => o.textContent)).toEqual([
      'Account TierAccount_Tier__cpicklist · 2 values', // the inactive value is not counted
    ]);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await type(input, 'ORDER_');
    await flush();
    expect(editor.querySelector('[role="option"]')?.textContent).toContain('Order_Id__c');
    expect(matchFields(caseFields, '').map((f) => f.name)).not.toContain('CaseNumber'); // read-only
    expect(matchFields(caseFields, 'id order').map((f) => f.name)).toEqual(['Order_Id__c']);
  });

  it('chooses with the keyboard and pre-fills the value map from the active picklist values', async () => {
    const { editor } = await openNew();
    const input = combobox(editor);
    await type(input, 'acc');
    await flush();
    await key(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(
      editor.querySelector('[role="option"][aria-selected="true"]')?.id,
    );
    await key(input, 'Enter');
    expect(input.value).toBe('Account_Tier__c');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(rowValues(editor)).toEqual([
      ['Basic', 'tier_basic'],
      ['Premium', 'tier_premium'],
    ]);
    expect(editor.querySelector('[data-flag="inactive"]')?.textContent).toContain(
      'Legacy (tier_legacy)',
    );
    // A row removed: its value is flagged as one the bot can no longer reach.
    await click(button(editor, 'Remove row 2'));
    expect(editor.querySelector('[data-flag="unmapped"]')?.textContent).toContain(
      'Premium (tier_premium)',
    );
    // Escape in the open list closes the list, not the editor.
    await type(input, 'acc');
    await flush();
    await key(input, 'Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(editorOf(editor.ownerDocument.body)).toBeTruthy();
  });

  it('shows the catalog’s errors next to their inputs and refuses to save', async () => {
    const { api, editor } = await openNew();
    const input = combobox(editor);
    await type(input, 'Account_Tier__c');
    await flush();
    await type(byLabel(editor, 'Context keys'), 'Account Tier');
    await type(byLabel(editor, 'Salesforce value, row 2'), 'tier_gold');
    await flush();
    // Live, before saving: the row says the restricted picklist lacks it.
    const gold = byLabel(editor, 'Salesforce value, row 2');
    expect(description(editor, gold)).toContain('not a value of this restricted picklist');

    await click(button(editor, 'Save'));
    expect(api.save).not.toHaveBeenCalled();
    expect(gold.getAttribute('aria-invalid')).toBe('true');
    expect(description(editor, gold)).toContain("'tier_gold' is not a value of Account Tier");
    expect(document.activeElement).toBe(gold);

    await type(gold, 'tier_premium');
    await flush();
    expect(gold.getAttribute('aria-invalid')).toBeNull();
    await click(button(editor, 'Save'));
    expect(api.save).toHaveBeenCalledTimes(1);
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({
      field: 'Account_Tier__c',
      valueMap: [
        { from: 'Basic', to: 'tier_basic' },
        { from: 'Premium', to: 'tier_premium' },
      ],
    });
  });

  it('refuses a second mapping of one field, and a target the catalog does not have', async () => {
    const { api, editor } = await openNew([tier]);
    const input = combobox(editor);
    await type(input, 'Account_Tier__c');
    await type(byLabel(editor, 'Context keys'), 'tier');
    await click(button(editor, 'Save'));
    expect(api.save).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // Named as the table shows it (label, context keys), never by an id the page does not show.
    expect(description(editor, input)).toContain(
      'Account Tier is already filled by another enabled mapping (context keys: Account Tier)',
    );
    expect(description(editor, input)).not.toContain('account-tier');

    await type(input, 'Acount_Tier__c');
    await flush();
    await click(button(editor, 'Save'));
    expect(api.save).not.toHaveBeenCalled();
    expect(description(editor, input)).toBe(
      'Not a field of Case in the acme catalog: it would be refused on every handoff. Did you mean Account Tier (Account_Tier__c)?',
    );
  });

  it('calls a target the catalog lacks refused at every handoff, with the field it probably means', async () => {
    const { api, editor } = await openNew();
    const input = combobox(editor);
    await type(input, 'VIPP__c');
    await flush();
    const words =
      'Not a field of Case in the acme catalog: it would be refused on every handoff. Did you mean VIP (VIP__c)?';
    // As typed, the hint says so (not "it will be checked later").
    expect(description(editor, input)).toBe(words);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    await type(byLabel(editor, 'Context keys'), 'VIP');
    await click(button(editor, 'Save'));
    expect(api.save).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // Said once, as the error: the hint does not repeat it.
    expect(description(editor, input)).toBe(words);
    expect(input.closest('.form-row')?.querySelector('.form-error')?.textContent).toBe(words);
    expect(document.activeElement).toBe(input);

    await type(input, 'VIP__c');
    await flush();
    expect(description(editor, input)).toBe('VIP · boolean');
    await click(button(editor, 'Save'));
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({ field: 'VIP__c' });
  });

  it('names every org whose catalog the target was looked for in', async () => {
    const fake = fakeOptionsApi(
      [],
      [caseCatalog, { ...caseCatalog, org: 'globex', fetchedAt: caseCatalog.fetchedAt + 1 }],
    );
    const root = await mount(<OptionsApp api={fake.api} initialSection="mappings" />);
    await click(button(root, 'New mapping'));
    const input = combobox(editorOf(root));
    await type(input, 'Nothing_Like_It__c');
    await flush();
    expect(description(editorOf(root), input)).toBe(
      'Not a field of Case in the acme and globex catalogs: it would be refused on every handoff.',
    );
  });

  it('shows warnings without blocking the save, and saves the transforms in order', async () => {
    const { api, editor, root } = await openNew();
    // A Kustomer conversation: no catalog imported for it yet.
    const radio = [...editor.querySelectorAll('fieldset.targets label')]
      .find((l) => l.textContent?.includes('Conversation'))
      ?.querySelector('input') as HTMLInputElement;
    await click(radio);
    const form = editorOf(root);
    await type(combobox(form), 'accountTierStr');
    await type(byLabel(form, 'Context keys'), 'Account Tier');
    await flush();
    expect(description(form, combobox(form))).toContain(
      'No Kustomer Conversation catalog to check this name against. Import the Conversation catalog to check field names',
    );
    await click(byLabel(form, 'Lower case'));
    await click(byLabel(form, 'Trim spaces at both ends'));
    await click(button(form, 'Save'));
    expect(api.save).toHaveBeenCalledTimes(1);
    expect(api.save.mock.calls[0]?.[0]).toMatchObject({
      platform: 'kustomer',
      object: 'conversation',
      field: 'accountTierStr',
      transforms: ['trim', 'lower'],
    });
    // Saved: the editor closed, focus is on the new row.
    expect(root.querySelector('section.editor')).toBeNull();
    expect((document.activeElement as HTMLElement).dataset.id).toBe(
      'conversation-account-tier-str',
    );
  });

  it('deletes only after confirmation, then focuses the next row', async () => {
    const { api, root } = await openNew([tier, order]);
    await click(root.querySelector('button[aria-label="Close the editor"]'));
    await click(root.querySelector('tr[data-id="account-tier"]'));
    const editor = editorOf(root);
    await click(button(editor, 'Delete mapping'));
    expect(document.activeElement?.textContent).toBe('Cancel');
    expect(editor.querySelector('.confirm legend')?.textContent).toContain(
      'Delete the mapping for Account Tier?',
    );
    await click(document.activeElement);
    expect(api.remove).not.toHaveBeenCalled();
    expect(document.activeElement?.textContent).toBe('Delete mapping');
    await click(button(editor, 'Delete mapping'));
    await click(button(editor.querySelector('.confirm') as HTMLElement, 'Delete'));
    expect(api.remove).toHaveBeenCalledWith('account-tier');
    expect(root.querySelector('section.editor')).toBeNull();
    expect((document.activeElement as HTMLElement).dataset.id).toBe('order');
    expect(root.querySelector('.banner')?.textContent).toContain('Deleted.');
  });
});

describe('catalog problem paths', () => {
  it('reads the paths validate-catalog names', () => {
    expect(parsePath('valueMap[1].to')).toEqual(['valueMap', 1, 'to']);
    expect(parsePath('transforms[0]')).toEqual(['transforms', 0]);
    expect(parsePath('mappings[2]["my key"]')).toEqual(['mappings', 2, 'my key']);
    expect(parsePath('')).toEqual([]);
  });
});
