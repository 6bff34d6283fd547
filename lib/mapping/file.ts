/**
 * The mappings file (docs/files.md): what export writes, and what import and the CLI read. Admins keep
 * it in git, so export is deterministic — mappings sorted by platform, object and id, keys in the
 * documented order, defaults left out — and export → import → export gives the same bytes.
 *
 * Import is all or nothing: `parseMappingsFile` either returns every mapping or refuses the file
 * with one line per problem, each naming its path (`mappings[3].valueMap[1].to: …`), so an admin
 * fixes them all in one pass. `mergeMappings` then says what an import changes before it is saved.
 */
import type { z } from 'zod';
import { platformIds, quotedList } from '../platforms/descriptor-registry';
import { SETTINGS_FORMAT } from '../settings/schema';
import {
  MAPPINGS_FORMAT,
  MAPPINGS_VERSION,
  Mapping,
  type MappingInput,
  MappingsFile,
  type MappingsFileInput,
} from './schema';

// ─── Export ──────────────────────────────────────────────────────────────────────────────────────

/** The defaults export leaves out (`unmapped` has none: absent means "by the target's type"). */
const DEFAULTS = {
  combine: 'first',
  separator: ', ',
  policy: 'fill-empty',
  enabled: true,
} as const;

/**
 * The mappings file for these mappings. Each mapping is validated and normalised first (as the store
 * does), so what is written is exactly what an import reads back.
 */
export function exportMappings(mappings: readonly (Mapping | MappingInput)[]): MappingsFileInput {
  const parsed = mappings.map((m) => Mapping.parse(m)).sort(fileOrder);
  return { format: MAPPINGS_FORMAT, version: MAPPINGS_VERSION, mappings: parsed.map(exportOne) };
}

/** The file's text: 2-space JSON and a final newline, as an admin's editor would save it. */
export function stringifyMappingsFile(file: MappingsFileInput): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** One mapping with its keys in the documented order and its defaults left out. */
function exportOne(m: Mapping): MappingInput {
  const out: MappingInput = {
    id: m.id,
    platform: m.platform,
    object: m.object,
    field: m.field,
    sources: [...m.sources],
  };
  if (m.combine !== DEFAULTS.combine) out.combine = m.combine;
  if (m.separator !== DEFAULTS.separator) out.separator = m.separator;
  if (m.valueMap.length > 0) out.valueMap = m.valueMap.map(({ from, to }) => ({ from, to }));
  if (m.unmapped !== undefined) out.unmapped = m.unmapped;
  if (m.transforms.length > 0) out.transforms = [...m.transforms];
  if (m.policy !== DEFAULTS.policy) out.policy = m.policy;
  if (m.enabled !== DEFAULTS.enabled) out.enabled = m.enabled;
  return out;
}

/** Platform, object, id — by UTF-16 code units, so the order is the same on every machine and locale. */
function fileOrder(a: Mapping, b: Mapping): number {
  return cmp(a.platform, b.platform) || cmp(a.object, b.object) || cmp(a.id, b.id);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ─── Import ──────────────────────────────────────────────────────────────────────────────────────

export type MappingsFileParse = { ok: true; file: MappingsFile } | { ok: false; errors: string[] };

/**
 * Reads a mappings file (already JSON-parsed). All or nothing: any problem refuses the whole file,
 * and every problem is reported, one line each, naming its path.
 */
export function parseMappingsFile(json: unknown): MappingsFileParse {
  if (!isPlainObject(json)) {
    return fail([
      Array.isArray(json)
        ? `expected a mappings file {"format": "${MAPPINGS_FORMAT}", "version": ${MAPPINGS_VERSION}, "mappings": [...]}, not a bare list: put the list under "mappings"`
        : `expected a mappings file {"format": "${MAPPINGS_FORMAT}", "version": ${MAPPINGS_VERSION}, "mappings": [...]}, not ${shownValue(json)}`,
    ]);
  }
  // A file of another kind or a newer version cannot be judged by this version's rules: say only that.
  if (json.format === SETTINGS_FORMAT) {
    return fail([
      `format: this is a settings file ("${SETTINGS_FORMAT}"), not a mappings file: import it in the options page's Settings section (Import settings…), or give it to the CLI as --settings`,
    ]);
  }
  if (
    json.format === MAPPINGS_FORMAT &&
    typeof json.version === 'number' &&
    Number.isInteger(json.version) &&
    json.version > MAPPINGS_VERSION
  ) {
    return fail([
      `version: this file is version ${json.version}, newer than this Handoff Fields reads (version ${MAPPINGS_VERSION}): update the extension (or the checkout that runs the CLI) and import it again`,
    ]);
  }

  const result = MappingsFile.safeParse(json, { error: friendlyMessage });
  const problems: Problem[] = result.success ? [] : result.error.issues.flatMap(problemsOf);
  problems.push(...duplicateIds(json.mappings));
  if (problems.length > 0 || !result.success) {
    // Stable sort: the file's problems first, then each mapping's, in the order of the file.
    problems.sort((a, b) => a.order - b.order);
    return fail(problems.map((p) => p.line));
  }
  return { ok: true, file: result.data };
}

interface Problem {
  line: string;
  /** The mapping's index, -1 for the file's own keys. */
  order: number;
}

function fail(errors: string[]): MappingsFileParse {
  return { ok: false, errors };
}

/** `mappings[7].id: "tier" is used by mappings[2] too` — the store keys mappings by id. */
function duplicateIds(mappings: unknown): Problem[] {
  if (!Array.isArray(mappings)) return [];
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  mappings.forEach((m, i) => {
    if (!isPlainObject(m) || typeof m.id !== 'string' || m.id.length === 0) return;
    const earlier = first.get(m.id);
    if (earlier === undefined) first.set(m.id, i);
    else {
      problems.push({
        line: `mappings[${i}].id: ${JSON.stringify(m.id)} is used by mappings[${earlier}] too`,
        order: i,
      });
    }
  });
  return problems;
}

// ─── Issue messages ──────────────────────────────────────────────────────────────────────────────

const MAPPING_KEYS = Object.keys(Mapping.shape);
const FILE_KEYS = Object.keys(MappingsFile.shape);

/** What each required key is, for "missing" messages. */
const REQUIRED_HINTS: Record<string, string> = {
  format: `a mappings file starts with "format": "${MAPPINGS_FORMAT}"`,
  version: `the file's format version, ${MAPPINGS_VERSION}`,
  mappings: 'the list of mappings (it may be empty: [])',
  id: 'every mapping needs an id, unique in the file (e.g. "account-tier"); import recognises a mapping by it',
  get platform() {
    return quotedList(platformIds);
  },
  object: 'the object, e.g. "Case" (Kustomer: "conversation" or "customer")',
  field: `the target field's API name, e.g. "Account_Tier__c"`,
  sources: 'the context keys the value comes from, e.g. ["Account Tier"]',
  from: 'each value map entry is {"from": "<what the bot says>", "to": "<what the field stores>"}',
  to: 'each value map entry is {"from": "<what the bot says>", "to": "<what the field stores>"}',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/**
 * The per-parse error map: plain words for zod's generic messages. Messages the schema itself sets
 * ("add at least one context key") take precedence over these.
 */
export function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const key = issue.path?.[issue.path.length - 1];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.input === undefined) {
        const hint = typeof key === 'string' ? REQUIRED_HINTS[key] : undefined;
        return hint ? `missing: ${hint}` : `missing: expected ${expected}`;
      }
      return `must be ${expected}, not ${shownValue(issue.input)}`;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      if (issue.input === undefined && typeof key === 'string' && REQUIRED_HINTS[key]) {
        return `missing: ${REQUIRED_HINTS[key]}`;
      }
      if (key === 'format') {
        return `must be "${MAPPINGS_FORMAT}", not ${shownValue(issue.input)}: this is not a Handoff Fields mappings file`;
      }
      if (key === 'version') return `must be ${MAPPINGS_VERSION}, not ${shownValue(issue.input)}`;
      const guess =
        typeof issue.input === 'string'
          ? closest(
              issue.input,
              issue.values.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      const list = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      return `must be ${list}, not ${shownValue(issue.input)}${guess ? ` (did you mean "${guess}"?)` : ''}`;
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'cannot be empty'
          : `needs at least ${issue.minimum} characters`;
      }
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') {
        const length =
          typeof issue.input === 'string' ? ` (this one has ${issue.input.length})` : '';
        return `takes at most ${issue.maximum} characters${length}`;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** One issue as lines: an unknown-keys issue becomes one line per key, each with its own path. */
function problemsOf(issue: z.core.$ZodIssue): Problem[] {
  const order = typeof issue.path[1] === 'number' ? issue.path[1] : -1;
  if (issue.code === 'unrecognized_keys') {
    const owner = ownerOf(issue.path);
    return issue.keys.map((k) => {
      const guess = closest(k, owner.keys);
      const hint = guess ? `did you mean "${guess}"? ` : '';
      return {
        line: `${formatPath([...issue.path, k])}: unknown key: ${hint}${owner.what} has ${owner.keys.join(', ')}`,
        order,
      };
    });
  }
  const where = formatPath(issue.path);
  return [{ line: where ? `${where}: ${issue.message}` : issue.message, order }];
}

function ownerOf(path: readonly PropertyKey[]): { what: string; keys: string[] } {
  if (path.length === 0) return { what: 'a mappings file', keys: FILE_KEYS };
  if (path.includes('valueMap')) return { what: 'a value map entry', keys: ['from', 'to'] };
  return { what: 'a mapping', keys: MAPPING_KEYS };
}

/**
 * `['mappings', 3, 'valueMap', 1, 'to']` → `mappings[3].valueMap[1].to`; a key that is not an
 * identifier is quoted: `mappings[0]["my key"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      if (/^[A-Za-z_$][\w$]*$/.test(name)) out += out ? `.${name}` : name;
      else out += `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** A value quoted for a message, cut when long. */
function shownValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const s = v.length > 60 ? `${v.slice(0, 60)}…` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}

/** The option an admin most likely meant: same letters ignoring case and punctuation, or ≤ 2 edits away. */
function closest(wrong: string, options: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const w = fold(wrong);
  if (w.length === 0) return undefined;
  const same = options.find((o) => fold(o) === w);
  if (same) return same;
  let best: { option: string; distance: number } | undefined;
  for (const o of options) {
    const d = editDistance(w, fold(o));
    if (d <= Math.min(2, Math.floor(o.length / 3)) && (!best || d < best.distance)) {
      best = { option: o, distance: d };
    }
  }
  return best?.option;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ─── Merge ───────────────────────────────────────────────────────────────────────────────────────

export type MergeMode = 'merge' | 'replace';

/**
 * Counts of what an import changes. Every mapping before the import is `updated`, `unchanged` or
 * `removed`; every mapping after it is `added`, `updated` or `unchanged`.
 */
export interface MergeSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

export interface MergeResult {
  /** The mappings after the import, in file order. */
  mappings: Mapping[];
  summary: MergeSummary;
  /** The ids behind each count. */
  ids: Record<keyof MergeSummary, string[]>;
  /** What the store must save (added and updated) and delete (removed) — nothing else changes. */
  put: Mapping[];
  remove: string[];
}

/**
 * What importing `incoming` does to `existing`. `merge`: a mapping of the file replaces the stored one
 * with its id, the others stay. `replace`: the stored mappings become exactly the file's. A mapping
 * equal to the stored one (defaults written out or not) counts as unchanged.
 */
export function mergeMappings(
  existing: readonly Mapping[],
  incoming: readonly Mapping[],
  mode: MergeMode,
): MergeResult {
  const before = byId(existing, 'existing');
  const after = byId(incoming, 'incoming');
  const ids: MergeResult['ids'] = { added: [], updated: [], removed: [], unchanged: [] };
  const result = new Map<string, Mapping>();
  const put: Mapping[] = [];

  for (const [id, m] of after) {
    const old = before.get(id);
    if (!old) {
      ids.added.push(id);
      put.push(m);
    } else if (sameMapping(old, m)) ids.unchanged.push(id);
    else {
      ids.updated.push(id);
      put.push(m);
    }
    result.set(id, old && sameMapping(old, m) ? old : m);
  }
  for (const [id, m] of before) {
    if (after.has(id)) continue;
    if (mode === 'replace') ids.removed.push(id);
    else {
      ids.unchanged.push(id);
      result.set(id, m);
    }
  }
  const mappings = [...result.values()].sort(fileOrder);
  for (const list of Object.values(ids)) list.sort(cmp);
  return {
    mappings,
    summary: {
      added: ids.added.length,
      updated: ids.updated.length,
      removed: ids.removed.length,
      unchanged: ids.unchanged.length,
    },
    ids,
    put,
    remove: ids.removed,
  };
}

function byId(mappings: readonly Mapping[], which: string): Map<string, Mapping> {
  const map = new Map<string, Mapping>();
  for (const m of mappings) {
    if (map.has(m.id)) {
      throw new Error(
        `mergeMappings: the ${which} mappings use the id ${JSON.stringify(m.id)} twice (read files with parseMappingsFile, which refuses that)`,
      );
    }
    map.set(m.id, m);
  }
  return map;
}

/** Equal as the file would write them: defaults spelt out or not, the same mapping. */
export function sameMapping(a: Mapping | MappingInput, b: Mapping | MappingInput): boolean {
  return (
    JSON.stringify(exportOne(Mapping.parse(a))) === JSON.stringify(exportOne(Mapping.parse(b)))
  );
}
