/**
 * Reading stored mappings without zod on every row (lib/mapping/stored.ts): the hand-written check
 * accepts exactly the rows `Mapping.parse` would hand back unchanged, and everything else still
 * goes through zod (defaults filled) or is refused with the row's id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mapping, type MappingInput } from '@/lib/mapping/schema';
import {
  isCanonicalMapping,
  readStoredMapping,
  UnreadableMappingError,
} from '@/lib/mapping/stored';

const base = Mapping.parse({
  id: 'tier',
  platform: 'salesforce',
  object: 'Case',
  field: 'Account_Tier__c',
  sources: ['Account Tier'],
  valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  transforms: ['trim'],
});

const str = (minLength: number, maxLength: number) =>
  fc.oneof(
    fc.string({ minLength, maxLength: Math.min(maxLength, 12) }),
    fc.string({ minLength: maxLength - 2, maxLength }),
  );

/** A mapping's input as an admin or a file may write it: any key with a default may be left out. */
const input = fc.record(
  {
    id: str(1, 200),
    platform: fc.constantFrom('salesforce', 'kustomer'),
    object: str(1, 100),
    field: str(1, 200),
    sources: fc.array(str(1, 200), { minLength: 1, maxLength: 3 }),
    combine: fc.constantFrom('first', 'join'),
    separator: str(0, 20),
    valueMap: fc.array(fc.record({ from: str(1, 30), to: str(0, 30) }, { noNullPrototype: true }), {
      maxLength: 3,
    }),
    unmapped: fc.constantFrom('refuse', 'pass', 'skip', undefined),
    transforms: fc.array(fc.constantFrom('trim', 'lower', 'upper', 'collapse-spaces'), {
      maxLength: 3,
    }),
    dateFormat: fc.constantFrom('ISO', 'DD/MM/YYYY', 'MM/DD/YYYY', undefined),
    timeZone: fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', undefined),
    policy: fc.constantFrom('fill-empty', 'overwrite'),
    enabled: fc.boolean(),
  },
  { requiredKeys: ['id', 'platform', 'object', 'field', 'sources'], noNullPrototype: true },
);

/** Values on and past the schema's edges, of the right type and of wrong ones. */
const odd = fc.oneof(
  fc.constantFrom('', ' ', ' a', 'a ', '\u00a0x', 'x\n', '__proto__', 'zendesk', 'rot13', 'all'),
  fc.constantFrom('Mars/Base', '+02:00', 'dd/mm/yyyy', 'europe/paris', 'x'.repeat(65)),
  fc.constantFrom('x'.repeat(21), 'x'.repeat(101), 'x'.repeat(201), 'x'.repeat(200)),
  fc.constantFrom(null, undefined, 0, 1, true, 'yes', [], {}, ['a'], [' a'], [''], [1], [null]),
  fc.constantFrom([{ from: '', to: 'x' }], [{ from: 'a', to: 1 }], [{ from: 'a', to: 'b', c: 1 }]),
);
const KEY_NAMES = [
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
  'dateFormat',
  'timeZone',
  'policy',
  'enabled',
  'note',
] as const;

/**
 * A valid mapping (as input, or as zod outputs it, i.e. as stored), then up to two changes: a key
 * set to an odd value, or removed.
 */
const candidate = fc
  .tuple(
    input,
    fc.boolean(),
    fc.array(fc.tuple(fc.constantFrom(...KEY_NAMES), odd, fc.boolean()), { maxLength: 2 }),
  )
  .map(([m, stored, changes]) => {
    const parsed = Mapping.safeParse(m);
    const row: Record<string, unknown> = stored && parsed.success ? parsed.data : { ...m };
    for (const [key, value, remove] of changes) {
      if (remove) delete row[key];
      else row[key] = value;
    }
    return row;
  });

describe('isCanonicalMapping', () => {
  it('accepts what Mapping.parse outputs, and only rows Mapping.parse would leave unchanged', () => {
    const seen = { canonical: 0, zodOnly: 0, invalid: 0 };
    fc.assert(
      fc.property(candidate, (row) => {
        const parsed = Mapping.safeParse(row);
        if (isCanonicalMapping(row)) seen.canonical++;
        else if (parsed.success) seen.zodOnly++;
        else seen.invalid++;
        // Whatever zod outputs is canonical: stored rows take the fast path.
        if (parsed.success) expect(isCanonicalMapping(parsed.data)).toBe(true);
        // Whatever the check accepts, zod accepts too and hands back equal.
        if (isCanonicalMapping(row)) {
          expect(parsed.success).toBe(true);
          expect(parsed.data).toStrictEqual(row);
        }
      }),
      { numRuns: 3000 },
    );
    // The three kinds of row were all tried, many times each.
    expect(Math.min(seen.canonical, seen.zodOnly, seen.invalid)).toBeGreaterThan(300);
  });

  it('sends rows that need zod to zod: missing defaults, untrimmed keys, unknown keys', () => {
    const { policy: _p, enabled: _e, ...v1 } = base;
    const variants: unknown[] = [
      v1,
      { ...base, sources: [' Account Tier'] },
      { ...base, extra: 1 },
      { ...base, valueMap: [{ from: 'a', to: 'b', note: 'x' }] },
    ];
    for (const row of variants) {
      expect(isCanonicalMapping(row)).toBe(false);
      expect(readStoredMapping(row)).toStrictEqual(Mapping.parse(row));
    }
    expect(readStoredMapping(v1)).toMatchObject({ policy: 'fill-empty', enabled: true });
  });

  it('refuses what is not a mapping at all', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'tier',
      [base],
      { ...base, sources: [] },
      { ...base, sources: 'Account Tier' },
      { ...base, sources: [1] },
      { ...base, valueMap: [null] },
      { ...base, valueMap: [{ from: '', to: 'x' }] },
      { ...base, valueMap: {} },
      { ...base, transforms: ['rot13'] },
      { ...base, platform: 'zendesk' },
      { ...base, enabled: 'yes' },
      { ...base, unmapped: 'maybe' },
      { ...base, id: '' },
      { ...base, id: 'x'.repeat(201) },
      { ...base, separator: 'x'.repeat(21) },
    ];
    for (const row of bad) {
      expect(isCanonicalMapping(row)).toBe(false);
      expect(Mapping.safeParse(row).success).toBe(false);
    }
  });
});

describe('readStoredMapping', () => {
  it('answers a canonical row as it is, without copying it', () => {
    const row = structuredClone(base);
    expect(readStoredMapping(row)).toBe(row);
  });

  it('names the row and what is wrong with a row that is not a mapping', () => {
    const damaged = { ...base, id: 'broken-row', sources: null } as unknown as MappingInput;
    let error: unknown;
    try {
      readStoredMapping(damaged);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnreadableMappingError);
    expect((error as UnreadableMappingError).id).toBe('broken-row');
    expect((error as Error).message).toMatch(/"broken-row" cannot be read/);
    expect((error as Error).message).toContain('sources');
    expect(() => readStoredMapping(42)).toThrow('"(no id)" cannot be read');
  });
});
