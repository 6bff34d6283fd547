import { describe, expect, it, vi } from 'vitest';
import { readImport } from '../../../components/options/import-flow';
import { summaryText } from '../../../components/options/import-state';
import { OptionsApp } from '../../../components/options/OptionsApp';
import { button, click, flush, mount } from './dom';
import { caseMapping, fakeOptionsApi } from './options-fakes';

const a = caseMapping('a', 'A__c', 'A');
const b = caseMapping('b', 'B__c', 'B');
const fileOf = (mappings: unknown[]) =>
  JSON.stringify({ format: 'handoff-fields/mappings', version: 1, mappings });

/** Picks a file in the hidden input, as the browser does after the file dialog. */
async function pick(root: HTMLElement, name: string, text: string) {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await flush();
  await flush();
}

async function page(mappings = [a, b]) {
  const fake = fakeOptionsApi(mappings);
  const saved = vi.fn();
  const root = await mount(<OptionsApp api={fake.api} initialSection="mappings" save={saved} />);
  return { ...fake, root, saved };
}

describe('import and export on the options page', () => {
  it('exports every mapping as handoff-fields-mappings.json', async () => {
    const { root, saved } = await page();
    await click(button(root, 'Export'));
    expect(saved).toHaveBeenCalledTimes(1);
    const [name, text] = saved.mock.calls[0] as [string, string];
    expect(name).toBe('handoff-fields-mappings.json');
    expect(JSON.parse(text)).toEqual({
      format: 'handoff-fields/mappings',
      version: 1,
      mappings: [
        { id: 'a', platform: 'salesforce', object: 'Case', field: 'A__c', sources: ['A'] },
        { id: 'b', platform: 'salesforce', object: 'Case', field: 'B__c', sources: ['B'] },
      ],
    });
    expect(root.querySelector('.banner')?.textContent).toContain(
      '2 mappings to handoff-fields-mappings.json',
    );
  });

  it('shows the path-named errors of an invalid file and changes nothing', async () => {
    const { api, root, stored } = await page();
    await pick(
      root,
      'broken.json',
      fileOf([
        { id: 'a', platform: 'salesforce', object: 'Case', field: 'A__c', sources: ['A'] },
        { id: 'c', platform: 'salesforce', object: 'Case', field: 'C__c', sources: [], polcy: 'x' },
      ]),
    );
    const panel = root.querySelector('section.import') as HTMLElement;
    expect(panel.querySelector('h3')?.textContent).toBe(
      'broken.json was not imported: nothing changed',
    );
    expect(document.activeElement).toBe(panel.querySelector('h3'));
    const lines = [...panel.querySelectorAll('.import__errors li')].map((li) => li.textContent);
    expect(lines.some((l) => l?.startsWith('mappings[1].sources (C__c):'))).toBe(true);
    expect(lines.some((l) => l?.startsWith('mappings[1].polcy (C__c): unknown key'))).toBe(true);
    expect(panel.querySelector('[role="alert"]')).not.toBeNull();
    expect(api.importFile).not.toHaveBeenCalled();
    expect(stored().map((m) => m.id)).toEqual(['a', 'b']);
    await click(button(panel, 'Close'));
    expect(root.querySelector('section.import')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Import…');
  });

  it('says what a file that is not JSON is, and where it stops being JSON', async () => {
    const { root } = await page();
    await pick(root, 'notes.txt', 'format: mappings');
    expect(root.querySelector('.import__errors')?.textContent).toContain('The file is not JSON');
    await pick(
      root,
      'broken.json',
      '{\n  "format": "handoff-fields/mappings",\n  "version": 1,,\n}',
    );
    expect(root.querySelector('.import__errors')?.textContent).toContain('(line 3, column 16)');
  });

  it('says a file that cannot be read could not be read, and changes nothing', async () => {
    const { root, api } = await page();
    const input = root.querySelector<HTMLInputElement>('input[type="file"]') as HTMLInputElement;
    const file = new File(['{}'], 'moved.json', { type: 'application/json' });
    // As Chromium does when the file was moved or deleted after it was chosen.
    Object.defineProperty(file, 'text', {
      value: () => Promise.reject(new Error('The requested file could not be read')),
    });
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await flush();
    await flush();
    expect(root.querySelector('.import')?.textContent).toContain(
      'The file could not be read (The requested file could not be read): choose it again.',
    );
    expect(api.importFile).not.toHaveBeenCalled();
  });

  it('asks Merge or Replace with what each changes, then applies the choice once', async () => {
    const { api, root, stored } = await page();
    const changedA = { ...a, sources: ['A', 'Alpha'] };
    const c = { id: 'c', platform: 'salesforce', object: 'Case', field: 'C__c', sources: ['C'] };
    await pick(root, 'mine.json', fileOf([changedA, c]));
    const panel = root.querySelector('section.import') as HTMLElement;
    expect(panel.querySelector('h3')?.textContent).toBe('Import 2 mappings from mine.json');
    expect(panel.querySelector('[data-mode="merge"]')?.textContent).toBe(
      '1 added, 1 updated, 0 removed, 1 unchanged',
    );
    expect(panel.querySelector('[data-mode="replace"]')?.textContent).toBe(
      '1 added, 1 updated, 1 removed, 0 unchanged',
    );
    const replace = panel.querySelector<HTMLInputElement>('input[value="replace"]');
    await click(replace);
    await click(button(panel, 'Replace my mappings'));
    expect(api.importFile).toHaveBeenCalledTimes(1);
    expect(api.importFile.mock.calls[0]?.[1]).toBe('replace');
    const done = root.querySelector('section.import') as HTMLElement;
    expect(done.querySelector('h3')?.textContent).toBe('mine.json imported (replace)');
    expect(done.querySelector('[role="status"]')?.textContent).toBe(
      '1 added, 1 updated, 1 removed, 0 unchanged.',
    );
    expect(stored().map((m) => m.id)).toEqual(['a', 'c']);
    // The table shows the result.
    expect(
      [...root.querySelectorAll<HTMLElement>('tr.grid__row')].map((r) => r.dataset.id).sort(),
    ).toEqual(['a', 'c']);
  });

  it('lists what the background saved with a warning, beside the summary and in the banner', async () => {
    const { api, root } = await page();
    await pick(root, 'ok.json', fileOf([a]));
    const warning =
      '1 mapping of Salesforce Case was not checked against its fields: there is no field catalog for Case yet; import its fields under Field catalogs';
    api.importFile.mockResolvedValueOnce({
      applied: true,
      summary: { added: 0, updated: 0, removed: 0, unchanged: 2 },
      warnings: [warning],
    });
    await click(
      button(root.querySelector('section.import') as HTMLElement, 'Merge into my mappings'),
    );
    const done = root.querySelector('section.import') as HTMLElement;
    expect(
      [...done.querySelectorAll('ul[aria-label="Import warnings"] li')].map((li) => li.textContent),
    ).toEqual([warning]);
    expect(done.textContent).toContain('Saved, with 1 warning');
    expect(root.querySelector('.banner')?.textContent).toContain('1 warning to check');
  });

  it('shows the background’s refusal as the file’s errors', async () => {
    const { api, root } = await page();
    await pick(root, 'ok.json', fileOf([a]));
    api.importFile.mockResolvedValueOnce({
      applied: false,
      errors: ['mappings[0].field: refused by the background'],
    });
    await click(
      button(root.querySelector('section.import') as HTMLElement, 'Merge into my mappings'),
    );
    expect(root.querySelector('.import__errors')?.textContent).toContain(
      'mappings[0].field: refused by the background',
    );
  });

  it('reads a file into its choice without the page', () => {
    const state = readImport('x.json', fileOf([a]), [a, b]);
    expect(state.step).toBe('choose');
    if (state.step !== 'choose') return;
    expect(summaryText(state.summaries.merge)).toBe('0 added, 0 updated, 0 removed, 2 unchanged');
    expect(summaryText(state.summaries.replace)).toBe('0 added, 0 updated, 1 removed, 1 unchanged');
    expect(readImport('x.json', '[]', []).step).toBe('invalid');
  });
});
