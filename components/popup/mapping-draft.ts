/**
 * The mapping form's draft: what the admin typed, as text, and the pure steps that turn it into a
 * MappingInput (validated with the same zod schema the background uses) or into errors keyed by the
 * input they concern. No Preact here, so each rule is tested without rendering.
 */
import type { z } from 'zod';
import { Mapping, type MappingInput, type WritePolicy } from '../../lib/mapping/schema';
import type { FieldOption, FieldSpec } from '../../lib/platforms/types';

/** The popup edits Salesforce Case mappings only (the options page covers the rest). */
export const TARGET = { platform: 'salesforce', object: 'Case' } as const;

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
  policy: WritePolicy;
  enabled: boolean;
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
  policy: 'fill-empty',
  enabled: true,
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
    policy: m.policy,
    enabled: m.enabled,
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

export function uniqueId(field: string, taken: ReadonlySet<string>): string {
  const base = slugFromField(field) || 'mapping';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const isBlankRow = (row: ValueMapRow) => row.from.trim() === '' && row.to.trim() === '';

/**
 * The MappingInput the draft stands for. Editing starts from the stored mapping so what the form
 * does not show (id, transforms…) is kept as it was.
 */
export function draftToInput(
  draft: MappingDraft,
  base: Mapping | null,
  takenIds: ReadonlySet<string>,
): { input: MappingInput; rowKeys: number[] } {
  const rows = draft.valueMap.filter((row) => !isBlankRow(row));
  const input: MappingInput = {
    ...(base ?? { id: uniqueId(draft.field.trim(), takenIds), ...TARGET }),
    field: draft.field.trim(),
    sources: parseSources(draft.sources),
    combine: draft.combine,
    separator: draft.separator,
    valueMap: rows.map((row) => ({ from: row.from.trim(), to: row.to.trim() })),
    policy: draft.policy,
    enabled: draft.enabled,
  };
  if (draft.unmapped === 'default') delete input.unmapped;
  else input.unmapped = draft.unmapped;
  return { input, rowKeys: rows.map((row) => row.key) };
}

export type DraftCheck = { ok: true; input: MappingInput } | { ok: false; errors: DraftErrors };

/** Validate with the shared schema; each issue is placed next to the input it concerns. */
export function checkDraft(
  draft: MappingDraft,
  base: Mapping | null,
  takenIds: ReadonlySet<string>,
): DraftCheck {
  const { input, rowKeys } = draftToInput(draft, base, takenIds);
  const parsed = Mapping.safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const key = errorKey(issue, rowKeys);
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

function errorKey(issue: z.core.$ZodIssue, rowKeys: number[]): string {
  const [head, index, cell] = issue.path;
  switch (head) {
    case 'field':
    case 'id': // the id is derived from the field, so a bad id is fixed there
      return 'field';
    case 'sources':
    case 'separator':
    case 'combine':
    case 'unmapped':
    case 'policy':
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
 * Rows from a picklist's options (label → value), added after what the admin already has: rows
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
export function rowTargetWarning(row: ValueMapRow, spec: FieldSpec | undefined): string | null {
  const to = row.to.trim();
  if (!spec?.options || to === '') return null;
  const option = spec.options.find((o) => o.value === to);
  if (option && !option.active) return 'inactive in Salesforce: writing it will be refused';
  if (!option && spec.restricted) return 'not a value of this restricted picklist';
  return null;
}
