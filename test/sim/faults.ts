/**
 * Fault injection for the simulated platform APIs: the next `count` API requests (optionally only
 * those matching a method / org / platform) get the fault instead of, or before, their answer.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { SimHttpError, sendJson } from './http';

export const FAULT_KINDS = ['401', '403-limit', '429', '500', '503', 'delay', 'drop'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What `POST /__sim/faults` takes. */
export interface FaultSpec {
  count: number;
  kind: FaultKind;
  /** For `delay` (default 1000 ms). */
  delayMs?: number;
  /** For `429` and `503`: the Retry-After header in seconds (default 1 for 429, none for 503). */
  retryAfterSeconds?: number;
  /** Only requests with this HTTP method (e.g. "PATCH"). */
  method?: string;
  /** Only requests to this org. */
  org?: string;
  /** Only requests to this platform ("salesforce", later "kustomer"). */
  platform?: string;
}

export interface PendingFault extends FaultSpec {
  id: number;
  remaining: number;
}

/** The target of one API request, as far as fault matching cares. */
export interface FaultTarget {
  platform: string;
  org: string;
  method: string;
}

/** An error answer a platform gives for a fault kind, in its own body shape. */
export interface FaultAnswer {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

export type FaultAnswerFor = (
  kind: Exclude<FaultKind, 'delay' | 'drop'>,
  fault: PendingFault,
) => FaultAnswer;

export class FaultQueue {
  private faults: PendingFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): PendingFault {
    const fault: PendingFault = { ...spec, id: this.nextId++, remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one use of the first pending fault matching the request. */
  take(target: FaultTarget): PendingFault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === target.method.toUpperCase()) &&
        (f.org === undefined || f.org === target.org) &&
        (f.platform === undefined || f.platform === target.platform),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  list(): PendingFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

export function parseFaultSpec(body: Record<string, unknown>): FaultSpec {
  const { count, kind, delayMs, retryAfterSeconds, method, org, platform } = body;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new SimHttpError(400, `"kind" must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const n = count === undefined ? 1 : count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new SimHttpError(400, '"count" must be an integer from 1 to 10000');
  }
  const spec: FaultSpec = { count: n, kind: kind as FaultKind };
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > 600_000) {
      throw new SimHttpError(400, '"delayMs" must be a number from 0 to 600000');
    }
    spec.delayMs = delayMs;
  }
  if (retryAfterSeconds !== undefined) {
    if (typeof retryAfterSeconds !== 'number' || retryAfterSeconds < 0) {
      throw new SimHttpError(400, '"retryAfterSeconds" must be a non-negative number');
    }
    spec.retryAfterSeconds = retryAfterSeconds;
  }
  for (const [key, value] of [
    ['method', method],
    ['org', org],
    ['platform', platform],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new SimHttpError(400, `"${key}" must be a non-empty string`);
    }
    spec[key] = value;
  }
  return spec;
}

/**
 * Applies a fault to a request. Returns true when the request has been answered (or dropped) and
 * false when it should now be answered normally (`delay`).
 */
export async function applyFault(
  fault: PendingFault,
  res: ServerResponse,
  answerFor: FaultAnswerFor,
  wait: (ms: number) => Promise<boolean>,
): Promise<boolean> {
  if (fault.kind === 'delay') {
    const alive = await wait(fault.delayMs ?? 1000);
    return !alive || res.destroyed;
  }
  if (fault.kind === 'drop') {
    res.socket?.destroy();
    return true;
  }
  const answer = answerFor(fault.kind, fault);
  sendJson(res, answer.status, answer.body, answer.headers);
  return true;
}
