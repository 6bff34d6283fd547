/**
 * Locked-down orgs (issue 15), in real Chromium against the simulated Salesforce: an org whose API
 * Access Control refuses the browser's session. The panel offers **Connect Salesforce**; the OAuth
 * flow (authorization code with PKCE, through `identity.launchWebAuthFlow`) runs in the browser's
 * own sign-in window, which the test answers like an agent; the write that waited lands. Then what
 * the agent should never notice (an expired access token, refreshed), what asks them to connect
 * again (a revoked refresh token; the queued write lands after), what must never happen (a write
 * as another user than the console's, after "Login As"), and an admin's mistake said plainly (a
 * callback URL that is not the extension's).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SignInStatus } from '../../lib/messaging/protocol';
import { SEED } from '../sim/seed';
import { seriousViolations } from '../support/axe';
import { launchWithExtension } from '../support/chromium';
import { exampleMappings, exampleSettings, keyValueHandoff } from '../support/example-mappings';
import { recordPath, textNow } from '../support/stack';
import { useStack } from '../support/use-stack';

const acme = SEED.acme;
const [case1, case2, otherCase] = acme.cases;
const { agent, supervisor } = acme.users;
const CONSUMER_KEY = '3MVG9e2mBbZnmM6nVx7RkP0QzTfHandoffFieldsTest';

const { stack, pages } = useStack();

const callbackUrl = () => `https://${stack.browser.extensionId}.chromiumapp.org/`;

const oauthSettings = {
  salesforceOAuth: {
    mode: 'cookie-first' as const,
    apps: [{ org: acme.org, consumerKey: CONSUMER_KEY }],
  },
};
const frontdoor = (id: string) =>
  `https://${acme.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(recordPath('Case', id))}`;

beforeEach(async () => {
  // A token from an earlier test is revoked and forgotten (the sim's reset forgot its side).
  await stack.browser.send({ type: 'auth:sign-out', platform: 'salesforce', org: acme.org });
  await stack.saveMappings(exampleMappings);
  await stack.saveSettings(oauthSettings);
  await stack.control.setSession(acme.org, 'api-access-control');
  await stack.control.oauthApp({
    org: acme.org,
    consumerKey: CONSUMER_KEY,
    callbackUrl: callbackUrl(),
    consent: 'ask',
    pkceRequired: true,
  });
});

async function open(id: string): Promise<Page> {
  const page = await stack.openConsole(recordPath('Case', id));
  pages.push(page);
  await stack.control.waitForPages(acme.org);
  return page;
}

const panel = (page: Page) => page.locator('handoff-fields-widget aside');
const connectButton = (page: Page) =>
  page.locator('handoff-fields-widget button[data-action="connect"]');
const stored = async (id: string) => (await stack.control.getRecord(acme.org, 'Case', id)).values;
const storedBecomes = (id: string, field: string, value: unknown) =>
  expect.poll(async () => (await stored(id))[field], { timeout: 15_000 }).toBe(value);
const patchesOf = async (id: string) =>
  (await stack.control.requests({ org: acme.org, method: 'PATCH' })).filter((r) =>
    r.path.includes(id),
  );
const botHandoff = (recordId: string, lines: Record<string, string>) =>
  stack.control.postMessage({
    org: acme.org,
    recordId,
    author: 'bot',
    text: keyValueHandoff(lines),
  });

/** The sign-in window `launchWebAuthFlow` opens: a page of the browser's context. */
const nextSignInWindow = () =>
  stack.browser.context.waitForEvent('page', {
    predicate: (p) => p.url().includes('.my.salesforce.com/'),
    timeout: 15_000,
  });

/** Presses Connect in the panel and answers Salesforce's "Allow Access?" like the agent. */
async function connectFromPanel(page: Page, label: RegExp | string) {
  await expect.poll(() => textNow(connectButton(page)), { timeout: 15_000 }).toMatch(label);
  const signInWindow = nextSignInWindow();
  await connectButton(page).click();
  const window = await signInWindow;
  await window.locator('#oauth-allow').click();
}

/**
 * Connects through the background directly, as the options page's Connect does, with the browser
 * signed in to the org (the console opened through the frontdoor), as an agent's is.
 */
async function connectNow() {
  const signedIn = await stack.openConsole(recordPath('Case', otherCase.id));
  pages.push(signedIn);
  const signInWindow = nextSignInWindow();
  const result = stack.browser.send({
    type: 'auth:connect',
    platform: 'salesforce',
    org: acme.org,
  });
  await (await signInWindow).locator('#oauth-allow').click();
  return result;
}

describe('an org whose API Access Control refuses the browser session', () => {
  it('offers Connect on the first handoff, runs the flow in the browser, and the waiting write lands as the agent', async () => {
    const page = await open(case1.id);
    await botHandoff(case1.id, { 'Account Tier': 'Premium', 'Order Id': 'A-1001' });
    await expect.poll(() => textNow(panel(page)), { timeout: 15_000 }).toMatch(/refuse|Connect/i);
    expect(await patchesOf(case1.id)).toHaveLength(0);
    await expect
      .poll(() => textNow(connectButton(page)), { timeout: 15_000 })
      .toBe('Connect Salesforce');
    expect(
      await seriousViolations(page, 'panel: asking to connect Salesforce', 'handoff-fields-widget'),
    ).toEqual([]);

    await connectFromPanel(page, 'Connect Salesforce');
    await storedBecomes(case1.id, 'Order_Id__c', 'A-1001');
    expect((await stored(case1.id)).LastModifiedById).toBe(agent.id);
    const [patch] = await patchesOf(case1.id);
    expect(patch?.actor).toMatchObject({ userId: agent.id, via: 'oauth' });

    const oauth = await stack.control.oauthState(acme.org);
    expect(oauth.counts.codesRedeemed).toBe(1);
    // The options page shows whom this browser acts as, never the token.
    const status = await stack.browser.send<SignInStatus>({ type: 'auth:status' });
    expect(status.callbackUrl).toBe(callbackUrl());
    expect(status.orgs).toEqual([
      expect.objectContaining({
        org: acme.org,
        connected: expect.objectContaining({ name: agent.name }),
      }),
    ]);
    expect(JSON.stringify(status)).not.toMatch(/access|refresh_token|Bearer/i);
  });

  it('refreshes an expired access token without the agent noticing', async () => {
    expect(await connectNow()).toMatchObject({ connected: true });
    await stack.control.expireAccessTokens({ org: acme.org });
    const page = await open(case2.id);
    await botHandoff(case2.id, { 'Order Id': 'A-2002' });
    await storedBecomes(case2.id, 'Order_Id__c', 'A-2002');
    expect((await stack.control.oauthState(acme.org)).counts.refreshes).toBeGreaterThanOrEqual(1);
    expect(await connectButton(page).count()).toBe(0);
    expect(await textNow(panel(page))).not.toMatch(/connect|sign in|expired/i);
  });

  it('asks to connect again when the refresh token was revoked, and the queued write lands after', async () => {
    expect(await connectNow()).toMatchObject({ connected: true });
    await stack.control.revokeRefreshTokens({ org: acme.org });
    const page = await open(case1.id);
    await botHandoff(case1.id, { 'Order Id': 'A-3003' });
    await expect.poll(() => textNow(panel(page)), { timeout: 15_000 }).toMatch(/connect/i);
    expect(await patchesOf(case1.id)).toHaveLength(0);
    // The agent already allowed the app: Salesforce answers at once, and no window stays open.
    await connectButton(page).click();
    await storedBecomes(case1.id, 'Order_Id__c', 'A-3003');
  });
});

describe('a reboot', () => {
  it('keeps the connection: after the browser restarts, with the access token expired, the next handoff writes without asking to connect', async () => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'handoff-fields-oauth-restart-'));
    const launch = () =>
      launchWithExtension({ hostResolverRules: stack.sim.hostResolverRules, userDataDir });
    let browser = await launch();
    try {
      expect(browser.extensionId).toBe(stack.browser.extensionId);
      for (const mapping of exampleMappings) await browser.send({ type: 'mappings:save', mapping });
      await browser.send({
        type: 'settings:save',
        settings: { ...exampleSettings, ...oauthSettings },
      });
      const first = await browser.context.newPage();
      await first.goto(frontdoor(case2.id));
      const signInWindow = browser.context.waitForEvent('page', {
        predicate: (p) => p.url().includes('.my.salesforce.com/'),
        timeout: 15_000,
      });
      const connected = browser.send({
        type: 'auth:connect',
        platform: 'salesforce',
        org: acme.org,
      });
      await (await signInWindow).locator('#oauth-allow').click();
      expect(await connected).toMatchObject({ connected: true });
      await browser.close({ keepProfile: true });

      // Overnight: Salesforce expired the access token, and the browser's session cookie is gone.
      await stack.control.expireAccessTokens({ org: acme.org });
      const codesBefore = (await stack.control.oauthState(acme.org)).counts.codesRedeemed;
      browser = await launch();
      const page = await browser.context.newPage();
      await page.goto(frontdoor(case2.id));
      await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 15_000 });
      await stack.control.waitForPages(acme.org);
      await botHandoff(case2.id, { 'Order Id': 'A-7007' });
      await storedBecomes(case2.id, 'Order_Id__c', 'A-7007');
      const after = await stack.control.oauthState(acme.org);
      expect(after.counts.refreshes).toBeGreaterThanOrEqual(1);
      expect(after.counts.codesRedeemed).toBe(codesBefore);
      expect(
        await page.locator('handoff-fields-widget button[data-action="connect"]').count(),
      ).toBe(0);
    } finally {
      await browser.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});

describe('never as the wrong user', () => {
  it('after "Login As" another user, writes nothing and offers to reconnect as the console user', async () => {
    expect(await connectNow()).toMatchObject({ connected: true });
    await stack.control.loginAs({ org: acme.org, user: supervisor.username });
    const page = await open(case1.id);
    await expect
      .poll(() => textNow(page.locator('#sim-user-menu')), { timeout: 10_000 })
      .toContain(supervisor.name);
    await botHandoff(case1.id, { 'Order Id': 'A-4004' });
    await expect
      .poll(() => textNow(panel(page)), { timeout: 15_000 })
      .toContain(`Reconnect as ${supervisor.name}`);
    expect(await textNow(panel(page))).toContain(agent.name);
    expect(await patchesOf(case1.id)).toHaveLength(0);

    await connectFromPanel(page, `Reconnect as ${supervisor.name}`);
    await storedBecomes(case1.id, 'Order_Id__c', 'A-4004');
    expect((await stored(case1.id)).LastModifiedById).toBe(supervisor.id);
  });
});

describe("the admin's page", () => {
  it('shows the exact callback URL and whom this browser acts as; Sign out revokes the token at Salesforce', async () => {
    expect(await connectNow()).toMatchObject({ connected: true });
    const options = await stack.browser.openExtensionPage('options.html#settings');
    pages.push(options);
    const callback = options.getByLabel('Callback URL');
    await expect.poll(() => callback.inputValue(), { timeout: 15_000 }).toBe(callbackUrl());
    const row = options.locator(`li.settings__org[data-org="${acme.org}"]`);
    await expect
      .poll(() => textNow(row), { timeout: 15_000 })
      .toContain(`Connected as ${agent.name} (${agent.username})`);
    const revokedBefore = (await stack.control.oauthState(acme.org)).counts.revocations;
    await options.getByRole('button', { name: `Sign out of ${acme.org}` }).click();
    await expect.poll(() => textNow(row), { timeout: 15_000 }).toContain('Not connected');
    const after = await stack.control.oauthState(acme.org);
    expect(after.counts.revocations).toBeGreaterThan(revokedBefore);
    expect(after.refreshTokens.every((t) => t.revoked)).toBe(true);
    // The next handoff asks to connect again: nothing is written with a forgotten token.
    const page = await open(case2.id);
    await botHandoff(case2.id, { 'Order Id': 'A-6006' });
    await expect
      .poll(() => textNow(connectButton(page)), { timeout: 15_000 })
      .toBe('Connect Salesforce');
    expect(await patchesOf(case2.id)).toHaveLength(0);
  });
});

describe("an admin's mistake, said plainly", () => {
  it("a callback URL that is not the extension's: redirect_uri_mismatch with the exact URL to set", async () => {
    await stack.control.oauthApp({
      org: acme.org,
      consumerKey: CONSUMER_KEY,
      callbackUrl: 'https://example.invalid/oauth/callback',
      consent: 'ask',
      pkceRequired: true,
    });
    const page = await open(case1.id);
    await botHandoff(case1.id, { 'Order Id': 'A-5005' });
    await expect.poll(() => textNow(connectButton(page)), { timeout: 15_000 }).toMatch(/Connect/);
    const windowsBefore = stack.browser.context.pages().length;
    await connectButton(page).click();
    await expect
      .poll(() => textNow(panel(page)), { timeout: 15_000 })
      .toContain('redirect_uri_mismatch');
    const text = await textNow(panel(page));
    expect(text).toContain(callbackUrl());
    expect(text).toMatch(/Callback URL/);
    // The probe caught it: no sign-in window was opened on Salesforce's error page.
    expect(stack.browser.context.pages().length).toBe(windowsBefore);
    expect(await patchesOf(case1.id)).toHaveLength(0);
  });
});
