/** For tests: a started sim with a control client and a helper to call the simulated Salesforce REST API. */
import { SimClient, type SimResponse, simRequest } from './client';
import { SEED } from './seed';
import { type SimHandle, startSim } from './server';

export const V = 'v66.0';
export const CASE1 = SEED.acme.cases[0].id;
export const CASE2 = SEED.acme.cases[1].id;
export const CASE3 = SEED.acme.cases[2].id;
export const MS1 = SEED.acme.sessions[0].id;

export interface SimFixture {
  sim: SimHandle;
  client: SimClient;
  /** The current API session of acme. */
  sid(): Promise<string>;
  /** A REST call to acme.my.salesforce.com with the current API session (unless `sid` is given). */
  sf(
    method: string,
    path: string,
    opts?: { body?: unknown; sid?: string | null; host?: string; headers?: Record<string, string> },
  ): Promise<SimResponse>;
}

export async function startFixture(): Promise<SimFixture> {
  const sim = await startSim();
  const client = new SimClient(sim.origin);
  const sid = async () => {
    const s = await client.getSession('acme');
    if (!s.apiSid) throw new Error('acme has no API session');
    return s.apiSid;
  };
  return {
    sim,
    client,
    sid,
    async sf(method, path, opts = {}) {
      const token = opts.sid === undefined ? await sid() : opts.sid;
      return simRequest(sim.origin, {
        method,
        path: path.startsWith('/') ? path : `/services/data/${V}/${path}`,
        host: opts.host ?? SEED.acme.myDomainHost,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...opts.headers,
        },
        body: opts.body,
      });
    },
  };
}
