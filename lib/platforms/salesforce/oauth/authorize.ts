/**
 * The authorize step of the authorization code flow against the org's My Domain
 * (platform-facts, "OAuth for orgs that refuse cookie sessions"): the URL the sign-in window opens,
 * the probe that finds a wrong callback URL or consumer key before any window opens, and the
 * reading of the address Salesforce sends the window back to.
 */
import { requestTimeout } from '../../request-timeout';
import { type ConnectContext, foreignAnswer, oauthFailure } from './failures';

/** What the background asks for: the REST API, and a refresh token so a reboot needs no new sign-in. */
export const OAUTH_SCOPE = 'api refresh_token';

/**
 * Where Salesforce sends the browser when the authorize request names a callback URL the app does
 * not list (`redirect_uri_mismatch`) or an unknown consumer key (`invalid_client_id`), with
 * `error` and `error_description` in the query. *Unverified*: that this page comes before any
 * login (so a fetch without cookies sees it).
 */
export const REMOTE_ACCESS_ERROR_PAGE = '/setup/secur/RemoteAccessErrorPage.apexp';

export interface AuthorizeRequest {
  /** `acme.my.salesforce.com`. */
  host: string;
  consumerKey: string;
  redirectUrl: string;
  challenge: string;
  state: string;
}

/** `https://<MyDomain>/services/oauth2/authorize?response_type=code&…&code_challenge_method=S256`. */
export function authorizeUrl(request: AuthorizeRequest): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: request.consumerKey,
    redirect_uri: request.redirectUrl,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    state: request.state,
    scope: OAUTH_SCOPE,
  });
  return `https://${request.host}/services/oauth2/authorize?${query}`;
}

/**
 * Asks for the authorize URL without cookies, following redirects, and throws the `connect-failed`
 * Salesforce's error page names (a wrong callback URL, an unknown consumer key). A probe that ends
 * anywhere else (the login page) found nothing wrong; one that could not be sent decides nothing
 * either — the window then shows what Salesforce says, or fails itself.
 */
export async function probeAuthorize(
  fetchFn: typeof fetch,
  url: string,
  ctx: ConnectContext & { host: string },
): Promise<void> {
  let finalUrl: string;
  try {
    const res = await fetchFn(url, {
      credentials: 'omit',
      redirect: 'follow',
      signal: requestTimeout(),
    });
    finalUrl = res.url;
    // Only the address matters: the page itself is not read.
    await res.body?.cancel().catch(() => undefined);
  } catch {
    return;
  }
  const error = errorPageAnswer(finalUrl, ctx.host);
  if (error) throw oauthFailure(error.error, error.description, ctx);
}

/** The `error` and `error_description` of Salesforce's remote access error page, or null for any other address. */
export function errorPageAnswer(
  address: string,
  host: string,
): { error: string; description: string } | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  const salesforceHost = url.hostname === host || url.hostname.endsWith('.salesforce.com');
  if (url.protocol !== 'https:' || !salesforceHost || url.pathname !== REMOTE_ACCESS_ERROR_PAGE) {
    return null;
  }
  const error = url.searchParams.get('error');
  return error ? { error, description: url.searchParams.get('error_description') ?? '' } : null;
}

/**
 * The authorization code in the address Salesforce sent the window back to, checked against this
 * sign-in: the callback URL itself, and the `state` it sent. An `error` (access_denied when the
 * user pressed Deny) throws its `connect-failed`.
 */
export function codeFromCallback(
  address: string,
  expected: { state: string; redirectUrl: string },
  ctx: ConnectContext,
): string {
  let url: URL;
  let callback: URL;
  try {
    url = new URL(address);
    callback = new URL(expected.redirectUrl);
  } catch {
    throw foreignAnswer(ctx, 'not an address');
  }
  if (url.origin !== callback.origin || url.pathname !== callback.pathname) {
    throw foreignAnswer(ctx, `it went to ${url.origin}, not to the callback URL`);
  }
  // The code flow answers in the query (a fragment is the implicit flow's, never asked for).
  const params = url.searchParams;
  const state = params.get('state');
  const error = params.get('error');
  // An error changes nothing, so one without a state (not every error page echoes it) is told too.
  if (error && (state === null || state === expected.state)) {
    throw oauthFailure(error, params.get('error_description') ?? '', ctx);
  }
  if (state !== expected.state) throw foreignAnswer(ctx, 'another state');
  const code = params.get('code');
  if (!code || code.length > 2_000) throw foreignAnswer(ctx, 'no authorization code');
  return code;
}
