/**
 * The engine's context sources and the spoofing it refuses (docs/context-format.md, docs/context-sources.md): edited messages,
 * lookalike and quoted markers, record fields and postMessage — over fake-indexeddb and a fake
 * Salesforce client.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { verifySignedContext } from '@/lib/context/signed-context';
import { handoffEngine } from '@/lib/engine/handoff';
import { unsignedFieldMessage } from '@/lib/engine/source-candidates';
import type { MappingInput } from '@/lib/mapping/schema';
import { sameConversationOn } from '@/lib/platforms/descriptor-registry';
import { type PlatformClient, PlatformError } from '@/lib/platforms/platform-client';
import { recordKey } from '@/lib/platforms/record-key';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { CandidateMessage, FieldSpec, RecordRef } from '@/lib/platforms/types';
import { type SettingsInput, TrustSettings } from '@/lib/settings/schema';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { mappingsRepo } from '@/lib/store/mappings';
import { settingsRepo } from '@/lib/store/settings';
import { es256Key, sign } from '../context/test-signer';

const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};
const SESSION: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'MessagingSession',
  id: '0Mw5g00000Ms0a1CAB',
};
const ORIGIN = 'https://assist.example.com';

const fields: FieldSpec[] = [
  {
    name: 'Account_Number__c',
    label: 'Account Number',
    type: 'string',
    length: 20,
    updateable: true,
  },
];
const mappings: MappingInput[] = [
  {
    id: 'number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['Account Number'],
    policy: 'overwrite',
  },
];

/** A Case and its MessagingSession; the session carries the admin's context field. */
function fakeSalesforce() {
  const records: Record<string, Record<string, unknown>> = {
    [CASE.id]: { Account_Number__c: null },
    [SESSION.id]: { CaseId: CASE.id, Handoff_Context__c: null },
  };
  const writes: Record<string, unknown>[] = [];
  const reads: string[] = [];
  let failReads: PlatformError | undefined;
  const client: PlatformClient = {
    rules: salesforceRules,
    async resolveTargets(r) {
      return [r.object === 'MessagingSession' ? CASE : r];
    },
    async describe() {
      return fields;
    },
    async read(target, names) {
      reads.push(`${target.object}:${names.join(',')}`);
      if (failReads) throw failReads;
      return { values: { ...records[target.id] } };
    },
    async write(_target, values) {
      writes.push(values);
      Object.assign(records[CASE.id] as object, values);
      return { ok: true };
    },
    async ownsConversation(record, conv) {
      return record.object === 'Case' && conv === SESSION.id;
    },
    async linkedRecords(record, object) {
      return record.object === 'Case' && object === 'MessagingSession' ? [SESSION] : [];
    },
  };
  return {
    client,
    records,
    writes,
    reads,
    failReadsWith: (e: PlatformError | undefined) => (failReads = e),
    caseValue: () => records[CASE.id]?.Account_Number__c,
  };
}

let n = 0;
async function setup(settings: Omit<SettingsInput, 'format' | 'version'> = {}) {
  const db = await openHandoffDb(`engine-sources-${n++}`);
  const sf = fakeSalesforce();
  for (const m of mappings) await mappingsRepo(db).save(m);
  const saved = await settingsRepo(db).save({
    format: 'handoff-fields/settings',
    version: 1,
    ...settings,
  });
  expect(saved.ok).toBe(true);
  const engineOn = (database: Db) =>
    handoffEngine({
      settings: settingsRepo(database),
      mappings: mappingsRepo(database),
      catalogs: catalogsRepo(database),
      journal: journalRepo(database),
      clientFor: () => sf.client,
    });
  return { db, sf, engine: engineOn(db), restart: () => engineOn(db), journal: journalRepo(db) };
}

const bot = (text: string, id = 'm1'): CandidateMessage => ({
  platformMessageId: id,
  author: 'bot',
  text,
});
const kv = (lines: string) => `Connecting you.\nHandoff context\n${lines}`;

describe('a message edited after it was posted', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('refuses the new text and writes nothing more, also after a restart', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'))]);
    expect(t.sf.caseValue()).toBe('AC-1');

    const edited = await t.engine.messages(CASE, [bot(kv('Account Number: AC-EVIL'))]);
    // The panel keeps showing the handoff that was used; the edit is the line under it.
    expect(edited.newerRefusal).toEqual({
      code: 'context-edited',
      message:
        'A newer context was not used. This message was edited after it was posted; its handoff context is not used.',
    });
    expect(edited.notice).toBeUndefined();
    expect(edited.context?.values).toEqual({ 'Account Number': 'AC-1' });
    expect((await t.journal.latestFor(recordKey(CASE)))?.context).toMatchObject({
      trust: 'refused',
      form: 'key-value',
      source: 'transcript',
    });
    expect(t.sf.writes).toHaveLength(1);
    expect(t.sf.caseValue()).toBe('AC-1');

    // The first digest is stored (the `seen` store), so a restarted worker refuses another edit too.
    const again = await t.restart().messages(CASE, [bot(kv('Account Number: AC-EVIL-2'))]);
    expect(again.newerRefusal?.code).toBe('context-edited');
    expect(t.sf.writes).toHaveLength(1);
  });

  it('Retry of the refused edit refuses it again', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'))]);
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-EVIL'))]);
    const retried = await t.engine.retry(CASE);
    expect(retried.newerRefusal?.code).toBe('context-edited');
    expect(retried.lastRetry?.outcome).toBe('nothing-new');
    expect(t.sf.caseValue()).toBe('AC-1');
  });

  it('refuses an edit the content script saw, even when the first text held no context', async () => {
    const view = await t.engine.messages(CASE, [
      { ...bot(kv('Account Number: AC-ADDED'), 'm2'), edited: true },
    ]);
    expect(view.notice?.code).toBe('context-edited');
    // Nothing is known of the first text: any later text of that message is refused too.
    const later = await t.engine.messages(CASE, [bot(kv('Account Number: AC-LATER'), 'm2')]);
    expect(later.notice?.code).toBe('context-edited');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('does not take line endings or trailing spaces (page versus API) for an edit', async () => {
    await t.engine.messages(CASE, [bot('Handoff context\nAccount Number: AC-1')]);
    const same = await t.engine.messages(CASE, [
      bot('Handoff context  \r\nAccount Number: AC-1\n'),
    ]);
    expect(same.notice).toBeUndefined();
    expect(same.state).toBe('done');
  });

  it('does not judge edits by a made-up id (the page gave none)', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'), 'pos-3-40')]);
    const other = await t.engine.messages(CASE, [bot(kv('Account Number: AC-2'), 'pos-3-40')]);
    expect(other.notice).toBeUndefined();
    expect(t.sf.caseValue()).toBe('AC-2');
  });

  it('keeps messages apart: another id is another message', async () => {
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-1'), 'a')]);
    const other = await t.engine.messages(CASE, [bot(kv('Account Number: AC-2'), 'b')]);
    expect(other.notice).toBeUndefined();
    expect(t.sf.caseValue()).toBe('AC-2');
  });
});

describe('lookalike and quoted contexts in the engine', () => {
  it('journal and show why nothing was written, even from the bot', async () => {
    const t = await setup();
    const lookalike = await t.engine.messages(CASE, [
      bot(kv('Account Number: AC-1').replace('Handoff', 'H\u0430ndoff')),
    ]);
    expect(lookalike.notice).toEqual({
      code: 'context-lookalike',
      message: 'This message imitates a handoff context with lookalike characters; it was ignored.',
    });
    const zeroWidth = await t.engine.messages(CASE, [
      bot(kv('Account Number: AC-1').replace('Handoff', 'Hand\u200Boff'), 'zw'),
    ]);
    expect(zeroWidth.notice?.code).toBe('context-lookalike');
    const quoted = await t.engine.messages(CASE, [
      bot('You wrote:\n> Handoff context\n> Account Number: AC-1', 'q'),
    ]);
    expect(quoted.notice).toEqual({
      code: 'context-quoted',
      message: 'A handoff context inside quoted or forwarded text is not used.',
    });
    expect(quoted.context).toMatchObject({ form: 'key-value', trust: 'refused' });
    expect(t.sf.writes).toHaveLength(0);
    const entry = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(entry).toMatchObject({ source: 'transcript', notice: { code: 'context-quoted' } });
  });
});

describe('a record field as the context source', () => {
  /** A field the admin opted in to unverified forms (only their server writes it). */
  const fieldSource: Omit<SettingsInput, 'format' | 'version'> = {
    recordFieldSources: [
      {
        platform: 'salesforce',
        object: 'MessagingSession',
        field: 'Handoff_Context__c',
        acceptUnsigned: true,
      },
    ],
  };

  // A hidden pre-chat field is set by JavaScript in the customer's own browser.
  it('accepts signed contexts only by default: an unsigned one writes nothing and says why', async () => {
    const t = await setup({
      recordFieldSources: [
        { platform: 'salesforce', object: 'MessagingSession', field: 'Handoff_Context__c' },
      ],
    });
    (t.sf.records[SESSION.id] as Record<string, unknown>).Handoff_Context__c =
      'Handoff context\nAccount Number: AC-FROM-PRECHAT';
    const view = await t.engine.open(CASE);
    expect(view.notice).toEqual({
      code: 'context-unsigned-source',
      message: unsignedFieldMessage('MessagingSession.Handoff_Context__c'),
    });
    expect(view.notice?.message).toMatch(/customer's own browser.*must sign.*acceptUnsigned/);
    expect(view.context).toMatchObject({ trust: 'unverified', source: 'record-field' });
    expect(t.sf.writes).toHaveLength(0);
    // Retry runs it again under the same rule.
    expect((await t.engine.retry(CASE)).notice?.code).toBe('context-unsigned-source');
    expect(t.sf.writes).toHaveLength(0);
  });

  it("fills the Case from the Case's MessagingSession field when the agent opens the Case", async () => {
    const t = await setup(fieldSource);
    (t.sf.records[SESSION.id] as Record<string, unknown>).Handoff_Context__c =
      'Handoff context\nAccount Number: AC-FIELD';
    const view = await t.engine.open(CASE);
    expect(t.sf.caseValue()).toBe('AC-FIELD');
    expect(t.sf.reads).toContain('MessagingSession:Handoff_Context__c');
    expect(view.context).toMatchObject({
      form: 'key-value',
      trust: 'trusted-source',
      source: 'record-field',
      sourceDetail: 'MessagingSession.Handoff_Context__c',
      author: 'system',
    });
    expect(view.state).toBe('done');

    // Opened again: the same value is not handled again.
    await t.engine.open(CASE);
    expect(t.sf.writes).toHaveLength(1);
    const entry = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(entry?.source).toBe('record-field');
  });

  it('reads the session itself when the session is open, and a bare JSON object', async () => {
    const t = await setup(fieldSource);
    (t.sf.records[SESSION.id] as Record<string, unknown>).Handoff_Context__c =
      '{"Account Number": "AC-JSON"}';
    const view = await t.engine.open(SESSION);
    expect(t.sf.caseValue()).toBe('AC-JSON');
    expect(view.context).toMatchObject({ form: 'json', source: 'record-field' });
  });

  it('refuses a value changed after it was first read, as an edit', async () => {
    const t = await setup(fieldSource);
    const session = t.sf.records[SESSION.id] as Record<string, unknown>;
    session.Handoff_Context__c = 'Handoff context\nAccount Number: AC-FIRST';
    await t.engine.open(CASE);
    session.Handoff_Context__c = 'Handoff context\nAccount Number: AC-CHANGED';
    const view = await t.engine.open(CASE);
    expect(view.newerRefusal?.code).toBe('context-edited');
    expect(t.sf.caseValue()).toBe('AC-FIRST');
  });

  it('does nothing for an empty field, and is refused under the signed-only policy', async () => {
    const t = await setup({ ...fieldSource, trust: { policy: 'signed-only' } });
    expect((await t.engine.open(CASE)).state).toBe('waiting');
    (t.sf.records[SESSION.id] as Record<string, unknown>).Handoff_Context__c =
      'Handoff context\nAccount Number: AC-1';
    const view = await t.engine.open(CASE);
    expect(view.notice?.code).toBe('context-policy');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('verifies a signed token in the field as usual', async () => {
    const key = await es256Key('k1');
    const t = await setup({
      ...fieldSource,
      trust: { audiences: ['acme'], issuers: [{ iss: 'kore-bot', keys: [key.jwk] }] },
    });
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(key, {
      ver: 1,
      iss: 'kore-bot',
      aud: 'acme',
      iat: now,
      exp: now + 600,
      jti: 'field-1',
      conv: SESSION.id,
      ctx: { 'Account Number': 'AC-SIGNED' },
    });
    (t.sf.records[SESSION.id] as Record<string, unknown>).Handoff_Context__c = token;
    const view = await t.engine.open(CASE);
    expect(view.context).toMatchObject({ form: 'signed', trust: 'signed', source: 'record-field' });
    expect(t.sf.caseValue()).toBe('AC-SIGNED');
  });

  it('shows a read failure when nothing else explains the record', async () => {
    const t = await setup(fieldSource);
    t.sf.failReadsWith(
      new PlatformError('session-expired', 'Your Salesforce session has expired.'),
    );
    const view = await t.engine.open(CASE);
    expect(view.notice).toEqual({
      code: 'session-expired',
      message: 'Your Salesforce session has expired.',
    });
  });
});

describe('window.postMessage as the context source', () => {
  const payload = (over: Record<string, unknown> = {}) => ({
    type: 'handoff-fields/context',
    version: 1,
    conversationId: CASE.id,
    context: 'Handoff context\nAccount Number: AC-PM',
    ...over,
  });
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup({ postMessageOrigins: [ORIGIN] });
  });

  it('fills fields from an allowed origin, like the bot, and records the source', async () => {
    const view = await t.engine.postMessage(CASE, ORIGIN, payload());
    expect(t.sf.caseValue()).toBe('AC-PM');
    expect(view.context).toMatchObject({
      trust: 'trusted-source',
      source: 'post-message',
      sourceDetail: ORIGIN,
      author: 'unknown',
    });
    // The same payload again (a reloaded frame) is the same message: handled once.
    await t.engine.postMessage(CASE, ORIGIN, payload());
    expect(t.sf.writes).toHaveLength(1);
  });

  it("accepts the Case's MessagingSession id on the Case page", async () => {
    await t.engine.postMessage(CASE, ORIGIN, payload({ conversationId: SESSION.id }));
    expect(t.sf.caseValue()).toBe('AC-PM');
  });

  it('ignores an origin that is not allowed, without a notice', async () => {
    const view = await t.engine.postMessage(CASE, 'https://evil.example.com', payload());
    expect(view).toMatchObject({ state: 'waiting', fields: [] });
    expect(view.notice).toBeUndefined();
    expect(t.sf.writes).toHaveLength(0);
  });

  it('reports a malformed payload and a context for another conversation from an allowed origin', async () => {
    const bad = await t.engine.postMessage(CASE, ORIGIN, payload({ version: 2 }));
    expect(bad.notice).toEqual({
      code: 'post-message-invalid',
      message: `A message from ${ORIGIN} was ignored: its version is 2; this extension reads version 1. Nothing was written.`,
    });
    const other = await t.engine.postMessage(
      CASE,
      ORIGIN,
      payload({ conversationId: '5005g00000OtHeRAAA' }),
    );
    expect(other.notice).toEqual({
      code: 'post-message-conversation',
      message: `A handoff context from ${ORIGIN} for another conversation ('5005g00000OtHeRAAA') was ignored. Nothing was written.`,
    });
    expect(t.sf.writes).toHaveLength(0);
    const entry = await t.journal.latestFor('salesforce:acme:Case:5005g00000HfCa1AAF');
    expect(entry).toMatchObject({ source: 'post-message', sourceDetail: ORIGIN, state: 'failed' });
    // Retry has nothing to run for a refused payload.
    expect((await t.engine.retry(CASE)).notice?.code).toBe('post-message-conversation');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('still refuses spoofs and honours signed-only', async () => {
    const lookalike = await t.engine.postMessage(
      CASE,
      ORIGIN,
      payload({ context: 'H\u0430ndoff context\nAccount Number: AC-X' }),
    );
    expect(lookalike.notice?.code).toBe('context-lookalike');
    const strict = await setup({ postMessageOrigins: [ORIGIN], trust: { policy: 'signed-only' } });
    const view = await strict.engine.postMessage(CASE, ORIGIN, payload());
    expect(view.notice?.code).toBe('context-policy');
    expect(strict.sf.writes).toHaveLength(0);
  });
});

describe('API messages', () => {
  it('records their source', async () => {
    const t = await setup();
    t.sf.client.listMessages = async () => [bot(kv('Account Number: AC-API'), 'api-1')];
    const view = await t.engine.open(CASE);
    expect(view.context).toMatchObject({ source: 'api-messages', trust: 'bot-authored' });
    expect(t.sf.caseValue()).toBe('AC-API');
  });
});

describe('the conversation read through the API when the page changes', () => {
  const customer = (text: string, id: string): CandidateMessage => ({
    platformMessageId: id,
    author: 'customer',
    text,
  });

  it('reads the page, then the API, where the API lists only some messages (Salesforce)', async () => {
    const t = await setup();
    let asked = 0;
    t.sf.client.listMessages = async () => {
      asked++;
      return [];
    };
    (t.sf.client as { messagesFromApi?: string }).messagesFromApi = 'partial';
    await t.engine.messages(CASE, [bot(kv('Account Number: AC-PAGE'), 'p1')]);
    expect(asked).toBe(1);
    expect(t.sf.caseValue()).toBe('AC-PAGE');
  });

  it('takes what the API says over the page where the API lists every message', async () => {
    const t = await setup();
    // The page's markup reads a customer's message as the bot's; the API knows better.
    t.sf.client.listMessages = async () => [customer(kv('Account Number: AC-EVIL'), 'm1')];
    (t.sf.client as { messagesFromApi?: string }).messagesFromApi = 'complete';
    const view = await t.engine.messages(CASE, [bot(kv('Account Number: AC-EVIL'), 'm1')]);
    expect(view.context).toMatchObject({ source: 'api-messages', author: 'customer' });
    expect(t.sf.writes).toHaveLength(0);
  });

  it('keeps the page’s word that a message was edited, which the API cannot tell', async () => {
    const t = await setup();
    t.sf.client.listMessages = async () => [bot(kv('Account Number: AC-EDITED'), 'e1')];
    (t.sf.client as { messagesFromApi?: string }).messagesFromApi = 'complete';
    const view = await t.engine.messages(CASE, [
      { ...bot(kv('Account Number: AC-EDITED'), 'e1'), edited: true },
    ]);
    expect(view.notice?.code).toBe('context-edited');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('falls back on the page when that API fails, and says why the API could not be read', async () => {
    const t = await setup();
    t.sf.client.listMessages = async () => {
      throw new PlatformError('api-access-denied', 'Salesforce refused to list messages (403).');
    };
    (t.sf.client as { messagesFromApi?: string }).messagesFromApi = 'complete';
    const view = await t.engine.messages(CASE, [bot(kv('Account Number: AC-FALLBACK'), 'f1')]);
    expect(t.sf.caseValue()).toBe('AC-FALLBACK');
    expect(view.context).toMatchObject({ source: 'transcript' });
  });
});

describe('customer text laundered through the bot (echo check)', () => {
  const customer = (text: string, id: string): CandidateMessage => ({
    platformMessageId: id,
    author: 'customer',
    text,
  });

  it('refuses a bot context that repeats a line the customer typed, and says why', async () => {
    const t = await setup();
    const view = await t.engine.messages(CASE, [
      customer('my router broke\nAccount Number: AC-EVIL', 'c1'),
      bot('Handoff context\nIssue: my router broke\nAccount Number: AC-EVIL', 'b1'),
    ]);
    expect(view.notice?.code).toBe('context-echoed');
    expect(view.notice?.message).toMatch(
      /repeats what the customer wrote earlier in this conversation \(the line 'Account Number'\).*must sign/,
    );
    expect(view.context).toMatchObject({ trust: 'refused', author: 'bot' });
    expect(t.sf.writes).toHaveLength(0);
    // Retry judges it again the same way.
    expect((await t.engine.retry(CASE)).notice?.code).toBe('context-echoed');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('remembers what the customer wrote across a worker restart, as digests only', async () => {
    const t = await setup();
    await t.engine.messages(CASE, [customer('Account Number: AC-EVIL', 'c1')]);
    const view = await t
      .restart()
      .messages(CASE, [bot('You wrote:\nHandoff context\nAccount Number: AC-EVIL', 'b1')]);
    expect(view.notice?.code).toBe('context-echoed');
    const rows = JSON.stringify(await t.db.getAll('said'));
    expect(rows).not.toMatch(/AC-EVIL|ac-evil|account/i);
    expect(rows).toMatch(
      /^\[\{"conversation":"salesforce:acme:Case:5005g00000HfCa1AAF","at":\d+,"seen":\[\{"d":"[0-9a-f]{64}","m":"c1","by":"customer","at":\d+\}/,
    );
  });

  it('lets a value the bot collected by asking land: "AC-4242", then `Account Number: AC-4242`', async () => {
    const t = await setup();
    const view = await t.engine.messages(CASE, [
      bot('What is your account number?', 'b0'),
      customer('AC-4242', 'c1'),
      customer('it should be AC-4242: the new one', 'c2'),
      bot('Handoff context\nAccount Number: AC-4242', 'b1'),
    ]);
    expect(view.notice).toBeUndefined();
    expect(t.sf.caseValue()).toBe('AC-4242');
  });

  it('only counts what was written before the bot’s message, and only in its conversation', async () => {
    const t = await setup();
    // Another conversation's customer typed the same line.
    await t.engine.messages(SESSION, [customer('Account Number: AC-1', 'x1')]);
    await t.engine.messages(CASE, [bot('Handoff context\nAccount Number: AC-1', 'b1')]);
    expect(t.sf.caseValue()).toBe('AC-1');
    // The customer copies the bot's line afterwards: the handoff stays good, also on Retry.
    await t.engine.messages(CASE, [customer('Account Number: AC-1', 'c9')]);
    const retried = await t.engine.retry(CASE);
    expect(retried.notice).toBeUndefined();
    expect(retried.context?.trust).toBe('bot-authored');
  });

  it('reads the platform’s API messages in posting order before judging the bot’s', async () => {
    const t = await setup();
    t.sf.client.listMessages = async () => [
      customer('VIP: yes\nAccount Number: AC-API', 'api-c1'),
      bot('Handoff context\nAccount Number: AC-API', 'api-b1'),
    ];
    const view = await t.engine.open(CASE);
    expect(view.notice?.code).toBe('context-echoed');
    expect(view.context?.source).toBe('api-messages');
    expect(t.sf.writes).toHaveLength(0);
  });

  it('does not take a message for an echo of itself (two readers, two author labels)', async () => {
    const t = await setup();
    // The API labels it system, the page labels it the bot: one message, not an echo.
    await t.engine.messages(CASE, [
      { platformMessageId: 'm1', author: 'system', text: 'Handoff context\nAccount Number: AC-S' },
    ]);
    const view = await t.engine.messages(CASE, [
      bot('Handoff context\nAccount Number: AC-S', 'm1'),
    ]);
    expect(view.notice?.code).not.toBe('context-echoed');
  });
});

describe('conversation ids: 15- against 18-character Salesforce ids', () => {
  const sameConversation = sameConversationOn('salesforce');

  it('matches the same record in either form, and nothing else', () => {
    expect(sameConversation('500Hs00001XyZaBIAV', '500Hs00001XyZaB')).toBe(true);
    expect(sameConversation('500Hs00001XyZaB', '500Hs00001XyZaBIAV')).toBe(true);
    expect(sameConversation('500Hs00001XyZaB', '500hs00001xyzab')).toBe(false);
    expect(sameConversation('500Hs00001XyZaBIAV', '500Hs00001XyZaBIAW')).toBe(false);
    expect(sameConversation('64f1c0ffee64f1c0ffee64f1', '64f1c0ffee64f1c')).toBe(false);
  });

  it('compares a Kustomer conversation id exactly', () => {
    const kustomer = sameConversationOn('kustomer');
    expect(kustomer('64f1c0ffee64f1c0ffee64f1', '64f1c0ffee64f1c0ffee64f1')).toBe(true);
    expect(kustomer('500Hs00001XyZaBIAV', '500Hs00001XyZaB')).toBe(false);
  });

  it('lets a signed context name the open conversation by its 15-character id', async () => {
    const key = await es256Key('k1');
    const now = Date.UTC(2026, 10, 2, 12, 0, 0);
    const token = await sign(key, {
      ver: 1,
      iss: 'kore-bot',
      aud: 'acme',
      iat: now / 1000 - 30,
      exp: now / 1000 + 600,
      jti: 'ctx-15-18',
      conv: '500Hs00001XyZaB',
      ctx: { 'Account Number': 'A-1001' },
    });
    const trust = TrustSettings.parse({
      audiences: ['acme'],
      issuers: [{ iss: 'kore-bot', keys: [key.jwk] }],
    });
    expect(
      await verifySignedContext(token, {
        trust,
        now,
        conversationId: ['0Mw5g000000XyZaCAK', '500Hs00001XyZaBIAV'],
        sameConversation,
        seenJti: () => false,
      }),
    ).toMatchObject({ ok: true, conv: '500Hs00001XyZaB' });
  });
});
