/**
 * Ending a token's life: revoke it at Salesforce (the refresh token takes its access tokens with
 * it), then forget it here — also when Salesforce cannot be reached, so this browser never uses it
 * again. Sign out, a changed or removed consumer key, and a reconnection as someone else end here.
 */
import { myDomainHostForOrg } from '../url';
import { revokeToken } from './token-endpoint';
import type { StoredToken, TokenStore } from './tokens';

/** True when Salesforce confirmed the revocation; the token is forgotten either way. */
export async function revokeAndForget(
  deps: { fetchFn: typeof fetch; tokens: TokenStore },
  org: string,
  token: StoredToken,
): Promise<boolean> {
  const revoked = await revokeQuietly(deps.fetchFn, org, token);
  await deps.tokens.remove(org);
  return revoked;
}

/** Revokes without forgetting (a token that was never kept, or one replaced already). */
export async function revokeQuietly(
  fetchFn: typeof fetch,
  org: string,
  token: Pick<StoredToken, 'accessToken' | 'refreshToken'>,
): Promise<boolean> {
  return revokeToken(fetchFn, myDomainHostForOrg(org), token.refreshToken ?? token.accessToken);
}
