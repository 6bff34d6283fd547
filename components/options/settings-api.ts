import type { KnownAudience } from '../../lib/messaging/protocol';
import type { Settings } from '../../lib/settings/schema';
import type { TokenTest } from '../../lib/settings/token-test';
import type { CredentialsApi } from '../shared/credentials';

/**
 * What the Settings section needs from the background: the settings file (`settings:get`,
 * `settings:save`), "Test a token", the audiences of the orgs seen, and the API keys of the
 * "… access" part. The entrypoint implements it with the typed messages; tests pass a fake. Every
 * method rejects with Error(message) when the background refuses; the message is shown as is.
 */
export interface SettingsApi extends CredentialsApi {
  get(): Promise<Settings>;
  /** All or nothing: a refusal's message lists one path-named problem a line after its first. */
  save(settings: unknown): Promise<Settings>;
  /** The real verifier over a bot's message, against `trust` as edited (not saved). */
  testToken(trust: unknown, message: string): Promise<TokenTest>;
  knownAudiences(): Promise<KnownAudience[]>;
}
