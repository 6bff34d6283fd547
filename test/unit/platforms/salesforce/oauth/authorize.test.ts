import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeFromCallback,
  errorPageAnswer,
  probeAuthorize,
} from '@/lib/platforms/salesforce/oauth/authorize';
import { CALLBACK, CONSUMER_KEY, fakeOrg, HOST, ORG } from './fake-org';

const ctx = { org: ORG, callbackUrl: CALLBACK, host: HOST };
const request = {
  host: HOST,
  consumerKey: CONSUMER_KEY,
  redirectUrl: CALLBACK,
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  state: 'st4te',
};

describe('the authorize URL', () => {
  it('asks My Domain for a code with the S256 challenge, the state and the scopes', () => {
    const url = new URL(authorizeUrl(request));
    expect(`${url.origin}${url.pathname}`).toBe(`https://${HOST}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CONSUMER_KEY,
      redirect_uri: CALLBACK,
      code_challenge: request.challenge,
      code_challenge_method: 'S256',
      state: 'st4te',
      scope: 'api refresh_token',
    });
  });
});

describe('the probe before the window opens', () => {
  it('says plainly how to fix a callback URL the app does not list (redirect_uri_mismatch)', async () => {
    const org = fakeOrg();
    org.state.appCallback = 'https://wrong.chromiumapp.org/';
    const error = await probeAuthorize(org.fetchFn, authorizeUrl(request), ctx).catch((e) => e);
    expect(error).toMatchObject({ code: 'connect-failed' });
    expect(error.message).toBe(
      `Salesforce refused the callback URL (redirect_uri_mismatch). In Setup → External Client App Manager → <app> → OAuth Settings, set the Callback URL to exactly ${CALLBACK}, save, wait a few minutes, then press Connect again.`,
    );
    expect(error.detail).toBe('redirect_uri_mismatch: redirect_uri must match configuration');
    // Without cookies, following redirects: nobody's session goes with it.
    expect(org.calls('/services/oauth2/authorize')[0]?.credentials).toBe('omit');
  });

  it('says the consumer key matches no app of the org (invalid_client_id)', async () => {
    const org = fakeOrg();
    org.state.appKey = '3MVG9another.key_of.another.app_000';
    await expect(probeAuthorize(org.fetchFn, authorizeUrl(request), ctx)).rejects.toMatchObject({
      code: 'connect-failed',
      message: expect.stringMatching(
        /consumer key in Handoff Fields' Settings → Salesforce sign-in does not match an External Client App of acme \(invalid_client_id\)/,
      ),
    });
  });

  it('finds nothing wrong when the authorize request ends at the login page', async () => {
    await expect(
      probeAuthorize(fakeOrg().fetchFn, authorizeUrl(request), ctx),
    ).resolves.toBeUndefined();
  });

  it('decides nothing when it cannot be sent (the window then shows what Salesforce says)', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(probeAuthorize(down, authorizeUrl(request), ctx)).resolves.toBeUndefined();
  });

  it("reads only Salesforce's own error page, not an address that merely looks like it", () => {
    const path = '/setup/secur/RemoteAccessErrorPage.apexp?error=redirect_uri_mismatch';
    expect(errorPageAnswer(`https://${HOST}${path}`, HOST)).toEqual({
      error: 'redirect_uri_mismatch',
      description: '',
    });
    expect(errorPageAnswer(`https://evil.example${path}`, HOST)).toBeNull();
    expect(errorPageAnswer(`http://${HOST}${path}`, HOST)).toBeNull();
    expect(errorPageAnswer(`https://${HOST}/other?error=x`, HOST)).toBeNull();
  });
});

describe("the window's answer", () => {
  const expected = { state: 'st4te', redirectUrl: CALLBACK };

  it('gives the code of an answer with this sign-in state', () => {
    expect(codeFromCallback(`${CALLBACK}?code=aPrx123&state=st4te`, expected, ctx)).toBe('aPrx123');
  });

  it('refuses an answer with another state, or none (a sign-in this browser did not ask for)', () => {
    for (const address of [`${CALLBACK}?code=aPrx1&state=other`, `${CALLBACK}?code=aPrx1`]) {
      expect(() => codeFromCallback(address, expected, ctx)).toThrow(
        /did not belong to this sign-in.*Nothing was changed/,
      );
    }
  });

  it('refuses an answer sent anywhere but the callback URL', () => {
    expect(() =>
      codeFromCallback('https://evil.example/?code=aPrx1&state=st4te', expected, ctx),
    ).toThrow(/did not belong to this sign-in/);
  });

  it('says nothing was changed and to press Connect again when the user denied access', () => {
    const denied = `${CALLBACK}?error=access_denied&error_description=end-user+denied+authorization&state=st4te`;
    expect(() => codeFromCallback(denied, expected, ctx)).toThrow(
      /You did not allow Handoff Fields.*Nothing was changed\. .*press Connect again/,
    );
  });

  it('refuses an answer without a code', () => {
    expect(() => codeFromCallback(`${CALLBACK}?state=st4te`, expected, ctx)).toThrow(
      /no authorization code/,
    );
  });
});
