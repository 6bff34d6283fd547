/**
 * Who a bearer token acts as in a simulated org: the org's current API session (the My Domain `sid`
 * cookie, the console's user) or an OAuth access token (the user it was issued to).
 */
import type { RequestActor } from '../request-log';
import { consoleUser, type OrgState } from './store';

export function sessionActor(org: OrgState, token: string | undefined): RequestActor | undefined {
  if (!token || org.apiSid === null || token !== org.apiSid) return undefined;
  const user = consoleUser(org);
  return { userId: user.id, username: user.username, via: 'session' };
}

export function oauthActor(org: OrgState, token: string | undefined): RequestActor | undefined {
  const userId = token ? org.oauth.accessTokenUser(token) : undefined;
  const user = userId ? org.users.find((u) => u.id === userId) : undefined;
  return user ? { userId: user.id, username: user.username, via: 'oauth' } : undefined;
}

/** The `Bearer` (or `OAuth`) token of a request. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

/** The `sid` cookie as both hosts set it: host-only, Secure, HttpOnly, SameSite=None. */
export const sidCookie = (sid: string) => `sid=${sid}; Path=/; Secure; HttpOnly; SameSite=None`;
