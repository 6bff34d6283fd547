// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageAuthor } from '../../sim/client';
import { SEED } from '../../sim/seed';
import { CASE1, MS1, type SimFixture, startFixture } from '../../sim/testing';

let f: SimFixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.sim.close();
});
beforeEach(async () => {
  await f.client.reset();
});

const MS2 = SEED.acme.sessions[1].id;

interface Entry {
  identifier: string;
  messageText: string;
  sender: { appType: string; role: string; subject: string };
  serverReceivedTimestamp: number;
  clientTimestamp: number;
  clientDuration: number;
  relatedRecords: string[];
}

async function soql(q: string) {
  const res = await f.sf('GET', `query?q=${encodeURIComponent(q)}`);
  expect(res.status, res.text).toBe(200);
  return (res.json as { records: Record<string, unknown>[] }).records;
}

/** The ConversationIdentifier of a MessagingSession, found as the extension finds it. */
async function identifierOf(sessionId: string): Promise<string> {
  const [session] = await soql(
    `SELECT ConversationId FROM MessagingSession WHERE Id = '${sessionId}'`,
  );
  const [conversation] = await soql(
    `SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN ('${String(session?.ConversationId)}')`,
  );
  return String(conversation?.ConversationIdentifier);
}

/** Posts messages one by one, a few milliseconds apart (distinct timestamps). */
async function post(messages: Array<[MessageAuthor, string]>, recordId = MS1) {
  const ids: string[] = [];
  for (const [author, text] of messages) {
    ids.push((await f.client.postMessage({ org: 'acme', recordId, author, text })).entryId);
    await new Promise((r) => setTimeout(r, 3));
  }
  return ids;
}

async function entries(identifier: string, query = '') {
  const res = await f.sf('GET', `connect/conversation/${identifier}/entries${query}`);
  return { res, list: (res.json as { conversationEntries?: Entry[] }).conversationEntries ?? [] };
}

describe('Conversation records', () => {
  it('every MessagingSession has a Conversation (0dw) with a UUID identifier', async () => {
    const rows = await soql(
      `SELECT Id, ConversationId FROM MessagingSession WHERE CaseId = '${CASE1}' ORDER BY CreatedDate DESC LIMIT 5`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ Id: MS1, ConversationId: expect.stringMatching(/^0dw\w{15}$/) }),
    ]);
    const ms2 = (await f.client.getRecord('acme', 'MessagingSession', MS2)).values;
    const ids = [rows[0]?.ConversationId, ms2.ConversationId] as string[];
    const conversations = await soql(
      `SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN ('${ids[0]}', '${ids[1]}')`,
    );
    expect(conversations.map((c) => c.Id).sort()).toEqual([...ids].sort());
    for (const c of conversations) {
      expect(c.ConversationIdentifier).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('keeps the same identifiers after a reset', async () => {
    const before = await identifierOf(MS1);
    await f.client.reset();
    expect(await identifierOf(MS1)).toBe(before);
    expect(await identifierOf(MS2)).not.toBe(before);
  });

  it('SOQL IN matches 15- and 18-character ids; a broken list is MALFORMED_QUERY', async () => {
    const rows = await soql(
      `SELECT Id FROM MessagingSession WHERE Id IN ('${MS1.slice(0, 15)}', '${MS2}', 'nope')`,
    );
    expect(rows.map((r) => r.Id)).toEqual([MS1, MS2]);
    const res = await f.sf(
      'GET',
      `query?q=${encodeURIComponent("SELECT Id FROM MessagingSession WHERE Id IN ('a', )")}`,
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual([expect.objectContaining({ errorCode: 'MALFORMED_QUERY' })]);
  });

  it('describes Conversation with its key prefix', async () => {
    const res = await f.sf('GET', 'sobjects/Conversation/describe');
    expect(res.status).toBe(200);
    const body = res.json as { keyPrefix: string; fields: { name: string }[] };
    expect(body.keyPrefix).toBe('0dw');
    expect(body.fields.map((x) => x.name)).toContain('ConversationIdentifier');
  });
});

describe('GET connect/conversation/{identifier}/entries', () => {
  it('answers the transcript in the documented shape, without the bot’s messages', async () => {
    const [customer, bot, agent, system] = await post([
      ['end_user', 'Hi, my order: A-1'],
      ['bot', 'Handoff context\nAccount Tier: Gold'],
      ['agent', 'Hello Jamie'],
      ['system', 'Alex Agent joined'],
    ]);
    const { res, list } = await entries(await identifierOf(MS1));
    expect(res.status).toBe(200);
    expect(list.map((e) => e.identifier)).toEqual([customer, agent, system]);
    expect(list.map((e) => e.identifier)).not.toContain(bot);
    const transcript = (await f.client.messages('acme', MS1)).messages;
    const at = (id: string | undefined) =>
      Date.parse(transcript.find((m) => m.entryId === id)?.time ?? '');
    expect(list[0]).toEqual({
      identifier: customer,
      messageText: 'Hi, my order: A-1',
      sender: { appType: 'chat', role: 'EndUser', subject: 'Jamie Customer' },
      serverReceivedTimestamp: at(customer),
      clientTimestamp: at(customer),
      clientDuration: 0,
      relatedRecords: [MS1],
    });
    expect(list.map((e) => e.sender)).toEqual([
      { appType: 'chat', role: 'EndUser', subject: 'Jamie Customer' },
      { appType: 'agent', role: 'Agent', subject: 'Alex Agent' },
      { appType: 'system', role: 'System', subject: 'System' },
    ]);
  });

  it('gives the newest 25 by default (FromEnd), in posting order', async () => {
    const ids = await post(Array.from({ length: 30 }, (_, i) => ['end_user', `m${i}`] as const));
    const { list } = await entries(await identifierOf(MS1));
    expect(list.map((e) => e.identifier)).toEqual(ids.slice(5));
  });

  it('pages FromStart and FromEnd with recordLimit and inclusive timestamps', async () => {
    const ids = await post(Array.from({ length: 12 }, (_, i) => ['agent', `m${i}`] as const));
    const identifier = await identifierOf(MS1);
    const first = await entries(identifier, '?recordLimit=5&queryDirection=FromStart');
    expect(first.list.map((e) => e.identifier)).toEqual(ids.slice(0, 5));
    // The next page, as the extension asks it: a millisecond after the newest entry.
    const after = (first.list.at(-1)?.serverReceivedTimestamp ?? 0) + 1;
    const second = await entries(
      identifier,
      `?recordLimit=5&queryDirection=FromStart&startTimestamp=${after}`,
    );
    expect(second.list.map((e) => e.identifier)).toEqual(ids.slice(5, 10));
    const last = await entries(identifier, '?recordLimit=5&queryDirection=FromEnd');
    expect(last.list.map((e) => e.identifier)).toEqual(ids.slice(7));
    // Both bounds are inclusive.
    const t = (await entries(identifier, '?recordLimit=1000')).list.map(
      (e) => e.serverReceivedTimestamp,
    );
    const window = await entries(
      identifier,
      `?recordLimit=1000&startTimestamp=${t[3]}&endTimestamp=${t[6]}`,
    );
    expect(window.list.map((e) => e.identifier)).toEqual(ids.slice(3, 7));
    const before = await entries(identifier, `?queryDirection=FromEnd&endTimestamp=${t[2]}`);
    expect(before.list.map((e) => e.identifier)).toEqual(ids.slice(0, 3));
  });

  it('takes recordLimit 1 to 1000; anything else is 400 in the error array shape', async () => {
    await post([
      ['end_user', 'a'],
      ['end_user', 'b'],
    ]);
    const identifier = await identifierOf(MS1);
    expect((await entries(identifier, '?recordLimit=1')).list).toHaveLength(1);
    expect((await entries(identifier, '?recordLimit=1000')).list).toHaveLength(2);
    for (const bad of ['0', '1001', '-1', 'ten', '2.5', '']) {
      const { res } = await entries(identifier, `?recordLimit=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.json).toEqual([
        { errorCode: 'INVALID_API_INPUT', message: expect.stringContaining('recordLimit') },
      ]);
    }
    for (const query of [
      '?queryDirection=fromstart',
      '?startTimestamp=yesterday',
      '?endTimestamp=-5',
    ]) {
      const { res } = await entries(identifier, query);
      expect(res.status, query).toBe(400);
      expect(res.json).toEqual([expect.objectContaining({ errorCode: 'INVALID_API_INPUT' })]);
    }
  });

  it('answers 403 without the "Access Conversation Entries" permission, until it is granted', async () => {
    await post([['end_user', 'a']]);
    const identifier = await identifierOf(MS1);
    expect(await f.client.setConversationEntriesAccess('acme', false)).toEqual({
      org: 'acme',
      accessConversationEntries: false,
    });
    const { res } = await entries(identifier);
    expect(res.status).toBe(403);
    expect(res.json).toEqual([
      {
        errorCode: 'INSUFFICIENT_ACCESS',
        message: "You don't have access to conversation entries.",
      },
    ]);
    // Other endpoints are not affected.
    expect((await f.sf('GET', `sobjects/MessagingSession/${MS1}?fields=Id`)).status).toBe(200);
    await f.client.setConversationEntriesAccess('acme', true);
    expect((await entries(identifier)).list).toHaveLength(1);
    await f.client.setConversationEntriesAccess('acme', false);
    await f.client.reset();
    expect((await entries(identifier)).res.status).toBe(200);
  });

  it('answers 404 NOT_FOUND for an unknown identifier, or another org’s', async () => {
    const { res } = await entries('00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.json).toEqual([
      { errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' },
    ]);
    const globexSession = SEED.globex.sessions[0].id;
    const globexRecord = await f.client.getRecord('globex', 'MessagingSession', globexSession);
    const conversation = await f.client.getRecord(
      'globex',
      'Conversation',
      String(globexRecord.values.ConversationId),
    );
    const other = await entries(String(conversation.values.ConversationIdentifier));
    expect(other.res.status).toBe(404);
    expect((await f.sf('GET', 'connect/conversation/x/other')).status).toBe(404);
  });

  it('is GET only, needs the API session, is logged and takes faults like any REST route', async () => {
    const identifier = await identifierOf(MS1);
    const path = `connect/conversation/${identifier}/entries`;
    expect((await f.sf('PATCH', path, { body: {} })).status).toBe(405);
    expect((await f.sf('GET', path, { sid: null })).status).toBe(401);
    await f.client.clearRequests();
    await f.client.addFault({ count: 1, kind: '503', org: 'acme' });
    expect((await f.sf('GET', path)).status).toBe(503);
    expect((await f.sf('GET', path)).status).toBe(200);
    const logged = await f.client.requests({ org: 'acme' });
    expect(logged.map((r) => [r.path, r.status, r.fault])).toEqual([
      [`/services/data/v66.0/${path}`, 503, '503'],
      [`/services/data/v66.0/${path}`, 200, undefined],
    ]);
  });
});
