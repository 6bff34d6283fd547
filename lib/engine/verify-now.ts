/**
 * "Verify now" (docs/filling-rules.md, "Verify"): for a handoff already in the journal — filled earlier, by this
 * browser or found filled by someone else — read the records' mapped fields from the platform and
 * compare them with what the handoff's trusted context says through today's mappings. Nothing is
 * written. The comparison itself is the pure `compareWithRecord`; this module gathers its inputs.
 *
 * A journal entry redacted when it settled keeps no values: its context is found again among the
 * messages the page shows now (or the platform's messages, or the record field it came from) by
 * the digest the journal kept, so only the very text that was trusted then is used.
 */
import { sha256Hex } from '../context/digest';
import { evaluateContext, WRITABLE_TRUST } from '../context/evaluate';
import type { ContextValues } from '../context/types';
import type { FieldOutcome, FieldVerification, Notice } from '../handoff/types';
import { compareWithRecord, displayValue } from '../mapping/compare';
import { planFill } from '../mapping/plan';
import { sameConversationOn } from '../platforms/descriptor-registry';
import { noticeOf, type PlatformClient, PlatformError } from '../platforms/platform-client';
import type { CandidateMessage, RecordRef } from '../platforms/types';
import { redactValue } from '../privacy/redact';
import type { Settings } from '../settings/schema';
import type { JournalEntry } from '../store/journal-schema';
import { type ApplyDeps, catalogFields, enabledMappings } from './apply';
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

/** What a verification found: the entry's field outcomes with `verification` set, or why not. */
export interface VerifyResult {
  fields: FieldOutcome[];
  verifiedAt?: number;
  verifyNotice?: Notice;
}

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

/**
 * Reads each record the handoff filled and compares its mapped fields with the context. Fields
 * mapped since the handoff are added to the evidence (as not part of it); a platform failure stops
 * the check with the adapter's message, keeping what was verified before.
 */
export async function verifyEntry(
  deps: ApplyDeps,
  entry: JournalEntry,
  values: ContextValues,
): Promise<VerifyResult> {
  const fields = entry.fields.map((f) => ({ ...f }));
  const at = deps.now();
  let compared = false;
  try {
    const targets: RecordRef[] = entry.targets ?? (await deps.client.resolveTargets(entry.record));
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
      const record = await deps.client.read(target, readable);
      // The expectation: what the context would write into an empty record.
      const plan = planFill({
        context: values,
        mappings,
        fields: catalog,
        current: {},
        rules: deps.client.rules,
      });
      const found = compareWithRecord(plan.fields, record.values, catalog, deps.client.rules, {
        at,
        by: 'verify-now',
      });
      compared = true;
      for (const p of plan.fields) {
        const verification = found.get(p.field.toLowerCase());
        if (!verification) continue;
        const same = (f: FieldOutcome) =>
          (f.object ?? target.object) === target.object &&
          f.field.toLowerCase() === p.field.toLowerCase();
        const existing = fields.find(same);
        if (existing) existing.verification = await redacted(entry, verification);
        else
          fields.push({
            object: target.object,
            field: p.field,
            label: p.label,
            value: await redactedText(entry, displayValue(p.value)),
            outcome: 'skipped',
            reason: NOT_IN_HANDOFF,
            verification: await redacted(entry, verification),
          });
      }
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    return {
      fields,
      verifyNotice: {
        code: error.code,
        message: `The fields could not be verified: ${error.message}`,
      },
    };
  }
  if (!compared) {
    return {
      fields,
      verifyNotice: {
        code: 'no-mappings',
        message:
          'No enabled mapping targets a field of this record any more, so there is nothing to verify. An admin adds mappings in the Handoff Fields options page.',
      },
    };
  }
  return { fields, verifiedAt: at };
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

/** The reason of a field mapped after the handoff: the handoff did not write it, Verify compared it. */
export const NOT_IN_HANDOFF = 'not in this handoff: mapped after it';

/** A redacted entry stays redacted: what Verify read is kept the same way as the rest. */
async function redacted(entry: JournalEntry, v: FieldVerification): Promise<FieldVerification> {
  if (!entry.redacted) return v;
  return {
    ...v,
    expected: await redactedText(entry, v.expected),
    actual: await redactedText(entry, v.actual),
  };
}

async function redactedText(entry: JournalEntry, text: string | null): Promise<string | null> {
  return entry.redacted && text !== null ? redactValue(text, entry.redacted) : text;
}
