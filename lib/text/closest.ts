/**
 * "Did you mean …?": the option an admin most likely meant when a name is not one of the known ones
 * (a misspelt mapping key, a field API name one letter off). One copy for every such message: the
 * mappings file's keys and enums (lib/mapping/file.ts) and the field catalog check
 * (lib/mapping/validate-catalog.ts). A leaf module: no imports.
 */

/** Letters and digits only, lower case: `Account_Tier__c`, `account tier c` and `ACCOUNTTIERC` fold alike. */
export function foldName(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The option equal to `wrong` once folded (case and punctuation ignored), else the nearest one a
 * few edits away: at most 2, and at most a third of the option's length, so a short name is not
 * "corrected" into an unrelated one. Ties go to the first option. Undefined when none is close.
 */
export function closestName(wrong: string, options: readonly string[]): string | undefined {
  const w = foldName(wrong);
  if (w.length === 0) return undefined;
  const same = options.find((o) => foldName(o) === w);
  if (same !== undefined) return same;
  let best: { option: string; distance: number } | undefined;
  for (const o of options) {
    const folded = foldName(o);
    const allowed = Math.min(2, Math.floor(folded.length / 3));
    if (allowed === 0) continue;
    const d = editDistance(w, folded, allowed);
    if (d <= allowed && (!best || d < best.distance)) best = { option: o, distance: d };
  }
  return best?.option;
}

/**
 * The Levenshtein distance of `a` and `b` (one letter changed, added or dropped = 1), or `max + 1`
 * as soon as it is known to exceed `max`: names come from files and catalogs of any size, so the
 * work stays proportional to their lengths, never their product beyond the band that matters.
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return Math.min(prev[b.length] as number, max + 1);
}
