/**
 * A record's context candidates judged all at once, as the engine judges each message of a handoff
 * (evaluateContext with the source's trust, the echo check, the signatures and the `jti`s, an edit
 * refused) — for the readers that find a context on the platform rather than as it arrives: the
 * audit (lib/audit/record.ts) and Verify now in a browser whose journal never saw the handoff
 * (verify-anywhere.ts). Nothing is remembered beyond the call: the echo memory and the `jti`s seen
 * are those of the candidates given, in their order.
 */
import { decodeBase64url } from '../context/base64url';
import { mayHoldContext } from '../context/candidate';
import { memorySaid, saidBy } from '../context/echo';
import { type Evaluation, evaluateContext, mayWrite } from '../context/evaluate';
import type { ParsedContext } from '../context/types';
import { sameConversationOn } from '../platforms/descriptor-registry';
import type { PlatformClient } from '../platforms/platform-client';
import type { RecordRef } from '../platforms/types';
import type { Settings } from '../settings/schema';
import {
  type ContextCandidate,
  editedEvaluation,
  isChatSource,
  ownsConversationOf,
  parseCandidate,
  sourceTrust,
} from './source-candidates';

/** A judged context of the record: the message it came from and what the rules said. */
export interface FoundContext {
  candidate: ContextCandidate;
  evaluation: Evaluation;
}

export interface JudgeDeps {
  client: PlatformClient;
  settings: Settings;
  now(): number;
}

/**
 * Every candidate that holds a context, judged in the order given (posting order): what a non-bot
 * author wrote before is remembered for the echo check of what follows, a `jti` another message
 * used first is a replay, a message the page saw edited is refused.
 */
export async function judgeCandidates(
  deps: JudgeDeps,
  record: RecordRef,
  candidates: readonly ContextCandidate[],
): Promise<FoundContext[]> {
  const said = memorySaid();
  const conversation = `${record.platform}:${record.org}:${record.id}`;
  const jtis = new Map<string, string>();
  const out: FoundContext[] = [];
  for (const [i, candidate] of candidates.entries()) {
    if (candidate.author !== 'bot') {
      await said.remember([
        {
          conversation,
          messageId: candidate.platformMessageId,
          by: saidBy(candidate.author),
          text: candidate.text,
          at: i,
        },
      ]);
    }
    if (!mayHoldContext(candidate.text)) continue;
    const source = candidate.source ?? 'transcript';
    const parsed = parseCandidate(candidate.text, source);
    if (!parsed.found) continue;
    if (candidate.edited) {
      out.push({ candidate, evaluation: editedEvaluation(parsed) });
      continue;
    }
    const evaluation = await evaluateContext(parsed, {
      author: candidate.author,
      ...sourceTrust(source, candidate.sourceDetail, deps.settings),
      ...(isChatSource(source)
        ? {
            saidBefore: (fingerprints) =>
              said.find({
                conversation,
                messageId: candidate.platformMessageId,
                fingerprints,
                before: i,
              }),
          }
        : {}),
      trust: deps.settings.trust,
      now: judgedAt(parsed, deps.now()),
      conversationIds: [record.id],
      sameConversation: sameConversationOn(record.platform),
      ownsConversation: ownsConversationOf(deps.client, record),
      // A jti another message of this conversation used first is a replay.
      seenJti: (jti, iss) => {
        const first = jtis.get(`${iss}|${jti}`);
        if (first === undefined) jtis.set(`${iss}|${jti}`, candidate.platformMessageId);
        return first !== undefined && first !== candidate.platformMessageId;
      },
    });
    out.push({ candidate, evaluation });
  }
  return out;
}

/**
 * The record's handoff among its judged contexts: the newest one that may be used (a customer's
 * refused context posted after the bot's is not the handoff), else the newest refused one.
 */
export const newestHandoff = (judged: readonly FoundContext[]): FoundContext | undefined =>
  judged.findLast((j) => mayWrite(j.evaluation)) ?? judged.at(-1);

/**
 * A signed context is judged as of when it was issued (its `iat`): one that expired since was
 * valid when the handoff used it (Verify now judges as of the handoff's time the same way). Its
 * signature, issuer and conversation are checked as always. Other forms: now.
 */
export function judgedAt(parsed: Exclude<ParsedContext, { found: false }>, now: number): number {
  if (!parsed.ok || parsed.form !== 'signed') return now;
  const payload = decodeBase64url(parsed.token.split('.')[1] ?? '');
  if (!payload) return now;
  try {
    const iat = (JSON.parse(new TextDecoder().decode(payload)) as { iat?: unknown }).iat;
    return typeof iat === 'number' && Number.isFinite(iat) && iat * 1000 <= now
      ? iat * 1000 + 1000
      : now;
  } catch {
    return now;
  }
}
