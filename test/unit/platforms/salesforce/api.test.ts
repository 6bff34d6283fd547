import { describe, expect, it } from 'vitest';
import { PlatformError } from '@/lib/platforms/platform-client';
import { salesforceClient } from '@/lib/platforms/salesforce/api';
import { type CookieReader, salesforceSessions } from '@/lib/platforms/salesforce/session';

const ORG_ID = '00D5g000004XyZa';
const CASE = {
  platform: 'salesforce' as const,
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};

/** A cookie jar like the browser's: the Lightning sid and the API sid live on different hosts. */
function jar(apiSid: string | null, lightningSid = `${ORG_ID}!lightning`) {
  const state = { apiSid };
  const cookies: CookieReader = {
    async get({ url }) {
      return url.includes('lightning.force.com') ? { value: lightningSid } : null;
    },
    async getAll() {
      const all = [
        { name: 'sid', value: `00D000000000OTH!other-org`, domain: 'other.my.salesforce.com' },
        { name: 'sid', value: lightningSid, domain: 'acme.lightning.force.com' },
      ];
      if (state.apiSid)
        all.push({ name: 'sid', value: state.apiSid, domain: 'acme.my.salesforce.com' });
      return all;
    },
  };
  return { cookies, state };
}

type Handler = (req: {
  url: string;
  method: string;
  auth: string;
  body?: string;
}) => [number, unknown];

function fakeFetch(handler: Handler) {
  const calls: {
    url: string;
    method: string;
    auth: string;
    body?: string;
    headers: Record<string, string>;
  }[] = [];
  const fn = (async (url: string, init: RequestInit = {}) => {
    const headers = init.headers as Record<string, string>;
    const req = {
      url,
      method: init.method ?? 'GET',
      auth: headers.Authorization ?? '',
      body: init.body as string | undefined,
      headers,
    };
    calls.push(req);
    const [status, body] = handler(req);
    return new Response(status === 204 ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const versions: [number, unknown] = [
  200,
  [{ version: '61.0' }, { version: '66.0' }, { version: '62.0' }],
];

describe('salesforce session', () => {
  it("picks the My Domain sid of the Lightning page's org", async () => {
    const { cookies } = jar(`${ORG_ID}!api`);
    expect(await salesforceSessions(cookies).get('acme')).toEqual({
      apiHost: 'acme.my.salesforce.com',
      sid: `${ORG_ID}!api`,
    });
  });

  it('says to sign in when there is no API session', async () => {
    const { cookies } = jar(null);
    await expect(salesforceSessions(cookies).get('acme')).rejects.toMatchObject({
      code: 'session-missing',
      message: expect.stringMatching(/Sign in to Salesforce/),
    });
  });
});

describe('salesforce client', () => {
  it('calls the My Domain host with the API session, the newest version and a client name', async () => {
    const { cookies } = jar(`${ORG_ID}!api`);
    const { fn, calls } = fakeFetch((r) =>
      r.url.endsWith('/services/data/') ? versions : [200, { Id: CASE.id, Subject: 'x' }],
    );
    const client = salesforceClient(salesforceSessions(cookies), fn);
    expect((await client.read(CASE, ['Subject'])).values).toMatchObject({ Subject: 'x' });
    expect(calls[1]?.url).toBe(
      'https://acme.my.salesforce.com/services/data/v66.0/sobjects/Case/5005g00000HfCa1AAF?fields=Id%2CSubject',
    );
    expect(calls[1]?.auth).toBe(`Bearer ${ORG_ID}!api`);
    expect(calls[1]?.headers['Sforce-Call-Options']).toBe('client=HandoffFields');
  });

  it('reads the cookie again once on 401 and succeeds with the refreshed session', async () => {
    const { cookies, state } = jar(`${ORG_ID}!old`);
    const { fn, calls } = fakeFetch((r) =>
      r.auth === `Bearer ${ORG_ID}!new`
        ? r.url.endsWith('/services/data/')
          ? versions
          : [204, null]
        : [401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]],
    );
    const sessions = salesforceSessions(cookies);
    await sessions.get('acme'); // cached: the old value
    state.apiSid = `${ORG_ID}!new`; // the agent signed in again in another tab
    const client = salesforceClient(sessions, fn);
    expect(await client.write(CASE, { Subject: 'y' })).toEqual({ ok: true });
    expect(calls.map((c) => c.auth)).toEqual([
      `Bearer ${ORG_ID}!old`,
      `Bearer ${ORG_ID}!new`,
      `Bearer ${ORG_ID}!new`,
    ]);
  });

  it('says the session expired when the re-read cookie is refused too', async () => {
    const { cookies } = jar(`${ORG_ID}!old`);
    const { fn } = fakeFetch(() => [
      401,
      [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
    ]);
    const client = salesforceClient(salesforceSessions(cookies), fn);
    const error = await client.read(CASE, ['Subject']).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error.code).toBe('session-expired');
    expect(error.message).toMatch(/Reload the console/);
  });

  it('returns the fields Salesforce blamed so the engine can retry without them', async () => {
    const { cookies } = jar(`${ORG_ID}!api`);
    const body = [
      {
        message: 'Account Tier: bad value for restricted picklist field: Gold',
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['Account_Tier__c'],
      },
    ];
    const { fn } = fakeFetch((r) => (r.url.endsWith('/services/data/') ? versions : [400, body]));
    const result = await salesforceClient(salesforceSessions(cookies), fn).write(CASE, {
      Account_Tier__c: 'Gold',
    });
    expect(result).toEqual({
      ok: false,
      refusals: [
        {
          field: 'Account_Tier__c',
          message: 'Account Tier: bad value for restricted picklist field: Gold',
        },
      ],
      message: 'Account Tier: bad value for restricted picklist field: Gold',
    });
  });

  it.each([
    [
      403,
      [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      'rate-limited',
    ],
    [
      403,
      [
        {
          message: 'The REST API is not enabled for this Organization.',
          errorCode: 'API_DISABLED_FOR_ORG',
        },
      ],
      'api-disabled',
    ],
    [
      401,
      [
        {
          message: 'This session is not valid for use with the REST API',
          errorCode: 'INVALID_SESSION_ID',
        },
      ],
      'api-access-denied',
    ],
    [
      404,
      [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      'record-not-found',
    ],
    [
      503,
      [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server unavailable' }],
      'platform-unavailable',
    ],
  ])('maps %i %j to the notice %s', async (status, body, code) => {
    const { cookies } = jar(`${ORG_ID}!api`);
    const { fn } = fakeFetch((r) =>
      r.url.endsWith('/services/data/') ? versions : [status, body],
    );
    await expect(
      salesforceClient(salesforceSessions(cookies), fn).read(CASE, []),
    ).rejects.toMatchObject({ code });
  });

  it('says the network failed when the connection drops', async () => {
    const { cookies } = jar(`${ORG_ID}!api`);
    const fn = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(
      salesforceClient(salesforceSessions(cookies), fn).read(CASE, []),
    ).rejects.toMatchObject({
      code: 'network',
      message: expect.stringMatching(/Could not reach acme.my.salesforce.com/),
    });
  });

  it('resolves a MessagingSession to its Case', async () => {
    const { cookies } = jar(`${ORG_ID}!api`);
    const { fn } = fakeFetch((r) =>
      r.url.endsWith('/services/data/') ? versions : [200, { Id: 'x', CaseId: CASE.id }],
    );
    const client = salesforceClient(salesforceSessions(cookies), fn);
    expect(
      await client.resolveTargets({
        ...CASE,
        object: 'MessagingSession',
        id: '0Mw5g00000Ms0a1CAB',
      }),
    ).toEqual([CASE]);
  });
});
