/**
 * The mapping form's draft: what the admin typed, as text, and the pure steps that turn it into a
 * MappingInput (validated with the same zod schema the background uses) or into errors keyed by the
 * input they concern. No Preact here, so each rule is tested without rendering.
 */
import type { DateFormat } from '../../lib/mapping/dates';
import {
  Mapping,
  type MappingInput,
  type Transform,
  type WritePolicy,
} from '../../lib/mapping/schema';
import { platformDescriptor } from '../../lib/platforms/descriptor-registry';
import type { FieldOption, FieldSpec, PlatformId } from '../../lib/platforms/types';
import { type Target, wordsFor } from './targets';

export interface ValueMapRow {
  /** Stable across edits, so Preact keeps each row's inputs (and focus) when rows are removed. */
  key: number;
  from: string;
  to: string;
}

export type UnmappedChoice = 'default' | 'refuse' | 'pass' | 'skip';

export interface MappingDraft {
  field: string;
  /** As typed: comma-separated or one per line. */
  sources: string;
  combine: 'first' | 'join';
  separator: string;
  valueMap: ValueMapRow[];
  unmapped: UnmappedChoice;
  /** Run before the value map, in this order. */
  transforms: Transform[];
  policy: WritePolicy;
  enabled: boolean;
  /** How the bot writes dates (date and date-time targets only; ISO is the default, left out). */
  dateFormat: DateFormat;
  /** The IANA zone of the bot's local date-times, as typed ('' = none: UTC). */
  timeZone: string;
}

/**
 * Where an error is shown: a draft input (`field`, `sources`, `separator`…), one value-map cell
 * (`valueMap.<row key>.from`), or `form` when no input fits.
 */
export type DraftErrors = Record<string, string>;

let lastRowKey = 0;
export const newRow = (from = '', to = ''): ValueMapRow => ({ key: ++lastRowKey, from, to });

export const emptyDraft = (): MappingDraft => ({
  field: '',
  sources: '',
  combine: 'first',
  separator: ', ',
  valueMap: [],
  unmapped: 'default',
  transforms: [],
  policy: 'fill-empty',
  enabled: true,
  dateFormat: 'ISO',
  timeZone: '',
});

export function draftFromMapping(m: Mapping): MappingDraft {
  return {
    field: m.field,
    // A key that itself contains a comma would be split if comma-separated: such lists go one per line.
    sources: m.sources.join(m.sources.some((s) => s.includes(',')) ? '\n' : ', '),
    combine: m.combine,
    separator: m.separator,
    valueMap: m.valueMap.map((e) => newRow(e.from, e.to)),
    unmapped: m.unmapped ?? 'default',
    transforms: [...m.transforms],
    policy: m.policy,
    enabled: m.enabled,
    dateFormat: m.dateFormat ?? 'ISO',
    timeZone: m.timeZone ?? '',
  };
}

/**
 * Source keys from the textarea: one per line when there is more than one line (so a key may
 * contain a comma), comma-separated otherwise. Blanks and repeats are dropped.
 */
export function parseSources(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const keys = (lines.length > 1 ? lines : text.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(keys)];
}

/**
 * A readable id from the field's API name: `Account_Tier__c` → `account-tier__c`. The `__`
 * separators (namespace, suffix) are kept so the id still says which field it is.
 */
export function slugFromField(field: string): string {
  return field
    .toLowerCase()
    .split('__')
    .map((part) => part.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('__')
    .slice(0, 190);
}

/**
 * The id a new mapping starts from, by the platform's rule (`PlatformDescriptor.mappingIds`): the
 * field's slug (Salesforce: `account-tier__c`), or the object, then the field's words (Kustomer:
 * `customer-account-tier-str`, because a conversation and a customer may each have an attribute
 * of the same name).
 */
export function idBase(field: string, target: Pick<Target, 'platform' | 'object'>): string {
  const rule = platformDescriptor(target.platform).mappingIds;
  const words = slugFromField(
    rule.splitCamelCase ? field.replace(/([a-z0-9])([A-Z])/g, '$1-$2') : field,
  );
  if (!rule.prefixObject) return words;
  return words ? `${target.object}-${words}`.slice(0, 190) : '';
}

/** A new id for the field, unique among all mappings (every platform's). */
export function uniqueId(
  field: string,
  taken: ReadonlySet<string>,
  target: Pick<Target, 'platform' | 'object'>,
): string {
  const base = idBase(field, target) || 'mapping';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const isBlankRow = (row: ValueMapRow) => row.from.trim() === '' && row.to.trim() === '';

/**
 * The MappingInput the draft stands for. Editing starts from the stored mapping so what the form
 * does not show (id, platform, object…) is kept as it was; a new mapping gets the
 * chosen target's platform and object.
 */
export function draftToInput(
  draft: MappingDraft,
  base: Mapping | null,
  takenIds: ReadonlySet<string>,
  target: Pick<Target, 'platform' | 'object'>,
): { input: MappingInput; rowKeys: number[] } {
  const rows = draft.valueMap.filter((row) => !isBlankRow(row));
  const field = draft.field.trim();
  const input: MappingInput = {
    ...(base ?? {
      id: uniqueId(field, takenIds, target),
      platform: target.platform,
      object: target.object,
    }),
    field,
    sources: parseSources(draft.sources),
    combine: draft.combine,
    separator: draft.separator,
    valueMap: rows.map((row) => ({ from: row.from.trim(), to: row.to.trim() })),
    transforms: [...draft.transforms],
    policy: draft.policy,
    enabled: draft.enabled,
  };
  if (draft.unmapped === 'default') delete input.unmapped;
  else input.unmapped = draft.unmapped;
  // ISO and no zone are the defaults: left out, as export leaves them out.
  if (draft.dateFormat === 'ISO') delete input.dateFormat;
  else input.dateFormat = draft.dateFormat;
  const zone = draft.timeZone.trim();
  if (zone === '') delete input.timeZone;
  else input.timeZone = zone;
  return { input, rowKeys: rows.map((row) => row.key) };
}

export type DraftCheck =
  | { ok: true; input: MappingInput; mapping: Mapping; rowKeys: number[] }
  | { ok: false; errors: DraftErrors };

/** Validate with the shared schema; each issue is placed next to the input it concerns. */
export function checkDraft(
  draft: MappingDraft,
  base: Mapping | null,
  takenIds: ReadonlySet<string>,
  target: Pick<Target, 'platform' | 'object'>,
): DraftCheck {
  const { input, rowKeys } = draftToInput(draft, base, takenIds, target);
  const parsed = Mapping.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data, mapping: parsed.data, rowKeys };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const key = problemKey(issue.path, rowKeys);
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * A problem found in a mapping beyond its schema (e.g. against the field catalog), at a path inside
 * the mapping (`['valueMap', 1, 'to']`). An error blocks saving; a warning is only shown.
 */
export interface FormProblem {
  path: readonly PropertyKey[];
  message: string;
  severity: 'error' | 'warning';
}

/** Problems placed next to their inputs: errors and warnings keyed like DraftErrors. */
export function placeProblems(
  problems: readonly FormProblem[],
  rowKeys: readonly number[],
): { errors: DraftErrors; warnings: DraftErrors } {
  const errors: DraftErrors = {};
  const warnings: DraftErrors = {};
  for (const p of problems) {
    const into = p.severity === 'error' ? errors : warnings;
    const key = problemKey(p.path, rowKeys);
    into[key] = into[key] ? `${into[key]} ${p.message}` : p.message;
  }
  return { errors, warnings };
}

/**
 * The draft input a path inside a mapping concerns: `field`, `sources`, `valueMap.<row key>.to`…,
 * or `form` when no input fits. `rowKeys[i]` is the draft row of the mapping's `valueMap[i]`.
 */
export function problemKey(path: readonly PropertyKey[], rowKeys: readonly number[]): string {
  const [head, index, cell] = path;
  switch (head) {
    case 'field':
    case 'id': // the id is derived from the field, so a bad id is fixed there
      return 'field';
    case 'sources':
    case 'separator':
    case 'combine':
    case 'unmapped':
    case 'transforms':
    case 'policy':
    case 'enabled':
    case 'timeZone':
      return head;
    case 'valueMap': {
      const rowKey = typeof index === 'number' ? rowKeys[index] : undefined;
      return rowKey === undefined
        ? 'valueMap'
        : `valueMap.${rowKey}.${cell === 'to' ? 'to' : 'from'}`;
    }
    default:
      return 'form';
  }
}

export function findFieldSpec(catalog: readonly FieldSpec[], name: string): FieldSpec | undefined {
  const wanted = name.trim();
  if (wanted === '') return undefined;
  const lower = wanted.toLowerCase();
  return (
    catalog.find((f) => f.name === wanted) ?? catalog.find((f) => f.name.toLowerCase() === lower)
  );
}

/**
 * Rows from a picklist's, enumeration's or tree's options (label → value), added after what the admin already has: rows
 * whose "from" already names an option's label are left alone, blank rows are replaced.
 */
export function prefillRows(
  rows: readonly ValueMapRow[],
  options: readonly FieldOption[],
): ValueMapRow[] {
  const kept = rows.filter((row) => !isBlankRow(row));
  const known = new Set(kept.map((row) => row.from.trim().toLowerCase()));
  const added = options
    .filter((o) => !known.has(o.label.trim().toLowerCase()))
    .map((o) => newRow(o.label, o.value));
  return [...kept, ...added];
}

/** Why a value-map target may not land: the option is inactive, or not an option at all. */
export function rowTargetWarning(
  row: ValueMapRow,
  spec: FieldSpec | undefined,
  platform: PlatformId,
): string | null {
  const to = row.to.trim();
  if (!spec?.options || to === '') return null;
  const words = wordsFor(platform);
  const option = spec.options.find((o) => o.value === to);
  if (option && !option.active)
    return `inactive in ${words.platformName}: writing it will be refused`;
  if (!option && spec.restricted) return words.notAnOption;
  return null;
}
