/**
 * "Test a token" (the options page's Settings section): what the real verifier
 * (lib/context/signed-context.ts) makes of a bot's message against the trust settings an admin is
 * editing, saved or not — the same parser finds the token, the same checks run, so "verified" here
 * means the console would accept it too. Two checks need a console and are left out: the
 * conversation the token names (`conv`) and whether its one-time id (`jti`) was used before.
 */
import { parseContext } from '../context/parse';
import { type VerifyFailure, verifySignedContext } from '../context/signed-context';
import { checkSettings, SETTINGS_FORMAT, type SettingsProblem, type TrustSettings } from './schema';

export type TokenTest =
  | {
      verified: true;
      iss: string;
      aud: string[];
      /** The `kid` of the trusted key that verified it, when the key has one. */
      kid?: string;
      /** NumericDate (seconds since the epoch). */
      exp: number;
      conv?: string;
      /** The context's keys (its values stay out of the options page's answer). */
      keys: string[];
    }
  | {
      verified: false;
      /** `no-token`: no signed context in the text; `settings`: the trust being edited is invalid. */
      reason: VerifyFailure | 'no-token' | 'settings';
      message: string;
      /** With `settings`: each problem of the trust being edited, path-named. */
      problems?: SettingsProblem[];
    };

/** A token pasted on its own (not in a message): three base64url parts. */
const BARE_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The trust an admin is editing (`trust` of the settings file, unsaved) checked, then the message. */
export async function testTokenAgainst(
  trust: unknown,
  message: string,
  now: number,
): Promise<TokenTest> {
  const checked = checkSettings({ format: SETTINGS_FORMAT, version: 1, trust });
  if (!checked.ok) {
    return {
      verified: false,
      reason: 'settings',
      message:
        'The trust settings being edited have problems, so no token can be checked against them: fix the fields marked, then test again.',
      problems: checked.problems,
    };
  }
  return testToken(message, checked.settings.trust, now);
}

export async function testToken(
  message: string,
  trust: TrustSettings,
  now: number,
): Promise<TokenTest> {
  const found = tokenIn(message);
  if (!found.ok) return { verified: false, reason: 'no-token', message: found.message };
  const result = await verifySignedContext(found.token, {
    trust,
    now,
    // Not known outside a console: a replay is judged there, by the handoffs this browser saw.
    seenJti: () => false,
  });
  if (!result.ok) return { verified: false, reason: result.reason, message: result.message };
  return {
    verified: true,
    iss: result.iss,
    aud: result.aud,
    ...(result.kid !== undefined ? { kid: result.kid } : {}),
    exp: result.exp,
    ...(result.conv !== undefined ? { conv: result.conv } : {}),
    keys: Object.keys(result.values),
  };
}

/** The signed token of a bot's message, found as a handoff finds it, or a token pasted alone. */
function tokenIn(message: string): { ok: true; token: string } | { ok: false; message: string } {
  const text = message.trim();
  if (text === '') {
    return { ok: false, message: "Paste the bot's message (or the token alone), then test it." };
  }
  const parsed = parseContext(message);
  if (!parsed.found) {
    if (BARE_TOKEN.test(text)) return { ok: true, token: text };
    return {
      ok: false,
      message:
        "No signed context was found in this text: a bot posts one on a line 'handoff-context: <token>' (three base64url parts separated by dots).",
    };
  }
  if (!parsed.ok) return { ok: false, message: parsed.error };
  if (parsed.form !== 'signed') {
    return {
      ok: false,
      message: `This message holds an unsigned context (${parsed.form === 'json' ? 'JSON' : 'Key: Value lines'}), which no key can verify: only a signed context is checked against the trusted issuers.`,
    };
  }
  return { ok: true, token: parsed.token };
}
