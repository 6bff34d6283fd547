/**
 * PKCE (RFC 7636) for the authorization code flow: a fresh code verifier per sign-in, its S256
 * challenge, and the `state` that ties Salesforce's answer to the sign-in that asked. Nothing here
 * is kept: a verifier lives as long as one `auth:connect`.
 */
import { encodeBase64url } from '../../../context/base64url';

/** 32 random bytes: a 43-character verifier, the length RFC 7636 §4.1 recommends. */
const VERIFIER_BYTES = 32;
const STATE_BYTES = 16;
/** RFC 7636 §4.1: 43 to 128 characters of `[A-Za-z0-9-._~]`. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

type RandomBytes = (length: number) => Uint8Array;

const cryptoRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/** A new code verifier: base64url of 32 random bytes. */
export function createVerifier(random: RandomBytes = cryptoRandom): string {
  return encodeBase64url(random(VERIFIER_BYTES));
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII verifier)), no padding. */
export async function challengeOf(verifier: string): Promise<string> {
  if (!VERIFIER.test(verifier))
    throw new Error('A PKCE code verifier is 43 to 128 URL-safe characters.');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return encodeBase64url(new Uint8Array(digest));
}

/** A new `state`: unguessable, so an answer this sign-in did not ask for is refused. */
export function createState(random: RandomBytes = cryptoRandom): string {
  return encodeBase64url(random(STATE_BYTES));
}

/** A verifier, its challenge and a state: what one sign-in needs. */
export async function pkcePair(random: RandomBytes = cryptoRandom) {
  const verifier = createVerifier(random);
  return { verifier, challenge: await challengeOf(verifier), state: createState(random) };
}
