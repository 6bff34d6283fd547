/**
 * The background's Settings requests beyond get and save (lib/background/settings.ts), through the
 * router as the options page sends them: "Test a token" with the real verifier against unsaved trust
 * settings, and the audiences of the orgs this browser has seen.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { backgroundHandlers } from '@/lib/background/services';
import { createRouter, type RequestOrigin } from '@/lib/messaging/router';
import { PRIVATE_KEY_MESSAGE } from '@/lib/settings/schema';
import { catalogsRepo } from '@/lib/store/catalogs';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { es256Key, sign, type TestKey } from '../context/test-signer';
import { CONVERSATION, entry } from '../journal/fixtures';

const NOW = Date.UTC(2026, 10, 21, 10, 0);
const NOW_S = NOW / 1000;
const ORG_ID_15 = '00D5g000004XyZa';
const ORG_ID_18 = '00D5g000004XyZaEAK';

let n = 0;
let db: Db;
let signedIn: boolean;
let key: TestKey;

beforeEach(async () => {
  db = await openHandoffDb(`settings-requests-${n++}`);
  signedIn = true;
  key ??= await es256Key('2026-11');
});

async function send<T>(message: unknown, from: RequestOrigin = 'extension-page'): Promise<T> {
  const cookies = {
    async get({ url }: { url: string }) {
      return signedIn && url === 'https://acme.lightning.force.com/'
        ? { value: `${ORG_ID_15}!lightning` }
        : null;
    },
    async getAll() {
      return [];
    },
  };
  const route = createRouter(backgroundHandlers({ db, cookies, now: () => NOW }));
  const reply = await route(message, from);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
}

const trust = (over: object = {}) => ({
  audiences: [ORG_ID_18],
  issuers: [{ iss: 'kore-bot', keys: [key.jwk] }],
  ...over,
});
const claims = (over: object = {}) => ({
  ver: 1,
  iss: 'kore-bot',
  aud: ORG_ID_18,
  iat: NOW_S - 60,
  exp: NOW_S + 600,
  jti: 'ctx-1',
  conv: '0Mw5g000000XyZa',
  ctx: { 'Account Number': 'AC-1', VIP: true },
  ...over,
});
const botMessage = async (over: object = {}) =>
  `Connecting you now.\nhandoff-context: ${await sign(key, claims(over))}`;
const testToken = (trustDraft: unknown, message: string) =>
  send<Record<string, unknown>>({ type: 'settings:test-token', trust: trustDraft, message });

describe('settings:test-token', () => {
  it('verifies a bot message against trust settings that were never saved, naming iss, aud, kid and expiry', async () => {
    expect(await testToken(trust(), await botMessage())).toEqual({
      verified: true,
      iss: 'kore-bot',
      aud: [ORG_ID_18],
      kid: '2026-11',
      exp: NOW_S + 600,
      conv: '0Mw5g000000XyZa',
      keys: ['Account Number', 'VIP'],
    });
    // Nothing was saved by testing: the stored trust is still the default.
    const stored = await send<{ trust: { issuers: unknown[] } }>({ type: 'settings:get' });
    expect(stored.trust.issuers).toEqual([]);
  });

  it('takes a token pasted alone too', async () => {
    const token = await sign(key, claims());
    expect(await testToken(trust(), `  ${token}\n`)).toMatchObject({ verified: true });
  });

  it('refuses with the verifier’s reason: another audience, an unknown key, an expired token', async () => {
    expect(await testToken(trust(), await botMessage({ aud: '00DOTHERORG' }))).toMatchObject({
      verified: false,
      reason: 'wrong-audience',
      message: expect.stringContaining("meant for '00DOTHERORG'"),
    });
    const other = await es256Key('2026-11');
    const forged = `handoff-context: ${await sign(other, claims())}`;
    expect(await testToken(trust(), forged)).toMatchObject({
      verified: false,
      reason: 'bad-signature',
    });
    expect(
      await testToken(trust(), await botMessage({ iat: NOW_S - 7200, exp: NOW_S - 3600 })),
    ).toMatchObject({ verified: false, reason: 'expired' });
    expect(await testToken(trust({ issuers: [] }), await botMessage())).toMatchObject({
      verified: false,
      reason: 'unknown-issuer',
    });
  });

  it('says when the text holds no signed context, or an unsigned one', async () => {
    expect(await testToken(trust(), 'Hello, how can I help?')).toMatchObject({
      verified: false,
      reason: 'no-token',
      message: expect.stringContaining("'handoff-context: <token>'"),
    });
    expect(await testToken(trust(), 'Handoff context\nAccount Number: AC-1')).toMatchObject({
      verified: false,
      reason: 'no-token',
      message: expect.stringContaining('unsigned context (Key: Value lines)'),
    });
    expect(await testToken(trust(), '   ')).toMatchObject({ reason: 'no-token' });
  });

  it('refuses to test against trust settings with a private key, naming the path', async () => {
    const result = await testToken(
      trust({ issuers: [{ iss: 'kore-bot', keys: [key.privateJwk] }] }),
      await botMessage(),
    );
    expect(result).toMatchObject({ verified: false, reason: 'settings' });
    expect(result.problems).toContainEqual({
      path: 'trust.issuers[0].keys[0].d',
      message: PRIVATE_KEY_MESSAGE,
    });
  });

  it('is refused to a console page', async () => {
    await expect(
      send({ type: 'settings:test-token', trust: trust(), message: 'x' }, 'content-script'),
    ).rejects.toThrow('A console page may not send "settings:test-token".');
    await expect(send({ type: 'settings:known-audiences' }, 'content-script')).rejects.toThrow(
      'may not send',
    );
  });
});

describe('settings:known-audiences', () => {
  it('offers the Salesforce org id of a catalog’s org and the Kustomer org name of the journal’s', async () => {
    await catalogsRepo(db).put({
      platform: 'salesforce',
      org: 'acme',
      object: 'Case',
      fields: [],
      fetchedAt: NOW,
    });
    const journal = journalRepo(db);
    await journal.add(entry({ record: CONVERSATION }));
    await journal.add(entry({ record: { ...CONVERSATION, org: 'initech', id: 'c2' } }));
    await journal.add(entry({ record: { ...CONVERSATION, id: 'c3' } }));
    expect(await send({ type: 'settings:known-audiences' })).toEqual([
      { platform: 'kustomer', org: 'acme', audience: 'acme' },
      { platform: 'kustomer', org: 'initech', audience: 'initech' },
      { platform: 'salesforce', org: 'acme', audience: ORG_ID_18 },
    ]);
  });

  it('lists a Salesforce org nobody is signed in to without an audience', async () => {
    signedIn = false;
    await journalRepo(db).add(entry());
    expect(await send({ type: 'settings:known-audiences' })).toEqual([
      { platform: 'salesforce', org: 'acme', audience: null },
    ]);
  });
});
