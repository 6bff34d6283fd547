/**
 * The simulated console + Chromium with the built extension, as one handle: what the end-to-end
 * tests, the demo and the benchmark start from.
 */
import type { Locator, Page } from 'playwright-core';
import type { MappingInput } from '../../lib/mapping/schema';
import type { SettingsInput } from '../../lib/settings/schema';
import { SimClient } from '../sim/client';
import { SEED } from '../sim/seed';
import { type SimHandle, startSim } from '../sim/server';
import { type ExtensionBrowser, launchWithExtension } from './chromium';
import { exampleSettings } from './example-mappings';

export interface Stack {
  sim: SimHandle;
  control: SimClient;
  browser: ExtensionBrowser;
  /** Signs in through the org's frontdoor and opens a record in the console. */
  openConsole(path: string, org?: string): Promise<Page>;
  /** Signs in to the Kustomer agent desktop and opens a conversation path (`/app/conversations/<id>`). */
  openDesktop(path: string, org?: string): Promise<Page>;
  saveMappings(mappings: MappingInput[]): Promise<void>;
  /** Saves the settings file: the example settings with `more` on top. */
  saveSettings(more?: Partial<SettingsInput>): Promise<void>;
  /**
   * Every record as seeded, with an empty transcript: new conversations on the same record ids, so
   * the extension forgets what customers wrote in the old ones (its echo check).
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const recordPath = (object: string, id: string) => `/lightning/r/${object}/${id}/view`;

export async function startStack(
  options: Pick<
    Parameters<typeof launchWithExtension>[0],
    'headless' | 'extensionDir' | 'userDataDir'
  > = {},
): Promise<Stack> {
  const sim = await startSim();
  let browser: ExtensionBrowser;
  try {
    browser = await launchWithExtension({ ...options, hostResolverRules: sim.hostResolverRules });
  } catch (error) {
    await sim.close();
    throw error;
  }
  const control = new SimClient(sim.origin);
  return {
    sim,
    control,
    browser,
    async openConsole(path, org = SEED.acme.org) {
      const page = await browser.context.newPage();
      await page.goto(
        `https://${org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(path)}`,
      );
      await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
      return page;
    },
    async openDesktop(path, org = SEED.kustomer.acme.org) {
      const page = await browser.context.newPage();
      await page.goto(`https://${org}.kustomerapp.com/login?next=${encodeURIComponent(path)}`);
      await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
      return page;
    },
    async saveMappings(mappings) {
      for (const mapping of mappings) await browser.send({ type: 'mappings:save', mapping });
    },
    async saveSettings(more = {}) {
      await browser.send({ type: 'settings:save', settings: { ...exampleSettings, ...more } });
    },
    async reset() {
      await control.reset();
      await browser.forgetConversations();
    },
    async close() {
      await browser.close().catch(() => undefined);
      await sim.close();
    },
  };
}

/** The text of an element now, or '' when it is not there (for polling without Playwright's 30 s waits). */
// biome-ignore lint/performance/useDomNodeTextContent: tests read what the agent sees, with line breaks.
export const textNow = (locator: Locator) => locator.innerText({ timeout: 500 }).catch(() => '');

/** The widget row of a field (Playwright's CSS locators pierce open shadow roots). */
export const widgetRow = (page: Page, field: string) =>
  page.locator(`handoff-fields-widget tr[data-field="${field}"]`);
export const widgetNotice = (page: Page) => page.locator('handoff-fields-widget .hf-notice');
