// @vitest-environment node
/**
 * The audit's finders against the simulations: Salesforce SOQL by Case number, id and a
 * MessagingSession CreatedDate range; Kustomer's conversation search with its pages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kustomerAuditFinder } from '../../../lib/platforms/kustomer/audit';
import { salesforceAuditFinder, soqlDateTime } from '../../../lib/platforms/salesforce/audit';
import { type KustomerFixture, startKustomerFixture } from '../../sim/kustomer/testing';
import { SEED } from '../../sim/seed';
import { CASE1, MS1, type SimFixture, startFixture } from '../../sim/testing';

let f: SimFixture;
let k: KustomerFixture;
beforeAll(async () => {
  [f, k] = await Promise.all([startFixture(), startKustomerFixture()]);
});
afterAll(async () => {
  await Promise.all([f.sim.close(), k.sim.close()]);
});
beforeEach(async () => {
  await Promise.all([f.client.reset(), k.client.reset()]);
});

const soql = async (q: string) => f.sf('GET', `query?q=${encodeURIComponent(q)}`);
const sfFinder = () =>
  salesforceAuditFinder(async (_org, q) => {
    const res = await soql(q);
    if (res.status !== 200) throw new Error(JSON.stringify(res.json));
    return (res.json as { records: Record<string, unknown>[] }).records;
  });

describe('Salesforce SOQL for the audit', () => {
  it('filters by a CreatedDate range with unquoted date-time literals, and by != null', async () => {
    const made = await f.client.createCases('acme', [
      { createdDate: '2026-12-01T10:00:00Z' },
      { createdDate: '2026-12-02T10:00:00Z' },
      { createdDate: '2026-12-03T10:00:00Z', session: false },
    ]);
    const res = await soql(
      'SELECT Id, CaseId FROM MessagingSession WHERE CreatedDate >= 2026-12-01T00:00:00Z AND CreatedDate < 2026-12-02T12:00:00Z AND CaseId != null ORDER BY CreatedDate ASC LIMIT 10',
    );
    expect(res.status).toBe(200);
    const rows = (res.json as { records: { CaseId: string }[] }).records;
    expect(rows.map((r) => r.CaseId)).toEqual([made.cases[0]?.id, made.cases[1]?.id]);
  });

  it('refuses a quoted date-time as Salesforce does, and what the subset does not read', async () => {
    const quoted = await soql("SELECT Id FROM Case WHERE CreatedDate >= '2026-12-01T00:00:00Z'");
    expect(quoted.status).toBe(400);
    expect(JSON.stringify(quoted.json)).toContain('should not be enclosed in quotes');
    const or = await soql("SELECT Id FROM Case WHERE Status = 'New' OR Status = 'Closed'");
    expect(or.status).toBe(400);
    expect(JSON.stringify(or.json)).toContain('MALFORMED_QUERY');
  });

  it('finds Cases by number, Case id and MessagingSession id, naming the rest unknown', async () => {
    const found = await sfFinder().find(
      'acme',
      { kind: 'ids', tokens: ['00001027', CASE1, MS1, '99999999', 'hello'] },
      500,
    );
    expect(found.items.map((i) => i.name)).toEqual(['00001027', '00001026']);
    expect(found.unknown).toEqual(['99999999', 'hello']);
    expect(found.truncated).toBe(false);
  });

  it('finds the Cases of the sessions created in a range, at most the limit', async () => {
    await f.client.createCases(
      'acme',
      Array.from({ length: 5 }, (_, i) => ({ createdDate: `2026-12-0${i + 1}T08:00:00Z` })),
    );
    const found = await sfFinder().find(
      'acme',
      { kind: 'range', from: '2026-12-02T00:00:00Z', to: '2026-12-06T00:00:00Z' },
      3,
    );
    expect(found.items).toHaveLength(3);
    expect(found.truncated).toBe(true);
    expect(found.items.every((i) => /^0000\d{4}$/.test(i.name ?? ''))).toBe(true);
    expect(soqlDateTime('2026-12-02T00:00:00.000Z')).toBe('2026-12-02T00:00:00Z');
  });
});

describe('Kustomer conversation search for the audit', () => {
  const request = async (_org: string, path: string, init?: RequestInit) => {
    const res = await k.k(init?.method ?? 'GET', path, {
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };

  it('pages conversations created in a range, oldest first', async () => {
    const made = await k.client.kustomerCreateConversations(
      SEED.kustomer.acme.org,
      Array.from({ length: 7 }, (_, i) => ({ createdAt: `2026-12-0${i + 1}T08:00:00Z` })),
    );
    const body = {
      queryContext: 'conversation',
      and: [
        { conversation_created_at: { gte: '2026-12-02T00:00:00Z' } },
        { conversation_created_at: { lt: '2026-12-07T00:00:00Z' } },
      ],
      sort: [{ conversation_created_at: 'asc' }],
    };
    const first = await k.k('POST', '/v1/customers/search?page=1&pageSize=2', { body });
    expect(first.status).toBe(200);
    const json = first.json as {
      data: { id: string }[];
      meta: { total: number };
      links: { next: string | null };
    };
    expect(json.meta.total).toBe(5);
    expect(json.data.map((d) => d.id)).toEqual(
      made.conversations.slice(1, 3).map((c) => c.conversationId),
    );
    expect(json.links.next).toBe('/v1/customers/search?page=2&pageSize=2');
    const found = await kustomerAuditFinder(request).find(
      SEED.kustomer.acme.org,
      { kind: 'range', from: '2026-12-02T00:00:00Z', to: '2026-12-07T00:00:00Z' },
      500,
    );
    expect(found.items.map((i) => i.record.id)).toEqual(
      made.conversations.slice(1, 6).map((c) => c.conversationId),
    );
  });

  it('refuses a search the subset does not read, and more than 500 a page', async () => {
    const bad = await k.k('POST', '/v1/customers/search', {
      body: { queryContext: 'customer', and: [] },
    });
    expect(bad.status).toBe(400);
    const big = await k.k('POST', '/v1/customers/search?pageSize=501', {
      body: { queryContext: 'conversation' },
    });
    expect(big.status).toBe(400);
  });

  it('takes pasted conversation ids and names the other words unknown', async () => {
    const id = SEED.kustomer.ids.conversation1;
    const found = await kustomerAuditFinder(request).find(
      'acme',
      { kind: 'ids', tokens: [id, 'x1'] },
      500,
    );
    expect(found.items.map((i) => i.record.id)).toEqual([id]);
    expect(found.unknown).toEqual(['x1']);
  });
});
