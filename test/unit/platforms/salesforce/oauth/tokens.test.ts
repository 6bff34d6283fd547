import { describe, expect, it } from 'vitest';
import { platformClients } from '@/lib/background/clients';
import { credentialHandlers } from '@/lib/background/credentials';
import {
  oauthSecretName,
  type StoredToken,
  tokenStore,
} from '@/lib/platforms/salesforce/oauth/tokens';
import { openHandoffDb } from '@/lib/store/db';
import { secretsRepo } from '@/lib/store/secrets';
import { JANE, ORG_ID } from './fake-org';

let n = 0;
const fresh = async () => secretsRepo(await openHandoffDb(`tokens-${++n}-${Date.now()}`));

const TOKEN: StoredToken = {
  accessToken: '00Daccess-SECRET',
  refreshToken: '5Aeprefresh-SECRET',
  identityUrl: `https://login.salesforce.com/id/${ORG_ID}/${JANE.userId}`,
  orgId: ORG_ID,
  userId: JANE.userId,
  name: JANE.name,
  username: JANE.username,
  consumerKey: '3MVG9consumer.key.of.acme_0123456789',
  issuedAt: 1_700_000_000_000,
  savedAt: 1_700_000_000_500,
};

describe('the kept token', () => {
  it('lives in the secrets store under salesforce:<org>:oauth as JSON, and reads back', async () => {
    const secrets = await fresh();
    const tokens = tokenStore(secrets, () => 42);
    await tokens.save('Acme', TOKEN);
    expect(oauthSecretName('Acme')).toBe('salesforce:acme:oauth');
    expect(JSON.parse((await secrets.reveal('salesforce:acme:oauth')) ?? '')).toEqual(TOKEN);
    expect(await tokens.get('acme')).toEqual(TOKEN);
    expect(await tokens.orgs()).toEqual(['acme']);
    await tokens.remove('acme');
    expect(await tokens.get('acme')).toBeNull();
    expect(await tokens.orgs()).toEqual([]);
  });

  it('is no token when its row does not parse (not JSON, another shape, an id that is not one)', async () => {
    const secrets = await fresh();
    const tokens = tokenStore(secrets);
    for (const value of [
      'not json',
      '{"accessToken":"x"}',
      JSON.stringify({ ...TOKEN, userId: 'x' }),
    ]) {
      await secrets.save('salesforce:acme:oauth', value);
      expect(await tokens.get('acme'), value).toBeNull();
    }
  });

  it('refuses to save a record that is not a token record', async () => {
    const tokens = tokenStore(await fresh());
    await expect(tokens.save('acme', { ...TOKEN, orgId: JANE.userId })).rejects.toThrow();
  });

  it('is never listed with the API keys a face may see (credentials:list)', async () => {
    const secrets = await fresh();
    await tokenStore(secrets).save('acme', TOKEN);
    await secrets.save('kustomer:acme:api-key', 'kapi_0123456789abcdefWXYZ');
    const clients = platformClients({
      cookies: { get: async () => null, getAll: async () => [] },
      secrets,
      settings: async () => {
        throw new Error('not read');
      },
    });
    const listed = await credentialHandlers({ secrets, clientFor: clients.clientFor })[
      'credentials:list'
    ]({ type: 'credentials:list' }, {});
    expect(listed).toEqual([
      { platform: 'kustomer', org: 'acme', last4: 'WXYZ', savedAt: expect.any(Number) },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/SECRET|oauth/);
  });
});
