/** An in-memory background for the options page's component tests. */
import { vi } from 'vitest';
import { preloadLazyParts } from '../../../components/options/lazy-parts';
import type {
  BenchConversationRequest,
  BenchRequest,
  OptionsApi,
} from '../../../components/options/options-api';
import type { SettingsApi } from '../../../components/options/settings-api';
import { mergeMappings, parseMappingsFile } from '../../../lib/mapping/file';
import type { ConversationPreview, Preview } from '../../../lib/mapping/preview';
import { Mapping, type MappingInput } from '../../../lib/mapping/schema';
import type {
  ConnectResult,
  CredentialHint,
  KnownAudience,
  MappingsImportResult,
  SignedInUser,
  SignInStatus,
} from '../../../lib/messaging/protocol';
import type { Catalog, FieldSpec } from '../../../lib/platforms/types';
import { parseSettings, Settings, type SettingsInput } from '../../../lib/settings/schema';
import { testTokenAgainst } from '../../../lib/settings/token-test';

// The page's on-demand parts (editor, catalogs, bench), loaded now: tests render them at once.
await preloadLazyParts();

export const caseFields: FieldSpec[] = [
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    updateable: true,
    restricted: true,
    options: [
      { value: 'tier_basic', label: 'Basic', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
      { value: 'tier_legacy', label: 'Legacy', active: false },
    ],
  },
  { name: 'Order_Id__c', label: 'Order ID', type: 'string', length: 40, updateable: true },
  { name: 'VIP__c', label: 'VIP', type: 'boolean', updateable: true },
  { name: 'CaseNumber', label: 'Case Number', type: 'string', updateable: false },
];

export const caseCatalog: Catalog = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  fields: caseFields,
  fetchedAt: Date.UTC(2026, 10, 21, 9, 30),
};

/** `count` Salesforce Case mappings with predictable ids, fields and sources. */
/** A Salesforce Case mapping of one context key, as stored. */
export const caseMapping = (id: string, field: string, source: string): Mapping =>
  Mapping.parse({ id, platform: 'salesforce', object: 'Case', field, sources: [source] });

export function manyMappings(count: number): Mapping[] {
  return Array.from({ length: count }, (_, i) =>
    Mapping.parse({
      id: `m-${String(i).padStart(4, '0')}`,
      platform: 'salesforce',
      object: 'Case',
      field: `Field_${i}__c`,
      sources: [`Key ${i}`],
      enabled: i % 2 === 0,
    }),
  );
}

export function fakeOptionsApi(
  initial: Mapping[] = [],
  catalogs: Catalog[] = [caseCatalog],
  tabs: Partial<Record<'salesforce' | 'kustomer', string[]>> = {},
) {
  let stored = [...initial];
  let cats = [...catalogs];
  const api = {
    list: vi.fn(async () => [...stored]),
    save: vi.fn(async (input: MappingInput) => {
      const saved = Mapping.parse(input);
      stored = stored.some((m) => m.id === saved.id)
        ? stored.map((m) => (m.id === saved.id ? saved : m))
        : [...stored, saved];
      return saved;
    }),
    remove: vi.fn(async (id: string) => {
      stored = stored.filter((m) => m.id !== id);
    }),
    setEnabled: vi.fn(async (ids: string[], enabled: boolean) => {
      const wanted = new Set(ids);
      const changed = stored.filter((m) => wanted.has(m.id) && m.enabled !== enabled);
      stored = stored.map((m) => (wanted.has(m.id) ? { ...m, enabled } : m));
      return changed.map((m) => ({ ...m, enabled }));
    }),
    importFile: vi.fn(
      async (file: unknown, mode: 'merge' | 'replace'): Promise<MappingsImportResult> => {
        const parsed = parseMappingsFile(file);
        if (!parsed.ok) return { applied: false, errors: parsed.errors };
        const merged = mergeMappings(stored, parsed.file.mappings, mode);
        stored = merged.mappings;
        return { applied: true, summary: merged.summary };
      },
    ),
    catalogs: vi.fn(async () => [...cats]),
    importCatalog: vi.fn(async (platform: 'salesforce' | 'kustomer', org: string) => {
      const catalog: Catalog = { ...caseCatalog, platform, org, fetchedAt: Date.now() };
      cats = [...cats.filter((c) => !(c.platform === platform && c.org === org)), catalog];
      return {
        imported: [
          { platform, org, object: catalog.object, fetchedAt: catalog.fetchedAt, fieldCount: 4 },
        ],
        failed: [],
      };
    }),
    pasteCatalog: vi.fn(async (org: string, json: unknown) => {
      if (!json || typeof json !== 'object' || !('fields' in json))
        return { error: 'Expected a Salesforce describe response' };
      const catalog: Catalog = { ...caseCatalog, org, fetchedAt: Date.now() };
      cats = [...cats, catalog];
      return {
        stored: {
          platform: 'salesforce' as const,
          org,
          object: 'Case',
          fetchedAt: catalog.fetchedAt,
          fieldCount: 4,
        },
      };
    }),
    preview: vi.fn(
      async (_request: BenchRequest): Promise<Preview> => ({
        context: { form: 'key-value', trust: 'bot-authored', values: {} },
        fields: [],
      }),
    ),
    previewConversation: vi.fn(
      async (_request: BenchConversationRequest): Promise<ConversationPreview> => ({
        handoffs: [],
      }),
    ),
    consoleTabs: vi.fn(async (platform: 'salesforce' | 'kustomer') => tabs[platform] ?? []),
  } satisfies OptionsApi;
  return { api, stored: () => stored };
}

/**
 * An in-memory background for the Settings section: the real settings schema saves (all or nothing,
 * worded as lib/background/settings.ts words a refusal) and the real verifier tests tokens.
 */
export function fakeSettingsApi(
  initial: SettingsInput = { format: 'handoff-fields/settings', version: 1 },
  known: KnownAudience[] = [],
  now = Date.now(),
) {
  let stored = Settings.parse(initial);
  let hints: CredentialHint[] = [];
  // This browser's sign-ins: who each saved org is connected as (never a token).
  const connected = new Map<string, SignedInUser & { since: number }>();
  let answerConnect = async (_org: string): Promise<ConnectResult> => ({
    connected: true,
    platform: 'salesforce',
    org: _org,
    user: { userId: '005000000000001AAA', name: 'Jane Doe', username: 'jane@acme.example' },
  });
  const signInStatus = (): SignInStatus => ({
    callbackUrl: FAKE_CALLBACK_URL,
    orgs: stored.salesforceOAuth.apps.map(({ org }) => ({
      platform: 'salesforce',
      org,
      connected: connected.get(org) ?? null,
    })),
  });
  const api = {
    get: vi.fn(async () => stored),
    save: vi.fn(async (input: unknown) => {
      const parsed = parseSettings(input);
      if (!parsed.ok) {
        throw new Error(
          `The settings were not saved (nothing changed):\n${parsed.errors.join('\n')}`,
        );
      }
      stored = parsed.settings;
      return stored;
    }),
    testToken: vi.fn((trust: unknown, message: string) => testTokenAgainst(trust, message, now)),
    knownAudiences: vi.fn(async () => known),
    credentials: vi.fn(async () => hints),
    setCredential: vi.fn(async (org: string, apiKey: string | null) => {
      hints = hints.filter((h) => h.org !== org);
      if (apiKey !== null) {
        hints = [...hints, { platform: 'kustomer', org, last4: apiKey.slice(-4), savedAt: now }];
      }
      return hints;
    }),
    signInStatus: vi.fn(async () => signInStatus()),
    connect: vi.fn(async (_platform: 'salesforce' | 'kustomer', org: string) => {
      const result = await answerConnect(org);
      if (result.connected) connected.set(org, { ...result.user, since: now });
      return result;
    }),
    signOut: vi.fn(async (_platform: 'salesforce' | 'kustomer', org: string) => {
      connected.delete(org);
      return signInStatus();
    }),
  } satisfies SettingsApi;
  return {
    api,
    stored: () => stored,
    connected,
    /** How the next Connects end (a signed-in user by default). */
    answerConnectWith(answer: (org: string) => Promise<ConnectResult>) {
      answerConnect = answer;
    },
  };
}

/** The extension's redirect URL (`identity.getRedirectURL()`) as the fake background says it. */
export const FAKE_CALLBACK_URL = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
