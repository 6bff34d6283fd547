/**
 * A QA journal export (`"format": "handoff-fields/journal"`, lib/journal/export.ts) read back, for
 * `handoff-fields journal merge`: versions 1 (entries keyed by the browser's `id`, with the raw
 * `state`) and 2 (`handoffId`, `journalId`, `status` only; a merged file adds `merged` and each
 * entry's `seenIn`). Pure.
 *
 * The file came from another person's browser, by mail or a shared folder: it is hostile input.
 * It is refused whole, every problem a line naming the file, the entry and the path
 * (`team/anna.json: entries[12].record.platform: …`), when it is not JSON, not a journal export, of
 * a newer version, too long, or holds a key that could reach an object's prototype.
 *
 * Unknown keys: what the merge reads (times, status, outcomes, record, context) is checked exactly,
 * and an unknown value of a vocabulary the merge decides on is an error that says to update; an
 * entry's (and its parts') unknown KEYS are kept as they are and written back into the merged file.
 * The export has gained keys within one version before (`confirmedAt`, `lastRetry`), so an export
 * from a slightly newer browser still merges, and the merged file loses nothing it held.
 */
import { z } from 'zod';
import { formatPath } from '../mapping/file';
import { RecordRef } from '../platforms/types';
import { cut, fmt } from '../text/format';
import { type NamedText, parseJsonText } from '../text/json-text';
import { isHandoffId } from './handoff-id';
import type { HandoffStatus } from './summary';

export const JOURNAL_FORMAT = 'handoff-fields/journal';
/** The versions this checkout reads; it writes the newest. */
export const READ_VERSIONS = [1, 2] as const;
export const MERGED_VERSION = 2;

/** A journal export larger than this is refused before it is read (bytes). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** More handoffs than a browser keeps (10,000 stay usable; retention purges): not a journal. */
export const MAX_FILE_ENTRIES = 200_000;
/** Problems listed per file, so a file of 10,000 wrong entries stays readable. */
const MAX_PROBLEMS = 20;

/**
 * Keys the context parser refuses (lib/context/values.ts) and no journal writes: in a file they can
 * only be an attack on a consumer that copies keys into a plain object.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// ─── The schema ──────────────────────────────────────────────────────────────────────────────────

const UPDATE = 'a newer Handoff Fields may write it: update this checkout (git pull, npm ci)';

/** A time as the export writes it (`toISOString`), or with an offset. */
const IsoTime = z.iso.datetime({
  offset: true,
  error: (issue) =>
    issue.input === undefined
      ? undefined
      : 'must be a date and time in ISO 8601, as the export writes it (2026-11-21T10:00:00.000Z)',
});
/** Times the export leaves as epoch milliseconds (`chosenAt`, `lastRetry.at`), or ISO. */
const AnyTime = z.union([z.number().int().nonnegative(), IsoTime]);

function vocabulary<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? undefined
        : `must be one of ${values.join(', ')}, not ${JSON.stringify(cut(String(issue.input), 60))} (${UPDATE})`,
  });
}

/**
 * The statuses (lib/journal/summary.ts `HandoffStatus`) with how settled each is: when two browsers
 * hold one handoff, the merge keeps the more settled copy. A Record, so a new status cannot be
 * added to `HandoffStatus` without deciding its place here.
 */
export const STATUS_SETTLEDNESS: Record<HandoffStatus, number> = {
  waiting: 0,
  pending: 1,
  'awaiting-confirmation': 2,
  declined: 3,
  // A QA browser's comparison of a handoff another browser wrote: the writer's copy is kept (it
  // says what was sent); the comparison is in the audit, or in a journal export of its own.
  'verify-only': 3.5,
  done: 4,
  failed: 4,
  refused: 4,
};
const STATUSES = Object.keys(STATUS_SETTLEDNESS) as [HandoffStatus, ...HandoffStatus[]];

const Text = (max: number) => z.string().max(max);

const Notice = z.looseObject({
  code: Text(100),
  message: Text(20_000),
  detail: Text(20_000).optional(),
});

const Verification = z.looseObject({
  state: vocabulary(['verified', 'different']),
  expected: Text(100_000).nullable(),
  actual: Text(100_000).nullable(),
  at: IsoTime,
  by: Text(40),
});

const Field = z.looseObject({
  object: Text(100).optional(),
  field: z.string().min(1).max(300),
  label: Text(1_000),
  value: Text(100_000).nullable(),
  outcome: vocabulary(['written', 'skipped', 'refused', 'pending', 'planned']),
  reason: Text(20_000).optional(),
  verification: Verification.optional(),
  display: Text(100_000).optional(),
  dateKind: Text(20).optional(),
  refusal: Text(40).optional(),
  hint: Text(20_000).optional(),
  chosenAt: AnyTime.optional(),
});

const RecordSchema = z.looseObject(RecordRef.shape);
const Source = vocabulary(['transcript', 'api-messages', 'post-message', 'record-field']);

const Context = z.looseObject({
  form: vocabulary(['signed', 'json', 'key-value']),
  trust: vocabulary(['signed', 'bot-authored', 'trusted-source', 'unverified', 'refused']),
  source: Source.optional(),
  sourceDetail: Text(2_000).optional(),
  issuer: Text(2_000).optional(),
  author: Text(200),
  messageId: Text(300),
  values: z.record(Text(300), z.union([Text(100_000), z.number(), z.boolean(), z.null()])),
  dropped: z.array(Text(2_000)).max(1_000).optional(),
});

/** What versions 1 and 2 share. */
const EntryCommon = {
  at: IsoTime,
  status: vocabulary(STATUSES),
  recordUrl: Text(4_000).nullable().optional(),
  record: RecordSchema,
  targets: z.array(RecordSchema).max(20).optional(),
  recordNames: z.record(Text(300), Text(1_000)).optional(),
  source: Source.optional(),
  sourceDetail: Text(2_000).optional(),
  messageId: z.string().min(1).max(300),
  contextDigest: z.string().min(1).max(200),
  context: Context.optional(),
  fields: z.array(Field).max(1_000),
  notice: Notice.optional(),
  author: Text(200),
  redacted: vocabulary(['mask', 'hash']).optional(),
  text: Text(200_000).optional(),
  settledAt: IsoTime.optional(),
  verifiedAt: IsoTime.optional(),
  confirmedAt: IsoTime.optional(),
  declinedAt: IsoTime.optional(),
  verifyNotice: Notice.optional(),
  confirmedBy: Text(1_000).optional(),
  lastRetry: z.looseObject({ at: AnyTime, outcome: Text(40) }).optional(),
};

const JournalId = z.number().int().nonnegative();

const EntryV1 = z.looseObject({ id: JournalId, ...EntryCommon, state: Text(40).optional() });

/** Where a merged file's entry was found: the export file and the entry's journal id there. */
const SeenIn = z.strictObject({ file: z.string().min(1).max(1_000), journalId: JournalId });

const EntryV2 = z.looseObject({
  handoffId: z
    .string()
    .refine(isHandoffId, 'must be a handoff id, "hf1-" and 32 hex digits')
    .optional(),
  journalId: JournalId,
  ...EntryCommon,
  seenIn: z.array(SeenIn).max(10_000).optional(),
});

/** One export a merged file was made from. */
const SourceFile = z.strictObject({
  file: z.string().min(1).max(1_000),
  exportedAt: IsoTime.optional(),
  version: z.number().int().positive(),
  entries: z.number().int().nonnegative(),
  filters: z.record(Text(100), z.unknown()).optional(),
});

const Merged = z.strictObject({
  files: z.array(SourceFile).max(10_000),
  entries: z.number().int().nonnegative(),
  duplicatesDropped: z.number().int().nonnegative(),
});

const Header = {
  format: z.literal(JOURNAL_FORMAT),
  exportedAt: IsoTime.optional(),
  filters: z.record(Text(100), z.unknown()).optional(),
};

const FileV1 = z.looseObject({ ...Header, version: z.literal(1), entries: z.array(EntryV1) });
const FileV2 = z.looseObject({
  ...Header,
  version: z.literal(2),
  merged: Merged.optional(),
  entries: z.array(EntryV2),
});

export type FileEntryV1 = z.infer<typeof EntryV1>;
export type FileEntryV2 = z.infer<typeof EntryV2>;
export type SourceFile = z.infer<typeof SourceFile>;
export type MergedHeader = z.infer<typeof Merged>;
export type FileSeenIn = z.infer<typeof SeenIn>;

/** A journal file as read: its name (as the user typed it) and its checked content. */
export type JournalFile = {
  name: string;
  exportedAt?: string;
  filters?: Record<string, unknown>;
} & (
  | { version: 1; entries: FileEntryV1[] }
  | { version: 2; entries: FileEntryV2[]; merged?: MergedHeader }
);

export type JournalFileRead = { ok: true; file: JournalFile } | { ok: false; errors: string[] };

// ─── Reading ─────────────────────────────────────────────────────────────────────────────────────

export interface ReadLimits {
  maxEntries: number;
}

/** A journal export's text, all or nothing; each error a line that starts with the file's name. */
export function readJournalFile(
  input: NamedText,
  limits: ReadLimits = { maxEntries: MAX_FILE_ENTRIES },
): JournalFileRead {
  const name = input.name;
  const fail = (lines: string[]): JournalFileRead => ({ ok: false, errors: lines });
  if (/^\uFEFF?handoff_id,/.test(input.text)) {
    return fail([
      `${name} is the journal's CSV export: merge reads the JSON export (QA journal, Export JSON)`,
    ]);
  }
  const json = parseJsonText(input);
  if (!json.ok) return json;
  const value = json.value;
  const head = headerProblem(value, limits);
  if (head) return fail([`${name}: ${head}`]);
  const forbidden = forbiddenKeyPaths(value);
  if (forbidden.length > 0) {
    return fail(
      forbidden.map(
        (path) =>
          `${name}: ${formatPath(path)}: ${String(path.at(-1))} is never a key of a journal export (the context parser refuses it): the file was altered; ask for a fresh export`,
      ),
    );
  }
  const file = value as { version: number };
  const schema = file.version === 1 ? FileV1 : FileV2;
  const parsed = schema.safeParse(value, { error: plainMessage, reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${name}: ${issueLine(i)}`);
    const shown = lines.slice(0, MAX_PROBLEMS);
    if (lines.length > shown.length)
      shown.push(`${name}: and ${fmt(lines.length - shown.length)} more problems`);
    return fail(shown);
  }
  const { format: _format, ...rest } = parsed.data;
  return { ok: true, file: { ...(rest as Omit<JournalFile, 'name'>), name } as JournalFile };
}

/**
 * The checks that decide whether the rest can be judged at all: a journal export, of a version
 * this checkout reads, with a list of entries it can hold in memory.
 */
function headerProblem(value: unknown, limits: ReadLimits): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `not a journal export: expected {"format": "${JOURNAL_FORMAT}", "version": 2, "entries": [...]} (the QA journal's Export JSON), not ${shown(value)}`;
  }
  const file = value as { format?: unknown; version?: unknown; entries?: unknown };
  if (file.format !== JOURNAL_FORMAT) {
    const what =
      typeof file.format === 'string'
        ? `its format is ${JSON.stringify(cut(file.format, 60))}`
        : 'it has no "format"';
    const hint = file.format === 'handoff-fields/audit' ? ' (an audit export)' : '';
    return `not a journal export: ${what}${hint}; merge reads the QA journal's Export JSON files ("format": "${JOURNAL_FORMAT}")`;
  }
  const version = file.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return `version: must be ${READ_VERSIONS.join(' or ')}, not ${version === undefined ? 'missing' : JSON.stringify(version)}`;
  }
  if (version > MERGED_VERSION) {
    return `version: this file is version ${version}, made by a newer Handoff Fields (this checkout reads versions ${READ_VERSIONS.join(' and ')}): update this checkout (git pull, npm ci) and merge again`;
  }
  if (!Array.isArray(file.entries)) {
    return `entries: missing or not a list: a journal export holds its handoffs under "entries"`;
  }
  if (file.entries.length > limits.maxEntries) {
    return `has ${fmt(file.entries.length)} entries; a journal file takes at most ${fmt(limits.maxEntries)}: export a shorter date range, or merge fewer files at once`;
  }
  return undefined;
}

/** Paths of forbidden keys anywhere in the value (iteratively: a deep file cannot overflow the stack). */
export function forbiddenKeyPaths(value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && found.length < MAX_PROBLEMS) {
    const { v, path } = stack.pop() as { v: unknown; path: PropertyKey[] };
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (FORBIDDEN_KEYS.has(key)) found.push([...path, key]);
      else stack.push({ v: (v as { [k: string]: unknown })[key], path: [...path, key] });
    }
  }
  return found;
}

const TYPE_WORDS: { [type: string]: string } = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Plain words for zod's generic messages (the schema's own messages take precedence). */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined) return 'missing';
  if (issue.code === 'invalid_type') {
    return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${shown(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map(String).join(', ')}, not ${shown(issue.input)}`;
  }
  return undefined;
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(cut(v, 60));
  return String(v);
}

/** One zod issue as `path: what is wrong`. */
function issueLine(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  const message =
    issue.code === 'too_big' && issue.origin === 'array'
      ? `takes at most ${fmt(Number(issue.maximum))} items`
      : issue.code === 'invalid_value' && issue.input === undefined
        ? 'missing'
        : issue.message;
  return where ? `${where}: ${message}` : message;
}
