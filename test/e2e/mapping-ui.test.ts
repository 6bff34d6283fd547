/**
 * Mapping without surprises (issue "A team can run it"), in real Chromium with the built extension:
 * the popup by keyboard (a new row takes the focus, a removed one hands it on, Save lands on the
 * saved mapping, Escape goes back), a target typo caught in the editor with the field it probably
 * means, and the test bench clearing its plan on an input error.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MappingInput } from '../../lib/mapping/schema';
import { SEED } from '../sim/seed';
import { seriousViolations } from '../support/axe';
import { keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const { stack, pages } = useStack();

beforeEach(async () => {
  await setMappings([]);
});

/** Makes the stored mappings exactly these (the import's replace). */
async function setMappings(mappings: MappingInput[]) {
  const result = await stack.browser.send<{ applied: boolean; errors?: string[] }>({
    type: 'mappings:import',
    file: { format: 'handoff-fields/mappings', version: 1, mappings },
    mode: 'replace',
  });
  if (!result.applied) throw new Error(`seed refused: ${result.errors?.join('\n')}`);
}
const storedMappings = () => stack.browser.send<MappingInput[]>({ type: 'mappings:list' });

async function open(path: string) {
  const page = await stack.browser.openExtensionPage(path);
  pages.push(page);
  return page;
}

/** What has the focus: its accessible label or text, and the mapping row it sits in. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      row: el?.closest('li[data-id]')?.getAttribute('data-id') ?? null,
    };
  });

describe('the popup by keyboard', () => {
  it('focuses new rows, hands the focus on after a remove, lands on the saved mapping, and goes back on Escape', async () => {
    await setMappings([
      {
        id: 'order-id__c',
        platform: 'salesforce',
        object: 'Case',
        field: 'Order_Id__c',
        sources: ['Order Id'],
      },
    ]);
    const popup = await open('popup.html');
    await popup.locator('li[data-id="order-id__c"]').waitFor();

    await popup.getByRole('button', { name: 'New mapping' }).press('Enter');
    const form = popup.locator('form.mapping-form');
    await form.waitFor();
    // The form opens on its first input, the target.
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('combobox');
    await popup.keyboard.type('Account_Number__c');

    const addRow = form.getByRole('button', { name: 'Add row' });
    await addRow.press('Enter');
    await expect.poll(async () => (await focus(popup)).label).toBe('Bot value, row 1');
    await popup.keyboard.type('first');
    await addRow.press('Enter');
    await expect.poll(async () => (await focus(popup)).label).toBe('Bot value, row 2');
    await popup.keyboard.type('second');

    // Row 1 goes: the row after it (now row 1) takes the focus; then the last goes: Add row.
    await form.getByRole('button', { name: 'Remove row 1' }).press('Enter');
    await expect.poll(async () => (await focus(popup)).label).toBe('Bot value, row 1');
    expect(await form.getByLabel('Bot value, row 1').inputValue()).toBe('second');
    await form.getByRole('button', { name: 'Remove row 1' }).press('Enter');
    await expect.poll(async () => (await focus(popup)).label).toBe('Add row');

    await form.getByLabel('Context keys').fill('Account Number');
    expect(await seriousViolations(popup, 'popup: mapping form')).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).press('Enter');
    await expect.poll(() => form.count()).toBe(0);
    // Saved: the focus is on the saved mapping, in the list.
    await expect.poll(async () => (await focus(popup)).row).toBe('account-number__c');
    expect((await focus(popup)).label).toMatch(/^Edit /);
    expect((await storedMappings()).map((m) => m.field).sort()).toEqual([
      'Account_Number__c',
      'Order_Id__c',
    ]);

    // Escape cancels: the focus goes back to where the form was opened from.
    await popup.locator('li[data-id="order-id__c"] button[data-action="edit"]').press('Enter');
    await form.waitFor();
    await form.getByLabel('Context keys').press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    // The focus moves once the list is back (a render after the form closed): wait for it.
    await expect.poll(async () => (await focus(popup)).row).toBe('order-id__c');
    expect((await focus(popup)).label).toMatch(/^Edit /);

    await popup.getByRole('button', { name: 'New mapping' }).press('Enter');
    await form.waitFor();
    // The form takes the focus once it is drawn (it loads on demand): Escape is pressed in it.
    await expect
      .poll(() => popup.evaluate(() => Boolean(document.activeElement?.closest('form'))))
      .toBe(true);
    await popup.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    await expect.poll(async () => (await focus(popup)).label).toBe('New mapping');
  });
});

describe('the mapping editor', () => {
  it('catches a target typo with the field it probably means, against the imported Case catalog', async () => {
    pages.push(await stack.openConsole(recordPath('Case', SEED.acme.cases[0].id)));
    const page = await open('options.html#catalogs');
    await page.getByRole('button', { name: 'Import fields from Salesforce' }).click();
    await expect
      .poll(() => textNow(page.locator('[data-platform="salesforce"] .card__outcome')), {
        timeout: 15_000,
      })
      .toMatch(/Imported from acme: Case \(\d+ fields\)/);

    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.getByRole('button', { name: 'New mapping' }).click();
    const editor = page.getByRole('region', { name: 'Mapping editor' });
    const target = editor.getByRole('combobox', { name: /Target field/ });
    await target.fill('VIPP__c');
    const words =
      'Not a field of Case in the acme catalog: it would be refused on every handoff. Did you mean VIP (VIP__c)?';
    // As typed, the hint tells the truth.
    await expect.poll(() => textNow(editor.locator('.combo .form-hint'))).toBe(words);

    await editor.getByLabel('Context keys').fill('VIP');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => target.getAttribute('aria-invalid')).toBe('true');
    expect(await textNow(editor.locator('.combo .form-error'))).toBe(words);
    expect(await storedMappings()).toEqual([]);
    expect(await seriousViolations(page, 'options: editor with a target typo')).toEqual([]);

    // Taking the suggestion saves it.
    await target.fill('VIP__c');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await storedMappings()).map((m) => m.field)).toEqual(['VIP__c']);
  });
});

describe('the test bench', () => {
  it('clears its plan on invalid current values and shows the error next to them', async () => {
    const page = await open('options.html#bench');
    await page
      .getByLabel('Bot message or context')
      .fill(keyValueHandoff({ 'Account Tier': 'Premium' }));
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await page.getByTestId('plan-summary').waitFor();

    const current = page.getByLabel('Current values of the record (optional JSON)');
    await current.fill('{\n  "Account_Tier__c": "tier_basic",\n}');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    const error = current.locator('xpath=..').locator('.form-error');
    expect(await textNow(error)).toMatch(
      /^Current values: not valid JSON at line 3, column 1\. Write an object/,
    );
    // The plan area is empty: no plan of other inputs, no "Trust: refused".
    await expect.poll(() => page.getByTestId('plan-summary').count()).toBe(0);
    expect((await textNow(page.locator('.bench__result'))).trim()).toBe('');
    // The keyboard is taken to the input to fix.
    expect(await current.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await seriousViolations(page, 'options: bench with an input error')).toEqual([]);
  });
});
