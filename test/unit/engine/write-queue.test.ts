/**
 * The durable write queue (lib/engine/write-queue.ts) over fake-indexeddb, with a fake Salesforce, a fake
 * clock and scripted randomness: backoff and jitter, named waits, what is never retried, giving up,
 * at-most-once across a restart (a new engine on the same database), and the conflict rule.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { handoffEngine } from '@/lib/engine/handoff';
import { RETRY_POLICY } from '@/lib/engine/retry-policy';
import { GAVE_UP_WINDOW_MS } from '@/lib/engine/write-queue';
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
    'Salesforce is not answering normally. Nothing was written yet.',
    { retryAfterMs, detail: 'SERVER_UNAVAILABLE: Server unavailable' },
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
    // The queue's line is the only message while it retries: no notice beside it.
    expect(first.notice).toBeUndefined();
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

  it("a write waiting for the agent's sign-in goes when the agent connects to its org, and only then", async () => {
    const needed = new PlatformError('connect-needed', 'Press Connect Salesforce.', {
      signIn: { platform: 'salesforce', platformName: 'Salesforce', org: 'acme' },
    });
    t.sf.script.push(needed);
    const waiting = await t.engine.messages(CASE, [bot('Account Number: AC-11')]);
    expect(waiting.notice).toMatchObject({
      code: 'connect-needed',
      signIn: { platform: 'salesforce', platformName: 'Salesforce', org: 'acme' },
    });
    const row = async () => (await liveRows(t.db))[0];
    const due = (await row())?.due;
    expect(due).toBeGreaterThan(t.clock.t);
    // Another org's connection, or another platform's, wakes nothing.
    await t.engine.writes.wakeForOrg('salesforce', 'globex');
    await t.engine.writes.wakeForOrg('kustomer', 'acme');
    expect((await row())?.due).toBe(due);
    await t.engine.writes.wakeForOrg('salesforce', 'ACME');
    expect((await row())?.due).toBe(t.clock.t);
    await t.engine.writes.runDue();
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-11' }]);
  });

  it('a write that waits for a wrong-user reconnection is a session wait too', async () => {
    t.sf.script.push(
      new PlatformError('wrong-user', 'Press Reconnect as Bob Admin.', {
        signIn: {
          platform: 'salesforce',
          platformName: 'Salesforce',
          org: 'acme',
          consoleUser: 'Bob Admin',
        },
      }),
    );
    const waiting = await t.engine.messages(CASE, [bot('Account Number: AC-13')]);
    expect(waiting.notice).toMatchObject({ signIn: { consoleUser: 'Bob Admin' } });
    await t.engine.writes.wakeForOrg('salesforce', 'acme');
    await t.engine.writes.runDue();
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-13' }]);
  });

  it('a write stopped because no sign-in is set up is not retried, but Retry may cure it', async () => {
    t.sf.script.push(new PlatformError('connect-not-set-up', 'Ask your admin.'));
    const failed = await t.engine.messages(CASE, [bot('Account Number: AC-14')]);
    expect(failed.queue?.[0]?.state).toBe('failed');
    expect(failed.queue?.[0]?.attempts).toBe(1);
    expect(failed.retryHelps).toBe(true);
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
    expect(view.lastRetry).toEqual({ at: t.clock.t, outcome: 'written' });
  });

  it('a manual Retry during automatic retries brings the next attempt forward without using one up', async () => {
    const max = RETRY_POLICY.maxAttempts;
    for (let i = 0; i < max + 1; i++) t.sf.script.push(unavailable(10_000));
    await t.engine.messages(CASE, [bot('Account Number: AC-13')]);
    await tick(t); // the second automatic attempt
    const waiting = await t.engine.view(CASE);
    expect(waiting.queue?.[0]).toMatchObject({ state: 'retrying', attempts: 2 });
    const dueBefore = waiting.queue?.[0]?.nextAttemptAt ?? 0;
    expect(dueBefore - t.clock.t).toBeGreaterThanOrEqual(10_000);

    // The agent presses Retry 3 s later: the attempt goes now, not at its due time…
    t.clock.t += 3_000;
    const retried = await t.engine.retry(CASE);
    expect(t.sf.writes).toHaveLength(3);
    // …and does not count: still 2 of 8 used, the same wait before the next one.
    expect(retried.queue?.[0]).toMatchObject({ state: 'retrying', attempts: 2 });
    expect(retried.lastRetry).toEqual({ at: t.clock.t, outcome: 'retrying' });
    expect(retried.notice).toBeUndefined();

    // The automatic attempts left are all still made: 8 automatic in all, plus the agent's.
    while ((await t.queue.nextDue()) !== undefined) await tick(t);
    const failed = await t.engine.view(CASE);
    expect(failed.state).toBe('failed');
    expect(failed.queue?.[0]).toMatchObject({ state: 'failed', attempts: max });
    expect(t.sf.writes).toHaveLength(max + 1);
    expect(t.sf.stored).toEqual([]);
  });

  it('says nothing but the retry while it waits; a session wait says what to do', async () => {
    t.sf.script.push(unavailable(5_000));
    const outage = await t.engine.messages(CASE, [bot('Account Number: AC-14')]);
    expect(outage.notice).toBeUndefined();
    // The platform's words are kept for the admin, apart from the agent's message.
    expect(outage.queue?.[0]?.lastError).toEqual({
      code: 'platform-unavailable',
      message: 'Salesforce is not answering normally. Nothing was written yet.',
      detail: 'SERVER_UNAVAILABLE: Server unavailable',
    });
  });
});

describe('writes that gave up, told to every console tab', () => {
  let t: Setup;
  let told: number;
  beforeEach(async () => {
    t = await setup();
    told = 0;
  });
  const start = () => {
    const engine = handoffEngine({
      settings: settingsRepo(t.db),
      mappings: mappingsRepo(t.db),
      catalogs: catalogsRepo(t.db),
      journal: journalRepo(t.db),
      queue: t.queue,
      clientFor: () => t.sf.client,
      now: () => t.clock.t,
      random: () => 0.5,
      onGaveUpChange: () => told++,
    });
    return engine;
  };
  const giveUp = async (engine: ReturnType<typeof start>, record: RecordRef, id: string) => {
    for (let i = 0; i < RETRY_POLICY.maxAttempts; i++) t.sf.script.push(unavailable(1_000));
    await engine.messages(record, [bot(`Account Number: ${id}`, id)]);
    while ((await t.queue.nextDue()) !== undefined) await tick(t, engine);
  };

  it('lists a write that gave up after retrying, from the durable rows, across a worker restart', async () => {
    const engine = start();
    await giveUp(engine, CASE, 'AC-G1');
    expect(told).toBe(1);
    const alerts = await engine.writes.gaveUp();
    expect(alerts).toEqual([expect.objectContaining({ target: CASE, at: t.clock.t })]);
    // A new worker (the old one stopped) reads the same list from IndexedDB.
    expect(await start().writes.gaveUp()).toEqual(alerts);
  });

  it('does not list a refusal on the first attempt (the agent is looking at it)', async () => {
    const engine = start();
    t.sf.script.push(new PlatformError('api-access-denied', 'Salesforce refused this session.'));
    await engine.messages(CASE, [bot('Account Number: AC-G2')]);
    expect(await engine.writes.gaveUp()).toEqual([]);
    expect(told).toBe(0);
  });

  it('clears once the handoff is retried, and when the agent dismisses it', async () => {
    const engine = start();
    const other: RecordRef = { ...CASE, id: '5005g00000HfCa2AAF' };
    await giveUp(engine, CASE, 'AC-G3');
    await giveUp(engine, other, 'AC-G4');
    const alerts = await engine.writes.gaveUp();
    expect(alerts.map((a) => a.target.id)).toEqual([other.id, CASE.id]);

    const retried = await engine.retry(CASE);
    expect(retried.state).toBe('done');
    expect((await engine.writes.gaveUp()).map((a) => a.target.id)).toEqual([other.id]);

    const before = told;
    const dismissed = alerts.find((a) => a.target.id === other.id);
    await engine.writes.dismissGaveUp([dismissed?.journalId ?? -1]);
    expect(await engine.writes.gaveUp()).toEqual([]);
    expect(told).toBeGreaterThan(before);
    // Dismissed is not retried: Retry on that record still can.
    expect((await engine.view(other)).queue?.[0]?.state).toBe('failed');
  });

  it('forgets what gave up more than a day ago', async () => {
    const engine = start();
    await giveUp(engine, CASE, 'AC-G5');
    t.clock.t += GAVE_UP_WINDOW_MS + 1;
    expect(await engine.writes.gaveUp()).toEqual([]);
  });
});

describe('Retry only where it can help', () => {
  let t: Setup;
  beforeEach(async () => {
    t = await setup();
  });

  it('does not re-send a refused value, and keeps the written count of the summary', async () => {
    t.sf.script.push({ refuse: 'Account_Tier__c', message: 'bad value for restricted picklist' });
    const first = await t.engine.messages(CASE, [
      bot('Account Number: AC-20\nAccount Tier: Premium'),
    ]);
    expect(first.fields.map((f) => f.outcome)).toEqual(['written', 'refused']);
    const writes = t.sf.writes.length;
    const entries = await t.db.count('journal');

    const retried = await t.engine.retry(CASE);
    expect(t.sf.writes).toHaveLength(writes);
    expect(await t.db.count('journal')).toBe(entries);
    expect(retried.fields).toEqual(first.fields);
    expect(retried.lastRetry?.outcome).toBe('nothing-new');
  });

  it('does not run a context that was not used (typed by the customer)', async () => {
    const typed: CandidateMessage = { ...bot('Account Number: AC-21'), author: 'customer' };
    const refused = await t.engine.messages(CASE, [typed]);
    expect(refused.context?.trust).toBe('unverified');
    const retried = await t.engine.retry(CASE);
    expect(t.sf.writes).toHaveLength(0);
    expect(retried.lastRetry?.outcome).toBe('nothing-new');
  });

  it('runs a handoff whose session expired again, and says so with the time of the try', async () => {
    t.sf.script.push(
      new PlatformError('session-expired', 'Your Salesforce session has expired.', {
        detail: 'INVALID_SESSION_ID: Session expired or invalid',
      }),
    );
    const failed = await t.engine.messages(CASE, [bot('Account Number: AC-22')]);
    expect(failed.state).toBe('failed');
    expect(failed.notice?.message).not.toMatch(/INVALID_SESSION_ID/);
    t.sf.script.push(new PlatformError('session-expired', 'Your Salesforce session has expired.'));
    t.clock.t += 5_000;
    const again = await t.engine.retry(CASE);
    expect(again.lastRetry).toEqual({ at: t.clock.t, outcome: 'failed' });
    // The trace is on the journal entry: a poll's answer carries it too.
    expect((await t.engine.poll(CASE)).lastRetry).toEqual(again.lastRetry);
    t.clock.t += 5_000;
    const written = await t.engine.retry(CASE);
    expect(written.lastRetry).toEqual({ at: t.clock.t, outcome: 'written' });
    expect(t.sf.stored).toEqual([{ Account_Number__c: 'AC-22' }]);
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
