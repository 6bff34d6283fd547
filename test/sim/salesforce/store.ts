/** The state of the simulated Salesforce orgs: records, sessions, transcripts, modes. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AUTHOR_NAMES, SEED_CREATED, SEED_ORGS, SEED_USER, type SeedOrg } from '../seed';
import { sameId, to18 } from './ids';
import { OrgOAuth } from './oauth-state';
import {
  CASE,
  CONVERSATION,
  MESSAGING_SESSION,
  SIM_OBJECTS,
  type SimObjectDef,
  type Values,
} from './objects';
import { type SimUser, seedUsers } from './users';

export type SessionMode = 'normal' | 'api-access-control' | 'api-disabled';
/**
 * Who posted an entry: `agent` is the signed-in agent, `other_agent` another agent in the same
 * conversation (the console shows that one as `slds-chat-message__text_outbound-agent`).
 */
export type TranscriptAuthor = 'bot' | 'end_user' | 'agent' | 'other_agent' | 'system';

/** Display times in the console are shown in this time zone (the simulated user's setting). */
export const DISPLAY_TIME_ZONE = 'UTC';

export interface TranscriptEntry {
  entryId: string;
  /** Org-wide sequence number: pages that reconnect get the entries after the last one they saw. */
  seq: number;
  author: TranscriptAuthor;
  authorName: string;
  /** The text; for a rich body, what a plain-text view of `html` shows. */
  text: string;
  /** A rich (HTML) body, shown through the pages' allowlist (absent for plain messages). */
  html?: string;
  /** ISO time posted. */
  time: string;
  /** The time as the console shows it, e.g. "10:01 AM". */
  timeLabel: string;
}

export interface OrgState {
  handle: string;
  orgId: string;
  orgId15: string;
  /** The `sid` cookie of the Lightning host: not valid for the REST API. */
  lightningSid: string;
  /** The API session (the My Domain `sid` cookie); null after `expire` until the next frontdoor visit. */
  apiSid: string | null;
  /** The org's users (users.ts); the agent first. */
  users: SimUser[];
  /** The user of `apiSid` and `lightningSid`: who is signed in to the console. */
  consoleUserId: string;
  /** The External Client App and the tokens it issued (oauth-state.ts). */
  oauth: OrgOAuth;
  mode: SessionMode;
  /** REST calls counted in `Sforce-Limit-Info`. */
  apiUsage: number;
  records: Map<string, Map<string, Values>>;
  /** MessagingSession id (18) → its transcript. */
  transcripts: Map<string, TranscriptEntry[]>;
  /**
   * The agent's "Access Conversation Entries" user permission: without it the Connect API's
   * conversation entries answer 403 (connect.ts). On after a reset.
   */
  accessConversationEntries: boolean;
}

export const API_DAILY_LIMIT = 15000;

/** A session secret in the style of Salesforce's (`AQ…` followed by URL-safe characters). */
function secret(): string {
  return `AQ${randomBytes(72).toString('base64').replace(/\+/g, '.').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function newSid(orgId15: string): string {
  return `${orgId15}!${secret()}`;
}

function blankRecord(def: SimObjectDef): Values {
  const values: Values = {};
  for (const f of [...def.fields, ...def.hidden]) {
    if (f.calculated) continue;
    values[f.name] = f.type === 'boolean' ? false : null;
  }
  return values;
}

function systemFields(id: string): Values {
  return {
    Id: id,
    OwnerId: SEED_USER.id,
    CreatedById: SEED_USER.id,
    LastModifiedById: SEED_USER.id,
    CreatedDate: SEED_CREATED,
    LastModifiedDate: SEED_CREATED,
    SystemModstamp: SEED_CREATED,
  };
}

function seedRecords(seed: SeedOrg): Map<string, Map<string, Values>> {
  const cases = new Map<string, Values>();
  for (const c of seed.cases) {
    cases.set(c.id, {
      ...blankRecord(CASE),
      ...systemFields(c.id),
      CaseNumber: c.caseNumber,
      Subject: c.subject,
      Status: c.status,
      Priority: c.priority,
      Origin: c.origin,
    });
  }
  const sessions = new Map<string, Values>();
  const conversations = new Map<string, Values>();
  seed.sessions.forEach((s, i) => {
    const conversationId = conversationIdOf(s.id);
    conversations.set(conversationId, {
      ...blankRecord(CONVERSATION),
      ...systemFields(conversationId),
      Name: `Conversation-${String(i + 1).padStart(4, '0')}`,
      ConversationIdentifier: conversationIdentifierOf(seed.orgId, s.id),
      StartTime: SEED_CREATED,
    });
    sessions.set(s.id, {
      ...blankRecord(MESSAGING_SESSION),
      ...systemFields(s.id),
      Name: s.name,
      CaseId: s.caseId,
      Status: 'Active',
      ChannelType: 'EmbeddedMessaging',
      Origin: 'InboundInitiated',
      MessagingChannelId: to18('0Mj5g000000CHaN'),
      MessagingEndUserId: to18(`0PA5g00000EnDu${i + 1}`),
      StartTime: SEED_CREATED,
      AcceptTime: SEED_CREATED,
      ConversationId: conversationId,
    });
  });
  const records = new Map<string, Map<string, Values>>();
  records.set(CASE.name, cases);
  records.set(MESSAGING_SESSION.name, sessions);
  records.set(CONVERSATION.name, conversations);
  return records;
}

/** What `addCase` creates: a Case, and (unless `session: false`) its MessagingSession and Conversation. */
export interface NewCase {
  /** ISO time; Salesforce's stored form (`…+0000`) is kept. Default: now. */
  createdDate?: string;
  values?: Values;
  session?: false | { values?: Values; createdDate?: string };
}

/** Salesforce's stored date-time form: `2026-11-20T09:12:44.000+0000`. */
export function storedDateTime(iso: string | undefined): string {
  const at = iso === undefined ? new Date() : new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not a date: ${iso}`);
  return at.toISOString().replace('Z', '+0000');
}

/**
 * A new Case (Case number 2000 + the org's count of Cases, e.g. 00002004) with its MessagingSession and Conversation, as
 * an org's Messaging flow creates them: for the audit's tests, which need hundreds of records.
 */
export function addCase(
  org: OrgState,
  spec: NewCase,
): { id: string; caseNumber: string; sessionId?: string } {
  const cases = org.records.get(CASE.name) ?? new Map<string, Values>();
  org.records.set(CASE.name, cases);
  const n = cases.size + 1;
  const suffix = n.toString(36).toUpperCase().padStart(5, '0');
  const id = to18(`5005g0000A${suffix}`);
  const caseNumber = String(2000 + n).padStart(8, '0');
  const created = storedDateTime(spec.createdDate);
  cases.set(id, {
    ...blankRecord(CASE),
    ...systemFields(id),
    CreatedDate: created,
    CaseNumber: caseNumber,
    Subject: `Chat ${caseNumber}`,
    Status: 'New',
    Origin: 'Web',
    ...spec.values,
  });
  if (spec.session === false) return { id, caseNumber };
  const sessionId = to18(`0Mw5g0000A${suffix}`);
  const conversationId = conversationIdOf(sessionId);
  const sessionCreated = storedDateTime(spec.session?.createdDate ?? spec.createdDate);
  const conversations = org.records.get(CONVERSATION.name) ?? new Map<string, Values>();
  org.records.set(CONVERSATION.name, conversations);
  conversations.set(conversationId, {
    ...blankRecord(CONVERSATION),
    ...systemFields(conversationId),
    CreatedDate: sessionCreated,
    Name: `Conversation-${caseNumber}`,
    ConversationIdentifier: conversationIdentifierOf(org.orgId, sessionId),
    StartTime: sessionCreated,
  });
  const sessions = org.records.get(MESSAGING_SESSION.name) ?? new Map<string, Values>();
  org.records.set(MESSAGING_SESSION.name, sessions);
  sessions.set(sessionId, {
    ...blankRecord(MESSAGING_SESSION),
    ...systemFields(sessionId),
    CreatedDate: sessionCreated,
    Name: `MS-${caseNumber}`,
    CaseId: id,
    Status: 'Ended',
    ChannelType: 'EmbeddedMessaging',
    Origin: 'InboundInitiated',
    StartTime: sessionCreated,
    ConversationId: conversationId,
    ...spec.session?.values,
  });
  org.transcripts.set(sessionId, []);
  return { id, caseNumber, sessionId };
}

/** The Conversation (key prefix 0dw) of a seed MessagingSession: `0Mw…` → `0dw…`, same digits. */
export function conversationIdOf(sessionId: string): string {
  return to18(`${CONVERSATION.keyPrefix}${sessionId.slice(3, 15)}`);
}

/**
 * A Conversation's `ConversationIdentifier`: a UUID (version 4 layout) derived from the org and the
 * session, so it is the same after every reset and in every run.
 */
export function conversationIdentifierOf(orgId: string, sessionId: string): string {
  const h = createHash('sha256').update(`${orgId}:${sessionId}`).digest('hex');
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function timeLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: DISPLAY_TIME_ZONE,
  });
}

/** The user signed in to the org's console (the user of its current sessions). */
export function consoleUser(org: OrgState): SimUser {
  const user = org.users.find((u) => u.id === org.consoleUserId) ?? org.users[0];
  if (!user) throw new Error(`Org ${org.handle} has no users`);
  return user;
}

/**
 * `userId` signs in to the org in this browser ("Login As", or the My Domain login page as another
 * user): new Lightning and API sessions, both of that user; the old ones answer 401 from now on.
 * OAuth tokens are not touched: they keep acting as the user they were issued to.
 */
export function signIn(org: OrgState, userId: string): void {
  org.consoleUserId = userId;
  org.lightningSid = newSid(org.orgId15);
  org.apiSid = newSid(org.orgId15);
}

export class SalesforceStore {
  readonly orgs = new Map<string, OrgState>();
  private seq = 0;

  constructor() {
    for (const seed of SEED_ORGS) {
      this.orgs.set(seed.org, {
        handle: seed.org,
        orgId: seed.orgId,
        orgId15: seed.orgId15,
        lightningSid: newSid(seed.orgId15),
        apiSid: newSid(seed.orgId15),
        users: seedUsers(seed),
        consoleUserId: seed.users.agent.id,
        oauth: new OrgOAuth(seed.orgId15),
        mode: 'normal',
        apiUsage: 0,
        records: seedRecords(seed),
        transcripts: new Map(seed.sessions.map((s) => [s.id, []])),
        accessConversationEntries: true,
      });
    }
  }

  /**
   * Records, transcripts, modes, API usage and OAuth (app, tokens) back to the seed; session secrets
   * are kept unless another user was signed in (the agent then gets new sessions).
   */
  reset(): void {
    for (const seed of SEED_ORGS) {
      const org = this.orgs.get(seed.org);
      if (!org) continue;
      if (org.consoleUserId !== seed.users.agent.id) signIn(org, seed.users.agent.id);
      org.oauth.clear();
      org.records = seedRecords(seed);
      org.transcripts = new Map(seed.sessions.map((s) => [s.id, []]));
      org.mode = 'normal';
      org.apiUsage = 0;
      org.accessConversationEntries = true;
    }
  }

  org(handle: string): OrgState | undefined {
    return this.orgs.get(handle.toLowerCase());
  }

  /** Finds a record by a 15- or 18-character id. */
  find(org: OrgState, def: SimObjectDef, id: string): { id: string; values: Values } | undefined {
    const table = org.records.get(def.name);
    if (!table) return undefined;
    for (const [id18, values] of table) {
      if (sameId(id18, id)) return { id: id18, values };
    }
    return undefined;
  }

  /** Finds a record of any simulated object by id. */
  findAny(
    org: OrgState,
    id: string,
  ): { def: SimObjectDef; id: string; values: Values } | undefined {
    for (const def of Object.values(SIM_OBJECTS)) {
      const hit = this.find(org, def, id);
      if (hit) return { def, ...hit };
    }
    return undefined;
  }

  /** The MessagingSession whose CaseId is this case (the first one, as the console shows one). */
  sessionOfCase(org: OrgState, caseId18: string): { id: string; values: Values } | undefined {
    const sessions = org.records.get(MESSAGING_SESSION.name);
    for (const [id, values] of sessions ?? []) {
      if (values.CaseId === caseId18) return { id, values };
    }
    return undefined;
  }

  /** The MessagingSession of the Conversation whose `ConversationIdentifier` this is (any case). */
  sessionOfConversation(
    org: OrgState,
    identifier: string,
  ): { id: string; values: Values } | undefined {
    const wanted = identifier.toLowerCase();
    let conversationId: string | undefined;
    for (const [id, values] of org.records.get(CONVERSATION.name) ?? []) {
      const v = values.ConversationIdentifier;
      if (typeof v === 'string' && v.toLowerCase() === wanted) conversationId = id;
    }
    if (!conversationId) return undefined;
    for (const [id, values] of org.records.get(MESSAGING_SESSION.name) ?? []) {
      if (values.ConversationId === conversationId) return { id, values };
    }
    return undefined;
  }

  /** The record with its formula fields computed. */
  withFormulas(def: SimObjectDef, values: Values): Values {
    const out: Values = { ...values };
    for (const [name, formula] of Object.entries(def.formulas)) out[name] = formula(values);
    return out;
  }

  addEntry(
    org: OrgState,
    sessionId: string,
    author: TranscriptAuthor,
    content: { text: string; html?: string },
    authorName?: string,
  ): TranscriptEntry {
    const time = new Date().toISOString();
    const entry: TranscriptEntry = {
      entryId: randomUUID(),
      seq: ++this.seq,
      author,
      authorName: authorName ?? AUTHOR_NAMES[author],
      text: content.text,
      ...(content.html !== undefined ? { html: content.html } : {}),
      time,
      timeLabel: timeLabel(time),
    };
    let list = org.transcripts.get(sessionId);
    if (!list) {
      list = [];
      org.transcripts.set(sessionId, list);
    }
    list.push(entry);
    return entry;
  }

  /** Entries of the org posted after `since` (for pages that reconnect), in order. */
  entriesSince(org: OrgState, since: number): { sessionId: string; entry: TranscriptEntry }[] {
    const out: { sessionId: string; entry: TranscriptEntry }[] = [];
    for (const [sessionId, list] of org.transcripts) {
      for (const entry of list) if (entry.seq > since) out.push({ sessionId, entry });
    }
    return out.sort((a, b) => a.entry.seq - b.entry.seq);
  }

  get currentSeq(): number {
    return this.seq;
  }
}
