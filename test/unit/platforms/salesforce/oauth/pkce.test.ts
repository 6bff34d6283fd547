import { describe, expect, it } from 'vitest';
import {
  challengeOf,
  createState,
  createVerifier,
  pkcePair,
} from '@/lib/platforms/salesforce/oauth/pkce';

describe('PKCE (RFC 7636)', () => {
  it('gives the challenge of RFC 7636 Appendix B for its verifier', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes the verifier of Appendix B from its 32 octets', () => {
    const octets = [
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
      105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    expect(createVerifier(() => new Uint8Array(octets))).toBe(
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    );
  });

  it('makes a fresh 43-character URL-safe verifier and state each time', async () => {
    const a = await pkcePair();
    const b = await pkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.challenge).toBe(await challengeOf(a.verifier));
  });

  it('refuses a verifier RFC 7636 does not allow (too short, other characters)', async () => {
    await expect(challengeOf('short')).rejects.toThrow(/43 to 128/);
    await expect(challengeOf(`${'a'.repeat(43)} `)).rejects.toThrow(/43 to 128/);
    await expect(challengeOf('a'.repeat(129))).rejects.toThrow(/43 to 128/);
  });
});
