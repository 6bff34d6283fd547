/**
 * The context parser's fuzz, run 20× longer than `npm test` runs it, with a seed taken from the
 * clock (printed, and kept in the JSON; `HF_FUZZ_SEED=<n>` replays one). The property and the input
 * families are a minimal copy of test/unit/context/parse.fuzz.test.ts (a test file cannot be
 * imported outside vitest, and test/unit is not the bench's to change): per input the parser never
 * throws, returns a documented shape (null-prototype values within the limits), leaves
 * `Object.prototype` alone, and parses an input of up to 70,000 characters within 50 ms. A parse
 * over 10 ms is timed twice more and the fastest of the three counts (the unit test re-times only
 * over 50 ms), so a GC pause on a busy 2-core machine is not taken for the parser's cost; the
 * slowest first attempt is reported too, and the slowest input is kept (its start) in the JSON.
 */
import fc from 'fast-check';
import { normaliseKey } from '../../lib/context/normalise';
import { CONTEXT_LIMITS, parseContext } from '../../lib/context/parse';
import { type BenchOptions, budgeted, fmt, info, type MetricResult, round } from './common';

const BOUND_MS = 50;
/** A parse slower than this is timed twice more (fastest counts): GC pauses are not the parser's. */
const RETIME_OVER_MS = 10;
const TIMED_UP_TO_CHARS = 70_000;
const FACTOR = 20;
const FORMS = new Set(['signed', 'json', 'key-value']);
const RESERVED = new Set(['proto', 'constructor', 'prototype']);
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SPOOFS = new Set(['quoted', 'lookalike', 'inline']);

/** What is wrong with a result, by the contract of lib/context/types.ts (ParsedContext). */
function problemsOf(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return ['not an object'];
  const r = result as Record<string, unknown>;
  if (r.found === false) return Object.keys(r).length === 1 ? [] : ['not-found with more keys'];
  if (r.found !== true) return [`found is ${String(r.found)}`];
  if (r.ok === false) {
    const out: string[] = [];
    if (r.form !== null && !FORMS.has(r.form as string)) out.push(`failure form ${String(r.form)}`);
    if (typeof r.error !== 'string' || r.error.length === 0 || r.error.length > 1_000)
      out.push('failure message missing or over 1,000 characters');
    if (r.spoof !== undefined && !SPOOFS.has(r.spoof as string))
      out.push(`spoof ${String(r.spoof)}`);
    return out;
  }
  if (r.ok !== true) return [`ok is ${String(r.ok)}`];
  if (r.form === 'signed')
    return typeof r.token === 'string' && JWS.test(r.token) ? [] : ['token is not JWS compact'];
  if (r.form !== 'json' && r.form !== 'key-value') return [`ok with form ${String(r.form)}`];
  const values = r.values;
  if (typeof values !== 'object' || values === null) return ['values is not an object'];
  const out: string[] = [];
  if (typeof r.block !== 'string') out.push('block is not text');
  if (Object.getPrototypeOf(values) !== null) out.push('values has a prototype');
  const entries = Object.entries(values);
  if (entries.length > CONTEXT_LIMITS.keys) out.push(`${entries.length} keys`);
  for (const [key, value] of entries) {
    if (RESERVED.has(normaliseKey(key))) out.push(`reserved key ${key}`);
    if (key.trim().length === 0) out.push('empty key');
    const ok =
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= CONTEXT_LIMITS.valueChars);
    if (!ok) out.push(`value of ${key.slice(0, 20)} is ${typeof value}`);
    if (r.form === 'key-value' && typeof value !== 'string') out.push('key-value non-text');
  }
  return out;
}

// ─── Input families (condensed from the unit test) ───────────────────────────────────────────────

const MARKERS = [
  'handoff-context:',
  'HANDOFF-CONTEXT:',
  'handoff-context',
  '#handoff',
  'Handoff context',
  '**Handoff context**',
  '## Handoff Context:',
  '> handoff context',
  '"handoffContext":',
  '{"handoffContext": {',
  '```json',
  '```',
  '---',
];
const TRICKY = [
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00a0',
  '\u3000',
  '\u202e',
  '\u0000',
  '\ud800',
  'hаndoff-context:',
  'Ηandoff context',
  'ｈａｎｄｏｆｆ－ｃｏｎｔｅｘｔ:',
  'handoff\u200b-context:',
];
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\n',
  '\r\n',
  ' ',
  'Key: Value',
  'Account Tier: Premium',
  '**Tier:** Gold',
  '__proto__',
  '"__proto__":',
  '"constructor": {"prototype": {"polluted": 1}}',
  '"a": [1, {"b": null}]',
  '1e999',
  'eyJhbGciOiJFUzI1NiJ9',
  'aaa.bbb.ccc',
  '> ',
  'On Mon, Jamie wrote:',
];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MARKERS) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const arbitraryText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);
const markerText = fc.array(token, { maxLength: 80 }).map((p) => p.join(''));
const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'Account Tier', 'account_tier', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const valueText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }).map((s) => JSON.stringify(s)),
  fc.double().map((d) => JSON.stringify(d) ?? 'null'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);
const objectText = fc
  .array(fc.tuple(keyArb, valueText), { maxLength: 25 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`);
const jsonText = fc
  .tuple(objectText, fc.constantFrom('marker', 'fenced', 'inline', 'embedded', 'heading'))
  .map(([json, layout]) =>
    layout === 'marker'
      ? `handoff-context\n${json}`
      : layout === 'fenced'
        ? `handoff-context\n\`\`\`json\n${json}\n\`\`\``
        : layout === 'inline'
          ? `handoff-context: ${json}`
          : layout === 'embedded'
            ? `x {"handoffContext": ${json}} y`
            : `**Handoff context**\n${json}`,
  );
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('{"a":', '[', '{"handoffContext":'))
  .map(([depth, open]) => `handoff-context\n${open.repeat(depth)}1`);
const manyKeysText = fc
  .tuple(fc.integer({ min: 150, max: 4_000 }), fc.constantFrom('json', 'key-value'))
  .map(([count, form]) =>
    form === 'key-value'
      ? `Handoff context\n${Array.from({ length: count }, (_, i) => `k${i}: v${i}`).join('\n')}`
      : `handoff-context\n{${Array.from({ length: count }, (_, i) => `"k${i}": ${i}`).join(',')}}`,
  );
const bigText = fc
  .tuple(
    fc.integer({ min: 60_000, max: 70_000 }),
    fc.constantFrom('a', '{', '"', '\\', '\u200b', 'x: y\n', '> ', '\r\n'),
    fc.constantFrom('line', 'value', 'lines', 'token', 'json-string', 'embedded'),
  )
  .map(([size, chunk, layout]) => {
    const fill = chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
    switch (layout) {
      case 'line':
        return `handoff-context: ${fill}`;
      case 'value':
        return `Handoff context\nNote: ${fill}`;
      case 'lines':
        return `Handoff context\n${Array.from({ length: Math.floor(size / 8) }, (_, i) => `k${i}: v`).join('\n')}`;
      case 'token':
        return `handoff-context: ${'a'.repeat(size / 2)}.${'b'.repeat(size / 4)}.c`;
      case 'json-string':
        return `handoff-context\n{"Note": ${JSON.stringify(fill)}}`;
      default:
        return `${fill} {"handoffContext": {"a": 1}}`;
    }
  });
const safeKey = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 })
  .filter((k) => /^[A-Za-z][A-Za-z0-9 _-]*$/.test(k));
const goodText = fc
  .tuple(
    fc.uniqueArray(fc.tuple(safeKey, fc.string({ unit: 'grapheme', maxLength: 20 })), {
      maxLength: 12,
      selector: ([k]) => normaliseKey(k),
    }),
    fc.constantFrom('json', 'key-value'),
  )
  .map(([pairs, form]) =>
    form === 'key-value'
      ? `Handoff context\n${pairs.map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, ' ')}`).join('\n') || 'k: v'}`
      : `handoff-context\n${JSON.stringify(Object.fromEntries(pairs))}`,
  );
const signedText = fc
  .string({ unit: fc.constantFrom(...'ABCxyz019-_'), minLength: 1, maxLength: 40 })
  .map((p) => `Connecting you now.\nhandoff-context: ${p}.${p}.${p}`);

/** The unit test's runs per family (×20 here). */
const FAMILIES: Array<{ name: string; arb: fc.Arbitrary<string>; runs: number }> = [
  { name: 'arbitrary strings', arb: arbitraryText, runs: 1_500 },
  { name: 'around the markers', arb: markerText, runs: 2_500 },
  { name: 'JSON layouts', arb: jsonText, runs: 1_000 },
  { name: 'deep nesting', arb: deepText, runs: 150 },
  { name: 'thousands of keys', arb: manyKeysText, runs: 80 },
  { name: '60–70 KB messages', arb: bigText, runs: 80 },
  { name: 'well-formed contexts', arb: goodText, runs: 500 },
  { name: 'signed lines', arb: signedText, runs: 300 },
];

export async function runFuzz(opts: BenchOptions): Promise<MetricResult> {
  const seed = process.env.HF_FUZZ_SEED
    ? Number(process.env.HF_FUZZ_SEED)
    : Date.now() % 2_147_483_647;
  opts.log(`  fuzz seed ${seed} (replay: HF_FUZZ_SEED=${seed} npm run bench -- --only fuzz)`);
  for (let i = 0; i < 200; i++) parseContext(`handoff-context\n{"a": ${i}}\nHandoff context\nk: v`);

  const protoNames = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  let slowest = 0;
  let slowestFirst = 0;
  let slowestChars = 0;
  let slowestFamily = '';
  let slowestStart = '';
  let tried = 0;
  const families: Record<string, { runs: number; maxMs: number; seconds: number }> = {};
  const failures: string[] = [];
  const started = performance.now();
  for (const [n, family] of FAMILIES.entries()) {
    let maxMs = 0;
    const t0 = performance.now();
    const out = fc.check(
      fc.property(family.arb, (text) => {
        let best = Number.POSITIVE_INFINITY;
        let first = 0;
        let result: unknown;
        for (let attempt = 0; attempt < 3; attempt++) {
          const start = performance.now();
          result = parseContext(text);
          const ms = performance.now() - start;
          if (attempt === 0) first = ms;
          best = Math.min(best, ms);
          if (best <= RETIME_OVER_MS) break;
        }
        tried++;
        const problems = problemsOf(result);
        if (problems.length > 0) throw new Error(`bad result: ${problems.join('; ')}`);
        if (
          ({} as Record<string, unknown>).polluted !== undefined ||
          Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== protoNames
        ) {
          throw new Error('Object.prototype was changed');
        }
        if (text.length <= TIMED_UP_TO_CHARS) {
          if (best > slowest) {
            slowest = best;
            slowestChars = text.length;
            slowestFamily = family.name;
            slowestStart = JSON.stringify(text.slice(0, 160));
          }
          slowestFirst = Math.max(slowestFirst, first);
          maxMs = Math.max(maxMs, best);
          if (best > BOUND_MS)
            throw new Error(`took ${best.toFixed(1)} ms for ${text.length} characters`);
        }
      }),
      // Each family its own seed from the one printed, so families do not share a sequence.
      { seed: seed + n, numRuns: family.runs * FACTOR, endOnFailure: true },
    );
    families[family.name] = {
      runs: out.numRuns,
      maxMs: round(maxMs, 2),
      seconds: round((performance.now() - t0) / 1000, 1),
    };
    if (out.failed) {
      const example = JSON.stringify(out.counterexample?.[0] ?? '').slice(0, 200);
      failures.push(
        `${family.name}: ${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)} — input ${example} (seed ${seed + n}, path ${out.counterexamplePath})`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = [
    budgeted(
      'fuzz.parse.max-ms',
      `Parser fuzz, ${fmt(tried, 0)} inputs (${FACTOR}× npm test, seed ${seed}), slowest input`,
      failures.length > 0 ? Number.POSITIVE_INFINITY : slowest,
      'ms',
      { max: BOUND_MS },
      failures.length > 0
        ? `property failed: ${failures[0]?.slice(0, 120)}`
        : `${fmt(slowest, 1)} ms (${fmt(slowestChars, 0)} chars, ${slowestFamily}; first tries max ${fmt(slowestFirst, 1)} ms; ${fmt(seconds, 0)} s)`,
      failures.join('\n') || undefined,
    ),
    info(
      'fuzz.parse.rate',
      'Parser fuzz throughput',
      tried / seconds,
      'inputs/s',
      `${fmt(tried / seconds, 0)} inputs/s (property checks included)`,
    ),
  ];
  return {
    id: 'fuzz',
    rows,
    data: {
      seed,
      factor: FACTOR,
      boundMs: BOUND_MS,
      inputs: tried,
      slowestMs: round(slowest, 3),
      slowestChars,
      slowestFamily,
      slowestStart,
      slowestFirstAttemptMs: round(slowestFirst, 3),
      seconds: round(seconds, 1),
      families,
      failures,
    },
  };
}
