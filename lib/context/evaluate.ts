/**
 * Decides what a found context may do (docs/context-format.md, "Trust"): a signed context verified against the
 * trusted issuers fills fields from any author; an unverified one (JSON, key–value) only from a
 * message the platform attributes to the bot — and not when it repeats what someone else wrote
 * earlier in the conversation (echo.ts) — or from a source the admin trusts like the bot (an
 * allowed postMessage origin, a record field the admin opted in: docs/context-sources.md), and
 * never under the "signed only" policy. Quoted, lookalike and inline contexts are refused whoever
 * posted them. Pure apart from WebCrypto, so the engine and the CLI decide alike.
 */
import type { ContextRefusalCode } from '../handoff/types';
import type { TrustSettings } from '../settings/schema';
import { type ContextFingerprint, contextFingerprints, type EchoMatch, echoMessage } from './echo';
import { verifySignedContext } from './signed-context';
import type { Trust } from './trust';
import type { ContextForm, ContextValues, ParsedContext } from './types';

/**
 * `trusted-source`: an unverified form from a source the admin trusts like the bot (an allowed
 * `postMessage` origin, a record field filled by the platform's own flow); `unverified`: a
 * well-formed context nobody vouches for (nothing is written); `refused`: broken, forged or spoofed.
 */
export { type Trust, WRITABLE_TRUST } from './trust';

/** Why a context may not be used (the list lives with the other handoff types, a leaf). */
export type RefusalCode = ContextRefusalCode;

export interface Evaluation {
  form: ContextForm | null;
  trust: Trust;
  /** The values as the context gave them (also when refused, to show what was not used). */
  values?: ContextValues;
  /** Keys left out of the values (reserved, invalid, beyond a limit), one sentence each. */
  dropped?: string[];
  /** Why nothing may be written, in words for the agent; absent when the context may be applied. */
  refusal?: { code: RefusalCode; message: string };
  issuer?: string;
  jti?: string;
  conv?: string;
}

export interface EvaluateOptions {
  author: string;
  /**
   * The context did not come from a chat message but from a source the admin configured and trusts
   * like the bot for unverified forms: a `postMessage` from an allowed origin, or a record field.
   * Signed contexts are verified as usual; the `signed-only` policy still refuses unverified forms.
   */
  trustedSource?: boolean;
  /**
   * The context came from a source that accepts signed contexts only (a record field the admin did
   * not opt in): an unverified form is refused with this sentence.
   */
  signedOnlySource?: string;
  /**
   * Whether what non-bot authors wrote earlier in the conversation holds one of these fingerprints
   * (the first match). Asked only for an unverified context from the bot's message.
   */
  saidBefore?(
    fingerprints: readonly ContextFingerprint[],
  ): Promise<EchoMatch | undefined> | EchoMatch | undefined;
  trust: TrustSettings;
  now: number;
  /** Ids the console knows for the open conversation; a signed context must name one of them… */
  conversationIds?: readonly string[];
  /** …as the platform compares its ids (exact match when absent: VerifyOptions.sameConversation)… */
  sameConversation?(open: string, conv: string): boolean;
  /** …or one the platform links to the open record. */
  ownsConversation?(conv: string): Promise<boolean>;
  /** Whether this issuer's `jti` was already used by another message. */
  seenJti(jti: string, iss: string): Promise<boolean> | boolean;
}

export const mayWrite = (e: Evaluation) => e.refusal === undefined;

export async function evaluateContext(
  parsed: Exclude<ParsedContext, { found: false }>,
  options: EvaluateOptions,
): Promise<Evaluation> {
  if (!parsed.ok) return unreadable(parsed);
  if (parsed.form === 'signed') return evaluateSigned(parsed.token, options);
  return evaluateUnsigned(parsed, options);
}

/** A context the parser refused: its sentence is the refusal. */
function unreadable(parsed: Extract<ParsedContext, { ok: false }>): Evaluation {
  if (parsed.spoof) {
    // An imitation, someone else's quoted text or an object inside a sentence: the parser's
    // sentence says it all.
    return {
      form: parsed.form,
      trust: 'refused',
      refusal: { code: spoofCodes[parsed.spoof], message: parsed.error },
    };
  }
  return {
    form: parsed.form,
    trust: 'refused',
    refusal: {
      code: 'context-invalid',
      message: `${sentence(parsed.error)} Nothing was written.`,
    },
  };
}

/** A signed context: trusted from any author once verified (signed-context.ts). */
async function evaluateSigned(token: string, options: EvaluateOptions): Promise<Evaluation> {
  const verified = await verifySignedContext(token, {
    trust: options.trust,
    now: options.now,
    conversationId: options.conversationIds?.length ? options.conversationIds : undefined,
    sameConversation: options.sameConversation,
    ownsConversation: options.ownsConversation,
    seenJti: options.seenJti,
  });
  if (!verified.ok) {
    return {
      form: 'signed',
      trust: 'refused',
      refusal: { code: 'context-signature', message: verified.message },
    };
  }
  return {
    form: 'signed',
    trust: 'signed',
    values: verified.values,
    ...(verified.dropped ? { dropped: verified.dropped } : {}),
    issuer: verified.iss,
    jti: verified.jti,
    conv: verified.conv,
  };
}

/**
 * An unverified form (JSON, key–value): refused under "signed only" and from a source that takes
 * signed contexts only; trusted from a source the admin trusts like the bot; otherwise only from
 * the bot's own message, and not when it repeats what someone else wrote earlier.
 */
async function evaluateUnsigned(
  parsed: Extract<ParsedContext, { ok: true; form: 'json' | 'key-value' }>,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const base = {
    form: parsed.form,
    values: parsed.values,
    ...(parsed.dropped ? { dropped: parsed.dropped } : {}),
  } as const;
  if (options.trust.policy === 'signed-only') {
    return {
      ...base,
      trust: 'unverified',
      refusal: {
        code: 'context-policy',
        message:
          'This handoff context is not signed, and your admin accepts signed contexts only, so nothing was written. The bot must sign its context (see the signing guide).',
      },
    };
  }
  if (options.signedOnlySource !== undefined) {
    return {
      ...base,
      trust: 'unverified',
      refusal: { code: 'context-unsigned-source', message: options.signedOnlySource },
    };
  }
  if (options.trustedSource) return { ...base, trust: 'trusted-source' };
  if (options.author !== 'bot') {
    const who =
      options.author === 'customer' ? 'the customer' : `an author seen as ${options.author}`;
    return {
      ...base,
      trust: 'unverified',
      refusal: {
        code: 'context-untrusted',
        message: `A handoff context was posted by ${who}, not by the bot, so nothing was written. Unverified context is accepted only from the bot's own messages; a bot that posts as the end user must sign its context.`,
      },
    };
  }
  const echo = await options.saidBefore?.(contextFingerprints(parsed));
  if (echo) {
    return {
      ...base,
      trust: 'refused',
      refusal: { code: 'context-echoed', message: echoMessage(echo) },
    };
  }
  return { ...base, trust: 'bot-authored' };
}

const spoofCodes = {
  quoted: 'context-quoted',
  lookalike: 'context-lookalike',
  inline: 'context-inline',
} as const satisfies Record<
  NonNullable<Extract<ParsedContext, { ok: false }>['spoof']>,
  RefusalCode
>;

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
