/**
 * A tiny, test-only JWS signer over WebCrypto: what a bot does, so the verifier's tests can mint
 * tokens (valid and deliberately broken) without any JOSE library.
 */
import { encodeBase64url } from '@/lib/context/base64url';
import type { PublicJwk } from '@/lib/settings/schema';

export interface TestKey {
  alg: 'ES256' | 'RS256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public JWK as an admin would paste it into the settings (with `kid` when given). */
  jwk: PublicJwk;
  /** The private JWK WebCrypto exports (for the "private key in settings" tests). */
  privateJwk: JsonWebKey;
}

export async function es256Key(kid?: string): Promise<TestKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  return describeKey('ES256', pair, kid);
}

export async function rs256Key(kid?: string, modulusLength = 2048): Promise<TestKey> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  return describeKey('RS256', pair, kid);
}

async function describeKey(
  alg: 'ES256' | 'RS256',
  pair: CryptoKeyPair,
  kid: string | undefined,
): Promise<TestKey> {
  const pub = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const jwk = (
    alg === 'ES256'
      ? { kty: 'EC', crv: 'P-256', x: pub.x, y: pub.y }
      : { kty: 'RSA', n: pub.n, e: pub.e }
  ) as PublicJwk;
  if (kid !== undefined) jwk.kid = kid;
  return {
    alg,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    jwk,
    privateJwk: await crypto.subtle.exportKey('jwk', pair.privateKey),
  };
}

export const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text));
export const b64json = (value: unknown) => b64(JSON.stringify(value));

/** Signs `headerPart.payloadPart` (already encoded) and returns the raw signature bytes (ES256: r‖s). */
export async function rawSignature(
  key: TestKey,
  headerPart: string,
  payloadPart: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const params =
    key.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const data = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  return new Uint8Array(await crypto.subtle.sign(params, key.privateKey, data));
}

export interface SignOptions {
  /** Header members; `alg` defaults to the key's, `kid` to the key's kid. */
  header?: Record<string, unknown>;
  /** Drop the key's kid from the header. */
  noKid?: boolean;
}

/** A compact JWS of `claims`, signed with `key`. */
export async function sign(
  key: TestKey,
  claims: unknown,
  options: SignOptions = {},
): Promise<string> {
  const header: Record<string, unknown> = { alg: key.alg, typ: 'JWT' };
  if (key.jwk.kid !== undefined && !options.noKid) header.kid = key.jwk.kid;
  Object.assign(header, options.header);
  const h = b64json(header);
  const p = typeof claims === 'string' ? b64(claims) : b64json(claims);
  return `${h}.${p}.${encodeBase64url(await rawSignature(key, h, p))}`;
}

/** The DER (ASN.1 SEQUENCE of two INTEGERs) form of a raw 64-byte ECDSA signature. */
export function derFromRaw(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = Array.from(bytes.subarray(i));
    if ((v[0] as number) & 0x80) v = [0, ...v];
    return [0x02, v.length, ...v];
  };
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
  return new Uint8Array([0x30, body.length, ...body]);
}

/** An SPKI PEM of a public key, as a bot developer would have it on disk. */
export async function publicPem(key: TestKey): Promise<string> {
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey));
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
