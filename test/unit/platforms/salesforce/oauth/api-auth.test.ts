/**
 * The Salesforce client with a sign-in (the platform's own `createClient` and `signIn`) against a
 * fake org: which requests go with the cookie and which with the token, and that a token of anyone
 * but the console's user never sends anything.
 */
import { describe, expect, it } from 'vitest';
import type { ClientDeps, PlatformSignIn } from '@/lib/platforms/platform';
import { salesforce } from '@/lib/platforms/salesforce';
import { tokenStore } from '@/lib/platforms/salesforce/oauth/tokens';
import type { SalesforceOAuthSettings } from '@/lib/platforms/salesforce/oauth-settings';
import { toId18 } from '@/lib/platforms/salesforce/url';
import { defaultSettings } from '@/lib/settings/schema';
import { openHandoffDb } from '@/lib/store/db';
import { secretsRepo } from '@/lib/store/secrets';
import { BOB, CASE, CONSUMER_KEY, fakeOrg, HOST, JANE, ORG } from './fake-org';

let n = 0;

async function harness(oauth: Partial<SalesforceOAuthSettings> = {}) {
  const org = fakeOrg();
  const secrets = secretsRepo(await openHandoffDb(`api-auth-${++n}-${Date.now()}`));
  const settings = {
    salesforceOAuth: {
      mode: 'cookie-first',
      apps: [{ org: ORG, consumerKey: CONSUMER_KEY }],
      ...oauth,
    } as SalesforceOAuthSettings,
  };
  const deps: ClientDeps = {
    cookies: org.cookies,
    secrets,
    fetch: org.fetchFn,
    settings: async () => ({ ...defaultSettings(), ...settings }),
  };
  const client = salesforce.createClient(deps);
  const signIn = salesforce.signIn?.({ ...deps, identity: org.identity, now: () => 1_000 });
  if (!signIn) throw new Error('Salesforce has a sign-in');
  const tokens = tokenStore(secrets);
  /** The REST requests (not the OAuth endpoints), with what authenticated them. */
  const rest = () =>
    org.log
      .filter((r) => r.path.startsWith('/services/data/'))
      .map(
        (r) =>
          `${r.method} ${r.auth.startsWith(`Bearer ${org.sid().split('!')[0]}!console`) ? 'cookie' : 'token'}`,
      );
  return { org, client, signIn: signIn as PlatformSignIn, tokens, settings, secrets, rest };
}

describe('cookie-first', () => {
  it('sends nothing more than before to an org whose cookie session works', async () => {
    const { org, client } = await harness();
    org.state.accessControl = false;
    await client.read(CASE, ['Subject']);
    await client.write(CASE, { Subject: 'Hi' });
    expect(org.log.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /services/data/',
      `GET /services/data/v66.0/sobjects/Case/${CASE.id}`,
      `PATCH /services/data/v66.0/sobjects/Case/${CASE.id}`,
    ]);
    expect(org.log.every((r) => r.auth === `Bearer ${org.sid()}`)).toBe(true);
  });

  it('asks the agent to connect when the org refuses the cookie session and no token is kept', async () => {
    const { org, client } = await harness();
    const error = await client.write(CASE, { Subject: 'Hi' }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'connect-needed',
      signIn: { platform: 'salesforce', org: ORG },
      message: expect.stringMatching(/API Access Control.*Press Connect Salesforce/),
    });
    // The cookie was tried (and refused); nothing was written.
    expect(org.calls().filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(org.state.record.Subject).toBe('Help');
  });

  it('says an admin must set the consumer key when the org has none', async () => {
    const { client } = await harness({ apps: [] });
    await expect(client.read(CASE, ['Subject'])).rejects.toMatchObject({
      code: 'connect-not-set-up',
      message: expect.stringMatching(
        /Ask your Salesforce admin to set the org's External Client App consumer key in Handoff Fields' Settings → Salesforce sign-in/,
      ),
    });
  });

  it('sends the refused request again with the token, then goes straight to the token', async () => {
    const { org, client, signIn, rest } = await harness();
    expect(await signIn.connect(ORG)).toEqual({
      userId: JANE.userId,
      name: JANE.name,
      username: JANE.username,
    });
    await client.write(CASE, { Subject: 'Hi' });
    await client.read(CASE, ['Subject']);
    expect(rest()).toEqual(['GET cookie', 'PATCH cookie', 'PATCH token', 'GET token']);
    expect(org.state.record.Subject).toBe('Hi');
    const tokenCall = org.log.filter((r) => r.method === 'PATCH').at(-1);
    expect(tokenCall?.auth).toMatch(/^Bearer 00Daccess-/);
    expect(tokenCall?.credentials).toBe('omit');
  });

  it('renews an expired access token and sends again, once, without the agent noticing', async () => {
    const { org, client, signIn, tokens } = await harness({ mode: 'oauth-only' });
    await signIn.connect(ORG);
    const before = await tokens.get(ORG);
    org.expireAccessTokens();
    expect(await client.read(CASE, ['Subject'])).toMatchObject({ values: { Subject: 'Help' } });
    const refreshes = org
      .calls('/services/oauth2/token')
      .filter((r) => r.body.includes('grant_type=refresh_token'));
    expect(refreshes).toHaveLength(1);
    const after = await tokens.get(ORG);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).toBe(before?.refreshToken);
    expect(after?.savedAt).toBe(before?.savedAt);
  });

  it('forgets a revoked token and asks the agent to connect again', async () => {
    const { org, client, signIn, tokens } = await harness({ mode: 'oauth-only' });
    await signIn.connect(ORG);
    org.revokeAll();
    await expect(client.write(CASE, { Subject: 'Hi' })).rejects.toMatchObject({
      code: 'connect-needed',
      signIn: { platform: 'salesforce', org: ORG },
      message: expect.stringMatching(/expired or was revoked.*Press Connect Salesforce/),
    });
    expect(await tokens.get(ORG)).toBeNull();
    expect(org.state.record.Subject).toBe('Help');
  });
});

describe('never as the wrong user', () => {
  it('sends nothing after a Login As another user, and names both users', async () => {
    const { org, client, signIn } = await harness({ mode: 'oauth-only' });
    await signIn.connect(ORG);
    org.loginAs(BOB);
    const sentBefore = org.log.length;
    const error = await client.write(CASE, { Subject: 'Hi' }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'wrong-user',
      signIn: { platform: 'salesforce', org: ORG, consoleUser: 'Bob Admin' },
    });
    expect(error.message).toMatch(
      /connected to Salesforce \(acme\) as Jane Doe \(jane@acme\.example\), but the console is signed in as Bob Admin \(bob@acme\.example\)\. Nothing was sent\. Press Reconnect as Bob Admin/,
    );
    // Only the question of who the console's user is went out: no REST request at all.
    expect(org.log.slice(sentBefore).map((r) => r.path)).toEqual(['/services/oauth2/userinfo']);
    expect(org.state.record.Subject).toBe('Help');
  });

  it('sends nothing with a token of another org, even for the same user id', async () => {
    const { org, client, tokens } = await harness({ mode: 'oauth-only' });
    const otherOrg = toId18('00D000000000OTH') as string;
    await tokens.save(ORG, {
      accessToken: '00Daccess-other',
      identityUrl: `https://login.salesforce.com/id/${otherOrg}/${JANE.userId}`,
      orgId: otherOrg,
      userId: JANE.userId,
      name: JANE.name,
      consumerKey: CONSUMER_KEY,
      issuedAt: 0,
      savedAt: 0,
    });
    await expect(client.read(CASE, ['Subject'])).rejects.toMatchObject({
      code: 'wrong-user',
      message: expect.stringMatching(/belongs to another org/),
    });
    expect(org.log.filter((r) => r.path.startsWith('/services/data/v'))).toEqual([]);
  });

  it('writes again once the agent reconnected as the console user', async () => {
    const { org, client, signIn } = await harness({ mode: 'oauth-only' });
    await signIn.connect(ORG);
    org.loginAs(BOB);
    await expect(client.read(CASE, ['Subject'])).rejects.toMatchObject({ code: 'wrong-user' });
    expect((await signIn.connect(ORG)).name).toBe(BOB.name);
    expect(await client.write(CASE, { Subject: 'As Bob' })).toEqual({ ok: true });
    // The connection it replaced (Jane's) was revoked.
    expect([...org.state.refresh.values()].map((r) => [r.user.name, r.revoked])).toEqual([
      ['Jane Doe', true],
      ['Bob Admin', false],
    ]);
  });
});

describe('oauth-only', () => {
  it('never sends the cookie session to the REST API, only to userinfo to know the console user', async () => {
    const { org, client, signIn, rest } = await harness({ mode: 'oauth-only' });
    org.state.accessControl = false;
    await signIn.connect(ORG);
    await client.write(CASE, { Subject: 'Hi' });
    expect(rest()).toEqual(['GET token', 'PATCH token']);
    const withCookie = org.log.filter((r) => r.auth === `Bearer ${org.sid()}`).map((r) => r.path);
    expect(new Set(withCookie)).toEqual(new Set(['/services/oauth2/userinfo']));
  });

  it('asks to connect with no token, even where the cookie would work', async () => {
    const { org, client } = await harness({ mode: 'oauth-only' });
    org.state.accessControl = false;
    await expect(client.read(CASE, ['Subject'])).rejects.toMatchObject({
      code: 'connect-needed',
      message: expect.stringMatching(/Your organisation has Handoff Fields use its own/),
    });
    expect(org.log).toEqual([]);
  });
});

describe('a consumer key that changed', () => {
  it('ends the token issued for the old key at its next use', async () => {
    const { org, client, signIn, tokens, settings } = await harness({ mode: 'oauth-only' });
    await signIn.connect(ORG);
    settings.salesforceOAuth.apps = [
      { org: ORG, consumerKey: '3MVG9another.key.of.acme_01234567' },
    ];
    await expect(client.read(CASE, ['Subject'])).rejects.toMatchObject({ code: 'connect-needed' });
    expect(await tokens.get(ORG)).toBeNull();
    expect(org.calls('/services/oauth2/revoke')).toHaveLength(1);
    expect([...org.state.refresh.values()].every((r) => r.revoked)).toBe(true);
  });

  it('ends it when the settings change (a save or a policy), and a removed key too', async () => {
    const { org, signIn, tokens, settings } = await harness();
    await signIn.connect(ORG);
    await signIn.settingsChanged({ ...defaultSettings(), ...settings });
    expect(await tokens.get(ORG)).not.toBeNull();
    await signIn.settingsChanged({
      ...defaultSettings(),
      salesforceOAuth: { mode: 'cookie-first', apps: [] },
    });
    expect(await tokens.get(ORG)).toBeNull();
    expect(org.calls('/services/oauth2/revoke')).toHaveLength(1);
  });
});

describe('connecting', () => {
  it('runs PKCE S256 through the sign-in window and keeps who the token acts as', async () => {
    const { org, signIn, tokens } = await harness();
    await signIn.connect(ORG);
    const opened = new URL(org.windows[0] ?? '');
    expect(opened.host).toBe(HOST);
    expect(opened.searchParams.get('code_challenge_method')).toBe('S256');
    const kept = await tokens.get(ORG);
    expect(kept).toMatchObject({
      orgId: expect.stringMatching(/^00D/),
      userId: JANE.userId,
      name: JANE.name,
      username: JANE.username,
      consumerKey: CONSUMER_KEY,
      issuedAt: 1_700_000_000_000,
      savedAt: 1_000,
    });
    expect(await signIn.status()).toEqual([
      {
        org: ORG,
        connected: { userId: JANE.userId, name: JANE.name, username: JANE.username, since: 1_000 },
      },
    ]);
  });

  it('opens no window when the probe finds the callback URL wrong', async () => {
    const { org, signIn } = await harness();
    org.state.appCallback = 'https://other.chromiumapp.org/';
    await expect(signIn.connect(ORG)).rejects.toMatchObject({
      code: 'connect-failed',
      message: expect.stringMatching(
        /^Salesforce refused the callback URL \(redirect_uri_mismatch\)/,
      ),
    });
    expect(org.windows).toEqual([]);
  });

  it.each([
    [
      'close',
      /window was closed before Salesforce answered\. Nothing was changed\. Press Connect again/,
    ],
    ['deny', /You did not allow Handoff Fields.*Nothing was changed/],
  ] as const)('keeps nothing when the agent chooses %s', async (choice, message) => {
    const { org, signIn, tokens } = await harness();
    org.state.window = choice;
    await expect(signIn.connect(ORG)).rejects.toMatchObject({ code: 'connect-failed', message });
    expect(await tokens.get(ORG)).toBeNull();
  });

  it("keeps no token of another user than the console's (the window signed in someone else)", async () => {
    const { org, signIn, tokens } = await harness();
    org.state.windowUser = BOB;
    await expect(signIn.connect(ORG)).rejects.toMatchObject({
      code: 'wrong-user',
      signIn: { platform: 'salesforce', org: ORG, consoleUser: 'Jane Doe' },
      message: expect.stringMatching(
        /signed in as Bob Admin .*but the console is signed in as Jane Doe .*not kept/,
      ),
    });
    expect(await tokens.get(ORG)).toBeNull();
    expect([...org.state.refresh.values()].every((r) => r.revoked)).toBe(true);
  });

  it('needs a consumer key for the org', async () => {
    const { org, signIn } = await harness({ apps: [] });
    await expect(signIn.connect(ORG)).rejects.toMatchObject({ code: 'connect-not-set-up' });
    expect(org.log).toEqual([]);
  });

  it('signs out: revokes at Salesforce, then forgets', async () => {
    const { org, signIn, tokens } = await harness();
    await signIn.connect(ORG);
    await signIn.signOut(ORG);
    expect(await tokens.get(ORG)).toBeNull();
    expect([...org.state.refresh.values()].every((r) => r.revoked)).toBe(true);
    expect(await signIn.status()).toEqual([{ org: ORG, connected: null }]);
  });
});
