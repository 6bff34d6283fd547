/**
 * Checks mappings against the field catalog of their object (the admin issue, item 2), before any
 * agent meets the problem at handoff: a target that is gone or read-only, a value-map `to` the
 * field refuses (a picklist value it lacks or has retired, "maybe" for a checkbox), a combine rule or
 * a transform that turns good values into refused ones. Also the problems no catalog is needed for:
 * two mappings filling one field, dead value-map entries, repeated or conflicting transforms.
 *
 * The verdicts come from the platform's own rules (`rulesFor(platform).coerce`), the same code the
 * planner runs at handoff — so "valid here" means "accepted there". Each problem names its path:
 * `mappings[2].valueMap[0].to: …` (or, for one mapping, `valueMap[0].to: …`).
 */
import {
  fieldNameKey,
  platformDescriptor,
  quotedList,
  rulesFor,
} from '../platforms/descriptor-registry';
import type { FieldRules, FieldSpec, PlatformId } from '../platforms/types';
import { closestName, foldName } from '../text/closest';
import { findField, mappingName, sourcesText } from './naming';
import { planningOrder } from './preview';
import type { Mapping, Transform } from './schema';
import { applyTransforms } from './transforms';

export type Severity = 'error' | 'warning';

export interface MappingProblem {
  /** `mappings[2].valueMap[0].to`, or `valueMap[0].to` from `checkMapping`. */
  path: string;
  /** An error is refused at handoff; a warning is allowed but almost certainly not what was meant. */
  severity: Severity;
  message: string;
  /**
   * The mapping, as messages name it: its field's catalog label, else the field's API name. Set by
   * the checks of a whole set (`checkMappings`, `checkTargets`), where a path alone is an index.
   */
  name?: string;
}

export interface CatalogFields {
  platform: PlatformId;
  object: string;
  fields: FieldSpec[];
}

export interface CatalogCheck {
  /** In the order of the mappings, each mapping's in the order of its keys. */
  problems: MappingProblem[];
  /** Mappings whose object had no catalog: only the checks that need none ran for them. */
  unchecked: { platform: PlatformId; object: string; count: number }[];
}

/** `mappings[2].valueMap[0].to (Escalated): 'maybe' is not…` */
export function problemLine(p: MappingProblem): string {
  return `${p.path}${p.name ? ` (${p.name})` : ''}: ${p.message}`;
}

/**
 * Checks a whole set of mappings (a file, or the store) against the catalogs at hand. Paths are
 * `mappings[i]…` with `i` the mapping's index in `mappings`.
 */
export function checkMappings(
  mappings: readonly Mapping[],
  catalogs: readonly CatalogFields[],
): CatalogCheck {
  const perMapping: MappingProblem[][] = mappings.map(() => []);
  const unchecked = new Map<string, CatalogCheck['unchecked'][number]>();
  /** Per mapping: the field's name as the catalog spells it, when the catalog has it. */
  const resolved: (string | undefined)[] = [];
  /** Per mapping: how messages name it (mappingName). */
  const names: string[] = [];

  mappings.forEach((m, i) => {
    const at = `mappings[${i}]`;
    const exact = catalogs.find((c) => c.platform === m.platform && c.object === m.object);
    const loose =
      exact ??
      catalogs.find(
        (c) => c.platform === m.platform && c.object.toLowerCase() === m.object.toLowerCase(),
      );
    const problems = perMapping[i] as MappingProblem[];
    if (!exact && loose) {
      const message = `"${m.object}" must be written "${loose.object}", exactly as the platform names the object: mappings are looked up by the exact name`;
      problems.push(
        m.enabled
          ? { path: `${at}.object`, severity: 'error', message }
          : {
              path: `${at}.object`,
              severity: 'warning',
              message: `${message} (the mapping is disabled)`,
            },
      );
    }
    const own = checkMapping(m, loose?.fields, at);
    // The object was found by another spelling: that error says it better than the generic one.
    problems.push(...(loose ? own.filter((p) => p.path !== `${at}.object`) : own));
    resolved[i] = loose ? findField(loose.fields, m.field)?.name : undefined;
    names[i] = mappingName(m, loose?.fields);
    for (const p of problems) p.name = names[i];
    if (!loose) {
      const key = `${m.platform}\u0000${m.object}`;
      const entry = unchecked.get(key) ?? { platform: m.platform, object: m.object, count: 0 };
      entry.count++;
      unchecked.set(key, entry);
    }
  });

  for (const d of duplicateTargets(mappings, resolved)) {
    perMapping[d.index]?.push({ ...d.problem, name: names[d.index] });
  }
  return { problems: perMapping.flat(), unchecked: [...unchecked.values()] };
}

/**
 * The check of save and import (lib/background/mappings.ts): each mapping's target against the
 * stored catalogs of its object — every org's, as a mapping fills its object in any org. A target
 * none of them has is an error, with the field most likely meant (`VIPP__c` → `VIP__c (VIP)`);
 * so is an object spelt otherwise than the catalog spells it. A disabled mapping gets warnings
 * instead, as in `checkMapping`. Objects without any catalog are listed in `unchecked`, for a
 * warning that says so. Paths are `mappings[i].field`, or `field` with `prefix` ''.
 */
export function checkTargets(
  mappings: readonly Mapping[],
  catalogs: readonly CatalogFields[],
  prefix: (index: number) => string = (i) => `mappings[${i}]`,
): CatalogCheck {
  const problems: MappingProblem[] = [];
  const unchecked = new Map<string, CatalogCheck['unchecked'][number]>();
  mappings.forEach((m, i) => {
    const at = (key: string) => (prefix(i) ? `${prefix(i)}.${key}` : key);
    const severity: Severity = m.enabled ? 'error' : 'warning';
    const disabled = m.enabled ? '' : ' (the mapping is disabled)';
    const own = catalogs.filter((c) => c.platform === m.platform && c.object === m.object);
    if (own.length === 0) {
      const other = catalogs.find(
        (c) => c.platform === m.platform && c.object.toLowerCase() === m.object.toLowerCase(),
      );
      if (other) {
        problems.push({
          path: at('object'),
          severity,
          name: m.field,
          message: `"${m.object}" must be written "${other.object}", exactly as the platform names the object: mappings are looked up by the exact name${disabled}`,
        });
        return;
      }
      const key = `${m.platform}\u0000${m.object}`;
      const entry = unchecked.get(key) ?? { platform: m.platform, object: m.object, count: 0 };
      entry.count++;
      unchecked.set(key, entry);
      return;
    }
    const fields = own.flatMap((c) => c.fields);
    if (findField(fields, m.field)) return;
    const guess = guessField(fields, m.field);
    problems.push({
      path: at('field'),
      severity,
      name: m.field,
      message: `${m.field} is not a field of ${m.object} in the field catalog${guess ? ` — did you mean ${guess.name} (${guess.label})?` : ': it was deleted or renamed, or the profile that imported the catalog cannot see it; fix the field, or import the fields again'}${disabled}`,
    });
  });
  return { problems, unchecked: [...unchecked.values()] };
}

/** "3 mappings of Salesforce Foo__c were not checked…": the warning for objects without a catalog. */
export function uncheckedWarning(u: CatalogCheck['unchecked'][number]): string {
  const { name } = platformDescriptor(u.platform);
  const what = u.count === 1 ? '1 mapping' : `${u.count} mappings`;
  return `${what} of ${name} ${u.object} ${u.count === 1 ? 'was' : 'were'} not checked against its fields: there is no field catalog for ${u.object} yet; import its fields under Field catalogs`;
}

/**
 * Checks one mapping; with `fields` (its object's catalog) also against the target. Paths start with
 * `prefix` (`mappings[3]`), or are the mapping's own keys (`valueMap[0].to`) when it is empty — what
 * a mapping editor shows next to each input.
 */
export function checkMapping(
  mapping: Mapping,
  fields: readonly FieldSpec[] | undefined,
  prefix = '',
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const path = (rest: string) => (prefix ? `${prefix}.${rest}` : rest);
  const add = (where: string, severity: Severity, message: string) => {
    // A disabled mapping is never planned: its problems cannot hurt a handoff yet.
    if (!mapping.enabled && severity === 'error') {
      problems.push({
        path: path(where),
        severity: 'warning',
        message: `${message} (the mapping is disabled)`,
      });
    } else problems.push({ path: path(where), severity, message });
  };

  const { name, objects } = platformDescriptor(mapping.platform);
  if (objects.onlyWritable && !objects.writable.includes(mapping.object)) {
    add(
      'object',
      'error',
      `${name} mappings fill ${quotedList(objects.writable)}, not "${mapping.object}"`,
    );
  }
  checkValueMapKeys(mapping, add);
  checkTransformList(mapping, add);
  if (fields) checkAgainstField(mapping, fields, add);
  return problems;
}

type Add = (where: string, severity: Severity, message: string) => void;

// ─── Checks without a catalog ────────────────────────────────────────────────────────────────────

/** The value map matches ignoring case and surrounding spaces (value-map.ts): a second equal `from` is never used. */
function checkValueMapKeys(mapping: Mapping, add: Add) {
  const first = new Map<string, number>();
  const collapses = mapping.transforms.includes('collapse-spaces');
  mapping.valueMap.forEach((entry, i) => {
    const key = entry.from.trim().normalize('NFKC').toLowerCase();
    const earlier = first.get(key);
    if (earlier !== undefined) {
      add(
        `valueMap[${i}].from`,
        'warning',
        `'${entry.from}' is already mapped by valueMap[${earlier}] (matching ignores case and spaces around): this entry is never used`,
      );
    } else first.set(key, i);
    if (collapses && /\s{2,}|[^\S ]/.test(entry.from.trim())) {
      add(
        `valueMap[${i}].from`,
        'warning',
        `'${entry.from}' has several spaces (or a tab or line break) in a row, but the transform 'collapse-spaces' turns them into one space before the value map runs: this entry is never used; write it with single spaces`,
      );
    }
  });
}

function checkTransformList(mapping: Mapping, add: Add) {
  const seen = new Set<Transform>();
  mapping.transforms.forEach((t, i) => {
    if (seen.has(t)) add(`transforms[${i}]`, 'warning', `'${t}' is listed twice`);
    const opposite = t === 'lower' ? 'upper' : t === 'upper' ? 'lower' : undefined;
    if (opposite && seen.has(opposite)) {
      add(
        `transforms[${i}]`,
        'warning',
        `'${t}' undoes the '${opposite}' before it: keep only the one you mean`,
      );
    }
    seen.add(t);
  });
}

/** Two enabled mappings filling one field: the planner keeps the first by id and refuses the other. */
function duplicateTargets(
  mappings: readonly Mapping[],
  resolved: readonly (string | undefined)[],
): { index: number; problem: MappingProblem }[] {
  const groups = new Map<string, number[]>();
  mappings.forEach((m, i) => {
    if (!m.enabled) return;
    // Without a catalog, the platform's own rule: Salesforce API names still ignore case.
    const name = resolved[i] ?? fieldNameKey(m.platform, m.field);
    const key = `${m.platform}\u0000${m.object}\u0000${name}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: { index: number; problem: MappingProblem }[] = [];
  for (const indexes of groups.values()) {
    if (indexes.length < 2) continue;
    const ordered = [...indexes].sort((a, b) =>
      planningOrder(mappings[a] as Mapping, mappings[b] as Mapping),
    );
    const owner = ordered[0] as number;
    const ownerSources = sourcesText(mappings[owner] as Mapping);
    for (const i of ordered.slice(1)) {
      const m = mappings[i] as Mapping;
      out.push({
        index: i,
        problem: {
          path: `mappings[${i}].field`,
          severity: 'error',
          message: `${m.field} is already filled by mappings[${owner}] (from ${ownerSources}), which comes first by id: this mapping would be refused at every handoff; remove one or disable it`,
        },
      });
    }
  }
  return out;
}

// ─── Checks against the target field ─────────────────────────────────────────────────────────────

function checkAgainstField(mapping: Mapping, fields: readonly FieldSpec[], add: Add) {
  const field = findField(fields, mapping.field);
  if (!field) {
    const guess = guessField(fields, mapping.field);
    add(
      'field',
      'error',
      `${mapping.field} is not a field of ${mapping.object} in the catalog${guess ? ` — did you mean ${guess.name} (${guess.label})?` : ': it was deleted or renamed, or your profile cannot see it; import the fields again or fix the mapping'}`,
    );
    return;
  }
  if (!field.updateable || field.calculated) {
    add(
      'field',
      'error',
      `${field.label} (${field.name}) is read-only: ${field.calculated ? 'a formula or roll-up' : 'a system field, or field-level security for the user who imported the catalog'}; nothing can be written to it`,
    );
    return;
  }
  const rules = rulesFor(mapping.platform);
  const samples = validSamples(field, rules);
  if (samples.ok === false) {
    add('field', 'error', samples.error);
    return;
  }
  checkValueMapTargets(mapping, field, rules, add);
  checkCombine(mapping, field, rules, samples.values, add);
  checkTransformsKeepValues(mapping, field, rules, samples.values, add);
  checkDateKeys(mapping, field, rules, add);
}

/** `dateFormat` and `timeZone` do something for date and date-time targets only. */
function checkDateKeys(mapping: Mapping, field: FieldSpec, rules: FieldRules, add: Add) {
  const kind = rules.dateKind?.(field);
  if (mapping.dateFormat !== undefined && kind === undefined) {
    add(
      'dateFormat',
      'warning',
      `${field.label} (${field.name}) is not a single date or date-time field: the date format is not used for it; remove it`,
    );
  }
  if (mapping.timeZone !== undefined && kind !== 'datetime') {
    add(
      'timeZone',
      'warning',
      kind === 'date'
        ? `${field.label} (${field.name}) is a date without a time: the day is taken as written, so the time zone is not used; remove it`
        : `${field.label} (${field.name}) is not a single date-time field: the time zone is not used for it; remove it`,
    );
  }
}

/**
 * A field the admin probably meant: the label written as the name (`Case Reason` → Reason), the
 * name without its `__c` (`Tier` → Tier__c), or a name a letter or two off (`VIPP__c` → VIP__c).
 */
export function guessField(fields: readonly FieldSpec[], wrong: string): FieldSpec | undefined {
  const w = foldName(wrong);
  if (!w) return undefined;
  const byLabel = fields.find((f) => foldName(f.label) === w);
  if (byLabel) return byLabel;
  const custom = fields.find((f) => foldName(f.name) === `${w}c`);
  if (custom) return custom;
  const name = closestName(
    wrong,
    fields.map((f) => f.name),
  );
  return name === undefined ? undefined : fields.find((f) => f.name === name);
}

/**
 * Text of every shape a context carries, to learn which ones the field takes: a field that takes
 * none can never be filled, and the ones it takes show what a combine rule or a transform would do
 * to good values.
 */
const PROBES = [
  'Text',
  '1',
  '2',
  '2.5',
  'true',
  'false',
  '2026-01-02',
  '2026-01-02T03:04:05Z',
  '12:30',
  'https://example.com/Order/A1',
  'name@example.com',
  '+1 555 0100',
  '5005g00000HfCa1AAF',
  '0123456789abcdef01234567',
] as const;

type Samples = { ok: true; values: string[] } | { ok: false; error: string };

function validSamples(field: FieldSpec, rules: FieldRules): Samples {
  const options = field.options ?? [];
  if (options.length > 0 && field.restricted && !options.some((o) => o.active)) {
    return {
      ok: false,
      error: `${field.label} (${field.name}) has no active values: nothing can be written to it until one is activated`,
    };
  }
  const candidates = [...options.filter((o) => o.active).map((o) => o.value), ...PROBES];
  const values = candidates.filter((c) => rules.coerce(field, c).ok);
  if (values.length === 0) {
    const first = rules.coerce(field, 'Text');
    return {
      ok: false,
      error: first.ok
        ? `${field.label} (${field.name}) takes no value a handoff context can carry`
        : first.error,
    };
  }
  return { ok: true, values };
}

/** Each value-map `to` must be a value the field takes (an empty `to` skips the value, on purpose). */
function checkValueMapTargets(mapping: Mapping, field: FieldSpec, rules: FieldRules, add: Add) {
  const separator = rules.multiSeparator?.(field);
  mapping.valueMap.forEach((entry, i) => {
    if (entry.to.trim() === '') return;
    const coerced = rules.coerce(field, entry.to);
    if (!coerced.ok) {
      add(`valueMap[${i}].to`, 'error', coerced.error);
      return;
    }
    // An open picklist takes any text, but a value outside its list is usually a typo.
    if (field.options && field.restricted === false && field.type !== 'combobox') {
      const items =
        typeof coerced.value === 'string' && separator
          ? coerced.value.split(separator).map((s) => s.trim())
          : [String(coerced.value)];
      const missing = items.filter((v) => !field.options?.some((o) => o.value === v));
      if (missing.length > 0) {
        add(
          `valueMap[${i}].to`,
          'warning',
          `${missing.map((v) => `'${v}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not among the values of ${field.label}: the picklist is not restricted, so it would be written, but agents will not find it in the list`,
        );
      }
    }
  });
}

/** `combine: join` makes "a, b" out of two values: a number, date or checkbox never takes that. */
function checkCombine(
  mapping: Mapping,
  field: FieldSpec,
  rules: FieldRules,
  samples: readonly string[],
  add: Add,
) {
  if (mapping.combine !== 'join' || mapping.sources.length < 2 || onlyThroughMap(mapping, field)) {
    return;
  }
  const [a, b = a] = samples;
  if (a === undefined || b === undefined) return;
  const joined = `${a}${mapping.separator}${b}`;
  const coerced = rules.coerce(field, joined);
  if (coerced.ok) return;
  add(
    'combine',
    'warning',
    `'join' makes values such as '${joined}' when several sources have a value, and ${field.label} refuses them (${coerced.error}); use 'first'${rules.multiSeparator?.(field) ? ` or the separator '${rules.multiSeparator(field)}'` : ''}`,
  );
}

/**
 * Whether every value reaches the field through the value map (whose `to` values are checked on
 * their own): a map, and a policy that refuses or skips what it lacks — by default, for option lists.
 */
function onlyThroughMap(mapping: Mapping, field: FieldSpec): boolean {
  const policy = mapping.unmapped ?? (field.options !== undefined ? 'refuse' : 'pass');
  return mapping.valueMap.length > 0 && policy !== 'pass';
}

/** A transform that turns values the field takes into values it refuses (`lower` on a Salesforce id). */
function checkTransformsKeepValues(
  mapping: Mapping,
  field: FieldSpec,
  rules: FieldRules,
  samples: readonly string[],
  add: Add,
) {
  if (onlyThroughMap(mapping, field)) return;
  mapping.transforms.forEach((t, i) => {
    for (const sample of samples) {
      const changed = applyTransforms(sample, [t]);
      if (changed === sample) continue;
      const coerced = rules.coerce(field, changed);
      if (!coerced.ok) {
        add(
          `transforms[${i}]`,
          'warning',
          `'${t}' turns values ${field.label} takes, such as '${sample}', into values it refuses: ${coerced.error}`,
        );
        return;
      }
    }
  });
}
