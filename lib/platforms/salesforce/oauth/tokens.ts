/**
 * An org's OAuth token as the background keeps it: one row of the `secrets` store
 * (lib/store/secrets.ts) named `salesforce:<org>:oauth`, whose value is this record's JSON text.
 * Only the background reads it; what leaves the background is `SignInStatus` (who, since when),
 * never a token. A row that no longer parses is treated as no token (and the agent connects again).
 */
import { z } from 'zod';
import type { SecretsRepo } from '../../../store/secrets';
import { strictId18 } from './identity';

const PREFIX = 'salesforce:';
const SUFFIX = ':oauth';

/** The secrets-store name of an org's token. */
export const oauthSecretName = (org: string) => `${PREFIX}${org.toLowerCase()}${SUFFIX}`;

const Id18 = (prefix: string) =>
  z.string().refine((id) => strictId18(id, prefix) === id, `an 18-character ${prefix} id`);

export const StoredToken = z.strictObject({
  accessToken: z.string().min(1).max(4_096),
  /** Absent when the app did not grant `refresh_token`: a 401 then needs a new sign-in. */
  refreshToken: z.string().min(1).max(4_096).optional(),
  /** The token's identity URL, as Salesforce gave it. */
  identityUrl: z.string().max(500),
  /** Parsed from the identity URL (./identity.ts). */
  orgId: Id18('00D'),
  userId: Id18('005'),
  /** The user's display name (userinfo), or the user id when Salesforce gave none. */
  name: z.string().min(1).max(200),
  username: z.string().max(200).optional(),
  /** The consumer key the token was issued to: a token of another key than the settings' is not used. */
  consumerKey: z.string().min(1).max(255),
  /** When Salesforce issued the access token (its `issued_at`), epoch ms. */
  issuedAt: z.number().int().nonnegative(),
  /** When the agent connected (kept across refreshes). */
  savedAt: z.number().int().nonnegative(),
});
export type StoredToken = z.infer<typeof StoredToken>;

export type TokenSecrets = Pick<SecretsRepo, 'reveal' | 'save' | 'remove' | 'hints'>;

export function tokenStore(secrets: TokenSecrets, now: () => number = Date.now) {
  return {
    async get(org: string): Promise<StoredToken | null> {
      const text = await secrets.reveal(oauthSecretName(org));
      if (text === undefined) return null;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return null;
      }
      const parsed = StoredToken.safeParse(json);
      return parsed.success ? parsed.data : null;
    },
    async save(org: string, token: StoredToken): Promise<void> {
      await secrets.save(oauthSecretName(org), JSON.stringify(StoredToken.parse(token)), now());
    },
    async remove(org: string): Promise<void> {
      await secrets.remove(oauthSecretName(org));
    },
    /** The orgs with a stored token (a row that does not parse included: it is removed like the others). */
    async orgs(): Promise<string[]> {
      const hints = await secrets.hints(PREFIX);
      return hints.flatMap(({ key }) =>
        key.endsWith(SUFFIX) ? [key.slice(PREFIX.length, -SUFFIX.length)] : [],
      );
    },
  };
}
export type TokenStore = ReturnType<typeof tokenStore>;
