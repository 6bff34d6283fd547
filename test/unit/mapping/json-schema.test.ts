// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMappings, parseMappingsFile } from '@/lib/mapping/file';
import { mappingsJsonSchema } from '@/lib/mapping/json-schema';
import { exampleMappings, kustomerExampleMappings } from '../../support/example-mappings';
import { fiftyMappings } from './fifty-mappings';

const COMMITTED = resolve(__dirname, '../../../docs/mappings.schema.json');

describe('docs/mappings.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` after changing lib/mapping/schema.ts)', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(committed).toEqual(mappingsJsonSchema());
  });

  it('is a draft 2020-12 schema that documents every key of a mapping', () => {
    const schema = mappingsJsonSchema() as Schema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const mapping = schema.properties?.mappings?.items as Schema;
    expect(mapping.required).toEqual(['platform', 'object', 'field', 'sources']);
    expect(mapping.additionalProperties).toBe(false);
    for (const [key, property] of Object.entries(mapping.properties ?? {})) {
      expect(property.description, key).toMatch(/\w/);
    }
    expect(mapping.properties?.policy?.default).toBe('fill-empty');
  });
});

// ─── The schema and the import agree ─────────────────────────────────────────────────────────────

/** The JSON Schema keywords the generated schema uses — and no others, checked below. */
interface Schema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
}

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'default',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
]);

/** A tiny validator for exactly those keywords (lengths in code points, as JSON Schema counts). */
function conforms(schema: Schema, v: unknown): boolean {
  switch (schema.type) {
    case 'string':
      if (typeof v !== 'string') return false;
      break;
    case 'number':
      if (typeof v !== 'number') return false;
      break;
    case 'boolean':
      if (typeof v !== 'boolean') return false;
      break;
    case 'array':
      if (!Array.isArray(v)) return false;
      break;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      break;
  }
  if ('const' in schema && v !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(v)) return false;
  if (typeof v === 'string') {
    const length = [...v].length;
    if (schema.minLength !== undefined && length < schema.minLength) return false;
    if (schema.maxLength !== undefined && length > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(v)) return false;
  }
  if (Array.isArray(v)) {
    if (schema.minItems !== undefined && v.length < schema.minItems) return false;
    if (schema.items && !v.every((x) => conforms(schema.items as Schema, x))) return false;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in o)) return false;
    for (const [key, value] of Object.entries(o)) {
      const property = schema.properties?.[key];
      if (property) {
        if (!conforms(property, value)) return false;
      } else if (schema.additionalProperties === false) return false;
    }
  }
  return true;
}

function keywords(schema: Schema, out = new Set<string>()): Set<string> {
  for (const key of Object.keys(schema)) out.add(key);
  if (schema.items) keywords(schema.items, out);
  for (const p of Object.values(schema.properties ?? {})) keywords(p, out);
  return out;
}

const ok = {
  id: 'tier',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier'],
};
const file = (mappings: unknown[], more: Record<string, unknown> = {}) => ({
  format: 'handoff-fields/mappings',
  version: 1,
  mappings,
  ...more,
});
const withKey = (over: Record<string, unknown>) => file([{ ...ok, ...over }]);

const SAMPLES: [string, unknown][] = [
  ['the 50-mapping export', exportMappings(fiftyMappings())],
  ['the fixture mappings', exportMappings([...exampleMappings, ...kustomerExampleMappings])],
  [
    'every default spelt out',
    withKey({
      combine: 'first',
      separator: ', ',
      valueMap: [],
      transforms: [],
      policy: 'fill-empty',
      enabled: true,
    }),
  ],
  ['$schema', file([ok], { $schema: './mappings.schema.json' })],
  ['empty list', file([])],
  ['a list, not a file', [ok]],
  ['no format', { version: 1, mappings: [] }],
  ['settings format', { format: 'handoff-fields/settings', version: 1, mappings: [] }],
  ['version 2', file([], { version: 2 })],
  ['version "1"', file([], { version: '1' })],
  ['unknown file key', file([], { extra: 1 })],
  ['mappings not a list', file([], { mappings: {} })],
  ['mapping not an object', file([3])],
  ['no id', file([{ ...ok, id: undefined }])],
  ['empty id', withKey({ id: '' })],
  ['id of 200', withKey({ id: 'x'.repeat(200) })],
  ['id of 201', withKey({ id: 'x'.repeat(201) })],
  ['no field', file([{ ...ok, field: undefined }])],
  ['platform zendesk', withKey({ platform: 'zendesk' })],
  ['no sources', withKey({ sources: [] })],
  ['blank source', withKey({ sources: ['  '] })],
  ['source padded', withKey({ sources: ['  Tier  '] })],
  ['sources as text', withKey({ sources: 'Tier' })],
  ['combine all', withKey({ combine: 'all' })],
  ['separator of 21', withKey({ separator: '-'.repeat(21) })],
  ['value map to a number', withKey({ valueMap: [{ from: 'a', to: 1 }] })],
  ['value map empty from', withKey({ valueMap: [{ from: '', to: 'b' }] })],
  ['value map empty to', withKey({ valueMap: [{ from: 'a', to: '' }] })],
  ['value map extra key', withKey({ valueMap: [{ from: 'a', to: 'b', note: 'x' }] })],
  ['unmapped drop', withKey({ unmapped: 'drop' })],
  ['transform Lower', withKey({ transforms: ['Lower'] })],
  ['policy always', withKey({ policy: 'always' })],
  ['enabled "yes"', withKey({ enabled: 'yes' })],
  ['unknown mapping key', withKey({ polcy: 'overwrite' })],
  ['date format DD/MM/YYYY', withKey({ dateFormat: 'DD/MM/YYYY' })],
  ['date format dd/mm/yyyy', withKey({ dateFormat: 'dd/mm/yyyy' })],
  ['time zone Europe/Paris', withKey({ timeZone: 'Europe/Paris' })],
  ['time zone +02:00', withKey({ timeZone: '+02:00' })],
  ['time zone empty', withKey({ timeZone: '' })],
];

describe('the JSON Schema and the import accept the same files', () => {
  it('uses only the keywords the checker below understands', () => {
    expect([...keywords(mappingsJsonSchema() as Schema)].filter((k) => !KNOWN.has(k))).toEqual([]);
  });

  it.each(SAMPLES)('%s', (_name, sample) => {
    const json = JSON.parse(JSON.stringify(sample));
    expect(conforms(mappingsJsonSchema() as Schema, json)).toBe(parseMappingsFile(json).ok);
  });

  it('the checker itself fails on what it should (so the agreement above means something)', () => {
    const schema = mappingsJsonSchema() as Schema;
    expect(conforms(schema, withKey({ policy: 'always' }))).toBe(false);
    expect(conforms(schema, withKey({ policy: 'overwrite' }))).toBe(true);
  });

  it('the rules JSON Schema cannot say: ids are unique, made ones too; zones are ones Intl knows', () => {
    const twice = file([ok, ok]);
    expect(conforms(mappingsJsonSchema() as Schema, twice)).toBe(true);
    expect(parseMappingsFile(twice).ok).toBe(false);
    const { id: _, ...noId } = ok as Record<string, unknown>;
    const twoWithout = file([noId, noId]);
    expect(conforms(mappingsJsonSchema() as Schema, twoWithout)).toBe(true);
    expect(parseMappingsFile(twoWithout).ok).toBe(false);
    const nowhere = withKey({ timeZone: 'Mars/Olympus_Mons' });
    expect(conforms(mappingsJsonSchema() as Schema, nowhere)).toBe(true);
    expect(parseMappingsFile(nowhere).ok).toBe(false);
  });
});
