/**
 * Verify (issue 6), in real Chromium with the built extension against both simulated consoles:
 * the read-back after each write, and "Verify now" for a field changed on the platform after the
 * write, for a conversation filled by someone else, and for a handoff whose journal was redacted.
 * What the platform holds is set and read through the control API, never through the page.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../sim/seed';
import {
  exampleMappings,
  keyValueHandoff,
  kustomerExampleMappings,
} from '../support/example-mappings';
import { recordPath, textNow, widgetRow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1, case2, case3] = acme.cases;
const K = SEED.kustomer;
const { conversation1 } = K.ids;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.control.kustomerSetSession(K.acme.org, 'normal');
  await stack.saveSettings({});
  await stack.saveMappings([...exampleMappings, ...kustomerExampleMappings]);
});

async function openCase(id: string) {
  const page = await stack.openConsole(recordPath('Case', id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const verifyNow = (page: Page) =>
  page.locator('handoff-fields-widget').getByRole('button', { name: 'Verify now' }).click();
/** The read-back line of a field in the widget ("✓ verified", "≠ differs: the record has '…'"). */
const check = (page: Page, field: string) => textNow(widgetRow(page, field).locator('.hf-check'));
const sfRequests = async (method: string) =>
  (await stack.control.requests({ org: acme.org, method })).filter(
    (r) => r.platform !== 'kustomer',
  );

const sfHandoff = keyValueHandoff({
  'Account Number': 'AC-20931',
  'Account Tier': 'Premium',
  VIP: 'yes',
});

describe('Verify on the Salesforce console', () => {
  it('reads the fields back after the write, then finds one changed on the platform', async () => {
    const page = await openCase(case1.id);
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: sfHandoff,
    });
    await expect
      .poll(() => check(page, 'Account_Number__c'), { timeout: 10_000 })
      .toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'Account_Tier__c')).toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'VIP__c')).toMatch(/✓\s*verified/);
    const patchesAfterWrite = (await sfRequests('PATCH')).length;
    expect(patchesAfterWrite).toBe(1);

    // Someone changes a field on the platform after the write.
    await stack.control.putRecord(acme.org, 'Case', case1.id, {
      Account_Number__c: 'AC-CHANGED-LATER',
    });
    await verifyNow(page);
    await expect
      .poll(() => check(page, 'Account_Number__c'))
      .toBe("≠ differs: the record has 'AC-CHANGED-LATER'");
    expect(
      await widgetRow(page, 'Account_Number__c').locator('.hf-check').getAttribute('title'),
    ).toBe("The context says 'AC-20931'; the record has 'AC-CHANGED-LATER'");
    await expect.poll(() => check(page, 'Account_Tier__c')).toMatch(/✓\s*verified/);
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget .hf-summary')))
      .toMatch(/1 differs/);
    // Verify only reads.
    expect((await sfRequests('PATCH')).length).toBe(patchesAfterWrite);
    expect(
      (await stack.control.getRecord(acme.org, 'Case', case1.id)).values.Account_Number__c,
    ).toBe('AC-CHANGED-LATER');

    // Put back on the platform: verified again, and it stays so after a reload (the journal).
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Number__c: 'AC-20931' });
    await verifyNow(page);
    await expect.poll(() => check(page, 'Account_Number__c')).toMatch(/✓\s*verified/);
    await page.reload();
    await expect
      .poll(() => check(page, 'Account_Number__c'), { timeout: 10_000 })
      .toMatch(/✓\s*verified/);
  });

  it('verifies a Case someone else filled before this browser opened it', async () => {
    await stack.control.putRecord(acme.org, 'Case', case2.id, {
      Account_Number__c: 'AC-20931',
      Account_Tier__c: 'tier_basic',
      VIP__c: true,
    });
    await stack.control.postMessage({
      org: acme.org,
      recordId: case2.id,
      author: 'bot',
      text: sfHandoff,
    });
    const page = await openCase(case2.id);
    // Already there: nothing written, and the values are checked against the record.
    await expect
      .poll(() => check(page, 'Account_Number__c'), { timeout: 10_000 })
      .toMatch(/✓\s*verified/);
    // The tier someone else set differs from the context's (kept under fill-empty).
    await expect
      .poll(() => check(page, 'Account_Tier__c'))
      .toBe("≠ differs: the record has 'tier_basic'");
    expect((await sfRequests('PATCH')).length).toBe(0);
    await verifyNow(page);
    await expect.poll(() => check(page, 'VIP__c')).toMatch(/✓\s*verified/);
    expect((await sfRequests('PATCH')).length).toBe(0);
  });

  it('says what to do when there is no trusted context to compare with', async () => {
    // No handoff on this Case in this browser's journal, none in its transcript.
    const page = await openCase(case3.id);
    await verifyNow(page);
    await expect
      .poll(() => textNow(page.locator('handoff-fields-widget .hf-notice')))
      .toMatch(/No trusted handoff context was found for this record/);
  });

  it('with a redacted journal, finds the context on the page and shows only masked values', async () => {
    await stack.saveSettings({ redaction: 'mask' });
    const page = await openCase(case1.id);
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'bot',
      text: sfHandoff,
    });
    await expect
      .poll(() => check(page, 'Account_Number__c'), { timeout: 10_000 })
      .toMatch(/✓\s*verified/);
    await stack.control.putRecord(acme.org, 'Case', case1.id, { Account_Number__c: 'AC-99999' });
    await verifyNow(page);
    await expect
      .poll(() => check(page, 'Account_Number__c'))
      .toBe("≠ differs: the record has 'A••••••9'");
    expect(await check(page, 'Account_Number__c')).not.toContain('AC-99999');
  });
});

describe('Verify on the Kustomer desktop', () => {
  it('verifies conversation and customer attributes, then finds one changed on the platform', async () => {
    const page = await stack.openDesktop(`/app/conversations/${conversation1}`);
    pages.push(page);
    await stack.control.waitForPages(K.acme.org, 1, 10_000, 'kustomer');
    await stack.control.kustomerPostMessage({
      org: K.acme.org,
      recordId: conversation1,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-20931',
        'Contact Reason': 'ORDERS.DAMAGED',
        'Loyalty Tier': 'Platinum',
      }),
    });
    await expect
      .poll(() => check(page, 'accountNumberStr'), { timeout: 15_000 })
      .toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'contactReasonTree')).toMatch(/✓\s*verified/);
    await expect.poll(() => check(page, 'loyaltyTierStr')).toMatch(/✓\s*verified/);

    await stack.control.kustomerPutRecord(K.acme.org, 'conversation', conversation1, {
      accountNumberStr: 'AC-EDITED',
    });
    const putsBefore = (await stack.control.requests({ org: K.acme.org, method: 'PUT' })).length;
    await verifyNow(page);
    await expect
      .poll(() => check(page, 'accountNumberStr'))
      .toBe("≠ differs: the record has 'AC-EDITED'");
    await expect.poll(() => check(page, 'loyaltyTierStr')).toMatch(/✓\s*verified/);
    expect((await stack.control.requests({ org: K.acme.org, method: 'PUT' })).length).toBe(
      putsBefore,
    );
  });
});
