/**
 * What a simulated platform plugs into the shared server: its hosts, its HTTP handler and its part of
 * the control API. Salesforce lives in ./salesforce/, Kustomer in ./kustomer/.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from './faults';
import type { RequestLog } from './request-log';
import type { SseEvent, SseHub } from './sse';

/** The shared machinery every platform uses. */
export interface SimContext {
  faults: FaultQueue;
  log: RequestLog;
  sse: SseHub;
  /** Waits `ms`; resolves false instead when the sim is closing. */
  wait(ms: number): Promise<boolean>;
}

/** A request host recognised by a platform: which org and which of its hosts. */
export interface HostMatch {
  org: string;
  kind: string;
}

export type Json = Record<string, unknown>;

/** The platform-specific halves of the control endpoints (the generic router validates and routes). */
export interface PlatformControl {
  /** POST /__sim/messages (async: a rich body's text is computed on a parsed DOM). */
  postMessage(body: Json): Json | Promise<Json>;
  /** GET /__sim/messages?org=&recordId= : the transcript of a MessagingSession (or of a Case's session). */
  listMessages(org: string, recordId: string): Json;
  /**
   * PATCH /__sim/messages: changes the text of a posted message, as an edit after posting would —
   * in the store (API answers, reloads) and live in open pages (the same element, new text).
   */
  editMessage(body: Json): Json | Promise<Json>;
  /** POST /__sim/tabs */
  openTab(body: Json): Json;
  /** GET /__sim/records/:org/:object/:id */
  getRecord(org: string, object: string, id: string): Json;
  /** PUT /__sim/records/:org/:object/:id */
  putRecord(org: string, object: string, id: string, values: Json): Json;
  /** GET /__sim/session?org= */
  getSession(org: string): Json;
  /** POST /__sim/session */
  setSession(body: Json): Json;
  /** The SSE channel of an org's console pages, and the events a reconnecting page missed. */
  stream(org: string, query: URLSearchParams): { channel: string; replay: SseEvent[] };
  /** GET /__sim/ui/<what>: data the simulated console page loads (not a real platform endpoint). */
  ui(what: string, org: string, query: URLSearchParams): Json;
  /** The orgs this platform simulates (for GET /__sim/info). */
  orgs(): Json[];
  /**
   * Optional platform-specific endpoints under `/__sim/<platform id>/<path>` (e.g. Kustomer's
   * `/__sim/kustomer/api-keys`). Returns undefined when the platform has no such endpoint (404).
   */
  route?(
    method: string,
    path: string,
    body: () => Promise<Json>,
    query: URLSearchParams,
  ): Promise<Json | undefined> | Json | undefined;
}

export interface SimPlatform {
  readonly id: string;
  /** Chromium host patterns (for --host-resolver-rules) that must reach the sim. */
  readonly hostPatterns: readonly string[];
  matchHost(hostname: string): HostMatch | undefined;
  handle(req: IncomingMessage, res: ServerResponse, match: HostMatch): Promise<void>;
  readonly control: PlatformControl;
  /** Back to the seed (records, transcripts, modes). */
  reset(): void;
}
