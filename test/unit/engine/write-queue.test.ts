/**
 * The durable write queue (lib/engine/write-queue.ts) over fake-indexeddb, with a fake Salesforce, a fake
 * clock and scripted randomness: backoff and jitter, named waits, what is never retried, giving up,
 * at-most-once across a restart (a new engine on the same database), and the conflict rule.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { RETRY_POLICY } from '@/lib/engine/retry-policy';
import type { MappingInput } from '@/lib/mapping/schema';
import { kustomerClient } from '@/lib/platforms/kustomer/api';
import {
  type PlatformClient,
  PlatformError,
  type WriteResult,
} from '@/lib/platforms/platform-client';
import { salesforceClient } from '@/lib/platforms/salesforce/api';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { CandidateMessage, FieldSpec, RecordRef } from '@/lib/platforms/types';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { queueRepo } from '@/lib/store/queue';
import { settingsRepo } from '@/lib/store/settings';

const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};

const fields: FieldSpec[] = [
  {
    name: 'Account_Number__c',
    label: 'Account Number',
    type: 'string',
    length: 40,
    updateable: true,
  },
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    restricted: true,
    updateable: true,
    options: [
      { value: 'tier_basic', label: 'Basic', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
    ],
  },
];

const mappings: MappingInput[] = [
  {
    id: 'number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['Account Number'],
  },
  {
    id: 'tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  },
];

/** What the fake platform does with the next write. */
type Step =
  | 'ok'
  | PlatformError
  | { refuse: string; message: string }
  /** Stores the values, then never answers (the worker dies with the request in flight). */
  | 'store-then-hang'
  /** Never answers and stores nothing. */
  | 'hang';

function fakeSalesforce() {
  const record: Record<string, unknown> = { Account_Number__c: null, Account_Tier__c: null };
  const script: Step[] = [];
  const writes: Record<string, unknown>[] = [];
  const stored: Record<string, unknown>[] = [];
  const client: PlatformClient = {
    rules: salesforceRules,
    async resolveTargets(r) {
      return [r];
    },
    async describe() {
      return fields;
    },
    async read() {
      return { values: { ...record } };
    },
    async write(_target, values): Promise<WriteResult> {
      writes.push(values);
      const step = script.shift() ?? 'ok';
      if (step instanceof PlatformError) throw step;
      if (step === 'hang') return new Promise(() => undefined);
      if (typeof step === 'object') {
        if (step.refuse in values) {
          return {
            ok: false,
            refusals: [{ field: step.refuse, message: step.message }],
            message: step.message,
          };
        }
      }
      Object.assign(record, values);
      stored.push(values);
      if (step === 'store-then-hang') return new Promise(() => undefined);
      return { ok: true };
    },
  };
  return { client, record, script, writes, stored };
}

const bot = (lines: string, id = 'm1'): CandidateMessage => ({
  platformMessageId: id,
  author: 'bot',
  text: `Connecting you now.\nHandoff context\n${lines}`,
});

const unavailable = (retryAfterMs?: number) =>
  new PlatformError(
    'platform-unavailable',
    'Salesforce is not answering normally (SERVER_UNAVAILABLE).',
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );

let n = 0;
async function setup(options: { random?: () => number } = {}) {
  const db = await openHandoffDb(`queue-test-${n++}`);
  const sf = fakeSalesforce();
  const repo = mappingsRepo(db);
  for (const m of mappings) await repo.save(m);
  const clock = { t: Date.UTC(2026, 10, 21, 10, 0, 0) };
  const wakes: (number | undefined)[] = [];
  const start = (client: PlatformClient = sf.client) =>
    handoffEngine({
      settings: settingsRepo(db),
      mappings: repo,
      catalogs: catalogsRepo(db),
      journal: journalRepo(db),
      queue: queueRepo(db),
      clientFor: () => client,
      now: () => clock.t,
      random: options.random ?? (() => 0.5),
      wake: (at) => wakes.push(at),
    });
  return { db, sf, clock, wakes, engine: start(), start, queue: queueRepo(db) };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Moves the fake clock to the earliest due row and runs the queue, as the timer or alarm would. */
async function tick(t: Setup, engine = t.engine) {
  const due = await t.queue.nextDue();
  if (due === undefined) throw new Error('nothing is waiting');
  t.clock.t = Math.max(t.clock.t, due);
  await engine.writes.runDue();
}

const liveRows = async (db: Db) =>
  (await db.getAll('queue')).filter((r) => ['pending', 'sending', 'retrying'].includes(r.state));

describe('the write queue', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await setup();
  });

  it('makes the write a queue row before sending anything, and settles it once written', async () => {
    const view = await t.engine.messages(CASE, [bot('Account Number: AC-1')]);
    expect(view.state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-1' }]);
    const rows = await t.db.getAll('queue');
    expect(rows.map((r) => [r.kind, r.state, r.attempts])).toEqual([
      ['resolve', 'done', 1],
      ['write', 'done', 1],
    ]);
    // Keyed by context digest and record: the idempotency key.
    const entry = await journalRepo(t.db).latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(rows[1]?.key).toBe(
      `write|${entry?.contextDigest}|m1|salesforce:acme:Case:5005g00000HfCa1AAF`,
    );
    // Settled rows keep no values.
    expect(rows.every((r) => r.values === undefined)).toBe(true);
  });

  it('retries a 503 with exponential backoff and jitter, then writes once', async () => {
    t.sf.script.push(unavailable(), unavailable());
    const first = await t.engine.messages(CASE, [bot('Account Number: AC-2')]);
    expect(first.state).toBe('pending');
    expect(first.queue).toEqual([
      expect.objectContaining({
        state: 'retrying',
        attempts: 1,
        maxAttempts: RETRY_POLICY.maxAttempts,
        nextAttemptAt: t.clock.t + 1500, // base 2 s, equal jitter at 0.5: 1 s + 0.5 · 1 s
        lastError: expect.objectContaining({ code: 'platform-unavailable' }),
      }),
    ]);
    expect(first.notice?.code).toBe('platform-unavailable');
    expect(first.fields.find((f) => f.field === 'Account_Number__c')?.outcome).toBe('pending');
    expect(t.wakes.at(-1)).toBe(t.clock.t + 1500);

    const t0 = t.clock.t;
    await tick(t);
    const second = await t.engine.view(CASE);
    expect(second.queue?.[0]).toMatchObject({ attempts: 2, nextAttemptAt: t0 + 1500 + 3000 });
    await tick(t);
    const done = await t.engine.view(CASE);
    expect(done.state).toBe('done');
    expect(done.queue).toBeUndefined();
    expect(done.notice).toBeUndefined();
    expect(t.sf.writes).toHaveLength(3);
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-2' }]);
    expect(t.wakes.at(-1)).toBeUndefined(); // nothing waits: no timer, no alarm
  });

  it('waits exactly as long as Retry-After says, plus a little jitter', async () => {
    t.sf.script.push(unavailable(7_000));
    const view = await t.engine.messages(CASE, [bot('Account Number: AC-3')]);
    const next = view.queue?.[0]?.nextAttemptAt ?? 0;
    expect(next - t.clock.t).toBeGreaterThanOrEqual(7_000);
    expect(next - t.clock.t).toBeLessThanOrEqual(7_000 + 700);
  });

  it('gives up after the last attempt, names the reason, and Retry starts over', async () => {
    for (let i = 0; i < RETRY_POLICY.maxAttempts; i++) t.sf.script.push(unavailable(1_000));
    await t.engine.messages(CASE, [bot('Account Number: AC-4')]);
    for (let i = 1; i < RETRY_POLICY.maxAttempts; i++) await tick(t);
    const failed = await t.engine.view(CASE);
    expect(failed.state).toBe('failed');
    expect(failed.notice?.message).toMatch(/not answering normally/);
    expect(failed.queue).toEqual([
      expect.objectContaining({ state: 'failed', attempts: RETRY_POLICY.maxAttempts }),
    ]);
    expect(failed.fields.find((f) => f.field === 'Account_Number__c')).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/^Not written: Salesforce is not answering normally/),
    });
    expect(await liveRows(t.db)).toEqual([]);
    expect(t.sf.stored).toEqual([]);

    const retried = await t.engine.retry(CASE);
    expect(retried.state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-4' }]);
  });

  it('never retries a validation error: the refused field is left out once, the rest lands', async () => {
    t.sf.script.push({ refuse: 'Account_Tier__c', message: 'bad value for restricted picklist' });
    const view = await t.engine.messages(CASE, [
      bot('Account Number: AC-5\nAccount Tier: Premium'),
    ]);
    expect(view.state).toBe('done');
    expect(t.sf.writes).toEqual([
      { Account_Number__c: 'AC-5', Account_Tier__c: 'tier_premium' },
      { Account_Number__c: 'AC-5' },
    ]);
    expect(view.fields.find((f) => f.field === 'Account_Tier__c')?.outcome).toBe('refused');
    expect(await liveRows(t.db)).toEqual([]);
    expect(await t.queue.nextDue()).toBeUndefined();
  });

  it('never retries a refusal that waiting does not cure', async () => {
    t.sf.script.push(new PlatformError('api-access-denied', 'Salesforce refused this session.'));
    const view = await t.engine.messages(CASE, [bot('Account Number: AC-6')]);
    expect(view.state).toBe('failed');
    expect(view.notice?.code).toBe('api-access-denied');
    expect(t.sf.writes).toHaveLength(1);
    expect(await liveRows(t.db)).toEqual([]);
  });

  it('writes at most once when the worker died after the request landed (its answer lost)', async () => {
    t.sf.script.push('store-then-hang');
    // The first worker sends the update and dies with the request in flight: nothing settles.
    void t.engine.messages(CASE, [bot('Account Number: AC-7\nAccount Tier: Premium')]);
    await expect.poll(() => t.sf.stored.length).toBe(1);
    const [row] = (await t.db.getAll('queue')).filter((r) => r.kind === 'write');
    expect(row).toMatchObject({ state: 'sending', attempts: 1 });

    // A new worker on the same database (a restart) resumes the row: it re-reads first.
    const restarted = t.start();
    await restarted.writes.runDue();
    const view = await restarted.view(CASE);
    expect(view.state).toBe('done');
    expect(t.sf.stored).toHaveLength(1);
    expect(t.sf.writes).toHaveLength(1);
    expect(view.fields.map((f) => [f.field, f.outcome, f.reason])).toEqual([
      ['Account_Number__c', 'skipped', 'unchanged'],
      ['Account_Tier__c', 'skipped', 'unchanged'],
    ]);
    const resumed = (await t.db.getAll('queue')).find((r) => r.kind === 'write');
    expect(resumed).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('writes once when the worker died before the request reached the platform', async () => {
    t.sf.script.push('hang');
    void t.engine.messages(CASE, [bot('Account Number: AC-8')]);
    await expect.poll(() => t.sf.writes.length).toBe(1);
    const restarted = t.start();
    await restarted.writes.runDue();
    expect((await restarted.view(CASE)).state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-8' }]);
  });

  it('takes one handoff in once per record, also when resent after a restart lost its seen marks', async () => {
    t.sf.script.push(unavailable(5_000));
    await t.engine.messages(CASE, [bot('Account Number: AC-9', 'm1')]);
    // The worker died after taking the handoff in but before marking the message seen; the page
    // sends the message again to a new worker.
    await t.db.clear('seen');
    const restarted = t.start();
    const resent = await restarted.messages(CASE, [bot('Account Number: AC-9', 'm1')]);
    expect(resent.state).toBe('pending');
    expect((await t.db.getAll('queue')).filter((r) => r.kind === 'write')).toHaveLength(1);
    expect(await t.db.count('journal')).toBe(1);
    await tick(t, restarted);
    expect((await restarted.view(CASE)).state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-9' }]);
    expect(t.sf.writes).toHaveLength(2); // the 503, then the write

    // Another bot message with the same text is another handoff: read and planned, nothing to write.
    const again = await restarted.messages(CASE, [bot('Account Number: AC-9', 'm2')]);
    expect(again.fields[0]).toMatchObject({ outcome: 'skipped', reason: 'unchanged' });
    expect(t.sf.writes).toHaveLength(2);
  });

  it('keeps a value the agent typed while the write waited (fill-empty re-reads before writing)', async () => {
    t.sf.script.push(unavailable(2_000));
    await t.engine.messages(CASE, [bot('Account Number: AC-BOT\nAccount Tier: Premium')]);
    t.sf.record.Account_Number__c = 'TYPED-BY-AGENT';
    await tick(t);
    const view = await t.engine.view(CASE);
    expect(t.sf.record.Account_Number__c).toBe('TYPED-BY-AGENT');
    expect(t.sf.writes.at(-1)).toEqual({ Account_Tier__c: 'tier_premium' });
    expect(view.fields.find((f) => f.field === 'Account_Number__c')?.reason).toBe('kept-existing');
  });

  it('a write waiting for a session goes as soon as the agent opens the record again', async () => {
    t.sf.script.push(
      new PlatformError(
        'session-missing',
        'No Salesforce session was found for acme.my.salesforce.com.',
      ),
    );
    const waiting = await t.engine.messages(CASE, [bot('Account Number: AC-10')]);
    expect(waiting.state).toBe('pending');
    expect(waiting.notice?.code).toBe('session-missing');
    expect(waiting.queue?.[0]?.state).toBe('retrying');
    // Signed in again, the agent opens the record: no need to wait for the next backoff.
    await t.engine.open(CASE);
    await expect.poll(async () => (await t.engine.view(CASE)).state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-10' }]);
  });

  it('settles an entry whose writes all settled when the worker stopped before the entry did', async () => {
    await t.engine.messages(CASE, [bot('Account Number: AC-12')]);
    const journal = journalRepo(t.db);
    const entry = await journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    if (entry?.id === undefined) throw new Error('no entry');
    const { settledAt: _dropped, ...unsettled } = entry;
    await journal.update({ ...unsettled, id: entry.id, state: 'pending' });
    const view = await t.start().view(CASE);
    expect(view.state).toBe('done');
    expect((await journal.get(entry.id))?.state).toBe('done');
  });

  it('Retry while a write waits tries it now', async () => {
    t.sf.script.push(unavailable(60_000));
    await t.engine.messages(CASE, [bot('Account Number: AC-11')]);
    const view = await t.engine.retry(CASE);
    expect(view.state).toBe('done');
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-11' }]);
  });
});

describe('named waits from the platform clients', () => {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers });

  it("Kustomer's client reports a 429 with x-ratelimit-reset instead of sleeping, and the queue waits that long", async () => {
    const calls: string[] = [];
    const client = kustomerClient({
      auth: {
        credentials: async () => ({ mode: 'api-key', key: 'k' }),
        fallBack: async () => undefined,
        reset: () => undefined,
      } as never,
      fetch: (async (url: string, init: RequestInit = {}) => {
        calls.push(`${init.method ?? 'GET'} ${url}`);
        return json(
          429,
          { errors: [{ code: 'too_many_requests', message: 'Too many requests' }] },
          { 'x-ratelimit-reset': '5', 'x-ratelimit-remaining': '0' },
        );
      }) as unknown as typeof fetch,
    });
    const started = Date.now();
    const error = await client
      .read({ platform: 'kustomer', org: 'acme', object: 'conversation', id: 'a'.repeat(24) }, [])
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000); // no sleep in the client
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: 'rate-limited', retryAfterMs: 5_000 });

    const t = await setup();
    t.sf.script.push(error as PlatformError);
    const view = await t.engine.messages(CASE, [bot('Account Number: AC-K')]);
    const wait = (view.queue?.[0]?.nextAttemptAt ?? 0) - t.clock.t;
    expect(wait).toBeGreaterThanOrEqual(5_000);
    expect(wait).toBeLessThanOrEqual(5_500);
  });

  it('a request that does not answer in time is a network failure the queue retries', async () => {
    let signal: AbortSignal | undefined;
    const client = salesforceClient(
      {
        get: async () => ({ apiHost: 'acme.my.salesforce.com', sid: '00D!x' }),
        refresh: async () => ({ apiHost: 'acme.my.salesforce.com', sid: '00D!x' }),
        orgId: async () => null,
      },
      (async (_url: string, init: RequestInit = {}) => {
        signal = init.signal ?? undefined;
        throw new DOMException('The operation timed out.', 'TimeoutError');
      }) as unknown as typeof fetch,
    );
    const error = await client.read(CASE, ['Account_Number__c']).catch((e: unknown) => e);
    expect(signal).toBeDefined();
    expect(error).toMatchObject({
      code: 'network',
      message: expect.stringMatching(/did not answer within 30 seconds/),
    });
  });

  it("Salesforce's 403 REQUEST_LIMIT_EXCEEDED waits at least the rate-limit floor; a 429 its Retry-After", async () => {
    const sessions = {
      get: async () => ({ apiHost: 'acme.my.salesforce.com', sid: '00D!x' }),
      refresh: async () => ({ apiHost: 'acme.my.salesforce.com', sid: '00D!x' }),
      orgId: async () => null,
    };
    const answers = [
      json(403, [
        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]),
      json(429, [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {
        'Retry-After': '3',
      }),
    ];
    const client = salesforceClient(sessions, (async (url: string) =>
      url.endsWith('/services/data/')
        ? json(200, [{ version: '66.0' }])
        : (answers.shift() ?? json(500, []))) as unknown as typeof fetch);
    const limit = await client.write(CASE, { X: 1 }).catch((e: unknown) => e);
    const tooMany = await client.write(CASE, { X: 1 }).catch((e: unknown) => e);
    expect(limit).toMatchObject({ code: 'rate-limited', retryAfterMs: undefined });
    expect(tooMany).toMatchObject({ code: 'rate-limited', retryAfterMs: 3_000 });

    const t = await setup();
    t.sf.script.push(limit as PlatformError, tooMany as PlatformError);
    const first = await t.engine.messages(CASE, [bot('Account Number: AC-S')]);
    const wait1 = (first.queue?.[0]?.nextAttemptAt ?? 0) - t.clock.t;
    expect(wait1).toBeGreaterThanOrEqual(RETRY_POLICY.rateLimitFloorMs);
    await tick(t);
    const second = await t.engine.view(CASE);
    const wait2 = (second.queue?.[0]?.nextAttemptAt ?? 0) - t.clock.t;
    expect(wait2).toBeGreaterThanOrEqual(3_000);
    expect(wait2).toBeLessThanOrEqual(3_300);
  });
});
