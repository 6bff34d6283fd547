/**
 * The settings file (docs/files.md): what export writes, import and the CLI's `--settings` read, and
 * what the `settings` store holds. Data enters here from a file an admin edited by hand, so every
 * object is strict (an unknown or misspelt key is an error that names its path, not a setting that
 * silently does nothing) and every public key is checked before it can ever be used.
 *
 * Trust (docs/context-format.md): signed contexts are verified against the public JWKs of the trusted issuers
 * below. Only public keys belong here: a JWK that carries a private member (`d`, `p`, `q`, `dp`,
 * `dq`, `qi`, `oth`) or a symmetric secret (`k`) is refused, because anyone who can read the
 * extension's settings could then sign contexts.
 *
 * Other settings live beside `trust`. Add them as optional keys with defaults in `Settings` below, so
 * older files stay valid.
 */
import { z } from 'zod';
import { decodeBase64url } from '../context/base64url';
import { MAPPINGS_FORMAT } from '../mapping/schema';
import { platformDescriptor, platformIds, quotedList } from '../platforms/descriptor-registry';
import { KUSTOMER_BOT_APPS_MAX, KustomerBotApps } from '../platforms/kustomer/bot-apps';
import { SalesforceOAuthSettings } from '../platforms/salesforce/oauth-settings';
import { platformIdSchema } from '../platforms/types';
import { TranscriptProfiles } from './transcript-profiles';

export const SETTINGS_FORMAT = 'handoff-fields/settings';

export const SETTINGS_LIMITS = {
  issuers: 50,
  keysPerIssuer: 20,
  audiences: 50,
  postMessageOrigins: 50,
  recordFieldSources: 10,
  kustomerBotApps: KUSTOMER_BOT_APPS_MAX,
  /** 30 days. */
  maxAgeSeconds: 2_592_000,
  /** 10 minutes. */
  clockSkewSeconds: 600,
  rsaMinBits: 2048,
  rsaMaxBits: 8192,
  /** Ten years. */
  retentionDays: 3650,
} as const;

// ─── Public JWKs ─────────────────────────────────────────────────────────────────────────────────

/** JWK members that only a private or secret key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export const PRIVATE_KEY_MESSAGE =
  'this is a private key: private keys never go in settings. Paste only the public key (for EC: kty, crv, x, y; for RSA: kty, n, e; and its kid)';

const base64urlText = z
  .string()
  .max(2_000)
  .refine((s) => s.length > 0 && decodeBase64url(s) !== null, {
    message: 'must be base64url text (A–Z, a–z, 0–9, - and _, no padding)',
  });

/** Members a public JWK may carry besides its key material. `x5c`/`x5t` are accepted and never used. */
const jwkCommon = {
  kid: z.string().min(1, 'kid cannot be empty').max(200).optional(),
  use: z.literal('sig', { error: 'use must be "sig" for a signature key' }).optional(),
  key_ops: z
    .array(z.string())
    .max(10)
    .refine((ops) => ops.includes('verify'), {
      message: 'key_ops must include "verify" (or leave key_ops out)',
    })
    .optional(),
  ext: z.boolean().optional(),
  x5c: z.array(z.string().max(16_000)).max(10).optional(),
  x5t: z.string().max(200).optional(),
  'x5t#S256': z.string().max(200).optional(),
};

export const EcPublicJwk = z
  .strictObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256', { error: 'only the P-256 curve is accepted (ES256)' }),
    alg: z.literal('ES256', { error: 'alg of an EC P-256 key must be "ES256"' }).optional(),
    x: base64urlText,
    y: base64urlText,
    ...jwkCommon,
  })
  .superRefine((jwk, ctx) => {
    const x = decodeBase64url(jwk.x);
    const y = decodeBase64url(jwk.y);
    if (!x || !y) return; // reported by the members' own checks
    if (x.length !== 32 || y.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        path: [x.length !== 32 ? 'x' : 'y'],
        message: `a P-256 coordinate is 32 bytes; this one has ${x.length !== 32 ? x.length : y.length}`,
      });
    } else if (!onP256(toBigInt(x), toBigInt(y))) {
      ctx.addIssue({
        code: 'custom',
        message: 'x and y are not a point of the P-256 curve: the key was damaged when copied',
      });
    }
  });
export type EcPublicJwk = z.infer<typeof EcPublicJwk>;

export const RsaPublicJwk = z
  .strictObject({
    kty: z.literal('RSA'),
    alg: z.literal('RS256', { error: 'alg of an RSA key must be "RS256"' }).optional(),
    n: base64urlText,
    e: base64urlText,
    ...jwkCommon,
  })
  .superRefine((jwk, ctx) => {
    const n = decodeBase64url(jwk.n);
    const e = decodeBase64url(jwk.e);
    if (!n || !e) return;
    const bits = bitLength(n);
    if (bits < SETTINGS_LIMITS.rsaMinBits) {
      ctx.addIssue({
        code: 'custom',
        path: ['n'],
        message: `the RSA key has ${bits} bits; at least ${SETTINGS_LIMITS.rsaMinBits} are required`,
      });
    } else if (bits > SETTINGS_LIMITS.rsaMaxBits) {
      ctx.addIssue({
        code: 'custom',
        path: ['n'],
        message: `the RSA key has ${bits} bits; at most ${SETTINGS_LIMITS.rsaMaxBits} are accepted`,
      });
    }
    const exponent = e.length <= 8 ? toBigInt(e) : 0n;
    if (exponent < 3n || exponent % 2n === 0n) {
      ctx.addIssue({
        code: 'custom',
        path: ['e'],
        message: 'the RSA public exponent is not valid (it is usually "AQAB", 65537)',
      });
    }
  });
export type RsaPublicJwk = z.infer<typeof RsaPublicJwk>;

/** A public key for ES256 (EC P-256) or RS256 (RSA ≥ 2048 bits). */
export const PublicJwk = z
  .looseObject({})
  .superRefine((jwk, ctx) => {
    const secrets = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
    if (secrets.length > 0) {
      ctx.addIssue({ code: 'custom', path: [secrets[0] as string], message: PRIVATE_KEY_MESSAGE });
    }
  })
  .pipe(
    z.discriminatedUnion('kty', [EcPublicJwk, RsaPublicJwk], {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? 'kty must be "EC" (P-256, for ES256) or "RSA" (for RS256); other key types are not accepted'
          : undefined,
    }),
  );
export type PublicJwk = z.infer<typeof PublicJwk>;

// ─── Trust ───────────────────────────────────────────────────────────────────────────────────────

export const TrustPolicy = z.enum(['signed-or-bot', 'signed-only']);
export type TrustPolicy = z.infer<typeof TrustPolicy>;

export const TrustedIssuer = z
  .strictObject({
    /** Compared exactly with the token's `iss` claim. */
    iss: z
      .string()
      .min(1, 'the issuer (iss) cannot be empty')
      .max(200)
      .refine((s) => s.trim() === s, { message: 'the issuer (iss) has spaces around it' }),
    keys: z
      .array(PublicJwk)
      .min(1, "add the issuer's public key (a JWK)")
      .max(SETTINGS_LIMITS.keysPerIssuer),
  })
  .superRefine((issuer, ctx) => {
    const kids = new Map<string, number>();
    issuer.keys.forEach((key, i) => {
      if (key.kid === undefined) return;
      const earlier = kids.get(key.kid);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['keys', i, 'kid'],
          message: `the kid "${key.kid}" is already used by keys[${earlier}]; each key of an issuer needs its own kid`,
        });
      } else kids.set(key.kid, i);
    });
  });
export type TrustedIssuer = z.infer<typeof TrustedIssuer>;

export const TrustSettings = z
  .strictObject({
    /** `signed-or-bot`: signed context from anyone, unverified context only from the bot's messages. */
    policy: TrustPolicy.default('signed-or-bot'),
    /** A signed context's `aud` must name one of these (the Salesforce org id, the Kustomer org name). */
    audiences: z
      .array(z.string().min(1, 'an audience cannot be empty').max(200))
      .max(SETTINGS_LIMITS.audiences)
      .default([]),
    issuers: z.array(TrustedIssuer).max(SETTINGS_LIMITS.issuers).default([]),
    /** A signed context issued longer ago than this is refused, whatever its `exp`. */
    maxAgeSeconds: z.number().int().min(1).max(SETTINGS_LIMITS.maxAgeSeconds).default(86_400),
    /** Tolerated difference between the bot's clock and the agent's. */
    clockSkewSeconds: z.number().int().min(0).max(SETTINGS_LIMITS.clockSkewSeconds).default(60),
  })
  .superRefine((trust, ctx) => {
    const names = new Map<string, number>();
    trust.issuers.forEach((issuer, i) => {
      const earlier = names.get(issuer.iss);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['issuers', i, 'iss'],
          message: `the issuer "${issuer.iss}" is already listed as issuers[${earlier}]; put all its keys in one entry`,
        });
      } else names.set(issuer.iss, i);
    });
    if (trust.issuers.length > 0 && trust.audiences.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['audiences'],
        message:
          'add at least one audience (the Salesforce org id or the Kustomer org name): signed contexts must name one',
      });
    }
  });
export type TrustSettings = z.infer<typeof TrustSettings>;
export type TrustSettingsInput = z.input<typeof TrustSettings>;

// ─── Other settings ──────────────────────────────────────────────────────────────────────────────

/** An exact origin such as `https://bot.example.com` or `https://bot.example.com:8443`. */
export const HttpsOrigin = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function originProblem(value: string): string | null {
  if (value.includes('*')) return `"${value}" has a wildcard: list each origin exactly`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an origin like https://bot.example.com`;
  }
  if (url.protocol !== 'https:') return `"${value}" must start with https://`;
  if (url.origin !== value) {
    return `"${value}" is not an exact origin: write it as "${url.origin}" (no path, no trailing slash, lowercase host)`;
  }
  return null;
}

/**
 * A record field holding a handoff context in any form (docs/context-sources.md), read when the agent opens a
 * record: a MessagingSession (or Case) field on Salesforce — typically a long text area filled by an
 * Omni-Channel Flow from one hidden pre-chat field — or a conversation (or customer) attribute on
 * Kustomer. Signed contexts only, unless the admin sets `acceptUnsigned` (docs/context-sources.md):
 * a hidden pre-chat field is set by JavaScript in the customer's own browser.
 */
export const RecordFieldSource = z
  .strictObject({
    platform: platformIdSchema(() => `platform must be ${quotedList(platformIds)}`),
    object: z.string().min(1, 'name the object').max(100),
    field: z.string().min(1, 'name the field').max(100),
    /** Trust unverified forms in this field like the bot's: only if nothing but a server writes it. */
    acceptUnsigned: z.boolean({ error: 'acceptUnsigned must be true or false' }).default(false),
  })
  .superRefine((source, ctx) => {
    // Which objects may hold a context field, and what a field name looks like, is the platform's.
    const platform = platformDescriptor(source.platform);
    const { contextFields } = platform.objects;
    if (!contextFields.includes(source.object)) {
      ctx.addIssue({
        code: 'custom',
        path: ['object'],
        message: `a ${platform.name} context ${platform.words.fieldNoun} is on ${quotedList(contextFields)}, not "${source.object.slice(0, 100)}"`,
      });
    }
    const problem = platform.contextFieldProblem(source.field);
    if (problem) ctx.addIssue({ code: 'custom', path: ['field'], message: problem });
  });
export type RecordFieldSource = z.infer<typeof RecordFieldSource>;

// ─── Privacy ─────────────────────────────────────────────────────────────────────────────────────

/**
 * How the journal keeps context values once a handoff has settled: `none` keeps them as they were,
 * `mask` keeps the first and last character (`A••••••••••••1`), `hash` keeps the SHA-256 hex of the
 * value (equal values stay comparable, e.g. for QA, without being readable). With `mask` or `hash`
 * the raw message text is dropped too, so Retry cannot run a settled context again.
 */
export const Redaction = z.enum(['none', 'mask', 'hash'], {
  error: 'redaction must be "none", "mask" or "hash"',
});
export type Redaction = z.infer<typeof Redaction>;

/** Journal retention in days: whole days from one day to ten years. */
export const RetentionDays = z
  .number({ error: 'retentionDays must be a whole number of days' })
  .int('retentionDays must be a whole number of days')
  .min(1, 'retentionDays must be at least 1 day')
  .max(
    SETTINGS_LIMITS.retentionDays,
    `retentionDays can be at most ${SETTINGS_LIMITS.retentionDays} (ten years)`,
  );

// ─── Writing ─────────────────────────────────────────────────────────────────────────────────────

/**
 * When a trusted handoff is written: `auto` at once; `confirm` once the agent pressed **Fill N
 * fields** in the panel, which shows the plan first (nothing is sent before the click);
 * `verify-only` never (QA and supervisors): the handoff is read, planned and compared with the
 * record, and the write queue sends nothing, whatever the mappings.
 */
export const WriteMode = z.enum(['auto', 'confirm', 'verify-only'], {
  error: 'writeMode must be "auto", "confirm" or "verify-only"',
});
export type WriteMode = z.infer<typeof WriteMode>;

// ─── The file ────────────────────────────────────────────────────────────────────────────────────

export const Settings = z.strictObject({
  format: z.literal(SETTINGS_FORMAT, { error: `format must be "${SETTINGS_FORMAT}"` }),
  version: z.literal(1, { error: 'version must be 1' }),
  trust: TrustSettings.prefault({}),
  /** Whether a trusted handoff is written at once, after the agent confirms its plan, or never (WriteMode). */
  writeMode: WriteMode.default('auto'),
  /** How journal values are kept once a handoff settled (see Redaction). */
  redaction: Redaction.default('none'),
  /** Journal entries and the write queue's settled rows are deleted this many days after. */
  retentionDays: RetentionDays.default(30),
  /**
   * Origins whose `window.postMessage` contexts are read (docs/context-sources.md): frames on the console page
   * (a bot vendor's agent-assist panel) from exactly these origins, trusted like the bot for
   * unverified forms (docs/context-sources.md).
   */
  postMessageOrigins: z
    .array(HttpsOrigin)
    .max(SETTINGS_LIMITS.postMessageOrigins)
    .default([])
    .superRefine((origins, ctx) => {
      origins.forEach((origin, i) => {
        if (origins.indexOf(origin) !== i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `"${origin}" is listed twice` });
        }
      });
    }),
  /** Kustomer apps whose messages are a bot's: the Kustomer folder says what it means (bot-apps.ts). */
  kustomerBotApps: KustomerBotApps,
  /** Corrections to how each console's conversation is read (transcript-profiles.ts). */
  transcriptProfiles: TranscriptProfiles,
  /** OAuth sign-in for Salesforce orgs that refuse cookie sessions: the Salesforce folder says how (oauth-settings.ts). */
  salesforceOAuth: SalesforceOAuthSettings,
  /** Record fields whose value is a context, read when the agent opens a record (docs/context-sources.md). */
  recordFieldSources: z
    .array(RecordFieldSource)
    .max(SETTINGS_LIMITS.recordFieldSources)
    .default([])
    .superRefine((sources, ctx) => {
      const seen = new Map<string, number>();
      sources.forEach((s, i) => {
        const key = `${s.platform}|${s.object}|${s.field.toLowerCase()}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${s.object}.${s.field} is already listed as recordFieldSources[${earlier}]`,
          });
        } else seen.set(key, i);
      });
    }),
});
export type Settings = z.infer<typeof Settings>;
/** A settings file as written by hand: everything with a default may be left out. */
export type SettingsInput = z.input<typeof Settings>;

/**
 * What a valid settings file still asks an admin to double-check, one sentence a line: a record
 * field opted in to unsigned contexts is trusted like the bot, so it must be one nothing but a
 * server writes (a hidden pre-chat field is set by the customer's own browser).
 */
export function settingsWarnings(settings: Settings): string[] {
  return settings.recordFieldSources.flatMap((source, i) =>
    source.acceptUnsigned ? [`recordFieldSources[${i}]: ${acceptUnsignedWarning(source)}`] : [],
  );
}

/** What opting a record field in to unsigned contexts means (the CLI's warning, the options page's). */
export function acceptUnsignedWarning(source: { object: string; field: string }): string {
  return `acceptUnsigned trusts any unsigned context in ${source.object}.${source.field} like the bot's. Only do this if nothing but your server writes the field: a hidden pre-chat field is set by JavaScript in the customer's own browser, so a customer could fill it with any values.`;
}

export function defaultSettings(): Settings {
  return Settings.parse({ format: SETTINGS_FORMAT, version: 1 });
}

export type SettingsParse = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/** One problem of a settings file: where (`trust.issuers[0].keys[1].d`, '' for the file itself) and what. */
export interface SettingsProblem {
  path: string;
  message: string;
}

export type SettingsCheck =
  | { ok: true; settings: Settings }
  | { ok: false; problems: SettingsProblem[] };

/**
 * Checks a settings file (already JSON-parsed) and answers each problem with its path: the options
 * page places it next to the control that path names.
 */
export function checkSettings(input: unknown): SettingsCheck {
  // A file of the other kind cannot be judged by these rules: say only which it is.
  if ((input as { format?: unknown } | null)?.format === MAPPINGS_FORMAT) {
    return {
      ok: false,
      problems: [
        {
          path: 'format',
          message: `this is a mappings file ("${MAPPINGS_FORMAT}"), not a settings file: import it in the options page's Mappings section (Import…), or give it to the CLI as --mappings`,
        },
      ],
    };
  }
  const result = Settings.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') {
        const inKey = issue.path.includes('keys');
        const what = inKey ? 'JWK member' : 'setting';
        const names = issue.keys.map((k) => `"${k}"`).join(', ');
        message = `unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${names}`;
      }
      return { path: settingsPath(issue.path), message };
    }),
  };
}

/** `trust.audiences: add at least one audience…` — a problem as one line of text. */
export const settingsProblemLine = (p: SettingsProblem): string =>
  p.path ? `${p.path}: ${p.message}` : p.message;

/**
 * Reads a settings file (already JSON-parsed). All or nothing: any error refuses the whole file,
 * and each error names its path, e.g. `trust.issuers[0].keys[1].d: this is a private key…`.
 */
export function parseSettings(input: unknown): SettingsParse {
  const checked = checkSettings(input);
  return checked.ok ? checked : { ok: false, errors: checked.problems.map(settingsProblemLine) };
}

/** `['trust', 'issuers', 0, 'keys']` → `trust.issuers[0].keys`. */
export function settingsPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

// ─── Key material checks ─────────────────────────────────────────────────────────────────────────

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

// P-256 (FIPS 186-4 D.1.2.3): y² = x³ − 3x + b over GF(p).
const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function onP256(x: bigint, y: bigint): boolean {
  const p = P256_P;
  if (x >= p || y >= p) return false;
  const left = (y * y) % p;
  const right = (((x * x) % p) * x - 3n * x + P256_B) % p;
  return left === ((right % p) + p) % p;
}
