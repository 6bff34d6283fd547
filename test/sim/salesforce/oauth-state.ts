/**
 * The OAuth state of one simulated org: its External Client App, the users who approved it, the
 * authorization codes, refresh tokens and access tokens it issued, and counters for tests. No HTTP
 * here (oauth.ts serves the endpoints); token values never leave this module except to the client
 * they are issued to.
 *
 * Sources (platform-facts "OAuth for orgs that refuse cookie sessions"; test/sim/README.md "OAuth"):
 * the error codes and wordings below are Salesforce's where a source shows them, else marked.
 */
import { createHash, randomBytes } from 'node:crypto';

export type ConsentMode = 'ask' | 'pre-approved';

export interface OAuthApp {
  /** Shown on the consent page ("Allow Access?"). */
  name: string;
  consumerKey: string;
  /** Compared with `redirect_uri` as an exact string. */
  callbackUrl: string;
  /** 'ask': each user approves once on the consent page; 'pre-approved': admin-approved users. */
  consent: ConsentMode;
  /** "Require Proof Key for Code Exchange (PKCE)": authorize without an S256 challenge fails. */
  pkceRequired: boolean;
}

/** An OAuth error body, exactly `{error, error_description}`. */
export interface OAuthError {
  error: string;
  error_description: string;
}

const err = (error: string, error_description: string): OAuthError => ({
  error,
  error_description,
});

export const oauthErrors = {
  invalidClientId: () => err('invalid_client_id', 'client identifier invalid'),
  redirectMismatch: () => err('redirect_uri_mismatch', 'redirect_uri must match configuration'),
  invalidCode: () => err('invalid_grant', 'invalid authorization code'),
  /** A used or stale code (wording seen in public reports of real orgs). */
  expiredCode: () => err('invalid_grant', 'expired authorization code'),
  /**
   * A wrong verifier (StackExchange 330168 shows this body from a real org). A missing one: the
   * REST API guide says invalid_grant; the description is UNVERIFIED (the sim reuses this one).
   */
  invalidVerifier: () => err('invalid_grant', 'invalid code verifier'),
  expiredToken: () => err('invalid_grant', 'expired access/refresh token'),
  unsupportedGrant: () => err('unsupported_grant_type', 'grant type not supported'),
  mustPost: () => err('invalid_request', 'must use HTTP POST'),
  /** Authorize, app requires PKCE, no challenge (HappySoup.io issue 252 shows it from a real org). */
  missingChallenge: () => err('invalid_request', 'missing required code challenge'),
  /** UNVERIFIED wording: Salesforce documents only S256 challenges. */
  badChallengeMethod: () => err('invalid_request', 'invalid code challenge method'),
  unsupportedResponseType: () => err('unsupported_response_type', 'response type not supported'),
  accessDenied: () => err('access_denied', 'end-user denied authorization'),
  /** Revoke of an unknown token: Mobile SDK guide "Revoking OAuth Tokens" (400 invalid_token). */
  invalidToken: () => err('invalid_token', 'Token was invalid'),
};

/** Salesforce documents authorization codes as valid for 15 minutes, one use. */
export const CODE_LIFETIME_MS = 15 * 60 * 1000;

/** What an authorize request asks for, once its user is known. */
export interface AuthorizeRequest {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  /** The S256 `code_challenge`, or null when none was sent. */
  challenge: string | null;
  /** `state`, returned to the client unchanged (null when none was sent). */
  state: string | null;
}

/** A grant the token endpoint answers with (the HTTP layer adds instance_url, id, signature). */
export interface IssuedTokens {
  userId: string;
  accessToken: string;
  /** Only on the authorization_code grant, when the scope asks for one. */
  refreshToken?: string;
  scope: string;
  issuedAt: number;
}

type Grant = 'authorization_code' | 'refresh_token';

interface CodeRecord extends AuthorizeRequest {
  issuedAt: number;
  used: boolean;
}
interface RefreshRecord {
  userId: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}
interface AccessRecord {
  userId: string;
  clientId: string;
  scope: string;
  grant: Grant;
  refreshToken: string | null;
  issuedAt: number;
  expired: boolean;
  revoked: boolean;
}

/** URL-safe random characters. */
function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** RFC 7636: base64url(SHA-256(ASCII(verifier))), no padding. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether `verifier` answers `challenge` (S256). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return VERIFIER.test(verifier) && s256(verifier) === challenge;
}

const scopeWants = (scope: string, name: string) => scope.split(/\s+/).includes(name);

export class OrgOAuth {
  app: OAuthApp | null = null;
  private approvals = new Set<string>();
  private codes = new Map<string, CodeRecord>();
  private pending = new Map<string, AuthorizeRequest & { at: number }>();
  private refreshTokens = new Map<string, RefreshRecord>();
  private accessTokens = new Map<string, AccessRecord>();
  private counts = this.zeroCounts();

  constructor(
    private readonly orgId15: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private zeroCounts() {
    return {
      codesIssued: 0,
      codesRedeemed: 0,
      accessTokensIssued: 0,
      refreshTokensIssued: 0,
      refreshes: 0,
      refusedRefreshes: 0,
      revocations: 0,
    };
  }

  /** Back to no app and no tokens (sim reset). */
  clear(): void {
    this.app = null;
    this.approvals.clear();
    this.codes.clear();
    this.pending.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.counts = this.zeroCounts();
  }

  /** Registers (or replaces) the org's app; users approve a replaced app again. */
  register(app: OAuthApp): void {
    this.app = { ...app };
    this.approvals.clear();
  }

  approved(userId: string): boolean {
    return this.app?.consent === 'pre-approved' || this.approvals.has(userId);
  }

  /** Keeps an authorize request while its user looks at the consent page; answers its id. */
  holdForConsent(request: AuthorizeRequest): string {
    const id = random(18);
    this.pending.set(id, { ...request, at: this.now() });
    return id;
  }

  /** The held request (still held: the page may be shown again), unless stale. */
  pendingConsent(id: string): AuthorizeRequest | undefined {
    const held = this.pending.get(id);
    if (!held || this.now() - held.at > CODE_LIFETIME_MS) return undefined;
    return held;
  }

  /** The user decided: the request is gone; Allow also approves the app for the user. */
  decide(id: string, allow: boolean): AuthorizeRequest | undefined {
    const held = this.pendingConsent(id);
    this.pending.delete(id);
    if (held && allow) this.approvals.add(held.userId);
    return held;
  }

  issueCode(request: AuthorizeRequest): string {
    const code = `aPrx${random(48)}`;
    this.codes.set(code, { ...request, issuedAt: this.now(), used: false });
    this.counts.codesIssued += 1;
    return code;
  }

  /** The authorization_code grant: checks in Salesforce's documented order of concerns. */
  redeemCode(input: {
    code: string;
    clientId: string;
    redirectUri: string;
    verifier: string | null;
  }): IssuedTokens | OAuthError {
    if (!this.app || input.clientId !== this.app.consumerKey) return oauthErrors.invalidClientId();
    const record = this.codes.get(input.code);
    if (!record || record.clientId !== input.clientId) return oauthErrors.invalidCode();
    if (record.used || this.now() - record.issuedAt > CODE_LIFETIME_MS)
      return oauthErrors.expiredCode();
    if (input.redirectUri !== record.redirectUri) return oauthErrors.redirectMismatch();
    if (record.challenge !== null) {
      if (input.verifier === null || !verifierMatches(input.verifier, record.challenge))
        return oauthErrors.invalidVerifier();
    } else if (input.verifier !== null) {
      // UNVERIFIED: a verifier for a code issued without a challenge can match nothing.
      return oauthErrors.invalidVerifier();
    }
    record.used = true;
    this.counts.codesRedeemed += 1;
    const refreshToken = scopeWants(record.scope, 'refresh_token')
      ? this.newRefreshToken(record)
      : undefined;
    return this.newAccessToken(record, 'authorization_code', refreshToken ?? null);
  }

  /** The refresh_token grant: a new access token; the refresh token stays the same. */
  refresh(input: { refreshToken: string; clientId: string }): IssuedTokens | OAuthError {
    if (!this.app || input.clientId !== this.app.consumerKey) {
      this.counts.refusedRefreshes += 1;
      return oauthErrors.invalidClientId();
    }
    const record = this.refreshTokens.get(input.refreshToken);
    if (!record || record.revoked || record.clientId !== input.clientId) {
      this.counts.refusedRefreshes += 1;
      return oauthErrors.expiredToken();
    }
    this.counts.refreshes += 1;
    const issued = this.newAccessToken(record, 'refresh_token', input.refreshToken);
    delete issued.refreshToken;
    return issued;
  }

  /**
   * Revokes a refresh token with its access tokens, or one access token. False for a token the
   * org never issued or already revoked.
   */
  revoke(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (refresh && !refresh.revoked) {
      this.revokeRefresh(token, refresh);
      this.counts.revocations += 1;
      return true;
    }
    const access = this.accessTokens.get(token);
    if (access && !access.revoked) {
      access.revoked = true;
      this.counts.revocations += 1;
      return true;
    }
    return false;
  }

  /** The user of a usable access token: issued to the current app, not expired nor revoked. */
  accessTokenUser(token: string): string | undefined {
    const record = this.accessTokens.get(token);
    if (!record || record.expired || record.revoked) return undefined;
    if (record.clientId !== this.app?.consumerKey) return undefined;
    return record.userId;
  }

  /** Every access token answers 401 from now on; refresh tokens still work. */
  expireAccessTokens(): number {
    let n = 0;
    for (const record of this.accessTokens.values()) {
      if (!record.expired && !record.revoked) n += 1;
      record.expired = true;
    }
    return n;
  }

  /** Every refresh token, and the access tokens issued through it, is revoked. */
  revokeRefreshTokens(): number {
    let n = 0;
    for (const [token, record] of this.refreshTokens) {
      if (record.revoked) continue;
      this.revokeRefresh(token, record);
      n += 1;
    }
    return n;
  }

  /** For tests (the control API): what was issued to whom, without a single token value. */
  summary() {
    return {
      app: this.app ? { ...this.app } : null,
      approvedUsers: [...this.approvals],
      counts: { ...this.counts },
      accessTokens: [...this.accessTokens.values()].map((r) => ({
        userId: r.userId,
        grant: r.grant,
        scope: r.scope,
        refreshable: r.refreshToken !== null,
        usable: this.usable(r),
        expired: r.expired,
        revoked: r.revoked,
      })),
      refreshTokens: [...this.refreshTokens.values()].map((r) => ({
        userId: r.userId,
        scope: r.scope,
        revoked: r.revoked,
      })),
    };
  }

  private usable(record: AccessRecord): boolean {
    return !record.expired && !record.revoked && record.clientId === this.app?.consumerKey;
  }

  private revokeRefresh(token: string, record: RefreshRecord): void {
    record.revoked = true;
    for (const access of this.accessTokens.values())
      if (access.refreshToken === token) access.revoked = true;
  }

  private newRefreshToken(from: { userId: string; clientId: string; scope: string }): string {
    const token = `5Aep861${random(60)}`;
    this.refreshTokens.set(token, { ...from, revoked: false });
    this.counts.refreshTokensIssued += 1;
    return token;
  }

  private newAccessToken(
    from: { userId: string; clientId: string; scope: string },
    grant: Grant,
    refreshToken: string | null,
  ): IssuedTokens {
    // Salesforce access tokens are session ids: the 15-character org id, "!", a secret.
    const token = `${this.orgId15}!AQ${random(72)}`;
    const issuedAt = this.now();
    this.accessTokens.set(token, {
      userId: from.userId,
      clientId: from.clientId,
      scope: from.scope,
      grant,
      refreshToken,
      issuedAt,
      expired: false,
      revoked: false,
    });
    this.counts.accessTokensIssued += 1;
    return {
      userId: from.userId,
      accessToken: token,
      ...(refreshToken !== null ? { refreshToken } : {}),
      scope: from.scope,
      issuedAt,
    };
  }
}
