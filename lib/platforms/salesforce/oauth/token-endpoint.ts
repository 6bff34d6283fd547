/**
 * Salesforce's token and revoke endpoints on the org's My Domain (platform-facts, "OAuth for orgs
 * that refuse cookie sessions"): the code exchange with the PKCE verifier, the refresh, and the
 * revocation. Form-encoded requests without cookies; every answer is checked with zod before it is
 * used. Tokens are never logged, and never put into an error's words.
 */
import { z } from 'zod';
import { jsonBody } from '../../json';
import { failedRequestKind, requestTimeout } from '../../request-timeout';

/** What the token endpoint answers on success (Salesforce adds keys we do not use: they are dropped). */
export const TokenResponse = z.object({
  access_token: z.string().min(1).max(4_096),
  /** Only with the `refresh_token` scope, and not in a refresh's answer (unless the app rotates them). */
  refresh_token: z.string().min(1).max(4_096).optional(),
  /** The identity URL: `https://login.salesforce.com/id/<orgId>/<userId>`. */
  id: z.string().min(1).max(500),
  /** Milliseconds since the epoch, as text. */
  issued_at: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  token_type: z
    .string()
    .regex(/^bearer$/i)
    .optional(),
  scope: z.string().max(1_000).optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** An OAuth error body: `{error, error_description}` (400, or 401 for a bad client). */
const OAuthError = z.object({
  error: z.string().min(1).max(100),
  error_description: z.string().max(1_000).optional(),
});

export type TokenAnswer =
  | { ok: true; tokens: TokenResponse }
  /** Salesforce refused (an OAuth error): `invalid_grant` for a used, expired or revoked grant. */
  | { ok: false; kind: 'refused'; error: string; description: string }
  /** No answer, or a server error: trying later may work. */
  | { ok: false; kind: 'unavailable'; detail: string }
  /** An answer that is not what Salesforce documents. */
  | { ok: false; kind: 'unreadable'; detail: string };

type Fetch = typeof fetch;

/** `grant_type=authorization_code` with the verifier the challenge was made from. */
export function exchangeCode(
  fetchFn: Fetch,
  host: string,
  grant: { code: string; consumerKey: string; redirectUrl: string; verifier: string },
): Promise<TokenAnswer> {
  return requestTokens(fetchFn, host, {
    grant_type: 'authorization_code',
    code: grant.code,
    client_id: grant.consumerKey,
    redirect_uri: grant.redirectUrl,
    code_verifier: grant.verifier,
  });
}

/** `grant_type=refresh_token`: a new access token for the same user. */
export function refreshAccess(
  fetchFn: Fetch,
  host: string,
  grant: { refreshToken: string; consumerKey: string },
): Promise<TokenAnswer> {
  return requestTokens(fetchFn, host, {
    grant_type: 'refresh_token',
    refresh_token: grant.refreshToken,
    client_id: grant.consumerKey,
  });
}

/**
 * Revokes a token (a refresh token takes its access tokens with it). True when Salesforce no longer
 * honours it: revoked now, or already unknown to it (400 `invalid_token`).
 */
export async function revokeToken(fetchFn: Fetch, host: string, token: string): Promise<boolean> {
  const answer = await postForm(fetchFn, host, '/services/oauth2/revoke', { token });
  if ('failed' in answer) return false;
  if (answer.status === 200) return true;
  const error = OAuthError.safeParse(answer.body);
  return answer.status === 400 && error.success && error.data.error === 'invalid_token';
}

async function requestTokens(
  fetchFn: Fetch,
  host: string,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const answer = await postForm(fetchFn, host, '/services/oauth2/token', form);
  if ('failed' in answer) return { ok: false, kind: 'unavailable', detail: answer.failed };
  if (answer.status === 200) {
    const tokens = TokenResponse.safeParse(answer.body);
    if (tokens.success) return { ok: true, tokens: tokens.data };
    // The issues name the keys that failed, never their values.
    const keys = tokens.error.issues.map((i) => i.path.join('.')).join(', ');
    return { ok: false, kind: 'unreadable', detail: `token answer without a valid ${keys}` };
  }
  const error = OAuthError.safeParse(answer.body);
  if (error.success && answer.status >= 400 && answer.status < 500) {
    const { error: code, error_description: description = '' } = error.data;
    return { ok: false, kind: 'refused', error: code, description };
  }
  return { ok: false, kind: 'unavailable', detail: `HTTP ${answer.status}` };
}

async function postForm(
  fetchFn: Fetch,
  host: string,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: unknown } | { failed: string }> {
  try {
    const res = await fetchFn(`https://${host}${path}`, {
      method: 'POST',
      credentials: 'omit',
      signal: requestTimeout(),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
    });
    const text = await res.text().catch(() => '');
    return { status: res.status, body: jsonBody(text) };
  } catch (error) {
    return { failed: failedRequestKind(error) };
  }
}
