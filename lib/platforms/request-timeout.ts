/**
 * How long a platform request may take. A request that has not answered after this long is given
 * up as a network failure, so the write queue retries it (after a fresh read) instead of waiting
 * on it for as long as the browser would.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** An abort signal for one request (undefined where the runtime has no `AbortSignal.timeout`). */
export function requestTimeout(): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function'
    ? AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    : undefined;
}

/** Why a request got no answer: it ran out of time (`requestTimeout`), or the connection failed. */
export const failedRequestKind = (error: unknown): 'timeout' | 'network' =>
  error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network';

/** The words of a failed request: one that timed out says so. */
export function unreachable(host: string, error: unknown): string {
  return failedRequestKind(error) === 'timeout'
    ? `${host} did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds. Check your network, then press Retry.`
    : `Could not reach ${host}: the connection failed. Check your network, then press Retry.`;
}
