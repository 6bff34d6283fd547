/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as milliseconds from `now`.
 * Undefined when absent or unreadable; never negative; never believed beyond an hour.
 */
const MAX_WAIT_MS = 3_600_000;

export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Number.isFinite(ms) ? Math.min(Math.max(0, Math.ceil(ms)), MAX_WAIT_MS) : undefined;
}
