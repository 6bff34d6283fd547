import type { JournalEntry } from '../store/journal-schema';
/**
 * The engine's side of the context sources (docs/context-sources.md): which candidate
 * a record field or a postMessage becomes, and how a message's text is compared with its first
 * text to tell an edit.
 */

import type { Evaluation } from '../context/evaluate';
import { parseContext } from '../context/parse';
import { parseSourceValue } from '../context/source-value';
import type { ContextSource, ParsedContext } from '../context/types';
import type { PlatformClient } from '../platforms/platform-client';
import type { CandidateMessage, RecordRef } from '../platforms/types';
import type { RecordFieldSource, Settings } from '../settings/schema';

/** A candidate message with where it came from (the transcript when `source` is absent). */
export interface ContextCandidate extends CandidateMessage {
  source?: ContextSource;
  /** The allowed origin of a postMessage, or `Object.Field` of a record field. */
  sourceDetail?: string;
}

/** Sources that hold only a context (not a chat message). */
export const isWholeValueSource = (source: ContextSource): boolean =>
  source === 'post-message' || source === 'record-field';

/** Sources that are messages of the conversation, whose authors the platform labels. */
export const isChatSource = (source: ContextSource): boolean => !isWholeValueSource(source);

/**
 * How far a source other than a chat message is trusted for unverified forms: an allowed
 * postMessage origin like the bot; a record field only when the admin opted it in
 * (`acceptUnsigned`: a hidden pre-chat field is set by the customer's own browser), otherwise
 * signed contexts only, with a sentence that says why and what to do. Chat messages: nothing here.
 */
export function sourceTrust(
  source: ContextSource,
  detail: string | undefined,
  settings: Settings,
): { trustedSource?: true; signedOnlySource?: string } {
  if (source === 'post-message') return { trustedSource: true };
  if (source !== 'record-field') return {};
  const field = settings.recordFieldSources.find((s) => `${s.object}.${s.field}` === detail);
  if (field?.acceptUnsigned) return { trustedSource: true };
  return { signedOnlySource: unsignedFieldMessage(detail ?? 'the record field') };
}

export const unsignedFieldMessage = (field: string) =>
  `The handoff context in ${field} is not signed, so nothing was written: a field filled from a pre-chat form can be set by the customer's own browser. The bot must sign its context; if only your server writes this field, an admin can accept unsigned contexts from it (acceptUnsigned in the settings).`;

/** A candidate's text parsed as its source holds it: a whole value, or a chat message. */
export const parseCandidate = (text: string, source: ContextSource) =>
  isWholeValueSource(source) ? parseSourceValue(text) : parseContext(text);

/** evaluateContext's `ownsConversation` for the open record, when the platform can tell. */
export const ownsConversationOf = (client: PlatformClient, record: RecordRef) =>
  client.ownsConversation
    ? (conv: string) => client.ownsConversation?.(record, conv) ?? Promise.resolve(false)
    : undefined;

/** A record field's text is cut here, like a chat message (CandidateMessage). */
const MAX_TEXT = 70_000;

/**
 * The records holding a field of `object` for the open record: the record itself, one it resolves
 * to (a MessagingSession's Case, a conversation's customer), or one the platform links to it (a
 * Case's MessagingSession, `PlatformClient.linkedRecords`).
 */
export async function holdersOf(
  client: PlatformClient,
  record: RecordRef,
  object: string,
): Promise<RecordRef[]> {
  if (object === record.object) return [record];
  const targets = (await client.resolveTargets(record)).filter((t) => t.object === object);
  if (targets.length > 0) return targets;
  return client.linkedRecords ? client.linkedRecords(record, object) : [];
}

/** The context candidates of the admin's record fields for the open record (empty fields give none). */
export async function recordFieldCandidates(
  client: PlatformClient,
  record: RecordRef,
  sources: readonly RecordFieldSource[],
): Promise<ContextCandidate[]> {
  const out: ContextCandidate[] = [];
  for (const source of sources) {
    if (source.platform !== record.platform) continue;
    for (const holder of await holdersOf(client, record, source.object)) {
      const { values } = await client.read(holder, [source.field]);
      const value = fieldValue(values, source.field);
      if (typeof value !== 'string' || value.trim() === '') continue;
      out.push({
        // One "message" per field of a record: a later, different value is an edit (refused).
        platformMessageId: `field:${holder.object}.${source.field}:${holder.id}`.slice(0, 200),
        author: 'system',
        text: value.slice(0, MAX_TEXT),
        source: 'record-field',
        sourceDetail: `${holder.object}.${source.field}`,
      });
    }
  }
  return out;
}

/** Field names are case-insensitive on Salesforce: the answer may spell it as the describe does. */
function fieldValue(values: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(values, field)) return values[field];
  const lower = field.toLowerCase();
  const key = Object.keys(values).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : values[key];
}

/**
 * The text an edit is judged on: line endings unified and trailing spaces of each line dropped, so
 * the same message read from the page and from the API compares equal, while any change of words,
 * characters or line structure is an edit.
 */
export function textForEditCheck(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

export const EDITED_MESSAGE =
  'This message was edited after it was posted; its handoff context is not used.';

/** The judgement of a message edited after it was posted: refused, whatever it says. */
export function editedEvaluation(parsed: Exclude<ParsedContext, { found: false }>): Evaluation {
  return {
    form: parsed.form,
    trust: 'refused',
    // What the edit says is shown (as not used), so the agent sees what was refused.
    ...(parsed.ok && parsed.form !== 'signed' ? { values: parsed.values } : {}),
    refusal: { code: 'context-edited', message: EDITED_MESSAGE },
  };
}

/**
 * The context a judged message holds, as the journal keeps it (values, trust, who posted it and
 * where); none when no form was recognised.
 */
export function judgedContext(
  evaluation: Evaluation,
  message: ContextCandidate,
): JournalEntry['context'] | undefined {
  if (!evaluation.form) return undefined;
  return {
    form: evaluation.form,
    trust: evaluation.trust,
    author: message.author,
    messageId: message.platformMessageId,
    values: evaluation.values ?? {},
    ...(evaluation.dropped ? { dropped: evaluation.dropped } : {}),
    ...(evaluation.issuer ? { issuer: evaluation.issuer } : {}),
    source: message.source ?? 'transcript',
    ...(message.sourceDetail ? { sourceDetail: message.sourceDetail } : {}),
  };
}
