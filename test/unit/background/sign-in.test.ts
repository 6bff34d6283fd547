/**
 * The sign-in requests through the background's own wiring (lib/background/services.ts and the
 * router) against a fake Salesforce org: a handoff's write waits for the agent to connect and lands
 * after, no reply ever carries a token, and saving a changed consumer key ends the connection.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backgroundServices } from '@/lib/background/services';
import type { HandoffView } from '@/lib/handoff/types';
import type { ConnectResult, SignInStatus } from '@/lib/messaging/protocol';
import { createRouter, type RequestOrigin } from '@/lib/messaging/router';
import type { WebAuthFlow } from '@/lib/platforms/platform';
import type { Settings } from '@/lib/settings/schema';
import { openHandoffDb } from '@/lib/store/db';
import { secretsRepo } from '@/lib/store/secrets';
import {
  BOB,
  CALLBACK,
  CASE,
  CONSUMER_KEY,
  type FakeOrg,
  fakeOrg,
  JANE,
  ORG,
} from '../platforms/salesforce/oauth/fake-org';

const T0 = Date.UTC(2026, 11, 8, 9, 0);
let n = 0;
let org: FakeOrg;
const replies: unknown[] = [];

async function start(
  options: { identity?: WebAuthFlow | null; managed?: () => Record<string, unknown> } = {},
) {
  const db = await openHandoffDb(`sign-in-background-${n++}-${Date.now()}`);
  const services = backgroundServices({
    db,
    cookies: org.cookies,
    fetch: org.fetchFn,
    now: () => T0,
    random: () => 0,
    ...(options.managed ? { managedStorage: { get: async () => options.managed?.() ?? {} } } : {}),
    ...(options.identity === null ? {} : { identity: options.identity ?? org.identity }),
  });
  const route = createRouter(services.handlers);
  async function send<T>(message: unknown, from: RequestOrigin = 'extension-page'): Promise<T> {
    const reply = await route(message, from);
    replies.push(reply);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as T;
  }
  const settings = await send<Settings>({ type: 'settings:get' });
  await send({
    type: 'settings:save',
    settings: {
      ...settings,
      salesforceOAuth: { mode: 'cookie-first', apps: [{ org: ORG, consumerKey: CONSUMER_KEY }] },
    },
  });
  await send({
    type: 'mappings:save',
    mapping: {
      id: 'tier',
      platform: 'salesforce',
      object: 'Case',
      field: 'Account_Tier__c',
      sources: ['Account Tier'],
      valueMap: [{ from: 'Premium', to: 'tier_premium' }],
    },
  });
  return { ...services, send, db, secrets: secretsRepo(db) };
}

const handoff = {
  type: 'handoff:messages',
  record: CASE,
  messages: [
    {
      platformMessageId: 'm1',
      author: 'bot',
      text: 'Thanks, connecting you.\nHandoff context\nAccount Tier: Premium',
    },
  ],
};

beforeEach(() => {
  org = fakeOrg();
  replies.length = 0;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a write that waits for the agent to connect', () => {
  it('is queued with the Connect notice, and lands once the agent connected from the panel', async () => {
    const bg = await start();
    const view = await bg.send<HandoffView>(handoff, 'content-script');
    expect(view.queue?.[0]).toMatchObject({ state: 'retrying' });
    expect(view.notice).toMatchObject({
      code: 'connect-needed',
      signIn: { platform: 'salesforce', org: ORG },
    });
    expect(org.state.record.Account_Tier__c).toBeNull();

    // The panel's Connect Salesforce: a console page may send it.
    const result = await bg.send<ConnectResult>(
      { type: 'auth:connect', platform: 'salesforce', org: ORG },
      'content-script',
    );
    expect(result).toEqual({
      connected: true,
      platform: 'salesforce',
      org: ORG,
      user: { userId: JANE.userId, name: JANE.name, username: JANE.username },
    });
    await vi.waitFor(() => expect(org.state.record.Account_Tier__c).toBe('tier_premium'));
    const patch = org.log.filter((r) => r.method === 'PATCH').at(-1);
    expect(patch?.auth).toMatch(/^Bearer 00Daccess-/);
  });

  it('waits again after a Login As, with Reconnect as the console user, and writes nothing', async () => {
    const bg = await start();
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: ORG });
    org.loginAs(BOB);
    const view = await bg.send<HandoffView>(handoff, 'content-script');
    expect(view.notice).toMatchObject({
      code: 'wrong-user',
      signIn: { platform: 'salesforce', org: ORG, consoleUser: 'Bob Admin' },
      message: expect.stringMatching(/as Jane Doe .*signed in as Bob Admin.*Nothing was sent/),
    });
    // No write was sent, and the token went to no REST request: only to userinfo (its user).
    expect(org.log.filter((r) => r.method === 'PATCH')).toEqual([]);
    const withToken = org.log.filter((r) => r.auth.startsWith('Bearer 00Daccess-'));
    expect(new Set(withToken.map((r) => r.path))).toEqual(new Set(['/services/oauth2/userinfo']));
    expect(org.state.record.Account_Tier__c).toBeNull();
  });
});

describe('the sign-in requests', () => {
  it('answer who is connected where, and the callback URL to copy; never a token', async () => {
    const bg = await start();
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    expect(await bg.send<SignInStatus>({ type: 'auth:status' })).toEqual({
      callbackUrl: CALLBACK,
      orgs: [{ platform: 'salesforce', org: ORG, connected: null }],
    });
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: 'ACME' });
    const status = await bg.send<SignInStatus>({ type: 'auth:status' });
    expect(status.orgs).toEqual([
      {
        platform: 'salesforce',
        org: ORG,
        connected: { userId: JANE.userId, name: JANE.name, username: JANE.username, since: T0 },
      },
    ]);
    await bg.send(handoff, 'content-script');
    await bg.send({ type: 'credentials:list' });
    await bg.send({ type: 'settings:get' });
    // Every token the org issued, and the console's session: in no reply, and never logged.
    const secrets = [...org.state.access.keys(), ...org.state.refresh.keys(), org.sid()];
    expect(secrets.length).toBeGreaterThan(2);
    const said = JSON.stringify(replies);
    for (const secret of secrets) expect(said).not.toContain(secret);
    for (const spy of [log, warn, error]) expect(spy).not.toHaveBeenCalled();
    // …but the token is kept, in the background's secrets store.
    expect(await bg.secrets.reveal('salesforce:acme:oauth')).toMatch(/00Daccess-/);
  });

  it('sign out: the token is revoked, then forgotten', async () => {
    const bg = await start();
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: ORG });
    const status = await bg.send<SignInStatus>({
      type: 'auth:sign-out',
      platform: 'salesforce',
      org: ORG,
    });
    expect(status.orgs).toEqual([{ platform: 'salesforce', org: ORG, connected: null }]);
    expect([...org.state.refresh.values()].every((r) => r.revoked)).toBe(true);
    expect(await bg.secrets.reveal('salesforce:acme:oauth')).toBeUndefined();
  });

  it('status and sign-out are refused to a console page', async () => {
    const bg = await start();
    await expect(bg.send({ type: 'auth:status' }, 'content-script')).rejects.toThrow(
      /may not send "auth:status"/,
    );
    await expect(
      bg.send({ type: 'auth:sign-out', platform: 'salesforce', org: ORG }, 'content-script'),
    ).rejects.toThrow(/may not send/);
  });

  it('a failed sign-in answers the notice with the fix, not an error', async () => {
    org.state.appCallback = 'https://other.chromiumapp.org/';
    const bg = await start();
    const result = await bg.send<ConnectResult>({
      type: 'auth:connect',
      platform: 'salesforce',
      org: ORG,
    });
    expect(result).toEqual({
      connected: false,
      notice: expect.objectContaining({
        code: 'connect-failed',
        message: expect.stringContaining(`set the Callback URL to exactly ${CALLBACK}`),
      }),
    });
  });

  it('a platform without a sign-in, or a browser without the sign-in window, says so', async () => {
    const bg = await start({ identity: null });
    expect(
      await bg.send<ConnectResult>({ type: 'auth:connect', platform: 'salesforce', org: ORG }),
    ).toMatchObject({
      connected: false,
      notice: { code: 'connect-failed', message: expect.stringMatching(/no sign-in window/) },
    });
    expect(await bg.send<SignInStatus>({ type: 'auth:status' })).toEqual({
      callbackUrl: '',
      orgs: [],
    });
    const withWindow = await start();
    expect(
      await withWindow.send<ConnectResult>({
        type: 'auth:connect',
        platform: 'kustomer',
        org: ORG,
      }),
    ).toMatchObject({
      connected: false,
      notice: { message: expect.stringMatching(/Kustomer has no sign-in/) },
    });
  });
});

describe('a consumer key saved anew', () => {
  it('revokes and forgets the connection made with the old one', async () => {
    const bg = await start();
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: ORG });
    const settings = await bg.send<Settings>({ type: 'settings:get' });
    await bg.send({
      type: 'settings:save',
      settings: {
        ...settings,
        salesforceOAuth: {
          mode: 'cookie-first',
          apps: [{ org: ORG, consumerKey: '3MVG9the.new.key.of.acme_000000000' }],
        },
      },
    });
    expect(await bg.secrets.reveal('salesforce:acme:oauth')).toBeUndefined();
    expect(org.calls('/services/oauth2/revoke')).toHaveLength(1);
  });

  it("revokes and forgets it when the organisation's policy sets another key", async () => {
    let managed: Record<string, unknown> = {};
    const bg = await start({ managed: () => managed });
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: ORG });
    managed = {
      settings: JSON.stringify({
        format: 'handoff-fields/settings',
        version: 1,
        salesforceOAuth: {
          mode: 'oauth-only',
          apps: [{ org: ORG, consumerKey: '3MVG9the.policy.key.of.acme_0000000' }],
        },
      }),
    };
    await bg.policy.refresh();
    expect(await bg.secrets.reveal('salesforce:acme:oauth')).toBeUndefined();
    expect([...org.state.refresh.values()].every((r) => r.revoked)).toBe(true);
  });

  it('leaves the connection alone when other settings are saved', async () => {
    const bg = await start();
    await bg.send({ type: 'auth:connect', platform: 'salesforce', org: ORG });
    const settings = await bg.send<Settings>({ type: 'settings:get' });
    await bg.send({ type: 'settings:save', settings: { ...settings, retentionDays: 7 } });
    expect(await bg.secrets.reveal('salesforce:acme:oauth')).toBeDefined();
    expect(org.calls('/services/oauth2/revoke')).toHaveLength(0);
  });
});
