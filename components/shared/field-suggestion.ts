/**
 * What the mapping forms say about a target the field catalog lacks: the field the admin probably
 * meant (a typo of its API name, or its label typed instead), and the sentences that name the
 * catalog. Kept apart from the forms so a shared "did you mean" from lib/mapping can replace
 * `suggestField` later without touching them.
 */
import type { FieldSpec } from '../../lib/platforms/types';

/** The furthest a typed name may be from a field's API name or label to be suggested. */
const MAX_DISTANCE = 2;

/**
 * The field `typed` most likely means, or undefined: compared without regard to case with every
 * field's API name and label, the closest within MAX_DISTANCE edits wins; on a tie the writable
 * field, then the catalog's order. A name of fewer than three letters suggests nothing (any short
 * name is two edits from another).
 */
export function suggestField(catalog: readonly FieldSpec[], typed: string): FieldSpec | undefined {
  const wanted = typed.trim().toLowerCase();
  if (wanted.length < 3) return undefined;
  let best: { field: FieldSpec; distance: number; writable: boolean } | undefined;
  for (const field of catalog) {
    const distance = Math.min(
      boundedDistance(wanted, field.name.toLowerCase(), MAX_DISTANCE),
      boundedDistance(wanted, field.label.toLowerCase(), MAX_DISTANCE),
    );
    if (distance > MAX_DISTANCE) continue;
    const writable = field.updateable && !field.calculated;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && writable && !best.writable)
    ) {
      best = { field, distance, writable };
    }
  }
  return best?.field;
}

/**
 * The Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`
 * (a catalog of a thousand fields is searched on every keystroke).
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      row.push(value);
      if (value < smallest) smallest = value;
    }
    if (smallest > limit) return limit + 1;
    previous = row;
  }
  return Math.min(previous[b.length] as number, limit + 1);
}

/** "Did you mean VIP (VIP__c)?", or '' when nothing is close. */
export function didYouMean(catalog: readonly FieldSpec[], typed: string): string {
  const guess = suggestField(catalog, typed);
  return guess ? `Did you mean ${guess.label} (${guess.name})?` : '';
}

/** "the acme catalog", "the acme and globex catalogs", "the field catalog" when no org is known. */
export function catalogName(orgs: readonly string[]): string {
  if (orgs.length === 0) return 'the field catalog';
  if (orgs.length === 1) return `the ${orgs[0]} catalog`;
  return `the ${orgs.slice(0, -1).join(', ')} and ${orgs[orgs.length - 1]} catalogs`;
}

/**
 * A target the object's catalog lacks, as an error: the planner refuses it at every handoff.
 * "Not a field of Case in the acme catalog: it would be refused on every handoff. Did you mean VIP
 * (VIP__c)?"
 */
export function missingFieldText(
  objectName: string,
  orgs: readonly string[],
  catalog: readonly FieldSpec[],
  typed: string,
): string {
  const guess = didYouMean(catalog, typed);
  const text = `Not a field of ${objectName} in ${catalogName(orgs)}: it would be refused on every handoff.`;
  return guess ? `${text} ${guess}` : text;
}

/** No catalog of the object to check a target against: a warning, the name may still be right. */
export const noCatalogText = (platformName: string, objectName: string): string =>
  `No ${platformName} ${objectName} catalog to check this name against. Import the ${objectName} catalog to check field names (Field catalogs, Import fields).`;
