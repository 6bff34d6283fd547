/**
 * `diagnostics:sources`: what the background reaches for a record — the platform's API messages,
 * the admin's record fields, the record's latest journal entries — and that asking changes nothing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DIAGNOSTIC_API_MESSAGES,
  DIAGNOSTIC_CANDIDATES,
  type DiagnosticsDeps,
  diagnosticsHandlers,
} from '@/lib/background/diagnostics';
import { backgroundHandlers } from '@/lib/background/services';
import type { SourceDiagnostics } from '@/lib/messaging/protocol';
import { createRouter, type Handlers } from '@/lib/messaging/router';
import { type PlatformClient, PlatformError } from '@/lib/platforms/platform-client';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { CandidateMessage } from '@/lib/platforms/types';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { settingsRepo } from '@/lib/store/settings';
import { CASE, customerRefusal, entry, HOUR, NOW, SESSION } from '../journal/fixtures';

let n = 0;
let db: Db;

beforeEach(async () => {
  db = await openHandoffDb(`diagnostics-background-test-${n++}`);
});

const message = (id: string, author: CandidateMessage['author']): CandidateMessage => ({
  platformMessageId: id,
  author,
  text: `text of ${id}`,
  basis: author === 'bot' ? 'role Chatbot' : 'role EndUser',
});

/** A Salesforce client that only reads: any write, or anything but a read, fails the test. */
function readOnlyClient(over: Partial<PlatformClient> = {}): PlatformClient {
  const refuse = (what: string) => () => {
    throw new Error(`diagnostics must not ${what}`);
  };
  return {
    rules: salesforceRules,
    resolveTargets: async (r) => [r.object === 'MessagingSession' ? CASE : r],
    describe: refuse('describe'),
    read: vi.fn(async () => ({ values: { Handoff_Context__c: 'Handoff context\nA: 1' } })),
    write: vi.fn(refuse('write')),
    listMessages: vi.fn(async () => [
      message('m1', 'customer'),
      message('m2', 'bot'),
      message('m3', 'customer'),
    ]),
    credentialsChanged: refuse('touch credentials'),
    ...over,
  };
}

async function depsWith(client: PlatformClient, settings: Partial<Settings> = {}) {
  const repo = settingsRepo(db);
  await repo.save({ ...defaultSettings(), ...settings });
  const journal = journalRepo(db);
  const deps: DiagnosticsDeps = { settings: repo, journal, clientFor: () => client };
  const route = createRouter(diagnosticsHandlers(deps) as unknown as Handlers);
  const ask = async (from: 'content-script' | 'extension-page' = 'extension-page') => {
    const reply = await route({ type: 'diagnostics:sources', record: CASE }, from);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data as SourceDiagnostics;
  };
  return { ask, journal };
}

/** Every row of every store: the proof that nothing was written. */
async function snapshot() {
  const stores = [...db.objectStoreNames];
  return Object.fromEntries(
    await Promise.all(stores.map(async (s) => [s, await db.getAll(s as never)] as const)),
  );
}

describe('diagnostics:sources', () => {
  it('counts the API messages by author, and says for each why, without its text', async () => {
    const { ask } = await depsWith(readOnlyClient());
    const api = (await ask()).api;
    expect(api).toEqual({
      supported: true,
      reached: true,
      messages: 3,
      byAuthor: { bot: 1, customer: 2, agent: 0, system: 0, unknown: 0 },
      recent: [
        { id: 'm1', author: 'customer', basis: 'role EndUser', chars: 10, mayHoldContext: false },
        { id: 'm2', author: 'bot', basis: 'role Chatbot', chars: 10, mayHoldContext: false },
        { id: 'm3', author: 'customer', basis: 'role EndUser', chars: 10, mayHoldContext: false },
      ],
    });
    expect(JSON.stringify(api)).not.toContain('text of');
  });

  it('lists only the newest API messages one by one, and counts them all', async () => {
    const many = Array.from({ length: DIAGNOSTIC_API_MESSAGES + 5 }, (_, i) =>
      message(`m${i}`, 'customer'),
    );
    const { ask } = await depsWith(readOnlyClient({ listMessages: async () => many }));
    const api = (await ask()).api;
    if (!api.supported || !api.reached) throw new Error('the API was reached');
    expect(api.messages).toBe(DIAGNOSTIC_API_MESSAGES + 5);
    expect(api.recent).toHaveLength(DIAGNOSTIC_API_MESSAGES);
    expect(api.recent[0]?.id).toBe('m5');
  });

  it('says "not said" for a client that gives no reason', async () => {
    const bare = { platformMessageId: 'b1', author: 'agent' as const, text: 'Handoff context' };
    const { ask } = await depsWith(readOnlyClient({ listMessages: async () => [bare] }));
    const api = (await ask()).api;
    expect(api.supported && api.reached && api.recent[0]).toMatchObject({
      basis: 'not said',
      mayHoldContext: true,
    });
  });

  it('says when the platform has no API messages, or why they could not be read', async () => {
    const none = await depsWith(readOnlyClient({ listMessages: undefined }));
    expect((await none.ask()).api).toEqual({ supported: false });
    const denied = new PlatformError('api-access-denied', 'Grant Access Conversation Entries.');
    const failing = await depsWith(
      readOnlyClient({
        listMessages: async () => {
          throw denied;
        },
      }),
    );
    expect((await failing.ask()).api).toEqual({
      supported: true,
      reached: false,
      notice: { code: 'api-access-denied', message: 'Grant Access Conversation Entries.' },
    });
  });

  it("lists this platform's record fields, each read or with its error", async () => {
    const client = readOnlyClient({
      read: vi.fn(async (target) => {
        if (target.object === 'MessagingSession') throw new PlatformError('network', 'Offline.');
        return { values: { Handoff_Context__c: 'Handoff context\nA: 1' } };
      }),
      linkedRecords: async () => [SESSION],
    });
    const { ask } = await depsWith(client, {
      recordFieldSources: [
        { platform: 'salesforce', object: 'Case', field: 'Handoff_Context__c' },
        { platform: 'salesforce', object: 'MessagingSession', field: 'Bot_Context__c' },
        { platform: 'kustomer', object: 'conversation', field: 'handoffStr' },
      ] as Settings['recordFieldSources'],
    });
    expect((await ask()).recordFields).toEqual([
      { object: 'Case', field: 'Handoff_Context__c', reached: true, filled: 1 },
      {
        object: 'MessagingSession',
        field: 'Bot_Context__c',
        reached: false,
        notice: { code: 'network', message: 'Offline.' },
      },
    ]);
  });

  it("lists the record's latest journal entries, taken or refused and why", async () => {
    const { ask, journal } = await depsWith(readOnlyClient());
    await journal.add(entry({ at: NOW - 2 * HOUR }));
    await journal.add(customerRefusal({ at: NOW - HOUR }));
    const { candidates } = await ask();
    expect(candidates).toEqual([
      {
        at: NOW - HOUR,
        source: 'transcript',
        author: 'customer',
        messageId: 'msg-customer',
        form: 'key-value',
        level: 'unverified',
        trust: 'refused',
        reason: {
          code: 'context-untrusted',
          message:
            'A handoff context was posted by the customer, not by the bot, so nothing was written.',
        },
        state: 'failed',
        fields: { written: 0, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
      },
      {
        at: NOW - 2 * HOUR,
        source: 'transcript',
        author: 'bot',
        messageId: 'msg-1',
        form: 'key-value',
        level: 'bot-authored',
        trust: 'taken',
        reason: { message: 'done: 2 written' },
        state: 'done',
        fields: { written: 2, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
      },
    ]);
  });

  it(`lists at most the ${DIAGNOSTIC_CANDIDATES} newest entries`, async () => {
    const { ask, journal } = await depsWith(readOnlyClient());
    for (let i = 0; i < DIAGNOSTIC_CANDIDATES + 5; i++) {
      await journal.add(entry({ at: NOW + i, messageId: `m-${i}` }));
    }
    const { candidates } = await ask();
    expect(candidates).toHaveLength(DIAGNOSTIC_CANDIDATES);
    expect(candidates[0]?.messageId).toBe(`m-${DIAGNOSTIC_CANDIDATES + 4}`);
  });

  it('is read-only: no store changes, no write, however often it is asked', async () => {
    const client = readOnlyClient();
    const { ask, journal } = await depsWith(client, {
      recordFieldSources: [
        { platform: 'salesforce', object: 'Case', field: 'Handoff_Context__c' },
      ] as Settings['recordFieldSources'],
    });
    await journal.add(entry());
    const before = await snapshot();
    expect(before.journal).toHaveLength(1);
    await ask('extension-page');
    await ask('extension-page');
    expect(await snapshot()).toEqual(before);
    expect(client.write).not.toHaveBeenCalled();
    // The API's messages and the field's context were read, not handled.
    expect(client.listMessages).toHaveBeenCalledTimes(2);
    expect(client.read).toHaveBeenCalledTimes(2);
  });
});

describe('diagnostics:sources in the background', () => {
  it('is wired for the admin page, never for a console tab (a missing session is reported, not thrown)', async () => {
    const cookies = { get: async () => null, getAll: async () => [] };
    const route = createRouter(backgroundHandlers({ db, cookies, now: () => NOW }));
    const before = await snapshot();
    // The widget only opens the admin page; a console page's script has no need to ask.
    const fromTab = await route({ type: 'diagnostics:sources', record: CASE }, 'content-script');
    expect(fromTab.ok).toBe(false);
    const reply = await route({ type: 'diagnostics:sources', record: CASE }, 'extension-page');
    expect(reply.ok).toBe(true);
    const data = (reply as { data: SourceDiagnostics }).data;
    expect(data.api).toMatchObject({ supported: true, reached: false });
    expect(data.recordFields).toEqual([]);
    expect(data.candidates).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('diagnostics:open (the widget’s button)', () => {
  const deps = (openPage?: (path: string) => Promise<void>) => ({
    settings: { get: async () => defaultSettings() },
    journal: { latestWhere: async () => undefined },
    clientFor: () => {
      throw new Error('not asked');
    },
    ...(openPage ? { openPage } : {}),
  });

  it('opens the admin page’s section on the tab that asked, from a console page too', async () => {
    const opened: string[] = [];
    const route = createRouter(
      diagnosticsHandlers(deps(async (p) => void opened.push(p))) as unknown as Handlers,
    );
    const reply = await route({ type: 'diagnostics:open' }, 'content-script', { tabId: 42 });
    expect(reply).toEqual({ ok: true, data: { opened: true } });
    expect(opened).toEqual(['/options.html#diagnostics?tab=42']);
  });

  it('says it opened nothing where it cannot open pages', async () => {
    const handlers = diagnosticsHandlers(deps());
    expect(await handlers['diagnostics:open']({ type: 'diagnostics:open' }, {})).toEqual({
      opened: false,
    });
  });
});
