/**
 * What a request says when it needs the agent's Salesforce connection and cannot use one: connect
 * (`connect-needed`), an admin must set it up first (`connect-not-set-up`), or the connection is
 * someone else's (`wrong-user`). The first and the last carry the sign-in the panel's button runs.
 */
import { PlatformError } from '../../platform-client';
import { salesforceDescriptor } from '../descriptor';
import { salesforceConsole } from '../url';
import type { SalesforceUser } from './userinfo';

/** Why the request goes with a token rather than the cookie session. */
export type TokenReason =
  /** 401 "This session is not valid for use with the REST API". */
  | 'api-access-control'
  /** API_DISABLED_FOR_ORG for the cookie session. */
  | 'api-disabled'
  /** Settings `salesforceOAuth.mode: 'oauth-only'`. */
  | 'oauth-only';

const why = (org: string, reason: TokenReason): string => {
  switch (reason) {
    case 'api-access-control':
      return `Salesforce (${org}) does not accept this browser's session for its API (API Access Control)`;
    case 'api-disabled':
      return `Salesforce (${org}) does not let this browser's session use its API (your user lacks "API Enabled")`;
    case 'oauth-only':
      return `Your organisation has Handoff Fields use its own Salesforce connection for ${org}`;
  }
};

const signIn = (org: string) => ({
  platform: salesforceConsole.id,
  platformName: salesforceDescriptor.name,
  org,
});

/** No consumer key for the org: only an admin can set the sign-in up. */
export function notSetUp(org: string, reason: TokenReason, detail?: string): PlatformError {
  return new PlatformError(
    'connect-not-set-up',
    `${why(org, reason)}, and no sign-in is set up for it. Nothing was sent. Ask your Salesforce admin to set the org's External Client App consumer key in Handoff Fields' Settings → Salesforce sign-in, then press Retry.`,
    detail ? { detail } : {},
  );
}

/** The agent connects (no token, or the one kept expired or was revoked). */
export function connectNeeded(
  org: string,
  reason: TokenReason | 'expired' | 'refused',
  detail?: string,
): PlatformError {
  const what =
    reason === 'expired'
      ? `Your Salesforce connection for ${org} has expired or was revoked`
      : reason === 'refused'
        ? `Salesforce (${org}) no longer accepts your Handoff Fields connection`
        : `${why(org, reason)}, so Handoff Fields needs its own connection`;
  return new PlatformError(
    'connect-needed',
    `${what}. Nothing was sent. Press Connect Salesforce and sign in as yourself; writes waiting for it are sent then.`,
    { signIn: signIn(org), ...(detail ? { detail } : {}) },
  );
}

const named = (user: { name: string; username?: string | undefined }) =>
  user.username && user.username !== user.name ? `${user.name} (${user.username})` : user.name;

/** The token acts as someone else than the console's user: nothing is sent. */
export function wrongUser(
  org: string,
  token: { name: string; username?: string | undefined; orgId: string },
  consoleUser: SalesforceUser,
): PlatformError {
  const sameOrg = token.orgId === consoleUser.orgId;
  const connection = sameOrg
    ? `Handoff Fields is connected to Salesforce (${org}) as ${named(token)}`
    : `Handoff Fields' Salesforce connection for ${org} belongs to another org (${named(token)}, org ${token.orgId})`;
  return new PlatformError(
    'wrong-user',
    `${connection}, but the console is signed in as ${named(consoleUser)}. Nothing was sent. Press Reconnect as ${consoleUser.name} and sign in as that user; writes waiting for it are sent then.`,
    { signIn: { ...signIn(org), consoleUser: consoleUser.name } },
  );
}

/** The sign-in window signed in someone else than the console's user: that connection is not kept. */
export function signedInAsAnother(
  org: string,
  token: { name: string; username?: string | undefined },
  consoleUser: SalesforceUser,
): PlatformError {
  return new PlatformError(
    'wrong-user',
    `The sign-in window signed in as ${named(token)}, but the console is signed in as ${named(consoleUser)}: that connection was not kept. Press Reconnect as ${consoleUser.name} and sign in as that user.`,
    { signIn: { ...signIn(org), consoleUser: consoleUser.name } },
  );
}
