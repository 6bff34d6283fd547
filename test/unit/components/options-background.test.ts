/**
 * The background's answers to the options page (lib/background/), through the router as the
 * page's messages arrive, over fake-indexeddb, a fake cookie jar and a fake fetch.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { backgroundHandlers } from '../../../lib/background/services';
import { Mapping } from '../../../lib/mapping/schema';
import { createRouter } from '../../../lib/messaging/router';
import { type Db, openHandoffDb } from '../../../lib/store/db';
import { mappingsRepo } from '../../../lib/store/mappings';
import { readRealJson } from '../../support/real-fixtures';

const ORG_ID = '00D5g000004XyZa';
const NOW = Date.UTC(2026, 10, 21, 10, 0);
const caseDescribe = readRealJson('sf_describe_Case_cumulusci_v48.json');

let n = 0;
let db: Db;
let calls: { url: string; method: string }[];
let session: boolean;

function route() {
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET' });
    const path = new URL(url).pathname;
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (path === '/services/data/') return json(200, [{ version: '62.0' }]);
    if (path.endsWith('/sobjects/Case/describe')) return json(200, caseDescribe);
    return json(404, [
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
  }) as unknown as typeof fetch;
  const cookies = {
    async get({ url }: { url: string }) {
      return url.includes('lightning.force.com') ? { value: `${ORG_ID}!lightning` } : null;
    },
    async getAll() {
      return session
        ? [{ name: 'sid', value: `${ORG_ID}!api`, domain: 'acme.my.salesforce.com' }]
        : [];
    },
  };
  return createRouter(backgroundHandlers({ db, cookies, fetch: fetchFn, now: () => NOW }));
}

async function send<T>(message: unknown): Promise<T> {
  const reply = await route()(message);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
}

const file = (mappings: unknown[]) => ({ format: 'handoff-fields/mappings', version: 1, mappings });
const m = (id: string, field: string, extra: object = {}) => ({
  id,
  platform: 'salesforce',
  object: 'Case',
  field,
  sources: [id],
  ...extra,
});

beforeEach(async () => {
  db = await openHandoffDb(`options-background-${n++}`);
  calls = [];
  session = true;
});

describe('catalog requests', () => {
  it('imports the Case describe with the session, and reports the object it could not read', async () => {
    const result = await send<{
      imported: { object: string; fieldCount: number; fetchedAt: number }[];
      failed: { object: string; message: string }[];
    }>({ type: 'catalog:import', platform: 'salesforce', org: ' ACME ' });
    expect(result.imported).toEqual([
      {
        platform: 'salesforce',
        org: 'acme',
        object: 'Case',
        fetchedAt: NOW,
        fieldCount: (caseDescribe as { fields: unknown[] }).fields.length,
      },
    ]);
    expect(result.failed.map((f) => f.object)).toEqual(['MessagingSession']);
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
    const stored = await send<{ org: string; object: string; fields: { name: string }[] }[]>({
      type: 'catalog:list',
    });
    expect(stored.map((c) => `${c.org}:${c.object}`)).toEqual(['acme:Case']);
    expect(stored[0]?.fields.some((f) => f.name === 'Priority')).toBe(true);
  });

  it('answers with what to do when nothing could be read', async () => {
    session = false;
    const reply = await route()({ type: 'catalog:import', platform: 'salesforce', org: 'acme' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'session-missing' } });
    expect(!reply.ok && reply.error.message).toMatch(/Sign in to Salesforce in this browser/);
    const bad = await route()({
      type: 'catalog:import',
      platform: 'kustomer',
      org: 'evil.example/x',
    });
    expect(!bad.ok && bad.error.message).toContain('is not a Kustomer org');
    expect(calls).toEqual([]);
  });

  it('stores a pasted describe under the org, and names a response that is not one', async () => {
    const stored = await send<{ stored: { object: string; org: string } }>({
      type: 'catalog:paste',
      org: 'Globex',
      json: caseDescribe,
    });
    expect(stored.stored).toMatchObject({ platform: 'salesforce', org: 'globex', object: 'Case' });
    const refused = await send<{ error: string }>({
      type: 'catalog:paste',
      org: 'globex',
      json: { sobjects: [] },
    });
    expect(refused.error).toContain('global describe');
    expect(calls).toEqual([]);
  });
});

describe('mappings requests', () => {
  it('refuses an invalid file with every path-named problem, changing nothing', async () => {
    await send({ type: 'mappings:save', mapping: m('a', 'A__c') });
    const result = await send<{ applied: boolean; errors: string[] }>({
      type: 'mappings:import',
      file: file([m('b', 'B__c', { valueMap: [{ from: 'x' }] }), m('a', 'A__c', { polcy: 'x' })]),
      mode: 'replace',
    });
    expect(result.applied).toBe(false);
    expect(result.errors).toEqual([
      expect.stringMatching(/^mappings\[0\]\.valueMap\[0\]\.to \(B__c\): /),
      expect.stringMatching(/^mappings\[1\]\.polcy \(A__c\): unknown key/),
    ]);
    expect((await mappingsRepo(db).list()).map((x) => x.id)).toEqual(['a']);
  });

  it('merges or replaces in one transaction and says what changed', async () => {
    await send({ type: 'mappings:save', mapping: m('a', 'A__c') });
    await send({ type: 'mappings:save', mapping: m('b', 'B__c') });
    const merged = await send<{ applied: true; summary: object }>({
      type: 'mappings:import',
      file: file([m('a', 'A__c', { policy: 'overwrite' }), m('c', 'C__c')]),
      mode: 'merge',
    });
    expect(merged.summary).toEqual({ added: 1, updated: 1, removed: 0, unchanged: 1 });
    expect((await mappingsRepo(db).list()).map((x) => [x.id, x.policy])).toEqual([
      ['a', 'overwrite'],
      ['b', 'fill-empty'],
      ['c', 'fill-empty'],
    ]);
    const replaced = await send<{ applied: true; summary: object }>({
      type: 'mappings:import',
      file: file([m('c', 'C__c')]),
      mode: 'replace',
    });
    expect(replaced.summary).toEqual({ added: 0, updated: 0, removed: 2, unchanged: 1 });
    expect((await mappingsRepo(db).list()).map((x) => x.id)).toEqual(['c']);
  });

  it('turns many mappings on or off at once, answering those that changed', async () => {
    const repo = mappingsRepo(db);
    await repo.update(() => ({
      put: Array.from({ length: 50 }, (_, i) => Mapping.parse(m(`m${i}`, `F${i}__c`))),
      remove: [],
    }));
    const changed = await send<Mapping[]>({
      type: 'mappings:enable',
      ids: ['m1', 'm2', 'nope'],
      enabled: false,
    });
    expect(changed.map((x) => [x.id, x.enabled])).toEqual([
      ['m1', false],
      ['m2', false],
    ]);
    const again = await send<Mapping[]>({ type: 'mappings:enable', ids: ['m1'], enabled: false });
    expect(again).toEqual([]);
    expect((await repo.list()).filter((x) => !x.enabled).map((x) => x.id)).toEqual(['m1', 'm2']);
    expect((await repo.list('salesforce')).length).toBe(50);
    expect(await repo.list('kustomer')).toEqual([]);
  });

  it('writes nothing when the change fails inside the transaction', async () => {
    const repo = mappingsRepo(db);
    await repo.save(m('a', 'A__c'));
    await expect(
      repo.update(() => ({
        put: [Mapping.parse(m('b', 'B__c')), { id: '' } as Mapping],
        remove: ['a'],
      })),
    ).rejects.toThrow();
    expect((await repo.list()).map((x) => x.id)).toEqual(['a']);
  });
});

describe('the test bench request', () => {
  it('plans with the stored mappings and catalog, and sends nothing to the platform', async () => {
    await send({ type: 'catalog:paste', org: 'acme', json: caseDescribe });
    await send({
      type: 'mappings:import',
      file: file([
        m('priority', 'Priority', {
          sources: ['Priority'],
          valueMap: [{ from: 'urgent', to: 'High' }],
        }),
        m('subject', 'Subject', { sources: ['Subject'] }),
      ]),
      mode: 'replace',
    });
    const preview = await send<{
      context: { form: string; trust: string };
      fields: { field: string; action: string; value: unknown; reason?: string }[];
    }>({
      type: 'bench:preview',
      platform: 'salesforce',
      text: 'Handoff context\nPriority: urgent\nSubject: Broken router',
      author: 'bot',
      current: { Subject: 'Typed by the agent' },
    });
    expect(preview.context).toMatchObject({ form: 'key-value', trust: 'bot-authored' });
    expect(preview.fields.map((f) => [f.field, f.action, f.value, f.reason])).toEqual([
      ['Priority', 'write', 'High', undefined],
      ['Subject', 'skip', 'Broken router', 'kept-existing'],
    ]);
    expect(calls).toEqual([]);

    const refused = await send<{ context: { error?: string }; fields: unknown[] }>({
      type: 'bench:preview',
      platform: 'salesforce',
      text: 'Handoff context\nPriority: urgent',
      author: 'customer',
    });
    expect(refused.context.error).toMatch(/customer/);
    expect(refused.fields).toEqual([]);
  });

  it('plans a conversation with the same mappings, catalog and settings: an echo refused, a collected value written', async () => {
    await send({ type: 'catalog:paste', org: 'acme', json: caseDescribe });
    await send({
      type: 'mappings:import',
      file: file([m('subject', 'Subject', { sources: ['Subject'] })]),
      mode: 'replace',
    });
    const { handoffs } = await send<{
      handoffs: {
        message: number;
        context: { trust: string; error?: string };
        fields: { field: string; action: string; value: unknown }[];
      }[];
    }>({
      type: 'bench:preview',
      platform: 'salesforce',
      messages: [
        { author: 'customer', text: 'Subject: Refund now' },
        { author: 'bot', text: 'Handoff context\nSubject: Refund now' },
        { author: 'bot', text: 'What is the problem, in a few words?' },
        { author: 'customer', text: 'Broken router' },
        { author: 'bot', text: 'Handoff context\nSubject: Broken router' },
      ],
    });
    expect(handoffs.map((h) => [h.message, h.context.trust])).toEqual([
      [1, 'refused'],
      [4, 'bot-authored'],
    ]);
    expect(handoffs[0]?.context.error).toMatch(/repeats what the customer wrote earlier/);
    expect(handoffs[1]?.fields).toEqual([
      expect.objectContaining({ field: 'Subject', action: 'write', value: 'Broken router' }),
    ]);
    expect(calls).toEqual([]);
  });

  it('takes one message or a conversation, never both nor neither', async () => {
    const bench = { type: 'bench:preview', platform: 'salesforce' };
    const messages = [{ author: 'bot', text: 'Handoff context\nSubject: x' }];
    await expect(
      send({ ...bench, text: 'Handoff context\nSubject: x', author: 'bot', messages }),
    ).rejects.toThrow(
      'give either text and author (one message) or messages (a conversation), not both',
    );
    await expect(send(bench)).rejects.toThrow(
      'give text and author (one message) or messages (a conversation)',
    );
    await expect(send({ ...bench, text: 'Handoff context' })).rejects.toThrow(
      'one message needs both text and author',
    );
    await expect(send({ ...bench, messages: [] })).rejects.toThrow(/messages/);
    await expect(send({ ...bench, messages: [{ author: 'robot', text: 'hi' }] })).rejects.toThrow(
      /messages\[0\]\.author/,
    );
  });
});
