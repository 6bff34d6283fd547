/**
 * Journal exports from many browsers made one (`handoff-fields journal merge`). Pure apart from
 * WebCrypto (the handoff id; hash redaction).
 *
 * Each handoff is kept once, by its global id (./handoff-id.ts), recomputed for every entry: a
 * version-1 entry has none, and a version-2 entry's own is checked against it, so an altered file
 * cannot make the merge drop another browser's handoff by naming its id. When several files hold a
 * handoff, one copy is kept, the same whatever the order of the files: the more settled (done or
 * failed over pending), then the one read back last, then the one settled last. `seenIn` names every
 * file that held it, with its journal id there.
 *
 * Nothing is un-redacted: when one file held a handoff redacted and another did not, the copy kept
 * is redacted as the other was (lib/privacy/redact.ts), and a warning says so.
 *
 * The merged file is a version-2 journal export with a `merged` header (the original exports, their
 * counts, the duplicates dropped), so it can be merged again: its sources are carried over rather
 * than itself, and merging it with one of them again changes nothing.
 */

import { recordUrl } from '../platforms/console-tabs';
import { redactEntry } from '../privacy/redact';
import type { JournalEntry } from '../store/journal-schema';
import { fmt } from '../text/format';
import {
  type FileEntryV1,
  type FileEntryV2,
  type FileSeenIn,
  JOURNAL_FORMAT,
  type JournalFile,
  MERGED_VERSION,
  type MergedHeader,
  type SourceFile,
  STATUS_SETTLEDNESS,
} from './file-schema';
import { handoffId } from './handoff-id';

/** An entry of the merged file: version 2, its id always set, and where it was seen. */
export type MergedEntry = FileEntryV2 & {
  handoffId: string;
  seenIn: FileSeenIn[];
};

export interface MergedFile {
  format: typeof JOURNAL_FORMAT;
  version: typeof MERGED_VERSION;
  exportedAt: string;
  merged: MergedHeader;
  entries: MergedEntry[];
}

export interface MergeReport {
  file: MergedFile;
  /** Entries read from the files given now. */
  entriesRead: number;
  /** Of those, the ones naming a handoff another entry already held. */
  duplicatesDropped: number;
  /** Kept copies redacted on merge because another file held them redacted. */
  redactedOnMerge: number;
  warnings: string[];
}

export type MergeResult = ({ ok: true } & MergeReport) | { ok: false; errors: string[] };

/** Merges the files (already read, in the order given); `now` is the merged file's `exportedAt`. */
export async function mergeJournals(
  files: readonly JournalFile[],
  now: number,
): Promise<MergeResult> {
  const errors: string[] = [];
  const groups = new Map<string, MergedEntry[]>();
  let entriesRead = 0;
  for (const file of files) {
    for (const [i, raw] of file.entries.entries()) {
      const entry = await toMerged(file, raw, i, errors);
      if (!entry) continue;
      entriesRead++;
      const group = groups.get(entry.handoffId);
      if (group) group.push(entry);
      else groups.set(entry.handoffId, [entry]);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const entries: MergedEntry[] = [];
  const disagreements: string[] = [];
  let redactedOnMerge = 0;
  for (const copies of groups.values()) {
    const kept = await keptCopy(copies);
    if (kept.redactedOnMerge) redactedOnMerge++;
    if (kept.disagree) disagreements.push(kept.entry.handoffId);
    entries.push(kept.entry);
  }
  entries.sort(newestFirst);

  const sources = sourceFiles(files);
  const header: MergedHeader = {
    files: sources,
    entries: entries.length,
    duplicatesDropped: Math.max(0, sources.reduce((n, s) => n + s.entries, 0) - entries.length),
  };
  return {
    ok: true,
    file: {
      format: JOURNAL_FORMAT,
      version: MERGED_VERSION,
      exportedAt: new Date(now).toISOString(),
      merged: header,
      entries,
    },
    entriesRead,
    duplicatesDropped: entriesRead - entries.length,
    redactedOnMerge,
    warnings: redactionWarnings(files, disagreements, redactedOnMerge),
  };
}

// ─── One entry ───────────────────────────────────────────────────────────────────────────────────

/** An entry of either version as a version-2 entry of the merged file; an altered id is an error. */
async function toMerged(
  file: JournalFile,
  raw: FileEntryV1 | FileEntryV2,
  index: number,
  errors: string[],
): Promise<MergedEntry | undefined> {
  const id = await handoffId({
    record: raw.record,
    messageId: raw.messageId,
    contextDigest: raw.contextDigest,
  });
  const v2 = file.version === 2 ? (raw as FileEntryV2) : undefined;
  if (v2?.handoffId !== undefined && v2.handoffId !== id) {
    errors.push(
      `${file.name}: entries[${index}].handoffId: ${v2.handoffId} is not the id of this entry's record, message id and context digest (${id}): the file was altered; ask for a fresh export`,
    );
    return undefined;
  }
  const journalId = v2 ? v2.journalId : (raw as FileEntryV1).id;
  // Version 1's `id` and raw `state` are not written any more: `journalId` and `status` say it.
  const {
    id: _id,
    state: _state,
    handoffId: _handoffId,
    journalId: _journalId,
    seenIn,
    at,
    status,
    recordUrl: _url,
    ...rest
  } = raw as FileEntryV2 & Partial<FileEntryV1>;
  return {
    handoffId: id,
    journalId,
    at,
    status,
    // Made again from the record, as the export makes it: a link in a file is not trusted.
    recordUrl: recordUrl(raw.record),
    ...rest,
    seenIn: seenIn ?? [{ file: file.name, journalId }],
  };
}

const time = (iso: string | undefined) => (iso === undefined ? -1 : Date.parse(iso));

/**
 * Which of two copies of one handoff is kept: negative when `a`. Settled over pending, then the
 * copy read back last (its verification is the newest word), then the one settled last; at last the
 * text of the copies, so the choice never depends on the order of the files.
 */
export function preferCopy(a: MergedEntry, b: MergedEntry): number {
  return (
    STATUS_SETTLEDNESS[b.status] - STATUS_SETTLEDNESS[a.status] ||
    time(b.verifiedAt) - time(a.verifiedAt) ||
    time(b.settledAt) - time(a.settledAt) ||
    compareText(canonical(a), canonical(b))
  );
}

const canonical = ({ seenIn: _seen, journalId: _id, ...content }: MergedEntry) =>
  JSON.stringify(content);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function keptCopy(
  copies: readonly MergedEntry[],
): Promise<{ entry: MergedEntry; redactedOnMerge: boolean; disagree: boolean }> {
  const best = [...copies].sort(preferCopy)[0] as MergedEntry;
  const seenIn = unionSeenIn(copies.flatMap((c) => c.seenIn));
  const modes = new Set(copies.map((c) => c.redacted ?? 'none'));
  const disagree = modes.size > 1;
  // Never un-redact: a copy kept in the clear is redacted as another file held it (hash first).
  const strictest = modes.has('hash') ? 'hash' : modes.has('mask') ? 'mask' : undefined;
  if (best.redacted === undefined && strictest) {
    return {
      entry: { ...(await redactCopy(best, strictest)), seenIn },
      redactedOnMerge: true,
      disagree,
    };
  }
  return { entry: { ...best, seenIn }, redactedOnMerge: false, disagree };
}

/**
 * `redactEntry`, the journal's own redaction, over an entry of the file: it replaces values and the
 * values quoted in words and leaves times alone, so the file's ISO times pass through unchanged.
 */
async function redactCopy(entry: MergedEntry, mode: 'mask' | 'hash'): Promise<MergedEntry> {
  const asStored = { ...entry, recordKeys: [], text: entry.text ?? '' } as unknown as JournalEntry;
  const { recordKeys: _keys, text: _text, ...redacted } = await redactEntry(asStored, mode);
  return redacted as unknown as MergedEntry;
}

function unionSeenIn(all: readonly FileSeenIn[]): FileSeenIn[] {
  const byKey = new Map(all.map((s) => [`${s.file}\u0000${s.journalId}`, s]));
  return [...byKey.values()].sort(
    (a, b) => compareText(a.file, b.file) || a.journalId - b.journalId,
  );
}

/** Newest first; one time: by id, so the order never depends on the files'. */
function newestFirst(a: MergedEntry, b: MergedEntry): number {
  return Date.parse(b.at) - Date.parse(a.at) || compareText(a.handoffId, b.handoffId);
}

// ─── The header and the warnings ─────────────────────────────────────────────────────────────────

/** The original exports: a merged file contributes its own sources, so a re-merge adds none. */
function sourceFiles(files: readonly JournalFile[]): SourceFile[] {
  const out = new Map<string, SourceFile>();
  for (const file of files) {
    const own: SourceFile[] =
      file.version === 2 && file.merged
        ? file.merged.files
        : [
            {
              file: file.name,
              ...(file.exportedAt !== undefined ? { exportedAt: file.exportedAt } : {}),
              version: file.version,
              entries: file.entries.length,
              ...(file.filters !== undefined ? { filters: file.filters } : {}),
            },
          ];
    for (const s of own) {
      const key = `${s.file}\u0000${s.exportedAt ?? ''}`;
      if (!out.has(key)) out.set(key, s);
    }
  }
  return [...out.values()];
}

function redactionWarnings(
  files: readonly JournalFile[],
  disagreements: readonly string[],
  redactedOnMerge: number,
): string[] {
  const perFile = files.map((f) => ({ name: f.name, modes: redactionOf(f) }));
  const all = new Set(perFile.flatMap((f) => f.modes));
  const warnings: string[] = [];
  if (all.size > 1) {
    warnings.push(
      `the files disagree in redaction (${perFile.map((f) => `${f.name}: ${f.modes.join(' and ')}`).join('; ')}): a handoff any file held redacted stays redacted (nothing is un-redacted), but a handoff only a file without redaction held keeps its values`,
    );
  }
  if (disagreements.length > 0) {
    const shown = disagreements.slice(0, 5).join(', ');
    const more = disagreements.length > 5 ? ` and ${fmt(disagreements.length - 5)} more` : '';
    warnings.push(
      `${fmt(disagreements.length)} handoffs were redacted in one file and not in another (${shown}${more}); ${fmt(redactedOnMerge)} kept copies were redacted on merge`,
    );
  }
  return warnings;
}

/** "none", "mask", "hash": how a file's entries are redacted, in that order. */
function redactionOf(file: JournalFile): string[] {
  const modes = new Set<string>(file.entries.map((e) => e.redacted ?? 'none'));
  return ['none', 'mask', 'hash'].filter((m) => modes.has(m));
}

// ─── Writing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The merged file's JSON (2-space indent, as the export writes it) in pieces, one per entry: a team's
 * journal may be larger than one string can be.
 */
export function* mergedJsonChunks(file: MergedFile): Generator<string> {
  const { entries, ...header } = file;
  const head = JSON.stringify(header, null, 2);
  if (entries.length === 0) {
    yield `${head.slice(0, -2)},\n  "entries": []\n}\n`;
    return;
  }
  yield `${head.slice(0, -2)},\n  "entries": [`;
  for (const [i, entry] of entries.entries()) {
    const text = JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${text}`;
  }
  yield '\n  ]\n}\n';
}
