/**
 * The typed messages between the faces (content scripts, popup, options) and the background.
 * Requests are validated with zod in the background: content scripts relay page-derived data.
 */
import { z } from 'zod';
import type { AuditProgress } from '../audit/types';
import type { Trust } from '../context/trust';
import type { ContextSource } from '../context/types';
import type { FieldOutcomeKind, GaveUpAlert, HandoffView, Notice } from '../handoff/types';
import type { JournalExportFile, PresentedEntry } from '../journal/export';
import { ExportFormat, JOURNAL_PAGE_MAX, JournalCursor, JournalFilters } from '../journal/filter';
import type { JournalPage } from '../journal/query';
import type { MergeSummary } from '../mapping/file';
import type { ConversationPreview, Preview } from '../mapping/preview';
import type { Mapping } from '../mapping/schema';
import type { FirstScreen } from '../mapping/table-order';
import { apiKeyOrgProblem, isPlatformId } from '../platforms/descriptor-registry';
import {
  Author,
  CandidateMessage,
  type Catalog,
  type FieldSpec,
  PlatformId,
  RecordRef,
} from '../platforms/types';
import type { PolicyStatus } from '../settings/managed';
import type { Settings } from '../settings/schema';
import type { TokenTest } from '../settings/token-test';

/** An org's handle as the hosts name it (letters, digits, dots, dashes): it becomes a host name. */
const AuditOrg = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i, 'An org is named as in its host name, e.g. acme');

/** An ISO 8601 UTC date-time (the page sends `toISOString()`): a plain pattern keeps zod's ISO code out. */
const AuditTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/,
    'A date-time in UTC, e.g. 2026-12-01T00:00:00Z',
  );

export const Request = z.discriminatedUnion('type', [
  /** New transcript messages seen on the open record (each sent once per page life). */
  z.object({
    type: z.literal('handoff:messages'),
    record: RecordRef,
    messages: z.array(CandidateMessage).max(500),
  }),
  /**
   * The widget asks for the latest state of its record (first mount, "Refresh view"). `poll`: the
   * widget re-asks about once a second while a write is pending or retrying; a poll answers from
   * the journal only (no platform request) and wakes the write queue if a row is due.
   */
  z.object({
    type: z.literal('handoff:view'),
    record: RecordRef,
    poll: z.boolean().optional(),
  }),
  /** Run the last context of the record again (Retry). */
  z.object({ type: z.literal('handoff:retry'), record: RecordRef }),
  /**
   * The agent's answer to the plan the panel shows (settings `writeMode: 'confirm'`): `fill`
   * (**Fill N fields**) writes it, `not-now` writes nothing. `planId` is the view's: an older plan
   * than the record's latest is not answered.
   */
  z.object({
    type: z.literal('handoff:confirm'),
    record: RecordRef,
    planId: z.number().int().min(0),
    answer: z.enum(['fill', 'not-now']),
  }),
  /**
   * "Use the bot's value" (the agent confirmed): write the bot's value of one field the record's
   * handoff kept, over the record's value. `object` and `field` name a kept field of the handoff
   * the background finds itself; anything else is refused with a notice.
   */
  z.object({
    type: z.literal('handoff:use-bot-value'),
    record: RecordRef,
    object: z.string().min(1).max(100),
    field: z.string().min(1).max(200),
  }),
  /**
   * The handoffs whose writes gave up (any record, this browser), for the pill of every console
   * tab; the background also pushes the list to them when it changes (lib/sensor/own-messages.ts).
   */
  z.object({ type: z.literal('handoff:gave-up') }),
  /** The agent dismissed the "gave up" alert of these handoffs (journal ids). */
  z.object({
    type: z.literal('handoff:gave-up-dismiss'),
    journalIds: z.array(z.number().int().nonnegative()).max(100),
  }),
  /**
   * "Verify now": read the record's mapped fields from the platform and compare them with what its
   * latest trusted context says through the mappings. `messages`: the context messages the page
   * shows now, for a handoff whose journaled text was redacted (matched by digest, never trusted anew).
   */
  z.object({
    type: z.literal('handoff:verify'),
    record: RecordRef,
    messages: z.array(CandidateMessage).max(50).optional(),
  }),
  /**
   * A `window.postMessage` the content script received from an allowed origin (docs/context-sources.md), relayed
   * as it came: the background checks the origin again, validates `data` and its conversation.
   */
  z.object({
    type: z.literal('handoff:post-message'),
    record: RecordRef,
    origin: z.string().max(300),
    data: z.unknown(),
  }),
  /** The allowed postMessage origins, which the content script asks for once per page life. */
  z.object({ type: z.literal('settings:post-message-origins') }),
  /**
   * Mappings by id: all, one platform's, or one object's (`object` with `platform`). `limit`: only
   * the first ones (the popup's first screen, asked for beside the whole list so it paints first).
   */
  z.object({
    type: z.literal('mappings:list'),
    platform: PlatformId.optional(),
    object: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  /**
   * The options table's first screen: the first `limit` mappings in the table's default order
   * (object, catalog label, id), how many there are and the catalog fields those rows show,
   * answered before the whole list and the catalogs.
   */
  z.object({
    type: z.literal('mappings:first-screen'),
    limit: z.number().int().min(1).max(500),
  }),
  z.object({ type: z.literal('mappings:save'), mapping: z.unknown() }),
  z.object({ type: z.literal('mappings:delete'), id: z.string() }),
  /** Known fields of an object, from the cached catalogs (target picker). */
  z.object({ type: z.literal('catalog:fields'), platform: PlatformId, object: z.string() }),
  /**
   * Set (or, with null, remove) the API key of an org, on a platform whose auth takes API keys
   * (its descriptor's `auth`, which also judges the org): kept only in the extension.
   */
  z
    .object({
      type: z.literal('credentials:set'),
      platform: PlatformId,
      org: z.string().max(200),
      apiKey: z
        .string()
        .trim()
        .min(20, 'an API key is a long token; paste all of it')
        .max(4096)
        .nullable(),
    })
    .superRefine(
      ({ platform, org }, ctx) => {
        const problem = apiKeyOrgProblem(platform, org);
        if (problem)
          ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
      },
      // Judged even when the key is refused too, so the admin reads both problems at once.
      {
        when: ({ value }) => {
          const { platform, org } = value as { platform?: unknown; org?: unknown };
          return isPlatformId(platform) && typeof org === 'string';
        },
      },
    ),
  z.object({ type: z.literal('credentials:list') }),
  z.object({ type: z.literal('settings:get') }),
  /** The whole settings file (docs/files.md); all or nothing, refused with one path-named error a line. */
  z.object({ type: z.literal('settings:save'), settings: z.unknown() }),
  /**
   * "Test a token": what the verifier makes of a bot's message (or a token alone) against `trust`,
   * the trust settings the admin is editing (unsaved allowed, checked like a settings file's).
   */
  z.object({
    type: z.literal('settings:test-token'),
    trust: z.unknown(),
    message: z.string().max(70_000),
  }),
  /** The audiences of the orgs this browser has seen (catalogs, journal), for the Settings section. */
  z.object({ type: z.literal('settings:known-audiences') }),
  // ─── The options page (admin) ───
  /** Every stored field catalog, fields included: when each was imported, and the catalog checks. */
  z.object({ type: z.literal('catalog:list') }),
  /**
   * "Import fields": the background reads the platform's catalog objects (`objects.catalogs`) from the
   * org with the signed-in session and stores one catalog per object.
   */
  z.object({
    type: z.literal('catalog:import'),
    platform: PlatformId,
    org: z.string().trim().toLowerCase().min(1, 'name the org').max(200),
  }),
  /** A describe or metadata response an admin pasted (no console open), stored as the org's catalog. */
  z.object({
    type: z.literal('catalog:paste'),
    org: z.string().trim().toLowerCase().min(1, 'name the org the response came from').max(200),
    json: z.unknown(),
  }),
  /**
   * The test bench: what a message (`text` and its `author`), or a whole conversation (`messages`,
   * in posting order), would do with the stored mappings, catalogs and settings. Exactly one of the
   * two forms. Writes nothing.
   */
  z
    .object({
      type: z.literal('bench:preview'),
      platform: PlatformId,
      /** Whose catalogs to plan with; the newest imported one per object when absent. */
      org: z.string().max(200).optional(),
      text: z.string().max(70_000).optional(),
      author: Author.optional(),
      messages: z
        .array(z.object({ author: Author, text: z.string().max(70_000) }))
        .min(1)
        .max(200)
        .optional(),
      conversationId: z.string().max(200).optional(),
      /** The record's current values, by field API name. */
      current: z.record(z.string(), z.unknown()).optional(),
    })
    .superRefine((r, ctx) => {
      const single = r.text !== undefined || r.author !== undefined;
      if (r.messages !== undefined && single) {
        ctx.addIssue({
          code: 'custom',
          message:
            'give either text and author (one message) or messages (a conversation), not both',
        });
      } else if (r.messages === undefined && (r.text === undefined || r.author === undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: single
            ? 'one message needs both text and author'
            : 'give text and author (one message) or messages (a conversation)',
        });
      }
    }),
  /**
   * A mappings file (docs/files.md), validated again here and applied all or nothing in one IndexedDB
   * transaction: `merge` replaces mappings with the same id and keeps the others, `replace` makes the
   * stored mappings exactly the file's.
   */
  z.object({
    type: z.literal('mappings:import'),
    file: z.unknown(),
    mode: z.enum(['merge', 'replace']),
  }),
  /** Turns many mappings on or off in one transaction (the options page's filtered rows). */
  z.object({
    type: z.literal('mappings:enable'),
    ids: z.array(z.string()).max(100_000),
    enabled: z.boolean(),
  }),
  // ─── The QA journal (options page) ───
  /**
   * A page of the journal, newest first, matching the filters, after `cursor`; `count` also
   * answers how many entries match and how many retention keeps (the first page of a query).
   */
  z.object({
    type: z.literal('journal:query'),
    filters: JournalFilters,
    cursor: JournalCursor.optional(),
    limit: z.number().int().min(1).max(JOURNAL_PAGE_MAX).optional(),
    count: z.boolean().optional(),
  }),
  /** Every entry matching the filters as a CSV or JSON file, under retention and redaction. */
  z.object({ type: z.literal('journal:export'), filters: JournalFilters, format: ExportFormat }),
  /** One entry with its evidence, for the detail view. */
  z.object({ type: z.literal('journal:entry'), id: z.number().int().min(0) }),
  // ─── The QA audit (options page; lib/background/audit.ts) ───
  /**
   * Audit records read only, as the signed-in user: the pasted ids or numbers (split into words
   * by the page), or those created in [from, to). `share`: the most of a per-minute API budget the
   * audit may use (the org's other integrations share it). Answers the job, its rows to come.
   */
  z.object({
    type: z.literal('audit:start'),
    platform: PlatformId,
    org: AuditOrg,
    query: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('ids'),
        tokens: z.array(z.string().min(1).max(100)).min(1).max(5000),
      }),
      z.object({ kind: z.literal('range'), from: AuditTime, to: AuditTime }),
    ]),
    share: z.number().min(0.01).max(0.9).optional(),
  }),
  /** The job's state, and its rows from index `from` on (the page polls while it runs). */
  z.object({
    type: z.literal('audit:progress'),
    jobId: z.string().min(1).max(64),
    from: z.number().int().min(0).max(100_000),
  }),
  /** Stop taking records (those in flight finish); the rows so far stay. */
  z.object({ type: z.literal('audit:cancel'), jobId: z.string().min(1).max(64) }),
  // ─── Diagnostics (the widget and the options page: "What Handoff Fields sees") ───
  /**
   * What the background reaches for a record: the platform's API messages, the admin's record
   * fields and the record's latest journal entries. Read-only: nothing is handled, written or queued.
   */
  z.object({ type: z.literal('diagnostics:sources'), record: RecordRef }),
  /** The widget's "What Handoff Fields sees": the admin page's section, on the asking tab. */
  z.object({ type: z.literal('diagnostics:open') }),
  // ─── The organisation's policy (popup, options page) ───
  /** Which mappings and settings the policy sets (read-only here), and the last policy refused. */
  z.object({ type: z.literal('policy:status') }),
  // ─── Signing in to orgs that refuse the cookie session (Salesforce OAuth with PKCE) ───
  /**
   * Run the platform's sign-in flow for `org` (a browser window the user answers): the panel's
   * **Connect Salesforce** / **Reconnect as …**, the options page's **Connect**. On success the
   * writes that waited for it are tried at once.
   */
  z.object({ type: z.literal('auth:connect'), platform: PlatformId, org: AuditOrg }),
  /** What the options page shows: the callback URL to copy, and each org's connection. */
  z.object({ type: z.literal('auth:status') }),
  /** **Sign out**: revoke the org's token at the platform, then forget it. */
  z.object({ type: z.literal('auth:sign-out'), platform: PlatformId, org: AuditOrg }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

/** What a face may know of a stored credential. */
export interface CredentialHint {
  platform: PlatformId;
  org: string;
  last4: string;
  savedAt: number;
}

/**
 * An org this browser has seen (a stored catalog, a journal entry) and what a signed context names
 * as its audience: the Salesforce org id (null while nobody is signed in to it), the Kustomer org name.
 */
export interface KnownAudience {
  platform: PlatformId;
  org: string;
  audience: string | null;
}

/** A stored catalog without its fields: what the options page lists. */
export interface CatalogInfo {
  platform: PlatformId;
  org: string;
  object: string;
  fetchedAt: number;
  fieldCount: number;
}

export interface CatalogImportResult {
  imported: CatalogInfo[];
  /** Objects that could not be read (the others were stored), each with what to do. */
  failed: { object: string; message: string }[];
}

/**
 * An import refused (nothing changed) answers every path-named problem of the file, one a line; an
 * import applied may carry warnings (mappings of an object without a field catalog, unchecked).
 */
export type MappingsImportResult =
  | { applied: true; summary: MergeSummary; warnings?: string[] }
  | { applied: false; errors: string[] };

/** A pasted response is stored, or refused with what it is and which request gives the right one. */
export type CatalogPasteResult = { stored: CatalogInfo } | { error: string };

export interface Responses {
  'handoff:messages': HandoffView;
  'handoff:view': HandoffView;
  'handoff:verify': HandoffView;
  'handoff:retry': HandoffView;
  'handoff:confirm': HandoffView;
  'handoff:use-bot-value': HandoffView;
  'handoff:gave-up': GaveUpAlert[];
  'handoff:gave-up-dismiss': GaveUpAlert[];
  'handoff:post-message': HandoffView;
  'settings:post-message-origins': { origins: string[] };
  'mappings:list': Mapping[];
  'mappings:first-screen': FirstScreen;
  'mappings:save': Mapping;
  'mappings:delete': { deleted: boolean };
  'catalog:fields': FieldSpec[];
  'credentials:set': CredentialHint[];
  'credentials:list': CredentialHint[];
  'settings:get': Settings;
  'settings:save': Settings;
  'settings:test-token': TokenTest;
  'settings:known-audiences': KnownAudience[];
  'catalog:list': Catalog[];
  'catalog:import': CatalogImportResult;
  'catalog:paste': CatalogPasteResult;
  /** `Preview` for one message (`text`), `ConversationPreview` for a conversation (`messages`). */
  'bench:preview': Preview | ConversationPreview;
  'mappings:import': MappingsImportResult;
  'mappings:enable': Mapping[];
  'journal:query': JournalPage;
  'journal:export': JournalExportFile;
  'journal:entry': PresentedEntry | null;
  'diagnostics:sources': SourceDiagnostics;
  'diagnostics:open': { opened: boolean };
  'policy:status': PolicyStatus;
  'audit:start': AuditProgress;
  'audit:progress': AuditProgress;
  'audit:cancel': AuditProgress;
  'auth:connect': ConnectResult;
  'auth:status': SignInStatus;
  'auth:sign-out': SignInStatus;
}

/** A sign-in flow's end: the user the platform now acts as, or why not, with what to do. */
export type ConnectResult =
  | { connected: true; platform: PlatformId; org: string; user: SignedInUser }
  | { connected: false; notice: Notice };

/** Who a token acts as (from the platform's identity: Salesforce's token `id` URL, userinfo). */
export interface SignedInUser {
  userId: string;
  /** Display name ("Jane Doe"), or the username when the platform gives no name. */
  name: string;
  username?: string;
}

/** The options page's sign-in section. */
export interface SignInStatus {
  /** The exact callback URL the org's External Client App must list (`identity.getRedirectURL()`). */
  callbackUrl: string;
  /** Each org with a consumer key set (settings `salesforceOAuth.apps`), and its token, if any. */
  orgs: OrgSignIn[];
}

export interface OrgSignIn {
  platform: PlatformId;
  org: string;
  /** Null: no token in this browser. */
  connected: (SignedInUser & { since: number }) | null;
}

/** The platform's API messages of a record: not offered by the platform, read, or why not. */
export type ApiSourceDiagnostics =
  | { supported: false }
  | {
      supported: true;
      reached: true;
      messages: number;
      byAuthor: Record<Author, number>;
      /** The newest messages (at most 50), in posting order: each author, and the API's words for why. */
      recent: ApiMessageDiagnostics[];
    }
  | { supported: true; reached: false; notice: Notice };

/** One message the platform's API listed, as "What it sees" shows it (no text). */
export interface ApiMessageDiagnostics {
  id: string;
  author: Author;
  /** The API's words that decided the author (`role EndUser`, `direction out · app …`). */
  basis: string;
  chars: number;
  mayHoldContext: boolean;
}

/** An admin's record field holding a context (settings `recordFieldSources`), read for the record. */
export interface RecordFieldDiagnostics {
  object: string;
  field: string;
  reached: boolean;
  /** How many records holding the field have a value in it (reached only). */
  filled?: number;
  notice?: Notice;
}

/** One journal entry of the record: a context found, and whether it was taken or refused, and why. */
export interface CandidateDiagnostics {
  at: number;
  source: ContextSource;
  author: string;
  messageId: string;
  /** Absent when no context could be read (a malformed postMessage). */
  form?: 'signed' | 'json' | 'key-value';
  /** `taken`: trusted and planned; `refused`: the context itself was not used. */
  trust: 'taken' | 'refused';
  /** The trust level the context was given (absent when none was read). */
  level?: Trust;
  /** The refusal (code and message), or the outcome in words (no code) when taken. */
  reason: { code?: Notice['code']; message: string };
  /** The handoff's state, and how its fields ended (counts). */
  state: HandoffView['state'];
  fields: Record<FieldOutcomeKind, number>;
}

/** What the background reaches for a record (`diagnostics:sources`). */
export interface SourceDiagnostics {
  api: ApiSourceDiagnostics;
  recordFields: RecordFieldDiagnostics[];
  /** The record's latest journal entries, newest first (at most 20). */
  candidates: CandidateDiagnostics[];
}

/** Every answer is wrapped so that a failure reaches the face as data, never as a lost promise. */
export type Reply<T> =
  | { ok: true; data: T }
  | { ok: false; error: Notice | { code: 'invalid'; message: string } };
