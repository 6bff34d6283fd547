/**
 * The mapping editor's check against the field catalog: `checkMapping` (validate-catalog.ts) with
 * its paths turned into the form's (`valueMap[1].to` → ['valueMap', 1, 'to']), plus the two things
 * one mapping cannot know alone: whether its object has a catalog at all, and whether another
 * enabled mapping already fills the same field.
 */

import type { Mapping } from '../../lib/mapping/schema';
import { checkMapping } from '../../lib/mapping/validate-catalog';
import { platformDescriptor, sameFieldName } from '../../lib/platforms/descriptor-registry';
import type { FieldSpec } from '../../lib/platforms/types';
import type { FormProblem } from '../popup/mapping-draft';

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

export function checkAgainstCatalog(
  mapping: Mapping,
  fields: readonly FieldSpec[] | undefined,
  others: readonly Mapping[],
): FormProblem[] {
  const problems: FormProblem[] = checkMapping(mapping, fields).map((p) => ({
    path: parsePath(p.path),
    severity: p.severity,
    message: p.message,
  }));
  if (!fields) {
    problems.push({
      path: [],
      severity: 'warning',
      message: `No field catalog for ${platformDescriptor(mapping.platform).name} ${mapping.object} yet, so this mapping is not checked against its fields: import them under Field catalogs.`,
    });
  }
  if (mapping.enabled) {
    const twin = others.find(
      (o) =>
        o.id !== mapping.id &&
        o.enabled &&
        o.platform === mapping.platform &&
        o.object === mapping.object &&
        sameFieldName(mapping.platform, o.field, mapping.field),
    );
    if (twin) {
      problems.push({
        path: ['field'],
        severity: 'error',
        message: `${mapping.field} is already filled by the mapping "${twin.id}": one field takes one mapping. Edit that one, or disable it first.`,
      });
    }
  }
  return problems;
}
