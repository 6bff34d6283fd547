import { describe, expect, it } from 'vitest';
import {
  CONVERSATIONS_KEPT,
  kustomerClient,
  MAX_MESSAGE_PAGES,
} from '@/lib/platforms/kustomer/api';
import { HANDOVER_MS } from '@/lib/platforms/kustomer/handover';
import type { RecordRef } from '@/lib/platforms/types';

const CONV: RecordRef = {
  platform: 'kustomer',
  org: 'acme',
  object: 'conversation',
  id: 'c'.repeat(24),
};
const CUSTOMER_ID = 'd'.repeat(24);
const OTHER_CUSTOMER_ID = 'e'.repeat(24);

/** Always the admin's API key: the tests here are about requests, not sign-in. */
const apiKeyAuth = {
  credentials: async () => ({ mode: 'api-key', key: 'k' }),
  fallBack: async () => undefined,
  reset: () => undefined,
} as never;

/** A fake Kustomer API: one conversation and its customer, `rev` locking, every request logged. */
function fakeKustomer() {
  const t = { now: 1_000_000 };
  const conversation = {
    custom: { tierStr: 'gold' } as Record<string, unknown>,
    rev: 3,
    customer: CUSTOMER_ID,
  };
  const calls: string[] = [];
  /** Runs before a PUT answers (to interleave another request with a write in flight). */
  let duringPut: (() => Promise<void>) | undefined;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
  const fetch = async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = new URL(url).pathname;
    calls.push(`${method} ${path}`);
    if (path === `/v1/conversations/${CONV.id}`) {
      if (method === 'GET') {
        return json(200, {
          data: {
            type: 'conversation',
            id: CONV.id,
            attributes: { custom: { ...conversation.custom }, rev: conversation.rev },
            relationships: { customer: { data: { type: 'customer', id: conversation.customer } } },
          },
        });
      }
      const body = JSON.parse(String(init.body)) as {
        custom: Record<string, unknown>;
        rev?: number;
      };
      await duringPut?.();
      if (body.rev !== undefined && body.rev !== conversation.rev) {
        return json(409, { errors: [{ status: 409, code: 'conflict', title: 'rev mismatch' }] });
      }
      Object.assign(conversation.custom, body.custom);
      conversation.rev += 1;
      return json(200, { data: { id: CONV.id, attributes: { ...conversation } } });
    }
    const customerId = path.startsWith('/v1/customers/') ? path.slice(14) : '';
    if (customerId === CUSTOMER_ID || customerId === OTHER_CUSTOMER_ID) {
      return json(200, {
        data: {
          id: customerId,
          attributes: { name: 'Jamie Customer', custom: { vipBool: true }, rev: 9 },
        },
      });
    }
    return json(404, { errors: [{ status: 404, code: 'not_found', title: 'Not found' }] });
  };
  const client = kustomerClient({
    auth: apiKeyAuth,
    fetch: fetch as unknown as typeof globalThis.fetch,
    now: () => t.now,
  });
  const gets = () => calls.filter((c) => c === `GET /v1/conversations/${CONV.id}`).length;
  return {
    t,
    conversation,
    calls,
    client,
    gets,
    setDuringPut: (f: () => Promise<void>) => {
      duringPut = f;
    },
  };
}

describe('Kustomer client: the conversation read by resolveTargets is handed to the next read', () => {
  it('resolveTargets then read of the conversation asks Kustomer once, and answers the same', async () => {
    const k = fakeKustomer();
    const targets = await k.client.resolveTargets(CONV);
    expect(targets.map((r) => r.object)).toEqual(['conversation', 'customer']);
    expect(await k.client.read(CONV, ['tierStr'])).toEqual({
      values: { tierStr: 'gold' },
      version: 3,
    });
    expect(k.gets()).toBe(1);
    // The customer was never read by resolveTargets: its read asks.
    const customer = targets[1] as RecordRef;
    expect(await k.client.read(customer, ['vipBool'])).toEqual({
      values: { vipBool: true },
      version: 9,
    });
    expect(k.calls).toEqual([
      `GET /v1/conversations/${CONV.id}`,
      `GET /v1/customers/${CUSTOMER_ID}`,
    ]);
  });

  it("reads the customer's name (which names the conversation in the desktop) only when asked", async () => {
    const k = fakeKustomer();
    const customer = (await k.client.resolveTargets(CONV))[1] as RecordRef;
    expect((await k.client.read(customer, ['vipBool', 'name'])).values).toEqual({
      vipBool: true,
      name: 'Jamie Customer',
    });
  });

  it('is used once: the read after it asks Kustomer again', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    await k.client.read(CONV, []);
    k.conversation.custom.tierStr = 'platinum';
    expect((await k.client.read(CONV, [])).values).toEqual({ tierStr: 'platinum' });
    expect(k.gets()).toBe(2);
  });

  it(`is not used after ${HANDOVER_MS} ms`, async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    k.t.now += HANDOVER_MS + 1;
    k.conversation.custom.tierStr = 'platinum';
    expect((await k.client.read(CONV, [])).values).toEqual({ tierStr: 'platinum' });
    expect(k.gets()).toBe(2);
    // Exactly at the limit it still is.
    await k.client.resolveTargets(CONV);
    k.t.now += HANDOVER_MS;
    await k.client.read(CONV, []);
    expect(k.gets()).toBe(3);
  });

  it('never answers the read-back after a write (the verification sees what Kustomer stored)', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    // A write before the read (no read needed to plan, or another handoff's write).
    // The PUT's answer is the conversation as stored, handed back with the result.
    expect(await k.client.write(CONV, { tierStr: 'silver' }, 3)).toEqual({
      ok: true,
      stored: { values: { tierStr: 'silver' }, version: 4 },
    });
    expect(await k.client.read(CONV, [])).toEqual({ values: { tierStr: 'silver' }, version: 4 });
    expect(k.gets()).toBe(2);
  });

  it('a conversation changed meanwhile is refused by rev on the write, and the read again asks Kustomer', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    // Someone else saves the conversation after resolveTargets read it.
    k.conversation.custom.tierStr = 'bronze';
    k.conversation.rev = 4;
    const planned = await k.client.read(CONV, []);
    expect(planned).toEqual({ values: { tierStr: 'gold' }, version: 3 }); // the handed-over answer
    const result = await k.client.write(CONV, { tierStr: 'silver' }, planned.version);
    expect(result).toMatchObject({ ok: false, conflict: true });
    expect(await k.client.read(CONV, [])).toEqual({ values: { tierStr: 'bronze' }, version: 4 });
    expect(k.gets()).toBe(2);
  });

  it('is not kept when a write was under way while resolveTargets read the conversation', async () => {
    const k = fakeKustomer();
    let resolved: Promise<unknown> | undefined;
    k.setDuringPut(async () => {
      resolved = k.client.resolveTargets(CONV);
      await resolved;
    });
    await k.client.write(CONV, { tierStr: 'silver' }, 3);
    await resolved;
    await k.client.read(CONV, []);
    expect(k.gets()).toBe(2);
  });

  it('is kept per conversation: another conversation is read from Kustomer', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    const other: RecordRef = { ...CONV, id: 'e'.repeat(24) };
    await expect(k.client.read(other, [])).rejects.toMatchObject({ code: 'record-not-found' });
    await k.client.read(CONV, []);
    expect(k.gets()).toBe(1);
  });
});

describe('Kustomer client: the conversation asked early (prefetch)', () => {
  it('is what resolveTargets and the read after it use: one GET for the three', async () => {
    const k = fakeKustomer();
    void k.client.prefetch?.(CONV);
    const targets = await k.client.resolveTargets(CONV);
    expect(targets.map((r) => r.object)).toEqual(['conversation', 'customer']);
    expect(await k.client.read(CONV, ['tierStr'])).toEqual({
      values: { tierStr: 'gold' },
      version: 3,
    });
    expect(k.gets()).toBe(1);
  });

  it('reads the customer too: its read after the conversation’s write began takes that answer', async () => {
    const k = fakeKustomer();
    const customerGets = () =>
      k.calls.filter((c) => c === `GET /v1/customers/${CUSTOMER_ID}`).length;
    await k.client.prefetch?.(CONV);
    const [, customer] = await k.client.resolveTargets(CONV);
    if (!customer) throw new Error('no customer');
    // The two records' writes run side by side: the conversation's does not void the customer's read.
    let customerRead: Promise<unknown> | undefined;
    k.setDuringPut(async () => {
      customerRead = k.client.read(customer, ['vipBool']);
      await customerRead;
    });
    await k.client.write(CONV, { tierStr: 'silver' }, 3);
    expect(await customerRead).toEqual({ values: { vipBool: true }, version: 9 });
    expect(customerGets()).toBe(1);
    // Asked with the conversation, before any write: off the handoff's path.
    expect(k.calls.indexOf(`GET /v1/customers/${CUSTOMER_ID}`)).toBeLessThan(
      k.calls.indexOf(`PUT /v1/conversations/${CONV.id}`),
    );
    // The customer's own write does: its read-back asks Kustomer.
    await k.client.prefetch?.(CONV);
    await k.client.resolveTargets(CONV);
    await k.client.write(customer, { vipBool: false }, 9);
    await k.client.read(customer, ['vipBool']);
    expect(customerGets()).toBe(3);
  });

  it('asks a customer known from an earlier read along with the conversation, not after it', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    k.calls.length = 0;
    k.t.now += 10_000;
    await k.client.prefetch?.(CONV);
    const [, customer] = await k.client.resolveTargets(CONV);
    expect(customer?.id).toBe(CUSTOMER_ID);
    await k.client.read(customer as RecordRef, ['vipBool']);
    // Both asked before either answered: the customer's GET was sent first.
    expect(k.calls).toEqual([
      `GET /v1/customers/${CUSTOMER_ID}`,
      `GET /v1/conversations/${CONV.id}`,
    ]);
  });

  it('writes the customer the conversation names now, when it is not the one guessed', async () => {
    const k = fakeKustomer();
    await k.client.resolveTargets(CONV);
    k.conversation.customer = OTHER_CUSTOMER_ID;
    k.calls.length = 0;
    k.t.now += 10_000;
    await k.client.prefetch?.(CONV);
    const [, customer] = await k.client.resolveTargets(CONV);
    expect(customer?.id).toBe(OTHER_CUSTOMER_ID);
    const read = await k.client.read(customer as RecordRef, ['vipBool']);
    expect(read.version).toBe(9);
    // The guess was asked (and is not what the handoff reads), then the customer named.
    expect(k.calls).toEqual([
      `GET /v1/customers/${CUSTOMER_ID}`,
      `GET /v1/conversations/${CONV.id}`,
      `GET /v1/customers/${OTHER_CUSTOMER_ID}`,
    ]);
  });

  it('is not used once a write began: resolveTargets asks again', async () => {
    const k = fakeKustomer();
    await k.client.prefetch?.(CONV);
    await k.client.write(CONV, { tierStr: 'silver' }, 3);
    await k.client.resolveTargets(CONV);
    expect(k.gets()).toBe(2);
  });
});

describe('Kustomer client: the PUT’s answer as the record stored', () => {
  it('is handed back only when it is the target’s own resource with its attributes', async () => {
    const answers: unknown[] = [
      { data: { id: CONV.id, attributes: { custom: { a: 1 }, rev: 7 } } },
      { data: { id: 'someone-else', attributes: { custom: { a: 1 } } } },
      { data: { id: CONV.id, attributes: { custom: ['x'] } } },
      {},
    ];
    const fetch = async () => new Response(JSON.stringify(answers.shift()), { status: 200 });
    const client = kustomerClient({
      auth: apiKeyAuth,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    expect(await client.write(CONV, { a: 1 })).toEqual({
      ok: true,
      stored: { values: { a: 1 }, version: 7 },
    });
    for (let i = 0; i < 3; i++) expect(await client.write(CONV, { a: 1 })).toEqual({ ok: true });
  });
});

describe('Kustomer client: the conversation’s messages, read again from the last page seen', () => {
  const message = (n: number, direction: 'in' | 'out') => ({
    type: 'message',
    id: `m${n}`,
    attributes: {
      direction,
      preview: `Handoff context\nAccount Number: AC-${n}`,
      createdAt: new Date(Date.UTC(2026, 11, 7, 9, 0, n)).toISOString(),
    },
  });

  it('asks for the pages from the one it read last, not for the whole conversation again', async () => {
    const all = [1, 2, 3, 4, 5].map((n) => message(n, 'in'));
    const asked: string[] = [];
    const pageSize = 2;
    const fetch = async (url: string) => {
      const u = new URL(url);
      asked.push(`${u.pathname}${u.search}`);
      const page = Number(u.searchParams.get('page') ?? 1);
      const start = (page - 1) * pageSize;
      const base = `/v1/conversations/${CONV.id}/messages`;
      return new Response(
        JSON.stringify({
          data: all.slice(start, start + pageSize),
          links: {
            next: start + pageSize < all.length ? `${base}?page=${page + 1}&pageSize=2` : null,
          },
        }),
        { status: 200 },
      );
    };
    const client = kustomerClient({
      auth: apiKeyAuth,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    const ids = async (options?: { newOnly: boolean }) =>
      ((await client.listMessages?.(CONV, options)) ?? []).map((m) => m.platformMessageId);
    const newOnly = { newOnly: true };
    expect(await ids(newOnly)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(asked).toHaveLength(3);
    // A whole read (Verify now, the diagnostics) reads from the start and moves nothing.
    expect(await ids()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    asked.splice(3);
    all.push(message(6, 'in'));
    // Page 3 (m5) has grown: it is read again, then page 4 doesn't exist yet.
    expect(await ids(newOnly)).toEqual(['m5', 'm6']);
    expect(asked.slice(3)).toEqual([`/v1/conversations/${CONV.id}/messages?page=3&pageSize=2`]);
  });
});

describe('Kustomer client: a conversation longer than one read', () => {
  it(`reads ${MAX_MESSAGE_PAGES} pages at most, and the next read goes on from the first it left`, async () => {
    const pages = MAX_MESSAGE_PAGES + 5;
    const asked: number[] = [];
    const base = `/v1/conversations/${CONV.id}/messages`;
    const fetch = async (url: string) => {
      const page = Number(new URL(url).searchParams.get('page') ?? 1);
      asked.push(page);
      return new Response(
        JSON.stringify({
          data: [
            {
              type: 'message',
              id: `m${page}`,
              attributes: {
                direction: 'in',
                preview: `Handoff context\nAccount Number: AC-${page}`,
                createdAt: new Date(Date.UTC(2026, 11, 7, 9, 0, page)).toISOString(),
              },
            },
          ],
          links: { next: page < pages ? `${base}?page=${page + 1}` : null },
        }),
        { status: 200 },
      );
    };
    const client = kustomerClient({
      auth: apiKeyAuth,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    const first = (await client.listMessages?.(CONV, { newOnly: true })) ?? [];
    expect(first).toHaveLength(MAX_MESSAGE_PAGES);
    expect(asked).toHaveLength(MAX_MESSAGE_PAGES);
    // The newest message (the last page) is reached by the next read, from the first page left.
    const next = (await client.listMessages?.(CONV, { newOnly: true })) ?? [];
    expect(asked.slice(MAX_MESSAGE_PAGES)[0]).toBe(MAX_MESSAGE_PAGES + 1);
    expect(next.map((m) => m.platformMessageId).at(-1)).toBe(`m${pages}`);
  });
});

describe('Kustomer client: what it keeps of each conversation over a long worker life', () => {
  it('keeps the last page read of the most recent conversations only, so a shift cannot grow it', async () => {
    const asked: string[] = [];
    const fetch = async (url: string) => {
      const u = new URL(url);
      asked.push(`${u.pathname}${u.search}`);
      const second = u.searchParams.get('page') === '2';
      return new Response(
        JSON.stringify({
          data: [],
          links: { next: second ? null : `${u.pathname}?page=2&pageSize=2` },
        }),
        { status: 200 },
      );
    };
    const client = kustomerClient({
      auth: apiKeyAuth,
      fetch: fetch as unknown as typeof globalThis.fetch,
    });
    const conversation = (n: number): RecordRef => ({
      ...CONV,
      id: n.toString(16).padStart(24, '0'),
    });
    const readNew = async (record: RecordRef) => {
      asked.length = 0;
      await client.listMessages?.(record, { newOnly: true });
      return [...asked];
    };
    const first = conversation(0);
    expect(await readNew(first)).toHaveLength(2);
    // Remembered: the next read starts from the page it ended on.
    expect(await readNew(first)).toEqual([
      `/v1/conversations/${first.id}/messages?page=2&pageSize=2`,
    ]);
    for (let n = 1; n <= CONVERSATIONS_KEPT; n++) await readNew(conversation(n));
    // The most recent are still remembered; the first was forgotten and is read from page 1.
    expect(await readNew(conversation(CONVERSATIONS_KEPT))).toHaveLength(1);
    expect(await readNew(first)).toEqual([
      `/v1/conversations/${first.id}/messages`,
      `/v1/conversations/${first.id}/messages?page=2&pageSize=2`,
    ]);
  });
});
