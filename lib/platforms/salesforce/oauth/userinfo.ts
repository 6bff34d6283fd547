/**
 * Salesforce's OpenID Connect userinfo endpoint on the org's My Domain
 * (`GET /services/oauth2/userinfo`, `Authorization: Bearer …`): who a token — or, *unverified*, the
 * console's cookie session (./console-user.ts) — acts as. The answer is checked with zod and its
 * ids strictly (./identity.ts); `sub`, when given, must name the same user.
 */
import { z } from 'zod';
import { jsonBody } from '../../json';
import { failedRequestKind, requestTimeout } from '../../request-timeout';
import { identityFromIds, identityFromIdUrl, type SalesforceIdentity } from './identity';

/** A Salesforce user as the sign-in shows it: ids, display name and username. */
export interface SalesforceUser extends SalesforceIdentity {
  name: string;
  username?: string;
}

const Userinfo = z.object({
  user_id: z.string().max(18),
  organization_id: z.string().max(18),
  sub: z.string().max(500).optional(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(200).optional(),
});

export type UserinfoAnswer =
  | { ok: true; user: SalesforceUser }
  /** 401 or 403 (`Bad_OAuth_Token`): Salesforce did not accept the bearer. */
  | { ok: false; kind: 'refused' }
  /** No answer, a server error, or an answer that is not a userinfo. */
  | { ok: false; kind: 'unavailable'; detail: string };

export async function readUserinfo(
  fetchFn: typeof fetch,
  host: string,
  bearer: string,
): Promise<UserinfoAnswer> {
  let res: Response;
  try {
    res = await fetchFn(`https://${host}/services/oauth2/userinfo`, {
      credentials: 'omit',
      signal: requestTimeout(),
      headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json' },
    });
  } catch (error) {
    return { ok: false, kind: 'unavailable', detail: failedRequestKind(error) };
  }
  const text = await res.text().catch(() => '');
  if (res.status === 401 || res.status === 403) return { ok: false, kind: 'refused' };
  if (res.status !== 200) return { ok: false, kind: 'unavailable', detail: `HTTP ${res.status}` };
  const user = userOf(jsonBody(text));
  return user
    ? { ok: true, user }
    : { ok: false, kind: 'unavailable', detail: 'userinfo without valid ids' };
}

/** The user a userinfo body names, or null when its ids are not ids or `sub` names someone else. */
export function userOf(body: unknown): SalesforceUser | null {
  const parsed = Userinfo.safeParse(body);
  if (!parsed.success) return null;
  const info = parsed.data;
  const identity = identityFromIds(info.organization_id, info.user_id);
  if (!identity) return null;
  if (info.sub !== undefined) {
    const sub = identityFromIdUrl(info.sub);
    if (!sub || sub.orgId !== identity.orgId || sub.userId !== identity.userId) return null;
  }
  const username = info.preferred_username?.trim() || undefined;
  const name = info.name?.trim() || username || identity.userId;
  return { ...identity, name, ...(username ? { username } : {}) };
}
