/**
 * "Verify now" (docs/filling-rules.md, "Verify"): for a handoff in the journal — written by this
 * browser, or only compared here (`verify-only`, verify-anywhere.ts) — read the records' mapped
 * fields from the platform and compare them with what the handoff's trusted context says through
 * this browser's mappings. Nothing is written, and the handoff's state is kept. Each field is
 * labelled by what the journal knows (labelField): an outcome of the handoff keeps it; "mapped
 * after the handoff" and "mapping changed since" are said only when the entry recorded the
 * mappings it used; a refused value is shown refused; anything else is simply compared.
 *
 * A journal entry redacted when it settled keeps no values: its context is found again among the
 * messages the page shows now (or the platform's messages, or the record field it came from) by
 * the digest the journal kept, so only the very text that was trusted then is used.
 */
import { sha256Hex } from '../context/digest';
import { evaluateContext, WRITABLE_TRUST } from '../context/evaluate';
import type { ContextValues } from '../context/types';
import type { FieldOutcome, FieldVerification, Notice } from '../handoff/types';
import { compareWithRecord } from '../mapping/compare';
import { mappingsUsed } from '../mapping/mapping-digest';
import { planFill } from '../mapping/plan';
import type { PlannedField } from '../mapping/plan-types';
import { sameConversationOn } from '../platforms/descriptor-registry';
import { noticeOf, type PlatformClient, PlatformError } from '../platforms/platform-client';
import { recordKey } from '../platforms/record-key';
import type { CandidateMessage, RecordRef } from '../platforms/types';
import { type RedactionMode, redactEntry, redactValue } from '../privacy/redact';
import type { Settings } from '../settings/schema';
import type { JournalEntry, MappingUsed } from '../store/journal-schema';
import {
  type ApplyDeps,
  catalogFields,
  enabledMappings,
  fieldsToRead,
  outcomeMaker,
} from './apply';
import {
  type ContextCandidate,
  isWholeValueSource,
  ownsConversationOf,
  parseCandidate,
  recordFieldCandidates,
} from './source-candidates';

/** A handoff whose context was used to write (an edited message's context is `refused`). */
export const isTrustedEntry = (entry: JournalEntry): boolean =>
  entry.context !== undefined && WRITABLE_TRUST.has(entry.context.trust);

export const NOTHING_TO_VERIFY: Notice = {
  code: 'nothing-to-verify',
  message:
    'No trusted handoff context was found for this record, so there is nothing to compare its fields with. Verify works once the bot has posted its handoff context here.',
};

export const REDACTED_CONTEXT_GONE: Notice = {
  code: 'context-redacted',
  message:
    "This handoff's values were redacted when it settled (your admin's privacy settings), and its message is not on the page now. Scroll the conversation to the bot's handoff message, then press Verify now again.",
};

/**
 * The entry's context values: kept in the journal, or — redacted — recovered from the candidates
 * whose text has the digest the journal kept, and evaluated again as of the handoff's time.
 */
export async function contextValuesFor(
  entry: JournalEntry,
  client: PlatformClient,
  settings: Settings,
  pageMessages: readonly CandidateMessage[],
): Promise<{ values: ContextValues } | { notice: Notice }> {
  if (!entry.redacted && entry.context) return { values: entry.context.values };
  const candidates: ContextCandidate[] = [...pageMessages];
  try {
    if (entry.source === 'api-messages' && client.listMessages) {
      candidates.push(...(await client.listMessages(entry.record)));
    }
    if (entry.source === 'record-field') {
      candidates.push(
        ...(await recordFieldCandidates(client, entry.record, settings.recordFieldSources)),
      );
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    return { notice: noticeOf(error) };
  }
  for (const c of candidates) {
    if ((await sha256Hex(c.text)) !== entry.contextDigest) continue;
    const parsed = parseCandidate(c.text, entry.source);
    if (!parsed.found) continue;
    const evaluation = await evaluateContext(parsed, {
      author: entry.author as CandidateMessage['author'],
      trustedSource: isWholeValueSource(entry.source),
      trust: settings.trust,
      // Judged as of the handoff: a signed context that has expired since was valid when used.
      now: entry.at,
      conversationIds: [entry.record.id],
      sameConversation: sameConversationOn(entry.record.platform),
      ownsConversation: ownsConversationOf(client, entry.record),
      // The same message that used the jti: not a replay.
      seenJti: async () => false,
    });
    if (evaluation.refusal) {
      return { notice: { code: evaluation.refusal.code, message: evaluation.refusal.message } };
    }
    return { values: evaluation.values ?? {} };
  }
  return { notice: REDACTED_CONTEXT_GONE };
}

/** What a verification found: the field outcomes with `verification` set, or why not. */
export interface VerifyResult {
  fields: FieldOutcome[];
  verifiedAt?: number;
  verifyNotice?: Notice;
  /** The records compared, when the entry did not know them yet (a handoff that failed early). */
  targets?: RecordRef[];
  /** The records' names, as their reads gave them. */
  recordNames?: Record<string, string>;
}

/** The reason of a field mapped after the handoff: the handoff did not write it, Verify compared it. */
export const NOT_IN_HANDOFF = 'not in this handoff: mapped after it';

const NO_MAPPINGS_TO_VERIFY: Notice = {
  code: 'no-mappings',
  message:
    'No enabled mapping targets a field of this record any more, so there is nothing to verify. An admin adds mappings in the Handoff Fields options page.',
};

/**
 * A handoff that failed before anything was planned because this browser had no mappings then
 * (they reached it later, by import or policy): nothing of it was written here.
 */
const failedForNoMappings = (entry: JournalEntry): boolean =>
  entry.state === 'failed' && entry.notice?.code === 'no-mappings' && entry.fields.length === 0;

/**
 * Whether this browser planned or wrote the handoff, so its field outcomes say what happened to
 * each field. Otherwise (a handoff compared only, `verify-only`, or one this browser never got to
 * plan) every field is compared afresh and nothing is claimed of a write.
 */
export const writtenHere = (entry: JournalEntry): boolean =>
  entry.state !== 'verify-only' && !failedForNoMappings(entry);

/**
 * Reads each record the handoff fills and compares its mapped fields with the context through
 * this browser's mappings, labelling each field (labelField). A platform failure stops the check
 * with the adapter's message, keeping the entry's fields as they were.
 */
export async function verifyEntry(
  deps: ApplyDeps,
  entry: JournalEntry,
  values: ContextValues,
): Promise<VerifyResult> {
  const at = deps.now();
  let targets: RecordRef[];
  let checked: CheckedTarget[];
  try {
    targets = entry.targets ?? (await deps.client.resolveTargets(entry.record));
    checked = await checkTargets(deps, targets, values, at);
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    const message = `The fields could not be verified: ${error.message}`;
    const signIn = error.signIn ? { signIn: error.signIn } : {};
    return { fields: entry.fields, verifyNotice: { code: error.code, message, ...signIn } };
  }
  if (checked.length === 0) return { fields: entry.fields, verifyNotice: NO_MAPPINGS_TO_VERIFY };
  const known: KnownHandoff = writtenHere(entry)
    ? { fields: entry.fields, used: entry.mappingsUsed }
    : { fields: [] };
  const fields: FieldOutcome[] = [];
  for (const t of checked) {
    for (const p of t.planned) {
      const labelled = labelField(t, p, known);
      if (labelled) fields.push(await redactedOutcome(entry, labelled));
    }
  }
  const names = Object.fromEntries(
    checked.flatMap((t) => (t.name ? [[recordKey(t.target), t.name]] : [])),
  );
  return {
    fields,
    verifiedAt: at,
    ...(entry.targets ? {} : { targets }),
    ...(Object.keys(names).length && !entry.redacted ? { recordNames: names } : {}),
  };
}

/** One record the context fills, planned through this browser's mappings and read. */
export interface CheckedTarget {
  target: RecordRef;
  /** The plan into an empty record: what the context says each mapped field should hold. */
  planned: PlannedField[];
  /** What the record holds, compared with the plan, by field API name in lower case. */
  found: Map<string, FieldVerification>;
  /** A planned field as a field outcome (its value as the console shows it). */
  make: (p: PlannedField) => FieldOutcome;
  /** Each mapping's digest (mapping-digest.ts), by mapping id. */
  digests: Map<string, string>;
  /** The record's name, as its read gave it. */
  name?: string;
}

/** The records with enabled mappings, each planned and read once; records without are left out. */
async function checkTargets(
  deps: ApplyDeps,
  targets: readonly RecordRef[],
  values: ContextValues,
  at: number,
): Promise<CheckedTarget[]> {
  const out: CheckedTarget[] = [];
  for (const target of targets) {
    const mappings = await enabledMappings(deps, target);
    if (mappings.length === 0) continue;
    const catalog = await catalogFields(
      deps,
      target,
      mappings.map((m) => m.field),
    );
    const known = new Set(catalog.map((f) => f.name.toLowerCase()));
    const readable = [...new Set(mappings.map((m) => m.field))].filter((f) =>
      known.has(f.toLowerCase()),
    );
    if (readable.length === 0) continue;
    const asked = fieldsToRead(target, readable);
    const record = await deps.client.read(target, asked.read);
    const rules = deps.client.rules;
    // The expectation: what the context would write into an empty record.
    const plan = planFill({ context: values, mappings, fields: catalog, current: {}, rules });
    const found = compareWithRecord(plan.fields, record.values, catalog, rules, {
      at,
      by: 'verify-now',
    });
    const digests = new Map((await mappingsUsed(mappings)).map((m) => [m.id, m.digest]));
    const said = asked.named ? record.values[asked.named] : undefined;
    const name = typeof said === 'string' && said.trim() ? said.trim().slice(0, 200) : undefined;
    const make = outcomeMaker(catalog, rules);
    out.push({ target, planned: plan.fields, found, make, digests, ...(name ? { name } : {}) });
  }
  return out;
}

/** What the journal knows of the handoff: its field outcomes, and the mappings it used (if known). */
export interface KnownHandoff {
  fields: readonly FieldOutcome[];
  used?: readonly MappingUsed[] | undefined;
}

/** A field as Verify labels it; `kept`: an outcome of the handoff, only its verification is new. */
export interface LabelledField {
  outcome: FieldOutcome;
  kept: boolean;
}

/**
 * One planned field, labelled for Verify now (docs/filling-rules.md, "Verify"):
 * - an outcome of the handoff keeps its outcome (written, kept, refused…) and takes the comparison,
 *   marked `mappingChanged` when the journal knows the mapping the handoff used and it changed;
 * - a field the plan refuses is `refused`, with the reason and the bot's value;
 * - a field the context leaves empty is `skipped: empty` (not in this handoff);
 * - mapped after the handoff (only when the journal knows the mappings it used): NOT_IN_HANDOFF;
 * - otherwise `checked`: compared, with no claim about a write.
 * Undefined: nothing new for an outcome of the handoff.
 */
export function labelField(
  t: CheckedTarget,
  p: PlannedField,
  known: KnownHandoff,
): LabelledField | undefined {
  const object = t.target.object;
  const field = p.field.toLowerCase();
  const existing = known.fields.find(
    (f) => (f.object ?? object) === object && f.field.toLowerCase() === field,
  );
  const v = t.found.get(field);
  const used = known.used?.find((m) => m.id === p.mappingId);
  const changed = known.used !== undefined && used?.digest !== t.digests.get(p.mappingId);
  if (existing) {
    if (!v) return undefined;
    const verification: FieldVerification = changed ? { ...v, mappingChanged: true } : v;
    return { outcome: { ...existing, verification }, kept: true };
  }
  const made: FieldOutcome = { ...t.make(p), object };
  if (p.action === 'refuse' || !v) return { outcome: made, kept: false };
  const { reason: _none, ...compared } = made;
  if (known.used && !used) {
    return {
      outcome: { ...compared, outcome: 'skipped', reason: NOT_IN_HANDOFF, verification: v },
      kept: false,
    };
  }
  const verification: FieldVerification = changed ? { ...v, mappingChanged: true } : v;
  return { outcome: { ...compared, outcome: 'checked', verification }, kept: false };
}

/**
 * The entry after a verification: its outcomes with the new comparisons (replaced whole for a
 * handoff not written here), and the stale notices gone once a comparison ran. The handoff's state
 * is never changed — a done handoff stays done — except one that failed only because this browser
 * had no mappings then: compared now, it is `verify-only` (nothing was sent from here).
 */
export function verifiedEntry(latest: JournalEntry, result: VerifyResult): JournalEntry {
  const compared = result.verifiedAt !== undefined;
  const next: JournalEntry = {
    ...latest,
    fields:
      compared && !writtenHere(latest)
        ? result.fields
        : mergeVerified(latest.fields, result.fields),
  };
  if (result.targets && !latest.targets) {
    next.targets = result.targets;
    next.recordKeys = [...new Set([...latest.recordKeys, ...result.targets.map(recordKey)])];
  }
  if (result.recordNames) next.recordNames = { ...latest.recordNames, ...result.recordNames };
  if (compared) {
    next.verifiedAt = result.verifiedAt;
    if (failedForNoMappings(latest)) {
      next.state = 'verify-only';
      delete next.notice;
    }
  }
  if (result.verifyNotice) next.verifyNotice = result.verifyNotice;
  else delete next.verifyNotice;
  return next;
}

/**
 * The entry's outcomes with the verifications just made: an outcome the queue changed meanwhile
 * keeps its new state and takes the verification; fields Verify added are appended.
 */
export function mergeVerified(current: FieldOutcome[], verified: FieldOutcome[]): FieldOutcome[] {
  const key = (f: FieldOutcome) => `${f.object ?? ''}.${f.field.toLowerCase()}`;
  const byKey = new Map(verified.map((f) => [key(f), f]));
  const out = current.map((f) => {
    const v = byKey.get(key(f))?.verification;
    return v ? { ...f, verification: v } : f;
  });
  const known = new Set(current.map(key));
  return [...out, ...verified.filter((f) => !known.has(key(f)))];
}

/**
 * A redacted entry stays redacted: what Verify read is kept the same way as the rest — a field
 * of the handoff's only its new verification, a field Verify added whole (value, reason).
 */
async function redactedOutcome(entry: JournalEntry, field: LabelledField): Promise<FieldOutcome> {
  const mode = entry.redacted;
  if (!mode) return field.outcome;
  if (field.kept) {
    const v = field.outcome.verification;
    return v
      ? { ...field.outcome, verification: await redactedVerification(mode, v) }
      : field.outcome;
  }
  const { context: _values, ...rest } = entry;
  const [redacted] = (await redactEntry({ ...rest, fields: [field.outcome] }, mode)).fields;
  return redacted ?? field.outcome;
}

async function redactedVerification(
  mode: RedactionMode,
  v: FieldVerification,
): Promise<FieldVerification> {
  const text = async (t: string | null) => (t === null ? t : redactValue(t, mode));
  return { ...v, expected: await text(v.expected), actual: await text(v.actual) };
}
