// @vitest-environment node
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KustomerAuthor, simRequest } from '../../sim/client';
import { type KustomerFixture, startKustomerFixture } from '../../sim/kustomer/testing';
import { SEED } from '../../sim/seed';
import { readSseEvents } from './sse-reader';

const K = SEED.kustomer;
const C1 = K.ids.conversation1;
const C2 = K.ids.conversation2;
const CU1 = K.ids.customer1;
const CU2 = K.ids.customer2;
const DESKTOP = K.acme.desktopHost;

let f: KustomerFixture;
beforeAll(async () => {
  f = await startKustomerFixture();
});
afterAll(async () => {
  await f.sim.close();
});
beforeEach(async () => {
  await f.client.reset();
});

interface SseMessage {
  event: string;
  data: Record<string, unknown>;
}
interface Stream {
  events: SseMessage[];
  waitFor(pred: (e: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
}

/** Opens the desktop's event stream from Node. */
function openStream(path: string, host = DESKTOP): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: SseMessage[] = [];
    const waiters: (() => void)[] = [];
    let req: ClientRequest | undefined;
    req = request(
      new URL(path, f.sim.origin),
      { headers: { Host: host }, rejectUnauthorized: false, agent: false },
      (res: IncomingMessage) => {
        readSseEvents(res, (event, data) => {
          events.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        });
        resolve({
          events,
          close: () => req?.destroy(),
          waitFor: (pred, timeoutMs = 3000) =>
            new Promise((ok, fail) => {
              const deadline = setTimeout(
                () => fail(new Error('Timed out waiting for an event')),
                timeoutMs,
              );
              const check = () => {
                const hit = events.find(pred);
                if (hit) {
                  clearTimeout(deadline);
                  ok(hit);
                } else waiters.push(check);
              };
              check();
            }),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const desktop = (path: string, cookie?: string) =>
  simRequest(f.sim.origin, {
    path,
    host: DESKTOP,
    headers: cookie ? { Cookie: cookie } : {},
  });

describe('seed and info', () => {
  it('ids are 24-hex ObjectIds; acme and initech are listed with their hosts', async () => {
    const ids = [
      K.acme.orgId,
      K.initech.orgId,
      ...Object.values(K.ids),
      ...K.initech.customers.map((c) => c.id),
      ...K.initech.conversations.map((c) => c.id),
    ];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(K.acme.customers.map((c) => c.id)).toEqual([CU1, CU2]);
    expect(K.acme.conversations.map((c) => [c.id, c.customerId])).toEqual([
      [C1, CU1],
      [C2, CU2],
      [K.ids.conversation3, CU1],
    ]);
    const info = await f.client.info();
    const kustomer = info.platforms.find((p) => p.id === 'kustomer');
    expect(kustomer?.hosts).toEqual(['*.kustomerapp.com']);
    expect(kustomer?.orgs).toEqual([
      {
        org: 'acme',
        orgId: K.acme.orgId,
        name: 'Acme Support',
        desktopHost: 'acme.kustomerapp.com',
        apiHost: 'acme.api.kustomerapp.com',
      },
      expect.objectContaining({ org: 'initech', desktopHost: 'initech.kustomerapp.com' }),
    ]);
    expect(info.hostResolverRules).toContain(`MAP *.kustomerapp.com 127.0.0.1:${f.sim.port}`);
    // Salesforce stays the default platform of the control API.
    expect(info.platforms[0]?.id).toBe('salesforce');
  });
});

describe('timeline messages', () => {
  it('posts every author kind with default names; system is a timeline event only', async () => {
    const post = (author: KustomerAuthor, text: string) =>
      f.client.kustomerPostMessage({ org: 'acme', recordId: C2, author, text });
    const a = await post('customer', 'Still waiting');
    expect(a).toMatchObject({ kind: 'message', conversationId: C2, customerId: CU2, delivered: 0 });
    expect(a.entryId).toMatch(/^[0-9a-f]{24}$/);
    await post('assist', 'Assist here');
    await post('bot', 'Handoff context\nAccount Tier: Premium');
    const ev = await post('system', 'Conversation assigned to Alex Agent');
    expect(ev.kind).toBe('event');
    await post('agent', 'Hi Riley');
    await post('workflow', 'We received your message: "INV-2231"');
    await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C2,
      author: 'bot',
      text: 'Renamed',
      authorName: 'Kore Bot',
    });
    const { items } = await f.client.kustomerMessages('acme', C2);
    expect(
      items
        .slice(3)
        .map((i) => [
          i.kind,
          i.author,
          i.authorName,
          i.bot,
          i.direction,
          i.app,
          i.auto,
          i.createdBy,
        ]),
    ).toEqual([
      ['message', 'customer', 'Riley Shopper', false, 'in', 'chat', false, undefined],
      ['message', 'assist', 'Customer Assist', true, 'out', 'kustomer-assist', true, K.ids.assist],
      ['message', 'bot', 'Ada Bot', true, 'out', 'acme-bot', true, K.ids.bot],
      ['event', 'system', 'Kustomer', false, undefined, undefined, undefined, undefined],
      ['message', 'agent', 'Alex Agent', false, 'out', 'chat', false, K.ids.agent],
      // A workflow's reply: automated, but signed with the org's brand and shown without a badge.
      ['message', 'workflow', 'Acme Support', false, 'out', 'chat', true, K.ids.workflow],
      ['message', 'bot', 'Kore Bot', true, 'out', 'acme-bot', true, K.ids.bot],
    ]);
    expect(items[0]?.timeLabel).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
    // The API serves the messages, not the event; ids match the control API's entryId.
    const api = await f.k('GET', `/v1/conversations/${C2}/messages`);
    const data = (api.json as { data: { id: string; attributes: { body: string } }[] }).data;
    expect(data).toHaveLength(9);
    expect(data.map((m) => m.attributes.body)).not.toContain('Conversation assigned to Alex Agent');
    expect(data[3]?.id).toBe(a.entryId);
  });

  it('refuses bad message requests', async () => {
    const bad = async (body: Record<string, unknown>, status: number) => {
      const res = await simRequest(f.sim.origin, {
        method: 'POST',
        path: '/__sim/messages',
        body: { platform: 'kustomer', ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json).toHaveProperty('error');
    };
    await bad({ org: 'acme', recordId: C1, author: 'end_user', text: 'x' }, 400);
    await bad({ org: 'acme', recordId: C1, author: 'bot' }, 400);
    await bad({ org: 'acme', recordId: CU1, author: 'bot', text: 'x' }, 404);
    await bad({ org: 'initech', recordId: C1, author: 'bot', text: 'x' }, 404);
    await bad({ org: 'nope', recordId: C1, author: 'bot', text: 'x' }, 404);
  });
});

describe('records, sessions, keys, rate limits', () => {
  it('records: GET {values, rev}; PUT sets values without validation, null clears, rev moves on', async () => {
    const got = await f.client.kustomerGetRecord('acme', 'conversation', C1);
    expect(got).toEqual({ org: 'acme', object: 'conversation', id: C1, values: {}, rev: 1 });
    const put = await f.client.kustomerPutRecord('acme', 'customer', CU1, {
      loyaltyTierStr: 'gold',
      anythingGoes: 1,
    });
    expect(put).toMatchObject({ values: { loyaltyTierStr: 'gold', anythingGoes: 1 }, rev: 2 });
    const cleared = await f.client.kustomerPutRecord('acme', 'customer', CU1, {
      anythingGoes: null,
    });
    expect(cleared).toMatchObject({ values: { loyaltyTierStr: 'gold' }, rev: 3 });
    // The generic client methods take the platform too.
    const generic = await f.client.getRecord('acme', 'customers', CU1, 'kustomer');
    expect(generic.values).toEqual({ loyaltyTierStr: 'gold' });
    await expect(f.client.kustomerGetRecord('acme', 'conversation', CU1)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      f.client.kustomerGetRecord('acme', 'company' as 'customer', CU1),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('session: tokens, mode, cookie domain, rate-limit state', async () => {
    const s = await f.client.kustomerSession('acme');
    expect(s).toMatchObject({
      org: 'acme',
      orgId: K.acme.orgId,
      mode: 'normal',
      cookieDomain: 'kustomerapp.com',
    });
    expect(s.authToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(s.rateLimit).toMatchObject({ limit: 1000, windowSeconds: 60, used: 0 });
    const i = await f.client.kustomerSession('initech');
    expect(i.authToken).not.toBe(s.authToken);
    const generic = await f.client.getSession('acme', 'kustomer');
    expect(generic).toMatchObject({ org: 'acme', mode: 'normal' });
    const refused = await f.client.setSession('acme', 'normal', 'kustomer');
    expect(refused).toMatchObject({ mode: 'normal' });
  });

  it('api keys: create (default and custom roles), list, validation; unknown platform paths → 404', async () => {
    const a = await f.client.kustomerCreateApiKey('acme');
    expect(a.roles).toContain('org.user.conversation.write');
    const b = await f.client.kustomerCreateApiKey('acme', ['org.permission.conversation.read']);
    expect(b.roles).toEqual(['org.permission.conversation.read']);
    const list = await simRequest(f.sim.origin, { path: '/__sim/kustomer/api-keys?org=acme' });
    expect((list.json as { keys: { apiKey: string }[] }).keys.map((k) => k.apiKey)).toEqual([
      a.apiKey,
      b.apiKey,
    ]);
    const bad = await simRequest(f.sim.origin, {
      method: 'POST',
      path: '/__sim/kustomer/api-keys',
      body: { org: 'acme', roles: 'all' },
    });
    expect(bad.status).toBe(400);
    const noOrg = await simRequest(f.sim.origin, {
      method: 'POST',
      path: '/__sim/kustomer/api-keys',
      body: { org: 'nope' },
    });
    expect(noOrg.status).toBe(404);
    const nothing = await simRequest(f.sim.origin, { path: '/__sim/kustomer/nothing' });
    expect(nothing.status).toBe(404);
    const sfNothing = await simRequest(f.sim.origin, { path: '/__sim/salesforce/api-keys' });
    expect(sfNothing.status).toBe(404);
    // Generic routes that look like platform paths are unaffected.
    expect(
      (await simRequest(f.sim.origin, { path: '/__sim/records/acme/Case/5005g00000HfCa1AAF' }))
        .status,
    ).toBe(200);
  });

  it('rate-limit: GET state, POST settings', async () => {
    await f.k('GET', `/v1/conversations/${C1}`);
    const state = await f.client.kustomerRateLimit('acme');
    expect(state).toMatchObject({
      org: 'acme',
      limit: 1000,
      windowSeconds: 60,
      used: 1,
      remaining: 999,
    });
    expect(state.resetInSeconds).toBeGreaterThan(0);
    const set = await f.client.kustomerSetRateLimit('acme', { limit: 5 });
    expect(set).toMatchObject({ limit: 5, used: 0, remaining: 5, windowSeconds: 60 });
    const back = await f.client.kustomerSetRateLimit('acme', { reset: true });
    expect(back).toMatchObject({ limit: 1000, windowSeconds: 60 });
  });
});

describe('faults and the request log', () => {
  const get = () => f.k('GET', `/v1/conversations/${C1}`);

  it('faults filtered by platform reach the Kustomer API with Kustomer bodies', async () => {
    await f.client.addFault({ count: 1, kind: '500', platform: 'salesforce' });
    await f.client.addFault({ count: 1, kind: '401', platform: 'kustomer' });
    await f.client.addFault({ count: 1, kind: '403-limit', platform: 'kustomer' });
    await f.client.addFault({ count: 1, kind: '429', retryAfterSeconds: 7, platform: 'kustomer' });
    await f.client.addFault({ count: 1, kind: '500', platform: 'kustomer', org: 'acme' });
    await f.client.addFault({ count: 1, kind: '503', retryAfterSeconds: 3, platform: 'kustomer' });
    const r401 = await get();
    expect([r401.status, (r401.json as { errors: { code: string }[] }).errors[0]?.code]).toEqual([
      401,
      'unauthorized',
    ]);
    expect((await get()).status).toBe(403);
    const r429 = await get();
    expect(r429.status).toBe(429);
    expect(r429.headers['x-ratelimit-remaining']).toBe('0');
    expect(r429.headers['x-ratelimit-reset']).toBe('7');
    const r500 = await get();
    expect(r500.status).toBe(500);
    const r503 = await get();
    expect([r503.status, r503.headers['retry-after']]).toEqual([503, '3']);
    expect((await get()).status).toBe(200);
    // The Salesforce fault is still pending.
    expect((await f.client.listFaults()).pending.map((p) => p.platform)).toEqual(['salesforce']);
  });

  it('delay and drop', async () => {
    await f.client.addFault({ count: 1, kind: 'delay', delayMs: 200, platform: 'kustomer' });
    const t0 = Date.now();
    expect((await get()).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    await f.client.addFault({ count: 1, kind: 'drop', platform: 'kustomer', method: 'PUT' });
    expect((await get()).status).toBe(200);
    await expect(
      f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { vipBool: true } } }),
    ).rejects.toThrow();
    const log = await f.client.requests({ platform: 'kustomer', method: 'PUT' });
    expect(log.map((r) => [r.status, r.fault])).toEqual([[0, 'drop']]);
  });

  it('logs API requests (platform kustomer) with status and parsed body; desktop calls are not logged', async () => {
    await get();
    await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { accountTierStr: 'gold' } } });
    await f.k('GET', `/v1/conversations/${C1}`, { org: 'initech' });
    await f.k('GET', `/v1/conversations/${C1}`, { headers: { 'x-sim-desktop': '1' } });
    const all = await f.client.requests({ platform: 'kustomer' });
    expect(all.map((r) => [r.org, r.method, r.path, r.status])).toEqual([
      ['acme', 'GET', `/v1/conversations/${C1}`, 200],
      ['acme', 'PUT', `/v1/conversations/${C1}`, 400],
      ['initech', 'GET', `/v1/conversations/${C1}`, 404],
    ]);
    expect(all[1]?.body).toEqual({ custom: { accountTierStr: 'gold' } });
    expect(all[1]?.headers.contentType).toBe('application/json');
    expect(await f.client.requests({ platform: 'salesforce' })).toEqual([]);
  });

  it('reset restores records, timelines, modes and rate limits; keeps keys and tokens', async () => {
    const before = await f.client.kustomerSession('acme');
    const key = await f.client.kustomerCreateApiKey('acme');
    await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { vipBool: true } } });
    await f.client.kustomerPostMessage({ org: 'acme', recordId: C1, author: 'bot', text: 'x' });
    await f.client.kustomerSetSession('acme', 'session-writes-refused');
    await f.client.kustomerSetRateLimit('acme', { limit: 1 });
    await f.client.reset();
    expect(await f.client.kustomerGetRecord('acme', 'conversation', C1)).toMatchObject({
      values: {},
      rev: 1,
    });
    expect((await f.client.kustomerMessages('acme', C1)).items).toHaveLength(5);
    const after = await f.client.kustomerSession('acme');
    expect(after).toMatchObject({ mode: 'normal', authToken: before.authToken });
    expect(after.rateLimit.limit).toBe(1000);
    expect(
      (await f.k('GET', `/v1/users/${key.userId}`, { auth: { bearer: key.apiKey } })).status,
    ).toBe(200);
  });
});

describe('the desktop host', () => {
  it('pages without a session redirect to /login?next=…; /login sets the cookies and redirects back', async () => {
    const path = `/app/customers/${CU1}/event/${C1}`;
    const anon = await desktop(path);
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    const login = await desktop(`/login?next=${encodeURIComponent(path)}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(path);
    const cookies = login.headers['set-cookie'] ?? [];
    const s = await f.client.kustomerSession('acme');
    expect(cookies).toEqual([
      `x-kustomer-auth-token=${s.authToken}; Path=/; Domain=kustomerapp.com; Secure; HttpOnly; SameSite=None`,
      `_csrf=${s.csrf}; Path=/; Domain=kustomerapp.com; Secure; SameSite=None`,
    ]);
    // Open redirects are not followed.
    expect((await desktop('/login?next=//evil.example/')).headers.location).toBe(
      '/app/conversations',
    );
    // After expire, /login hands out a new token.
    await f.client.kustomerSetSession('acme', 'expire');
    expect((await desktop(path, `x-kustomer-auth-token=${s.authToken}`)).status).toBe(302);
    await desktop('/login');
    const renewed = await f.client.kustomerSession('acme');
    expect(renewed.authToken).toEqual(expect.any(String));
    expect(renewed.authToken).not.toBe(s.authToken);
  });

  it('serves the app for both URL forms; unknown or mismatched ids render "not found"', async () => {
    const s = await f.client.kustomerSession('acme');
    const cookie = `x-kustomer-auth-token=${s.authToken}; _csrf=${s.csrf}`;
    const boot = async (path: string) => {
      const res = await desktop(path, cookie);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      const json = /<script type="application\/json" id="kt-boot">(.*?)<\/script>/s.exec(
        res.text,
      )?.[1];
      return JSON.parse(json ?? 'null') as {
        org: string;
        apiOrigin: string;
        window: number;
        current: { conversationId: string; items: unknown[] } | null;
        notFound: boolean;
        conversations: { id: string }[];
      };
    };
    const a = await boot(`/app/customers/${CU1}/event/${C1}`);
    expect(a).toMatchObject({ org: 'acme', window: 25, notFound: false });
    expect(a.apiOrigin).toMatch(/^https:\/\/acme\.api\.kustomerapp\.com(:\d+)?$/);
    expect(a.current?.conversationId).toBe(C1);
    expect(a.current?.items).toHaveLength(5);
    expect(a.conversations.map((c) => c.id)).toEqual([C1, C2, K.ids.conversation3]);
    expect((await boot(`/app/conversations/${C2}`)).current?.conversationId).toBe(C2);
    expect((await boot('/app/conversations')).current).toBeNull();
    expect((await boot('/app/conversations/6650f00dc3d4e5f60123ffff')).notFound).toBe(true);
    expect((await boot(`/app/customers/${CU2}/event/${C1}`)).notFound).toBe(true);
    expect((await desktop('/', cookie)).headers.location).toBe('/app/conversations');
    expect((await desktop('/elsewhere', cookie)).status).toBe(404);
    // initech's desktop does not accept acme's token.
    const other = await simRequest(f.sim.origin, {
      path: '/app/conversations',
      host: K.initech.desktopHost,
      headers: { Cookie: cookie },
    });
    expect(other.status).toBe(302);
  });

  it('the live stream: items, navigate, record-changed (API writes and agent edits), reset, replay', async () => {
    const stream = await openStream('/__sim/stream?org=acme');
    try {
      await expect.poll(() => f.client.pages('acme', 'kustomer')).toBe(1);
      await f.client.waitForPages('acme', 1, 2000, 'kustomer');
      expect(await f.client.pages('acme')).toBe(0); // the default platform is Salesforce
      const posted = await f.client.kustomerPostMessage({
        org: 'acme',
        recordId: C1,
        author: 'bot',
        text: 'Live',
      });
      expect(posted.delivered).toBe(1);
      const item = await stream.waitFor((e) => e.event === 'item');
      expect(item.data).toMatchObject({
        conversationId: C1,
        customerId: CU1,
        item: { id: posted.entryId, text: 'Live', bot: true, direction: 'out' },
      });
      const opened = await f.client.kustomerOpenConversation('acme', C2);
      expect(opened).toEqual({
        path: `/app/customers/${CU2}/event/${C2}`,
        label: 'Charged twice for the May invoice',
        delivered: 1,
      });
      await stream.waitFor((e) => e.event === 'navigate');
      await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { vipBool: true } } });
      await f.client.kustomerPutRecord('acme', 'conversation', C1, { accountTierStr: 'basic' });
      await stream.waitFor((e) => e.event === 'record-changed' && e.data.source === 'ui');
      // An API write is pushed as the agent's own edit is (the desktop's real-time channel).
      expect(stream.events.filter((e) => e.event === 'record-changed').map((e) => e.data)).toEqual([
        { resource: 'conversation', id: C1, source: 'api' },
        { resource: 'conversation', id: C1, source: 'ui' },
      ]);
      await f.client.reset();
      await stream.waitFor((e) => e.event === 'reset');
    } finally {
      stream.close();
    }
    // A reconnecting page gets what it missed.
    const a = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C1,
      author: 'customer',
      text: 'one',
    });
    await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C2,
      author: 'customer',
      text: 'two',
    });
    const replay = await openStream(`/__sim/stream?org=acme&since=${a.seq - 1}`);
    try {
      await replay.waitFor(
        (e) => e.event === 'item' && (e.data.item as { text: string }).text === 'two',
      );
      expect(replay.events.map((e) => (e.data.item as { text: string }).text)).toEqual([
        'one',
        'two',
      ]);
    } finally {
      replay.close();
    }
  });

  it('desktop data endpoints', async () => {
    const list = await simRequest(f.sim.origin, {
      path: '/__sim/ui/desktop?org=acme',
      host: DESKTOP,
    });
    expect(
      (list.json as { conversations: { id: string; customerName: string }[] }).conversations[1],
    ).toMatchObject({
      id: C2,
      customerName: 'Riley Shopper',
    });
    const timeline = await simRequest(f.sim.origin, {
      path: `/__sim/ui/timeline?org=acme&id=${C2}`,
      host: DESKTOP,
    });
    expect(timeline.json).toMatchObject({ conversationId: C2, customerId: CU2, status: 'open' });
    const missing = await simRequest(f.sim.origin, {
      path: '/__sim/ui/timeline?org=acme&id=6650f00dc3d4e5f60123ffff',
      host: DESKTOP,
    });
    expect(missing.status).toBe(404);
  });
});

describe('attributes deactivated after a catalog was cached', () => {
  it('drop out of the metadata, are refused on write naming the attribute, and come back on reset', async () => {
    await f.client.kustomerSetAttributeActive('acme', 'conversation', 'accountTierStr', false);
    const meta = await f.k('GET', '/v1/metadata/conversation');
    const properties = (meta.json as { data: { attributes: { properties: object } } }).data
      .attributes.properties;
    expect(Object.keys(properties)).not.toContain('accountTierStr');
    const put = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: { custom: { accountTierStr: 'premium' } },
    });
    expect(put.status).toBe(400);
    expect(put.text).toContain('accountTierStr');
    expect(
      (await f.client.kustomerGetRecord('acme', 'conversation', C1)).values.accountTierStr ?? null,
    ).toBeNull();
    await f.client.reset();
    const again = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: { custom: { accountTierStr: 'premium' } },
    });
    expect(again.status).toBe(200);
  });
});
