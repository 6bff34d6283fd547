import { describe, expect, it } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { orgFromConsoleUrl, orgsFromUrls } from '../../../lib/platforms/console-tabs';
import { button, byLabel, click, description, mount, type } from './dom';
import { fakeOptionsApi } from './options-fakes';

async function catalogs(tabs: Parameters<typeof fakeOptionsApi>[2] = {}) {
  const fake = fakeOptionsApi([], undefined, tabs);
  const root = await mount(<OptionsApp api={fake.api} initialSection="catalogs" />);
  return { ...fake, root };
}
const card = (root: HTMLElement, platform: string) =>
  root.querySelector(`[data-platform="${platform}"]`) as HTMLElement;

describe('field catalogs on the options page', () => {
  it('lists the stored catalogs with when each was imported', async () => {
    const { root } = await catalogs();
    const row = root.querySelector('tr[data-catalog="salesforce:acme:Case"]');
    expect(row?.textContent).toContain('Salesforce');
    expect(row?.textContent).toContain('acme');
    expect(row?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-21T09:30:00.000Z');
    expect(row?.querySelector('button')?.getAttribute('aria-label')).toBe(
      'Refresh the Salesforce fields of acme',
    );
  });

  it('says what to do when no console tab is open', async () => {
    const { api, root } = await catalogs();
    await click(button(root, 'Import fields from Salesforce'));
    expect(api.consoleTabs).toHaveBeenCalledWith('salesforce');
    expect(api.importCatalog).not.toHaveBeenCalled();
    expect(card(root, 'salesforce').querySelector('[role="alert"]')?.textContent).toBe(
      'No Salesforce console tab is open: open the Service Console in this browser (signed in), then press Import fields again — or paste a describe below.',
    );
    await click(button(root, 'Import fields from Kustomer'));
    expect(card(root, 'kustomer').textContent).toContain('No Kustomer tab is open');
  });

  it('imports from the one org open, and asks which when several are', async () => {
    const { api, root } = await catalogs({
      salesforce: ['https://acme.lightning.force.com/lightning/r/Case/5005g00000HfCa1AAF/view'],
      kustomer: [
        'https://acme.kustomerapp.com/app/conversations/6650f00dc3d4e5f60123aa01',
        'https://initech.kustomerapp.com/app/customers',
        'https://acme.kustomerapp.com/app/search',
      ],
    });
    await click(button(root, 'Import fields from Salesforce'));
    expect(api.importCatalog).toHaveBeenCalledWith('salesforce', 'acme');
    expect(card(root, 'salesforce').textContent).toContain('Imported from acme: Case (4 fields).');

    await click(button(root, 'Import fields from Kustomer'));
    expect(api.importCatalog).toHaveBeenCalledTimes(1);
    const choices = card(root, 'kustomer').querySelector('fieldset') as HTMLElement;
    expect(choices.querySelector('legend')?.textContent).toBe(
      'Several Kustomer orgs are open: import from',
    );
    await click(button(choices, 'initech'));
    expect(api.importCatalog).toHaveBeenLastCalledWith('kustomer', 'initech');
    expect(root.querySelector('tr[data-catalog="kustomer:initech:Case"]')).not.toBeNull();
  });

  it('shows the background’s refusal with what to do', async () => {
    const { api, root } = await catalogs({
      salesforce: ['https://acme.lightning.force.com/lightning/page/home'],
    });
    api.importCatalog.mockRejectedValueOnce(
      new Error(
        'No Salesforce session was found for acme.my.salesforce.com. Sign in to Salesforce in this browser.',
      ),
    );
    await click(button(root, 'Import fields from Salesforce'));
    expect(card(root, 'salesforce').querySelector('[role="alert"]')?.textContent).toBe(
      'Nothing imported from acme. No Salesforce session was found for acme.my.salesforce.com. Sign in to Salesforce in this browser.',
    );
  });

  it('stores a pasted response with its org, and places the problems next to the inputs', async () => {
    const { api, root } = await catalogs();
    await click(button(root, 'Store the fields'));
    const org = byLabel(root, 'Org');
    const json = byLabel(root, 'Describe or metadata response (JSON)');
    expect(org.getAttribute('aria-invalid')).toBe('true');
    expect(json.getAttribute('aria-invalid')).toBe('true');
    expect(api.pasteCatalog).not.toHaveBeenCalled();

    await type(org, 'globex');
    await type(json, '{"name": "Case", ');
    await click(button(root, 'Store the fields'));
    expect(description(root, json)).toContain('This is not JSON');

    await type(json, '{"something": "else"}');
    await click(button(root, 'Store the fields'));
    expect(api.pasteCatalog).toHaveBeenCalledWith('globex', { something: 'else' });
    expect(description(root, json)).toContain('Expected a Salesforce describe response');

    await type(json, '{"name": "Case", "fields": []}');
    await click(button(root, 'Store the fields'));
    expect(root.querySelector('.paste .notice')?.textContent).toBe(
      'Stored the Salesforce Case fields of globex (4 fields).',
    );
    expect(root.querySelector('tr[data-catalog="salesforce:globex:Case"]')).not.toBeNull();
  });
});

describe('console tab addresses', () => {
  it('names the org of a Lightning or Kustomer desktop address, and nothing else', () => {
    expect(
      orgFromConsoleUrl('salesforce', 'https://acme.lightning.force.com/lightning/page/home'),
    ).toBe('acme');
    expect(
      orgFromConsoleUrl(
        'salesforce',
        'https://acme--uat.sandbox.lightning.force.com/lightning/r/Case/x/view',
      ),
    ).toBe('acme--uat.sandbox');
    expect(orgFromConsoleUrl('salesforce', 'https://acme.my.salesforce.com/')).toBeNull();
    expect(orgFromConsoleUrl('salesforce', 'http://acme.lightning.force.com/')).toBeNull();
    expect(orgFromConsoleUrl('kustomer', 'https://acme.kustomerapp.com/app/customers')).toBe(
      'acme',
    );
    expect(orgFromConsoleUrl('kustomer', 'https://acme.api.kustomerapp.com/app/x')).toBeNull();
    expect(orgFromConsoleUrl('kustomer', 'https://acme.kustomerapp.com/login')).toBeNull();
    expect(orgFromConsoleUrl('kustomer', 'not a url')).toBeNull();
    expect(
      orgsFromUrls('salesforce', [
        'https://acme.lightning.force.com/a',
        'https://globex.lightning.force.com/b',
        'https://acme.lightning.force.com/c',
      ]),
    ).toEqual(['acme', 'globex']);
  });
});
