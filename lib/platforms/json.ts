/**
 * Small readers for JSON that came from a platform or an admin (a response body, a pasted
 * catalog): shared by the platforms' error and catalog readers.
 */

/** A response body read as JSON, or undefined when it is not JSON (an HTML error page, a proxy's text). */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The longest response body read as JSON (characters): a longer one is not an answer we asked for. */
const BODY_MAX = 100_000;

/** A response body read as JSON, or undefined when it is not JSON or longer than any answer we use. */
export const jsonBody = (text: string): unknown =>
  text.length <= BODY_MAX ? tryJson(text) : undefined;

/** A JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A text from the JSON, cut for a message: what a platform said may be long. */
export function cut(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
