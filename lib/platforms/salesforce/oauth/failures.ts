/**
 * What each way a Salesforce sign-in can fail means to the person who pressed Connect, and what
 * fixes it: every failure of the flow (the probe, the window, the code exchange) is a PlatformError
 * `connect-failed` built here, so the words live in one place. Salesforce's own error code and
 * description go to `detail` (an admin's), cut short: they come from a URL or a response body.
 */
import { PlatformError } from '../../platform-client';

/** What the messages name: the org, and the callback URL its app must list. */
export interface ConnectContext {
  org: string;
  callbackUrl: string;
}

const MAX_DETAIL = 300;

const detailOf = (error: string, description: string) =>
  `${error}${description ? `: ${description}` : ''}`.slice(0, MAX_DETAIL);

export const NOTHING_CHANGED = 'Nothing was changed.';

/** Salesforce answered an OAuth error (`error`, `error_description`) for this sign-in. */
export function oauthFailure(
  error: string,
  description: string,
  ctx: ConnectContext,
): PlatformError {
  return new PlatformError('connect-failed', messageFor(error, ctx), {
    detail: detailOf(error, description),
  });
}

function messageFor(error: string, ctx: ConnectContext): string {
  switch (error) {
    case 'redirect_uri_mismatch':
      return `Salesforce refused the callback URL (redirect_uri_mismatch). In Setup → External Client App Manager → <app> → OAuth Settings, set the Callback URL to exactly ${ctx.callbackUrl}, save, wait a few minutes, then press Connect again.`;
    case 'invalid_client_id':
      return `Salesforce knows no app with the consumer key set for ${ctx.org} (invalid_client_id): the key in Handoff Fields' Settings → Salesforce sign-in does not match an External Client App of this org. Ask your Salesforce admin to copy the app's consumer key into that setting, then press Connect again.`;
    case 'invalid_client':
      // Unverified: what Salesforce answers when the app requires a secret (an extension has none).
      return `Salesforce refused the app's credentials (invalid_client). The External Client App of ${ctx.org} must not require a secret: in its OAuth Settings, clear "Require Secret for Web Server Flow" and "Require Secret for Refresh Token Flow", save, then press Connect again.`;
    case 'access_denied':
      return `You did not allow Handoff Fields to use Salesforce for ${ctx.org}. ${NOTHING_CHANGED} To write through the API, press Connect again and choose Allow.`;
    case 'invalid_grant':
      return `Salesforce did not accept this sign-in's code (it expired, was used already, or did not match this browser's request). ${NOTHING_CHANGED} Press Connect again.`;
    case 'OAUTH_APP_ACCESS_DENIED':
    case 'OAUTH_APP_BLOCKED':
    case 'unauthorized_client':
      return `Salesforce does not let you use the Handoff Fields app of ${ctx.org} (${error}). Ask your Salesforce admin to give your profile or permission set access to the External Client App, then press Connect again.`;
    default:
      return `Salesforce refused the sign-in for ${ctx.org} (${error.slice(0, 60) || 'no reason given'}). ${NOTHING_CHANGED} Press Connect again; if it happens again, show this message to your Salesforce admin.`;
  }
}

/** The agent closed the sign-in window (or the browser reports it as cancelled). */
export function windowClosed(ctx: ConnectContext): PlatformError {
  return new PlatformError(
    'connect-failed',
    `The Salesforce sign-in window was closed before Salesforce answered. ${NOTHING_CHANGED} Press Connect again to sign in to ${ctx.org}.`,
  );
}

/** The sign-in window could not show Salesforce's page. */
export function windowFailed(ctx: ConnectContext, reason: string): PlatformError {
  return new PlatformError(
    'connect-failed',
    `The Salesforce sign-in window could not open ${ctx.org}'s sign-in page. ${NOTHING_CHANGED} Check your network and that ${ctx.org}.my.salesforce.com opens in this browser, then press Connect again.`,
    { detail: reason.slice(0, MAX_DETAIL) },
  );
}

/** The answer that came back is not the answer to this sign-in (another `state`, another address). */
export function foreignAnswer(ctx: ConnectContext, why: string): PlatformError {
  return new PlatformError(
    'connect-failed',
    `The answer to the sign-in did not belong to this sign-in (${why}), so it was not used. ${NOTHING_CHANGED} Press Connect again to sign in to ${ctx.org}.`,
  );
}

/** A Salesforce answer that is not what its documentation describes (a token without an identity…). */
export function unreadableAnswer(ctx: ConnectContext, what: string): PlatformError {
  return new PlatformError(
    'connect-failed',
    `Salesforce's answer to the sign-in for ${ctx.org} could not be read (${what}). ${NOTHING_CHANGED} Press Connect again; if it happens again, show this message to your Salesforce admin.`,
  );
}

/** The sign-in's token endpoint could not be reached, or answered with a server error. */
export function tokenEndpointUnreachable(ctx: ConnectContext, detail: string): PlatformError {
  return new PlatformError(
    'connect-failed',
    `Salesforce did not complete the sign-in for ${ctx.org}: ${ctx.org}.my.salesforce.com could not be reached or is not answering normally. ${NOTHING_CHANGED} Check your network, then press Connect again.`,
    { detail: detail.slice(0, MAX_DETAIL) },
  );
}

/** The org named is not a My Domain name: there is nothing to sign in to. */
export function notAnOrg(ctx: ConnectContext): PlatformError {
  return new PlatformError(
    'connect-failed',
    `'${ctx.org.slice(0, 100)}' is not a Salesforce My Domain name, so there is nothing to sign in to. Use the first part of the console's address (acme for acme.lightning.force.com).`,
  );
}
