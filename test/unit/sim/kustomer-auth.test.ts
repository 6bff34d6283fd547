// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RATE_LIMIT_RESET_MODE } from '../../sim/kustomer/api';
import { type KustomerFixture, startKustomerFixture } from '../../sim/kustomer/testing';
import { SEED } from '../../sim/seed';

const K = SEED.kustomer;
const C1 = K.ids.conversation1;
const INITECH_C = K.initech.conversations[0]?.id ?? '';

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

type Errors = { errors: Record<string, unknown>[] };
const firstError = (json: unknown) => (json as Errors).errors[0];
const write = { custom: { vipBool: true } };

describe('the agent session (cookie + x-kustomer-client; CSRF for writes)', () => {
  it('GETs need the cookie and the client header, no CSRF token', async () => {
    const ok = await f.k('GET', `/v1/conversations/${C1}`, { csrfCookie: null, csrfHeader: null });
    expect(ok.status).toBe(200);
    const noClient = await f.k('GET', `/v1/conversations/${C1}`, { client: null });
    expect(noClient.status).toBe(401);
    const noCookie = await f.k('GET', `/v1/conversations/${C1}`, { authToken: null });
    expect(noCookie.status).toBe(401);
    const wrongCookie = await f.k('GET', `/v1/conversations/${C1}`, { authToken: 'forged' });
    expect(wrongCookie.status).toBe(401);
    expect(firstError(wrongCookie.json)).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('no credentials at all → 401', async () => {
    const res = await f.k('GET', `/v1/conversations/${C1}`, { auth: 'none' });
    expect(res.status).toBe(401);
    expect(res.headers['x-ratelimit-limit']).toBe('1000');
  });

  it('writes need x-csrf-token equal to the _csrf cookie (double submit)', async () => {
    expect((await f.k('PUT', `/v1/conversations/${C1}`, { body: write })).status).toBe(200);
    const missing = await f.k('PUT', `/v1/conversations/${C1}`, { body: write, csrfHeader: null });
    expect(missing.status).toBe(403);
    expect(firstError(missing.json)).toMatchObject({ status: 403, code: 'forbidden' });
    const wrong = await f.k('PATCH', `/v1/conversations/${C1}`, {
      body: write,
      csrfHeader: 'not-the-cookie',
    });
    expect(wrong.status).toBe(403);
    // Double submit: any value works as long as header and cookie agree.
    const pair = await f.k('PATCH', `/v1/conversations/${C1}`, {
      body: write,
      csrfHeader: 'same',
      csrfCookie: 'same',
    });
    expect(pair.status).toBe(200);
    const noCookie = await f.k('PATCH', `/v1/conversations/${C1}`, {
      body: write,
      csrfCookie: null,
    });
    expect(noCookie.status).toBe(403);
    expect((await f.client.kustomerGetRecord('acme', 'conversation', C1)).rev).toBe(3);
  });

  it('session-writes-refused: cookie writes → 403, GETs still work, a Bearer key still writes', async () => {
    const s = await f.client.kustomerSetSession('acme', 'session-writes-refused');
    expect(s.mode).toBe('session-writes-refused');
    expect((await f.k('GET', `/v1/conversations/${C1}`)).status).toBe(200);
    const refused = await f.k('PUT', `/v1/conversations/${C1}`, { body: write });
    expect(refused.status).toBe(403);
    expect(firstError(refused.json)).toMatchObject({ code: 'forbidden' });
    const key = await f.client.kustomerCreateApiKey('acme');
    const viaKey = await f.k('PUT', `/v1/conversations/${C1}`, {
      auth: { bearer: key.apiKey },
      body: write,
    });
    expect(viaKey.status).toBe(200);
    await f.client.kustomerSetSession('acme', 'normal');
    expect((await f.k('PUT', `/v1/conversations/${C1}`, { body: write })).status).toBe(200);
  });

  it('expire invalidates the token until the next /login; rotate replaces token and CSRF', async () => {
    const before = await f.client.kustomerSession('acme');
    expect(before.authToken).toEqual(expect.any(String));
    const expired = await f.client.kustomerSetSession('acme', 'expire');
    expect(expired.authToken).toBeNull();
    const r = await f.k('GET', `/v1/conversations/${C1}`, { authToken: before.authToken });
    expect(r.status).toBe(401);
    // (The next /login hands out a new token: kustomer-control.test.ts.)
    const rotated = await f.client.kustomerSetSession('acme', 'rotate');
    expect(rotated.authToken).not.toBe(before.authToken);
    expect(rotated.csrf).not.toBe(before.csrf);
    expect(
      (await f.k('GET', `/v1/conversations/${C1}`, { authToken: before.authToken })).status,
    ).toBe(401);
    expect((await f.k('GET', `/v1/conversations/${C1}`)).status).toBe(200);
    await expect(f.client.kustomerSetSession('acme', 'bogus' as 'normal')).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('API keys (Authorization: Bearer)', () => {
  it('a key acts as a machine user; a wrong key → 401 even with a valid cookie', async () => {
    const key = await f.client.kustomerCreateApiKey('acme', undefined, 'Handoff Fields');
    expect(key.apiKey.split('.')).toHaveLength(3);
    expect(key.userId).toMatch(/^[0-9a-f]{24}$/);
    const res = await f.k('PUT', `/v1/conversations/${C1}`, {
      auth: { bearer: key.apiKey },
      body: { custom: { accountTierStr: 'enterprise' } },
    });
    expect(res.status).toBe(200);
    const data = (res.json as { data: { relationships: { modifiedBy: { data: { id: string } } } } })
      .data;
    expect(data.relationships.modifiedBy.data.id).toBe(key.userId);
    const me = await f.k('GET', '/v1/users/current', { auth: { bearer: key.apiKey } });
    expect(
      (me.json as { data: { attributes: Record<string, unknown> } }).data.attributes,
    ).toMatchObject({
      name: 'Handoff Fields',
      userType: 'machine',
    });
    const user = await f.k('GET', `/v1/users/${key.userId}`);
    expect(user.status).toBe(200);
    const bad = await f.k('GET', `/v1/conversations/${C1}`, {
      auth: { bearer: 'nope' },
      headers: {
        Cookie: `x-kustomer-auth-token=${(await f.client.kustomerSession('acme')).authToken}`,
      },
    });
    expect(bad.status).toBe(401);
    // Keys survive a reset (like session secrets).
    await f.client.reset();
    expect(
      (await f.k('GET', `/v1/conversations/${C1}`, { auth: { bearer: key.apiKey } })).status,
    ).toBe(200);
  });

  it('roles are enforced: a read-only key cannot update', async () => {
    const key = await f.client.kustomerCreateApiKey('acme', [
      'org.permission.conversation.read',
      'org.user.message.read',
    ]);
    const auth = { bearer: key.apiKey };
    expect((await f.k('GET', `/v1/conversations/${C1}`, { auth })).status).toBe(200);
    expect((await f.k('GET', `/v1/conversations/${C1}/messages`, { auth })).status).toBe(200);
    const put = await f.k('PUT', `/v1/conversations/${C1}`, { auth, body: write });
    expect(put.status).toBe(403);
    expect(String(firstError(put.json)?.detail)).toContain('org.permission.conversation.update');
    expect((await f.k('GET', '/v1/metadata/conversation', { auth })).status).toBe(403);
    expect((await f.k('GET', `/v1/customers/${K.ids.customer1}`, { auth })).status).toBe(403);
  });
});

describe('org separation', () => {
  it('each org has its own records, users, session and keys', async () => {
    expect((await f.k('GET', `/v1/conversations/${INITECH_C}`)).status).toBe(404);
    expect((await f.k('GET', `/v1/conversations/${INITECH_C}`, { org: 'initech' })).status).toBe(
      200,
    );
    expect((await f.k('GET', `/v1/conversations/${C1}`, { org: 'initech' })).status).toBe(404);
    expect((await f.k('GET', `/v1/users/${K.ids.agent}`, { org: 'initech' })).status).toBe(404);
    // acme's session token is not valid on initech's API.
    const acme = await f.client.kustomerSession('acme');
    const cross = await f.k('GET', `/v1/conversations/${INITECH_C}`, {
      org: 'initech',
      authToken: acme.authToken,
    });
    expect(cross.status).toBe(401);
    const key = await f.client.kustomerCreateApiKey('acme');
    const crossKey = await f.k('GET', `/v1/conversations/${INITECH_C}`, {
      org: 'initech',
      auth: { bearer: key.apiKey },
    });
    expect(crossKey.status).toBe(401);
    const unknown = await f.k('GET', `/v1/conversations/${C1}`, { org: 'nope', auth: 'none' });
    expect(unknown.status).toBe(404);
  });
});

describe('rate limit', () => {
  it('every answer carries x-ratelimit-*; remaining counts down per org', async () => {
    const a = await f.k('GET', `/v1/conversations/${C1}`);
    const b = await f.k('GET', `/v1/customers/${K.ids.customer1}`);
    expect(a.headers['x-ratelimit-limit']).toBe('1000');
    expect(a.headers['x-ratelimit-remaining']).toBe('999');
    expect(b.headers['x-ratelimit-remaining']).toBe('998');
    expect(RATE_LIMIT_RESET_MODE).toBe('seconds');
    const reset = Number(b.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    // Another org has its own budget.
    const other = await f.k('GET', `/v1/conversations/${INITECH_C}`, { org: 'initech' });
    expect(other.headers['x-ratelimit-remaining']).toBe('999');
    // Errors carry the headers too.
    const bad = await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: { x: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.headers['x-ratelimit-remaining']).toBe('997');
    expect((await f.client.kustomerRateLimit('acme')).used).toBe(3);
  });

  it('once spent → 429 with the headers until the window resets (2-second window)', async () => {
    const set = await f.client.kustomerSetRateLimit('acme', { limit: 3, windowSeconds: 2 });
    expect(set).toMatchObject({ limit: 3, windowSeconds: 2, used: 0, remaining: 3 });
    for (let i = 0; i < 3; i++) {
      const r = await f.k('GET', `/v1/conversations/${C1}`);
      expect(r.status).toBe(200);
      expect(r.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const limited = await f.k('PUT', `/v1/conversations/${C1}`, { body: write });
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(2);
    expect(firstError(limited.json)).toMatchObject({ code: 'too_many_requests' });
    // Nothing was stored.
    expect((await f.client.kustomerGetRecord('acme', 'conversation', C1)).rev).toBe(1);
    // Still limited (429s do not extend the window), then the window resets.
    expect((await f.k('GET', `/v1/conversations/${C1}`)).status).toBe(429);
    await new Promise((r) => setTimeout(r, reset * 1000 + 150));
    const after = await f.k('PUT', `/v1/conversations/${C1}`, { body: write });
    expect(after.status).toBe(200);
    expect(after.headers['x-ratelimit-remaining']).toBe('2');
  });

  it('a window can start already spent by other callers, and the next one is whole', async () => {
    const set = await f.client.kustomerSetRateLimit('acme', {
      limit: 2,
      windowSeconds: 1,
      used: 2,
    });
    expect(set).toMatchObject({ limit: 2, used: 2, remaining: 0 });
    const limited = await f.k('GET', `/v1/conversations/${C1}`);
    expect(limited.status).toBe(429);
    await new Promise((r) =>
      setTimeout(r, Number(limited.headers['x-ratelimit-reset']) * 1000 + 150),
    );
    const after = await f.k('GET', `/v1/conversations/${C1}`);
    expect(after.status).toBe(200);
    expect(after.headers['x-ratelimit-remaining']).toBe('1');
  });

  it('settings are validated; reset restores the default', async () => {
    await expect(f.client.kustomerSetRateLimit('acme', { limit: -1 })).rejects.toMatchObject({
      status: 400,
    });
    await expect(f.client.kustomerSetRateLimit('acme', { windowSeconds: 0 })).rejects.toMatchObject(
      { status: 400 },
    );
    await expect(f.client.kustomerSetRateLimit('acme', { used: 1.5 })).rejects.toMatchObject({
      status: 400,
    });
    await f.client.kustomerSetRateLimit('acme', { limit: 0 });
    expect((await f.k('GET', `/v1/conversations/${C1}`)).status).toBe(429);
    await f.client.reset();
    expect(await f.client.kustomerRateLimit('acme')).toMatchObject({
      limit: 1000,
      windowSeconds: 60,
      used: 0,
    });
  });
});

describe('CORS', () => {
  it('preflights answer extension origins and the org desktop, not other sites', async () => {
    const pre = (origin: string) =>
      f.k('OPTIONS', `/v1/conversations/${C1}`, {
        auth: 'none',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'x-csrf-token, x-kustomer-client, content-type',
        },
      });
    const ext = await pre('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.status).toBe(204);
    expect(ext.headers['access-control-allow-origin']).toBe(
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    );
    expect(ext.headers['access-control-allow-credentials']).toBe('true');
    expect(String(ext.headers['access-control-allow-headers'])).toContain('x-csrf-token');
    const desktop = await pre('https://acme.kustomerapp.com');
    expect(desktop.headers['access-control-allow-origin']).toBe('https://acme.kustomerapp.com');
    const otherOrg = await pre('https://initech.kustomerapp.com');
    expect(otherOrg.headers['access-control-allow-origin']).toBeUndefined();
    const evil = await pre('https://evil.example');
    expect(evil.status).toBe(204);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // Actual answers carry the CORS headers and expose the rate-limit headers.
    const get = await f.k('GET', `/v1/conversations/${C1}`, {
      headers: { Origin: 'moz-extension://1234-abcd' },
    });
    expect(get.headers['access-control-allow-origin']).toBe('moz-extension://1234-abcd');
    expect(String(get.headers['access-control-expose-headers'])).toContain('x-ratelimit-reset');
    // Preflights are not counted, logged or faulted.
    expect((await f.client.kustomerRateLimit('acme')).used).toBe(1);
  });
});
