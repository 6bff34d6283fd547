/**
 * The admin's promises (issue 4), in real Chromium with the built extension against the simulated
 * consoles: import fields from an open console tab, build a mapping from the catalog, the test bench
 * (which writes nothing), export → import, an invalid import refused, 5,000 mappings, and axe-core.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MappingInput } from '../../lib/mapping/schema';
import { simRequest } from '../sim/client';
import { SEED } from '../sim/seed';
import { needsReview, seriousViolations } from '../support/axe';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const K = SEED.kustomer;

const { stack, pages } = useStack();

beforeEach(async () => {
  await setMappings([]);
});

const file = (mappings: MappingInput[]) => ({
  format: 'handoff-fields/mappings',
  version: 1,
  mappings,
});
/** Makes the stored mappings exactly these, in one request (the import's replace). */
async function setMappings(mappings: MappingInput[]) {
  const result = await stack.browser.send<{ applied: boolean; errors?: string[] }>({
    type: 'mappings:import',
    file: file(mappings),
    mode: 'replace',
  });
  if (!result.applied) throw new Error(`seed refused: ${result.errors?.join('\n')}`);
}
const storedMappings = () => stack.browser.send<MappingInput[]>({ type: 'mappings:list' });

async function options(section = 'mappings') {
  const page = await stack.browser.openExtensionPage(`options.html#${section}`);
  pages.push(page);
  return page;
}

async function importSalesforceFields(page: Page) {
  await page.getByRole('button', { name: 'Import fields from Salesforce' }).click();
  await expect
    .poll(() => textNow(page.locator('[data-platform="salesforce"] .card__outcome')), {
      timeout: 15_000,
    })
    .toMatch(/Imported from acme: Case \(\d+ fields\) and MessagingSession \(\d+ fields\)/);
}

describe('field catalogs', () => {
  it('imports the Salesforce fields from the open console tab and offers them in the target picker', async () => {
    const page = await options('catalogs');
    // No console open yet: the admin is told what to do.
    await page.getByRole('button', { name: 'Import fields from Salesforce' }).click();
    await expect
      .poll(() => textNow(page.getByRole('alert')))
      .toContain('No Salesforce console tab is open: open the Service Console in this browser');

    pages.push(await stack.openConsole(recordPath('Case', acme.cases[0].id)));
    await importSalesforceFields(page);
    const describes = (await stack.control.requests({ org: acme.org, method: 'GET' })).map(
      (r) => r.path,
    );
    expect(describes.some((p) => p.endsWith('/sobjects/Case/describe'))).toBe(true);
    expect(describes.some((p) => p.endsWith('/sobjects/MessagingSession/describe'))).toBe(true);
    const row = page.locator('tr[data-catalog="salesforce:acme:Case"]');
    await expect.poll(() => textNow(row)).toMatch(/Salesforce\s+acme\s+Case\s+\d+/);
    await expect.poll(() => row.locator('time').count()).toBe(1);

    // The catalog is used: the target picker offers the field by label, with its API name and type.
    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.getByRole('button', { name: 'New mapping' }).click();
    const target = page.getByRole('combobox', { name: /Target field/ });
    await target.fill('tier');
    const option = page.getByRole('option', { name: /Account Tier/ });
    await expect
      .poll(() => textNow(option))
      .toMatch(/Account Tier[\s\S]*Account_Tier__c[\s\S]*picklist/);
  });

  it('imports the Kustomer attributes from the open desktop tab', async () => {
    await stack.control.kustomerSetSession(K.acme.org, 'normal');
    pages.push(await stack.openDesktop(`/app/conversations/${K.ids.conversation1}`));
    const page = await options('catalogs');
    await page.getByRole('button', { name: 'Import fields from Kustomer' }).click();
    await expect
      .poll(() => textNow(page.locator('[data-platform="kustomer"] .card__outcome')), {
        timeout: 15_000,
      })
      .toMatch(/Imported from acme: conversation \(\d+ fields\) and customer \(\d+ fields\)/);
    await expect
      .poll(() => page.locator('tr[data-catalog="kustomer:acme:conversation"]').count())
      .toBe(1);

    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.getByRole('button', { name: 'New mapping' }).click();
    await page.getByRole('radio', { name: /Kustomer.*Conversation/ }).check();
    await page.getByRole('combobox', { name: /Target attribute/ }).fill('contact reason');
    await expect
      .poll(() => textNow(page.getByRole('option', { name: /Contact Reason/ })))
      .toMatch(/Contact Reason[\s\S]*contactReasonTree[\s\S]*Tree/);
  });

  it('stores a pasted describe when no console is open, and names a wrong paste', async () => {
    const session = await stack.control.getSession('globex');
    const describe = await simRequest(stack.sim.origin, {
      path: '/services/data/v62.0/sobjects/Case/describe',
      host: 'globex.my.salesforce.com',
      headers: { Authorization: `Bearer ${session.apiSid}` },
    });
    expect(describe.status).toBe(200);
    const page = await options('catalogs');
    await page.getByLabel('Org', { exact: true }).fill('globex');
    const json = page.getByLabel('Describe or metadata response (JSON)');
    await json.fill('{"sobjects": []}');
    await page.getByRole('button', { name: 'Store the fields' }).click();
    await expect
      .poll(() => textNow(page.locator('.paste .form-error')))
      .toContain("This is Salesforce's list of objects (the global describe)");
    await json.fill(describe.text);
    await page.getByRole('button', { name: 'Store the fields' }).click();
    await expect
      .poll(() => textNow(page.locator('.paste .notice')))
      .toMatch(/Stored the Salesforce Case fields of globex \(\d+ fields\)/);
    await expect
      .poll(() => page.locator('tr[data-catalog="salesforce:globex:Case"]').count())
      .toBe(1);
  });
});

describe('the mapping editor', () => {
  it('builds a mapping whose value map starts from the picklist values, checked against the catalog', async () => {
    pages.push(await stack.openConsole(recordPath('Case', acme.cases[0].id)));
    const page = await options('catalogs');
    await importSalesforceFields(page);
    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.getByRole('button', { name: 'New mapping' }).click();

    // Keyboard only: type, arrow to the option, Enter chooses it.
    const target = page.getByRole('combobox', { name: /Target field/ });
    await target.fill('Account Ti');
    await target.press('ArrowDown');
    await target.press('Enter');
    expect(await target.inputValue()).toBe('Account_Tier__c');
    const editor = page.getByRole('region', { name: 'Mapping editor' });
    await expect
      .poll(() => textNow(editor.locator('.form-hint').first()))
      .toMatch(/Account Tier · picklist/);
    // Pre-filled from the active picklist values; the inactive one is flagged, not offered.
    const rows = editor.locator('table.value-map tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await editor.getByLabel('Bot value, row 1').inputValue()).toBe('Basic');
    expect(await editor.getByLabel('Salesforce value, row 2').inputValue()).toBe('tier_premium');
    expect(await textNow(editor.locator('[data-flag="inactive"]'))).toContain(
      'Legacy (tier_legacy)',
    );

    await editor.getByLabel('Context keys').fill('Account Tier, tier');
    await editor.getByLabel('Salesforce value, row 3').fill('tier_gold');
    await editor.getByLabel('Trim spaces at both ends').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    // The restricted picklist has no tier_gold: refused next to the input, nothing saved.
    const gold = editor.getByLabel('Salesforce value, row 3');
    await expect.poll(() => gold.getAttribute('aria-invalid')).toBe('true');
    expect(await textNow(editor.locator('table.value-map tbody tr').nth(2))).toMatch(/tier_gold/);
    expect(await storedMappings()).toEqual([]);

    await gold.fill('tier_enterprise');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => textNow(page.locator('.live'))).toContain('Saved.');
    const saved = await storedMappings();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      platform: 'salesforce',
      object: 'Case',
      field: 'Account_Tier__c',
      sources: ['Account Tier', 'tier'],
      transforms: ['trim'],
      valueMap: [
        { from: 'Basic', to: 'tier_basic' },
        { from: 'Premium', to: 'tier_premium' },
        { from: 'Enterprise', to: 'tier_enterprise' },
      ],
    });
    // The editor closed and focus went back to the saved row.
    const row = page.locator(`tr[data-id="${saved[0]?.id}"]`);
    await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('is operated with the keyboard: Enter opens a row, Escape closes and focus returns', async () => {
    await setMappings(exampleMappings);
    const page = await options();
    const first = page.locator('tr.grid__row').first();
    await first.waitFor();
    await page.getByLabel('Filter by label, API name or context key').focus();
    // Tab order after the filter: the toolbar's buttons, then the table's one row in the tab order.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      if (await first.evaluate((el) => el === document.activeElement)) break;
    }
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    const second = page.locator('tr.grid__row').nth(1);
    expect(await second.evaluate((el) => el === document.activeElement)).toBe(true);
    const id = await second.getAttribute('data-id');
    await page.keyboard.press('Enter');
    const editor = page.getByRole('region', { name: 'Mapping editor' });
    await editor.waitFor();
    // The form takes the focus on its first input.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('combobox');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id')))
      .toBe(id);
  });

  it('deletes a mapping only after confirmation', async () => {
    await setMappings(exampleMappings);
    const page = await options();
    await page.locator('tr[data-id="vip"]').click();
    const editor = page.getByRole('region', { name: 'Mapping editor' });
    await editor.getByRole('button', { name: 'Delete mapping' }).click();
    // Named by the field's label once a Case catalog is imported (an earlier test may have), by
    // its API name before.
    const question = editor.getByRole('group', { name: /Delete the mapping for VIP(__c)?\?/ });
    // The safe answer has the focus.
    await expect
      .poll(() =>
        question
          .getByRole('button', { name: 'Cancel' })
          .evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await page.keyboard.press('Enter');
    expect((await storedMappings()).map((m) => m.id)).toContain('vip');
    await editor.getByRole('button', { name: 'Delete mapping' }).click();
    await question.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(async () => (await storedMappings()).map((m) => m.id)).not.toContain('vip');
    await expect.poll(() => page.locator('tr[data-id="vip"]').count()).toBe(0);
  });
});

describe('the test bench', () => {
  /**
   * The bench with the example mappings and the Case fields imported from an open console; `before`
   * is how many requests the sim had seen, so a test can show the bench sent none.
   */
  async function benchWithSalesforceFields() {
    await setMappings(exampleMappings);
    pages.push(await stack.openConsole(recordPath('Case', acme.cases[0].id)));
    const page = await options('catalogs');
    await importSalesforceFields(page);
    const before = (await stack.control.requests({ org: acme.org })).length;
    await page.getByRole('link', { name: 'Test bench' }).click();
    return { page, before };
  }

  it('shows the plan per field and writes nothing', async () => {
    const { page, before } = await benchWithSalesforceFields();
    await page.getByLabel('Bot message or context').fill(
      keyValueHandoff({
        'Account Tier': 'Premium',
        'Account Number': 'AC-20931',
        Priority: 'urgent',
        VIP: 'yes',
        'Refund Amount': 'lots',
      }),
    );
    await page
      .getByLabel('Current values of the record (optional JSON)')
      .fill('{"Priority": "High"}');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    const summary = page.getByTestId('plan-summary');
    await expect.poll(() => textNow(summary)).toMatch(/would be written.*Nothing was written/);
    const fieldRow = (field: string) => page.locator(`.plan__fields tr[data-field="${field}"]`);
    expect(await textNow(fieldRow('Account_Tier__c'))).toMatch(
      /Account Tier[\s\S]*Premium[\s\S]*tier_premium[\s\S]*tier_premium[\s\S]*Write/,
    );
    expect(await textNow(fieldRow('Priority'))).toMatch(
      /urgent[\s\S]*High[\s\S]*Skip[\s\S]*already this value/,
    );
    expect(await textNow(fieldRow('VIP__c'))).toMatch(/yes[\s\S]*true[\s\S]*Write/);
    expect(await textNow(fieldRow('Refund_Amount__c'))).toMatch(/lots[\s\S]*Refuse/);

    // The same context typed by the customer: nothing would be written, and the bench says why.
    await page.getByLabel('Posted by').selectOption('customer');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await expect.poll(() => textNow(page.getByTestId('plan-error'))).toMatch(/customer/);

    // Nothing was written: the sim saw no PATCH or PUT, and no request at all from the bench.
    expect(await stack.control.requests({ method: 'PATCH' })).toEqual([]);
    expect(await stack.control.requests({ method: 'PUT', platform: 'kustomer' })).toEqual([]);
    expect((await stack.control.requests({ org: acme.org })).length).toBe(before);
  });

  it('plans a Kustomer context over the conversation and the customer', async () => {
    await setMappings(kustomerExampleMappings);
    const page = await options('bench');
    await page.getByRole('radio', { name: /Kustomer/ }).check();
    await page
      .getByLabel('Bot message or context')
      .fill(keyValueHandoff({ 'Account Number': 'AC-1', 'Loyalty Tier': 'Gold' }));
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await expect
      .poll(() => textNow(page.locator('.plan__fields tr[data-field="accountNumberStr"]')))
      .toMatch(/AC-1/);
    expect(await textNow(page.locator('.plan__fields tr[data-field="loyaltyTierStr"]'))).toMatch(
      /customer[\s\S]*Gold/,
    );
  });

  it('reads a pasted conversation as the extension would: an echo refused, an answer written, nothing written', async () => {
    const { page, before } = await benchWithSalesforceFields();
    await page.getByRole('radio', { name: 'Conversation', exact: true }).check();
    const message = (n: number) => page.getByRole('group', { name: `Message ${n}`, exact: true });
    const handoff = (index: number) =>
      page.locator(`.bench__result .plan[data-message="${index}"]`);
    const summary = page.getByTestId('conversation-summary');

    // The customer typed "VIP: yes", and the bot's context repeats it: refused as an echo.
    await message(1).getByLabel('Posted by').selectOption('customer');
    await message(1).getByLabel('Text').fill('Hi, my router is broken\nVIP: yes');
    await message(2).getByLabel('Posted by').selectOption('bot');
    await message(2)
      .getByLabel('Text')
      .fill(keyValueHandoff({ 'Account Tier': 'Premium', VIP: 'yes' }));
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await expect
      .poll(() => textNow(summary))
      .toBe(
        '1 of 2 messages holds a handoff context: 0 would be used, 1 refused. Nothing was written: this is a preview.',
      );
    expect(await textNow(handoff(1).getByRole('heading'))).toBe('Message 2 (bot)');
    expect(await textNow(handoff(1).getByTestId('plan-error'))).toMatch(
      /repeats what the customer wrote earlier in this conversation \(the line 'VIP'\)/,
    );
    expect(await handoff(1).locator('.plan__fields').count()).toBe(0);

    // The bot asked, the customer answered only the value, the bot's context carries it: written.
    await message(1).getByLabel('Posted by').selectOption('bot');
    await message(1).getByLabel('Text').fill('What is your account number?');
    await message(2).getByLabel('Posted by').selectOption('customer');
    await message(2).getByLabel('Text').fill('AC-20931');
    await page.getByRole('button', { name: 'Add message' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.insertText(keyValueHandoff({ 'Account Number': 'AC-20931' }));
    expect(await message(3).getByLabel('Posted by').inputValue()).toBe('bot');
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await expect
      .poll(() => textNow(summary))
      .toBe(
        '1 of 3 messages holds a handoff context: 1 would be used, 0 refused. Nothing was written: this is a preview.',
      );
    expect(await textNow(handoff(2).getByRole('heading'))).toBe('Message 3 (bot)');
    expect(await textNow(handoff(2).locator('tr[data-field="Account_Number__c"]'))).toMatch(
      /AC-20931[\s\S]*AC-20931[\s\S]*Write/,
    );
    expect(await handoff(2).getByTestId('plan-error').count()).toBe(0);
    expect(await seriousViolations(page, 'options: test bench with a conversation')).toEqual([]);

    // Nothing was written: the sim saw no PATCH or PUT, and no request at all from the bench.
    expect(await stack.control.requests({ method: 'PATCH' })).toEqual([]);
    expect(await stack.control.requests({ method: 'PUT', platform: 'kustomer' })).toEqual([]);
    expect((await stack.control.requests({ org: acme.org })).length).toBe(before);
  });
});

describe('import and export', () => {
  it('exports the mappings, and importing the export changes nothing', async () => {
    await setMappings([...exampleMappings, ...kustomerExampleMappings]);
    const before = await storedMappings();
    const page = await options();
    await page.locator('tr.grid__row').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('handoff-fields-mappings.json');
    const text = await readFile(await download.path(), 'utf8');
    const exported = JSON.parse(text);
    expect(exported).toMatchObject({ format: 'handoff-fields/mappings', version: 1 });
    expect(exported.mappings).toHaveLength(before.length);

    for (const mode of ['Merge', 'Replace'] as const) {
      await page.getByTestId('import-file').setInputFiles({
        name: 'handoff-fields-mappings.json',
        mimeType: 'application/json',
        buffer: Buffer.from(text),
      });
      const panel = page.locator('section.import');
      await expect.poll(() => textNow(panel)).toContain(`Import ${before.length} mappings`);
      expect(await textNow(panel.locator('[data-mode="merge"]'))).toBe(
        `0 added, 0 updated, 0 removed, ${before.length} unchanged`,
      );
      await panel.getByRole('radio', { name: new RegExp(`^${mode}`) }).check();
      await panel.getByRole('button', { name: new RegExp(`^${mode}`) }).click();
      await expect
        .poll(() => textNow(panel.locator('.import__result')))
        .toBe(`0 added, 0 updated, 0 removed, ${before.length} unchanged.`);
      await panel.getByRole('button', { name: 'Close' }).click();
      expect(await storedMappings()).toEqual(before);
    }
  });

  it('refuses an invalid file with path-named errors and changes nothing', async () => {
    await setMappings(exampleMappings);
    const before = await storedMappings();
    const page = await options();
    await page.locator('tr.grid__row').first().waitFor();
    const bad = file([
      { id: 'a', platform: 'salesforce', object: 'Case', field: 'A__c', sources: ['A'] },
      {
        id: 'b',
        platform: 'salesforce',
        object: 'Case',
        field: 'B__c',
        sources: ['B'],
        valueMap: [{ from: 'x' } as { from: string; to: string }],
        polcy: 'overwrite',
      } as MappingInput,
    ]);
    await page.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const alert = page.locator('section.import [role="alert"]');
    await expect.poll(() => textNow(alert)).toContain('mappings[1].valueMap[0].to');
    expect(await textNow(alert)).toContain('mappings[1].polcy');
    expect(await textNow(page.locator('section.import h3'))).toBe(
      'broken.json was not imported: nothing changed',
    );
    expect(await storedMappings()).toEqual(before);

    // The background checks again: a file sent to it directly is refused the same way.
    const direct = await stack.browser.send<{ applied: boolean; errors: string[] }>({
      type: 'mappings:import',
      file: bad,
      mode: 'replace',
    });
    expect(direct.applied).toBe(false);
    expect(direct.errors.join('\n')).toContain('mappings[1].valueMap[0].to');
    expect(await storedMappings()).toEqual(before);
  });
});

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violation on the options page and the popup', async () => {
    await setMappings(exampleMappings);
    pages.push(await stack.openConsole(recordPath('Case', acme.cases[0].id)));
    const page = await options('catalogs');
    await importSalesforceFields(page);
    expect(await seriousViolations(page, 'options: field catalogs')).toEqual([]);

    await page.getByRole('link', { name: 'Mappings' }).click();
    await page.locator('tr.grid__row').first().waitFor();
    expect(await seriousViolations(page, 'options: mappings')).toEqual([]);
    await page.locator('tr[data-id="account-tier"]').click();
    await page.getByRole('region', { name: 'Mapping editor' }).waitFor();
    await page.getByRole('combobox', { name: /Target field/ }).fill('tier');
    expect(await seriousViolations(page, 'options: editor with the field list open')).toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Test bench' }).click();
    await page
      .getByLabel('Bot message or context')
      .fill(keyValueHandoff({ 'Account Tier': 'Premium' }));
    await page.getByRole('button', { name: 'Show the plan' }).click();
    await page.getByTestId('plan-summary').waitFor();
    expect(await seriousViolations(page, 'options: test bench with a plan')).toEqual([]);

    const popup = await stack.browser.openExtensionPage('popup.html');
    pages.push(popup);
    await popup.locator('li[data-id]').first().waitFor();
    expect(await seriousViolations(popup, 'popup: list')).toEqual([]);
    await popup.getByRole('button', { name: /Edit Account Tier/ }).click();
    expect(await seriousViolations(popup, 'popup: form')).toEqual([]);
    // What axe could not decide by itself, for the report (checked by hand, see README).
    console.log(
      `[admin] axe-core needs review:\n${[...needsReview].map(([k, v]) => `  ${k} — ${v}`).join('\n') || '  nothing'}`,
    );
  });

  it('opens the full editor from the popup', async () => {
    const popup = await stack.browser.openExtensionPage('popup.html');
    pages.push(popup);
    const [opened] = await Promise.all([
      stack.browser.context.waitForEvent('page'),
      popup.getByRole('link', { name: 'Open full editor' }).click(),
    ]);
    pages.push(opened);
    await opened.waitForLoadState();
    expect(opened.url()).toContain('/options.html');
  });
});
