/**
 * Launches Debian's Firefox ESR with the built Firefox add-on, driven by puppeteer-core over
 * WebDriver BiDi, pointed at the simulated consoles.
 *
 * Firefox has no per-host mapping to a port like Chromium's --host-resolver-rules: the pref
 * `network.dns.forceResolve` answers every host name with 127.0.0.1, so the simulation must listen
 * on port 443 there (the pages' real URLs carry no port). BiDi installs the add-on from its folder
 * as a temporary add-on; Firefox grants an MV3 add-on's `host_permissions` at install (the default
 * of `extensions.originControls.grantByDefault`), which its content scripts and its
 * `cookies` reads need. BiDi does not open `moz-extension://` pages, so a test configures the add-on
 * through Firefox's enterprise policy (FIREFOX_POLICY_FILE) instead of its options page.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** The Firefox build (`npx wxt build -b firefox`; `HF_OUT_DIR` moves it, as it moves the build). */
export const FIREFOX_EXTENSION_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.HF_OUT_DIR ?? '.output',
  'firefox-mv3',
);
export const firefoxPath = () => process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Where Firefox on Linux reads an admin's policies first (before the installation's
 * `distribution/policies.json`); Debian's firefox-esr reads it too (checked on Firefox 153 ESR).
 */
export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';

export interface FirefoxWithAddon {
  browser: Browser;
  /** The id Firefox installed the add-on under (the manifest's `gecko.id`). */
  addonId: string;
}

/** Firefox, headless, on the given profile folder, with the Firefox build installed. */
export async function launchFirefoxWithAddon(options: {
  userDataDir: string;
}): Promise<FirefoxWithAddon> {
  const executablePath = firefoxPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Firefox at ${executablePath}: install Debian's Firefox ESR ("apt-get install -y firefox-esr", as .ci/run does) or set FIREFOX_PATH to a Firefox 140 or later.`,
    );
  }
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No Firefox build in ${FIREFOX_EXTENSION_DIR}: run "npx wxt build -b firefox" first (npm run test:e2e does).`,
    );
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath,
    headless: true,
    userDataDir: options.userDataDir,
    // The simulation's certificate is self-signed.
    acceptInsecureCerts: true,
    extraPrefsFirefox: { 'network.dns.forceResolve': '127.0.0.1' },
    timeout: 30_000,
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    return { browser, addonId };
  } catch (error) {
    await closeFirefox(browser);
    throw error;
  }
}

/** Closes Firefox; one that does not answer within 10 s is killed. */
export async function closeFirefox(browser: Browser): Promise<void> {
  const process = browser.process();
  const closed = await Promise.race([
    browser.close().then(
      () => true,
      () => false,
    ),
    new Promise<false>((done) => setTimeout(() => done(false), 10_000).unref()),
  ]);
  if (!closed && process && process.exitCode === null) process.kill('SIGKILL');
}
