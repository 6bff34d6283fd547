/**
 * The organisation's policy as data (lib/settings/policy.ts): hostile input judged all or nothing
 * with every problem named by policy and path, and merged with the local mappings and settings.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_ADDON_ID } from '@/lib/build/extension-ids';
import { Mapping } from '@/lib/mapping/schema';
import { MANAGED_LABEL, POLICY_NAMES } from '@/lib/settings/managed';
import {
  canonicalJson,
  EMPTY_POLICY,
  effectiveMappings,
  effectiveSettings,
  localSettingsEdit,
  type ManagedPolicy,
  managedEntries,
  managedImportProblems,
  managedMappingsRefusal,
  POLICY_TEXT_MAX,
  parsePolicy,
} from '@/lib/settings/policy';
import { defaultSettings, parseSettings, type Settings } from '@/lib/settings/schema';

const mapping = (id: string, field: string, extra: object = {}) => ({
  id,
  platform: 'salesforce',
  object: 'Case',
  field,
  sources: [id],
  ...extra,
});
const mappingsFile = (mappings: unknown[]) => ({
  format: 'handoff-fields/mappings',
  version: 1,
  mappings,
});
const settingsFile = (more: object = {}) => ({
  format: 'handoff-fields/settings',
  version: 1,
  ...more,
});

function policyOf(raw: unknown): ManagedPolicy {
  const parsed = parsePolicy(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.policy;
}

function errorsOf(raw: unknown): string[] {
  const parsed = parsePolicy(raw);
  if (parsed.ok) throw new Error('the policy was accepted');
  return parsed.errors;
}

describe('reading a policy', () => {
  it('reads each policy from its JSON text, as Chrome delivers it', () => {
    const policy = policyOf({
      mappings: JSON.stringify(mappingsFile([mapping('tier', 'Account_Tier__c')])),
      settings: JSON.stringify(settingsFile({ retentionDays: 7 })),
      transcriptProfiles: JSON.stringify({ salesforce: { botNames: ['Acme Helper'] } }),
    });
    expect(policy.mappings.map((m) => m.id)).toEqual(['tier']);
    expect(policy.mappings[0]).toMatchObject({ policy: 'fill-empty', enabled: true });
    expect(policy.settings).toEqual({ retentionDays: 7 });
    expect(policy.transcriptProfiles).toEqual({ salesforce: { botNames: ['Acme Helper'] } });
  });

  it('reads the objects themselves, as Firefox delivers them', () => {
    const policy = policyOf({
      mappings: mappingsFile([mapping('tier', 'Account_Tier__c')]),
      settings: settingsFile({ redaction: 'hash' }),
    });
    expect(policy.mappings).toHaveLength(1);
    expect(policy.settings).toEqual({ redaction: 'hash' });
    expect(policy.transcriptProfiles).toEqual({});
  });

  it('manages only the settings keys the file names, not the defaults of the others', () => {
    const policy = policyOf({ settings: settingsFile({ trust: { policy: 'signed-only' } }) });
    expect(Object.keys(policy.settings)).toEqual(['trust']);
    expect(policy.settings.trust?.policy).toBe('signed-only');
    expect(managedEntries(policy).settingsKeys).toEqual(['trust']);
  });

  it('takes an empty policy as one that manages nothing', () => {
    expect(policyOf({})).toEqual(EMPTY_POLICY);
  });

  it('refuses the whole policy for one bad mapping, naming the policy and the path', () => {
    const errors = errorsOf({
      mappings: mappingsFile([
        mapping('tier', 'Account_Tier__c'),
        mapping('vip', 'VIP__c', { polcy: 'overwrite' }),
      ]),
      settings: settingsFile({ retentionDays: 7 }),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^policy "mappings": mappings\[1\]\.polcy \(VIP__c\): /),
    ]);
    expect(errors[0]).toContain('did you mean "policy"?');
  });

  it('reports every problem of every policy at once', () => {
    const errors = errorsOf({
      mappings: mappingsFile([mapping('a', 'A__c'), mapping('a', 'B__c')]),
      settings: settingsFile({ retentionDays: 0, trust: { issuers: [], audences: [] } }),
      transcriptProfiles: { zendesk: {} },
      autoApply: true,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^policy "autoApply": not a policy of Handoff Fields/),
        'policy "mappings": mappings[1].id (B__c): "a" is used by mappings[0] (A__c) too',
        expect.stringMatching(/^policy "settings": retentionDays: /),
        expect.stringMatching(/^policy "settings": trust: unknown setting "audences"/),
        expect.stringMatching(/^policy "transcriptProfiles": zendesk: not a platform/),
      ]),
    );
    expect(errors).toHaveLength(5);
  });

  it('says which text is not JSON, and refuses text longer than a policy holds', () => {
    expect(errorsOf({ settings: '{"format": "handoff-fields/settings",' })).toEqual([
      expect.stringMatching(/^policy "settings": not JSON text \(.+\): give the whole text/),
    ]);
    expect(errorsOf({ mappings: ' '.repeat(POLICY_TEXT_MAX + 1) })[0]).toMatch(
      /^policy "mappings": the text has \d+ characters; a policy holds at most/,
    );
  });

  it('refuses a private key in the policy like in a settings file', () => {
    const errors = errorsOf({
      settings: settingsFile({
        trust: {
          audiences: ['acme'],
          issuers: [{ iss: 'bot', keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'c' }] }],
        },
      }),
    });
    expect(errors[0]).toMatch(
      /^policy "settings": trust\.issuers\[0\]\.keys\[0\]\.d: this is a private key/,
    );
  });

  it('refuses settings.transcriptProfiles beside the transcriptProfiles policy', () => {
    const errors = errorsOf({
      settings: settingsFile({ transcriptProfiles: { salesforce: { botNames: ['A'] } } }),
      transcriptProfiles: { kustomer: { botNames: ['B'] } },
    });
    expect(errors).toEqual([
      expect.stringMatching(
        /^policy "settings": transcriptProfiles: the transcriptProfiles policy sets them too/,
      ),
    ]);
  });

  it('refuses what is not an object of policies, and a file of the wrong kind', () => {
    expect(errorsOf('mappings')).toEqual(['the policy is not an object of policies']);
    expect(errorsOf({ mappings: settingsFile() })[0]).toMatch(
      /^policy "mappings": format: this is a settings file/,
    );
    expect(errorsOf({ settings: [] })[0]).toMatch(/^policy "settings": /);
  });
});

describe('the mappings and settings in force', () => {
  const local = [
    Mapping.parse(mapping('number', 'Account_Number__c')),
    Mapping.parse(mapping('tier', 'Account_Tier__c', { enabled: false })),
  ];

  it('puts a managed mapping in place of the local one with its id, in id order', () => {
    const managed = [
      Mapping.parse(mapping('tier', 'Account_Tier__c', { sources: ['Tier'] })),
      Mapping.parse(mapping('alpha', 'Alpha__c')),
    ];
    const merged = effectiveMappings(local, managed);
    expect(merged.map((m) => [m.id, m.sources, m.enabled])).toEqual([
      ['alpha', ['alpha'], true],
      ['number', ['number'], true],
      ['tier', ['Tier'], true],
    ]);
    expect(effectiveMappings(local, [])).toBe(local);
  });

  it('puts each managed settings key and each managed platform profile on top', () => {
    const stored: Settings = {
      ...defaultSettings(),
      retentionDays: 90,
      redaction: 'mask',
      transcriptProfiles: {
        salesforce: { botNames: ['Local bot'] },
        kustomer: { botNames: ['Local K'] },
      },
    };
    const policy = policyOf({
      settings: settingsFile({ retentionDays: 7 }),
      transcriptProfiles: { salesforce: { botNames: ['Org bot'] } },
    });
    const merged = effectiveSettings(stored, policy);
    expect(merged.retentionDays).toBe(7);
    expect(merged.redaction).toBe('mask');
    expect(merged.transcriptProfiles).toEqual({
      salesforce: { botNames: ['Org bot'] },
      kustomer: { botNames: ['Local K'] },
    });
    expect(parseSettings(merged).ok).toBe(true);
  });
});

describe('local edits of managed entries', () => {
  const policy = policyOf({
    mappings: mappingsFile([mapping('tier', 'Account_Tier__c')]),
    settings: settingsFile({ retentionDays: 7 }),
    transcriptProfiles: { salesforce: { botNames: ['Org bot'] } },
  });

  it('refuses a change to a managed mapping, saying who sets it and what to do', () => {
    expect(managedMappingsRefusal(['number'], policy)).toBeNull();
    const refusal = managedMappingsRefusal(['number', 'tier'], policy);
    expect(refusal).toContain('"tier"');
    expect(refusal).toContain(MANAGED_LABEL);
    expect(refusal).toMatch(/ask your admin/);
    expect(managedMappingsRefusal(['tier'], EMPTY_POLICY)).toBeNull();
  });

  it("names each of an import's mappings the policy sets", () => {
    const incoming = [
      Mapping.parse(mapping('number', 'Account_Number__c')),
      Mapping.parse(mapping('tier', 'Account_Tier__c')),
    ];
    expect(managedImportProblems(incoming, policy)).toEqual([
      expect.stringMatching(/^mappings\[1\] "tier": Set by your organisation\./),
    ]);
  });

  const edit = (input: Record<string, unknown>, stored: Settings = defaultSettings()) => {
    const parsed = parseSettings(input);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return localSettingsEdit(input, parsed.settings, stored, policy);
  };

  it('accepts the settings in force sent back, and stores the local values of managed keys', () => {
    const stored: Settings = {
      ...defaultSettings(),
      retentionDays: 90,
      transcriptProfiles: { salesforce: { botNames: ['Local bot'] } },
    };
    const inForce = effectiveSettings(stored, policy);
    const result = edit({ ...inForce, redaction: 'hash' }, stored);
    expect(result).toEqual({
      ok: true,
      settings: {
        ...stored,
        redaction: 'hash',
        transcriptProfiles: { salesforce: { botNames: ['Local bot'] } },
      },
    });
  });

  it('refuses a change of a managed key or platform profile, one line each', () => {
    const result = edit(
      settingsFile({
        retentionDays: 30,
        transcriptProfiles: { salesforce: { botNames: ['Mine'] }, kustomer: { botNames: ['K'] } },
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^retentionDays: Set by your organisation\./),
      expect.stringMatching(/^transcriptProfiles\.salesforce: Set by your organisation\./),
    ]);
  });

  it('leaves a managed key the edit does not name as stored', () => {
    const stored = { ...defaultSettings(), retentionDays: 90 };
    const result = edit(settingsFile({ redaction: 'mask' }), stored);
    expect(result.ok && result.settings.retentionDays).toBe(90);
    expect(result.ok && result.settings.transcriptProfiles).toEqual({});
  });
});

describe("the extension's managed_schema", () => {
  it('declares exactly the policies read, each as text, as Chrome requires it', () => {
    const schema = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../public/managed_schema.json'), 'utf8'),
    );
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
    expect(Object.keys(schema.properties).sort()).toEqual([...POLICY_NAMES].sort());
    for (const name of POLICY_NAMES) expect(schema.properties[name].type).toBe('string');
  });

  it("is documented with the policies' names and Firefox's add-on id", () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const deploying = readme.slice(readme.indexOf('## Deploying to a team'));
    for (const name of POLICY_NAMES) expect(deploying).toContain(`\`${name}\``);
    expect(deploying).toContain(`"${FIREFOX_ADDON_ID}": {`);
  });
});

describe('canonical JSON', () => {
  it('is the same text whatever the order of keys, and differs for other values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});

describe('writeMode set by the policy', () => {
  it('is managed when the policy names it, wins over the local value, and a local change is refused', () => {
    const policy = policyOf({ settings: JSON.stringify(settingsFile({ writeMode: 'confirm' })) });
    expect(managedEntries(policy).settingsKeys).toEqual(['writeMode']);
    const local: Settings = { ...defaultSettings(), writeMode: 'auto' };
    expect(effectiveSettings(local, policy).writeMode).toBe('confirm');
    const input = settingsFile({ writeMode: 'auto' });
    const parsed = parseSettings(input);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const result = localSettingsEdit(input, parsed.settings, local, policy);
    expect(!result.ok && result.errors).toEqual([
      expect.stringMatching(/^writeMode: Set by your organisation\./),
    ]);
  });

  it('refuses the whole policy for a writeMode that is not one, naming it', () => {
    expect(errorsOf({ settings: settingsFile({ writeMode: 'ask' }) })).toEqual([
      'policy "settings": writeMode: writeMode must be "auto", "confirm" or "verify-only"',
    ]);
  });
});
