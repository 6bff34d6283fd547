/**
 * The mappings file (docs/files.md): what export writes, and what import and the CLI read. Admins keep
 * it in git, so export is deterministic — mappings sorted by platform, object and id, keys in the
 * documented order, defaults left out — and export → import → export gives the same bytes. Export
 * writes every id, those import made for mappings written without one included, so the ids stay
 * what they are whatever the mapping later becomes.
 *
 * Import is all or nothing: `parseMappingsFile` either returns every mapping or refuses the file
 * with one line per problem, each naming its path and the mapping's field
 * (`mappings[3].valueMap[1].to (Account_Tier__c): …`), so an admin fixes them all in one pass.
 * `mergeMappings` then says what an import changes before it is saved.
 */
import type { z } from 'zod';
import { platformIds, quotedList } from '../platforms/descriptor-registry';
import { SETTINGS_FORMAT } from '../settings/schema';
import { closestName } from '../text/closest';
import { cut, printable } from '../text/format';
import { mappingIdFor } from './mapping-id';
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
  if (m.dateFormat !== undefined) out.dateFormat = m.dateFormat;
  if (m.timeZone !== undefined) out.timeZone = m.timeZone;
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

/** Where a mapping's field is known by its label (a stored catalog): messages name it so. */
export type FieldLabelOf = (target: {
  platform: string;
  object: string;
  field: string;
}) => string | undefined;

/**
 * Reads a mappings file (already JSON-parsed). All or nothing: any problem refuses the whole file,
 * and every problem is reported, one line each, naming its path and the mapping's field
 * (`mappings[3].policy (Account Tier): …`: its catalog label when `labelOf` knows it, else its API
 * name). A mapping without an id gets the one its platform, object and field make (mapping-id.ts).
 */
export function parseMappingsFile(json: unknown, labelOf?: FieldLabelOf): MappingsFileParse {
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
  const names = fieldNames(json.mappings, labelOf);
  const problems: Problem[] = result.success
    ? []
    : result.error.issues.flatMap((issue) => problemsOf(issue, names));
  problems.push(...idProblems(json.mappings, names));
  if (problems.length > 0 || !result.success) {
    // Stable sort: the file's problems first, then each mapping's, in the order of the file.
    problems.sort((a, b) => a.order - b.order);
    return fail(problems.map((p) => p.line));
  }
  const mappings = result.data.mappings.map(({ id, ...rest }) => ({
    id: id ?? mappingIdFor(rest),
    ...rest,
  }));
  return { ok: true, file: { ...result.data, mappings } };
}

/**
 * Per mapping of the file, how messages name it: its field's catalog label, else the field's API
 * name as written (cut, invisible characters taken out); undefined when it has no field.
 */
function fieldNames(mappings: unknown, labelOf: FieldLabelOf | undefined): (string | undefined)[] {
  if (!Array.isArray(mappings)) return [];
  return mappings.map((m) => {
    if (!isPlainObject(m) || typeof m.field !== 'string') return undefined;
    const field = cut(printable(m.field.trim()), 60);
    if (field === '') return undefined;
    const target =
      typeof m.platform === 'string' && typeof m.object === 'string'
        ? { platform: m.platform, object: m.object, field: m.field }
        : undefined;
    const label = target && labelOf?.(target);
    return label ? cut(printable(label), 60) : field;
  });
}

/** `mappings[3].id` → `mappings[3].id (Account Tier)`, when the mapping has a field to name. */
function named(where: string, order: number, names: readonly (string | undefined)[]): string {
  const name = order >= 0 ? names[order] : undefined;
  return name === undefined ? where : `${where} (${name})`;
}

interface Problem {
  line: string;
  /** The mapping's index, -1 for the file's own keys. */
  order: number;
}

function fail(errors: string[]): MappingsFileParse {
  return { ok: false, errors };
}

interface IdOwner {
  index: number;
  /** Made from the platform, object and field: the mapping has no id of its own. */
  made: boolean;
  target: string;
}

/**
 * The store keys mappings by id, so two mappings may not share one — given, or made for a mapping
 * without one: `mappings[7].id (Account Tier): "tier" is used by mappings[2] (Priority) too`.
 */
function idProblems(mappings: unknown, names: readonly (string | undefined)[]): Problem[] {
  if (!Array.isArray(mappings)) return [];
  const owners = new Map<string, IdOwner>();
  const problems: Problem[] = [];
  mappings.forEach((m, index) => {
    const owner = idOwner(m, index);
    if (owner === undefined) return;
    const earlier = owners.get(owner.id);
    if (earlier === undefined) owners.set(owner.id, owner);
    else problems.push({ line: sharedIdLine(owner, earlier, names), order: index });
  });
  return problems;
}

function idOwner(m: unknown, index: number): (IdOwner & { id: string }) | undefined {
  if (!isPlainObject(m)) return undefined;
  const { platform, object, field } = m;
  const target =
    typeof platform === 'string' && typeof object === 'string' && typeof field === 'string'
      ? { platform, object, field }
      : undefined;
  const targetText = target ? `${target.platform} ${target.object} ${target.field}` : '';
  if (typeof m.id === 'string' && m.id.length > 0) {
    return { id: m.id, index, made: false, target: targetText };
  }
  // A mapping without a usable target gets its own error from the schema: no id to compare.
  if (m.id !== undefined || !target || object === '' || field === '') return undefined;
  return { id: mappingIdFor(target), index, made: true, target: targetText };
}

function sharedIdLine(
  later: IdOwner & { id: string },
  earlier: IdOwner,
  names: readonly (string | undefined)[],
): string {
  const it = named(`mappings[${later.index}]`, later.index, names);
  const other = named(`mappings[${earlier.index}]`, earlier.index, names);
  const id = JSON.stringify(later.id);
  if (later.made && earlier.made) {
    return later.target === earlier.target
      ? `${it}: neither it nor ${other} has an id, and both fill ${later.target}: one field takes one mapping; remove one, or give each an id (to keep a second one disabled)`
      : `${it}: neither it nor ${other} has an id, and the id made for both from platform, object and field is ${id}: give one of them an id`;
  }
  if (later.made) {
    return `${it}: it has no id, and the one made from its platform, object and field, ${id}, is the id of ${other}: give this mapping an id`;
  }
  if (earlier.made) {
    return `${named(`mappings[${later.index}].id`, later.index, names)}: ${id} is the id made for ${other}, which has none: choose another id`;
  }
  return `${named(`mappings[${later.index}].id`, later.index, names)}: ${id} is used by ${other} too`;
}

// ─── Issue messages ──────────────────────────────────────────────────────────────────────────────

const MAPPING_KEYS = Object.keys(Mapping.shape);
const FILE_KEYS = Object.keys(MappingsFile.shape);

/** What each required key is, for "missing" messages. */
const REQUIRED_HINTS: Record<string, string> = {
  format: `a mappings file starts with "format": "${MAPPINGS_FORMAT}"`,
  version: `the file's format version, ${MAPPINGS_VERSION}`,
  mappings: 'the list of mappings (it may be empty: [])',
  id: 'an id, unique in the file (e.g. "account-tier"); leave the key out and import makes one from the platform, object and field',
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
          ? closestName(
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
function problemsOf(issue: z.core.$ZodIssue, names: readonly (string | undefined)[]): Problem[] {
  const order = typeof issue.path[1] === 'number' ? issue.path[1] : -1;
  if (issue.code === 'unrecognized_keys') {
    const owner = ownerOf(issue.path);
    return issue.keys.map((k) => {
      const guess = closestName(k, owner.keys);
      const hint = guess ? `did you mean "${guess}"? ` : '';
      return {
        line: `${named(formatPath([...issue.path, k]), order, names)}: unknown key: ${hint}${owner.what} has ${owner.keys.join(', ')}`,
        order,
      };
    });
  }
  const where = named(formatPath(issue.path), order, names);
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
