/**
 * A platform's descriptor as the background uses it: the descriptor
 * (./platform-descriptor.ts) plus what only the background may run — its API client, built from the
 * browser's cookies, the stored API keys and `fetch`, and the reading of a catalog response an
 * admin saved. Each platform's `lib/platforms/<platform>/index.ts` exports one; ./registry.ts
 * lists them.
 */
import type { Settings } from '../settings/schema';
import type { SecretsRepo } from '../store/secrets';
import type { AuditPace } from './platform-audit';
import type { PlatformClient } from './platform-client';
import type { PlatformDescriptor } from './platform-descriptor';
import type { FieldSpec } from './types';

export interface Platform extends PlatformDescriptor {
  readonly catalog: CatalogFormat;
  /** The platform's API client; the background builds one per platform when it starts. */
  createClient(deps: ClientDeps): PlatformClient;
  /** Where the background keeps an org's API key (`auth.kind === 'api-key'` only). */
  readonly apiKeys?: ApiKeyStore;
  /** How hard an audit may press this platform's API (absent: one record at a time, unpaced). */
  readonly auditPace?: AuditPace;
  /**
   * The platform's own sign-in, for orgs that refuse the agent's session (Salesforce: OAuth with
   * PKCE). Absent: the platform writes as the signed-in agent, or with an admin's API key.
   */
  signIn?(deps: SignInDeps): PlatformSignIn;
}

/**
 * A platform's sign-in (lib/background/sign-in.ts answers `auth:connect`, `auth:status` and
 * `auth:sign-out` with it). Tokens stay inside: what comes out is who is signed in, and since when.
 */
export interface PlatformSignIn {
  /**
   * Runs the sign-in window for `org` and keeps the token: the user it acts as. Throws a
   * PlatformError whose message says the fix (`connect-failed`, `connect-not-set-up`, `wrong-user`).
   */
  connect(org: string): Promise<SignedInAs>;
  /** Each org set up for signing in, and who is signed in there (null: nobody, in this browser). */
  status(): Promise<OrgConnection[]>;
  /** Revokes the org's token at the platform, then forgets it. */
  signOut(org: string): Promise<void>;
  /**
   * The settings in force changed (saved, a policy applied) or the worker started: tokens the
   * settings no longer allow (another or no consumer key) are revoked and forgotten. Each token
   * remembers what it was issued for, so no "before" is needed, and a change made while the worker
   * was stopped is caught at its next start.
   */
  settingsChanged(settings: Settings): Promise<void>;
}

/** Who a token acts as (the protocol's `SignedInUser`). */
export interface SignedInAs {
  userId: string;
  /** Display name, or the username when the platform gives no name. */
  name: string;
  username?: string;
}

export interface OrgConnection {
  org: string;
  connected: (SignedInAs & { since: number }) | null;
}

/** `browser.identity`, the part a sign-in uses. */
export interface WebAuthFlow {
  /** Opens the platform's page in the browser's sign-in window; the address it was sent back to. */
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
  /** The callback URL the platform's app must list: `https://<extension-id>.chromiumapp.org/`. */
  getRedirectURL(): string;
}

/** What a platform's sign-in is built from: what its client is, plus the browser's sign-in window. */
export interface SignInDeps extends ClientDeps {
  identity: WebAuthFlow;
  now?(): number;
}

/** What a platform's client is built from. */
export interface ClientDeps {
  cookies: CookieJar;
  /**
   * The API keys admins entered and the OAuth tokens of sign-ins: read and renewed by the clients
   * and sign-ins only, never sent to a page.
   */
  secrets: Pick<SecretsRepo, 'reveal' | 'save' | 'remove' | 'hints'>;
  fetch?: typeof fetch;
  /** The saved settings, asked at each use: an admin may change them while the worker runs. */
  settings(): Promise<Settings>;
}

/** The part of `browser.cookies` the platforms use (HttpOnly cookies are returned to extensions). */
export interface CookieJar {
  get(details: { url: string; name: string }): Promise<{ value: string } | null | undefined>;
  getAll(details: {
    name: string;
    domain: string;
    secure?: boolean;
  }): Promise<{ name: string; value: string; domain: string }[]>;
}

/** A catalog response as an admin saved it (pasted on the options page, the CLI's `--catalog`). */
export interface CatalogFormat {
  /** What this platform's response is, for the message about a response nobody recognises. */
  readonly expected: string;
  /**
   * Null when the JSON is not this platform's at all; else its object and fields, or, for a
   * response of this platform that is not one object's catalog (an error body, a list of objects),
   * what it is and which request gives the right one.
   */
  read(json: unknown): CatalogRead | null;
}

export type CatalogRead = { object: string; fields: FieldSpec[] } | { error: string };

/** The names API keys are stored under in the `secrets` store. */
export interface ApiKeyStore {
  secretName(org: string): string;
  /** The org a stored secret's name belongs to, or null for a secret that is not this platform's key. */
  orgOf(secretName: string): string | null;
}
