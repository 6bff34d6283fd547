/** The state of the simulated Kustomer orgs: records, timelines, sessions, API keys, rate limits. */
import { randomBytes } from 'node:crypto';
import type { KustomerResource } from './metadata';
import {
  KUSTOMER_SEED_ORGS,
  KUSTOMER_SEED_START,
  type KustomerAuthor,
  type KustomerSeedOrg,
} from './seed';

export type SessionMode = 'normal' | 'session-writes-refused';

/** Display times on the desktop are shown in this time zone. */
export const DISPLAY_TIME_ZONE = 'UTC';

/** Default per-org budget of API requests per window (Enterprise plan: 1,000 per minute). */
export const DEFAULT_RATE_LIMIT = 1000;
export const DEFAULT_RATE_WINDOW_SECONDS = 60;

export interface KUser {
  id: string;
  name: string;
  userType: 'user' | 'machine';
  email?: string;
  createdAt: string;
}

export interface KRecord {
  id: string;
  custom: Record<string, unknown>;
  rev: number;
  createdAt: string;
  updatedAt: string;
  modifiedBy: string;
}

export interface KConversation extends KRecord {
  customerId: string;
  name: string;
  status: string;
  priority: number;
  createdBy: string;
}

export interface KCustomer extends KRecord {
  name: string;
  email: string;
}

/** One item of a conversation's timeline: a message (also served by the API) or a system event. */
export interface TimelineItem {
  kind: 'message' | 'event';
  id: string;
  /** Store-wide sequence number: reconnecting pages get what followed the last one they saw. */
  seq: number;
  author: KustomerAuthor;
  authorName: string;
  /** The text; for a rich body, what a plain-text view of `html` shows (the API's `preview`). */
  text: string;
  /** A rich (HTML) body: the API's `body`, shown through the desktop's allowlist. */
  html?: string;
  /** ISO time. */
  time: string;
  /** As the desktop shows it, e.g. "10:01 AM". */
  timeLabel: string;
  /** Messages only. */
  direction?: 'in' | 'out';
  directionType?: string;
  app?: string;
  auto?: boolean;
  /** The user who wrote it (absent for customer messages and events). */
  createdBy?: string;
  /**
   * Shown with a "Bot" badge: Customer Assist, a third-party bot app, API-key machine users; not a
   * workflow's automated reply (which shows the org's brand as its author).
   */
  bot: boolean;
}

/** What a new timeline item may override or carry besides its author and text. */
export interface ItemOptions {
  authorName?: string;
  /** The writer (an API key's machine user); by default the author's seeded user. */
  createdBy?: KUser;
  /** The message's `app`; by default the author's (see APP_OF). */
  app?: string;
  /** A rich (HTML) body; `text` is then its plain text. */
  html?: string;
}

/**
 * The `app` of each author's messages. Kustomer's own bot posts as `kustomer-assist`; a third-party
 * bot as the app it was installed as (`acme-bot` is made up: real app names are unverified); people
 * and workflows as `chat`.
 */
export const APP_OF: Readonly<Record<Exclude<KustomerAuthor, 'system'>, string>> = {
  customer: 'chat',
  agent: 'chat',
  assist: 'kustomer-assist',
  bot: 'acme-bot',
  workflow: 'chat',
};

export interface ApiKey {
  token: string;
  userId: string;
  roles: string[];
}

export interface RateState {
  limit: number;
  windowMs: number;
  windowStart: number;
  used: number;
}

export interface KOrgState {
  handle: string;
  orgId: string;
  displayName: string;
  seed: KustomerSeedOrg;
  users: Map<string, KUser>;
  customers: Map<string, KCustomer>;
  conversations: Map<string, KConversation>;
  timelines: Map<string, TimelineItem[]>;
  /** The valid `x-kustomer-auth-token`; null after `expire` until the next /login. */
  authToken: string | null;
  /** The `_csrf` cookie value handed out at /login. */
  csrf: string;
  mode: SessionMode;
  apiKeys: Map<string, ApiKey>;
  rate: RateState;
  /**
   * Attributes an admin deactivated since the seed (`resource:name`): gone from the metadata and
   * refused on write — what an extension with an older cached catalog meets.
   */
  retired: Set<string>;
}

export function timeLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: DISPLAY_TIME_ZONE,
  });
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

let objectIdCounter = randomBytes(3).readUIntBE(0, 3);
const processUnique = randomBytes(5).toString('hex');

/** A new Mongo-style ObjectId: 4 bytes of seconds, 5 random bytes, a 3-byte counter. */
export function newObjectId(): string {
  objectIdCounter = (objectIdCounter + 1) % 0xffffff;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${processUnique}${objectIdCounter.toString(16).padStart(6, '0')}`;
}

export const AUTHORS: readonly KustomerAuthor[] = [
  'customer',
  'agent',
  'bot',
  'assist',
  'workflow',
  'system',
];

export class KustomerStore {
  readonly orgs = new Map<string, KOrgState>();
  private seq = 0;

  constructor() {
    for (const seed of KUSTOMER_SEED_ORGS) {
      const org: KOrgState = {
        handle: seed.org,
        orgId: seed.orgId,
        displayName: seed.displayName,
        seed,
        users: new Map(),
        customers: new Map(),
        conversations: new Map(),
        timelines: new Map(),
        authToken: randomToken(),
        csrf: randomToken(18),
        mode: 'normal',
        apiKeys: new Map(),
        rate: freshRate(),
        retired: new Set(),
      };
      this.seedOrg(org);
      this.orgs.set(seed.org, org);
    }
  }

  /** Records, timelines, modes and rate limits back to the seed; session tokens and API keys are kept. */
  reset(): void {
    for (const org of this.orgs.values()) {
      const keptMachineUsers = [...org.apiKeys.values()].map((k) => org.users.get(k.userId));
      this.seedOrg(org);
      for (const u of keptMachineUsers) if (u) org.users.set(u.id, u);
      org.mode = 'normal';
      org.rate = freshRate();
      org.retired.clear();
    }
  }

  private seedOrg(org: KOrgState): void {
    const seed = org.seed;
    const created = KUSTOMER_SEED_START;
    org.users = new Map();
    for (const u of Object.values(seed.users)) {
      org.users.set(u.id, {
        id: u.id,
        name: u.name,
        userType: u.userType,
        ...(u.email ? { email: u.email } : {}),
        createdAt: '2026-01-05T10:00:00.000Z',
      });
    }
    org.customers = new Map(
      seed.customers.map((c) => [
        c.id,
        {
          id: c.id,
          name: c.name,
          email: c.email,
          custom: {},
          rev: 1,
          createdAt: created,
          updatedAt: created,
          modifiedBy: seed.users.agent.id,
        },
      ]),
    );
    org.conversations = new Map();
    org.timelines = new Map();
    seed.conversations.forEach((c, ci) => {
      org.conversations.set(c.id, {
        id: c.id,
        customerId: c.customerId,
        name: c.name,
        status: c.status,
        priority: 3,
        custom: {},
        rev: 1,
        createdAt: created,
        updatedAt: created,
        modifiedBy: seed.users.agent.id,
        createdBy: seed.users.agent.id,
      });
      const items: TimelineItem[] = [];
      org.timelines.set(c.id, items);
      c.transcript.forEach((m, mi) => {
        const time = new Date(Date.parse(created) + (ci * 20 + mi) * 60_000).toISOString();
        // Deterministic seed ids: 6650eeee, the end of the conversation id, the message index.
        const id = `6650eeee${c.id.slice(12)}${mi.toString(16).padStart(4, '0')}`;
        items.push(this.makeItem(org, c.id, m.author, m.text, {}, time, id, 0));
      });
    });
  }

  /**
   * A new customer and conversation (the audit's tests create hundreds): `createdAt` an ISO time
   * (default now), `custom` the conversation's attributes, `customerCustom` the customer's.
   */
  addConversation(
    org: KOrgState,
    spec: {
      customerName?: string;
      createdAt?: string;
      custom?: Record<string, unknown>;
      customerCustom?: Record<string, unknown>;
    },
  ): { conversationId: string; customerId: string } {
    const at = spec.createdAt === undefined ? new Date() : new Date(spec.createdAt);
    if (Number.isNaN(at.getTime())) throw new RangeError(`Not a date: ${spec.createdAt}`);
    const created = at.toISOString();
    const by = org.seed.users.agent.id;
    const customerId = newObjectId();
    const name = spec.customerName ?? `Customer ${org.customers.size + 1}`;
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
    const base = { rev: 1, createdAt: created, updatedAt: created, modifiedBy: by };
    org.customers.set(customerId, {
      id: customerId,
      name,
      email,
      custom: { ...spec.customerCustom },
      ...base,
    });
    const conversationId = newObjectId();
    org.conversations.set(conversationId, {
      id: conversationId,
      customerId,
      name: `Chat with ${name}`,
      status: 'done',
      priority: 3,
      custom: { ...spec.custom },
      createdBy: by,
      ...base,
    });
    org.timelines.set(conversationId, []);
    return { conversationId, customerId };
  }

  org(handle: string): KOrgState | undefined {
    return this.orgs.get(handle.toLowerCase());
  }

  record(org: KOrgState, resource: KustomerResource, id: string): KRecord | undefined {
    const key = id.toLowerCase();
    return resource === 'conversation' ? org.conversations.get(key) : org.customers.get(key);
  }

  /** Builds a timeline item (not stored). `seq` 0 marks seed items. */
  private makeItem(
    org: KOrgState,
    conversationId: string,
    author: KustomerAuthor,
    text: string,
    options: ItemOptions,
    time: string,
    id: string,
    seq: number,
  ): TimelineItem {
    const items = org.timelines.get(conversationId) ?? [];
    const customer = org.customers.get(org.conversations.get(conversationId)?.customerId ?? '');
    const users = org.seed.users;
    const base = {
      id,
      seq,
      author,
      text,
      ...(options.html !== undefined ? { html: options.html } : {}),
      time,
      timeLabel: timeLabel(time),
    };
    if (author === 'system') {
      return { ...base, kind: 'event', authorName: options.authorName ?? 'Kustomer', bot: false };
    }
    const direction: 'in' | 'out' = author === 'customer' ? 'in' : 'out';
    const previous = [...items].reverse().find((i) => i.kind === 'message');
    const directionType = !previous
      ? `initial-${direction}`
      : previous.direction === direction
        ? `followup-${direction}`
        : `response-${direction}`;
    const seeded = author === 'customer' ? undefined : users[author];
    const user = options.createdBy ?? (seeded ? org.users.get(seeded.id) : undefined);
    // A workflow's reply is signed with the org's brand, not with its machine user's name.
    const defaultName =
      author === 'customer'
        ? (customer?.name ?? 'Customer')
        : author === 'workflow'
          ? org.displayName
          : (user?.name ?? '');
    return {
      ...base,
      kind: 'message',
      authorName: options.authorName ?? defaultName,
      direction,
      directionType,
      app: options.app ?? APP_OF[author],
      auto: author !== 'customer' && (author !== 'agent' || user?.userType === 'machine'),
      ...(user ? { createdBy: user.id } : {}),
      bot: author === 'assist' || author === 'bot',
    };
  }

  /** Appends a timeline item to a conversation (live). */
  addItem(
    org: KOrgState,
    conversationId: string,
    author: KustomerAuthor,
    text: string,
    options: ItemOptions = {},
  ): TimelineItem {
    const item = this.makeItem(
      org,
      conversationId,
      author,
      text,
      options,
      new Date().toISOString(),
      newObjectId(),
      ++this.seq,
    );
    let list = org.timelines.get(conversationId);
    if (!list) {
      list = [];
      org.timelines.set(conversationId, list);
    }
    list.push(item);
    const conversation = org.conversations.get(conversationId);
    if (conversation) conversation.updatedAt = item.time;
    return item;
  }

  /** Items of the org added after `since`, in order, with their conversation. */
  itemsSince(org: KOrgState, since: number): { conversationId: string; item: TimelineItem }[] {
    const out: { conversationId: string; item: TimelineItem }[] = [];
    for (const [conversationId, list] of org.timelines) {
      for (const item of list) if (item.seq > since) out.push({ conversationId, item });
    }
    return out.sort((a, b) => a.item.seq - b.item.seq);
  }

  get currentSeq(): number {
    return this.seq;
  }
}

function freshRate(): RateState {
  return {
    limit: DEFAULT_RATE_LIMIT,
    windowMs: DEFAULT_RATE_WINDOW_SECONDS * 1000,
    windowStart: Date.now(),
    used: 0,
  };
}
