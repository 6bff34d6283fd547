/**
 * Salesforce URLs and record ids: which record a Lightning console URL shows, the My Domain API
 * host for a Lightning host, and id checks (platform-facts: Console, Session).
 */

export interface SalesforceRecordLocation {
  /** My Domain prefix as in the host name: `acme`, `acme--uat.sandbox`, `x.develop`. */
  org: string;
  object: string;
  id: string;
}

const LIGHTNING_SUFFIX = '.lightning.force.com';
const MY_DOMAIN_SUFFIX = '.my.salesforce.com';
/**
 * My Domain names: letters, digits and hyphens (a sandbox is `<domain>--<sandbox>`), optionally
 * followed by the edition label Salesforce puts in enhanced-domain host names.
 */
const ORG =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?$/;
/** API names: `Case`, `Account_Tier__c`, `ns__Thing__c`, `Thing__kav`. */
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/**
 * The record a Lightning URL shows: `/lightning/r/<Object>/<id>/view` (or `/edit`, or a related-list
 * tail). In the console a subtab carries its workspace record in `?ws=`; the record in the path wins
 * and `ws` is used when the page itself is not a record page. Anything else is null.
 */
export function recordFromUrl(url: string): SalesforceRecordLocation | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const org = orgFromLightningHost(parsed.hostname);
  if (!org) return null;
  const record =
    recordFromPath(parsed.pathname) ?? recordFromWorkspace(parsed.searchParams.get('ws'));
  return record ? { org, ...record } : null;
}

function recordFromPath(path: string): { object: string; id: string } | null {
  const parts = path.split('/');
  // ['', 'lightning', 'r', Object, id, ...]
  if (parts[1] !== 'lightning' || parts[2] !== 'r') return null;
  const object = parts[3];
  const id = parts[4];
  if (!object || !id || !OBJECT_NAME.test(object) || !isSalesforceId(id)) return null;
  return { object, id };
}

function recordFromWorkspace(ws: string | null): { object: string; id: string } | null {
  if (!ws) return null;
  const path = ws.split(/[?#]/, 1)[0] ?? '';
  return recordFromPath(path);
}

/** The org of a console page address (any Lightning page, record or not), or null. */
export function orgFromConsoleUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? orgFromLightningHost(parsed.hostname) : null;
  } catch {
    return null;
  }
}

function orgFromLightningHost(host: string): string | null {
  const lower = host.toLowerCase();
  if (!lower.endsWith(LIGHTNING_SUFFIX)) return null;
  const org = lower.slice(0, -LIGHTNING_SUFFIX.length);
  return ORG.test(org) ? org : null;
}

/**
 * The API host for a Lightning host: calling My Domain directly avoids the redirect that drops the
 * Authorization header. `acme--uat.sandbox.lightning.force.com` → `acme--uat.sandbox.my.salesforce.com`.
 */
export function myDomainHost(lightningHost: string): string | null {
  const org = orgFromLightningHost(lightningHost);
  return org ? `${org}${MY_DOMAIN_SUFFIX}` : null;
}

/**
 * The API host for an org handle as `recordFromUrl` returns it. Throws on anything that is not a
 * My Domain name: the result goes into a URL that carries the session, so `evil.example/x` must
 * never become a host.
 */
export function myDomainHostForOrg(org: string): string {
  const lower = org.toLowerCase();
  if (!ORG.test(lower))
    throw new Error(`'${org.slice(0, 100)}' is not a Salesforce My Domain name`);
  return `${lower}${MY_DOMAIN_SUFFIX}`;
}

/**
 * The console address that opens a record: `https://<org>.lightning.force.com/lightning/r/<Object>/<id>/view`
 * (the QA journal links every handoff to it). Null when a part is not what Salesforce gives (an org
 * that is not a My Domain name, an object that is not an API name, an id that is not an id): the
 * journal holds what a page once said, and no crafted part may become another host or path.
 */
export function recordUrl(record: { org: string; object: string; id: string }): string | null {
  const org = record.org.toLowerCase();
  if (!ORG.test(org) || !OBJECT_NAME.test(record.object) || !isSalesforceId(record.id)) return null;
  return `https://${org}${LIGHTNING_SUFFIX}/lightning/r/${record.object}/${record.id}/view`;
}

export function isSalesforceId(id: string): boolean {
  return ID.test(id);
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character, case-insensitive-safe form of an id: each of the three 5-character chunks of
 * the 15-character id adds one character whose 5 bits say which of its letters are uppercase.
 * An 18-character id comes back with its suffix recomputed; anything else is null.
 */
export function toId18(id: string): string | null {
  if (!isSalesforceId(id)) return null;
  const id15 = id.slice(0, 15);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

/** Whether an 18-character id's suffix matches its first 15 characters (a mistyped id does not). */
export function hasValidSuffix(id18: string): boolean {
  return (
    id18.length === 18 && toId18(id18)?.toUpperCase().slice(15) === id18.toUpperCase().slice(15)
  );
}

/**
 * Recovers the case-sensitive id from an 18-character one whose letters may have lost their case
 * (18-character ids exist for case-insensitive systems): the suffix says which letters are uppercase.
 */
function canonicalId(id: string): string | null {
  if (!isSalesforceId(id)) return null;
  if (id.length === 15) return toId18(id);
  const suffix = id.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk] as string);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const c = id[chunk * 5 + i] as string;
      id15 += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A suffix that claims a digit is uppercase cannot come from a real id.
  return toId18(id15) === id15 + suffix ? id15 + suffix : null;
}

/** Whether two ids name the same record: 15 vs 18 characters, and 18-character ids in any case. */
export function sameId(a: string, b: string): boolean {
  const ca = canonicalId(a);
  return ca !== null && ca === canonicalId(b);
}

/** The console pages: the id their records carry and the addresses the content script runs on. */
export const salesforceConsole = {
  id: 'salesforce',
  matches: ['https://*.lightning.force.com/*'],
} as const;
