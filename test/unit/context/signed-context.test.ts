import { jwtVerify } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeBase64url } from '@/lib/context/base64url';
import {
  duration,
  type VerifyOptions,
  type VerifyResult,
  verifySignedContext,
} from '@/lib/context/signed-context';
import { type PublicJwk, TrustSettings, type TrustSettingsInput } from '@/lib/settings/schema';
import {
  b64,
  b64json,
  derFromRaw,
  es256Key,
  publicPem,
  rawSignature,
  rs256Key,
  sign,
  type TestKey,
} from './test-signer';

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const NOW_S = NOW / 1000;
const CONV = '0Mw5g000000XyZaCAK';
const AUD = '00D5g000004XyZaEAK';

let ec: TestKey; // kore-bot, kid "2026-11"
let ec2: TestKey; // kore-bot, kid "2026-12"
let rsa: TestKey; // ada-bot, no kid
let stranger: TestKey; // nobody trusts it

beforeAll(async () => {
  [ec, ec2, rsa, stranger] = await Promise.all([
    es256Key('2026-11'),
    es256Key('2026-12'),
    rs256Key(),
    es256Key('2026-11'),
  ]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function trust(overrides: Partial<TrustSettingsInput> = {}): TrustSettings {
  return TrustSettings.parse({
    audiences: [AUD, 'acme'],
    issuers: [
      { iss: 'kore-bot', keys: [ec.jwk] },
      { iss: 'ada-bot', keys: [rsa.jwk] },
    ],
    ...overrides,
  });
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ver: 1,
    iss: 'kore-bot',
    aud: AUD,
    iat: NOW_S - 30,
    exp: NOW_S + 600,
    jti: 'ctx-0001',
    conv: CONV,
    ctx: { 'Account Number': 'A-1001', 'Account Tier': 'Premium', Score: 0.93, VIP: true },
    ...overrides,
  };
}

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return { trust: trust(), now: NOW, conversationId: CONV, seenJti: () => false, ...overrides };
}

/** Trust settings with keys the schema would refuse, as if they had come another way. */
function unchecked(iss: string, keys: unknown[]): TrustSettings {
  return { ...trust(), issuers: [{ iss, keys: keys as PublicJwk[] }] };
}

/** A public JWK without its kid. */
function withoutKid(jwk: PublicJwk): PublicJwk {
  const { kid: _, ...rest } = jwk;
  return rest as PublicJwk;
}

async function refused(result: Promise<VerifyResult>, reason: string): Promise<string> {
  const r = await result;
  if (r.ok) throw new Error(`expected a refusal (${reason}), got ${JSON.stringify(r)}`);
  expect(r.reason).toBe(reason);
  expect(r.message).toMatch(/^This signed context\b/);
  expect(r.message).toMatch(/nothing was written/);
  return r.message;
}

describe('verifySignedContext — valid tokens', () => {
  it('accepts an ES256 context and returns its claims and values', async () => {
    const token = await sign(ec, claims());
    const result = await verifySignedContext(token, options());
    expect(result).toEqual({
      ok: true,
      iss: 'kore-bot',
      kid: '2026-11',
      aud: [AUD],
      jti: 'ctx-0001',
      conv: CONV,
      exp: NOW_S + 600,
      values: { 'Account Number': 'A-1001', 'Account Tier': 'Premium', Score: 0.93, VIP: true },
    });
    if (!result.ok) throw new Error('unreachable');
    expect(Object.getPrototypeOf(result.values)).toBeNull();
  });

  it('accepts an RS256 context from an issuer whose key has no kid', async () => {
    const token = await sign(rsa, claims({ iss: 'ada-bot', ctx: { Intent: 'refund' } }));
    const result = await verifySignedContext(token, options());
    expect(result).toMatchObject({ ok: true, iss: 'ada-bot', values: { Intent: 'refund' } });
    expect(result).not.toHaveProperty('kid');
  });

  it('accepts aud as a list that contains one configured audience', async () => {
    const token = await sign(ec, claims({ aud: ['someone-else', 'acme'] }));
    expect(await verifySignedContext(token, options())).toMatchObject({ ok: true });
  });

  it('accepts a token without conv when no conversation is known, and one with conv too', async () => {
    const { conv: _, ...noConv } = claims();
    const a = await verifySignedContext(
      await sign(ec, noConv),
      options({ conversationId: undefined }),
    );
    expect(a).toMatchObject({ ok: true });
    expect(a).not.toHaveProperty('conv');
    const b = await verifySignedContext(await sign(ec, claims()), options({ conversationId: [] }));
    expect(b).toMatchObject({ ok: true, conv: CONV });
  });

  it('asks seenJti about the jti and the issuer', async () => {
    const seenJti = vi.fn(async () => false);
    await verifySignedContext(await sign(ec, claims()), options({ seenJti }));
    expect(seenJti).toHaveBeenCalledWith('ctx-0001', 'kore-bot');
  });
});

describe('verifySignedContext — keys: kid selection and rotation', () => {
  it('uses the key the kid names among several', async () => {
    const t = trust({ issuers: [{ iss: 'kore-bot', keys: [ec.jwk, ec2.jwk] }] });
    const result = await verifySignedContext(await sign(ec2, claims()), options({ trust: t }));
    expect(result).toMatchObject({ ok: true, kid: '2026-12' });
  });

  it('refuses a token whose kid names one key but which another key signed', async () => {
    const t = trust({ issuers: [{ iss: 'kore-bot', keys: [ec.jwk, ec2.jwk] }] });
    const token = await sign(ec2, claims(), { header: { kid: '2026-11' } });
    const message = await refused(
      verifySignedContext(token, options({ trust: t })),
      'bad-signature',
    );
    expect(message).toContain("key '2026-11' of 'kore-bot'");
  });

  it('without a kid, tries each of the issuer’s keys of the right type', async () => {
    const t = trust({ issuers: [{ iss: 'kore-bot', keys: [rsa.jwk, ec.jwk, ec2.jwk] }] });
    const token = await sign(ec2, claims(), { noKid: true });
    expect(await verifySignedContext(token, options({ trust: t }))).toMatchObject({
      ok: true,
      kid: '2026-12',
    });
  });

  it('rotation: add the new key, sign with it, then remove the old one', async () => {
    const before = trust({ issuers: [{ iss: 'kore-bot', keys: [ec.jwk] }] });
    const during = trust({ issuers: [{ iss: 'kore-bot', keys: [ec.jwk, ec2.jwk] }] });
    const after = trust({ issuers: [{ iss: 'kore-bot', keys: [ec2.jwk] }] });
    const oldToken = await sign(ec, claims());
    const newToken = await sign(ec2, claims());

    expect(await verifySignedContext(oldToken, options({ trust: before }))).toMatchObject({
      ok: true,
    });
    await refused(verifySignedContext(newToken, options({ trust: before })), 'unknown-key');

    expect(await verifySignedContext(oldToken, options({ trust: during }))).toMatchObject({
      ok: true,
    });
    expect(await verifySignedContext(newToken, options({ trust: during }))).toMatchObject({
      ok: true,
    });

    const message = await refused(
      verifySignedContext(oldToken, options({ trust: after })),
      'unknown-key',
    );
    expect(message).toBe(
      "This signed context from 'kore-bot' was signed with key '2026-11', which is not among that issuer's trusted keys, so nothing was written. An admin can add the key to the settings.",
    );
    expect(await verifySignedContext(newToken, options({ trust: after }))).toMatchObject({
      ok: true,
    });
  });

  it('refuses a kid that names a key of the wrong type for the algorithm', async () => {
    const rsaWithKid = { ...rsa.jwk, kid: 'rsa-1' };
    const t = trust({ issuers: [{ iss: 'kore-bot', keys: [rsaWithKid] }] });
    const token = await sign(ec, claims(), { header: { kid: 'rsa-1' } });
    const message = await refused(verifySignedContext(token, options({ trust: t })), 'unknown-key');
    expect(message).toContain('is not a EC P-256 key for ES256');
  });

  it('refuses when the issuer has no key of the type the algorithm needs', async () => {
    const t = trust({ issuers: [{ iss: 'kore-bot', keys: [rsa.jwk] }] });
    const token = await sign(ec, claims(), { noKid: true });
    const message = await refused(verifySignedContext(token, options({ trust: t })), 'unknown-key');
    expect(message).toContain('has no trusted EC P-256 key');
  });

  it('accepts a key whose JWK also states use "sig" and alg "ES256"', async () => {
    const t = trust({
      issuers: [{ iss: 'kore-bot', keys: [{ ...ec.jwk, use: 'sig', alg: 'ES256' }] }],
    });
    expect(
      await verifySignedContext(await sign(ec, claims()), options({ trust: t })),
    ).toMatchObject({
      ok: true,
    });
  });

  it('never uses a key the token offers in its own header (jwk, jku, x5c)', async () => {
    const token = await sign(stranger, claims(), {
      header: { jwk: stranger.jwk, jku: 'https://evil.example/jwks.json', x5c: ['MIIB'] },
    });
    await refused(verifySignedContext(token, options()), 'bad-signature');
  });

  it('without a kid, a key the header offers is not tried either', async () => {
    const token = await sign(stranger, claims(), { noKid: true, header: { jwk: stranger.jwk } });
    const message = await refused(verifySignedContext(token, options()), 'bad-signature');
    expect(message).toContain("does not match the keys of 'kore-bot'");
  });

  it('ignores the keys a header offers on a token the trusted key signed', async () => {
    const token = await sign(ec, claims(), {
      header: {
        jwk: stranger.jwk,
        jku: 'https://evil.example/jwks.json',
        x5u: 'https://evil.example/c',
      },
    });
    expect(await verifySignedContext(token, options())).toMatchObject({ ok: true, kid: '2026-11' });
  });

  it('without a kid, tries the second key when the first does not verify', async () => {
    const t = trust({
      issuers: [{ iss: 'kore-bot', keys: [withoutKid(ec.jwk), withoutKid(ec2.jwk)] }],
    });
    const result = await verifySignedContext(
      await sign(ec2, claims(), { noKid: true }),
      options({ trust: t }),
    );
    expect(result).toMatchObject({ ok: true, iss: 'kore-bot' });
    expect(result).not.toHaveProperty('kid');
  });

  it('without a kid, tries the second key when the first cannot be loaded', async () => {
    const offCurve = { ...ec.jwk, kid: 'damaged', y: (ec.jwk as { x: string }).x };
    const t = unchecked('kore-bot', [offCurve, ec2.jwk]);
    const token = await sign(ec2, claims(), { noKid: true });
    expect(await verifySignedContext(token, options({ trust: t }))).toMatchObject({
      ok: true,
      kid: '2026-12',
    });
  });

  it('refuses with unknown-key when no trusted key can be used', async () => {
    const offCurve = { ...ec.jwk, y: (ec.jwk as { x: string }).x };
    const damaged = await refused(
      verifySignedContext(
        await sign(ec, claims()),
        options({ trust: unchecked('kore-bot', [offCurve]) }),
      ),
      'unknown-key',
    );
    expect(damaged).toContain('the trusted key in the settings could not be loaded');
    // jose will not verify with an RSA key under 2048 bits, as the settings schema would not take it.
    const short = await rs256Key(undefined, 1024);
    const message = await refused(
      verifySignedContext(
        await sign(short, claims({ iss: 'ada-bot' })),
        options({ trust: unchecked('ada-bot', [short.jwk]) }),
      ),
      'unknown-key',
    );
    expect(message).toContain('could not be loaded');
  });

  it('uses no key for an unknown issuer or an unknown kid', async () => {
    const unknownIssuer = await sign(ec, claims({ iss: 'evil-bot' }));
    const unknownKid = await sign(ec, claims(), { header: { kid: '2099-01' } });
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    await refused(verifySignedContext(unknownIssuer, options()), 'unknown-issuer');
    await refused(verifySignedContext(unknownKid, options()), 'unknown-key');
    expect(importKey).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
  });
});

describe('verifySignedContext — algorithms refused before any key is used', () => {
  async function expectAlgRefused(token: string, named: RegExp) {
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const message = await refused(verifySignedContext(token, options()), 'alg-refused');
    expect(message).toMatch(named);
    expect(message).toContain('only ES256 and RS256 signatures are accepted');
    expect(verify).not.toHaveBeenCalled();
    expect(importKey).not.toHaveBeenCalled();
  }

  it('alg none, with an empty or a made-up signature', async () => {
    const h = b64json({ alg: 'none', typ: 'JWT' });
    const p = b64json(claims());
    await expectAlgRefused(`${h}.${p}.`, /'none'/);
    await expectAlgRefused(`${h}.${p}.c2ln`, /'none'/);
    await expectAlgRefused(`${b64json({ alg: 'None' })}.${p}.`, /'None'/);
  });

  it("HS256 signed with the issuer's public JWK as the HMAC secret", async () => {
    const secret = new TextEncoder().encode(JSON.stringify(ec.jwk));
    await expectAlgRefused(await hmacToken(secret), /'HS256'/);
  });

  it("HS256 signed with the issuer's public key PEM as the HMAC secret", async () => {
    const secret = new TextEncoder().encode(await publicPem(rsa));
    await expectAlgRefused(await hmacToken(secret, 'ada-bot'), /'HS256'/);
  });

  it.each(['HS384', 'ES384', 'ES512', 'PS256', 'RS512', 'EdDSA', 'es256', 'ES256 '])(
    '%s',
    async (alg) => {
      const token = await sign(ec, claims(), { header: { alg } });
      await expectAlgRefused(token, /the algorithm '/);
    },
  );

  it('a header without alg, or with alg that is not text', async () => {
    const p = b64json(claims());
    await expectAlgRefused(`${b64json({ typ: 'JWT' })}.${p}.c2ln`, /uses no algorithm/);
    await expectAlgRefused(`${b64json({ alg: ['ES256'] })}.${p}.c2ln`, /uses no algorithm/);
  });

  it("PS256 genuinely signed with the issuer's own RSA key (a key of the right type)", async () => {
    const pss = { name: 'RSA-PSS', saltLength: 32 };
    const pair = await crypto.subtle.generateKey(
      { ...pss, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    const { n, e } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const t = trust({ issuers: [{ iss: 'ada-bot', keys: [{ kty: 'RSA', n, e }] }] });
    const h = b64json({ alg: 'PS256', typ: 'JWT' });
    const p = b64json(claims({ iss: 'ada-bot' }));
    const data = new TextEncoder().encode(`${h}.${p}`);
    const signature = await crypto.subtle.sign(pss, pair.privateKey, data);
    expect(await crypto.subtle.verify(pss, pair.publicKey, signature, data)).toBe(true);
    const token = `${h}.${p}.${encodeBase64url(new Uint8Array(signature))}`;

    const verify = vi.spyOn(crypto.subtle, 'verify');
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    const message = await refused(verifySignedContext(token, options({ trust: t })), 'alg-refused');
    expect(message).toContain("the algorithm 'PS256'");
    expect(verify).not.toHaveBeenCalled();
    expect(importKey).not.toHaveBeenCalled();
  });

  async function hmacToken(secret: Uint8Array<ArrayBuffer>, iss = 'kore-bot'): Promise<string> {
    const key = await crypto.subtle.importKey(
      'raw',
      secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const h = b64json({ alg: 'HS256', typ: 'JWT' });
    const p = b64json(claims({ iss }));
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${h}.${p}`));
    return `${h}.${p}.${encodeBase64url(new Uint8Array(mac))}`;
  }
});

describe('verifySignedContext — malformed tokens', () => {
  const p = () => b64json(claims());
  const h = () => b64json({ alg: 'ES256', kid: '2026-11' });

  it.each([
    ['an empty string', () => ''],
    ['two parts', () => `${h()}.${p()}`],
    ['four parts', () => `${h()}.${p()}.c2ln.c2ln`],
    ['a JWE (five parts)', () => `${h()}.a.b.c.d`],
    ['a character outside base64url', () => `${h()}.${p()}.c2l+`],
    ['padding', () => `${h()}.${p()}.c2lnbg==`],
    ['whitespace', () => `${h()} .${p()}.c2ln`],
    ['non-canonical trailing bits', () => `${h()}.${p()}.c2lnbh`],
    ['a length no base64 has', () => `${h()}.${p()}.c2lnb`],
    ['an empty header', () => `.${p()}.c2ln`],
    ['an empty payload', () => `${h()}..c2ln`],
    ['an empty signature', () => `${h()}.${p()}.`],
    ['a header that is not JSON', () => `${b64('{alg: ES256}')}.${p()}.c2ln`],
    ['a header that is a list', () => `${b64json(['ES256'])}.${p()}.c2ln`],
    [
      'a header that is not UTF-8',
      () => `${encodeBase64url(new Uint8Array([0x7b, 0xff, 0x7d]))}.${p()}.c2ln`,
    ],
    ['claims that are not JSON', () => `${h()}.${b64('not json')}.c2ln`],
    ['claims that are a string', () => `${h()}.${b64json('hello')}.c2ln`],
    ['claims that are null', () => `${h()}.${b64json(null)}.c2ln`],
    ['a kid that is not text', () => `${b64json({ alg: 'ES256', kid: 7 })}.${p()}.c2ln`],
    ['crit', () => `${b64json({ alg: 'ES256', crit: ['exp'], exp: 1 })}.${p()}.c2ln`],
    ['b64: false', () => `${b64json({ alg: 'ES256', b64: false, crit: [] })}.${p()}.c2ln`],
    ['b64 alone', () => `${b64json({ alg: 'ES256', b64: true })}.${p()}.c2ln`],
  ])('refuses %s', async (_, token) => {
    await refused(verifySignedContext(token(), options()), 'malformed');
  });

  it('refuses a header or claims that start with a byte order mark, which jose would drop', async () => {
    const bom = (value: unknown) =>
      encodeBase64url(
        new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(value))]),
      );
    const signed = async (h: string, p: string) =>
      `${h}.${p}.${encodeBase64url(await rawSignature(ec, h, p))}`;
    const header = { alg: 'ES256', kid: '2026-11' };
    for (const token of [
      await signed(bom(header), b64json(claims())),
      await signed(b64json(header), bom(claims())),
    ]) {
      const message = await refused(verifySignedContext(token, options()), 'malformed');
      expect(message).toContain('byte order mark');
    }
  });

  it('refuses a token over 16 KiB before decoding it', async () => {
    const token = `${h()}.${b64('x'.repeat(13_000))}.c2ln`;
    expect(token.length).toBeGreaterThan(16_384);
    const message = await refused(verifySignedContext(token, options()), 'malformed');
    expect(message).toContain('the limit is 16,384');
  });

  it('refuses crit even on a correctly signed token', async () => {
    const token = await sign(ec, claims(), { header: { crit: ['http://example.com/ext'] } });
    const message = await refused(verifySignedContext(token, options()), 'malformed');
    expect(message).toContain("'crit'");
  });

  it("refuses crit: ['b64'] with b64: true, which jose alone would accept", async () => {
    const token = await sign(ec, claims(), { header: { b64: true, crit: ['b64'] } });
    // The reason for the check: jose knows b64 and verifies this token.
    await expect(
      jwtVerify(token, ec.publicKey, { algorithms: ['ES256'], currentDate: new Date(NOW) }),
    ).resolves.toBeDefined();
    const message = await refused(verifySignedContext(token, options()), 'malformed');
    expect(message).toContain("'crit'");
  });

  it('refuses b64 without crit on a correctly signed token', async () => {
    const token = await sign(ec, claims(), { header: { b64: true } });
    const message = await refused(verifySignedContext(token, options()), 'malformed');
    expect(message).toContain("'b64'");
  });

  it('never throws, whatever it is handed', async () => {
    const bad = [undefined, null, 42, {}, [], 'a.b.c', '...', '\u0000.\u0000.\u0000'];
    for (const token of bad) {
      const result = await verifySignedContext(token as unknown as string, options());
      expect(result.ok).toBe(false);
    }
    const broken = { ...options(), trust: { issuers: null } as unknown as TrustSettings };
    const result = await verifySignedContext(await sign(ec, claims()), broken);
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('verifySignedContext — signatures', () => {
  it('refuses a DER-encoded ES256 signature, and says so', async () => {
    const h = b64json({ alg: 'ES256', kid: '2026-11' });
    const p = b64json(claims());
    const raw = await rawSignature(ec, h, p);
    // The same signature as raw r‖s is accepted: only the encoding differs.
    const good = `${h}.${p}.${encodeBase64url(raw)}`;
    expect(await verifySignedContext(good, options())).toMatchObject({ ok: true });
    const der = `${h}.${p}.${encodeBase64url(derFromRaw(raw))}`;
    const message = await refused(verifySignedContext(der, options()), 'bad-signature');
    expect(message).toContain('DER');
    expect(message).toContain('raw 64-byte');
  });

  it('refuses an ES256 signature of the wrong length', async () => {
    const token = `${b64json({ alg: 'ES256' })}.${b64json(claims())}.${encodeBase64url(new Uint8Array(63))}`;
    const message = await refused(verifySignedContext(token, options()), 'bad-signature');
    expect(message).toContain('63 bytes; it must be 64');
  });

  it('refuses a payload changed after signing', async () => {
    const token = await sign(ec, claims());
    const [h, , s] = token.split('.');
    const forged = b64json(claims({ ctx: { 'Account Tier': 'Platinum' } }));
    const message = await refused(
      verifySignedContext(`${h}.${forged}.${s}`, options()),
      'bad-signature',
    );
    expect(message).toBe(
      "This signed context's signature does not match key '2026-11' of 'kore-bot': it was changed after signing or signed with another key, so nothing was written.",
    );
  });

  it('refuses a header changed after signing (kid dropped)', async () => {
    const token = await sign(ec, claims());
    const [, p, s] = token.split('.');
    await refused(
      verifySignedContext(`${b64json({ alg: 'ES256' })}.${p}.${s}`, options()),
      'bad-signature',
    );
  });

  it('refuses a flipped signature bit, for ES256 and RS256', async () => {
    for (const [key, iss] of [
      [ec, 'kore-bot'],
      [rsa, 'ada-bot'],
    ] as const) {
      const token = await sign(key, claims({ iss }));
      const [h, p, s] = token.split('.') as [string, string, string];
      const bytes = Buffer.from(s, 'base64url');
      bytes[10] = (bytes[10] as number) ^ 1;
      await refused(
        verifySignedContext(`${h}.${p}.${encodeBase64url(new Uint8Array(bytes))}`, options()),
        'bad-signature',
      );
    }
  });

  it('refuses a token signed by a key nobody trusts, even with a trusted kid', async () => {
    await refused(verifySignedContext(await sign(stranger, claims()), options()), 'bad-signature');
  });

  it('refuses an RS256 token signed with an RSA key the issuer does not have', async () => {
    const other = await rs256Key();
    await refused(
      verifySignedContext(await sign(other, claims({ iss: 'ada-bot' })), options()),
      'bad-signature',
    );
  });
});

describe('verifySignedContext — issuer, audience, conversation', () => {
  it('refuses an unknown issuer', async () => {
    const message = await refused(
      verifySignedContext(await sign(ec, claims({ iss: 'evil-bot' })), options()),
      'unknown-issuer',
    );
    expect(message).toBe(
      "This signed context comes from an unknown issuer, 'evil-bot', so nothing was written. An admin can add the bot's public key to the trusted issuers in the settings.",
    );
  });

  it('refuses every issuer when none is configured', async () => {
    const t = TrustSettings.parse({});
    await refused(
      verifySignedContext(await sign(ec, claims()), options({ trust: t })),
      'unknown-issuer',
    );
  });

  it('refuses a token without iss', async () => {
    const { iss: _, ...noIss } = claims();
    const message = await refused(
      verifySignedContext(await sign(ec, noIss), options()),
      'bad-claims',
    );
    expect(message).toContain("('iss')");
  });

  it('does not show control or invisible characters from the token in messages', async () => {
    const message = await refused(
      verifySignedContext(await sign(ec, claims({ iss: 'evil\u202e\u0007bot' })), options()),
      'unknown-issuer',
    );
    expect(message).toContain("'evilbot'");
  });

  it('refuses another audience', async () => {
    const message = await refused(
      verifySignedContext(await sign(ec, claims({ aud: ['00DOTHERORG', 'globex'] })), options()),
      'wrong-audience',
    );
    expect(message).toContain("'00DOTHERORG', 'globex'");
  });

  it('refuses when no audience is configured', async () => {
    const t = { ...trust(), audiences: [] };
    const message = await refused(
      verifySignedContext(await sign(ec, claims()), options({ trust: t })),
      'wrong-audience',
    );
    expect(message).toContain('no audience is configured');
  });

  it('refuses a context for another conversation', async () => {
    const token = await sign(ec, claims({ conv: '0Mw5g000000OTHERCAK' }));
    const message = await refused(verifySignedContext(token, options()), 'wrong-conversation');
    expect(message).toBe(
      "This signed context belongs to another conversation ('0Mw5g000000OTHERCAK'), so nothing was written.",
    );
  });

  it('refuses a context without conv when the open conversation is known', async () => {
    const { conv: _, ...noConv } = claims();
    const message = await refused(
      verifySignedContext(await sign(ec, noConv), options()),
      'wrong-conversation',
    );
    expect(message).toContain("('conv')");
  });

  it('matches any of the ids the console knows, exactly unless the caller passes its rule', async () => {
    const token = await sign(ec, claims({ conv: '500Hs00001XyZaB' }));
    expect(
      await verifySignedContext(token, options({ conversationId: [CONV, '500Hs00001XyZaB'] })),
    ).toMatchObject({ ok: true, conv: '500Hs00001XyZaB' });
    // No platform rule: a 15-character id is not its 18-character form.
    await refused(
      verifySignedContext(token, options({ conversationId: [CONV, '500Hs00001XyZaBIAV'] })),
      'wrong-conversation',
    );
    // The platform's rule decides, asked with the open id first and the token's `conv` second.
    const asked: [string, string][] = [];
    const sameRecord = (open: string, conv: string) => {
      asked.push([open, conv]);
      return open.slice(0, 15) === conv.slice(0, 15);
    };
    expect(
      await verifySignedContext(
        token,
        options({ conversationId: [CONV, '500Hs00001XyZaBIAV'], sameConversation: sameRecord }),
      ),
    ).toMatchObject({ ok: true, conv: '500Hs00001XyZaB' });
    expect(asked).toContainEqual(['500Hs00001XyZaBIAV', '500Hs00001XyZaB']);
  });
});

describe('verifySignedContext — times, around the clock skew (60 s)', () => {
  const at = async (over: Record<string, unknown>) =>
    verifySignedContext(await sign(ec, claims(over)), options());

  it('exp: accepted up to the skew after it, refused from then on', async () => {
    expect(await at({ exp: NOW_S - 59, iat: NOW_S - 120 })).toMatchObject({ ok: true });
    await refused(at({ exp: NOW_S - 60, iat: NOW_S - 120 }), 'expired');
    const message = await refused(at({ exp: NOW_S - 180, iat: NOW_S - 600 }), 'expired');
    expect(message).toBe('This signed context expired 3 minutes ago, so nothing was written.');
  });

  it('nbf: refused more than the skew ahead, accepted within it', async () => {
    expect(await at({ nbf: NOW_S + 60 })).toMatchObject({ ok: true });
    const message = await refused(at({ nbf: NOW_S + 300 }), 'not-yet-valid');
    expect(message).toBe(
      "This signed context is not valid until 5 minutes from now (check the bot's clock), so nothing was written.",
    );
    expect(await at({ nbf: NOW_S - 10 })).toMatchObject({ ok: true });
  });

  it('iat: refused in the future beyond the skew', async () => {
    expect(await at({ iat: NOW_S + 60 })).toMatchObject({ ok: true });
    const message = await refused(at({ iat: NOW_S + 61 }), 'not-yet-valid');
    expect(message).toContain('issued 61 seconds in the future');
  });

  it('iat: refused when older than maxAgeSeconds (plus the skew), even before exp', async () => {
    const day = 86_400;
    expect(await at({ iat: NOW_S - day - 60 })).toMatchObject({ ok: true });
    const message = await refused(at({ iat: NOW_S - 2 * day }), 'too-old');
    expect(message).toBe(
      'This signed context was issued 2 days ago; contexts older than 1 day are refused, so nothing was written.',
    );
    await refused(at({ iat: NOW_S - day - 61 }), 'too-old');
  });

  it('honours the configured skew and maximum age', async () => {
    const t = trust({ clockSkewSeconds: 0, maxAgeSeconds: 300 });
    const token = async (over: Record<string, unknown>) => sign(ec, claims(over));
    await refused(
      verifySignedContext(await token({ exp: NOW_S }), options({ trust: t })),
      'expired',
    );
    await refused(
      verifySignedContext(await token({ iat: NOW_S - 301 }), options({ trust: t })),
      'too-old',
    );
    expect(
      await verifySignedContext(await token({ iat: NOW_S - 300 }), options({ trust: t })),
    ).toMatchObject({ ok: true });
  });

  it('maxAgeSeconds: refused by iat even with an exp days ahead, from max age plus skew', async () => {
    const t = trust({ maxAgeSeconds: 600 });
    const token = (iat: number) => sign(ec, claims({ iat, exp: NOW_S + 10 * 86_400 }));
    expect(
      await verifySignedContext(await token(NOW_S - 660), options({ trust: t })),
    ).toMatchObject({ ok: true });
    const message = await refused(
      verifySignedContext(await token(NOW_S - 661), options({ trust: t })),
      'too-old',
    );
    expect(message).toBe(
      'This signed context was issued 11 minutes ago; contexts older than 10 minutes are refused, so nothing was written.',
    );
  });
});

describe('verifySignedContext — claims', () => {
  const bad = async (over: Record<string, unknown>, drop?: string) => {
    const c = claims(over);
    if (drop) delete c[drop];
    return refused(verifySignedContext(await sign(ec, c), options()), 'bad-claims');
  };

  it.each([
    ['no ver', {}, 'ver', "('ver': 1)"],
    ['ver 2', { ver: 2 }, undefined, 'is version 2; this extension reads version 1'],
    ['ver "1"', { ver: '1' }, undefined, 'is version "1"'],
    ['no exp', {}, 'exp', "no expiry ('exp')"],
    ['exp as text', { exp: String(NOW_S + 600) }, undefined, "('exp') that is not a time"],
    ['no iat', {}, 'iat', "('iat')"],
    ['nbf as text', { nbf: 'now' }, undefined, "('nbf')"],
    ['no jti', {}, 'jti', "no unique id ('jti')"],
    ['an empty jti', { jti: '  ' }, undefined, "no unique id ('jti')"],
    ['a jti over 256 characters', { jti: 'j'.repeat(257) }, undefined, "('jti') longer"],
    ['no aud', {}, 'aud', "('aud')"],
    ['aud as a number', { aud: 7 }, undefined, "('aud')"],
    ['conv as a number', { conv: 42 }, undefined, "('conv')"],
    ['no ctx', {}, 'ctx', "carries no values ('ctx')"],
    ['ctx as a list', { ctx: ['a'] }, undefined, 'must be an object'],
    ['ctx as text', { ctx: 'Tier: Premium' }, undefined, 'must be an object'],
  ])('refuses %s', async (_, over, drop, text) => {
    expect(await bad(over, drop)).toContain(text);
  });

  it('refuses ctx values the parser refuses', async () => {
    expect(await bad({ ctx: { Note: 'x'.repeat(4_097) } })).toContain(
      'has 4,097 characters; the limit is 4,096',
    );
    expect(await bad({ ctx: { Note: 'A-1\u2060234' } })).toContain(
      'contains an invisible or text-direction character (U+2060)',
    );
    expect(await bad({ ctx: [1] })).toContain('must be an object');
  });

  it('reads ctx as the parser reads a JSON context: dotted keys, lists as text, keys left out and named', async () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, i]));
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ Tier: { nested: 1 } }, { 'Tier.nested': 1 }, ''],
      [{ Tier: [1, 'a'] }, { Tier: '1, a' }, ''],
      [many, { k0: 0, k199: 199 }, 'the 1 after the 200th'],
      [{ 'Account Tier': 'a', account_tier: 'b', vip: 1 }, { vip: 1 }, 'name the same key'],
      [{ '': 'x', vip: 1 }, { vip: 1 }, 'an empty key'],
    ];
    for (const [ctx, values, dropped] of cases) {
      const result = await verifySignedContext(await sign(ec, claims({ ctx })), options());
      if (!result.ok) throw new Error(`expected a verified context: ${result.message}`);
      expect(result.values).toMatchObject(values);
      if (dropped) expect(result.dropped?.join(' ')).toContain(dropped);
      else expect(result.dropped).toBeUndefined();
    }
  });

  it('leaves out a deeply nested ctx without blowing up, naming it', async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 500; i++) deep = { n: deep };
    const result = await verifySignedContext(
      await sign(ec, claims({ ctx: { deep, Tier: 'Gold' } })),
      options(),
    );
    if (!result.ok) throw new Error(`expected a verified context: ${result.message}`);
    expect({ ...result.values }).toEqual({ Tier: 'Gold' });
    expect(result.dropped).toEqual([
      "Handoff context key 'deep.n.n.n.n' was left out: it holds an object nested more than 5 levels deep (keys such as 'a.b.c.d.e' are the deepest)",
    ]);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'PROTO', '__Proto__'])(
    'leaves out the key %s in ctx, naming it, and nothing reaches Object.prototype',
    async (key) => {
      const payload = `{"ver":1,"iss":"kore-bot","aud":"${AUD}","iat":${NOW_S},"exp":${NOW_S + 60},"jti":"j","conv":"${CONV}","ctx":{"${key}":{"polluted":"yes"},"ok":"1"}}`;
      const result = await verifySignedContext(await sign(ec, payload), options());
      if (!result.ok) throw new Error(`expected a verified context: ${result.message}`);
      expect({ ...result.values }).toEqual({ ok: '1' });
      expect(result.dropped).toEqual([
        `Handoff context key '${key}' was left out: __proto__, constructor and prototype are reserved`,
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('leaves out a scalar __proto__ key with the reserved-key message', async () => {
    const payload = `{"ver":1,"iss":"kore-bot","aud":"${AUD}","iat":${NOW_S},"exp":${NOW_S + 60},"jti":"j","conv":"${CONV}","ctx":{"__proto__":"x"}}`;
    const result = await verifySignedContext(await sign(ec, payload), options());
    if (!result.ok) throw new Error(`expected a verified context: ${result.message}`);
    expect(result.dropped?.[0]).toContain('__proto__, constructor and prototype are reserved');
  });

  it('accepts the full range of allowed values', async () => {
    const ctx = { Text: 'é ✓ 𝒜', Empty: '', Zero: 0, Negative: -1.5, No: false, Nothing: null };
    const result = await verifySignedContext(await sign(ec, claims({ ctx })), options());
    expect(result).toMatchObject({ ok: true, values: ctx });
  });

  it('refuses times and audiences that jose alone would let through', async () => {
    // JSON's 1e400 is Infinity: jose would take it for an expiry that never comes.
    const forever = JSON.stringify(claims()).replace(`"exp":${NOW_S + 600}`, '"exp":1e400');
    expect(forever).toContain('1e400');
    const message = await refused(
      verifySignedContext(await sign(ec, forever), options()),
      'bad-claims',
    );
    expect(message).toContain("has an expiry ('exp') that is not a time in seconds");
    expect(await bad({ exp: -1 })).toContain("('exp') that is not a time");
    expect(await bad({ iat: -1 })).toContain("('iat') that is not a time");
    expect(await bad({ aud: [AUD, 7] })).toContain("('aud') that is neither a text");
  });

  it('checks its own claims before the times jose refused (ver on an expired token)', async () => {
    const message = await bad({ ver: 2, exp: NOW_S - 3600, iat: NOW_S - 7200 });
    expect(message).toContain('is version 2');
  });
});

describe('verifySignedContext — replay', () => {
  it('refuses a jti already seen (sync and async answers)', async () => {
    const token = await sign(ec, claims());
    const m1 = await refused(
      verifySignedContext(token, options({ seenJti: () => true })),
      'replayed',
    );
    expect(m1).toBe(
      "This signed context was already used once (its id 'ctx-0001' was seen before); a context is accepted only once, so nothing was written.",
    );
    await refused(verifySignedContext(token, options({ seenJti: async () => true })), 'replayed');
  });

  it('works with a real seen-set: first use accepted, second refused', async () => {
    const seen = new Set<string>();
    const opts = options({ seenJti: (jti) => seen.has(jti) });
    const token = await sign(ec, claims({ jti: 'once' }));
    const first = await verifySignedContext(token, opts);
    expect(first).toMatchObject({ ok: true, jti: 'once' });
    if (first.ok) seen.add(first.jti);
    await refused(verifySignedContext(token, opts), 'replayed');
  });

  it('fails closed when the seen-check throws or answers nonsense', async () => {
    const token = await sign(ec, claims());
    const boom = () => {
      throw new Error('IndexedDB closed');
    };
    const message = await refused(
      verifySignedContext(token, options({ seenJti: boom })),
      'replayed',
    );
    expect(message).toContain('could not be checked against the contexts already used');
    await refused(
      verifySignedContext(token, options({ seenJti: () => Promise.reject(new Error('x')) })),
      'replayed',
    );
    await refused(
      verifySignedContext(token, options({ seenJti: () => undefined as unknown as boolean })),
      'replayed',
    );
  });

  it('does not consult seenJti for a token that fails an earlier check', async () => {
    const seenJti = vi.fn(() => false);
    const forged = await sign(stranger, claims());
    await refused(verifySignedContext(forged, options({ seenJti })), 'bad-signature');
    await refused(
      verifySignedContext(
        await sign(ec, claims({ exp: NOW_S - 3600, iat: NOW_S - 7200 })),
        options({ seenJti }),
      ),
      'expired',
    );
    expect(seenJti).not.toHaveBeenCalled();
  });
});

describe('duration', () => {
  it.each([
    [0, '1 second'],
    [1, '1 second'],
    [45, '45 seconds'],
    [89, '89 seconds'],
    [180, '3 minutes'],
    [3_600, '60 minutes'],
    [7_200, '2 hours'],
    [82_800, '23 hours'],
    [86_400, '1 day'],
    [172_800, '2 days'],
  ])('%i s → %s', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
