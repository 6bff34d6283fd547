/**
 * The Settings section's form as plain values (what the admin typed, as typed), and the settings
 * file it stands for. Lists are edited one a line, numbers and public keys as text, so nothing the
 * admin typed is lost when it is not valid yet: it stays in the draft, and what cannot even be read
 * (a key that is not JSON, a number that is no number) is a problem at the control's path before
 * the schema sees the rest. No zod here: the checking is ./settings-check.
 */
import type { SalesforceOAuthMode } from '../../lib/platforms/salesforce/oauth-settings';
import type { PlatformId } from '../../lib/platforms/types';
import type {
  Redaction,
  Settings,
  SettingsProblem,
  TrustPolicy,
  WriteMode,
} from '../../lib/settings/schema';
import { parseJsonText } from '../../lib/text/json-text';

export interface IssuerDraft {
  /** Keeps a row's inputs (and focus) when another row is removed. */
  uid: number;
  iss: string;
  /** A public JWK, or a JWKS `{"keys": […]}`, as pasted. */
  keys: string;
}

export interface SourceDraft {
  uid: number;
  platform: PlatformId;
  object: string;
  field: string;
  acceptUnsigned: boolean;
}

/** One org's External Client App (settings `salesforceOAuth.apps[i]`), as typed. */
export interface OAuthAppDraft {
  uid: number;
  /** The My Domain name (`acme`, `acme--uat.sandbox`). */
  org: string;
  consumerKey: string;
}

export interface ProfileDraft {
  /** Every key of the platform's profile: '' uses the shipped value. */
  values: Record<string, string>;
  /** One a line; none uses the shipped names. */
  botNames: string;
}

export interface SettingsDraft {
  policy: TrustPolicy;
  /** One a line. */
  audiences: string;
  issuers: IssuerDraft[];
  /** Whole seconds as typed; '' for the default. */
  maxAgeSeconds: string;
  clockSkewSeconds: string;
  writeMode: WriteMode;
  redaction: Redaction;
  /** Whole days as typed; '' for the default. */
  retentionDays: string;
  /** One a line. */
  postMessageOrigins: string;
  /** One a line. */
  kustomerBotApps: string;
  recordFieldSources: SourceDraft[];
  /** Per registered platform. */
  transcriptProfiles: Record<string, ProfileDraft>;
  /** How Salesforce orgs that refuse the browser's session are signed in to (oauth-settings.ts). */
  salesforceOAuth: { mode: SalesforceOAuthMode; apps: OAuthAppDraft[] };
}

let nextUid = 1;
export const newUid = () => nextUid++;

/** A platform's profile keys (its descriptor's `transcriptProfile.shape`), to give each its input. */
export type ProfileKeys = Readonly<Record<string, readonly string[]>>;

/** The form for saved settings. */
export function draftOf(settings: Settings, profileKeys: ProfileKeys): SettingsDraft {
  const { trust } = settings;
  return {
    policy: trust.policy,
    audiences: lines(trust.audiences),
    issuers: trust.issuers.map((issuer) => ({
      uid: newUid(),
      iss: issuer.iss,
      keys: keysText(issuer.keys),
    })),
    maxAgeSeconds: String(trust.maxAgeSeconds),
    clockSkewSeconds: String(trust.clockSkewSeconds),
    writeMode: settings.writeMode,
    redaction: settings.redaction,
    retentionDays: String(settings.retentionDays),
    postMessageOrigins: lines(settings.postMessageOrigins),
    kustomerBotApps: lines(settings.kustomerBotApps),
    recordFieldSources: settings.recordFieldSources.map((source) => ({
      uid: newUid(),
      ...source,
    })),
    salesforceOAuth: {
      mode: settings.salesforceOAuth.mode,
      apps: settings.salesforceOAuth.apps.map((app) => ({ uid: newUid(), ...app })),
    },
    transcriptProfiles: Object.fromEntries(
      Object.entries(profileKeys).map(([platform, keys]) => {
        const override = settings.transcriptProfiles[platform];
        return [
          platform,
          {
            values: Object.fromEntries(keys.map((k) => [k, override?.values?.[k] ?? ''])),
            botNames: lines(override?.botNames ?? []),
          },
        ];
      }),
    ),
  };
}

/** One JWK as itself, several as a JWKS: what the admin pasted in the first place. */
function keysText(keys: readonly unknown[]): string {
  if (keys.length === 0) return '';
  return JSON.stringify(keys.length === 1 ? keys[0] : { keys }, null, 2);
}

const lines = (list: readonly string[]) => list.join('\n');
const listOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The settings file the form stands for, and what of it could not even be read. */
export function inputOf(draft: SettingsDraft): { input: unknown; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const number = (path: string, text: string, unit: string) => {
    const t = text.trim();
    if (t === '') return undefined;
    if (/^\d{1,9}$/.test(t)) return Number(t);
    problems.push({ path, message: `write a whole number of ${unit}, or leave it empty` });
    return undefined;
  };
  const trust = {
    policy: draft.policy,
    audiences: listOf(draft.audiences),
    issuers: draft.issuers.map((issuer, i) => {
      const keys = readKeys(issuer.keys);
      if (!keys.ok) problems.push({ path: `trust.issuers[${i}].keys`, message: keys.message });
      return { iss: issuer.iss.trim(), keys: keys.ok ? keys.keys : [] };
    }),
    maxAgeSeconds: number('trust.maxAgeSeconds', draft.maxAgeSeconds, 'seconds'),
    clockSkewSeconds: number('trust.clockSkewSeconds', draft.clockSkewSeconds, 'seconds'),
  };
  const input = {
    format: 'handoff-fields/settings',
    version: 1,
    trust,
    writeMode: draft.writeMode,
    redaction: draft.redaction,
    retentionDays: number('retentionDays', draft.retentionDays, 'days'),
    postMessageOrigins: listOf(draft.postMessageOrigins),
    kustomerBotApps: listOf(draft.kustomerBotApps),
    transcriptProfiles: profilesOf(draft.transcriptProfiles),
    recordFieldSources: draft.recordFieldSources.map(({ uid: _uid, ...source }) => ({
      ...source,
      field: source.field.trim(),
    })),
    salesforceOAuth: {
      mode: draft.salesforceOAuth.mode,
      apps: draft.salesforceOAuth.apps.map((app) => ({
        org: app.org.trim(),
        consumerKey: app.consumerKey.trim(),
      })),
    },
  };
  return { input, problems };
}

/** Only what the admin set: a platform with nothing set, a key left empty, keep the shipped values. */
function profilesOf(profiles: Record<string, ProfileDraft>) {
  const out: Record<string, { values?: Record<string, string>; botNames?: string[] }> = {};
  for (const [platform, profile] of Object.entries(profiles)) {
    const values = Object.fromEntries(
      Object.entries(profile.values).filter(([, v]) => v.trim() !== ''),
    );
    const botNames = listOf(profile.botNames);
    const override = {
      ...(Object.keys(values).length > 0 ? { values } : {}),
      ...(botNames.length > 0 ? { botNames } : {}),
    };
    if (Object.keys(override).length > 0) out[platform] = override;
  }
  return out;
}

/** A public key as pasted: one JWK, a JWKS `{"keys": […]}` or a list of JWKs. */
export type KeysRead = { ok: true; keys: unknown[] } | { ok: false; message: string };

export function readKeys(text: string): KeysRead {
  if (text.trim() === '') return { ok: true, keys: [] };
  const json = parseJsonText({ name: 'The key', text });
  if (!json.ok) return { ok: false, message: json.errors.join(' ') };
  const value = json.value;
  if (Array.isArray(value)) return { ok: true, keys: value };
  if (value && typeof value === 'object') {
    const keys = (value as { keys?: unknown }).keys;
    if (!('kty' in value) && Array.isArray(keys)) return { ok: true, keys };
    return { ok: true, keys: [value] };
  }
  return {
    ok: false,
    message: 'paste a public JWK ({"kty": "EC", …}) or a JWKS ({"keys": [ … ]})',
  };
}

/** What the admin sees of each pasted key: its `kid` (or that it has none) and its type. */
export function keySummaries(text: string): { kid: string | null; kty: string }[] {
  const read = readKeys(text);
  if (!read.ok) return [];
  return read.keys.map((key) => {
    const k = (key && typeof key === 'object' ? key : {}) as { kid?: unknown; kty?: unknown };
    return {
      kid: typeof k.kid === 'string' && k.kid !== '' ? k.kid : null,
      kty: typeof k.kty === 'string' ? k.kty : '?',
    };
  });
}

/** Whether two drafts stand for the same settings file (row ids aside). */
export const sameSettings = (a: SettingsDraft, b: SettingsDraft): boolean =>
  JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b));
