/**
 * The checks a Kustomer API key passes before the popup sends it: the protocol's own schema, so the
 * admin reads the background's words before a round trip. Part of the "Kustomer access" section's
 * code, loaded with it (it brings zod).
 */
import { Request } from '../../lib/messaging/protocol';
import type { CredentialErrors } from './credentials';

/**
 * The org from what the admin typed or pasted: `acme`, `ACME`, `acme.kustomerapp.com` or a whole
 * `https://acme.kustomerapp.com/app/…` address all give `acme`. Anything else is kept (trimmed,
 * lower case) for the schema to judge.
 */
export function orgFromInput(text: string): string {
  const trimmed = text.trim();
  const host = /^(?:[a-z]+:\/\/)?([^/\s:?#]+)/i.exec(trimmed)?.[1] ?? trimmed;
  const org = /^([^.]+)\.(?:api\.)?kustomerapp\.com\.?$/i.exec(host)?.[1];
  return (org ?? trimmed).toLowerCase();
}

export type CredentialCheck =
  | { ok: true; org: string; apiKey: string }
  | { ok: false; errors: CredentialErrors };

/** The same checks the background makes (org pattern, key length), before anything is sent. */
export function checkCredential(orgText: string, apiKey: string): CredentialCheck {
  const org = orgFromInput(orgText);
  const parsed = Request.safeParse({ type: 'credentials:set', platform: 'kustomer', org, apiKey });
  const errors: CredentialErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path[0] === 'org' || issue.path[0] === 'apiKey' ? issue.path[0] : 'form';
    errors[key] ??= issue.message;
  }
  // Nothing typed at all deserves plainer words than the pattern's.
  if (org === '') errors.org = 'enter the org: acme for acme.kustomerapp.com';
  if (apiKey.trim() === '') errors.apiKey = 'paste the API key';
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  const data = parsed.data;
  if (data.type !== 'credentials:set' || data.apiKey === null) {
    return { ok: false, errors: { form: 'this request cannot store a key' } };
  }
  return { ok: true, org: data.org, apiKey: data.apiKey };
}
