/**
 * Public JWKs → WebCrypto verification keys, for the two algorithms a signed context may use
 * (ES256: ECDSA P-256 + SHA-256; RS256: RSASSA-PKCS1-v1_5 + SHA-256). Imported keys are cached per
 * key material and algorithm, so verifying a burst of contexts imports each trusted key once.
 * Only the key material is handed to `importKey` (kty/crv/x/y or kty/n/e): the other JWK members are
 * checked here, by the rules of RFC 7517 §4, and never left to an engine's interpretation.
 */
import type { PublicJwk } from '../settings/schema';

export type VerifyAlg = 'ES256' | 'RS256';

export const VERIFY_ALGS: readonly VerifyAlg[] = ['ES256', 'RS256'];

/** Whether a JWK may verify a signature made with `alg`: right key type, and none of its `alg`, `use`, `key_ops` says otherwise. */
export function jwkFitsAlg(jwk: PublicJwk, alg: VerifyAlg): boolean {
  const typeFits = alg === 'ES256' ? jwk.kty === 'EC' && jwk.crv === 'P-256' : jwk.kty === 'RSA';
  if (!typeFits) return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.key_ops !== undefined && !jwk.key_ops.includes('verify')) return false;
  return true;
}

/** Words for the kind of key an algorithm needs, for messages. */
export function keyKindFor(alg: VerifyAlg): string {
  return alg === 'ES256' ? 'EC P-256' : 'RSA';
}

const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<CryptoKey>>();

/**
 * The WebCrypto key that verifies `alg` signatures with this public JWK. Rejects when the key does
 * not fit the algorithm or the engine refuses it (a damaged key); callers turn that into a refusal.
 */
export function importVerifyKey(jwk: PublicJwk, alg: VerifyAlg): Promise<CryptoKey> {
  if (!jwkFitsAlg(jwk, alg)) {
    return Promise.reject(new Error(`this ${jwk.kty} key cannot verify ${alg} signatures`));
  }
  const material: JsonWebKey =
    jwk.kty === 'EC'
      ? { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
      : { kty: 'RSA', n: jwk.n, e: jwk.e };
  const id = `${alg}|${jwk.kty === 'EC' ? `${jwk.x}.${jwk.y}` : `${jwk.n}.${jwk.e}`}`;
  const cached = cache.get(id);
  if (cached) return cached;
  const imported = importMaterial(material, alg);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, imported);
  // A key the engine refused is not kept: the next call reports the same error afresh.
  imported.catch(() => cache.delete(id));
  return imported;
}

async function importMaterial(material: JsonWebKey, alg: VerifyAlg): Promise<CryptoKey> {
  if (alg === 'ES256') {
    return crypto.subtle.importKey('jwk', material, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
  }
  const key = await crypto.subtle.importKey(
    'jwk',
    material,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // The settings schema refuses short keys already; this keeps the rule if a key came another way.
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (!(bits >= 2048)) throw new Error(`the RSA key has ${bits} bits; at least 2048 are required`);
  return key;
}

/** The parameters `crypto.subtle.verify` takes for `alg`. */
export function verifyParams(alg: VerifyAlg): AlgorithmIdentifier | EcdsaParams {
  return alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
}

/** Forgets every imported key (tests; settings replaced wholesale). */
export function clearKeyCache(): void {
  cache.clear();
}
