/**
 * A conversation's messages from the Connect REST API (`GET /services/data/vXX.X/connect/
 * conversation/{conversationIdentifier}/entries`, platform-facts: Conversation entries through the
 * API) as candidate messages. A page is `{conversationEntries: [{identifier, messageText, sender:
 * {appType, role, subject}, serverReceivedTimestamp, clientTimestamp, clientDuration,
 * relatedRecords}]}`. Unknown keys are ignored and a malformed entry is skipped, never fatal.
 */
import { z } from 'zod';
import type { Author, CandidateMessage } from '../types';

const MAX_TEXT = 70_000;
const MAX_ID = 200;

/** Epoch milliseconds (a Java Long): a JSON number, or its digits quoted. */
const Millis = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number),
]);

/** Only what attribution, text and paging need; every other key of the entry is ignored. */
export const ConversationEntry = z.object({
  identifier: z.string().min(1).max(MAX_ID),
  messageText: z.string().nullish().catch(undefined),
  sender: z
    .object({
      appType: z.string().nullish().catch(undefined),
      role: z.string().nullish().catch(undefined),
      subject: z.string().nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  serverReceivedTimestamp: Millis.nullish().catch(undefined),
  clientTimestamp: Millis.nullish().catch(undefined),
  clientDuration: z.number().nullish().catch(undefined),
  relatedRecords: z.array(z.unknown()).nullish().catch(undefined),
});
export type ConversationEntry = z.infer<typeof ConversationEntry>;

export const ConversationEntriesPage = z.object({ conversationEntries: z.array(z.unknown()) });

/**
 * Who wrote an entry, by its `sender.role` (compared without case). *Unverified*: the object
 * reference names ConversationEntry's ActorType values Agent, Bot, EndUser, Supervisor, System;
 * which strings the Connect response's `sender.role` carries is not documented, so the whole guess
 * lives in this table. Any other role is `unknown`, which is never trusted like the bot.
 */
export const ROLE_AUTHORS: Readonly<Record<string, Author>> = {
  EndUser: 'customer',
  Agent: 'agent',
  Supervisor: 'agent',
  Bot: 'bot',
  Chatbot: 'bot',
  System: 'system',
};

const AUTHOR_BY_LOWER_ROLE = new Map(
  Object.entries(ROLE_AUTHORS).map(([role, author]) => [role.toLowerCase(), author]),
);

export function authorOfRole(role: string | null | undefined): Author {
  return AUTHOR_BY_LOWER_ROLE.get((role ?? '').trim().toLowerCase()) ?? 'unknown';
}

/** The readable entries of a page, in page order; an unreadable page has none. */
export function entriesOfPage(json: unknown): { entries: ConversationEntry[]; count: number } {
  const page = ConversationEntriesPage.safeParse(json);
  if (!page.success) return { entries: [], count: 0 };
  const entries: ConversationEntry[] = [];
  for (const item of page.data.conversationEntries) {
    const parsed = ConversationEntry.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
  }
  // `count` (malformed entries too) says whether the page came back full.
  return { entries, count: page.data.conversationEntries.length };
}

/** One entry as a candidate; null when it has no text. */
export function candidateFromEntry(entry: ConversationEntry): CandidateMessage | null {
  const text = (entry.messageText ?? '').slice(0, MAX_TEXT);
  if (!text.trim()) return null;
  const role = entry.sender?.role?.trim();
  return {
    platformMessageId: entry.identifier,
    author: authorOfRole(role),
    text,
    basis: role ? `role ${role.slice(0, 60)}` : 'no role',
  };
}
