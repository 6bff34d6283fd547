/**
 * The checks an API key passes before the popup or the options page sends it: the protocol's own
 * schema, so the admin reads the background's words before a round trip. Part of the API key
 * section's code (./ApiKeyAccess.tsx), loaded with it (it brings zod). What an org looks like is
 * the platform's (`ApiKeyAuth`, in its descriptor).
 */
import { Request } from '../../lib/messaging/protocol';
import type { ApiKeyAuth, PlatformDescriptor } from '../../lib/platforms/platform-descriptor';
import type { CredentialErrors } from './credentials';

/** The platform's API key rules; throws for a platform that writes as the agent only. */
export function apiKeyAuth(platform: PlatformDescriptor): ApiKeyAuth {
  if (platform.auth.kind !== 'api-key') throw new Error(`${platform.name} takes no API key.`);
  return platform.auth;
}

/**
 * The org from what the admin typed or pasted: for Kustomer, `acme`, `ACME`, `acme.kustomerapp.com`
 * or a whole `https://acme.kustomerapp.com/app/…` address all give `acme`. Anything else is kept
 * (trimmed, lower case) for the schema to judge.
 */
export function orgFromInput(platform: PlatformDescriptor, text: string): string {
  return apiKeyAuth(platform).orgFromInput(text);
}

export type CredentialCheck =
  | { ok: true; org: string; apiKey: string }
  | { ok: false; errors: CredentialErrors };

/** The same checks the background makes (the platform's org rule, key length), before anything is sent. */
export function checkCredential(
  platform: PlatformDescriptor,
  orgText: string,
  apiKey: string,
): CredentialCheck {
  const org = orgFromInput(platform, orgText);
  const parsed = Request.safeParse({
    type: 'credentials:set',
    platform: platform.id,
    org,
    apiKey,
  });
  const errors: CredentialErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path[0] === 'org' || issue.path[0] === 'apiKey' ? issue.path[0] : 'form';
    errors[key] ??= issue.message;
  }
  // Nothing typed at all deserves plainer words than the pattern's.
  if (org === '') errors.org = apiKeyAuth(platform).orgMissing;
  if (apiKey.trim() === '') errors.apiKey = 'paste the API key';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  const data = parsed.data;
  if (data.type !== 'credentials:set' || data.apiKey === null) {
    return { ok: false, errors: { form: 'this request cannot store a key' } };
  }
  return { ok: true, org: data.org, apiKey: data.apiKey };
}
