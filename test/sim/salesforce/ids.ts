/** Salesforce record ids: 15-character (case-sensitive) and 18-character (with case checksum). */

const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The 18-character form of a 15-character id. */
export function to18(id15: string): string {
  if (id15.length !== 15) throw new Error(`Not a 15-character id: ${id15}`);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += CHECKSUM_CHARS.charAt(bits);
  }
  return id15 + suffix;
}

/**
 * Whether `requested` names the record whose 18-character id is `id18`: a 15-character id must match
 * the first fifteen exactly (case-sensitive); an 18-character id matches regardless of case, because
 * its checksum already encodes the case.
 */
export function sameId(id18: string, requested: string): boolean {
  if (requested.length === 15) return id18.slice(0, 15) === requested;
  if (requested.length === 18) return id18.toLowerCase() === requested.toLowerCase();
  return false;
}
