/**
 * The options page when the code for mappings files cannot be loaded (the extension was updated
 * under the open page): import and export say so, and nothing is sent or saved.
 */
import { describe, expect, it, vi } from 'vitest';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { button, click, flush, mount } from './dom';
import { caseMapping, fakeOptionsApi } from './options-fakes';

vi.mock('../../../components/options/import-flow', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

const a = caseMapping('a', 'A__c', 'A');

describe('mappings files whose code cannot be loaded', () => {
  it('says to reload the page, and neither exports nor imports anything', async () => {
    const fake = fakeOptionsApi([a]);
    const saved = vi.fn();
    const root = await mount(<OptionsApp api={fake.api} initialSection="mappings" save={saved} />);
    const banner = () => root.querySelector('[role="alert"]')?.textContent ?? '';

    await click(button(root, 'Export'));
    await flush();
    expect(banner()).toContain('Nothing was imported or exported.');
    expect(banner()).toContain('reload the page and try again');
    expect(saved).not.toHaveBeenCalled();

    const input = root.querySelector<HTMLInputElement>('input[type="file"]') as HTMLInputElement;
    const file = new File(
      [JSON.stringify({ format: 'handoff-fields/mappings', version: 1, mappings: [] })],
      'm.json',
    );
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    expect(banner()).toContain('could not load the code for mappings files');
    expect(fake.api.importFile).not.toHaveBeenCalled();
  });
});
