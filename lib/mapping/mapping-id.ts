/**
 * The id of a mapping written without one (docs/files.md, `id`): made from its platform, object and
 * field, so an admin writing a file by hand need not invent ids, and the same file always gives the
 * same ids — importing it twice changes nothing, and export writes the id back out.
 *
 * `salesforce` `Case` `Account_Tier__c` → `salesforce.case.account-tier-c`; Kustomer's
 * `accountTierStr` → `…account-tier-str`. Readable: lower case, words split at `_`, spaces and
 * camel case, parts joined with `.`. At most 200 characters (the id limit): a longer one keeps its
 * start and ends with a digest of the whole, so it stays unique and stable.
 */

const ID_MAX = 200;

export function mappingIdFor(m: { platform: string; object: string; field: string }): string {
  const id = [m.platform, m.object, m.field].map(slug).join('.');
  if (id.length <= ID_MAX) return id;
  const digest = fnv1a(`${m.platform}\u0000${m.object}\u0000${m.field}`);
  return `${id.slice(0, ID_MAX - digest.length - 1)}-${digest}`;
}

/** `Account_Tier__c` → `account-tier-c`; `accountTierStr` → `account-tier-str`; `!!!` → `_`. */
function slug(part: string): string {
  const words = part
    .normalize('NFKC')
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1-$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // A part with no letter or digit still takes a place, so the dots keep the three parts apart.
  return words === '' ? '_' : words;
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable digest (no security rests on it). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
