import { describe, expect, it } from 'vitest';
import {
  authorOfRole,
  ConversationEntry,
  candidateFromEntry,
  entriesOfPage,
  ROLE_AUTHORS,
} from '@/lib/platforms/salesforce/conversation-entries';
import { CandidateMessage } from '@/lib/platforms/types';

/** An entry in the documented shape (Connect REST API, Conversation Entries). */
function entry(over: Record<string, unknown> = {}) {
  return {
    identifier: '36b0f4d9-7c14-43dc-bb9e-7713a4930df0',
    messageText: 'My order number: A-1001',
    sender: { appType: 'chat', role: 'EndUser', subject: 'Jamie Customer' },
    serverReceivedTimestamp: 1_764_000_000_000,
    clientTimestamp: 1_764_000_000_000,
    clientDuration: 0,
    relatedRecords: ['0Mw5g00000Ms0a1CAB'],
    ...over,
  };
}

describe('ConversationEntry schema', () => {
  it('reads the documented shape and ignores unknown keys', () => {
    const parsed = ConversationEntry.parse(entry({ somethingNew: { deep: true } }));
    expect(parsed).toMatchObject({
      identifier: '36b0f4d9-7c14-43dc-bb9e-7713a4930df0',
      messageText: 'My order number: A-1001',
      sender: { appType: 'chat', role: 'EndUser', subject: 'Jamie Customer' },
      serverReceivedTimestamp: 1_764_000_000_000,
    });
    expect(parsed).not.toHaveProperty('somethingNew');
  });

  it('takes nullish or odd optional members as absent, and a quoted Long as a number', () => {
    const parsed = ConversationEntry.parse(
      entry({
        messageText: null,
        sender: { role: 42, subject: null },
        serverReceivedTimestamp: '1764000000123',
        clientTimestamp: 'yesterday',
        clientDuration: 'long',
        relatedRecords: 'none',
      }),
    );
    expect(parsed.messageText).toBeNull();
    expect(parsed.sender).toEqual({ role: undefined, subject: null });
    expect(parsed.serverReceivedTimestamp).toBe(1_764_000_000_123);
    expect(parsed.clientTimestamp).toBeUndefined();
    expect(parsed.clientDuration).toBeUndefined();
    expect(parsed.relatedRecords).toBeUndefined();
    expect(ConversationEntry.parse(entry({ sender: 'EndUser' })).sender).toBeUndefined();
  });

  it('refuses an entry without a usable identifier', () => {
    for (const identifier of [undefined, null, '', 7, 'x'.repeat(201)]) {
      expect(ConversationEntry.safeParse(entry({ identifier })).success).toBe(false);
    }
  });
});

describe('ROLE_AUTHORS (unverified: one table)', () => {
  it('maps the ActorType values and Chatbot', () => {
    expect(ROLE_AUTHORS).toEqual({
      EndUser: 'customer',
      Agent: 'agent',
      Supervisor: 'agent',
      Bot: 'bot',
      Chatbot: 'bot',
      System: 'system',
    });
  });

  it('compares without case', () => {
    expect(authorOfRole('enduser')).toBe('customer');
    expect(authorOfRole('AGENT')).toBe('agent');
    expect(authorOfRole('supervisor')).toBe('agent');
    expect(authorOfRole('BOT')).toBe('bot');
    expect(authorOfRole('chatBot')).toBe('bot');
    expect(authorOfRole(' System ')).toBe('system');
  });

  it('anything else is unknown, never the bot', () => {
    for (const role of ['END_USER', 'Customer', 'Einstein', '', 'constructor', '__proto__']) {
      expect(authorOfRole(role)).toBe('unknown');
    }
    expect(authorOfRole(undefined)).toBe('unknown');
    expect(authorOfRole(null)).toBe('unknown');
  });
});

describe('candidateFromEntry', () => {
  it('is the identifier, the role’s author and the text', () => {
    const candidate = candidateFromEntry(ConversationEntry.parse(entry()));
    expect(candidate).toEqual({
      platformMessageId: '36b0f4d9-7c14-43dc-bb9e-7713a4930df0',
      author: 'customer',
      text: 'My order number: A-1001',
      basis: 'role EndUser',
    });
    expect(CandidateMessage.safeParse(candidate).success).toBe(true);
  });

  it('an entry without a sender is unknown, and says it had no role', () => {
    const candidate = candidateFromEntry(ConversationEntry.parse(entry({ sender: null })));
    expect(candidate?.author).toBe('unknown');
    expect(candidate?.basis).toBe('no role');
  });

  it('names a role the table does not know as it came, and reads it as unknown', () => {
    const odd = { appType: 'chat', role: 'Virtual Assistant', subject: 'x' };
    const candidate = candidateFromEntry(ConversationEntry.parse(entry({ sender: odd })));
    expect(candidate).toMatchObject({ author: 'unknown', basis: 'role Virtual Assistant' });
  });

  it('caps a long text at the candidate limit', () => {
    const long = `Handoff context\nNote: ${'x'.repeat(80_000)}`;
    const candidate = candidateFromEntry(ConversationEntry.parse(entry({ messageText: long })));
    expect(candidate?.text).toHaveLength(70_000);
    expect(CandidateMessage.safeParse(candidate).success).toBe(true);
  });

  it('an entry without text is no candidate', () => {
    for (const messageText of [undefined, null, '', '   \n']) {
      expect(candidateFromEntry(ConversationEntry.parse(entry({ messageText })))).toBeNull();
    }
  });
});

describe('entriesOfPage', () => {
  it('skips malformed entries and counts every item', () => {
    const page = {
      conversationEntries: [
        entry({ identifier: 'a' }),
        null,
        'text',
        { messageText: 'no identifier' },
        entry({ identifier: 'b', sender: { role: 'Agent' } }),
      ],
    };
    const { entries, count } = entriesOfPage(page);
    expect(entries.map((e) => e.identifier)).toEqual(['a', 'b']);
    expect(count).toBe(5);
  });

  it('an unreadable page has nothing', () => {
    for (const body of [
      undefined,
      null,
      'oops',
      [],
      { entries: [] },
      { conversationEntries: {} },
    ]) {
      expect(entriesOfPage(body)).toEqual({ entries: [], count: 0 });
    }
  });
});
