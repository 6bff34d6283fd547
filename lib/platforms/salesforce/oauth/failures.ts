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
      return `The consumer key in Handoff Fields' Settings → Salesforce sign-in does not match an External Client App of ${ctx.org} (invalid_client_id). Ask your Salesforce admin to paste the app's consumer key there, then press Connect again.`;
    case 'invalid_client':
      // Unverified: what Salesforce answers when the app requires a secret (an extension has none).
      return `Salesforce refused the app (invalid_client): the External Client App of ${ctx.org} must not require a secret. Ask your Salesforce admin to clear "Require Secret for Web Server Flow" and "…for Refresh Token Flow" in its OAuth Settings, then press Connect again.`;
    case 'access_denied':
      return `You did not allow Handoff Fields to use Salesforce for ${ctx.org}. ${NOTHING_CHANGED} To write through the API, press Connect again and choose Allow.`;
    case 'invalid_grant':
      return `Salesforce did not accept this sign-in's code (it expired, was used already, or did not match this browser's request). ${NOTHING_CHANGED} Press Connect again.`;
    default:
      return `Salesforce refused the sign-in for ${ctx.org} (${error.slice(0, 60)}). ${NOTHING_CHANGED} Press Connect again; if it fails again, show this to your Salesforce admin.`;
  }
}

/** The agent closed the sign-in window (or the browser reports it as cancelled). */
export function windowClosed(ctx: ConnectContext): PlatformError {
  return new PlatformError(
    'connect-failed',
    `The Salesforce sign-in window was closed before Salesforce answered. ${NOTHING_CHANGED} Press Connect again to sign in to ${ctx.org}.`,
  );
}

/** Salesforce could not be reached: the sign-in window's page, or the token endpoint. */
export function unreachable(ctx: ConnectContext, detail: string): PlatformError {
  return new PlatformError(
    'connect-failed',
    `Salesforce (${ctx.org}) could not be reached to sign in. ${NOTHING_CHANGED} Check your network and that ${ctx.org}.my.salesforce.com opens in this browser, then press Connect again.`,
    { detail: detail.slice(0, MAX_DETAIL) },
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
    `Salesforce's answer to the sign-in for ${ctx.org} could not be read (${what}). ${NOTHING_CHANGED} Press Connect again; if it fails again, show this to your Salesforce admin.`,
  );
}
