import { describe, expect, it } from 'vitest';
import { challengeOf } from '@/lib/platforms/salesforce/oauth/pkce';
import {
  exchangeCode,
  refreshAccess,
  revokeToken,
} from '@/lib/platforms/salesforce/oauth/token-endpoint';
import { CALLBACK, CONSUMER_KEY, fakeOrg, HOST, JANE, ORG_ID } from './fake-org';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

async function codeFor(org: ReturnType<typeof fakeOrg>) {
  const code = 'aPrxCode1';
  org.state.codes.set(code, {
    challenge: await challengeOf(VERIFIER),
    redirect: CALLBACK,
    user: JANE,
  });
  return code;
}

const grant = (code: string, verifier = VERIFIER) => ({
  code,
  consumerKey: CONSUMER_KEY,
  redirectUrl: CALLBACK,
  verifier,
});

const answering = (status: number, body: unknown) =>
  (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
    })) as unknown as typeof fetch;

describe('the token endpoint', () => {
  it('exchanges the code with the verifier, form-encoded and without cookies', async () => {
    const org = fakeOrg();
    const answer = await exchangeCode(org.fetchFn, HOST, grant(await codeFor(org)));
    expect(answer).toMatchObject({
      ok: true,
      tokens: {
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        id: `https://login.salesforce.com/id/${ORG_ID}/${JANE.userId}`,
      },
    });
    const [call] = org.calls('/services/oauth2/token');
    expect(call?.method).toBe('POST');
    expect(call?.credentials).toBe('omit');
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'aPrxCode1',
      client_id: CONSUMER_KEY,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    });
  });

  it('is refused with invalid_grant when the verifier is not the one the challenge came from', async () => {
    const org = fakeOrg();
    const other = 'A'.repeat(43);
    expect(await exchangeCode(org.fetchFn, HOST, grant(await codeFor(org), other))).toEqual({
      ok: false,
      kind: 'refused',
      error: 'invalid_grant',
      description: 'invalid code verifier',
    });
  });

  it('refreshes the access token for the same user; a revoked refresh token is invalid_grant', async () => {
    const org = fakeOrg();
    const first = await exchangeCode(org.fetchFn, HOST, grant(await codeFor(org)));
    if (!first.ok || !first.tokens.refresh_token) throw new Error('no tokens');
    const refreshToken = first.tokens.refresh_token;
    const renewed = await refreshAccess(org.fetchFn, HOST, {
      refreshToken,
      consumerKey: CONSUMER_KEY,
    });
    expect(renewed).toMatchObject({ ok: true, tokens: { id: first.tokens.id } });
    if (renewed.ok) expect(renewed.tokens.access_token).not.toBe(first.tokens.access_token);
    org.revokeAll();
    expect(
      await refreshAccess(org.fetchFn, HOST, { refreshToken, consumerKey: CONSUMER_KEY }),
    ).toMatchObject({ ok: false, kind: 'refused', error: 'invalid_grant' });
  });

  it('revokes a token, and counts one Salesforce no longer knows as revoked', async () => {
    const org = fakeOrg();
    const first = await exchangeCode(org.fetchFn, HOST, grant(await codeFor(org)));
    if (!first.ok || !first.tokens.refresh_token) throw new Error('no tokens');
    expect(await revokeToken(org.fetchFn, HOST, first.tokens.refresh_token)).toBe(true);
    expect(org.calls('/services/oauth2/revoke')[0]?.body).toBe(
      `token=${first.tokens.refresh_token}`,
    );
    expect(await revokeToken(org.fetchFn, HOST, 'unknown')).toBe(true);
    expect(await revokeToken(answering(503, ''), HOST, 'x')).toBe(false);
  });

  it('tells a server error or no answer (try later) from a refusal', async () => {
    expect(
      await refreshAccess(answering(503, 'down'), HOST, { refreshToken: 'r', consumerKey: 'k' }),
    ).toEqual({
      ok: false,
      kind: 'unavailable',
      detail: 'HTTP 503',
    });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await refreshAccess(down, HOST, { refreshToken: 'r', consumerKey: 'k' })).toEqual({
      ok: false,
      kind: 'unavailable',
      detail: 'network',
    });
  });

  it('refuses a success that is not a token answer, naming the keys but never the values', async () => {
    const answer = await exchangeCode(
      answering(200, { access_token: 'SECRET-TOKEN', token_type: 'MAC' }),
      HOST,
      grant('c'),
    );
    expect(answer).toMatchObject({ ok: false, kind: 'unreadable' });
    if (!answer.ok && answer.kind === 'unreadable') {
      expect(answer.detail).toMatch(/id/);
      expect(answer.detail).not.toMatch(/SECRET-TOKEN/);
    }
  });
});
