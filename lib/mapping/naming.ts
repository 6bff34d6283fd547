/**
 * How messages name a mapping (docs/files.md): by its field's label in the catalog, else the
 * field's API name — never by its internal id, which an admin may not have written (import makes
 * ids) and an agent never sees. Two mappings of one field are told apart by their sources.
 */
import type { FieldSpec, PlatformId } from '../platforms/types';
import type { Mapping } from './schema';

/** Exact API name first, then ignoring case — as the planner finds its target. */
export function findField(fields: readonly FieldSpec[], name: string): FieldSpec | undefined {
  const lower = name.trim().toLowerCase();
  return fields.find((f) => f.name === name) ?? fields.find((f) => f.name.toLowerCase() === lower);
}

/** `Account Tier` (the catalog's label), or `Account_Tier__c` when the catalog does not know it. */
export function mappingName(
  mapping: Pick<Mapping, 'field'>,
  fields: readonly FieldSpec[] | undefined,
): string {
  return (fields && findField(fields, mapping.field)?.label) || mapping.field;
}

/** `"Account Tier"`, `"Tier", "Level"`: what tells a mapping from another of the same field. */
export function sourcesText(mapping: Pick<Mapping, 'sources'>): string {
  const shown = mapping.sources.slice(0, 3).map((s) => JSON.stringify(s));
  return `${shown.join(', ')}${mapping.sources.length > 3 ? ', …' : ''}`;
}

/** The label of a field in whichever of these catalogs of its object has it: for file messages. */
export function labelsIn(
  catalogs: readonly { platform: PlatformId; object: string; fields: readonly FieldSpec[] }[],
): (target: { platform: string; object: string; field: string }) => string | undefined {
  return ({ platform, object, field }) => {
    for (const c of catalogs) {
      if (c.platform !== platform || c.object !== object) continue;
      const label = findField(c.fields, field)?.label;
      if (label) return label;
    }
    return undefined;
  };
}
