/**
 * Salesforce's sign-in (`Platform.signIn`, ../../platform.ts): connect (./connect.ts), who is
 * connected where, sign out, and the tokens the settings no longer allow. Built from the same
 * dependencies as the client; the two share nothing but the secrets store, which each reads at
 * every use.
 */
import type { OrgConnection, PlatformSignIn, SignedInAs, SignInDeps } from '../../platform';
import { PlatformError } from '../../platform-client';
import { consumerKeyFor } from '../oauth-settings';
import { salesforceSessions } from '../session';
import { connectOrg } from './connect';
import { consoleUsers } from './console-user';
import { revokeAndForget } from './forget';
import { tokenStore } from './tokens';

export function salesforceSignIn(deps: SignInDeps): PlatformSignIn {
  const fetchFn = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const tokens = tokenStore(deps.secrets, now);
  const sessions = salesforceSessions(deps.cookies);
  const users = consoleUsers({ currentSession: (org) => sessions.refresh(org), fetchFn });
  const flow = {
    settings: deps.settings,
    identity: deps.identity,
    fetchFn,
    tokens,
    consoleUsers: users,
    now,
  };

  return {
    async connect(org) {
      return signedInAs(await connectOrg(flow, org.toLowerCase()));
    },

    async status(): Promise<OrgConnection[]> {
      const { apps } = (await deps.settings()).salesforceOAuth;
      return Promise.all(
        apps.map(async ({ org, consumerKey }) => {
          const token = await tokens.get(org);
          // A token of another key is not used (and is revoked at its next use or settings change).
          const live = token && token.consumerKey === consumerKey ? token : null;
          return {
            org,
            connected: live && { ...signedInAs(live), since: live.savedAt },
          };
        }),
      );
    },

    async signOut(org) {
      const lower = org.toLowerCase();
      const token = await tokens.get(lower);
      // A row that no longer parses is forgotten too.
      if (!token) return tokens.remove(lower);
      if (!(await revokeAndForget({ fetchFn, tokens }, lower, token))) {
        throw new PlatformError(
          'network',
          `Signed out of Salesforce (${lower}) in this browser, but Salesforce could not be reached to revoke the connection: it stays valid there until it expires, or an admin revokes it (Setup → Connected Apps OAuth Usage).`,
        );
      }
    },

    async settingsChanged(settings) {
      for (const org of await tokens.orgs()) {
        const token = await tokens.get(org);
        const consumerKey = consumerKeyFor(settings.salesforceOAuth, org);
        if (!token) await tokens.remove(org);
        else if (token.consumerKey !== consumerKey) {
          await revokeAndForget({ fetchFn, tokens }, org, token);
        }
      }
    },
  };
}

/** What a face may know of a user a token acts as: ids and names, never the token. */
function signedInAs(user: {
  userId: string;
  name: string;
  username?: string | undefined;
}): SignedInAs {
  return {
    userId: user.userId,
    name: user.name,
    ...(user.username ? { username: user.username } : {}),
  };
}
