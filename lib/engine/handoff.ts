/**
 * The handoff pipeline the background runs for each candidate message:
 * parse → trust → apply (plan + write) → journal → the widget's view.
 * A message is handled once per (org, message, text), also across restarts (the `seen` store).
 */
import { sha256Hex } from '../context/digest';
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
import { applyContext } from './apply';

export interface EngineDeps {
  mappings: MappingsRepo;
  catalogs: CatalogsRepo;
  journal: JournalRepo;
  clientFor(platform: PlatformId): PlatformClient;
  now?(): number;
}

export const SIGNED_UNSUPPORTED =
  'This message carries a signed handoff context, but signed context needs a trusted issuer and none is configured yet, so nothing was written. Ask the bot to post the JSON or key–value form from its own messages.';

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
    const fail = (notice: Notice) => Object.assign(entry, { notice, state: 'failed' as const });

    if (!parsed.ok) {
      fail({ code: 'context-invalid', message: `${parsed.error} Nothing was written.` });
    } else if (parsed.form === 'signed') {
      fail({ code: 'context-signed-unsupported', message: SIGNED_UNSUPPORTED });
    } else {
      const trusted = message.author === 'bot';
      entry.context = {
        form: parsed.form,
        trust: trusted ? 'bot-authored' : 'refused',
        author: message.author,
        messageId: message.platformMessageId,
        values: parsed.values,
      };
      if (!trusted) {
        fail({ code: 'context-untrusted', message: untrusted(message.author) });
      } else {
        await applyTo(entry, record, parsed.values);
      }
    }
    const saved = await deps.journal.add(entry);
    if (saved.id !== undefined) await deps.journal.markSeen(seenKey, saved.id);
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
