/**
 * The mapping editor's check against the field catalog: `checkMapping` (validate-catalog.ts) with
 * its paths turned into the form's (`valueMap[1].to` → ['valueMap', 1, 'to']), plus what one
 * mapping cannot know alone: which orgs' catalogs it was checked against, whether its object has a
 * catalog at all, and whether another enabled mapping already fills the same field.
 */

import type { Mapping } from '../../lib/mapping/schema';
import { checkMapping } from '../../lib/mapping/validate-catalog';
import { platformDescriptor, sameFieldName } from '../../lib/platforms/descriptor-registry';
import type { FieldSpec } from '../../lib/platforms/types';
import { type FormProblem, findFieldSpec } from '../popup/mapping-draft';
import { missingFieldText, noCatalogText } from '../shared/field-suggestion';

/** `valueMap[1].to` → ['valueMap', 1, 'to']; `mappings[0]["my key"]` → ['mappings', 0, 'my key']. */
export function parsePath(path: string): PropertyKey[] {
  const parts: PropertyKey[] = [];
  for (const [, name, index, quoted] of path.matchAll(
    /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g,
  )) {
    if (name !== undefined) parts.push(name);
    else if (index !== undefined) parts.push(Number(index));
    else if (quoted !== undefined) parts.push(JSON.parse(quoted) as string);
  }
  return parts;
}

/** The catalogs a mapping's object has: the orgs they came from, and the object's words. */
export interface CatalogPlace {
  /** The orgs whose catalog of the object `fields` merges (none: no catalog). */
  orgs: readonly string[];
  /** "Case", "Conversation". */
  objectName: string;
}

/**
 * The editor's problems with a mapping: the catalog's verdicts, a target the catalog lacks said the
 * way the target input's hint says it (refused at every handoff, and the field probably meant), an
 * object without a catalog, and a second enabled mapping of the same field (named by its label and
 * context keys, as the table shows it, not by an id the page never shows).
 */
export function checkAgainstCatalog(
  mapping: Mapping,
  fields: readonly FieldSpec[] | undefined,
  others: readonly Mapping[],
  place: CatalogPlace,
): FormProblem[] {
  const missing = fields !== undefined && findFieldSpec(fields, mapping.field) === undefined;
  const problems: FormProblem[] = checkMapping(mapping, fields)
    // The target input says it better (with its label and the catalog's org).
    .filter((p) => !(missing && p.path === 'field'))
    .map((p) => ({ path: parsePath(p.path), severity: p.severity, message: p.message }));
  const platformName = platformDescriptor(mapping.platform).name;
  if (missing && fields) {
    problems.push({
      path: ['field'],
      severity: mapping.enabled ? 'error' : 'warning',
      message: missingFieldText(place.objectName, place.orgs, fields, mapping.field),
    });
  }
  if (!fields) {
    problems.push({
      path: ['field'],
      severity: 'warning',
      message: noCatalogText(platformName, place.objectName),
    });
  }
  const twin = mapping.enabled ? twinOf(mapping, others) : undefined;
  if (twin) {
    const label = (fields && findFieldSpec(fields, mapping.field)?.label) ?? mapping.field;
    problems.push({
      path: ['field'],
      severity: 'error',
      message: `${label} is already filled by another enabled mapping (context keys: ${twin.sources.join(', ')}): one field takes one mapping. Edit that one, or disable it first.`,
    });
  }
  return problems;
}

/** Another enabled mapping of the same platform object and field. */
function twinOf(mapping: Mapping, others: readonly Mapping[]): Mapping | undefined {
  return others.find(
    (o) =>
      o.id !== mapping.id &&
      o.enabled &&
      o.platform === mapping.platform &&
      o.object === mapping.object &&
      sameFieldName(mapping.platform, o.field, mapping.field),
  );
}
