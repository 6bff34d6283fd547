/**
 * The organisation's policy through the browser's real policy path: a JSON policy file in
 * /etc/chromium/policies/managed/ names the extension (`3rdparty.extensions.<id>`), Chromium checks
 * it against public/managed_schema.json and delivers it in `storage.managed`. Two launches on one
 * profile: a good policy (its mapping fills a field on the simulated console and is read-only in
 * the options page), then a broken one (reported in the options page, the good one kept).
 *
 * Writes the policy file as root (CI runs the tests as root) and removes it, and any folder it
 * created, whatever happens. The extension is a copy of the build with a fresh manifest key
 * (test/support/pinned-extension.ts): its id is known before Chromium starts, and no other
 * Chromium on the machine has it.
 */
import { mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingInput } from '../../lib/mapping/schema';
import type { PolicyStatus } from '../../lib/settings/managed';
import type { Settings } from '../../lib/settings/schema';
import { SEED } from '../sim/seed';
import { keyValueHandoff } from '../support/example-mappings';
import { type PinnedExtension, pinnedExtension } from '../support/pinned-extension';
import { recordPath, type Stack, startStack, textNow } from '../support/stack';

const acme = SEED.acme;
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, 'handoff-fields-test.json');

const managedMapping: MappingInput = {
  id: 'account-number',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Number__c',
  sources: ['Org Account Number'],
  policy: 'overwrite',
};
const mappingsText = (mappings: MappingInput[]) =>
  JSON.stringify({ format: 'handoff-fields/mappings', version: 1, mappings });
const settingsText = JSON.stringify({
  format: 'handoff-fields/settings',
  version: 1,
  retentionDays: 14,
});

let pinned: PinnedExtension | undefined;
let profile: string | undefined;
/** Folders this test created on the way to POLICY_DIR, deepest first: removed again when empty. */
const createdDirs: string[] = [];

/** Writes the policy for the pinned extension, as an admin's JSON policy file on Linux. */
async function writePolicy(policy: Record<string, unknown>): Promise<void> {
  if (createdDirs.length === 0) {
    const first = await mkdir(POLICY_DIR, { recursive: true });
    // mkdir answers the first folder it made: every folder from it down to POLICY_DIR is ours.
    if (first) {
      for (let dir = POLICY_DIR; dir.length >= first.length; dir = join(dir, '..')) {
        createdDirs.push(dir);
      }
    }
  }
  const id = (pinned as PinnedExtension).id;
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } }));
}

async function removePolicy(): Promise<void> {
  await rm(POLICY_FILE, { force: true });
  for (const dir of createdDirs.splice(0)) await rmdir(dir).catch(() => undefined);
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `This test writes ${POLICY_FILE}, which Chromium reads its policies from: run it as root (CI does).`,
    );
  }
  pinned = await pinnedExtension();
  profile = await mkdtemp(join(tmpdir(), 'handoff-fields-policy-profile-'));
});

afterAll(async () => {
  await removePolicy();
  await pinned?.remove();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Chromium with the pinned extension on the test's profile, against a fresh simulated console. */
async function launch(): Promise<Stack> {
  const stack = await startStack({ extensionDir: pinned?.dir, userDataDir: profile });
  expect(stack.browser.extensionId).toBe(pinned?.id);
  return stack;
}

const status = (stack: Stack) => stack.browser.send<PolicyStatus>({ type: 'policy:status' });
const stored = async (stack: Stack, id: string) =>
  (await stack.control.getRecord(acme.org, 'Case', id)).values;

/** A bot's handoff on a Case: the field fills from the managed mapping's key, not the local one's. */
async function handoffFillsFromPolicy(stack: Stack, value: string): Promise<void> {
  const caseId = acme.cases[0].id;
  const page = await stack.openConsole(recordPath('Case', caseId));
  await stack.control.waitForPages(acme.org);
  await stack.control.postMessage({
    org: acme.org,
    recordId: caseId,
    author: 'bot',
    text: keyValueHandoff({ 'Org Account Number': value, 'Account Number': 'LOCAL-1' }),
  });
  await expect
    .poll(async () => (await stored(stack, caseId)).Account_Number__c, { timeout: 15_000 })
    .toBe(value);
  await page.close();
}

async function managedRowInOptions(stack: Stack): Promise<Page> {
  const page = await stack.browser.openExtensionPage('options.html#mappings');
  const row = page.locator('tr[data-id="account-number"]');
  await expect.poll(() => textNow(row)).toContain('Set by your organisation');
  await expect.poll(() => textNow(page.locator('tr[data-id="vip"]'))).toContain('Case');
  expect(await textNow(page.locator('tr[data-id="vip"]'))).not.toContain(
    'Set by your organisation',
  );
  await row.click();
  const editor = page.getByRole('region', { name: 'Mapping editor' });
  await expect.poll(() => textNow(editor)).toMatch(/read-only here\. Ask your admin to change it/);
  expect(await editor.locator('input, select, textarea').count()).toBe(0);
  expect(await editor.getByRole('button', { name: 'Delete mapping' }).count()).toBe(0);
  return page;
}

describe('configuration by enterprise policy', () => {
  it('applies a good policy: its mapping fills the field, read-only in the options page', async () => {
    await writePolicy({ mappings: mappingsText([managedMapping]), settings: settingsText });
    const stack = await launch();
    try {
      // Chromium hands the extension its policy as it loads it: at start, or just after.
      await expect
        .poll(async () => (await status(stack)).managed)
        .toEqual({
          mappingIds: ['account-number'],
          settingsKeys: ['retentionDays'],
          transcriptProfilePlatforms: [],
        });
      // A local mapping with the managed one's id is refused: the policy's stays in force.
      await expect(
        stack.browser.send({
          type: 'mappings:save',
          mapping: { ...managedMapping, sources: ['Account Number'] },
        }),
      ).rejects.toThrow(/Set by your organisation/);
      await stack.saveMappings([
        { id: 'vip', platform: 'salesforce', object: 'Case', field: 'VIP__c', sources: ['VIP'] },
      ]);
      expect((await stack.browser.send<Settings>({ type: 'settings:get' })).retentionDays).toBe(14);

      await handoffFillsFromPolicy(stack, 'ORG-4711');
      const page = await managedRowInOptions(stack);
      expect(await page.locator('.policy-banner').count()).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('reports a broken policy in the options page and keeps the last good one', async () => {
    await writePolicy({
      mappings: mappingsText([{ ...managedMapping, platform: 'zendesk' }]),
      settings: settingsText,
    });
    const stack = await launch();
    try {
      await expect.poll(async () => (await status(stack)).error).toBeDefined();
      const now = await status(stack);
      expect(now.managed.mappingIds).toEqual(['account-number']);
      expect(now.error?.errors).toEqual([
        expect.stringMatching(
          /^policy "mappings": mappings\[0\]\.platform \(Account_Number__c\): /,
        ),
      ]);

      const page = await managedRowInOptions(stack);
      const banner = page.locator('.policy-banner');
      await expect
        .poll(() => textNow(banner))
        .toContain("Your organisation's policy could not be applied:");
      const text = await textNow(banner);
      expect(text).toMatch(/policy "mappings": mappings\[0\]\.platform \(Account_Number__c\): /);
      expect(text).toContain('The previous policy stays in force.');

      await handoffFillsFromPolicy(stack, 'ORG-0815');
    } finally {
      await stack.close();
      await removePolicy();
    }
  });
});
