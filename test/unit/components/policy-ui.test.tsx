/**
 * What the pages show of the organisation's policy: managed mappings marked "Set by your
 * organisation" and read-only in the popup's list and the options page's table and editor, and the
 * options page's banner while the last policy is refused.
 */
import { describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { preloadPopupParts } from '../../../components/popup/lazy-parts';
import { MappingsPanel } from '../../../components/popup/MappingsPanel';
import type { MappingsApi } from '../../../components/popup/mappings-api';
import { Mapping } from '../../../lib/mapping/schema';
import { MANAGED_LABEL, type PolicyStatus } from '../../../lib/settings/managed';
import { button, click, flush, mount } from './dom';
import { caseMapping, fakeOptionsApi } from './options-fakes';

await preloadPopupParts();

const tier = Mapping.parse({
  id: 'account-tier',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier'],
  valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  policy: 'overwrite',
});
const order = caseMapping('order', 'Order_Id__c', 'Order Id');

const managing = (ids: string[], more: Partial<PolicyStatus> = {}): PolicyStatus => ({
  managed: { mappingIds: ids, settingsKeys: [], transcriptProfilePlatforms: [] },
  appliedAt: 1,
  ...more,
});

describe('the options page', () => {
  async function page(status: PolicyStatus) {
    const fake = fakeOptionsApi([tier, order]);
    const api = { ...fake.api, policyStatus: vi.fn(async () => status) };
    const root = await mount(<OptionsApp api={api} initialSection="mappings" />);
    return { root, api };
  }
  const row = (root: HTMLElement, id: string) =>
    root.querySelector(`tr[data-id="${id}"]`) as HTMLElement;

  it('marks the managed rows and opens them read-only, without a form or delete', async () => {
    const { root } = await page(managing(['account-tier']));
    expect(row(root, 'account-tier').textContent).toContain(MANAGED_LABEL);
    expect(row(root, 'order').textContent).not.toContain(MANAGED_LABEL);

    await click(row(root, 'account-tier'));
    const editor = root.querySelector('[aria-label="Mapping editor"]') as HTMLElement;
    expect(editor.textContent).toContain(MANAGED_LABEL);
    expect(editor.textContent).toMatch(/Ask your admin to change it/);
    expect(editor.textContent).toContain('Premium → tier_premium');
    expect(editor.textContent).toContain('Overwrite');
    expect(editor.querySelector('form, input, select, textarea')).toBeNull();
    expect(editor.textContent).not.toContain('Delete mapping');

    await click(row(root, 'order'));
    const other = root.querySelector('[aria-label="Mapping editor"]') as HTMLElement;
    expect(other.querySelector('form')).not.toBeNull();
    expect(other.textContent).toContain('Delete mapping');
  });

  it('leaves the managed mappings out of "Disable shown"', async () => {
    const { root, api } = await page(managing(['account-tier']));
    await click(button(root, 'Disable shown'));
    expect(api.setEnabled).toHaveBeenCalledWith(['order'], false);
  });

  it('shows the refused policy’s errors, and that the previous one stays in force', async () => {
    const { root } = await page(
      managing(['account-tier'], {
        error: {
          receivedAt: 2,
          errors: ['policy "mappings": mappings[0].platform: must be "salesforce" or "kustomer"'],
        },
      }),
    );
    const banner = root.querySelector('.policy-banner') as HTMLElement;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain("Your organisation's policy could not be applied:");
    expect(banner.textContent).toContain('policy "mappings": mappings[0].platform: must be');
    expect(banner.textContent).toContain('The previous policy stays in force.');
  });

  it('lists the first problems of a long list and counts the rest', async () => {
    const errors = Array.from({ length: 25 }, (_, i) => `policy "mappings": mappings[${i}].id: x`);
    const { root } = await page(managing([], { error: { receivedAt: 2, errors } }));
    const items = [...root.querySelectorAll('.policy-banner li')].map((li) => li.textContent);
    expect(items).toHaveLength(21);
    expect(items[19]).toBe('policy "mappings": mappings[19].id: x');
    expect(items[20]).toMatch(/^and 5 more problems/);
  });

  it('says so when no earlier policy is in force, and shows no banner without an error', async () => {
    const refused = await page({
      managed: { mappingIds: [], settingsKeys: [], transcriptProfilePlatforms: [] },
      error: { receivedAt: 2, errors: ['policy "settings": not JSON text (x)'] },
    });
    expect(refused.root.querySelector('.policy-banner')?.textContent).toContain(
      'No earlier policy is in force',
    );
    const fine = await page(managing([]));
    expect(fine.root.querySelector('.policy-banner')).toBeNull();
  });
});

describe('the popup', () => {
  function api(status: PolicyStatus) {
    return {
      list: vi.fn(async () => [tier, order]),
      save: vi.fn(async (m) => Mapping.parse(m)),
      remove: vi.fn(async () => undefined),
      fields: vi.fn(async () => []),
      credentials: vi.fn(async () => []),
      setCredential: vi.fn(async () => []),
      policyStatus: vi.fn(async () => status),
    } satisfies MappingsApi;
  }
  const rowOf = (root: HTMLElement, id: string) =>
    root.querySelector(`li[data-id="${id}"]`) as HTMLElement;
  const controls = (li: HTMLElement) =>
    [...li.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')].map(
      (c) => c.disabled,
    );

  it('lists a managed mapping with the badge and without working switch, edit or delete', async () => {
    const root = await mount(
      <MappingsPanel api={api(managing(['account-tier']))} storage={null} />,
    );
    await flush();
    const managed = rowOf(root, 'account-tier');
    expect(managed.textContent).toContain(MANAGED_LABEL);
    expect(controls(managed)).toEqual([true, true, true]);
    const local = rowOf(root, 'order');
    expect(local.textContent).not.toContain(MANAGED_LABEL);
    expect(controls(local)).toEqual([false, false, false]);
  });
});
