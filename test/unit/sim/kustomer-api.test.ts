// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_API_BODY_BYTES, PREVIEW_LENGTH } from '../../sim/kustomer/api';
import { ATTRIBUTES, SUFFIXES } from '../../sim/kustomer/metadata';
import { type KustomerFixture, startKustomerFixture } from '../../sim/kustomer/testing';
import { SEED } from '../../sim/seed';

const K = SEED.kustomer;
const C1 = K.ids.conversation1;
const C2 = K.ids.conversation2;
const C3 = K.ids.conversation3;
const CU1 = K.ids.customer1;
const CU2 = K.ids.customer2;

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

type Data = { data: { type: string; id: string; attributes: Record<string, unknown> } };
type Errors = { errors: Record<string, unknown>[] };
const attrs = (json: unknown) => (json as Data).data.attributes;
const custom = (json: unknown) => attrs(json).custom as Record<string, unknown>;
const errors = (json: unknown) => (json as Errors).errors;

describe('metadata', () => {
  it('conversation: the documented shape, every type suffix, enumeration, tree, Id target, app attribute', async () => {
    const res = await f.k('GET', '/v1/metadata/conversation');
    expect(res.status).toBe(200);
    const body = res.json as {
      data: {
        type: string;
        id: string;
        attributes: { properties: Record<string, Record<string, unknown>> };
        links: { self: string };
      };
    };
    expect(body.data).toMatchObject({
      type: 'metadata',
      id: 'conversation',
      links: { self: '/v1/metadata/conversation' },
    });
    const props = body.data.attributes.properties;
    expect(Object.keys(props)).toEqual([
      'accountNumberStr',
      'handoffSummaryTxt',
      'orderTotalNum',
      'lastOrderAt',
      'vipBool',
      'orderPageUrl',
      'linkedOrderId',
      'accountTierStr',
      'contactReasonTree',
      '@shopify.lastOrderStr',
      'handoffContextTxt',
    ]);
    for (const suffix of SUFFIXES) {
      expect(
        Object.keys(props).some((n) => n.endsWith(suffix)),
        suffix,
      ).toBe(true);
    }
    for (const p of Object.values(props)) {
      expect(typeof p.type).toBe('string');
      expect(typeof p.displayName).toBe('string');
    }
    expect(props.orderTotalNum?.type).toBe('number');
    expect(props.accountNumberStr?.type).toBe('string');
    expect(props.accountTierStr?.enumeration).toEqual(['basic', 'premium', 'enterprise']);
    expect(props.linkedOrderId).toMatchObject({ type: 'string', target: 'kobject.order' });
    expect(props.contactReasonTree).toMatchObject({ lastNodeRequired: true });
    const tree = props.contactReasonTree?.tree as {
      children: { id: string; displayName: string; children: unknown[] }[];
    };
    expect(tree.children.map((c) => c.id)).toEqual(['orders', 'billing', 'technical', 'other']);
    expect(tree.children[0]?.children).toContainEqual({
      id: 'damaged',
      displayName: 'Damaged item',
      children: [],
    });
    expect(props['@shopify.lastOrderStr']?.displayName).toBe('Shopify: Last Order');
  });

  it('customer attributes; unknown resources are 404', async () => {
    const res = await f.k('GET', '/v1/metadata/customer');
    const props = (res.json as { data: { attributes: { properties: Record<string, unknown> } } })
      .data.attributes.properties;
    expect(Object.keys(props)).toEqual(ATTRIBUTES.customer.map((a) => a.name));
    expect(Object.keys(props)).toEqual([
      'loyaltyTierStr',
      'lifetimeValueNum',
      'customerSinceAt',
      'marketingOptInBool',
    ]);
    const none = await f.k('GET', '/v1/metadata/widget');
    expect(none.status).toBe(404);
    expect(errors(none.json)[0]).toMatchObject({ status: 404, code: 'notfound' });
  });
});

describe('conversations and customers', () => {
  it('GET a conversation: JSON:API with custom, rev and the customer relationship', async () => {
    const res = await f.k('GET', `/v1/conversations/${C1}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const data = (res.json as Data).data as unknown as {
      type: string;
      id: string;
      attributes: Record<string, unknown>;
      relationships: Record<string, { data?: { type: string; id: string } }>;
      links: { self: string };
    };
    expect(data.type).toBe('conversation');
    expect(data.id).toBe(C1);
    expect(data.attributes).toMatchObject({
      name: 'Order A-48213 arrived damaged',
      status: 'open',
      custom: {},
      rev: 1,
      messageCount: 4,
    });
    expect(data.relationships.customer?.data).toEqual({ type: 'customer', id: CU1 });
    expect(data.links.self).toBe(`/v1/conversations/${C1}`);
    const upper = await f.k('GET', `/v1/conversations/${C1.toUpperCase()}`);
    expect(upper.status).toBe(200);
  });

  it('GET a customer', async () => {
    const res = await f.k('GET', `/v1/customers/${CU1}`);
    expect(res.status).toBe(200);
    const a = attrs(res.json);
    expect((res.json as Data).data.type).toBe('customer');
    expect(a).toMatchObject({ name: 'Jamie Customer', custom: {}, rev: 1 });
    expect(a.emails).toEqual([{ email: 'jamie@example.com', verified: true, type: 'home' }]);
    expect((attrs((await f.k('GET', `/v1/customers/${CU2}`)).json) as { name: string }).name).toBe(
      'Riley Shopper',
    );
  });

  it('404 for unknown ids, 400 for malformed ids, 404 for unknown paths', async () => {
    const missing = await f.k('GET', '/v1/conversations/6650f00dc3d4e5f60123ffff');
    expect(missing.status).toBe(404);
    expect(errors(missing.json)[0]).toMatchObject({ status: 404, code: 'notfound' });
    expect((await f.k('PUT', `/v1/customers/6650a1b2c3d4e5f60123ffff`, { body: {} })).status).toBe(
      404,
    );
    const bad = await f.k('GET', '/v1/conversations/not-an-id');
    expect(bad.status).toBe(400);
    expect(errors(bad.json)[0]).toMatchObject({ status: 400, source: { parameter: 'id' } });
    const path = await f.k('GET', '/v1/widgets/123');
    expect(path.status).toBe(404);
    expect(path.json).toEqual({
      errors: [
        { status: 404, source: { parameter: 'path' }, code: 'notfound', title: 'Not Found' },
      ],
    });
    expect((await f.k('DELETE', `/v1/conversations/${C1}`)).status).toBe(405);
  });

  it('PUT merges custom values, normalises them, bumps rev and answers the resource', async () => {
    const res = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: {
        custom: {
          accountNumberStr: 'AC-1029',
          handoffSummaryTxt: 'Line one\nLine two',
          orderTotalNum: 129.5,
          lastOrderAt: '2026-11-21T10:01:00+01:00',
          vipBool: true,
          orderPageUrl: 'https://shop.acme.example/orders/A-48213',
          linkedOrderId: '5822A4A5AA5F92110005D69A',
          accountTierStr: 'premium',
          contactReasonTree: 'orders.damaged',
          '@shopify.lastOrderStr': '#1001',
          handoffContextTxt: '{"v":1}',
        },
      },
    });
    expect(res.status).toBe(200);
    expect(attrs(res.json).rev).toBe(2);
    expect(custom(res.json)).toEqual({
      accountNumberStr: 'AC-1029',
      handoffSummaryTxt: 'Line one\nLine two',
      orderTotalNum: 129.5,
      lastOrderAt: '2026-11-21T09:01:00.000Z',
      vipBool: true,
      orderPageUrl: 'https://shop.acme.example/orders/A-48213',
      linkedOrderId: '5822a4a5aa5f92110005d69a',
      accountTierStr: 'premium',
      contactReasonTree: 'orders.damaged',
      '@shopify.lastOrderStr': '#1001',
      handoffContextTxt: '{"v":1}',
    });
    // A second update merges; null clears.
    const again = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: { custom: { vipBool: null, orderTotalNum: 0 } },
    });
    expect(attrs(again.json).rev).toBe(3);
    expect(custom(again.json)).not.toHaveProperty('vipBool');
    expect(custom(again.json)).toMatchObject({ orderTotalNum: 0, accountTierStr: 'premium' });
    const stored = await f.client.kustomerGetRecord('acme', 'conversation', C1);
    expect(stored.rev).toBe(3);
    expect(stored.values.accountNumberStr).toBe('AC-1029');
    // The write is attributed to the caller (the agent's session).
    const rel = (
      again.json as { data: { relationships: { modifiedBy: { data: { id: string } } } } }
    ).data.relationships;
    expect(rel.modifiedBy.data.id).toBe(K.ids.agent);
  });

  it('PATCH works the same; standard attributes can be set too', async () => {
    const res = await f.k('PATCH', `/v1/conversations/${C2}`, {
      body: { custom: { accountTierStr: 'basic' }, status: 'snoozed', priority: 2 },
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    expect(res.status).toBe(200);
    expect(attrs(res.json)).toMatchObject({
      status: 'snoozed',
      priority: 2,
      custom: { accountTierStr: 'basic' },
      rev: 2,
    });
  });

  it('customers: PUT and PATCH', async () => {
    const put = await f.k('PUT', `/v1/customers/${CU1}`, {
      body: {
        custom: {
          loyaltyTierStr: 'gold',
          lifetimeValueNum: 1840.5,
          customerSinceAt: '2023-04-02T00:00:00Z',
          marketingOptInBool: false,
        },
      },
    });
    expect(put.status).toBe(200);
    expect(custom(put.json)).toEqual({
      loyaltyTierStr: 'gold',
      lifetimeValueNum: 1840.5,
      customerSinceAt: '2023-04-02T00:00:00.000Z',
      marketingOptInBool: false,
    });
    const patch = await f.k('PATCH', `/v1/customers/${CU1}`, {
      body: { custom: { loyaltyTierStr: null } },
    });
    expect(attrs(patch.json).rev).toBe(3);
    expect(custom(patch.json)).not.toHaveProperty('loyaltyTierStr');
    // Conversation attributes are not customer attributes.
    const wrong = await f.k('PUT', `/v1/customers/${CU1}`, {
      body: { custom: { accountTierStr: 'basic' } },
    });
    expect(wrong.status).toBe(400);
  });
});

describe('validation (nothing stored on any error)', () => {
  const expectUnchanged = async () => {
    const r = await f.client.kustomerGetRecord('acme', 'conversation', C1);
    expect(r).toMatchObject({ values: {}, rev: 1 });
  };
  const put = (customValues: Record<string, unknown>) =>
    f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: customValues } });

  it('unknown attribute → 400 {code, message, meta} naming it', async () => {
    const res = await put({ accountTierStr: 'basic', loyaltyTierStr: 'gold' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errors: [
        {
          code: 'bad_request',
          message: "Unknown custom attribute 'loyaltyTierStr' for conversation.",
          meta: { attribute: 'loyaltyTierStr', resource: 'conversation' },
        },
      ],
    });
    await expectUnchanged();
  });

  it('bad suffix → 400 {code, message, meta}, every bad name listed', async () => {
    const res = await put({ accountTier: 'basic', account_tier_str: 'x', AccountTierstr: 'y' });
    expect(res.status).toBe(400);
    const list = errors(res.json);
    expect(list.map((e) => (e.meta as { attribute: string }).attribute)).toEqual([
      'accountTier',
      'account_tier_str',
      'AccountTierstr',
    ]);
    for (const e of list) {
      expect(Object.keys(e).sort()).toEqual(['code', 'message', 'meta']);
      expect(e.code).toBe('bad_request');
      expect(e.message).toContain('type suffix');
    }
    await expectUnchanged();
  });

  const typeCases: [string, unknown, string][] = [
    ['accountNumberStr', 42, 'should be string'],
    ['accountNumberStr', 'x'.repeat(1025), 'longer than 1024'],
    ['handoffSummaryTxt', ['a'], 'should be string'],
    ['orderTotalNum', '12.5', 'should be number'],
    ['lastOrderAt', '2026-11-21', 'date-time'],
    ['lastOrderAt', 'next tuesday', 'date-time'],
    ['lastOrderAt', 1763715660000, 'date-time'],
    ['vipBool', 'true', 'should be boolean'],
    ['orderPageUrl', 'shop.acme.example/orders/1', 'uri'],
    ['orderPageUrl', true, 'should be string'],
    ['linkedOrderId', 'A-48213', 'object id'],
    ['linkedOrderId', '5822a4a5aa5f92110005d69', 'object id'],
    ['accountTierStr', 'gold', 'allowed values: basic, premium, enterprise'],
    ['accountTierStr', 'Premium', 'allowed values'],
    ['contactReasonTree', 'orders.stolen', 'not a node'],
    ['contactReasonTree', 'orders', 'last-level node'],
    ['contactReasonTree', 'Orders.Damaged', 'lowercase'],
    ['contactReasonTree', 7, 'should be string'],
  ];

  it.each(typeCases)(
    '%s = %j → 400 JSON:API error with source.pointer',
    async (name, value, detail) => {
      const res = await put({ accountNumberStr: 'fine', [name]: value });
      expect(res.status).toBe(400);
      const list = errors(res.json);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        status: 400,
        code: 'invalid',
        title: 'Bad Request',
        source: { pointer: `/custom/${name}` },
      });
      expect(list[0]?.detail).toContain(name);
      expect(list[0]?.detail).toContain(detail);
      await expectUnchanged();
    },
  );

  it('every bad value is reported at once', async () => {
    const res = await put({ vipBool: 1, orderTotalNum: 'x', accountTierStr: 'gold' });
    expect(res.status).toBe(400);
    expect(errors(res.json).map((e) => (e.source as { pointer: string }).pointer)).toEqual([
      '/custom/vipBool',
      '/custom/orderTotalNum',
      '/custom/accountTierStr',
    ]);
    await expectUnchanged();
  });

  it('tree values are stored lowercase paths like the audit log shows', async () => {
    for (const value of ['billing.double_charge', 'other', 'technical.connectivity']) {
      const res = await put({ contactReasonTree: value });
      expect(res.status, value).toBe(200);
      expect(custom(res.json).contactReasonTree).toBe(value);
    }
  });

  it('Str at exactly 1,024 characters is accepted; Txt has no such limit', async () => {
    const res = await put({
      accountNumberStr: 'x'.repeat(1024),
      handoffSummaryTxt: 'y'.repeat(5000),
    });
    expect(res.status).toBe(200);
  });

  it('body problems: not JSON, not an object, custom not an object, unknown members', async () => {
    const notJson = await f.k('PUT', `/v1/conversations/${C1}`, { body: '{"custom": ' });
    expect(notJson.status).toBe(400);
    expect(errors(notJson.json)[0]).toMatchObject({ code: 'bad_request' });
    const array = await f.k('PUT', `/v1/conversations/${C1}`, { body: [1] });
    expect(array.status).toBe(400);
    const customArray = await f.k('PUT', `/v1/conversations/${C1}`, { body: { custom: [] } });
    expect(errors(customArray.json)[0]).toMatchObject({ source: { pointer: '/custom' } });
    const member = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: { custom: { vipBool: true }, colour: 'red' },
    });
    expect(member.status).toBe(400);
    expect(errors(member.json)[0]).toMatchObject({ status: 400, source: { pointer: '/colour' } });
    const tooMany = await put(
      Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a${i}Str`, 'x'])),
    );
    expect(tooMany.status).toBe(400);
    expect(errors(tooMany.json)[0]).toMatchObject({ source: { pointer: '/custom' } });
    await expectUnchanged();
  });

  it('a body over 100 kB → 413, nothing stored', async () => {
    const big = 'x'.repeat(MAX_API_BODY_BYTES);
    const res = await put({ handoffSummaryTxt: big });
    expect(res.status).toBe(413);
    expect(errors(res.json)[0]).toMatchObject({ code: 'payload_too_large' });
    await expectUnchanged();
    // Just under the limit is fine.
    const ok = await put({ handoffSummaryTxt: 'x'.repeat(MAX_API_BODY_BYTES - 100) });
    expect(ok.status).toBe(200);
  });
});

describe('optimistic locking', () => {
  it('a PUT with the current rev succeeds; a stale rev → 409 and nothing stored', async () => {
    const first = await f.k('PUT', `/v1/conversations/${C1}`, {
      body: { rev: 1, custom: { accountTierStr: 'basic' } },
    });
    expect(first.status).toBe(200);
    expect(attrs(first.json).rev).toBe(2);
    // The agent edits meanwhile (rev 3).
    await f.client.kustomerPutRecord('acme', 'conversation', C1, { accountNumberStr: 'TYPED' });
    const stale = await f.k('PATCH', `/v1/conversations/${C1}`, {
      body: { rev: 2, custom: { accountTierStr: 'premium' } },
    });
    expect(stale.status).toBe(409);
    expect(errors(stale.json)[0]).toMatchObject({
      status: 409,
      code: 'conflict',
      meta: { rev: 3 },
    });
    const stored = await f.client.kustomerGetRecord('acme', 'conversation', C1);
    expect(stored).toMatchObject({
      rev: 3,
      values: { accountTierStr: 'basic', accountNumberStr: 'TYPED' },
    });
    const bad = await f.k('PUT', `/v1/customers/${CU1}`, { body: { rev: 'one' } });
    expect(bad.status).toBe(400);
  });
});

describe('messages', () => {
  type Msg = {
    type: string;
    id: string;
    attributes: Record<string, unknown>;
    relationships: Record<string, { data: { type: string; id: string } }>;
  };
  type Page = {
    data: Msg[];
    links: { self: string; first: string; prev: string | null; next: string | null };
    meta: { page: number; pageSize: number };
  };

  it('the seeded transcript, oldest first, events left out, author contract', async () => {
    const res = await f.k('GET', `/v1/conversations/${C1}/messages`);
    expect(res.status).toBe(200);
    const page = res.json as Page;
    expect(page.meta).toMatchObject({ page: 1, pageSize: 100 });
    expect(page.links.next).toBeNull();
    expect(page.data).toHaveLength(4);
    const summary = page.data.map((m) => ({
      direction: m.attributes.direction,
      auto: m.attributes.auto,
      app: m.attributes.app,
      createdBy: m.relationships.createdBy?.data.id,
    }));
    expect(summary).toEqual([
      { direction: 'in', auto: false, app: 'chat', createdBy: undefined },
      { direction: 'out', auto: true, app: 'kustomer-assist', createdBy: K.ids.assist },
      { direction: 'in', auto: false, app: 'chat', createdBy: undefined },
      { direction: 'out', auto: false, app: 'chat', createdBy: K.ids.agent },
    ]);
    const first = page.data[0] as Msg;
    expect(first.type).toBe('message');
    expect(first.attributes).toMatchObject({
      channel: 'chat',
      directionType: 'initial-in',
      preview: 'Hi, my order A-48213 arrived damaged.',
      body: 'Hi, my order A-48213 arrived damaged.',
      meta: {},
    });
    expect(first.relationships.conversation?.data).toEqual({ type: 'conversation', id: C1 });
    expect(first.relationships.customer?.data).toEqual({ type: 'customer', id: CU1 });
    expect(Date.parse(String(first.attributes.createdAt))).not.toBeNaN();
  });

  it("third-party bot messages: out, auto, the bot app's name, created by the bot's machine user", async () => {
    const res = await f.k('GET', `/v1/conversations/${C2}/messages`);
    const bot = (res.json as Page).data[1] as Msg;
    expect(bot.attributes).toMatchObject({ direction: 'out', auto: true, app: 'acme-bot' });
    expect(bot.relationships.createdBy?.data).toEqual({ type: 'user', id: K.ids.bot });
  });

  it("a workflow's automated reply: out, auto, app chat, created by the workflow machine user", async () => {
    const posted = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: C3,
      author: 'workflow',
      text: 'Thanks, we got your message:\n> An RX-200, bought last spring.',
    });
    const res = await f.k('GET', `/v1/conversations/${C3}/messages`);
    const reply = (res.json as Page).data.at(-1) as Msg;
    expect(reply.id).toBe(posted.entryId);
    expect(reply.attributes).toMatchObject({
      direction: 'out',
      directionType: 'response-out',
      auto: true,
      app: 'chat',
      body: 'Thanks, we got your message:\n> An RX-200, bought last spring.',
    });
    expect(reply.relationships.createdBy?.data).toEqual({ type: 'user', id: K.ids.workflow });
    expect((await f.k('GET', `/v1/users/${K.ids.workflow}`)).json).toMatchObject({
      data: { attributes: { userType: 'machine' } },
    });
  });

  it('a rich message: body is its HTML source, preview its plain text (first 200 characters)', async () => {
    const html = `<p>Thanks for writing.</p><blockquote>${'Handoff context line.<br>'.repeat(12)}</blockquote>`;
    await f.client.kustomerPostMessage({ org: 'acme', recordId: C3, author: 'workflow', html });
    const res = await f.k('GET', `/v1/conversations/${C3}/messages`);
    const rich = (res.json as Page).data.at(-1) as Msg;
    const text = `Thanks for writing.\n${'Handoff context line.\n'.repeat(12).trimEnd()}`;
    expect(text.length).toBeGreaterThan(PREVIEW_LENGTH);
    expect(rich.attributes).toMatchObject({
      body: html,
      preview: text.slice(0, PREVIEW_LENGTH),
      size: Buffer.byteLength(html),
    });
  });

  it('pagination with links.next; preview is at most 200 characters, body is whole', async () => {
    const long = `${'Handoff context\n'.repeat(20)}end`;
    await f.client.kustomerPostMessage({ org: 'acme', recordId: C3, author: 'bot', text: long });
    for (let i = 0; i < 4; i++)
      await f.client.kustomerPostMessage({
        org: 'acme',
        recordId: C3,
        author: 'customer',
        text: `m${i}`,
      });
    // 3 seeded + 5 = 8 messages; pages of 3.
    const seen: string[] = [];
    let path: string | null = `/v1/conversations/${C3}/messages?pageSize=3`;
    let pages = 0;
    while (path) {
      const res = await f.k('GET', path);
      expect(res.status).toBe(200);
      const page = res.json as Page;
      pages += 1;
      for (const m of page.data) seen.push(String(m.attributes.body));
      path = page.links.next;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(seen.slice(-4)).toEqual(['m0', 'm1', 'm2', 'm3']);
    const second = (await f.k('GET', `/v1/conversations/${C3}/messages?page=2&pageSize=3`))
      .json as Page;
    expect(second.links).toEqual({
      self: `/v1/conversations/${C3}/messages?page=2&pageSize=3`,
      first: `/v1/conversations/${C3}/messages?page=1&pageSize=3`,
      prev: `/v1/conversations/${C3}/messages?page=1&pageSize=3`,
      next: `/v1/conversations/${C3}/messages?page=3&pageSize=3`,
    });
    const longMsg = second.data.find((m) => m.attributes.body === long) as Msg;
    expect(String(longMsg.attributes.preview)).toHaveLength(PREVIEW_LENGTH);
    expect(long.startsWith(String(longMsg.attributes.preview))).toBe(true);
    const beyond = (await f.k('GET', `/v1/conversations/${C3}/messages?page=9&pageSize=3`))
      .json as Page;
    expect(beyond.data).toEqual([]);
    expect(beyond.links.next).toBeNull();
    expect((await f.k('GET', `/v1/conversations/${C3}/messages?pageSize=0`)).status).toBe(400);
    expect((await f.k('GET', `/v1/conversations/${C3}/messages?pageSize=101`)).status).toBe(400);
    expect((await f.k('GET', `/v1/conversations/${C3}/messages?page=x`)).status).toBe(400);
    expect((await f.k('GET', '/v1/conversations/6650f00dc3d4e5f60123ffff/messages')).status).toBe(
      404,
    );
  });

  it('POST a message as the agent (session) or as a machine user (API key)', async () => {
    const agent = await f.k('POST', `/v1/conversations/${C1}/messages`, {
      body: { channel: 'chat', body: 'On it.' },
    });
    expect(agent.status).toBe(201);
    const m = (agent.json as { data: Msg }).data;
    expect(m.attributes).toMatchObject({ direction: 'out', auto: false, body: 'On it.' });
    expect(m.relationships.createdBy?.data.id).toBe(K.ids.agent);
    const key = await f.client.kustomerCreateApiKey('acme');
    const machine = await f.k('POST', `/v1/conversations/${C1}/messages`, {
      auth: { bearer: key.apiKey },
      body: { body: 'Automated note' },
    });
    expect(machine.status).toBe(201);
    const mm = (machine.json as { data: Msg }).data;
    expect(mm.attributes).toMatchObject({ direction: 'out', auto: true, app: 'chat' });
    expect(mm.relationships.createdBy?.data.id).toBe(key.userId);
    const named = await f.k('POST', `/v1/conversations/${C1}/messages`, {
      auth: { bearer: key.apiKey },
      body: { body: 'From the app', app: 'acme-bot' },
    });
    expect((named.json as { data: Msg }).data.attributes).toMatchObject({ app: 'acme-bot' });
    expect(
      (await f.k('POST', `/v1/conversations/${C1}/messages`, { body: { body: '' } })).status,
    ).toBe(400);
    const { items } = await f.client.kustomerMessages('acme', C1);
    expect(items.slice(-3).map((i) => i.text)).toEqual([
      'On it.',
      'Automated note',
      'From the app',
    ]);
  });
});

describe('users', () => {
  it('agent, Customer Assist and the third-party bot; machine users are bots', async () => {
    const get = async (id: string) =>
      (await f.k('GET', `/v1/users/${id}`)).json as {
        data: { type: string; id: string; attributes: Record<string, unknown> };
      };
    expect((await get(K.ids.agent)).data.attributes).toMatchObject({
      name: 'Alex Agent',
      displayName: 'Alex Agent',
      userType: 'user',
    });
    expect((await get(K.ids.assist)).data.attributes).toMatchObject({
      name: 'Customer Assist',
      userType: 'machine',
    });
    expect((await get(K.ids.bot)).data).toMatchObject({
      type: 'user',
      id: K.ids.bot,
      attributes: { name: 'Ada Bot', userType: 'machine' },
    });
    expect((await f.k('GET', '/v1/users/6650aaaac3d4e5f60123ffff')).status).toBe(404);
    const me = await f.k('GET', '/v1/users/current');
    expect((me.json as { data: { id: string } }).data.id).toBe(K.ids.agent);
  });
});
