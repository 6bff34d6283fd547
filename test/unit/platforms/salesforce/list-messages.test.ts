import { describe, expect, it } from 'vitest';
import { PlatformError } from '@/lib/platforms/platform-client';
import {
  CONVERSATION_ENTRIES_REFUSED,
  CONVERSATIONS_KEPT,
  salesforceClient,
} from '@/lib/platforms/salesforce/api';
import { type CookieReader, salesforceSessions } from '@/lib/platforms/salesforce/session';
import type { RecordRef } from '@/lib/platforms/types';

const ORG_ID = '00D5g000004XyZa';
const CASE_ID = '5005g00000HfCa1AAF';
const MS1 = '0Mw5g00000Ms0a1CAB';
const MS2 = '0Mw5g00000Ms0b2CAB';
const CONV1 = '0dw5g00000Ms0a1AAA';
const CONV2 = '0dw5g00000Ms0b2AAA';
const UUID1 = '11111111-2222-4333-8444-555555555555';
const UUID2 = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const T0 = 1_764_000_000_000;

const record = (object: string, id: string): RecordRef => ({
  platform: 'salesforce',
  org: 'acme',
  object,
  id,
});

const cookies: CookieReader = {
  async get() {
    return null;
  },
  async getAll() {
    return [{ name: 'sid', value: `${ORG_ID}!api`, domain: 'acme.my.salesforce.com' }];
  },
};

interface Entry {
  identifier: string;
  messageText: string;
  sender: { appType: string; role: string; subject: string };
  serverReceivedTimestamp: number;
}

const said = (identifier: string, role: string, text: string, at: number): Entry => ({
  identifier,
  messageText: text,
  sender: { appType: role === 'EndUser' ? 'chat' : 'agent', role, subject: role },
  serverReceivedTimestamp: at,
});

/**
 * A small org behind a fake fetch: the version list, the SOQL the client asks, and each
 * conversation's entries served as the Connect API pages them (FromStart, startTimestamp inclusive).
 */
function fakeOrg(opts: {
  sessions?: Record<string, { caseId: string; conversationId: string | null }>;
  conversations?: Record<string, string>;
  entries?: Record<string, Entry[]>;
  entriesAnswer?: [number, unknown];
  queryAnswer?: [number, unknown];
}) {
  const urls: string[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fn = (async (url: string) => {
    urls.push(url);
    const u = new URL(url);
    if (u.pathname === '/services/data/') return json(200, [{ version: '66.0' }]);
    if (u.pathname === '/services/data/v66.0/query') {
      if (opts.queryAnswer) return json(...opts.queryAnswer);
      return json(200, query(u.searchParams.get('q') ?? ''));
    }
    const m = /^\/services\/data\/v66\.0\/connect\/conversation\/([^/]+)\/entries$/.exec(
      u.pathname,
    );
    if (!m) return json(404, [{ errorCode: 'NOT_FOUND', message: 'no' }]);
    if (opts.entriesAnswer) return json(...opts.entriesAnswer);
    const list = opts.entries?.[decodeURIComponent(m[1] ?? '')];
    if (!list) return json(404, [{ errorCode: 'NOT_FOUND', message: 'no' }]);
    const limit = Number(u.searchParams.get('recordLimit') ?? 25);
    const start = Number(u.searchParams.get('startTimestamp') ?? 0);
    const page = list.filter((e) => e.serverReceivedTimestamp >= start).slice(0, limit);
    return json(200, { conversationEntries: page });
  }) as unknown as typeof fetch;

  function query(q: string) {
    const sessions = Object.entries(opts.sessions ?? {});
    let rows: Record<string, unknown>[] = [];
    let m = /^SELECT ConversationId FROM MessagingSession WHERE Id = '(\w+)'$/.exec(q);
    if (m) {
      rows = sessions
        .filter(([id]) => id === m?.[1])
        .map(([, s]) => ({ ConversationId: s.conversationId }));
    }
    m =
      /^SELECT Id, ConversationId FROM MessagingSession WHERE CaseId = '(\w+)' ORDER BY CreatedDate DESC LIMIT 5$/.exec(
        q,
      );
    if (m) {
      rows = sessions
        .filter(([, s]) => s.caseId === m?.[1])
        .map(([id, s]) => ({ Id: id, ConversationId: s.conversationId }));
    }
    m = /^SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN \(([^)]*)\)$/.exec(q);
    if (m) {
      const ids = (m[1] ?? '').split(', ').map((s) => s.slice(1, -1));
      rows = ids.flatMap((id) => {
        const identifier = opts.conversations?.[id];
        return identifier ? [{ Id: id, ConversationIdentifier: identifier }] : [];
      });
    }
    return { totalSize: rows.length, done: true, records: rows };
  }

  const queries = () =>
    urls.filter((u) => u.includes('/query?')).map((u) => new URL(u).searchParams.get('q') ?? '');
  const entryCalls = () => urls.filter((u) => u.includes('/connect/'));
  const clock = { now: T0 };
  const client = salesforceClient(salesforceSessions(cookies), fn, () => clock.now);
  return { client, queries, entryCalls, clock, entries: opts.entries };
}

const oneSession = {
  sessions: { [MS1]: { caseId: CASE_ID, conversationId: CONV1 } },
  conversations: { [CONV1]: UUID1 },
};

describe('salesforce listMessages (Connect API conversation entries)', () => {
  it('reads a MessagingSession’s conversation: SOQL to its identifier, then its entries', async () => {
    const org = fakeOrg({
      ...oneSession,
      entries: {
        [UUID1]: [
          said('e1', 'EndUser', 'Account Number: 4242', T0),
          said('e2', 'Agent', 'Thanks: one moment', T0 + 5),
          said('e3', 'Chatbot', 'Handoff context\nAccount Tier: Gold', T0 + 9),
        ],
      },
    });
    const messages = await org.client.listMessages?.(record('MessagingSession', MS1));
    expect(messages).toEqual([
      {
        platformMessageId: 'e1',
        author: 'customer',
        text: 'Account Number: 4242',
        basis: 'role EndUser',
      },
      { platformMessageId: 'e2', author: 'agent', text: 'Thanks: one moment', basis: 'role Agent' },
      {
        platformMessageId: 'e3',
        author: 'bot',
        text: 'Handoff context\nAccount Tier: Gold',
        basis: 'role Chatbot',
      },
    ]);
    expect(org.queries()).toEqual([
      `SELECT ConversationId FROM MessagingSession WHERE Id = '${MS1}'`,
      `SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN ('${CONV1}')`,
    ]);
    expect(org.entryCalls()).toEqual([
      `https://acme.my.salesforce.com/services/data/v66.0/connect/conversation/${UUID1}/entries?recordLimit=1000&queryDirection=FromStart`,
    ]);
  });

  it('reads the conversations of a Case’s sessions with one Conversation query, in posting order', async () => {
    const org = fakeOrg({
      sessions: {
        [MS1]: { caseId: CASE_ID, conversationId: CONV1 },
        [MS2]: { caseId: CASE_ID, conversationId: CONV2 },
      },
      conversations: { [CONV1]: UUID1, [CONV2]: UUID2 },
      entries: {
        [UUID1]: [said('a1', 'EndUser', 'a: 1', T0), said('a2', 'EndUser', 'a: 3', T0 + 30)],
        [UUID2]: [said('b1', 'Agent', 'b: 2', T0 + 20), said('b2', 'System', 'b: 4', T0 + 40)],
      },
    });
    const messages = await org.client.listMessages?.(record('Case', CASE_ID));
    expect(messages?.map((m) => m.platformMessageId)).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(messages?.map((m) => m.author)).toEqual(['customer', 'agent', 'customer', 'system']);
    expect(org.queries()).toEqual([
      `SELECT Id, ConversationId FROM MessagingSession WHERE CaseId = '${CASE_ID}' ORDER BY CreatedDate DESC LIMIT 5`,
      `SELECT Id, ConversationIdentifier FROM Conversation WHERE Id IN ('${CONV1}', '${CONV2}')`,
    ]);
    expect(org.entryCalls()).toHaveLength(2);
  });

  it('follows full pages from a millisecond after the newest entry, and stops at a short one', async () => {
    const list = Array.from({ length: 2_345 }, (_, i) =>
      said(`e${i}`, 'EndUser', `line: ${i}`, T0 + i * 2),
    );
    const org = fakeOrg({ ...oneSession, entries: { [UUID1]: list } });
    const messages = await org.client.listMessages?.(record('MessagingSession', MS1));
    expect(messages).toHaveLength(2_345);
    expect(messages?.[2_344]?.platformMessageId).toBe('e2344');
    const starts = org.entryCalls().map((u) => new URL(u).searchParams.get('startTimestamp'));
    expect(starts).toEqual([null, String(T0 + 999 * 2 + 1), String(T0 + 1_999 * 2 + 1)]);
  });

  it('reads at most 10 pages of a conversation', async () => {
    const list = Array.from({ length: 12_000 }, (_, i) =>
      said(`e${i}`, 'Agent', `n: ${i}`, T0 + i),
    );
    const org = fakeOrg({ ...oneSession, entries: { [UUID1]: list } });
    const messages = await org.client.listMessages?.(record('MessagingSession', MS1));
    expect(org.entryCalls()).toHaveLength(10);
    expect(messages).toHaveLength(10_000);
  });

  it('passes on only what may hold a context or be echoed (as the page sensor does)', async () => {
    const org = fakeOrg({
      ...oneSession,
      entries: {
        [UUID1]: [
          said('e1', 'EndUser', 'hello', T0),
          said('e2', 'Bot', 'Glad to help: anything else?', T0 + 1),
          said('e3', 'EndUser', '', T0 + 2),
          said('e4', 'EndUser', 'Order: A-1', T0 + 3),
        ],
      },
    });
    const messages = await org.client.listMessages?.(record('MessagingSession', MS1));
    expect(messages?.map((m) => m.platformMessageId)).toEqual(['e4']);
  });

  it('names the missing user permission on a 403', async () => {
    const org = fakeOrg({
      ...oneSession,
      entriesAnswer: [
        403,
        [
          {
            errorCode: 'INSUFFICIENT_ACCESS',
            message: "You don't have access to conversation entries.",
          },
        ],
      ],
    });
    const error = await org.client
      .listMessages?.(record('MessagingSession', MS1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ code: 'api-access-denied' });
    expect((error as Error).message).toBe(CONVERSATION_ENTRIES_REFUSED);
    expect((error as Error).message).toContain('"Access Conversation Entries" user permission');
  });

  it('a 403 for the API limit or a disabled API keeps its own notice', async () => {
    for (const [body, code] of [
      [
        [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
        'rate-limited',
      ],
      [
        [
          {
            message: 'The REST API is not enabled for this Organization.',
            errorCode: 'API_DISABLED_FOR_ORG',
          },
        ],
        'api-disabled',
      ],
    ] as const) {
      const org = fakeOrg({ ...oneSession, entriesAnswer: [403, body] });
      await expect(
        org.client.listMessages?.(record('MessagingSession', MS1)),
      ).rejects.toMatchObject({ code });
    }
  });

  it('an unknown conversation (404) has no messages', async () => {
    const org = fakeOrg({
      ...oneSession,
      entriesAnswer: [
        404,
        [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      ],
    });
    expect(await org.client.listMessages?.(record('MessagingSession', MS1))).toEqual([]);
  });

  it('a server error is a PlatformError, as other reads give', async () => {
    const org = fakeOrg({
      ...oneSession,
      entriesAnswer: [503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server unavailable' }]],
    });
    await expect(org.client.listMessages?.(record('MessagingSession', MS1))).rejects.toMatchObject({
      code: 'platform-unavailable',
    });
  });

  it('records other than a Case or MessagingSession, and ids that are not ids, ask nothing', async () => {
    const org = fakeOrg(oneSession);
    expect(await org.client.listMessages?.(record('Account', '0015g00000AbCdEAAZ'))).toEqual([]);
    expect(await org.client.listMessages?.(record('Case', "500' OR Id != '"))).toEqual([]);
    expect(org.queries()).toEqual([]);
    expect(org.entryCalls()).toEqual([]);
  });

  it('a session without a conversation, or a conversation id that is not an id, reads nothing', async () => {
    for (const conversationId of [null, "0dw' OR Id != '"]) {
      const org = fakeOrg({
        sessions: { [MS1]: { caseId: CASE_ID, conversationId } },
        conversations: {},
      });
      expect(await org.client.listMessages?.(record('MessagingSession', MS1))).toEqual([]);
      expect(org.queries()).toHaveLength(1);
    }
  });

  it('an identifier that is not a UUID is never put into the path', async () => {
    const org = fakeOrg({ ...oneSession, conversations: { [CONV1]: '../../sobjects/Case' } });
    expect(await org.client.listMessages?.(record('MessagingSession', MS1))).toEqual([]);
    expect(org.entryCalls()).toEqual([]);
  });

  it('an org or profile without the messaging objects has no messages', async () => {
    const org = fakeOrg({
      queryAnswer: [
        400,
        [
          {
            errorCode: 'INVALID_TYPE',
            message:
              "sObject type 'MessagingSession' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.",
          },
        ],
      ],
    });
    expect(await org.client.listMessages?.(record('Case', CASE_ID))).toEqual([]);
  });
});

describe('salesforce listMessages, read again as the page changes', () => {
  it('asks for the identifiers once and for the entries from the newest one seen', async () => {
    const org = fakeOrg({
      ...oneSession,
      entries: { [UUID1]: [said('e1', 'EndUser', 'Account Number: 1', T0)] },
    });
    const session = record('MessagingSession', MS1);
    const ids = async () =>
      ((await org.client.listMessages?.(session, { newOnly: true })) ?? []).map(
        (m) => m.platformMessageId,
      );
    expect(await ids()).toEqual(['e1']);
    org.entries?.[UUID1]?.push(said('e2', 'EndUser', 'Account Number: 2', T0 + 7));
    // e1 comes again (its millisecond is asked again): the engine knows it by its identifier.
    expect(await ids()).toEqual(['e1', 'e2']);
    expect(await ids()).toEqual(['e2']);
    expect(org.queries()).toHaveLength(2); // the first read's two queries, no more
    expect(org.entryCalls().slice(1)).toEqual([
      `https://acme.my.salesforce.com/services/data/v66.0/connect/conversation/${UUID1}/entries?recordLimit=1000&queryDirection=FromStart&startTimestamp=${T0}`,
      `https://acme.my.salesforce.com/services/data/v66.0/connect/conversation/${UUID1}/entries?recordLimit=1000&queryDirection=FromStart&startTimestamp=${T0 + 7}`,
    ]);
  });

  it('reads the whole conversation for other readers, and leaves the engine’s place alone', async () => {
    const org = fakeOrg({
      ...oneSession,
      entries: { [UUID1]: [said('e1', 'EndUser', 'Account Number: 1', T0)] },
    });
    const session = record('MessagingSession', MS1);
    await org.client.listMessages?.(session, { newOnly: true });
    org.entries?.[UUID1]?.push(said('e2', 'EndUser', 'Account Number: 2', T0 + 7));
    const whole = (await org.client.listMessages?.(session)) ?? [];
    expect(whole.map((m) => m.platformMessageId)).toEqual(['e1', 'e2']);
    const next = (await org.client.listMessages?.(session, { newOnly: true })) ?? [];
    expect(next.map((m) => m.platformMessageId)).toEqual(['e1', 'e2']);
    expect(org.entryCalls()[1]).not.toContain('startTimestamp');
  });

  it('asks a Case’s sessions again after a minute: it may have a new one', async () => {
    const org = fakeOrg({ ...oneSession, entries: { [UUID1]: [] } });
    const theCase = record('Case', CASE_ID);
    await org.client.listMessages?.(theCase);
    await org.client.listMessages?.(theCase);
    expect(org.queries()).toHaveLength(2);
    org.clock.now += 60_000;
    await org.client.listMessages?.(theCase);
    expect(org.queries()).toHaveLength(4);
  });
});

describe('salesforce listMessages over a long worker life', () => {
  it('keeps identifiers and newest times of the most recent conversations only', async () => {
    // CONVERSATIONS_KEPT other sessions, each with its own conversation and one entry.
    const others = Array.from({ length: CONVERSATIONS_KEPT }, (_, n) => {
      const tail = n.toString().padStart(6, '0');
      return { ms: `0Mw5g0000${tail}`, conv: `0dw5g0000${tail}`, uuid: `u-${tail}` };
    });
    const org = fakeOrg({
      sessions: {
        [MS1]: { caseId: CASE_ID, conversationId: CONV1 },
        ...Object.fromEntries(
          others.map((o) => [o.ms, { caseId: CASE_ID, conversationId: o.conv }]),
        ),
      },
      conversations: { [CONV1]: UUID1, ...Object.fromEntries(others.map((o) => [o.conv, o.uuid])) },
      entries: {
        [UUID1]: [said('e1', 'EndUser', 'a: 1', T0)],
        ...Object.fromEntries(
          others.map((o) => [o.uuid, [said(`x${o.uuid}`, 'Agent', 'b: 2', T0)]]),
        ),
      },
    });
    const newOnly = { newOnly: true };
    const first = record('MessagingSession', MS1);
    await org.client.listMessages?.(first, newOnly);
    const calls = () => ({ queries: org.queries().length, entries: org.entryCalls().length });
    let before = calls();
    await org.client.listMessages?.(first, newOnly);
    // Remembered: no SOQL, and entries from the newest seen on.
    expect(org.queries()).toHaveLength(before.queries);
    expect(org.entryCalls().at(-1)).toContain(`startTimestamp=${T0}`);
    for (const o of others)
      await org.client.listMessages?.(record('MessagingSession', o.ms), newOnly);
    before = calls();
    await org.client.listMessages?.(first, newOnly);
    // Forgotten: its identifier asked again, its entries read from the start.
    expect(org.queries().length).toBeGreaterThan(before.queries);
    expect(org.entryCalls().at(-1)).not.toContain('startTimestamp');
  });
});
