import type { ConnectResult, KnownAudience, SignInStatus } from '../../lib/messaging/protocol';
import type { PlatformId } from '../../lib/platforms/types';
import type { Settings } from '../../lib/settings/schema';
import type { TokenTest } from '../../lib/settings/token-test';
import type { CredentialsApi } from '../shared/credentials';

/**
 * What the Settings section needs from the background: the settings file (`settings:get`,
 * `settings:save`), "Test a token", the audiences of the orgs seen, the API keys of the
 * "… access" part, and this browser's sign-ins. The entrypoint implements it with the typed
 * messages; tests pass a fake. Every method rejects with Error(message) when the background
 * refuses; the message is shown as is.
 */
export interface SettingsApi extends CredentialsApi, SignInApi {
  get(): Promise<Settings>;
  /** All or nothing: a refusal's message lists one path-named problem a line after its first. */
  save(settings: unknown): Promise<Settings>;
  /** The real verifier over a bot's message, against `trust` as edited (not saved). */
  testToken(trust: unknown, message: string): Promise<TokenTest>;
  knownAudiences(): Promise<KnownAudience[]>;
}

/**
 * This browser's sign-ins to orgs that refuse its session (Salesforce OAuth): they act at once,
 * outside the settings' Save. Tokens never come here: only who is signed in, and since when.
 */
export interface SignInApi {
  /** `auth:status`: the callback URL to copy, and each org with a consumer key saved. */
  signInStatus(): Promise<SignInStatus>;
  /** `auth:connect`: opens the org's sign-in window; its end, or why not (with the fix). */
  connect(platform: PlatformId, org: string): Promise<ConnectResult>;
  /** `auth:sign-out`: revokes the org's token and forgets it; the status after. */
  signOut(platform: PlatformId, org: string): Promise<SignInStatus>;
}
