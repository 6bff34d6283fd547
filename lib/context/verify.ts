/**
 * Verifies a signed handoff context (DESIGN §3, form 1): a JWS in compact serialisation (RFC 7515)
 * whose payload is a JWT claims set (RFC 7519) with `ver`, `iss`, `aud`, `iat`, `exp`, `nbf`, `jti`,
 * `conv` and `ctx`.
 *
 * The token comes from a chat a customer can type into, so the order of the checks matters:
 *   1. shape — three strict base64url parts, ≤ 16 KiB, JSON objects;
 *   2. header — `alg` ES256 or RS256 and nothing else, decided before any key is touched: `none`,
 *      HS256 (the "public key as HMAC secret" trick), PS256… are refused outright; `crit` and `b64`
 *      are refused; keys a header offers (`jwk`, `jku`, `x5c`, `x5u`) are never used;
 *   3. issuer — `iss` must be a trusted issuer from the settings; its keys are the only candidates;
 *   4. key — the one named by `kid`, or (no `kid`) each of the issuer's keys of the right type;
 *   5. signature — WebCrypto; ES256 as the raw 64-byte r‖s of JWS (a DER signature is refused);
 *   6. claims — only now, as they are authentic: `ver`, `aud`, times (with the clock skew), `conv`,
 *      `ctx` (the parser's limits), and last the replay check on `jti`.
 *
 * `verifySignedContext` never throws and never rejects: every outcome is a `VerifyResult`, failures
 * with a stable `reason` and a sentence an agent can read.
 */
import type { TrustedIssuer, TrustSettings } from '../settings/schema';
import { decodeBase64url } from './base64url';
import { importVerifyKey, jwkFitsAlg, keyKindFor, type VerifyAlg, verifyParams } from './jwk';
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
      jti: string;
      conv?: string;
      /** NumericDate (seconds since the epoch). */
      exp: number;
      /** Null-prototype, checked like the parser's values. */
      values: ContextValues;
    }
  | { ok: false; reason: VerifyFailure; message: string };

export interface VerifyOptions {
  trust: TrustSettings;
  /** Now, in milliseconds since the epoch. */
  now: number;
  /**
   * The conversation open in the console, when known: one id, or every id it goes by (a
   * MessagingSession id and its Case id, a 15- and an 18-character Salesforce id…). When one is
   * known, the token's `conv` must name it.
   */
  conversationId?: string | readonly string[];
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

interface Header {
  alg: VerifyAlg;
  kid?: string;
}

async function verify(token: string, options: VerifyOptions): Promise<VerifyResult> {
  const { trust } = options;

  // 1. Shape.
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
  const header = decodeJsonPart(headerPart);
  if (!header.ok) return malformed(`its header ${header.problem}`);

  // 2. Header: the algorithm is decided here, before any key is looked at.
  const h = header.value;
  const alg = h.alg;
  if (alg !== 'ES256' && alg !== 'RS256') {
    const named = typeof alg === 'string' ? `'${shown(alg)}'` : 'no algorithm';
    return refuse(
      'alg-refused',
      `This signed context uses ${typeof alg === 'string' ? `the algorithm ${named}` : named}; only ES256 and RS256 signatures are accepted, ${NOTHING_WRITTEN}`,
    );
  }
  if (Object.hasOwn(h, 'crit')) {
    return malformed("its header lists critical extensions ('crit') that are not supported");
  }
  if (Object.hasOwn(h, 'b64')) {
    return malformed("its header asks for an unencoded payload ('b64'), which is not supported");
  }
  if (h.kid !== undefined && (typeof h.kid !== 'string' || h.kid.length === 0)) {
    return malformed("its key id ('kid') is not a text");
  }
  const head: Header = { alg, ...(typeof h.kid === 'string' ? { kid: h.kid } : {}) };

  const payload = decodeJsonPart(payloadPart);
  if (!payload.ok) return malformed(`its claims ${payload.problem}`);
  const claims = payload.value;
  const signature = decodeBase64url(signaturePart);
  if (!signature || signature.length === 0) {
    return malformed('its signature part is missing or is not base64url');
  }

  // 3. Issuer.
  const iss = claims.iss;
  if (typeof iss !== 'string' || iss.length === 0 || iss.length > TOKEN_LIMITS.issChars) {
    return badClaims("does not name its issuer ('iss')");
  }
  const issuer = trust.issuers.find((candidate) => candidate.iss === iss);
  if (!issuer) {
    return refuse(
      'unknown-issuer',
      `This signed context comes from an unknown issuer, '${shown(iss)}', ${NOTHING_WRITTEN} An admin can add the bot's public key to the trusted issuers in the settings.`,
    );
  }

  // 4. Key(s).
  const candidates = keysFor(issuer, head);
  if (!candidates.ok) return candidates.result;

  // 5. Signature.
  if (head.alg === 'ES256' && signature.length !== 64) {
    const der = looksLikeDer(signature);
    return refuse(
      'bad-signature',
      der
        ? `This signed context from '${shown(iss)}' has an ES256 signature in DER form; JWS needs the raw 64-byte r‖s form (the bot's library must output JOSE signatures), ${NOTHING_WRITTEN}`
        : `This signed context from '${shown(iss)}' has an ES256 signature of ${signature.length} bytes; it must be 64, ${NOTHING_WRITTEN}`,
    );
  }
  const signingInput = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  let verifiedBy: (typeof candidates.keys)[number] | undefined;
  let unusable = 0;
  for (const jwk of candidates.keys) {
    let key: CryptoKey;
    try {
      key = await importVerifyKey(jwk, head.alg);
    } catch {
      unusable++;
      continue;
    }
    let good = false;
    try {
      good = await crypto.subtle.verify(verifyParams(head.alg), key, signature, signingInput);
    } catch {
      good = false;
    }
    if (good) {
      verifiedBy = jwk;
      break;
    }
  }
  if (!verifiedBy) {
    if (unusable === candidates.keys.length) {
      return refuse(
        'unknown-key',
        `This signed context from '${shown(iss)}' could not be checked: the trusted key in the settings could not be loaded, ${NOTHING_WRITTEN}`,
      );
    }
    const which = head.kid ? `key '${shown(head.kid)}'` : `the keys`;
    return refuse(
      'bad-signature',
      `This signed context's signature does not match ${which} of '${shown(iss)}': it was changed after signing or signed with another key, ${NOTHING_WRITTEN}`,
    );
  }

  // 6. Claims — authentic from here on.
  const shape = checkClaimShapes(claims);
  if (!shape.ok) return shape.result;
  const { exp, iat, nbf, jti, conv, values } = shape;

  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud as string[]);
  if (!audiences.some((aud) => trust.audiences.includes(aud))) {
    const named = audiences.length === 0 ? 'no audience' : `'${shown(audiences.join("', '"))}'`;
    return refuse(
      'wrong-audience',
      trust.audiences.length === 0
        ? `This signed context cannot be accepted: no audience is configured in the settings, ${NOTHING_WRITTEN}`
        : `This signed context is meant for ${named}, not for this org, ${NOTHING_WRITTEN}`,
    );
  }

  const nowSec = options.now / 1000;
  const skew = trust.clockSkewSeconds;
  if (nowSec >= exp + skew) {
    return refuse(
      'expired',
      `This signed context expired ${ago(nowSec - exp)}, ${NOTHING_WRITTEN}`,
    );
  }
  if (nbf !== undefined && nowSec + skew < nbf) {
    return refuse(
      'not-yet-valid',
      `This signed context is not valid until ${ahead(nbf - nowSec)} (check the bot's clock), ${NOTHING_WRITTEN}`,
    );
  }
  if (iat > nowSec + skew) {
    return refuse(
      'not-yet-valid',
      `This signed context says it was issued ${duration(iat - nowSec)} in the future (check the bot's clock), ${NOTHING_WRITTEN}`,
    );
  }
  if (nowSec - iat > trust.maxAgeSeconds + skew) {
    return refuse(
      'too-old',
      `This signed context was issued ${ago(nowSec - iat)}; contexts older than ${duration(trust.maxAgeSeconds)} are refused, ${NOTHING_WRITTEN}`,
    );
  }

  const open = openConversations(options.conversationId);
  if (open.length > 0 || options.ownsConversation) {
    if (conv === undefined) {
      return refuse(
        'wrong-conversation',
        `This signed context does not say which conversation it belongs to ('conv'), so it cannot be matched to this one; nothing was written.`,
      );
    }
    if (!open.some((id) => sameConversation(id, conv)) && !(await owns(options, conv))) {
      return refuse(
        'wrong-conversation',
        `This signed context belongs to another conversation ('${shown(conv)}'), ${NOTHING_WRITTEN}`,
      );
    }
  }

  let seen: unknown;
  try {
    seen = await options.seenJti(jti, iss);
  } catch {
    seen = undefined;
  }
  if (seen !== false) {
    return refuse(
      'replayed',
      seen === true
        ? `This signed context was already used once (its id '${shown(jti)}' was seen before); a context is accepted only once, ${NOTHING_WRITTEN}`
        : `This signed context could not be checked against the contexts already used, ${NOTHING_WRITTEN}`,
    );
  }

  return {
    ok: true,
    iss,
    ...(verifiedBy.kid !== undefined ? { kid: verifiedBy.kid } : {}),
    jti,
    ...(conv !== undefined ? { conv } : {}),
    exp,
    values,
  };
}

// ─── Pieces ──────────────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;
type Step<T> = ({ ok: true } & T) | { ok: false; result: VerifyResult };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeJsonPart(part: string): { ok: true; value: Json } | { ok: false; problem: string } {
  if (part.length === 0) return { ok: false, problem: 'part is empty' };
  const bytes = decodeBase64url(part);
  if (!bytes) return { ok: false, problem: 'part is not base64url' };
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false, problem: 'part is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'part is not a JSON object' };
  }
  return { ok: true, value: value as Json };
}

type IssuerKey = TrustedIssuer['keys'][number];

function keysFor(issuer: TrustedIssuer, head: Header): Step<{ keys: IssuerKey[] }> {
  const iss = shown(issuer.iss);
  if (head.kid !== undefined) {
    const key = issuer.keys.find((k) => k.kid === head.kid);
    if (!key) {
      return {
        ok: false,
        result: refuse(
          'unknown-key',
          `This signed context from '${iss}' was signed with key '${shown(head.kid)}', which is not among that issuer's trusted keys, ${NOTHING_WRITTEN} An admin can add the key to the settings.`,
        ),
      };
    }
    if (!jwkFitsAlg(key, head.alg)) {
      return {
        ok: false,
        result: refuse(
          'unknown-key',
          `This signed context from '${iss}' says ${head.alg}, but its key '${shown(head.kid)}' is not a ${keyKindFor(head.alg)} key for ${head.alg}, ${NOTHING_WRITTEN}`,
        ),
      };
    }
    return { ok: true, keys: [key] };
  }
  const keys = issuer.keys.filter((k) => jwkFitsAlg(k, head.alg));
  if (keys.length === 0) {
    return {
      ok: false,
      result: refuse(
        'unknown-key',
        `This signed context from '${iss}' is signed with ${head.alg}, but that issuer has no trusted ${keyKindFor(head.alg)} key, ${NOTHING_WRITTEN}`,
      ),
    };
  }
  return { ok: true, keys };
}

interface ClaimShapes {
  exp: number;
  iat: number;
  nbf?: number;
  jti: string;
  conv?: string;
  values: ContextValues;
}

function checkClaimShapes(claims: Json): Step<ClaimShapes> {
  const bad = (what: string) => ({ ok: false as const, result: badClaims(what) });
  if (claims.ver === undefined) return bad("does not say its version ('ver': 1)");
  if (claims.ver !== 1) {
    return bad(
      `is version ${shown(String(JSON.stringify(claims.ver)))}; this extension reads version 1`,
    );
  }
  const aud = claims.aud;
  const audOk =
    typeof aud === 'string' ||
    (Array.isArray(aud) && aud.length <= 50 && aud.every((a) => typeof a === 'string'));
  if (!audOk) {
    return aud === undefined
      ? bad("does not name its audience ('aud')")
      : bad("has an audience ('aud') that is neither a text nor a list of texts");
  }
  if (claims.exp === undefined) return bad("has no expiry ('exp'), which is required");
  if (!isNumericDate(claims.exp)) return bad("has an expiry ('exp') that is not a time in seconds");
  if (claims.iat === undefined) return bad("does not say when it was issued ('iat')");
  if (!isNumericDate(claims.iat))
    return bad("has an issue time ('iat') that is not a time in seconds");
  if (claims.nbf !== undefined && !isNumericDate(claims.nbf)) {
    return bad("has a start time ('nbf') that is not a time in seconds");
  }
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti.trim().length === 0) {
    return bad("has no unique id ('jti'), which is required");
  }
  if (jti.length > TOKEN_LIMITS.jtiChars)
    return bad(`has an id ('jti') longer than ${TOKEN_LIMITS.jtiChars} characters`);
  const conv = claims.conv;
  if (
    conv !== undefined &&
    (typeof conv !== 'string' || conv.length === 0 || conv.length > TOKEN_LIMITS.convChars)
  ) {
    return bad("has a conversation id ('conv') that is not a short text");
  }
  if (claims.ctx === undefined) return bad("carries no values ('ctx')");
  const values = contextValuesFromObject(claims.ctx);
  if (!values.ok) return bad(`has values ('ctx') that cannot be used: ${values.error}`);
  return {
    ok: true,
    exp: claims.exp,
    iat: claims.iat,
    ...(claims.nbf !== undefined ? { nbf: claims.nbf as number } : {}),
    jti,
    ...(conv !== undefined ? { conv: conv as string } : {}),
    values: values.values,
  };
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
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

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * Exact match, or the same Salesforce record written as a 15- and an 18-character id (the 18-character
 * form is the 15-character one plus a case-insensitivity checksum).
 */
export function sameConversation(open: string, conv: string): boolean {
  if (open === conv) return true;
  if (!SALESFORCE_ID.test(open) || !SALESFORCE_ID.test(conv) || open.length === conv.length) {
    return false;
  }
  return open.slice(0, 15) === conv.slice(0, 15);
}

function refuse(reason: VerifyFailure, message: string): VerifyResult {
  return { ok: false, reason, message };
}

function malformed(why: string): VerifyResult {
  return refuse('malformed', `This signed context cannot be read: ${why}, ${NOTHING_WRITTEN}`);
}

function badClaims(what: string): VerifyResult {
  return refuse('bad-claims', `This signed context ${what}, ${NOTHING_WRITTEN}`);
}

/** Text from the token: no control or invisible formatting characters, at most 60 characters. */
function shown(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
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
