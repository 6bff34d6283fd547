/**
 * The copied "What Handoff Fields sees" report, built in the admin page from the console tab's
 * readings (lib/sensor/diagnostics.ts) and the background's answer (`diagnostics:sources`):
 * structure only — tag names, classes, counts and reasons; never a message's text, a name or a
 * value — for a support ticket.
 */
import type { SourceDiagnostics } from '../../lib/messaging/protocol';
import type { Author, RecordRef } from '../../lib/platforms/types';
import type {
  ListDiagnostics,
  MessageDiagnostics,
  SensorDiagnostics,
} from '../../lib/sensor/diagnostics';

/** The background's answer, or why it could not be had (null: not asked, no record open). */
export type SourcesAnswer = SourceDiagnostics | { error: { code: string; message: string } } | null;

/** The copied report: structure only (see `diagnosticReport`). */
export interface DiagnosticReport {
  report: 'handoff-fields-diagnostics';
  version: 1;
  collectedAt: string;
  platform: string;
  record: RecordRef | null;
  profile: {
    overridden: string[];
    botNames: { count: number; shipped: boolean };
    problems: { key: string; message: string }[];
  };
  transcript: { lists: ListDiagnostics[]; itemsOutsideLists?: number; entries: number };
  messages: Omit<MessageDiagnostics, 'sender'>[];
  sources: SourcesReport | { error: string } | null;
}

interface SourcesReport {
  api:
    | { supported: false }
    | {
        supported: true;
        reached: true;
        messages: number;
        byAuthor: Record<Author, number>;
        /** Each message's author, the API's words for why, and its length: never its text. */
        recent: { author: Author; basis: string; chars: number; mayHoldContext: boolean }[];
      }
    | { supported: true; reached: false; code: string };
  recordFields: {
    object: string;
    field: string;
    reached: boolean;
    filled?: number;
    code?: string;
  }[];
  candidates: {
    at: string;
    source: string;
    author: string;
    messageId: string;
    form?: string;
    level?: string;
    trust: 'taken' | 'refused';
    code?: string;
    state: string;
    fields: Record<string, number>;
  }[];
}

/**
 * "Copy diagnostic report": the structure of what Handoff Fields sees, for a support ticket —
 * tag names, classes, counts, codes, rule names, record and message ids. Never a message's text,
 * a sender's name, a context value, a notice's words (they may quote a value) or an admin's
 * profile values: built field by field from what is safe, never by copying an object whole.
 */
export function diagnosticReport(
  sensor: SensorDiagnostics,
  sources: SourcesAnswer,
): DiagnosticReport {
  return {
    report: 'handoff-fields-diagnostics',
    version: 1,
    collectedAt: new Date(sensor.collectedAt).toISOString(),
    platform: sensor.platform,
    record: sensor.record && { ...sensor.record },
    profile: {
      overridden: [...sensor.profile.overridden],
      botNames: { ...sensor.profile.botNames },
      // The key and what is wrong with it (the message never quotes the admin's value).
      problems: sensor.profile.problems.map((p) => ({ key: p.key, message: p.message })),
    },
    transcript: {
      lists: sensor.lists.map((l) => ({ where: l.where, items: l.items })),
      ...(sensor.itemsOutsideLists !== undefined
        ? { itemsOutsideLists: sensor.itemsOutsideLists }
        : {}),
      entries: sensor.entries,
    },
    messages: sensor.messages.map(messageReport),
    sources: sourcesReport(sources),
  };
}

function messageReport(m: MessageDiagnostics): DiagnosticReport['messages'][number] {
  return {
    id: m.id,
    author: m.author,
    basis: m.basis,
    ...(m.chars !== undefined ? { chars: m.chars, mayHoldContext: m.mayHoldContext } : {}),
    ...(m.skipped ? { skipped: m.skipped } : {}),
    entry: m.entry,
    ...(m.block ? { block: m.block } : {}),
    ...(m.attributes ? { attributes: [...m.attributes] } : {}),
  };
}

function sourcesReport(sources: SourcesAnswer): DiagnosticReport['sources'] {
  if (sources === null) return null;
  if ('error' in sources) return { error: sources.error.code };
  const { api } = sources;
  return {
    api: !api.supported
      ? { supported: false }
      : api.reached
        ? {
            supported: true,
            reached: true,
            messages: api.messages,
            byAuthor: { ...api.byAuthor },
            recent: api.recent.map(({ author, basis, chars, mayHoldContext }) => ({
              author,
              basis,
              chars,
              mayHoldContext,
            })),
          }
        : { supported: true, reached: false, code: api.notice.code },
    recordFields: sources.recordFields.map((f) => ({
      object: f.object,
      field: f.field,
      reached: f.reached,
      ...(f.filled !== undefined ? { filled: f.filled } : {}),
      ...(f.notice ? { code: f.notice.code } : {}),
    })),
    candidates: sources.candidates.map((c) => ({
      at: new Date(c.at).toISOString(),
      source: c.source,
      author: c.author,
      messageId: c.messageId,
      ...(c.form ? { form: c.form } : {}),
      ...(c.level ? { level: c.level } : {}),
      trust: c.trust,
      ...(c.reason.code ? { code: c.reason.code } : {}),
      state: c.state,
      fields: { ...c.fields },
    })),
  };
}
