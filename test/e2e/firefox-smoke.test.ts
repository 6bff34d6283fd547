/**
 * Firefox, for real: Debian's Firefox ESR with the Firefox build (`.output/firefox-mv3`, which
 * `npm run test:e2e` builds before it runs this; this test builds nothing), driven by puppeteer-core
 * over WebDriver BiDi (test/support/firefox.ts). Configured the way a team deploys it, by Firefox's
 * enterprise policy (`policies.json`, README "Deploying to a team"), its mappings fill a Case on the
 * simulated Salesforce console: the content script runs on the console's real host name, the
 * background reads the session cookie and writes through the API. What Salesforce stored is read
 * through the simulation's control API.
 *
 * Needs root (the policy file is in /etc, the simulation listens on port 443) and a Firefox ESR:
 * without one the test fails naming what to install. It ends all it started: Firefox, the
 * simulation, the profile folder, and the policy file (an existing one is put back).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import { FIREFOX_ADDON_ID } from '../../lib/build/extension-ids';
import type { MappingInput } from '../../lib/mapping/schema';
import { SimClient } from '../sim/client';
import { SEED } from '../sim/seed';
import { type SimHandle, startSim } from '../sim/server';
import { exampleMappings, keyValueHandoff } from '../support/example-mappings';
import { closeFirefox, FIREFOX_POLICY_FILE, launchFirefoxWithAddon } from '../support/firefox';
import { recordPath } from '../support/stack';
import { placeSystemFile } from '../support/system-file';

const acme = SEED.acme;
const caseId = acme.cases[0].id;

/** What the test started, ended in reverse order after it, whatever happened. */
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** The simulation on 127.0.0.1:443, where Firefox's forced name resolution sends every host. */
async function simOn443(): Promise<SimHandle> {
  try {
    return await startSim({ port: 443 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `Port 443 on 127.0.0.1 is taken: this test serves the simulated consoles there (Firefox reaches the platforms' real host names on their real port). Stop what listens there ("ss -ltnp 'sport = :443'" names it) and run again.`,
      );
    }
    if (code === 'EACCES') {
      throw new Error('Listening on port 443 needs root: run this test as root (CI does).');
    }
    throw error;
  }
}

/**
 * The team's policy, as an admin writes it for Firefox: the mappings as the file's JSON text (as
 * for Chrome), the settings as the object itself (Firefox checks no schema and passes it through).
 * A policy is all or nothing, so a settings object the add-on refused would leave no mapping.
 */
function policyJson(mappings: MappingInput[]): string {
  const managed = {
    mappings: JSON.stringify({ format: 'handoff-fields/mappings', version: 1, mappings }),
    settings: { format: 'handoff-fields/settings', version: 1, retentionDays: 14 },
  };
  return JSON.stringify({
    policies: { '3rdparty': { Extensions: { [FIREFOX_ADDON_ID]: managed } } },
  });
}

/** Signs in through the org's frontdoor and opens the Case in the console, as stack.openConsole does. */
async function openCase(page: Page): Promise<void> {
  await page.goto(
    `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', caseId))}`,
  );
  expect(new URL(page.url()).host).toBe(acme.lightningHost);
  await page.waitForSelector('handoff-fields-widget', { timeout: 15_000 }).catch(() => {
    throw new Error(
      `No Handoff Fields panel on ${page.url()} within 15 s: the content script did not run (Firefox grants an MV3 add-on's host permissions at install unless extensions.originControls.grantByDefault is false).`,
    );
  });
}

/** The panel's text as the agent reads it (its shadow root is open). */
const panelText = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('handoff-fields-widget')?.shadowRoot;
    // biome-ignore lint/performance/useDomNodeTextContent: what the agent sees, without the styles.
    return (root?.querySelector('.hf-root') as HTMLElement | null)?.innerText ?? '';
  });

describe('Firefox ESR with the Firefox build', () => {
  it('fills a Case from a bot handoff with the mappings the policy deployed', async () => {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `This test writes ${FIREFOX_POLICY_FILE} and listens on port 443: run it as root (CI does).`,
      );
    }
    const sim = await simOn443();
    cleanups.push(() => sim.close());
    const policy = await placeSystemFile(FIREFOX_POLICY_FILE, policyJson(exampleMappings));
    cleanups.push(() => policy.restore());
    const profile = await mkdtemp(join(tmpdir(), 'handoff-fields-firefox-profile-'));
    cleanups.push(() => rm(profile, { recursive: true, force: true }));

    const { browser, addonId } = await launchFirefoxWithAddon({ userDataDir: profile });
    cleanups.push(() => closeFirefox(browser));
    expect(addonId).toBe(FIREFOX_ADDON_ID);

    const control = new SimClient(sim.origin);
    const page = await browser.newPage();
    await openCase(page);
    await control.waitForPages(acme.org);
    // The mappings are the policy's alone: the profile is new, nothing was saved locally.
    await control.postMessage({
      org: acme.org,
      recordId: caseId,
      author: 'bot',
      text: keyValueHandoff({
        'Account Number': 'AC-20931',
        'Account Tier': 'Premium',
        VIP: 'yes',
      }),
    });

    const stored = async () => (await control.getRecord(acme.org, 'Case', caseId)).values;
    await expect.poll(async () => (await stored()).Account_Tier__c).toBe('tier_premium');
    expect(await stored()).toMatchObject({ Account_Number__c: 'AC-20931', VIP__c: true });
    expect(await control.requests({ org: acme.org, method: 'PATCH' })).toHaveLength(1);
    await expect.poll(() => panelText(page)).toMatch(/3 filled/);
  });
});
