/**
 * A typed client of the sim's control API, for tests and tools (Node side). Also `simRequest`, a raw
 * HTTPS request to the sim with any Host header (to call the simulated platform APIs from Node).
 */

import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FaultSpec, PendingFault } from './faults';
import type { LoggedRequest } from './request-log';

export interface SimResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

export interface SimRequestOptions {
  method?: string;
  path: string;
  /** The Host header, e.g. "acme.my.salesforce.com" (default: the origin's host). */
  host?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
}

/** One HTTPS request to the sim (self-signed certificate accepted). */
export function simRequest(origin: string, opts: SimRequestOptions): Promise<SimResponse> {
  const url = new URL(opts.path, origin);
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.host) headers.Host = opts.host;
  if (body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs !== undefined) {
      req.setTimeout(opts.timeoutMs, () =>
        req.destroy(new Error(`Timed out after ${opts.timeoutMs} ms`)),
      );
    }
    req.end(body);
  });
}

export type MessageAuthor = 'bot' | 'end_user' | 'agent' | 'system';
export type SessionAction = 'rotate' | 'expire' | 'api-access-control' | 'api-disabled' | 'normal';

export interface PostMessageInput {
  org: string;
  /** A MessagingSession id, or a Case id (the message goes to its session). */
  recordId: string;
  author: MessageAuthor;
  text: string;
  authorName?: string;
  platform?: string;
}
export interface PostMessageResult {
  entryId: string;
  sessionId: string;
  caseId: string | null;
  seq: number;
  /** How many open console pages got it live. */
  delivered: number;
}

export interface TranscriptMessage {
  entryId: string;
  seq: number;
  author: MessageAuthor;
  authorName: string;
  text: string;
  /** ISO time posted. */
  time: string;
  /** As the console shows it, e.g. "10:01 AM". */
  timeLabel: string;
}

export interface OpenTabInput {
  org: string;
  recordId: string;
  /** Opens the record as a subtab of this one (`?ws=` parent). */
  parentId?: string;
  platform?: string;
}
export interface OpenTabResult {
  path: string;
  label: string;
  delivered: number;
}

export interface RecordState {
  org: string;
  object: string;
  id: string;
  values: Record<string, unknown>;
}

export interface SessionState {
  org: string;
  orgId: string;
  /** The valid API session id (the My Domain `sid` cookie), or null when expired. */
  apiSid: string | null;
  /** The Lightning host's `sid` cookie (refused by the REST API). */
  lightningSid: string;
  mode: 'normal' | 'api-access-control' | 'api-disabled';
  apiUsage: number;
}

export interface RequestQuery {
  org?: string;
  method?: string;
  platform?: string;
}

export interface SimInfo {
  origin: string;
  hostResolverRules: string;
  platforms: { id: string; hosts: string[]; orgs: Record<string, unknown>[] }[];
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class SimClient {
  constructor(readonly origin: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await simRequest(this.origin, { method, path, body });
    if (res.status >= 400) {
      const message = (res.json as { error?: string } | undefined)?.error ?? res.text;
      throw new SimError(res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return res.json as T;
  }

  info(): Promise<SimInfo> {
    return this.call('GET', '/__sim/info');
  }

  postMessage(input: PostMessageInput): Promise<PostMessageResult> {
    return this.call('POST', '/__sim/messages', input);
  }

  async messages(
    org: string,
    recordId: string,
  ): Promise<{ sessionId: string; messages: TranscriptMessage[] }> {
    return this.call('GET', `/__sim/messages?${new URLSearchParams({ org, recordId })}`);
  }

  openTab(input: OpenTabInput): Promise<OpenTabResult> {
    return this.call('POST', '/__sim/tabs', input);
  }

  getRecord(org: string, object: string, id: string): Promise<RecordState> {
    return this.call('GET', `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}`);
  }

  putRecord(
    org: string,
    object: string,
    id: string,
    values: Record<string, unknown>,
  ): Promise<RecordState> {
    return this.call('PUT', `/__sim/records/${enc(org)}/${enc(object)}/${enc(id)}`, { values });
  }

  getSession(org: string): Promise<SessionState> {
    return this.call('GET', `/__sim/session?org=${enc(org)}`);
  }

  setSession(org: string, action: SessionAction): Promise<SessionState> {
    return this.call('POST', '/__sim/session', { org, action });
  }

  addFault(fault: FaultSpec): Promise<{ fault: PendingFault; pending: PendingFault[] }> {
    return this.call('POST', '/__sim/faults', fault);
  }

  listFaults(): Promise<{ pending: PendingFault[] }> {
    return this.call('GET', '/__sim/faults');
  }

  clearFaults(): Promise<{ pending: PendingFault[] }> {
    return this.call('DELETE', '/__sim/faults');
  }

  async requests(query: RequestQuery = {}): Promise<LoggedRequest[]> {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const qs = params.toString();
    const res = await this.call<{ requests: LoggedRequest[] }>(
      'GET',
      `/__sim/requests${qs ? `?${qs}` : ''}`,
    );
    return res.requests;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/__sim/requests');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/__sim/reset');
  }

  /** How many console pages of the org are connected to the live stream. */
  async pages(org: string, platform?: string): Promise<number> {
    const qs = new URLSearchParams({ org, ...(platform ? { platform } : {}) });
    const res = await this.call<{ count: number }>('GET', `/__sim/pages?${qs}`);
    return res.count;
  }

  /** Waits until at least `count` console pages of the org are connected (e.g. before openTab). */
  async waitForPages(org: string, count = 1, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.pages(org)) < count) {
      if (Date.now() > deadline)
        throw new Error(`No ${count} connected console page(s) of ${org} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const enc = encodeURIComponent;
