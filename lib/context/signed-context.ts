/**
 * Verifies a signed handoff context (docs/context-format.md, the signed form): a JWS in compact serialisation (RFC 7515)
 * whose payload is a JWT claims set (RFC 7519) with `ver`, `iss`, `aud`, `iat`, `exp`, `nbf`, `jti`,
 * `conv` and `ctx`.
 *
 * The signature and the standard claims are checked by jose (`jwtVerify`): a maintained, widely
 * reviewed JOSE implementation on WebCrypto that runs in the MV3 service worker, instead of our own
 * JWS code. It gets an explicit algorithm allowlist, the issuer, the configured audiences, the
 * required claims, the clock skew, the maximum age and our clock. What stays ours is what jose has
 * no rule for, or not the one we want:
 *   - the pre-checks, so that a hostile token is refused early, before any key is used, and with a
 *     sentence an agent can read: size limits, strict base64url (jose decodes leniently), the `alg`
 *     named in the refusal, `crit` and `b64` refused outright, a DER ES256 signature recognised;
 *   - the keys: only the public JWKs the settings trust for the token's issuer, never a key the
 *     header offers (`jwk`, `jku`, `x5c`, `x5u`), with a refusal naming a missing or unfit `kid`;
 *   - the claims jose does not know (`ver`, `conv`, `ctx`, the `jti` replay check) and stricter
 *     shapes than jose's (NumericDates finite and not negative, `aud` only texts, `jti` a short text).
 *
 * The token comes from a chat a customer can type into, so the order of the checks matters:
 *   1. shape — three strict base64url parts, ≤ 16 KiB, JSON objects (read by jose's decoders);
 *   2. header — `alg` ES256 or RS256 and nothing else, decided before any key is touched: `none`,
 *      HS256 (the "public key as HMAC secret" trick), PS256… are refused outright; `crit` and `b64`
 *      are refused;
 *   3. issuer — the unverified `iss` only chooses among the trusted issuers in the settings; jose
 *      checks it for real once the signature holds;
 *   4. key — the one named by `kid`, or (no `kid`) each of the issuer's keys of the right type;
 *   5. signature and standard claims — jose, key by key until one verifies; ES256 as the raw 64-byte
 *      r‖s of JWS (a DER signature is refused before); then `iss`, `aud`, `exp`, `nbf`, `iat` (with
 *      the clock skew and the maximum age);
 *   6. our claims — only now, as they are authentic: `ver`, shapes, `conv`, `ctx`, and last the
 *      replay check on `jti`. When jose refused a claim, `ver` and the shapes are looked at first
 *      (with jose's authenticated payload): a claim of the wrong shape is the better answer.
 *
 * `verifySignedContext` never throws and never rejects: every outcome is a `VerifyResult`, failures
 * with a stable `reason` and a sentence an agent can read.
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { TrustedIssuer, TrustSettings } from '../settings/schema';
import { cut, fmt, printable, shown } from '../text/format';
import { decodeBase64url } from './base64url';
import {
  importVerifyKey,
  jwkFitsAlg,
  keyKindFor,
  VERIFY_ALGS,
  type VerifyAlg,
  type VerifyKey,
} from './jwk';
import type { ContextValues } from './types';
import { contextValuesFromObject } from './values';

export const TOKEN_LIMITS = {
  /** Whole token, in characters: 16 KiB. */
  tokenChars: 16_384,
  /** The encoded protected header. */
  headerChars: 2_048,
  jtiChars: 256,
  issChars: 200,
  convChars: 200,
} as const;

export type VerifyFailure =
  | 'malformed'
  | 'alg-refused'
  | 'unknown-issuer'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'too-old'
  | 'wrong-audience'
  | 'wrong-conversation'
  | 'replayed'
  | 'bad-claims';

export type VerifyResult =
  | {
      ok: true;
      iss: string;
      /** The `kid` of the key that verified the signature, when it has one. */
      kid?: string;
      /** The audiences it names (`aud`, as a list), one of which is a configured audience. */
      aud: string[];
      jti: string;
      conv?: string;
      /** NumericDate (seconds since the epoch). */
      exp: number;
      /** Null-prototype, checked like the parser's values. */
      values: ContextValues;
      /** Keys of `ctx` left out (reserved, invalid, beyond a limit), one sentence each. */
      dropped?: string[];
    }
  | { ok: false; reason: VerifyFailure; message: string };

export interface VerifyOptions {
  trust: TrustSettings;
  /** Now, in milliseconds since the epoch. */
  now: number;
  /**
   * The conversation open in the console, when known: one id, or every id it goes by (a
   * MessagingSession id and its Case id…). When one is known, the token's `conv` must name it.
   */
  conversationId?: string | readonly string[];
  /**
   * Whether `conv` names the open conversation `open`, for a platform whose ids have several
   * spellings (a Salesforce record has a 15- and an 18-character id); exact match when absent.
   * The verifier knows no platform: the caller passes the platform's rule.
   */
  sameConversation?(open: string, conv: string): boolean;
  /**
   * Asked when `conv` is none of `conversationId`: whether the platform links that conversation to
   * the open record (a Salesforce MessagingSession whose CaseId is the open Case).
   */
  ownsConversation?(conv: string): Promise<boolean>;
  /**
   * Whether this `jti` was already used. The issuer is passed too, for stores that keep `jti`s per
   * issuer. It only asks: recording the `jti` after a successful write is the caller's job. If it
   * throws or answers anything but `false`, the context is refused (fail closed).
   */
  seenJti: (jti: string, iss: string) => Promise<boolean> | boolean;
}

const NOTHING_WRITTEN = 'so nothing was written.';

export async function verifySignedContext(
  token: string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  try {
    return await verify(token, options);
  } catch {
    // Nothing above is meant to throw; a hostile token must still never crash the caller.
    return refuse(
      'malformed',
      `This signed context could not be checked (an unexpected problem), ${NOTHING_WRITTEN}`,
    );
  }
}

// ─── The checks, in order ────────────────────────────────────────────────────────────────────────

type Refusal = Extract<VerifyResult, { ok: false }>;
/** A check's outcome: what it found, or the refusal to return. */
type Step<T> = ({ ok: true } & T) | Refusal;
type Json = Record<string, unknown>;
type IssuerKey = TrustedIssuer['keys'][number];

interface Header {
  alg: VerifyAlg;
  kid?: string;
}

async function verify(token: string, options: VerifyOptions): Promise<VerifyResult> {
  // 1–2. Shape and header; the unverified `iss`.
  const read = readToken(token);
  if (!read.ok) return read;
  const { head, iss, signature } = read;

  // 3. Issuer: looked up before any key is used.
  const issuer = options.trust.issuers.find((candidate) => candidate.iss === iss);
  if (!issuer) return unknownIssuer(iss);

  // 4. Key(s).
  const candidates = keysFor(issuer, head);
  if (!candidates.ok) return candidates;

  // 5. Signature and standard claims.
  const form = signatureFormProblem(head.alg, signature, iss);
  if (form) return form;
  const verified = await verifyWithKeys(token, candidates.keys, { head, iss, options });
  if (!verified.ok) return verified;

  // 6. Our claims — authentic from here on.
  const { claims, key } = verified;
  const own = checkOwnClaims(claims);
  if (!own.ok) return own;
  const conversation = await checkConversation(own.conv, options);
  if (conversation) return conversation;
  const replay = await checkReplay(own.jti, iss, options);
  if (replay) return replay;

  return {
    ok: true,
    iss,
    ...(key.kid !== undefined ? { kid: key.kid } : {}),
    // Required by jwtVerify, matched against the audiences and checked a text or texts by checkOwnClaims.
    aud: typeof claims.aud === 'string' ? [claims.aud] : (claims.aud as string[]),
    jti: own.jti,
    ...(own.conv !== undefined ? { conv: own.conv } : {}),
    // Required by jwtVerify (requiredClaims) and checked a NumericDate by checkOwnClaims.
    exp: claims.exp as number,
    values: own.values,
    ...(own.dropped ? { dropped: own.dropped } : {}),
  };
}

// ─── 1–2. Shape, header, unverified issuer ───────────────────────────────────────────────────────

function readToken(token: unknown): Step<{ head: Header; iss: string; signature: Uint8Array }> {
  if (typeof token !== 'string') return malformed('it is not text');
  if (token.length === 0) return malformed('it is empty');
  if (token.length > TOKEN_LIMITS.tokenChars) {
    return malformed(
      `it has ${fmt(token.length)} characters; the limit is ${fmt(TOKEN_LIMITS.tokenChars)}`,
    );
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    return malformed(
      `a signed token has three parts separated by dots; this one has ${parts.length}`,
    );
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (headerPart.length > TOKEN_LIMITS.headerChars) return malformed('its header is too long');
  const header = decodeJsonPart(headerPart, () => decodeProtectedHeader(token));
  if (!header.ok) return malformed(`its header ${header.problem}`);
  const head = checkHeader(header.value);
  if (!head.ok) return head;

  // The claims are read unverified here only for `iss`, to choose the issuer's keys.
  const claims = decodeJsonPart(payloadPart, () => decodeJwt(token));
  if (!claims.ok) return malformed(`its claims ${claims.problem}`);
  const signature = decodeBase64url(signaturePart);
  if (!signature || signature.length === 0) {
    return malformed('its signature part is missing or is not base64url');
  }
  const iss = claims.value.iss;
  if (typeof iss !== 'string' || iss.length === 0 || iss.length > TOKEN_LIMITS.issChars) {
    return badClaims("does not name its issuer ('iss')");
  }
  return { ok: true, head: head.head, iss, signature };
}

/**
 * A part that must be a JSON object: strict base64url first (ours: jose's decoding accepts padding,
 * whitespace and non-canonical trailing bits), then jose's decoder, which reads it as a JSON object.
 */
function decodeJsonPart(
  part: string,
  decode: () => Json,
): { ok: true; value: Json } | { ok: false; problem: string } {
  if (part.length === 0) return { ok: false, problem: 'part is empty' };
  const bytes = decodeBase64url(part);
  if (!bytes) return { ok: false, problem: 'part is not base64url' };
  // jose's UTF-8 decoder drops a byte order mark; JSON text has none (RFC 8259 §8.1), so it is refused.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ok: false, problem: 'part starts with a byte order mark' };
  }
  try {
    return { ok: true, value: decode() };
  } catch {
    return { ok: false, problem: 'part is not a JSON object' };
  }
}

/** The algorithm is decided here, before any key is looked at; jose is given the same allowlist. */
function checkHeader(h: Json): Step<{ head: Header }> {
  const alg = h.alg;
  if (!isVerifyAlg(alg)) return algRefused(alg);
  // jose refuses a `crit` it does not know, but knows `b64`: both are refused here, whatever they say.
  if (Object.hasOwn(h, 'crit')) {
    return malformed("its header lists critical extensions ('crit') that are not supported");
  }
  if (Object.hasOwn(h, 'b64')) {
    return malformed("its header asks for an unencoded payload ('b64'), which is not supported");
  }
  if (h.kid !== undefined && (typeof h.kid !== 'string' || h.kid.length === 0)) {
    return malformed("its key id ('kid') is not a text");
  }
  return { ok: true, head: { alg, ...(typeof h.kid === 'string' ? { kid: h.kid } : {}) } };
}

function isVerifyAlg(alg: unknown): alg is VerifyAlg {
  return VERIFY_ALGS.includes(alg as VerifyAlg);
}

function algRefused(alg: unknown): Refusal {
  const named = typeof alg === 'string' ? `the algorithm ${shown(printable(alg))}` : 'no algorithm';
  return refuse(
    'alg-refused',
    `This signed context uses ${named}; only ES256 and RS256 signatures are accepted, ${NOTHING_WRITTEN}`,
  );
}

function unknownIssuer(iss: string): Refusal {
  return refuse(
    'unknown-issuer',
    `This signed context comes from an unknown issuer, ${shown(printable(iss))}, ${NOTHING_WRITTEN} An admin can add the bot's public key to the trusted issuers in the settings.`,
  );
}

// ─── 4. Keys ─────────────────────────────────────────────────────────────────────────────────────

/** The trusted keys that may verify this token; a `kid` that names none, or an unfit one, is refused. */
function keysFor(issuer: TrustedIssuer, head: Header): Step<{ keys: IssuerKey[] }> {
  const iss = shown(printable(issuer.iss));
  if (head.kid !== undefined) {
    const key = issuer.keys.find((k) => k.kid === head.kid);
    if (!key) {
      return refuse(
        'unknown-key',
        `This signed context from ${iss} was signed with key ${shown(printable(head.kid))}, which is not among that issuer's trusted keys, ${NOTHING_WRITTEN} An admin can add the key to the settings.`,
      );
    }
    if (!jwkFitsAlg(key, head.alg)) {
      return refuse(
        'unknown-key',
        `This signed context from ${iss} says ${head.alg}, but its key ${shown(printable(head.kid))} is not a ${keyKindFor(head.alg)} key for ${head.alg}, ${NOTHING_WRITTEN}`,
      );
    }
    return { ok: true, keys: [key] };
  }
  const keys = issuer.keys.filter((k) => jwkFitsAlg(k, head.alg));
  if (keys.length === 0) {
    return refuse(
      'unknown-key',
      `This signed context from ${iss} is signed with ${head.alg}, but that issuer has no trusted ${keyKindFor(head.alg)} key, ${NOTHING_WRITTEN}`,
    );
  }
  return { ok: true, keys };
}

// ─── 5. Signature and standard claims (jose) ─────────────────────────────────────────────────────

/**
 * An ES256 signature that is not 64 bytes cannot verify; saying why (most often the DER form that
 * general-purpose crypto APIs output) spares the bot's developer a hunt.
 */
function signatureFormProblem(alg: VerifyAlg, signature: Uint8Array, iss: string): Refusal | null {
  if (alg !== 'ES256' || signature.length === 64) return null;
  return refuse(
    'bad-signature',
    looksLikeDer(signature)
      ? `This signed context from ${shown(printable(iss))} has an ES256 signature in DER form; JWS needs the raw 64-byte r‖s form (the bot's library must output JOSE signatures), ${NOTHING_WRITTEN}`
      : `This signed context from ${shown(printable(iss))} has an ES256 signature of ${signature.length} bytes; it must be 64, ${NOTHING_WRITTEN}`,
  );
}

/** A DER ECDSA signature: SEQUENCE { INTEGER r, INTEGER s }, 8–72 bytes for P-256. */
function looksLikeDer(sig: Uint8Array): boolean {
  return (
    sig.length >= 8 &&
    sig.length <= 72 &&
    sig[0] === 0x30 &&
    sig[1] === sig.length - 2 &&
    sig[2] === 0x02
  );
}

interface Checking {
  head: Header;
  /** The issuer the keys belong to, as the unverified token names it. */
  iss: string;
  options: VerifyOptions;
}

/** What jose made of the token with one key. */
type Attempt =
  | { outcome: 'verified'; claims: JWTPayload }
  | { outcome: 'other-key' }
  | { outcome: 'unusable-key' }
  | { outcome: 'refused'; error: errors.JOSEError };

/**
 * jose with each candidate key in turn, until one verifies the signature. Any other refusal by
 * jose is about the token, not the key (a claim, once the signature holds), so it is final.
 */
async function verifyWithKeys(
  token: string,
  keys: readonly IssuerKey[],
  checking: Checking,
): Promise<Step<{ claims: JWTPayload; key: IssuerKey }>> {
  const joseOptions = joseOptionsFor(checking);
  let unusable = 0;
  for (const key of keys) {
    const attempt = await tryKey(token, key, checking.head.alg, joseOptions);
    if (attempt.outcome === 'verified') return { ok: true, claims: attempt.claims, key };
    if (attempt.outcome === 'refused') return refusalFor(attempt.error, checking);
    if (attempt.outcome === 'unusable-key') unusable++;
  }
  const iss = shown(printable(checking.iss));
  if (unusable === keys.length) {
    return refuse(
      'unknown-key',
      `This signed context from ${iss} could not be checked: the trusted key in the settings could not be loaded, ${NOTHING_WRITTEN}`,
    );
  }
  const which = checking.head.kid ? `key ${shown(printable(checking.head.kid))}` : `the keys`;
  return refuse(
    'bad-signature',
    `This signed context's signature does not match ${which} of ${iss}: it was changed after signing or signed with another key, ${NOTHING_WRITTEN}`,
  );
}

/** The standard checks, as jose does them: the refusals below map jose's errors onto ours. */
function joseOptionsFor({ iss, options }: Checking): JWTVerifyOptions {
  const { trust } = options;
  // jose's TypeError for a clock that is no time would read as an unusable key (see tryKey); this
  // reaches verifySignedContext's catch instead.
  if (!Number.isFinite(options.now)) throw new Error('now is not a time');
  return {
    algorithms: [...VERIFY_ALGS],
    issuer: iss,
    audience: trust.audiences,
    requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
    clockTolerance: trust.clockSkewSeconds,
    maxTokenAge: trust.maxAgeSeconds,
    currentDate: new Date(options.now),
  };
}

async function tryKey(
  token: string,
  jwk: IssuerKey,
  alg: VerifyAlg,
  joseOptions: JWTVerifyOptions,
): Promise<Attempt> {
  let key: VerifyKey;
  try {
    key = await importVerifyKey(jwk, alg);
  } catch {
    return { outcome: 'unusable-key' };
  }
  try {
    const { payload } = await jwtVerify(token, key, joseOptions);
    return { outcome: 'verified', claims: payload };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { outcome: 'other-key' };
    if (error instanceof errors.JOSEError) return { outcome: 'refused', error };
    // jose reports a key it will not use (an RSA key under 2048 bits) with a plain TypeError.
    return { outcome: 'unusable-key' };
  }
}

/** jose's refusal of a token, in our words. */
function refusalFor(error: errors.JOSEError, checking: Checking): Refusal {
  if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) {
    // The signature held: the claims are authentic, and ours are looked at first, as a claim of
    // the wrong shape says more than the comparison jose could not make with it.
    const own = checkOwnClaims(error.payload);
    return own.ok ? claimRefusal(error, checking.options) : own;
  }
  // Refused before jose too; kept should the two lists ever differ.
  if (error instanceof errors.JOSEAlgNotAllowed) return algRefused(checking.head.alg);
  // JWSInvalid, JWTInvalid, JOSENotSupported: forms the checks above did not foresee.
  return malformed('it is not a valid signed token');
}

const MISSING_CLAIM: Record<string, string> = {
  iss: "does not name its issuer ('iss')",
  aud: "does not name its audience ('aud')",
  exp: "has no expiry ('exp'), which is required",
  iat: "does not say when it was issued ('iat')",
  jti: "has no unique id ('jti'), which is required",
};

function claimRefusal(
  error: errors.JWTClaimValidationFailed | errors.JWTExpired,
  options: VerifyOptions,
): Refusal {
  const { claim, payload: claims } = error;
  if (error.reason === 'missing') {
    return badClaims(MISSING_CLAIM[claim] ?? `lacks its ${shown(printable(claim))} claim`);
  }
  const nowSec = options.now / 1000;
  const { trust } = options;
  // checkOwnClaims has passed: the times are NumericDates and `aud` a text or a list of texts.
  switch (claim) {
    case 'iss':
      return unknownIssuer(String(claims.iss));
    case 'aud':
      return wrongAudience(claims.aud as string | string[], trust.audiences);
    case 'exp':
      return refuse(
        'expired',
        `This signed context expired ${ago(nowSec - (claims.exp as number))}, ${NOTHING_WRITTEN}`,
      );
    case 'nbf':
      return refuse(
        'not-yet-valid',
        `This signed context is not valid until ${ahead((claims.nbf as number) - nowSec)} (check the bot's clock), ${NOTHING_WRITTEN}`,
      );
    case 'iat': {
      const iat = claims.iat as number;
      // jose reports an `iat` past maxTokenAge as expired, and one in the future as a failed check.
      return error instanceof errors.JWTExpired
        ? refuse(
            'too-old',
            `This signed context was issued ${ago(nowSec - iat)}; contexts older than ${duration(trust.maxAgeSeconds)} are refused, ${NOTHING_WRITTEN}`,
          )
        : refuse(
            'not-yet-valid',
            `This signed context says it was issued ${duration(iat - nowSec)} in the future (check the bot's clock), ${NOTHING_WRITTEN}`,
          );
    }
    default:
      return badClaims(`has a ${shown(printable(claim))} claim that cannot be accepted`);
  }
}

function wrongAudience(aud: string | string[], configured: readonly string[]): Refusal {
  const audiences = typeof aud === 'string' ? [aud] : aud;
  const named = audiences.length === 0 ? 'no audience' : shown(printable(audiences.join("', '")));
  return refuse(
    'wrong-audience',
    configured.length === 0
      ? `This signed context cannot be accepted: no audience is configured in the settings, ${NOTHING_WRITTEN}`
      : `This signed context is meant for ${named}, not for this org, ${NOTHING_WRITTEN}`,
  );
}

// ─── 6. Our claims ───────────────────────────────────────────────────────────────────────────────

interface OwnClaims {
  jti: string;
  conv?: string;
  values: ContextValues;
  dropped?: string[];
}

/**
 * The rules jose has none for: `ver`, `conv`, `ctx`, and stricter shapes than its own (a claim
 * jose requires and finds missing is left to it: its refusal names the claim).
 */
function checkOwnClaims(claims: JWTPayload): Step<OwnClaims> {
  if (claims.ver === undefined) return badClaims("does not say its version ('ver': 1)");
  if (claims.ver !== 1) {
    return badClaims(
      `is version ${cut(printable(String(JSON.stringify(claims.ver))), 60)}; this extension reads version 1`,
    );
  }
  const shapeProblem = audienceProblem(claims.aud) ?? timeProblem(claims);
  if (shapeProblem) return badClaims(shapeProblem);
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti.trim().length === 0) {
    return badClaims("has no unique id ('jti'), which is required");
  }
  if (jti.length > TOKEN_LIMITS.jtiChars) {
    return badClaims(`has an id ('jti') longer than ${TOKEN_LIMITS.jtiChars} characters`);
  }
  const conv = claims.conv;
  if (
    conv !== undefined &&
    (typeof conv !== 'string' || conv.length === 0 || conv.length > TOKEN_LIMITS.convChars)
  ) {
    return badClaims("has a conversation id ('conv') that is not a short text");
  }
  if (claims.ctx === undefined) return badClaims("carries no values ('ctx')");
  const values = contextValuesFromObject(claims.ctx);
  if (!values.ok) return badClaims(`has values ('ctx') that cannot be used: ${values.error}`);
  return {
    ok: true,
    jti,
    ...(typeof conv === 'string' ? { conv } : {}),
    values: values.values,
    ...(values.dropped ? { dropped: values.dropped } : {}),
  };
}

/** jose compares any `aud`, matching or not; only a text or a short list of texts is one. */
function audienceProblem(aud: unknown): string | null {
  if (aud === undefined) return null;
  const ok =
    typeof aud === 'string' ||
    (Array.isArray(aud) && aud.length <= 50 && aud.every((a) => typeof a === 'string'));
  return ok ? null : "has an audience ('aud') that is neither a text nor a list of texts";
}

/** Descriptions of the time claims, for messages. */
const TIME_CLAIMS = [
  ['exp', "an expiry ('exp')"],
  ['iat', "an issue time ('iat')"],
  ['nbf', "a start time ('nbf')"],
] as const;

/** jose only asks that a time be a number; infinite or negative ones are no times either. */
function timeProblem(claims: JWTPayload): string | null {
  for (const [claim, what] of TIME_CLAIMS) {
    const value = claims[claim];
    if (value !== undefined && !isNumericDate(value)) {
      return `has ${what} that is not a time in seconds`;
    }
  }
  return null;
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** When the console knows the open conversation, `conv` must be it (or one the platform links to it). */
async function checkConversation(
  conv: string | undefined,
  options: VerifyOptions,
): Promise<Refusal | null> {
  const open = openConversations(options.conversationId);
  if (open.length === 0 && !options.ownsConversation) return null;
  if (conv === undefined) {
    return refuse(
      'wrong-conversation',
      `This signed context does not say which conversation it belongs to ('conv'), so it cannot be matched to this one; nothing was written.`,
    );
  }
  const same = options.sameConversation ?? ((a: string, b: string) => a === b);
  if (open.some((id) => same(id, conv)) || (await owns(options, conv))) return null;
  return refuse(
    'wrong-conversation',
    `This signed context belongs to another conversation (${shown(printable(conv))}), ${NOTHING_WRITTEN}`,
  );
}

/** The replay check, last: anything but a clear `false` from `seenJti` refuses (fail closed). */
async function checkReplay(
  jti: string,
  iss: string,
  options: VerifyOptions,
): Promise<Refusal | null> {
  let seen: unknown;
  try {
    seen = await options.seenJti(jti, iss);
  } catch {
    seen = undefined;
  }
  if (seen === false) return null;
  return refuse(
    'replayed',
    seen === true
      ? `This signed context was already used once (its id ${shown(printable(jti))} was seen before); a context is accepted only once, ${NOTHING_WRITTEN}`
      : `This signed context could not be checked against the contexts already used, ${NOTHING_WRITTEN}`,
  );
}

/** The platform's word on a conversation the console does not show by id (fails closed). */
async function owns(options: VerifyOptions, conv: string): Promise<boolean> {
  if (!options.ownsConversation) return false;
  try {
    return (await options.ownsConversation(conv)) === true;
  } catch {
    return false;
  }
}

function openConversations(ids: VerifyOptions['conversationId']): string[] {
  if (ids === undefined) return [];
  const list = typeof ids === 'string' ? [ids] : Array.isArray(ids) ? ids : [];
  return list.filter((id): id is string => typeof id === 'string' && id.length > 0);
}

// ─── Messages ────────────────────────────────────────────────────────────────────────────────────

function refuse(reason: VerifyFailure, message: string): Refusal {
  return { ok: false, reason, message };
}

function malformed(why: string): Refusal {
  return refuse('malformed', `This signed context cannot be read: ${why}, ${NOTHING_WRITTEN}`);
}

function badClaims(what: string): Refusal {
  return refuse('bad-claims', `This signed context ${what}, ${NOTHING_WRITTEN}`);
}

function ago(seconds: number): string {
  return `${duration(seconds)} ago`;
}

function ahead(seconds: number): string {
  return `${duration(seconds)} from now`;
}

/** 45 → "45 seconds", 200 → "3 minutes", 7,200 → "2 hours", 86,400 → "1 day". */
export function duration(seconds: number): string {
  const s = Math.max(1, Math.round(Math.abs(seconds)));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s < 90) return unit(s, 'second');
  if (s < 90 * 60) return unit(Math.round(s / 60), 'minute');
  if (s < 24 * 3600) return unit(Math.round(s / 3600), 'hour');
  return unit(Math.round(s / 86_400), 'day');
}
