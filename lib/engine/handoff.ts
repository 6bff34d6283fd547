/**
 * The handoff pipeline the background runs for each candidate message:
 * parse → trust → apply (plan + write) → journal → the widget's view.
 * A message is handled once per (org, message, text), also across restarts (the `seen` store).
 */
import { sha256Hex } from '../context/digest';
import { evaluateContext } from '../context/evaluate';
import { parseContext } from '../context/parse';
import type { ContextValues } from '../context/types';
import type { HandoffView, Notice } from '../messaging/protocol';
import { type PlatformClient, PlatformError } from '../platforms/client';
import { recordKey } from '../platforms/record-key';
import type { CandidateMessage, PlatformId, RecordRef } from '../platforms/types';
import type { CatalogsRepo } from '../store/catalogs';
import type { JournalRepo } from '../store/journal';
import type { JournalEntry } from '../store/journal-schema';
import type { MappingsRepo } from '../store/mappings';
import type { SettingsRepo } from '../store/settings';
import { applyContext } from './apply';

export interface EngineDeps {
  settings: SettingsRepo;
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  journal: JournalRepo;
  clientFor(platform: PlatformId): PlatformClient;
  now?(): number;
}

const untrusted = (author: string) =>
  `A handoff context was posted by the ${author === 'customer' ? 'customer' : `${author} author`}, not by the bot, so nothing was written. Unverified context is accepted only from the bot's own messages; a bot that posts as the end user must sign its context.`;

export function handoffEngine(deps: EngineDeps) {
  const now = deps.now ?? Date.now;
  // One handoff at a time per org: the content script may resend while a write is in flight.
  const lanes = new Map<string, Promise<unknown>>();
  const inLane = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (lanes.get(key) ?? Promise.resolve()).then(work, work);
    lanes.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  };

  async function view(record: RecordRef): Promise<HandoffView> {
    const entry = await deps.journal.latestFor(recordKey(record));
    return entry ? viewOf(record, entry) : { record, state: 'waiting', fields: [], at: now() };
  }

  async function handle(
    record: RecordRef,
    message: CandidateMessage,
    force: boolean,
  ): Promise<void> {
    const parsed = parseContext(message.text);
    if (!parsed.found) return;
    const digest = await sha256Hex(message.text);
    const seenKey = `${record.platform}:${record.org}|${message.platformMessageId}|${digest}`;
    if (!force && (await deps.journal.wasSeen(seenKey)) !== undefined) return;

    const entry: JournalEntry = {
      recordKeys: [recordKey(record)],
      record,
      at: now(),
      source: 'transcript',
      messageId: message.platformMessageId,
      contextDigest: digest,
      text: message.text,
      author: message.author,
      fields: [],
      state: 'failed',
    };
    const client = deps.clientFor(record.platform);
    const settings = await deps.settings.get();
    const evaluation = await evaluateContext(parsed, {
      author: message.author,
      trust: settings.trust,
      now: now(),
      conversationIds: [record.id],
      ownsConversation: client.ownsConversation
        ? (conv) => client.ownsConversation?.(record, conv) ?? Promise.resolve(false)
        : undefined,
      // A jti is a replay when another message used it; Retry of the same message is not.
      seenJti: async (jti, iss) => {
        const earlier = await deps.journal.wasSeen(jtiKey(iss, jti));
        if (earlier === undefined) return false;
        return (await deps.journal.get(earlier))?.messageId !== message.platformMessageId;
      },
    });
    if (evaluation.form && evaluation.form !== null) {
      entry.context = {
        form: evaluation.form,
        trust: evaluation.trust,
        author: message.author,
        messageId: message.platformMessageId,
        values: evaluation.values ?? {},
        ...(evaluation.issuer ? { issuer: evaluation.issuer } : {}),
      };
    }
    if (evaluation.refusal) {
      entry.notice = { code: evaluation.refusal.code, message: evaluation.refusal.message };
      entry.state = 'failed';
    } else {
      await applyTo(entry, record, evaluation.values ?? {});
    }
    const saved = await deps.journal.add(entry);
    if (saved.id !== undefined) {
      await deps.journal.markSeen(seenKey, saved.id);
      if (evaluation.jti && evaluation.issuer) {
        await deps.journal.markSeen(jtiKey(evaluation.issuer, evaluation.jti), saved.id);
      }
    }
  }

  async function applyTo(entry: JournalEntry, record: RecordRef, values: ContextValues) {
    try {
      const result = await applyContext(
        { ...deps, client: deps.clientFor(record.platform), now },
        record,
        values,
      );
      entry.targets = result.targets;
      for (const key of result.targets.map(recordKey)) {
        if (!entry.recordKeys.includes(key)) entry.recordKeys.push(key);
      }
      entry.fields = result.fields;
      entry.state = result.failure ? 'failed' : 'done';
      if (result.failure)
        entry.notice = { code: result.failure.code, message: result.failure.message };
    } catch (error) {
      entry.state = 'failed';
      entry.notice =
        error instanceof PlatformError
          ? { code: error.code, message: error.message }
          : {
              code: 'internal',
              message: `Handoff Fields failed unexpectedly (${error instanceof Error ? error.name : 'error'}); nothing more was written. Press Retry; if it keeps failing, report it with the time shown.`,
            };
    }
  }

  /** Messages the page may not show (a virtualised timeline), from the platform's API. */
  async function pullApiMessages(record: RecordRef): Promise<Notice | undefined> {
    const client = deps.clientFor(record.platform);
    if (!client.listMessages) return undefined;
    try {
      for (const m of await client.listMessages(record)) await handle(record, m, false);
      return undefined;
    } catch (error) {
      if (error instanceof PlatformError) return { code: error.code, message: error.message };
      throw error;
    }
  }

  return {
    view,
    /** The widget opened on a record: read the API's messages too, then answer the view. */
    open(record: RecordRef): Promise<HandoffView> {
      return inLane(`${record.platform}:${record.org}`, async () => {
        const notice = await pullApiMessages(record);
        const current = await view(record);
        // A failed API read matters only while nothing else explains the record's state.
        return notice && !current.context ? { ...current, notice } : current;
      });
    },
    /** New transcript messages of a record; answers the record's view afterwards. */
    messages(record: RecordRef, messages: CandidateMessage[]): Promise<HandoffView> {
      return inLane(`${record.platform}:${record.org}`, async () => {
        for (const m of messages) await handle(record, m, false);
        return view(record);
      });
    },
    /** Run the record's latest context again (the widget's Retry). */
    retry(record: RecordRef): Promise<HandoffView> {
      return inLane(`${record.platform}:${record.org}`, async () => {
        const last = await deps.journal.latestFor(recordKey(record));
        if (last) {
          await handle(
            last.record,
            {
              platformMessageId: last.messageId,
              author: last.author as CandidateMessage['author'],
              text: last.text,
            },
            true,
          );
        }
        return view(record);
      });
    },
  };
}

/** The `seen` row of a signed context's `jti`, per issuer (replay protection, also across restarts). */
const jtiKey = (iss: string, jti: string) => `jti|${iss}|${jti}`;

function viewOf(record: RecordRef, entry: JournalEntry): HandoffView {
  return {
    record,
    targets: entry.targets,
    state: entry.state,
    context: entry.context,
    fields: entry.fields,
    notice: entry.notice,
    at: entry.at,
  };
}
export type HandoffEngine = ReturnType<typeof handoffEngine>;
