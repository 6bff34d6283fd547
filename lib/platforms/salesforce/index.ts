/**
 * Salesforce as the background uses it: the descriptor (./descriptor.ts) plus the REST
 * client, which authenticates as the signed-in agent with the session cookie (./session.ts) or,
 * where the org refuses that, with the agent's OAuth token (./oauth/), its sign-in, and the
 * reading of a saved describe (./catalog.ts).
 */
import type { ClientDeps, Platform } from '../platform';
import { salesforceClient } from './api';
import { salesforceAuditPace } from './audit';
import { describeFormat } from './catalog';
import { salesforceDescriptor } from './descriptor';
import { salesforceApiAuth } from './oauth/api-auth';
import { consoleUsers } from './oauth/console-user';
import { salesforceSignIn } from './oauth/sign-in';
import { tokenStore } from './oauth/tokens';
import { salesforceSessions } from './session';

function createClient({ cookies, fetch: fetchFn = fetch, secrets, settings }: ClientDeps) {
  const sessions = salesforceSessions(cookies);
  const auth = salesforceApiAuth({
    settings,
    tokens: tokenStore(secrets),
    // The console's user is read from a session read afresh: a Login As changes the cookie.
    consoleUsers: consoleUsers({ currentSession: (org) => sessions.refresh(org), fetchFn }),
    fetchFn,
    now: Date.now,
  });
  return salesforceClient(sessions, fetchFn, Date.now, auth);
}

export const salesforce: Platform = {
  ...salesforceDescriptor,
  catalog: describeFormat,
  auditPace: salesforceAuditPace,
  createClient,
  signIn: salesforceSignIn,
};
