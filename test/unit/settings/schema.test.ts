import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSettings,
  PublicJwk,
  parseSettings,
  SETTINGS_FORMAT,
  type SettingsInput,
  settingsPath,
  settingsWarnings,
  TrustSettings,
} from '@/lib/settings/schema';
import { es256Key, rs256Key, type TestKey } from '../context/test-signer';

let ec: TestKey;
let rsa: TestKey;
let rsa1024: TestKey;

beforeAll(async () => {
  [ec, rsa, rsa1024] = await Promise.all([
    es256Key('2026-11'),
    rs256Key('r1'),
    rs256Key('weak', 1024),
  ]);
});

const file = (trust: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  format: SETTINGS_FORMAT,
  version: 1,
  trust,
  ...more,
});

function errors(input: unknown): string[] {
  const result = parseSettings(input);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.settings)}`);
  return result.errors;
}

function jwkErrors(jwk: unknown): string[] {
  const result = PublicJwk.safeParse(jwk);
  if (result.success) throw new Error(`expected the JWK to be refused: ${JSON.stringify(jwk)}`);
  return result.error.issues.map((i) => `${settingsPath(i.path)}: ${i.message}`);
}

describe('defaultSettings', () => {
  it('trusts no issuer, signed-or-bot, one day, one minute of skew', () => {
    expect(defaultSettings()).toEqual({
      format: 'handoff-fields/settings',
      version: 1,
      transcriptProfiles: {},
      salesforceOAuth: { mode: 'cookie-first', apps: [] },
      trust: {
        policy: 'signed-or-bot',
        audiences: [],
        issuers: [],
        maxAgeSeconds: 86_400,
        clockSkewSeconds: 60,
      },
      writeMode: 'auto',
      redaction: 'none',
      retentionDays: 30,
      postMessageOrigins: [],
      kustomerBotApps: [],
      recordFieldSources: [],
    });
  });

  it('returns a fresh object each time', () => {
    const a = defaultSettings();
    a.trust.audiences.push('x');
    expect(defaultSettings().trust.audiences).toEqual([]);
  });
});

describe('writeMode', () => {
  it('is auto unless the file says confirm or verify-only, and refuses anything else naming the key', () => {
    expect(parseSettings({ format: SETTINGS_FORMAT, version: 1 })).toMatchObject({
      ok: true,
      settings: { writeMode: 'auto' },
    });
    expect(
      parseSettings({ format: SETTINGS_FORMAT, version: 1, writeMode: 'confirm' }),
    ).toMatchObject({ ok: true, settings: { writeMode: 'confirm' } });
    expect(
      parseSettings({ format: SETTINGS_FORMAT, version: 1, writeMode: 'verify-only' }),
    ).toMatchObject({ ok: true, settings: { writeMode: 'verify-only' } });
    for (const bad of ['Confirm', 'ask', 'verify_only', 'Verify only', true, null]) {
      expect(parseSettings({ format: SETTINGS_FORMAT, version: 1, writeMode: bad })).toEqual({
        ok: false,
        errors: ['writeMode: writeMode must be "auto", "confirm" or "verify-only"'],
      });
    }
  });
});

describe('the settings file', () => {
  it('reads the example of docs/files.md with real keys', () => {
    const input: SettingsInput = {
      format: 'handoff-fields/settings',
      version: 1,
      trust: {
        policy: 'signed-or-bot',
        audiences: ['00D5g000004XyZaEAK', 'acme'],
        issuers: [
          { iss: 'kore-bot', keys: [ec.jwk] },
          { iss: 'ada-bot', keys: [rsa.jwk] },
        ],
        maxAgeSeconds: 86_400,
        clockSkewSeconds: 60,
      },
    };
    const result = parseSettings(input);
    expect(result).toMatchObject({
      ok: true,
      settings: { trust: { issuers: [{ iss: 'kore-bot' }, { iss: 'ada-bot' }] } },
    });
  });

  it('says a mappings file is one, and where it is imported, instead of listing its keys', () => {
    expect(parseSettings({ format: 'handoff-fields/mappings', version: 1, mappings: [] })).toEqual({
      ok: false,
      errors: [
        `format: this is a mappings file ("handoff-fields/mappings"), not a settings file: import it in the options page's Mappings section (Import…), or give it to the CLI as --mappings`,
      ],
    });
  });

  it('fills defaults in a file that gives only format and version, or a partial trust', () => {
    expect(parseSettings({ format: SETTINGS_FORMAT, version: 1 })).toEqual({
      ok: true,
      settings: defaultSettings(),
    });
    const result = parseSettings(file({ policy: 'signed-only' }));
    expect(result).toMatchObject({
      ok: true,
      settings: { trust: { policy: 'signed-only', maxAgeSeconds: 86_400, clockSkewSeconds: 60 } },
    });
  });

  it('accepts a JWK as WebCrypto exports it (key_ops, ext) and with use/alg/kid', () => {
    const exported = { ...ec.jwk, key_ops: ['verify'], ext: true, use: 'sig', alg: 'ES256' };
    expect(PublicJwk.safeParse(exported).success).toBe(true);
    expect(PublicJwk.safeParse({ ...rsa.jwk, alg: 'RS256', use: 'sig' }).success).toBe(true);
  });

  it.each([
    [
      'format',
      { format: 'handoff-fields/setting', version: 1 },
      'format: format must be "handoff-fields/settings"',
    ],
    ['version', { format: SETTINGS_FORMAT, version: 2 }, 'version: version must be 1'],
    ['not an object', 'settings', 'expected object'],
    [
      'an unknown setting',
      { format: SETTINGS_FORMAT, version: 1, trsut: {} },
      'unknown setting "trsut"',
    ],
    ['an unknown trust setting', file({ maxAge: 10 }), 'trust: unknown setting "maxAge"'],
    ['a policy', file({ policy: 'bot-only' }), 'trust.policy:'],
    ['maxAgeSeconds below 1', file({ maxAgeSeconds: 0 }), 'trust.maxAgeSeconds:'],
    ['maxAgeSeconds not whole', file({ maxAgeSeconds: 1.5 }), 'trust.maxAgeSeconds:'],
    ['maxAgeSeconds over 30 days', file({ maxAgeSeconds: 2_592_001 }), 'trust.maxAgeSeconds:'],
    ['clockSkewSeconds negative', file({ clockSkewSeconds: -1 }), 'trust.clockSkewSeconds:'],
    [
      'clockSkewSeconds over 10 minutes',
      file({ clockSkewSeconds: 601 }),
      'trust.clockSkewSeconds:',
    ],
    [
      'an empty audience',
      file({ audiences: [''] }),
      'trust.audiences[0]: an audience cannot be empty',
    ],
  ])('refuses %s, naming the path', (_, input, text) => {
    expect(errors(input).join('\n')).toContain(text);
  });

  it('refuses issuers without an audience, an issuer without keys, and duplicates', () => {
    expect(errors(file({ issuers: [{ iss: 'kore-bot', keys: [ec.jwk] }] }))).toEqual([
      'trust.audiences: add at least one audience (the Salesforce org id or the Kustomer org name): signed contexts must name one',
    ]);
    expect(errors(file({ audiences: ['a'], issuers: [{ iss: 'kore-bot', keys: [] }] }))).toEqual([
      "trust.issuers[0].keys: add the issuer's public key (a JWK)",
    ]);
    expect(
      errors(
        file({
          audiences: ['a'],
          issuers: [
            { iss: 'kore-bot', keys: [ec.jwk] },
            { iss: 'kore-bot', keys: [rsa.jwk] },
          ],
        }),
      ),
    ).toEqual([
      'trust.issuers[1].iss: the issuer "kore-bot" is already listed as issuers[0]; put all its keys in one entry',
    ]);
    expect(
      errors(
        file({
          audiences: ['a'],
          issuers: [{ iss: 'kore-bot', keys: [ec.jwk, { ...rsa.jwk, kid: '2026-11' }] }],
        }),
      ),
    ).toEqual([
      'trust.issuers[0].keys[1].kid: the kid "2026-11" is already used by keys[0]; each key of an issuer needs its own kid',
    ]);
    expect(
      errors(file({ audiences: ['a'], issuers: [{ iss: ' kore-bot', keys: [ec.jwk] }] })),
    ).toEqual(['trust.issuers[0].iss: the issuer (iss) has spaces around it']);
  });
});

describe('public keys only', () => {
  it('refuses an EC private JWK, saying private keys never go in settings', () => {
    const list = errors(
      file({
        audiences: ['a'],
        issuers: [{ iss: 'kore-bot', keys: [{ ...ec.privateJwk, kid: 'k' }] }],
      }),
    );
    expect(list).toHaveLength(1);
    expect(list[0]).toMatch(
      /^trust\.issuers\[0\]\.keys\[0\]\.d: this is a private key: private keys never go in settings/,
    );
  });

  it('refuses an RSA private JWK', () => {
    expect(jwkErrors(rsa.privateJwk)).toEqual([
      expect.stringMatching(/^d: this is a private key: private keys never go in settings/),
    ]);
  });

  it.each(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'])(
    'refuses a public JWK with a stray %s',
    (member) => {
      const base = member === 'd' ? ec.jwk : rsa.jwk;
      expect(jwkErrors({ ...base, [member]: 'AQAB' })).toEqual([
        expect.stringContaining(
          `${member}: this is a private key: private keys never go in settings`,
        ),
      ]);
    },
  );

  it('refuses a symmetric (oct) key, whose k is a secret', () => {
    expect(jwkErrors({ kty: 'oct', k: 'c2VjcmV0', alg: 'HS256' })).toEqual([
      expect.stringContaining('k: this is a private key: private keys never go in settings'),
    ]);
  });

  it.each([
    [
      'an OKP key',
      { kty: 'OKP', crv: 'Ed25519', x: 'AQAB' },
      'kty must be "EC" (P-256, for ES256) or "RSA"',
    ],
    ['no kty', { x: 'AQAB' }, 'kty must be'],
    [
      'a P-384 key',
      () => ({ ...ec.jwk, crv: 'P-384' }),
      'crv: only the P-256 curve is accepted (ES256)',
    ],
    [
      'an RSA key of 1,024 bits',
      () => rsa1024.jwk,
      'n: the RSA key has 1024 bits; at least 2048 are required',
    ],
    [
      'an even RSA exponent',
      () => ({ ...rsa.jwk, e: 'AQAA' }),
      'e: the RSA public exponent is not valid',
    ],
    [
      'an RSA exponent of 1',
      () => ({ ...rsa.jwk, e: 'AQ' }),
      'e: the RSA public exponent is not valid',
    ],
    ['x that is not base64url', () => ({ ...ec.jwk, x: 'a+b/c=' }), 'x: must be base64url text'],
    [
      'a short coordinate',
      () => ({ ...ec.jwk, y: 'AQAB' }),
      'y: a P-256 coordinate is 32 bytes; this one has 3',
    ],
    [
      'a point off the curve',
      () => ({ ...ec.jwk, y: ec.jwk.kty === 'EC' ? ec.jwk.x : '' }),
      'not a point of the P-256 curve',
    ],
    [
      'an EC key that says RS256',
      () => ({ ...ec.jwk, alg: 'RS256' }),
      'alg: alg of an EC P-256 key must be "ES256"',
    ],
    [
      'an RSA key that says PS256',
      () => ({ ...rsa.jwk, alg: 'PS256' }),
      'alg: alg of an RSA key must be "RS256"',
    ],
    ['an encryption key', () => ({ ...ec.jwk, use: 'enc' }), 'use: use must be "sig"'],
    [
      'key_ops without verify',
      () => ({ ...ec.jwk, key_ops: ['sign'] }),
      'key_ops: key_ops must include "verify"',
    ],
    ['an empty kid', () => ({ ...ec.jwk, kid: '' }), 'kid: kid cannot be empty'],
  ])('refuses %s', (_, jwk, text) => {
    const value = typeof jwk === 'function' ? jwk() : jwk;
    expect(jwkErrors(value).join('\n')).toContain(text);
  });

  it('names an unknown JWK member as such', () => {
    const list = errors(
      file({
        audiences: ['a'],
        issuers: [{ iss: 'kore-bot', keys: [{ ...ec.jwk, colour: 'blue' }] }],
      }),
    );
    expect(list).toEqual(['trust.issuers[0].keys[0]: unknown JWK member "colour"']);
  });

  it('keeps the trust schema usable on its own', () => {
    expect(TrustSettings.parse({})).toEqual({
      policy: 'signed-or-bot',
      audiences: [],
      issuers: [],
      maxAgeSeconds: 86_400,
      clockSkewSeconds: 60,
    });
  });
});

describe('postMessageOrigins', () => {
  it('accepts exact https origins, with a port', () => {
    const result = parseSettings(
      file(
        {},
        { postMessageOrigins: ['https://bot.example.com', 'https://assist.vendor.io:8443'] },
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      settings: {
        postMessageOrigins: ['https://bot.example.com', 'https://assist.vendor.io:8443'],
      },
    });
  });

  it.each([
    ['http://bot.example.com', 'must start with https://'],
    ['https://*.example.com', 'has a wildcard'],
    ['*', 'has a wildcard'],
    ['https://bot.example.com/', 'write it as "https://bot.example.com"'],
    ['https://bot.example.com/widget', 'write it as "https://bot.example.com"'],
    ['https://Bot.Example.com', 'write it as "https://bot.example.com"'],
    ['https://bot.example.com:443', 'write it as "https://bot.example.com"'],
    ['bot.example.com', 'is not an origin like https://bot.example.com'],
    ['null', 'is not an origin'],
    ['chrome-extension://abcdef', 'must start with https://'],
  ])('refuses %s', (origin, text) => {
    const list = errors(file({}, { postMessageOrigins: ['https://ok.example.com', origin] }));
    expect(list).toHaveLength(1);
    expect(list[0]).toContain('postMessageOrigins[1]: ');
    expect(list[0]).toContain(text);
  });
});

describe('recordFieldSources', () => {
  const sources = (recordFieldSources: unknown[]) => file({}, { recordFieldSources });

  it('accepts MessagingSession or Case fields and Kustomer text attributes', () => {
    const list = [
      { platform: 'salesforce', object: 'MessagingSession', field: 'Handoff_Context__c' },
      { platform: 'salesforce', object: 'Case', field: 'Bot_Context__c' },
      { platform: 'kustomer', object: 'conversation', field: 'handoffContextTxt' },
      { platform: 'kustomer', object: 'customer', field: 'lastContextStr' },
    ];
    expect(parseSettings(sources(list))).toMatchObject({
      ok: true,
      settings: { recordFieldSources: list },
    });
  });

  it.each([
    [
      { platform: 'salesforce', object: 'Account', field: 'X__c' },
      'recordFieldSources[0].object: a Salesforce context field is on "MessagingSession" or "Case", not "Account"',
    ],
    [
      { platform: 'salesforce', object: 'Case', field: 'Bad Field' },
      'recordFieldSources[0].field: "Bad Field" is not a field API name (like Handoff_Context__c)',
    ],
    [
      { platform: 'kustomer', object: 'message', field: 'handoffContextTxt' },
      'recordFieldSources[0].object: a Kustomer context attribute is on "conversation" or "customer", not "message"',
    ],
    [
      { platform: 'kustomer', object: 'conversation', field: 'handoffContextNum' },
      'recordFieldSources[0].field: "handoffContextNum" is not a text attribute: use the system name of a Txt (or Str) attribute, like handoffContextTxt',
    ],
    [
      { platform: 'zendesk', object: 'ticket', field: 'x' },
      'recordFieldSources[0].platform: platform must be "salesforce" or "kustomer"',
    ],
  ])('refuses %o', (source, message) => {
    expect(errors(sources([source]))).toEqual([message]);
  });

  it('refuses the same field twice and unknown keys', () => {
    const one = { platform: 'salesforce', object: 'Case', field: 'Ctx__c' };
    expect(errors(sources([one, { ...one, field: 'ctx__c' }]))).toEqual([
      'recordFieldSources[1]: Case.ctx__c is already listed as recordFieldSources[0]',
    ]);
    expect(errors(sources([{ ...one, trusted: true }]))).toEqual([
      'recordFieldSources[0]: unknown setting "trusted"',
    ]);
  });
});

describe('settingsPath', () => {
  it('writes paths the way an admin reads them', () => {
    expect(settingsPath(['trust', 'issuers', 0, 'keys', 1, 'd'])).toBe(
      'trust.issuers[0].keys[1].d',
    );
    expect(settingsPath([])).toBe('');
    expect(settingsPath([2, 'x'])).toBe('[2].x');
  });
});

describe('settingsWarnings', () => {
  it('warns about every record field opted in to unsigned contexts, and nothing else', () => {
    const parsed = parseSettings({
      format: 'handoff-fields/settings',
      version: 1,
      recordFieldSources: [
        { platform: 'salesforce', object: 'MessagingSession', field: 'Handoff_Context__c' },
        {
          platform: 'kustomer',
          object: 'conversation',
          field: 'handoffContextTxt',
          acceptUnsigned: true,
        },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(settingsWarnings(parsed.settings)).toEqual([
      expect.stringMatching(
        /^recordFieldSources\[1\]: acceptUnsigned trusts any unsigned context in conversation\.handoffContextTxt like the bot's\. .*customer's own browser/,
      ),
    ]);
    expect(settingsWarnings(defaultSettings())).toEqual([]);
  });

  it('refuses an acceptUnsigned that is not true or false', () => {
    const parsed = parseSettings({
      format: 'handoff-fields/settings',
      version: 1,
      recordFieldSources: [
        {
          platform: 'kustomer',
          object: 'conversation',
          field: 'handoffContextTxt',
          acceptUnsigned: 'yes',
        },
      ],
    });
    expect(parsed).toEqual({
      ok: false,
      errors: ['recordFieldSources[0].acceptUnsigned: acceptUnsigned must be true or false'],
    });
  });
});

describe('transcriptProfiles', () => {
  const file = (transcriptProfiles: unknown) => ({
    format: 'handoff-fields/settings',
    version: 1,
    transcriptProfiles,
  });

  it('takes bot names and profile values per platform', () => {
    const parsed = parseSettings(
      file({ salesforce: { botNames: [' Acme Helper '], values: { meta: '.chatMeta' } } }),
    );
    expect(parsed.ok && parsed.settings.transcriptProfiles).toEqual({
      salesforce: { botNames: ['Acme Helper'], values: { meta: '.chatMeta' } },
    });
  });

  it('names an unknown platform, an unknown key and an empty value by their path', () => {
    const parsed = parseSettings(
      file({
        zendesk: {},
        kustomer: { values: { meta: '.x', body: '  ' } },
        salesforce: { botNames: [], colour: 'red' },
      }),
    );
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^transcriptProfiles\.zendesk: not a platform: use "salesforce" or "kustomer"/,
        ),
        expect.stringMatching(
          /^transcriptProfiles\.kustomer\.values\.body: a profile value cannot be empty/,
        ),
        expect.stringMatching(
          /^transcriptProfiles\.salesforce\.botNames: list at least one bot name/,
        ),
        expect.stringMatching(/^transcriptProfiles\.salesforce: unknown setting "colour"/),
      ]),
    );
  });

  it('refuses a key the platform’s profile does not have, naming the keys it has', () => {
    const parsed = parseSettings(file({ kustomer: { values: { meta: '.x' } } }));
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      expect.stringMatching(
        /^transcriptProfiles\.kustomer\.values\.meta: not a key of the Kustomer transcript profile: use "timeline", "item"/,
      ),
    ]);
  });
});
