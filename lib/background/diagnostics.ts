/**
 * "What Handoff Fields sees", the background's half (`diagnostics:sources`): for one record, the
 * platform's API messages (reached, how many by author, or the error), the admin's record fields
 * holding a context (read, or the error) and the record's latest journal entries (each context
 * found, taken or refused, and why). The console tab's half is lib/sensor/diagnostics.ts.
 *
 * Read-only by construction: it is given the settings' and the journal's reads alone, and asks the
 * platform's client only to read. Nothing is handled, journaled, remembered, written or queued, so
 * asking again and again changes nothing (the widget's Refresh view does the real reading).
 */
import { mayHoldContext } from '../context/candidate';
import { recordFieldCandidates } from '../engine/source-candidates';
import type { FieldOutcomeKind, Notice } from '../handoff/types';
import { fieldCounts, handoffStatus } from '../journal/summary';
import type {
  ApiSourceDiagnostics,
  CandidateDiagnostics,
  RecordFieldDiagnostics,
  SourceDiagnostics,
} from '../messaging/protocol';
import type { Handlers } from '../messaging/router';
import { type PlatformClient, PlatformError, withDetail } from '../platforms/platform-client';
import { recordKey } from '../platforms/record-key';
import type { Author, PlatformId, RecordRef } from '../platforms/types';
import type { Settings } from '../settings/schema';
import type { JournalEntry } from '../store/journal-schema';

/** The newest API messages the diagnostics list, one by one. */
export const DIAGNOSTIC_API_MESSAGES = 50;

/** The record's journal entries the diagnostics list, newest first. */
export const DIAGNOSTIC_CANDIDATES = 20;

export interface DiagnosticsDeps {
  settings: { get(): Promise<Settings> };
  /** The journal's newest-first walk over one record (JournalRepo.latestWhere): reads only. */
  journal: {
    latestWhere(
      recordKey: string,
      accept: (entry: JournalEntry) => boolean,
    ): Promise<JournalEntry | undefined>;
  };
  clientFor(platform: PlatformId): PlatformClient;
  /** Opens an extension page in a new tab (`browser.tabs.create`; absent in most unit tests). */
  openPage?(path: string): Promise<void>;
}

export function diagnosticsHandlers(
  deps: DiagnosticsDeps,
): Pick<Handlers, 'diagnostics:sources' | 'diagnostics:open'> {
  return {
    'diagnostics:sources': async ({ record }) => sourceDiagnostics(deps, record),
    // The admin page's "What it sees", chosen on the tab whose widget asked.
    'diagnostics:open': async (_request, sender) => {
      if (!deps.openPage) return { opened: false };
      const tab = sender.tabId === undefined ? '' : `?tab=${sender.tabId}`;
      await deps.openPage(`/options.html#diagnostics${tab}`);
      return { opened: true };
    },
  };
}

export async function sourceDiagnostics(
  deps: DiagnosticsDeps,
  record: RecordRef,
): Promise<SourceDiagnostics> {
  const client = deps.clientFor(record.platform);
  const [api, recordFields, candidates] = await Promise.all([
    apiMessages(client, record),
    readRecordFields(deps, client, record),
    journalCandidates(deps, record),
  ]);
  return { api, recordFields, candidates };
}

/** A failure as the faces show it: the platform's own words, or what broke. */
function noticeOf(error: unknown): Notice {
  if (error instanceof PlatformError) return { code: error.code, message: withDetail(error) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

const noAuthors = (): Record<Author, number> => ({
  bot: 0,
  customer: 0,
  agent: 0,
  system: 0,
  unknown: 0,
});

async function apiMessages(
  client: PlatformClient,
  record: RecordRef,
): Promise<ApiSourceDiagnostics> {
  if (!client.listMessages) return { supported: false };
  try {
    const messages = await client.listMessages(record);
    const byAuthor = noAuthors();
    for (const m of messages) byAuthor[m.author] = (byAuthor[m.author] ?? 0) + 1;
    const recent = messages.slice(-DIAGNOSTIC_API_MESSAGES).map((m) => ({
      id: m.platformMessageId,
      author: m.author,
      basis: m.basis ?? 'not said',
      chars: m.text.length,
      mayHoldContext: mayHoldContext(m.text),
    }));
    return { supported: true, reached: true, messages: messages.length, byAuthor, recent };
  } catch (error) {
    return { supported: true, reached: false, notice: noticeOf(error) };
  }
}

/** Each of the admin's record fields for this platform, read one at a time (a failure is its own). */
async function readRecordFields(
  deps: DiagnosticsDeps,
  client: PlatformClient,
  record: RecordRef,
): Promise<RecordFieldDiagnostics[]> {
  const sources = (await deps.settings.get()).recordFieldSources.filter(
    (s) => s.platform === record.platform,
  );
  const out: RecordFieldDiagnostics[] = [];
  for (const source of sources) {
    const { object, field } = source;
    try {
      const found = await recordFieldCandidates(client, record, [source]);
      // Empty fields give no candidate: what is left are the holders with a value.
      out.push({ object, field, reached: true, filled: found.length });
    } catch (error) {
      out.push({ object, field, reached: false, notice: noticeOf(error) });
    }
  }
  return out;
}

/** The record's newest journal entries, walked newest first through the record's index. */
async function journalCandidates(
  deps: DiagnosticsDeps,
  record: RecordRef,
): Promise<CandidateDiagnostics[]> {
  const entries: JournalEntry[] = [];
  // Accepting none until the limit makes latestWhere a bounded newest-first walk.
  await deps.journal.latestWhere(recordKey(record), (entry) => {
    entries.push(entry);
    return entries.length >= DIAGNOSTIC_CANDIDATES;
  });
  return entries.map(candidateOf);
}

export function candidateOf(entry: JournalEntry): CandidateDiagnostics {
  const status = handoffStatus(entry);
  const context = entry.context;
  return {
    at: entry.at,
    // Entries from before sources were recorded came from the transcript.
    source: entry.source ?? 'transcript',
    author: entry.author,
    messageId: entry.messageId,
    ...(context ? { form: context.form, level: context.trust } : {}),
    trust: status === 'refused' ? 'refused' : 'taken',
    reason:
      status === 'refused'
        ? (entry.notice ?? { message: `not trusted (${context?.trust ?? 'no context read'})` })
        : { ...(entry.notice ? { code: entry.notice.code } : {}), message: outcomeWords(entry) },
    state: entry.state,
    fields: outcomeCounts(entry),
  };
}

function outcomeCounts(entry: JournalEntry): Record<FieldOutcomeKind, number> {
  const { written, skipped, refused, pending, planned, checked } = fieldCounts(entry.fields);
  return { written, skipped, refused, pending, planned, checked };
}

/** "done: 2 written, 1 skipped", and the notice of a taken context that could not be written. */
function outcomeWords(entry: JournalEntry): string {
  const counts = outcomeCounts(entry);
  const parts = (['written', 'skipped', 'refused', 'pending', 'planned', 'checked'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`);
  const fields = parts.length > 0 ? parts.join(', ') : 'no field';
  const notice = entry.notice ? ` — ${entry.notice.message}` : '';
  return `${entry.state}: ${fields}${notice}`;
}
