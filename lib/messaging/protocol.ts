/**
 * The typed messages between the faces (content scripts, popup, options) and the background.
 * Requests are validated with zod in the background: content scripts relay page-derived data.
 */
import { z } from 'zod';
import type { ContextValue } from '../context/types';
import type { Mapping } from '../mapping/schema';
import { CandidateMessage, type FieldSpec, PlatformId, RecordRef } from '../platforms/types';
import type { Settings } from '../settings/schema';

export const Request = z.discriminatedUnion('type', [
  /** New transcript messages seen on the open record (each sent once per page life). */
  z.object({
    type: z.literal('handoff:messages'),
    record: RecordRef,
    messages: z.array(CandidateMessage).max(500),
  }),
  /** The widget asks for the latest state of its record (first mount, "Refresh view"). */
  z.object({ type: z.literal('handoff:view'), record: RecordRef }),
  /** Run the last context of the record again (Retry). */
  z.object({ type: z.literal('handoff:retry'), record: RecordRef }),
  z.object({ type: z.literal('mappings:list'), platform: PlatformId.optional() }),
  z.object({ type: z.literal('mappings:save'), mapping: z.unknown() }),
  z.object({ type: z.literal('mappings:delete'), id: z.string() }),
  /** Known fields of an object, from the cached catalogs (target picker). */
  z.object({ type: z.literal('catalog:fields'), platform: PlatformId, object: z.string() }),
  /** Set (or, with null, remove) the Kustomer API key of an org: kept only in the extension. */
  z.object({
    type: z.literal('credentials:set'),
    platform: z.literal('kustomer'),
    org: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'the org is the first part of its kustomerapp.com host'),
    apiKey: z
      .string()
      .trim()
      .min(20, 'an API key is a long token; paste all of it')
      .max(4096)
      .nullable(),
  }),
  z.object({ type: z.literal('credentials:list') }),
  z.object({ type: z.literal('settings:get') }),
  /** The whole settings file (DESIGN §6); all or nothing, refused with one path-named error a line. */
  z.object({ type: z.literal('settings:save'), settings: z.unknown() }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

/** A problem the user must see, with what happened and what to do. */
export interface Notice {
  code: NoticeCode;
  message: string;
}
export type NoticeCode =
  | 'context-invalid'
  | 'context-untrusted'
  | 'context-signature'
  | 'context-policy'
  | 'no-mappings'
  | 'record-unresolved'
  | 'session-missing'
  | 'session-expired'
  | 'api-access-denied'
  | 'api-disabled'
  | 'record-not-found'
  | 'rate-limited'
  | 'platform-unavailable'
  | 'network'
  | 'catalog-unavailable'
  | 'invalid-settings'
  | 'internal';

export type FieldOutcomeKind = 'written' | 'skipped' | 'refused' | 'pending';

export interface FieldOutcome {
  /** The object the field belongs to (Case; Kustomer conversation or customer). */
  object?: string;
  field: string;
  label: string;
  /** The value written or that would have been written, as display text. */
  value: string | null;
  outcome: FieldOutcomeKind;
  /** `empty` | `unchanged` | `kept-existing` for skipped; the platform's or our message for refused. */
  reason?: string;
}

export interface HandoffView {
  record: RecordRef;
  /** The records actually written (a MessagingSession's Case; a conversation and its customer). */
  targets?: RecordRef[];
  state: 'waiting' | 'done' | 'failed';
  context?: {
    form: 'signed' | 'json' | 'key-value';
    /** `unverified`: well-formed but nobody vouches for it (not the bot, not signed): nothing written. */
    trust: 'signed' | 'bot-authored' | 'unverified' | 'refused';
    /** The trusted issuer that signed it. */
    issuer?: string;
    author: string;
    messageId: string;
    values: Record<string, z.infer<typeof ContextValue>>;
  };
  fields: FieldOutcome[];
  notice?: Notice;
  /** Epoch ms of the last change. */
  at: number;
}

/** What a face may know of a stored credential. */
export interface CredentialHint {
  platform: 'kustomer';
  org: string;
  last4: string;
  savedAt: number;
}

export interface Responses {
  'handoff:messages': HandoffView;
  'handoff:view': HandoffView;
  'handoff:retry': HandoffView;
  'mappings:list': Mapping[];
  'mappings:save': Mapping;
  'mappings:delete': { deleted: boolean };
  'catalog:fields': FieldSpec[];
  'credentials:set': CredentialHint[];
  'credentials:list': CredentialHint[];
  'settings:get': Settings;
  'settings:save': Settings;
}

/** Every answer is wrapped so that a failure reaches the face as data, never as a lost promise. */
export type Reply<T> =
  | { ok: true; data: T }
  | { ok: false; error: Notice | { code: 'invalid'; message: string } };
