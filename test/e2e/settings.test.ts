/**
 * The options page's Settings section (issue "A team can run it"), in real Chromium with the built
 * extension against the simulated Salesforce console: a trusted issuer added in the section (with
 * "Test a token" first) makes a signed handoff fill the Case; the settings file's export → import
 * changes nothing; an invalid import is refused with nothing changed; and axe-core on the section.
 * What is stored is read through the background's own `settings:get`, never through the page.
 */
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Settings, SettingsInput } from '../../lib/settings/schema';
import { PRIVATE_KEY_MESSAGE } from '../../lib/settings/schema';
import { SEED } from '../sim/seed';
import { needsReview, seriousViolations } from '../support/axe';
import { exampleMappings, exampleSettings } from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';
import { es256Key, sign, type TestKey } from '../unit/context/test-signer';

const acme = SEED.acme;
const [case1] = acme.cases;
const [session1] = acme.sessions;

const { stack, pages } = useStack();

beforeEach(async () => {
  await stack.saveSettings({});
  await stack.saveMappings(exampleMappings);
});

const storedSettings = () => stack.browser.send<Settings>({ type: 'settings:get' });

async function settingsPage() {
  const page = await stack.browser.openExtensionPage('options.html#settings');
  pages.push(page);
  await expect
    .poll(() => textNow(page.locator('.toolbar__count')), { timeout: 10_000 })
    .toBe('All changes saved');
  return page;
}

const nowSec = () => Math.floor(Date.now() / 1000);
const signedMessage = async (key: TestKey) =>
  `Connecting you now.\nhandoff-context: ${await sign(key, {
    ver: 1,
    iss: 'kore-bot',
    aud: acme.orgId,
    iat: nowSec(),
    exp: nowSec() + 600,
    jti: `jti-${Math.random()}`,
    conv: session1.id,
    ctx: { 'Account Number': 'AC-SETTINGS', VIP: true },
  })}`;

describe('a trusted issuer added in the Settings section', () => {
  it('is tested, saved, and then its signed handoff fills the Case', async () => {
    const key = await es256Key('2026-11');
    const message = await signedMessage(key);
    const page = await settingsPage();

    // Keyboard where it matters: add the issuer and type into its inputs.
    await page.getByLabel('Audiences, one a line').fill(acme.orgId);
    await page.getByRole('button', { name: 'Add issuer' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Issuer 1: its name (iss)').fill('kore-bot');
    await page.getByLabel('Issuer 1: public key').fill(JSON.stringify(key.jwk, null, 2));
    expect(await textNow(page.locator('[data-kids="0"]'))).toBe('Key: 2026-11 (EC)');

    // Tested against the unsaved issuer: verified, and nothing is saved by testing.
    await page.getByLabel("Test a token: the bot's message").fill(message);
    await page.getByRole('button', { name: 'Test the token' }).click();
    const result = page.locator('[data-verified]');
    await expect.poll(() => textNow(result)).toMatch(/^Verified\./);
    expect(await result.getAttribute('data-verified')).toBe('true');
    expect(await textNow(result)).toMatch(/kore-bot[\s\S]*00D5g000004XyZaEAK[\s\S]*2026-11/);
    expect((await storedSettings()).trust.issuers).toEqual([]);
    expect(await seriousViolations(page, 'options: settings with a verified token')).toEqual([]);

    await page.getByRole('button', { name: 'Save settings' }).first().click();
    await expect.poll(() => textNow(page.locator('.banner'))).toMatch(/^Saved\./);
    const stored = await storedSettings();
    expect(stored.trust.audiences).toEqual([acme.orgId]);
    expect(stored.trust.issuers).toEqual([{ iss: 'kore-bot', keys: [key.jwk] }]);
    expect(stored.kustomerBotApps).toEqual(exampleSettings.kustomerBotApps);

    // The bot posts as the end user: only the signature vouches for the context.
    const consolePage = await stack.openConsole(recordPath('Case', case1.id));
    pages.push(consolePage);
    await stack.control.waitForPages(acme.org);
    await stack.control.postMessage({
      org: acme.org,
      recordId: case1.id,
      author: 'end_user',
      text: message,
    });
    await expect
      .poll(async () => (await stack.control.getRecord(acme.org, 'Case', case1.id)).values.VIP__c, {
        timeout: 10_000,
      })
      .toBe(true);
    expect(
      (await stack.control.getRecord(acme.org, 'Case', case1.id)).values.Account_Number__c,
    ).toBe('AC-SETTINGS');
  });

  it('refuses a private key next to its input, and saves nothing', async () => {
    const key = await es256Key('2026-11');
    const before = await storedSettings();
    const page = await settingsPage();
    await page.getByLabel('Audiences, one a line').fill(acme.orgId);
    await page.getByRole('button', { name: 'Add issuer' }).click();
    await page.getByLabel('Issuer 1: its name (iss)').fill('kore-bot');
    const keys = page.getByLabel('Issuer 1: public key');
    await keys.fill(JSON.stringify(key.privateJwk));
    await page.getByRole('button', { name: 'Save settings' }).first().click();
    await expect.poll(() => keys.getAttribute('aria-invalid')).toBe('true');
    expect(await textNow(page.locator('#settings-trust-issuers-0--keys-error'))).toContain(
      PRIVATE_KEY_MESSAGE,
    );
    // The summary took focus and links to the input.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('settings-problems');
    expect(await storedSettings()).toEqual(before);
    expect(await seriousViolations(page, 'options: settings with a refused key')).toEqual([]);
  });
});

describe('the settings file', () => {
  /** Settings with something in every key, so that a round trip that drops one shows. */
  const rich = async (): Promise<Partial<SettingsInput>> => ({
    trust: {
      policy: 'signed-only',
      audiences: [acme.orgId, 'acme'],
      issuers: [{ iss: 'kore-bot', keys: [(await es256Key('2026-11')).jwk] }],
      maxAgeSeconds: 3600,
    },
    redaction: 'mask',
    retentionDays: 14,
    postMessageOrigins: ['https://assist.example.com'],
    recordFieldSources: [
      { platform: 'salesforce', object: 'MessagingSession', field: 'Handoff_Context__c' },
    ],
    transcriptProfiles: { salesforce: { botNames: ['Acme Helper'] } },
  });

  it('exports the saved settings, and importing the export changes nothing', async () => {
    await stack.saveSettings(await rich());
    const before = await storedSettings();
    const page = await settingsPage();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export settings' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('handoff-fields-settings.json');
    const text = await readFile(await download.path(), 'utf8');
    expect(JSON.parse(text)).toEqual(before);

    await page.getByTestId('settings-import-file').setInputFiles({
      name: 'handoff-fields-settings.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    const panel = page.locator('section.import');
    await expect
      .poll(() => textNow(panel.locator('h3')))
      .toBe('Import the settings of handoff-fields-settings.json?');
    await panel.getByRole('button', { name: 'Import the settings' }).click();
    await expect
      .poll(() => textNow(panel.locator('h3')))
      .toBe('handoff-fields-settings.json imported');
    expect(await storedSettings()).toEqual(before);
    expect(await textNow(page.locator('.toolbar__count'))).toBe('All changes saved');
  });

  it('refuses an invalid file with path-named errors, and a broken one with line and column, changing nothing', async () => {
    await stack.saveSettings(await rich());
    const before = await storedSettings();
    const page = await settingsPage();
    const key = await es256Key('k1');
    const invalid = {
      format: 'handoff-fields/settings',
      version: 1,
      trust: {
        policy: 'signed-maybe',
        audiences: ['acme'],
        issuers: [{ iss: 'kore-bot', keys: [key.privateJwk] }],
      },
      retentionDays: 0,
    };
    const input = page.getByTestId('settings-import-file');
    await input.setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(invalid)),
    });
    const panel = page.locator('section.import');
    const alert = panel.locator('[role="alert"]');
    await expect.poll(() => textNow(alert)).toContain('trust.policy');
    expect(await textNow(alert)).toContain(`trust.issuers[0].keys[0].d: ${PRIVATE_KEY_MESSAGE}`);
    expect(await textNow(alert)).toContain('retentionDays: retentionDays must be at least 1 day');
    expect(await textNow(panel.locator('h3'))).toBe('bad.json was not imported: nothing changed');
    expect(await storedSettings()).toEqual(before);

    await panel.getByRole('button', { name: 'Close' }).click();
    await input.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{\n  "format": "handoff-fields/settings",\n  "version": 1,,\n}\n'),
    });
    await expect
      .poll(() => textNow(alert))
      .toMatch(/broken\.json is not valid JSON: .*\(line 3, column 16\)/);
    expect(await storedSettings()).toEqual(before);
    expect(await seriousViolations(page, 'options: settings import refused')).toEqual([]);
    console.log(
      `[settings] axe-core needs review:\n${[...needsReview].map(([k, v]) => `  ${k} — ${v}`).join('\n') || '  nothing'}`,
    );
  });
});
