/** For tests: a started sim with a helper to call the simulated Kustomer API from Node. */
import { SimClient, type SimResponse, simRequest } from '../client';
import { type SimHandle, startSim } from '../server';
import { AUTH_COOKIE, CSRF_COOKIE } from './api';

export type KustomerAuth =
  /** The agent's session: cookies, `x-kustomer-client: web` and (writes) `x-csrf-token`. */
  | 'session'
  /** No credentials at all. */
  | 'none'
  /** `Authorization: Bearer <apiKey>`. */
  | { bearer: string };

export interface KustomerCallOptions {
  body?: unknown;
  org?: string;
  auth?: KustomerAuth;
  /** Override the session parts (null leaves one out). */
  authToken?: string | null;
  csrfCookie?: string | null;
  csrfHeader?: string | null;
  client?: string | null;
  headers?: Record<string, string>;
}

export interface KustomerFixture {
  sim: SimHandle;
  client: SimClient;
  /** A call to `<org>.api.kustomerapp.com` (default org acme, default auth the agent session). */
  k(method: string, path: string, opts?: KustomerCallOptions): Promise<SimResponse>;
}

export async function startKustomerFixture(): Promise<KustomerFixture> {
  const sim = await startSim();
  const client = new SimClient(sim.origin);
  return {
    sim,
    client,
    async k(method, path, opts = {}) {
      const org = opts.org ?? 'acme';
      const auth = opts.auth ?? 'session';
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (auth === 'session') {
        const s = await client.kustomerSession(org);
        const token = opts.authToken === undefined ? s.authToken : opts.authToken;
        const csrfCookie = opts.csrfCookie === undefined ? s.csrf : opts.csrfCookie;
        const csrfHeader = opts.csrfHeader === undefined ? s.csrf : opts.csrfHeader;
        const clientHeader = opts.client === undefined ? 'web' : opts.client;
        const cookies = [
          ...(token ? [`${AUTH_COOKIE}=${token}`] : []),
          ...(csrfCookie ? [`${CSRF_COOKIE}=${csrfCookie}`] : []),
        ];
        if (cookies.length > 0) headers.Cookie = cookies.join('; ');
        if (clientHeader) headers['x-kustomer-client'] = clientHeader;
        if (method !== 'GET' && csrfHeader) headers['x-csrf-token'] = csrfHeader;
      } else if (auth !== 'none') {
        headers.Authorization = `Bearer ${auth.bearer}`;
      }
      return simRequest(sim.origin, {
        method,
        path,
        host: `${org}.api.kustomerapp.com`,
        headers: { ...headers, ...opts.headers },
        body: opts.body,
      });
    },
  };
}
