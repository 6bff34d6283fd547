import { describe, expect, it } from 'vitest';
import {
  exportMappings,
  formatPath,
  mergeMappings,
  parseMappingsFile,
  sameMapping,
  stringifyMappingsFile,
} from '@/lib/mapping/file';
import { Mapping, MappingFileEntry, type MappingInput } from '@/lib/mapping/schema';
import { exampleMappings, kustomerExampleMappings } from '../../support/example-mappings';
import { fiftyMappings } from './fifty-mappings';

const FORMAT = 'handoff-fields/mappings';
/** A valid mapping, with `over` on top (which may make it invalid, for the error tests). */
const valid = (over: Record<string, unknown> = {}): MappingInput =>
  ({
    id: 'tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    ...over,
  }) as MappingInput;
const file = (mappings: unknown[], more: Record<string, unknown> = {}) => ({
  format: FORMAT,
  version: 1,
  mappings,
  ...more,
});

function errors(json: unknown): string[] {
  const result = parseMappingsFile(json);
  if (result.ok) throw new Error(`expected the file to be refused: ${JSON.stringify(json)}`);
  return result.errors;
}

function parsed(json: unknown): Mapping[] {
  const result = parseMappingsFile(json);
  if (!result.ok) throw new Error(`expected a valid file:\n${result.errors.join('\n')}`);
  return result.file.mappings;
}

/** export → text → JSON.parse → import → export → text. */
function roundTrip(text: string): string {
  return stringifyMappingsFile(exportMappings(parsed(JSON.parse(text))));
}

describe('exportMappings', () => {
  it('writes the format and version, sorts by platform, object and id, and leaves defaults out', () => {
    const out = exportMappings([
      Mapping.parse(valid({ id: 'z-case' })),
      Mapping.parse({
        id: 'b',
        platform: 'kustomer',
        object: 'conversation',
        field: 'vipBool',
        sources: ['VIP'],
      }),
      Mapping.parse(valid({ id: 'a-case', field: 'Priority' })),
      Mapping.parse({
        id: 'a',
        platform: 'kustomer',
        object: 'customer',
        field: 'loyaltyTierStr',
        sources: ['Loyalty'],
      }),
    ]);
    expect(out.format).toBe(FORMAT);
    expect(out.version).toBe(1);
    expect(out.mappings.map((m) => `${m.platform}/${m.object}/${m.id}`)).toEqual([
      'kustomer/conversation/b',
      'kustomer/customer/a',
      'salesforce/Case/a-case',
      'salesforce/Case/z-case',
    ]);
    expect(out.mappings[2]).toEqual({
      id: 'a-case',
      platform: 'salesforce',
      object: 'Case',
      field: 'Priority',
      sources: ['Account Tier'],
    });
  });

  it('sorts by code unit, not locale: "Case-2" before "case-1", the same on every machine', () => {
    const out = exportMappings([valid({ id: 'case-1' }), valid({ id: 'Case-2', field: 'X__c' })]);
    expect(out.mappings.map((m) => m.id)).toEqual(['Case-2', 'case-1']);
  });

  it('writes every key that is not at its default, in the documented order', () => {
    const out = exportMappings([
      valid({
        enabled: false,
        policy: 'overwrite',
        transforms: ['trim', 'upper'],
        unmapped: 'refuse',
        valueMap: [{ to: 'tier_premium', from: 'Premium' }],
        separator: ' | ',
        combine: 'join',
      }),
    ]);
    expect(Object.keys(out.mappings[0] as object)).toEqual([
      'id',
      'platform',
      'object',
      'field',
      'sources',
      'combine',
      'separator',
      'valueMap',
      'unmapped',
      'transforms',
      'policy',
      'enabled',
    ]);
    expect(Object.keys(out.mappings[0]?.valueMap?.[0] as object)).toEqual(['from', 'to']);
  });

  it('keeps an explicit unmapped: "refuse" (absent means "by the target type", not refuse)', () => {
    const [m] = exportMappings([valid({ unmapped: 'refuse' })]).mappings;
    expect(m?.unmapped).toBe('refuse');
    const [n] = exportMappings([valid()]).mappings;
    expect(n).not.toHaveProperty('unmapped');
  });

  it('keeps a separator that differs from the default even when combine is "first"', () => {
    const [m] = exportMappings([valid({ separator: '; ' })]).mappings;
    expect(m?.separator).toBe('; ');
    expect(m).not.toHaveProperty('combine');
  });

  it('normalises before writing (trimmed sources), and refuses an invalid mapping', () => {
    const [m] = exportMappings([valid({ sources: ['  Account Tier '] })]).mappings;
    expect(m?.sources).toEqual(['Account Tier']);
    expect(() => exportMappings([valid({ sources: [] })])).toThrow();
  });

  it('is 2-space JSON with a final newline', () => {
    const text = stringifyMappingsFile(exportMappings([valid()]));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe(`  "format": "${FORMAT}",`);
  });
});

describe('export → import → export round trip', () => {
  it('is byte-identical for a realistic 50-mapping file', () => {
    const input = fiftyMappings();
    expect(input).toHaveLength(50);
    expect(new Set(input.map((m) => m.id)).size).toBe(50);
    const text = stringifyMappingsFile(exportMappings(input));
    expect(roundTrip(text)).toBe(text);
    // The import gives back exactly the mappings that were exported, defaults filled in.
    const byId = (a: Mapping, b: Mapping) => (a.id < b.id ? -1 : 1);
    expect([...parsed(JSON.parse(text))].sort(byId)).toEqual(
      input.map((m) => Mapping.parse(m)).sort(byId),
    );
  });

  it('the 50-mapping file leaves out every default and keeps everything else', () => {
    const text = stringifyMappingsFile(exportMappings(fiftyMappings()));
    expect(text).not.toContain('"enabled": true');
    expect(text).not.toContain('"policy": "fill-empty"');
    expect(text).not.toContain('"combine": "first"');
    expect(text).not.toContain('"valueMap": []');
    expect(text).not.toContain('"transforms": []');
    expect(text).toContain('"enabled": false');
    expect(text).toContain('"to": ""');
    expect(text).toContain('"from": "Gold ★"');
    expect(text).toContain('"separator": "\\n"');
  });

  it('is byte-identical for the fixture mappings of both platforms', () => {
    const text = stringifyMappingsFile(
      exportMappings([...exampleMappings, ...kustomerExampleMappings]),
    );
    expect(roundTrip(text)).toBe(text);
    expect(JSON.parse(text).mappings).toHaveLength(
      exampleMappings.length + kustomerExampleMappings.length,
    );
  });

  it('a hand-written file with defaults spelt out and another order exports to the canonical text', () => {
    const canonical = stringifyMappingsFile(exportMappings(fiftyMappings()));
    const spelt = JSON.stringify(file([...fiftyMappings()].reverse().map((m) => Mapping.parse(m))));
    expect(roundTrip(spelt)).toBe(canonical);
  });

  it('an empty set round-trips too', () => {
    const text = stringifyMappingsFile(exportMappings([]));
    expect(JSON.parse(text)).toEqual(file([]));
    expect(roundTrip(text)).toBe(text);
  });
});

describe('parseMappingsFile: the file', () => {
  it('accepts a minimal file and fills in the defaults', () => {
    expect(parsed(file([valid()]))).toEqual([
      {
        ...valid(),
        combine: 'first',
        separator: ', ',
        valueMap: [],
        transforms: [],
        policy: 'fill-empty',
        enabled: true,
      },
    ]);
  });

  it('accepts a "$schema" key for editors', () => {
    expect(parsed(file([valid()], { $schema: './mappings.schema.json' }))).toHaveLength(1);
  });

  it('refuses what is not a mappings file, with the fix', () => {
    expect(errors([valid()])).toEqual([
      `expected a mappings file {"format": "${FORMAT}", "version": 1, "mappings": [...]}, not a bare list: put the list under "mappings"`,
    ]);
    expect(errors('mappings')).toEqual([
      `expected a mappings file {"format": "${FORMAT}", "version": 1, "mappings": [...]}, not "mappings"`,
    ]);
    expect(errors(null)[0]).toMatch(/, not null$/);
  });

  it('recognises a settings file', () => {
    expect(errors({ format: 'handoff-fields/settings', version: 1, trust: {} })).toEqual([
      'format: this is a settings file ("handoff-fields/settings"), not a mappings file: import it in the options page\'s Settings section (Import settings…), or give it to the CLI as --settings',
    ]);
  });

  it('refuses a newer version with that one message, whatever else the file holds', () => {
    expect(errors({ format: FORMAT, version: 2, mappings: 'anything', more: 1 })).toEqual([
      'version: this file is version 2, newer than this Handoff Fields reads (version 1): update the extension (or the checkout that runs the CLI) and import it again',
    ]);
  });

  it('names a wrong or missing format, version and list', () => {
    expect(errors({ format: 'acme/mappings', version: '1' })).toEqual([
      'format: must be "handoff-fields/mappings", not "acme/mappings": this is not a Handoff Fields mappings file',
      'version: must be 1, not "1"',
      'mappings: missing: the list of mappings (it may be empty: [])',
    ]);
    expect(errors({ mappings: [] })).toEqual([
      'format: missing: a mappings file starts with "format": "handoff-fields/mappings"',
      "version: missing: the file's format version, 1",
    ]);
    expect(errors(file([], { version: 0 }))).toEqual(['version: must be 1, not the number 0']);
    expect(errors({ format: FORMAT, version: 1, mappings: {} })).toEqual([
      'mappings: must be a list, not an object',
    ]);
  });

  it('names an unknown key of the file', () => {
    expect(errors(file([], { mapping: [] }))).toEqual([
      'mapping: unknown key: did you mean "mappings"? a mappings file has $schema, format, version, mappings',
    ]);
  });
});

describe('parseMappingsFile: each kind of problem, named by its path', () => {
  const one = (m: unknown, at = 0) => {
    const list: unknown[] = Array.from({ length: at }, (_, i) => valid({ id: `ok-${i}` }));
    return errors(file([...list, m]));
  };

  it('a mapping that is not an object', () => {
    expect(one(3, 2)).toEqual(['mappings[2]: must be an object, not the number 3']);
    expect(one(['Account Tier'])).toEqual(['mappings[0]: must be an object, not a list']);
  });

  it('each missing required key, with what it is', () => {
    expect(one({})).toEqual([
      'mappings[0].platform: missing: "salesforce" or "kustomer"',
      'mappings[0].object: missing: the object, e.g. "Case" (Kustomer: "conversation" or "customer")',
      'mappings[0].field: missing: the target field\'s API name, e.g. "Account_Tier__c"',
      'mappings[0].sources: missing: the context keys the value comes from, e.g. ["Account Tier"]',
    ]);
  });

  it('a wrong type', () => {
    expect(one(valid({ enabled: 'yes' }))).toEqual([
      'mappings[0].enabled (Account_Tier__c): must be true or false, not "yes"',
    ]);
    expect(one(valid({ sources: 'Account Tier' }))).toEqual([
      'mappings[0].sources (Account_Tier__c): must be a list, not "Account Tier"',
    ]);
    expect(one(valid({ field: 42 }))).toEqual([
      'mappings[0].field: must be text, not the number 42',
    ]);
  });

  it('an option not in the list, with a suggestion when it is close', () => {
    expect(one(valid({ platform: 'Salesforce' }))).toEqual([
      'mappings[0].platform (Account_Tier__c): must be one of "salesforce", "kustomer", not "Salesforce" (did you mean "salesforce"?)',
    ]);
    expect(one(valid({ policy: 'fill_empty' }))).toEqual([
      'mappings[0].policy (Account_Tier__c): must be one of "fill-empty", "overwrite", not "fill_empty" (did you mean "fill-empty"?)',
    ]);
    expect(one(valid({ combine: 'all' }))).toEqual([
      'mappings[0].combine (Account_Tier__c): must be one of "first", "join", not "all"',
    ]);
    expect(one(valid({ unmapped: 'drop' }))).toEqual([
      'mappings[0].unmapped (Account_Tier__c): must be one of "refuse", "pass", "skip", not "drop"',
    ]);
    expect(one(valid({ transforms: ['trim', 'Lower'] }))).toEqual([
      'mappings[0].transforms[1] (Account_Tier__c): must be one of "trim", "lower", "upper", "collapse-spaces", not "Lower" (did you mean "lower"?)',
    ]);
  });

  it('empty and too long values', () => {
    expect(one(valid({ id: '' }))).toEqual(['mappings[0].id (Account_Tier__c): cannot be empty']);
    expect(one(valid({ object: '' }))).toEqual([
      'mappings[0].object (Account_Tier__c): choose the object (e.g. Case)',
    ]);
    expect(one(valid({ sources: [] }))).toEqual([
      'mappings[0].sources (Account_Tier__c): add at least one context key',
    ]);
    expect(one(valid({ sources: ['Tier', '   '] }))).toEqual([
      'mappings[0].sources[1] (Account_Tier__c): a source key cannot be empty',
    ]);
    expect(one(valid({ id: 'x'.repeat(201) }))).toEqual([
      'mappings[0].id (Account_Tier__c): takes at most 200 characters (this one has 201)',
    ]);
    expect(one(valid({ separator: ' '.repeat(21) }))).toEqual([
      'mappings[0].separator (Account_Tier__c): takes at most 20 characters (this one has 21)',
    ]);
  });

  it('value map entries: mappings[3].valueMap[1].to', () => {
    expect(
      one(
        valid({
          valueMap: [
            { from: 'Basic', to: 'tier_basic' },
            { from: 'Premium', to: 2 },
          ],
        }),
        3,
      ),
    ).toEqual(['mappings[3].valueMap[1].to (Account_Tier__c): must be text, not the number 2']);
    expect(one(valid({ valueMap: [{ from: '', to: 'x' }, { to: 'y' }, 'Premium'] }))).toEqual([
      'mappings[0].valueMap[0].from (Account_Tier__c): a value map entry needs a "from" value',
      'mappings[0].valueMap[1].from (Account_Tier__c): missing: each value map entry is {"from": "<what the bot says>", "to": "<what the field stores>"}',
      'mappings[0].valueMap[2] (Account_Tier__c): must be an object, not "Premium"',
    ]);
  });

  it('unknown keys, one line each, with the likely key', () => {
    expect(one(valid({ polcy: 'overwrite', 'value map': [] }))).toEqual([
      'mappings[0].polcy (Account_Tier__c): unknown key: did you mean "policy"? a mapping has id, platform, object, field, sources, combine, separator, valueMap, unmapped, transforms, dateFormat, timeZone, policy, enabled',
      'mappings[0]["value map"] (Account_Tier__c): unknown key: did you mean "valueMap"? a mapping has id, platform, object, field, sources, combine, separator, valueMap, unmapped, transforms, dateFormat, timeZone, policy, enabled',
    ]);
    expect(one(valid({ valueMap: [{ from: 'a', to: 'b', note: 'x' }] }))).toEqual([
      'mappings[0].valueMap[0].note (Account_Tier__c): unknown key: a value map entry has from, to',
    ]);
  });

  it('duplicate ids: each later use names the first', () => {
    expect(
      errors(
        file([
          valid({ id: 'a' }),
          valid({ id: 'b' }),
          valid({ id: 'tier' }),
          valid({ id: 'c' }),
          valid({ id: 'd' }),
          valid({ id: 'e' }),
          valid({ id: 'f' }),
          valid({ id: 'tier' }),
          valid({ id: 'tier' }),
        ]),
      ),
    ).toEqual([
      'mappings[7].id (Account_Tier__c): "tier" is used by mappings[2] (Account_Tier__c) too',
      'mappings[8].id (Account_Tier__c): "tier" is used by mappings[2] (Account_Tier__c) too',
    ]);
  });

  it('ids differing only in case are different ids', () => {
    expect(parsed(file([valid({ id: 'Tier' }), valid({ id: 'tier' })]))).toHaveLength(2);
  });

  it('reports every problem of the file at once, in file order, the file first', () => {
    expect(
      errors(
        file(
          [
            valid({ id: 'dup' }),
            valid({ id: 'dup', enabled: 1 }),
            valid({ platform: 'zendesk', id: 'z' }),
          ],
          { extra: true },
        ),
      ),
    ).toEqual([
      'extra: unknown key: a mappings file has $schema, format, version, mappings',
      'mappings[1].enabled (Account_Tier__c): must be true or false, not the number 1',
      'mappings[1].id (Account_Tier__c): "dup" is used by mappings[0] (Account_Tier__c) too',
      'mappings[2].platform (Account_Tier__c): must be one of "salesforce", "kustomer", not "zendesk"',
    ]);
  });

  it('is all or nothing: one bad mapping among 50 refuses the file', () => {
    const mappings: unknown[] = fiftyMappings();
    mappings[31] = { ...(mappings[31] as object), policy: 'always' };
    const result = parseMappingsFile(file(mappings));
    expect(result).toEqual({
      ok: false,
      errors: [
        'mappings[31].policy (Bot_Field_14__c): must be one of "fill-empty", "overwrite", not "always"',
      ],
    });
    expect(result).not.toHaveProperty('file');
  });
});

describe('parseMappingsFile: mappings without an id', () => {
  const noId = (over: Record<string, unknown> = {}) => {
    const { id: _, ...rest } = valid(over) as Record<string, unknown>;
    return rest;
  };

  it('makes a readable id from platform, object and field, the same on every import', () => {
    const json = file([
      noId(),
      noId({ platform: 'kustomer', object: 'conversation', field: 'accountTierStr' }),
      valid({ id: 'given', field: 'Priority' }),
    ]);
    const ids = parsed(json).map((m) => m.id);
    expect(ids).toEqual([
      'salesforce.case.account-tier-c',
      'kustomer.conversation.account-tier-str',
      'given',
    ]);
    expect(parsed(JSON.parse(JSON.stringify(json))).map((m) => m.id)).toEqual(ids);
  });

  it('keeps made ids through export: export → import changes nothing', () => {
    const first = parsed(file([noId(), noId({ field: 'Priority' })]));
    const exported = exportMappings(first);
    expect(exported.mappings.map((m) => m.id)).toEqual([
      'salesforce.case.account-tier-c',
      'salesforce.case.priority',
    ]);
    const again = parsed(JSON.parse(stringifyMappingsFile(exported)));
    expect(mergeMappings(first, again, 'replace').summary).toEqual({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 2,
    });
  });

  it('cuts a very long id and ends it with a digest, so it stays unique and stable', () => {
    const long = (field: string) => noId({ object: 'O'.repeat(100), field });
    const [a, b] = parsed(file([long(`${'F'.repeat(150)}_a`), long(`${'F'.repeat(150)}_b`)]));
    expect(a?.id).toHaveLength(200);
    expect(a?.id).toMatch(/^salesforce\.o{100}\.f+-[0-9a-f]{8}$/);
    expect(a?.id).not.toBe(b?.id);
  });

  it('refuses two id-less mappings on one field, naming both by index and field', () => {
    expect(errors(file([noId(), valid({ id: 'x', field: 'Priority' }), noId()]))).toEqual([
      'mappings[2] (Account_Tier__c): neither it nor mappings[0] (Account_Tier__c) has an id, and both fill salesforce Case Account_Tier__c: one field takes one mapping; remove one, or give each an id (to keep a second one disabled)',
    ]);
  });

  it('refuses a made id that another mapping has, whichever comes first', () => {
    const taken = valid({ id: 'salesforce.case.account-tier-c', field: 'Other__c' });
    expect(errors(file([taken, noId()]))).toEqual([
      'mappings[1] (Account_Tier__c): it has no id, and the one made from its platform, object and field, "salesforce.case.account-tier-c", is the id of mappings[0] (Other__c): give this mapping an id',
    ]);
    expect(errors(file([noId(), taken]))).toEqual([
      'mappings[1].id (Other__c): "salesforce.case.account-tier-c" is the id made for mappings[0] (Account_Tier__c), which has none: choose another id',
    ]);
  });

  it('names a mapping by its catalog label when the caller knows it', () => {
    const labelOf = ({ field }: { field: string }) =>
      field === 'Account_Tier__c' ? 'Account Tier' : undefined;
    const result = parseMappingsFile(
      file([valid({ policy: 'always' }), valid({ id: 'p', field: 'Priority', enabled: 2 })]),
      labelOf,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'mappings[0].policy (Account Tier): must be one of "fill-empty", "overwrite", not "always"',
        'mappings[1].enabled (Priority): must be true or false, not the number 2',
      ],
    });
  });

  it('keeps a hostile field name short and visible in messages', () => {
    const [line] = errors(file([valid({ field: `A\u202E${'x'.repeat(100)}`, policy: 'x' })]));
    expect(line).toMatch(/^mappings\[0\]\.policy \(Ax{59}…\): /);
  });
});

describe('parseMappingsFile: date formats and time zones', () => {
  it('reads dateFormat and timeZone, and export writes them back', () => {
    const [m] = parsed(file([valid({ dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Paris' })]));
    expect(m).toMatchObject({ dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Paris' });
    expect(exportMappings([m as Mapping]).mappings[0]).toMatchObject({
      dateFormat: 'DD/MM/YYYY',
      timeZone: 'Europe/Paris',
    });
  });

  it('refuses an unknown format and a time zone Intl does not know, with the fix', () => {
    expect(errors(file([valid({ dateFormat: 'dd/mm/yyyy', timeZone: 'Paris' })]))).toEqual([
      'mappings[0].dateFormat (Account_Tier__c): must be one of "ISO", "DD/MM/YYYY", "MM/DD/YYYY", not "dd/mm/yyyy" (did you mean "DD/MM/YYYY"?)',
      'mappings[0].timeZone (Account_Tier__c): must be an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC", not "Paris"',
    ]);
    expect(errors(file([valid({ timeZone: '+02:00' })]))).toEqual([
      'mappings[0].timeZone (Account_Tier__c): must be an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC", not "+02:00" (an offset belongs in the value itself)',
    ]);
  });
});

describe('the file schema accepts exactly what the store schema accepts', () => {
  it('with the same result, for every mapping of the 50', () => {
    for (const m of fiftyMappings()) expect(MappingFileEntry.parse(m)).toEqual(Mapping.parse(m));
  });

  it('has the same keys', () => {
    expect(Object.keys(MappingFileEntry.shape)).toEqual(Object.keys(Mapping.shape));
  });

  it('but leaves the id out when it is not given (import makes it)', () => {
    const { id: _, ...rest } = valid();
    expect(MappingFileEntry.parse(rest)).not.toHaveProperty('id');
    expect(Mapping.safeParse(rest).success).toBe(false);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and quotes keys that are not identifiers', () => {
    expect(formatPath(['mappings', 3, 'valueMap', 1, 'to'])).toBe('mappings[3].valueMap[1].to');
    expect(formatPath(['mappings', 0, 'a b'])).toBe('mappings[0]["a b"]');
    expect(formatPath(['$schema'])).toBe('$schema');
    expect(formatPath([])).toBe('');
  });
});

describe('mergeMappings', () => {
  const m = (id: string, over: Partial<MappingInput> = {}) =>
    Mapping.parse(valid({ id, field: `${id}__c`, ...over }));
  const existing = [m('a'), m('b'), m('c'), m('d')];
  const incoming = [
    m('a'), // unchanged
    m('b', { policy: 'overwrite' }), // updated
    m('e'), // added
    m('f'), // added
  ];

  it('merge: the file replaces mappings with its ids, adds new ones and keeps the rest', () => {
    const result = mergeMappings(existing, incoming, 'merge');
    expect(result.summary).toEqual({ added: 2, updated: 1, removed: 0, unchanged: 3 });
    expect(result.ids).toEqual({
      added: ['e', 'f'],
      updated: ['b'],
      removed: [],
      unchanged: ['a', 'c', 'd'],
    });
    expect(result.mappings.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(result.mappings.find((x) => x.id === 'b')?.policy).toBe('overwrite');
    expect(result.put.map((x) => x.id)).toEqual(['b', 'e', 'f']);
    expect(result.remove).toEqual([]);
  });

  it('replace: the stored mappings become exactly the file', () => {
    const result = mergeMappings(existing, incoming, 'replace');
    expect(result.summary).toEqual({ added: 2, updated: 1, removed: 2, unchanged: 1 });
    expect(result.ids.removed).toEqual(['c', 'd']);
    expect(result.mappings).toEqual([...incoming].sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(result.put.map((x) => x.id)).toEqual(['b', 'e', 'f']);
    expect(result.remove).toEqual(['c', 'd']);
  });

  it('the counts add up: before = updated + unchanged + removed; after = added + updated + unchanged', () => {
    for (const mode of ['merge', 'replace'] as const) {
      const { summary, mappings } = mergeMappings(existing, incoming, mode);
      expect(summary.updated + summary.unchanged + summary.removed).toBe(existing.length);
      expect(summary.added + summary.updated + summary.unchanged).toBe(mappings.length);
    }
  });

  it('importing the export of the store changes nothing, in either mode', () => {
    const store = fiftyMappings().map((x) => Mapping.parse(x));
    const again = parsed(JSON.parse(stringifyMappingsFile(exportMappings(store))));
    for (const mode of ['merge', 'replace'] as const) {
      const result = mergeMappings(store, again, mode);
      expect(result.summary).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 50 });
      expect(result.put).toEqual([]);
      expect(result.remove).toEqual([]);
    }
  });

  it('a change in any one key is an update', () => {
    const base = m('a', { valueMap: [{ from: 'x', to: 'y' }] });
    const changes: Partial<MappingInput>[] = [
      { sources: ['Other'] },
      { field: 'Other__c' },
      { combine: 'join' },
      { separator: ' | ' },
      { valueMap: [{ from: 'x', to: 'z' }] },
      { valueMap: [] },
      { unmapped: 'pass' },
      { transforms: ['trim'] },
      { policy: 'overwrite' },
      { enabled: false },
    ];
    for (const change of changes) {
      const next = Mapping.parse({ ...base, ...change });
      expect(mergeMappings([base], [next], 'merge').summary.updated, JSON.stringify(change)).toBe(
        1,
      );
    }
  });

  it('an empty replace removes everything; an empty merge changes nothing', () => {
    expect(mergeMappings(existing, [], 'replace').summary).toEqual({
      added: 0,
      updated: 0,
      removed: 4,
      unchanged: 0,
    });
    expect(mergeMappings(existing, [], 'merge').mappings).toEqual(existing);
  });

  it('refuses duplicate ids rather than guessing which one wins', () => {
    expect(() => mergeMappings([], [m('a'), m('a')], 'merge')).toThrow(/id "a" twice/);
  });

  it('sameMapping ignores defaults written out or not', () => {
    expect(
      sameMapping(valid(), { ...valid(), enabled: true, policy: 'fill-empty' } as MappingInput),
    ).toBe(true);
    expect(sameMapping(valid(), { ...valid(), enabled: false } as MappingInput)).toBe(false);
  });
});
