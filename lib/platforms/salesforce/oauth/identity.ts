/**
 * Who a Salesforce token acts as, and whether that is the user signed in to the console: a token
 * kept after a "Login As" another user, or one of another org, must never write (issue 15; what
 * Salesforce Inspector's users met). Pure: the identity URL and userinfo are read elsewhere.
 */
import { hasValidSuffix, isSalesforceId, sameId, toId18 } from '../url';

/** An org id and a user id, both 18 characters (the form Salesforce's identity URL names). */
export interface SalesforceIdentity {
  orgId: string;
  userId: string;
}

/** Key prefixes: an Organization id starts with 00D, a User id with 005. */
const ORG_PREFIX = '00D';
const USER_PREFIX = '005';
/** Identity URLs live on login.salesforce.com, test.salesforce.com or the org's My Domain. */
const IDENTITY_HOST = /^(?:[a-z0-9-]+\.)+salesforce\.com$/;

/**
 * An id of the given key prefix in its 18-character form, or null: 15 characters, or 18 whose
 * case-insensitivity suffix matches (a mistyped or forged suffix is refused, not repaired).
 */
export function strictId18(id: unknown, prefix: string): string | null {
  if (typeof id !== 'string' || !isSalesforceId(id) || !id.startsWith(prefix)) return null;
  if (id.length === 18 && !hasValidSuffix(id)) return null;
  return toId18(id);
}

/**
 * The identity a token's `id` names: `https://login.salesforce.com/id/<orgId>/<userId>`. Strict:
 * https, a salesforce.com host, exactly that path, an org id and a user id; anything else is null.
 */
export function identityFromIdUrl(idUrl: unknown): SalesforceIdentity | null {
  if (typeof idUrl !== 'string' || idUrl.length > 500) return null;
  let url: URL;
  try {
    url = new URL(idUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !IDENTITY_HOST.test(url.hostname) || url.port) return null;
  if (url.search || url.hash || url.username || url.password) return null;
  const parts = url.pathname.split('/');
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== 'id') return null;
  const orgId = strictId18(parts[2], ORG_PREFIX);
  const userId = strictId18(parts[3], USER_PREFIX);
  return orgId && userId ? { orgId, userId } : null;
}

/** The identity userinfo names (`organization_id`, `user_id`: 15 or 18 characters), or null. */
export function identityFromIds(orgId: unknown, userId: unknown): SalesforceIdentity | null {
  const org = strictId18(orgId, ORG_PREFIX);
  const user = strictId18(userId, USER_PREFIX);
  return org && user ? { orgId: org, userId: user } : null;
}

export type IdentityVerdict =
  | 'same'
  /** The token belongs to another org than the console's. */
  | 'other-org'
  /** Same org, another user: a "Login As", or another agent's token in this browser profile. */
  | 'other-user';

/** Whether the token acts as the console's user: the same org id and the same user id (15/18 alike). */
export function compareIdentity(
  token: SalesforceIdentity,
  consoleUser: SalesforceIdentity,
): IdentityVerdict {
  if (!sameId(token.orgId, consoleUser.orgId)) return 'other-org';
  return sameId(token.userId, consoleUser.userId) ? 'same' : 'other-user';
}
