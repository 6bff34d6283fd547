/**
 * The organisation's policy (README "Deploying to a team"): what the browser delivers in
 * `storage.managed`, read as hostile input with the same rules as an import, and merged with what
 * is stored locally. Pure: the background (lib/background/policy.ts) reads the browser and keeps the
 * last good policy; this only judges and merges.
 *
 * Three policies, each the JSON text of a file (Chrome's `managed_schema` declares them as strings,
 * see public/managed_schema.json) or, where a browser passes objects through (Firefox), the object:
 *
 * - `mappings`: a mappings file (docs/files.md). Each of its mappings is managed: it replaces a
 *   local mapping with the same id and cannot be edited, switched off or deleted here.
 * - `settings`: a settings file. Each top-level key it names is managed and replaces the local one;
 *   the keys it leaves out stay the admin's.
 * - `transcriptProfiles`: the settings' `transcriptProfiles` shape; each platform it names is managed.
 *
 * All or nothing: one problem anywhere refuses the whole policy, every problem is reported (naming
 * its policy and path), and the last good policy stays in force.
 */
import { parseMappingsFile } from '../mapping/file';
import type { Mapping } from '../mapping/schema';
import { quotedList } from '../platforms/descriptor-registry';
import { managedRefusal, POLICY_NAMES, type PolicyStatus } from './managed';
import { parseSettings, type Settings, settingsPath } from './schema';
import { TranscriptProfiles } from './transcript-profiles';

/** A policy that passed every check: the managed entries. */
export interface ManagedPolicy {
  mappings: readonly Mapping[];
  /** Only the top-level keys the policy's settings file names, as parsed. */
  settings: Partial<Settings>;
  transcriptProfiles: TranscriptProfiles;
}

export const EMPTY_POLICY: ManagedPolicy = { mappings: [], settings: {}, transcriptProfiles: {} };

/** The longest policy text read (characters): far more than 5,000 mappings take. */
export const POLICY_TEXT_MAX = 16 * 1024 * 1024;

export type PolicyParse = { ok: true; policy: ManagedPolicy } | { ok: false; errors: string[] };

/** Keys of a settings file that say what it is, not what it sets. */
const FILE_KEYS = new Set(['format', 'version']);

/**
 * Reads what `storage.managed.get()` answered. An empty object is a valid policy that manages
 * nothing (the admin removed it).
 */
export function parsePolicy(raw: unknown): PolicyParse {
  if (!isPlainObject(raw))
    return { ok: false, errors: ['the policy is not an object of policies'] };
  const errors: string[] = [];
  for (const name of Object.keys(raw)) {
    if (!(POLICY_NAMES as readonly string[]).includes(name)) {
      errors.push(
        `${where(name)}not a policy of Handoff Fields: the policies are ${quotedList(POLICY_NAMES, 'and')}`,
      );
    }
  }
  const mappings = read(raw, 'mappings', readMappings, errors);
  const settings = read(raw, 'settings', readSettings, errors);
  const transcriptProfiles = read(raw, 'transcriptProfiles', readProfiles, errors);
  if (settings && 'transcriptProfiles' in settings && Object.hasOwn(raw, 'transcriptProfiles')) {
    errors.push(
      `${where('settings')}transcriptProfiles: the transcriptProfiles policy sets them too: keep one (the transcriptProfiles policy manages each platform on its own)`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    policy: {
      mappings: mappings ?? [],
      settings: settings ?? {},
      transcriptProfiles: transcriptProfiles ?? {},
    },
  };
}

type Reader<T> = (json: unknown) => { ok: true; value: T } | { ok: false; errors: string[] };

/** One policy, when set: its JSON read (text or object), then checked; problems added to `errors`. */
function read<T>(
  raw: Record<string, unknown>,
  name: string,
  reader: Reader<T>,
  errors: string[],
): T | undefined {
  if (!Object.hasOwn(raw, name)) return undefined;
  const json = jsonOf(raw[name]);
  if (!json.ok) {
    errors.push(`${where(name)}${json.error}`);
    return undefined;
  }
  const result = reader(json.value);
  if (result.ok) return result.value;
  errors.push(...result.errors.map((e) => `${where(name)}${e}`));
  return undefined;
}

const where = (name: string) => `policy "${name.slice(0, 100)}": `;

/** A policy's value: the file's JSON text (as Chrome's schema declares it) or the object itself. */
function jsonOf(value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof value !== 'string') return { ok: true, value };
  if (value.length > POLICY_TEXT_MAX) {
    return {
      ok: false,
      error: `the text has ${value.length} characters; a policy holds at most ${POLICY_TEXT_MAX}`,
    };
  }
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch (error) {
    const why = error instanceof Error ? error.message : 'unreadable';
    return {
      ok: false,
      error: `not JSON text (${why.slice(0, 200)}): give the whole text of the file, as export wrote it`,
    };
  }
}

const readMappings: Reader<readonly Mapping[]> = (json) => {
  const parsed = parseMappingsFile(json);
  return parsed.ok ? { ok: true, value: parsed.file.mappings } : parsed;
};

/** A settings file; only the keys it names are managed (defaults for the others are not). */
const readSettings: Reader<Partial<Settings>> = (json) => {
  const parsed = parseSettings(json);
  if (!parsed.ok) return parsed;
  const named = Object.keys(json as object).filter((k) => !FILE_KEYS.has(k)) as (keyof Settings)[];
  return { ok: true, value: pick(parsed.settings, named) };
};

const readProfiles: Reader<TranscriptProfiles> = (json) => {
  const parsed = TranscriptProfiles.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const path = settingsPath(issue.path);
      return path ? `${path}: ${issue.message}` : issue.message;
    }),
  };
};

// ─── Merge ───────────────────────────────────────────────────────────────────────────────────────

const byId = (a: Mapping, b: Mapping) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The mappings in force, by id: the local ones, a managed mapping replacing the one with its id. */
export function effectiveMappings(
  local: readonly Mapping[],
  managed: readonly Mapping[],
): readonly Mapping[] {
  if (managed.length === 0) return local;
  const ids = new Set(managed.map((m) => m.id));
  return [...local.filter((m) => !ids.has(m.id)), ...managed].sort(byId);
}

/** The settings in force: the local ones, each managed key (and managed platform profile) on top. */
export function effectiveSettings(local: Settings, policy: ManagedPolicy): Settings {
  const merged: Settings = { ...local, ...policy.settings };
  if (Object.keys(policy.transcriptProfiles).length > 0) {
    merged.transcriptProfiles = { ...merged.transcriptProfiles, ...policy.transcriptProfiles };
  }
  return merged;
}

/** `policy:status`'s `managed`: the entries the policy in force sets. */
export function managedEntries(policy: ManagedPolicy): PolicyStatus['managed'] {
  return {
    mappingIds: policy.mappings.map((m) => m.id),
    settingsKeys: Object.keys(policy.settings),
    transcriptProfilePlatforms: Object.keys(policy.transcriptProfiles),
  };
}

// ─── Local edits ─────────────────────────────────────────────────────────────────────────────────

/** The refusal of a local change to managed mappings, or null when none of `ids` is managed. */
export function managedMappingsRefusal(
  ids: readonly string[],
  policy: ManagedPolicy,
): string | null {
  if (policy.mappings.length === 0) return null;
  const managed = new Set(policy.mappings.map((m) => m.id));
  const hit = [...new Set(ids.filter((id) => managed.has(id)))];
  if (hit.length === 0) return null;
  const names = hit.slice(0, 5).map((id) => JSON.stringify(id));
  const more = hit.length > 5 ? ` and ${hit.length - 5} more` : '';
  return managedRefusal(
    `The ${hit.length === 1 ? 'mapping' : 'mappings'} ${names.join(', ')}${more}`,
  );
}

/** An import's lines for the file's mappings the policy sets (`mappings[3] "tier": Set by…`). */
export function managedImportProblems(
  incoming: readonly Mapping[],
  policy: ManagedPolicy,
): string[] {
  if (policy.mappings.length === 0) return [];
  const managed = new Set(policy.mappings.map((m) => m.id));
  return incoming.flatMap((m, i) =>
    managed.has(m.id) ? [managedRefusal(`mappings[${i}] ${JSON.stringify(m.id)}`)] : [],
  );
}

export type SettingsEdit = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/**
 * What to store for a settings edit `input` (as sent) that parsed as `parsed`. A managed key the
 * edit names must keep the policy's value (a page sends back what `settings:get` answered); a
 * managed key keeps its stored local value, so it comes back when the policy goes. Refused, with
 * one line per managed key, when the edit changes one.
 */
export function localSettingsEdit(
  input: unknown,
  parsed: Settings,
  stored: Settings,
  policy: ManagedPolicy,
): SettingsEdit {
  const named = isPlainObject(input) ? input : {};
  const errors: string[] = [];
  const next: Record<string, unknown> = { ...parsed };
  for (const key of Object.keys(policy.settings) as (keyof Settings)[]) {
    if (Object.hasOwn(named, key) && !sameJson(parsed[key], policy.settings[key])) {
      errors.push(managedRefusal(key));
    }
    next[key] = stored[key];
  }
  const profiles = { ...parsed.transcriptProfiles };
  const namedProfiles = isPlainObject(named.transcriptProfiles) ? named.transcriptProfiles : {};
  for (const [platform, managed] of Object.entries(policy.transcriptProfiles)) {
    if (Object.hasOwn(namedProfiles, platform) && !sameJson(profiles[platform], managed)) {
      errors.push(managedRefusal(`transcriptProfiles.${platform}`));
    }
    const kept = stored.transcriptProfiles[platform];
    if (kept === undefined) delete profiles[platform];
    else profiles[platform] = kept;
  }
  if (!Object.hasOwn(policy.settings, 'transcriptProfiles')) next.transcriptProfiles = profiles;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: next as Settings };
}

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

/** Equal as JSON, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with every object's keys sorted: one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) out[key] = from[key];
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
