/**
 * Which trusted public JWK may verify which of the two algorithms a signed context may use (ES256:
 * ECDSA P-256 + SHA-256; RS256: RSASSA-PKCS1-v1_5 + SHA-256), and the key jose verifies with.
 * Only the key material goes to jose's `importJWK` (kty/crv/x/y or kty/n/e): the other JWK members
 * (`alg`, `use`, `key_ops`) are checked here, by the rules of RFC 7517 §4, so that a key that does
 * not fit is reported by name instead of failing somewhere inside the import.
 */
import { importJWK, type JWK } from 'jose';
import type { PublicJwk } from '../settings/schema';

export type VerifyAlg = 'ES256' | 'RS256';

/** The only algorithms a signed context may use, decided before any key is touched. */
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

/** A key jose can verify with (a WebCrypto key for EC and RSA JWKs). */
export type VerifyKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * The key that verifies `alg` signatures with this trusted public JWK. Rejects when the engine
 * refuses the material (a damaged key); callers turn that into a refusal. jose itself refuses an RSA
 * key under 2048 bits when verifying, as the settings schema does when the key is pasted.
 */
export function importVerifyKey(jwk: PublicJwk, alg: VerifyAlg): Promise<VerifyKey> {
  if (!jwkFitsAlg(jwk, alg)) {
    return Promise.reject(new Error(`this ${jwk.kty} key cannot verify ${alg} signatures`));
  }
  return importJWK(keyMaterial(jwk), alg);
}

/** The members that are the key itself, and nothing an engine might interpret differently. */
function keyMaterial(jwk: PublicJwk): JWK {
  return jwk.kty === 'EC'
    ? { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
    : { kty: 'RSA', n: jwk.n, e: jwk.e };
}
