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
