/**
 * Verify now in a browser whose journal has no trusted handoff for the record (a QA analyst's fresh
 * profile, checking another agent's work): the context is found on the platform — the messages the
 * page shows, the conversation as the API lists it, the admin's record fields — judged as a handoff
 * is judged (judge-candidates.ts), the newest usable one taken as the handoff, and compared with
 * the records through this browser's mappings (verify-now.ts). The result is journaled as a
 * handoff checked here, `verify-only`: nothing is queued, nothing is sent.
 */
import { sha256Hex } from '../context/digest';
import { mayWrite } from '../context/evaluate';
import type { ContextValues } from '../context/types';
import type { Notice } from '../handoff/types';
import { noticeOf, PlatformError } from '../platforms/platform-client';
import { recordKey } from '../platforms/record-key';
import type { CandidateMessage, RecordRef } from '../platforms/types';
import { redactEntry } from '../privacy/redact';
import type { Settings } from '../settings/schema';
import type { JournalEntry } from '../store/journal-schema';
import type { ApplyDeps } from './apply';
import { type FoundContext, judgeCandidates, newestHandoff } from './judge-candidates';
import { type ContextCandidate, judgedContext, recordFieldCandidates } from './source-candidates';
import { NOTHING_TO_VERIFY, verifiedEntry, verifyEntry } from './verify-now';

export interface VerifyAnywhereDeps extends ApplyDeps {
  settings: Settings;
}

/** The record's handoff as found on the platform, and why a source could not be read. */
export interface HandoffSearch {
  found?: FoundContext;
  notice?: Notice;
}

/**
 * Every context of the record the platform shows, judged in posting order as the engine reads
 * them (record fields, then the page's messages where the API lists only some or could not be
 * read, then the API's), and the record's handoff among them: the newest usable one, else the
 * newest refused one. A source that fails is named, the others still read.
 */
export async function findHandoffContext(
  deps: VerifyAnywhereDeps,
  record: RecordRef,
  pageMessages: readonly CandidateMessage[],
): Promise<HandoffSearch> {
  const { client, settings } = deps;
  let notice: Notice | undefined;
  const tryRead = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof PlatformError)) throw error;
      notice ??= noticeOf(error);
      return undefined;
    }
  };
  const candidates: ContextCandidate[] =
    (await tryRead(() => recordFieldCandidates(client, record, settings.recordFieldSources))) ?? [];
  const list = client.listMessages?.bind(client);
  const listed = list ? await tryRead(() => list(record)) : undefined;
  if (!listed || client.messagesFromApi !== 'complete') candidates.push(...pageMessages);
  for (const m of listed ?? []) candidates.push({ ...m, source: 'api-messages' });
  const judged = await judgeCandidates(deps, record, onceEach(candidates));
  const found = newestHandoff(judged);
  return { ...(found ? { found } : {}), ...(notice ? { notice } : {}) };
}

/** One candidate per message and text: the page and the API may both show one message. */
function onceEach(candidates: readonly ContextCandidate[]): ContextCandidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = `${c.platformMessageId}\n${c.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Verify now without a trusted journal entry: the handoff found on the platform, compared, as a
 * new `verify-only` journal entry (redacted as any settled entry is); or why there is nothing to
 * compare.
 */
export async function verifyAnywhere(
  deps: VerifyAnywhereDeps,
  record: RecordRef,
  pageMessages: readonly CandidateMessage[],
): Promise<{ entry: JournalEntry } | { notice: Notice }> {
  const search = await findHandoffContext(deps, record, pageMessages);
  const found = search.found;
  if (!found || !mayWrite(found.evaluation)) return { notice: nothingFound(search) };
  const entry = await compareHandoff(
    deps,
    await entryOf(record, found, deps.now()),
    found.evaluation.values ?? {},
  );
  if (entry.verifiedAt === undefined) return { notice: entry.verifyNotice ?? NOTHING_TO_VERIFY };
  entry.settledAt = deps.now();
  const { redaction } = deps.settings;
  return { entry: redaction === 'none' ? entry : await redactEntry(entry, redaction) };
}

/**
 * A handoff this browser does not write, compared with the records through its mappings: the
 * entry as `verify-only`, its fields labelled afresh (compared, refused, empty), and the
 * verification's notice if it could not compare. For any reader that has judged a trusted context
 * and must not write it (a verify-only browser taking a handoff in, Verify now in a fresh one).
 */
export async function compareHandoff(
  deps: ApplyDeps,
  entry: JournalEntry,
  values: ContextValues,
): Promise<JournalEntry> {
  const checkedOnly: JournalEntry = { ...entry, state: 'verify-only', fields: [] };
  delete checkedOnly.mappingsUsed;
  return verifiedEntry(checkedOnly, await verifyEntry(deps, checkedOnly, values));
}

/** The journal entry of a context found on the platform, before it is compared. */
async function entryOf(record: RecordRef, found: FoundContext, at: number): Promise<JournalEntry> {
  const { candidate: message, evaluation } = found;
  const source = message.source ?? 'transcript';
  const context = judgedContext(evaluation, message);
  return {
    recordKeys: [recordKey(record)],
    record,
    at,
    source,
    ...(message.sourceDetail ? { sourceDetail: message.sourceDetail } : {}),
    messageId: message.platformMessageId,
    contextDigest: await sha256Hex(message.text),
    ...(context ? { context } : {}),
    text: message.text,
    author: message.author,
    fields: [],
    state: 'verify-only',
  };
}

/** Why Verify found nothing to compare: a refused context, a source that failed, or none at all. */
function nothingFound(search: HandoffSearch): Notice {
  const refusal = search.found?.evaluation.refusal;
  if (refusal) {
    return {
      code: 'nothing-to-verify',
      message: `The handoff context found for this record was not used, so there is nothing to compare its fields with: ${refusal.message}`,
    };
  }
  if (search.notice) {
    return {
      code: search.notice.code,
      message: `The fields could not be verified: ${search.notice.message}`,
    };
  }
  return NOTHING_TO_VERIFY;
}
