/**
 * The background's side of the protocol: validates each request and wraps every answer in a Reply,
 * so that a failure reaches the face as a message it can show, never as a lost promise.
 */
import { z } from 'zod';
import { PlatformError, withDetail } from '../platforms/platform-client';
import { type Reply, Request, type RequestType, type Responses } from './protocol';
import { RequestRefused } from './refused';

/** Who asked, beyond what they may ask: the console tab a content script runs in. */
export interface RequestSender {
  tabId?: number;
}

export type Handlers = {
  [K in RequestType]: (
    request: Extract<Request, { type: K }>,
    sender: RequestSender,
  ) => Promise<Responses[K]>;
};

/**
 * What a content script may ask: it runs inside hostile console pages, so it never reaches the
 * admin requests (mappings, settings, credentials, catalogs, the policy's status), which only
 * extension pages may send.
 */
const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>([
  'handoff:messages',
  'handoff:view',
  'handoff:retry',
  // The agent's Fill N fields / Not now, from the panel in the console tab.
  'handoff:confirm',
  'handoff:use-bot-value',
  'handoff:gave-up',
  'handoff:gave-up-dismiss',
  'handoff:verify',
  'handoff:post-message',
  'settings:post-message-origins',
  // The panel's Connect Salesforce / Reconnect as …: opens the platform's own sign-in window, which
  // the agent answers; the token it yields stays in the background (status and sign-out do not).
  'auth:connect',
  // The widget's "What Handoff Fields sees": opens the admin page, which asks the rest itself.
  'diagnostics:open',
]);

/** Who sent a request: an extension page (popup, options) or a content script in a console tab. */
export type RequestOrigin = 'extension-page' | 'content-script';

export function createRouter(handlers: Handlers) {
  return async function route(
    raw: unknown,
    from: RequestOrigin = 'extension-page',
    sender: RequestSender = {},
  ): Promise<Reply<unknown>> {
    const parsed = Request.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid', message: `Invalid request: ${z.prettifyError(parsed.error)}` },
      };
    }
    const request = parsed.data;
    if (from === 'content-script' && !CONTENT_SCRIPT_REQUESTS.has(request.type)) {
      return {
        ok: false,
        error: { code: 'invalid', message: `A console page may not send "${request.type}".` },
      };
    }
    try {
      const handler = handlers[request.type] as (r: Request, s: RequestSender) => Promise<unknown>;
      return { ok: true, data: await handler(request, sender) };
    } catch (error) {
      if (error instanceof PlatformError) {
        // An admin's page shows the platform's own words too; a console tab, the agent's alone.
        const message = from === 'extension-page' ? withDetail(error) : error.message;
        return { ok: false, error: { code: error.code, message } };
      }
      if (error instanceof RequestRefused) {
        return { ok: false, error: { code: 'invalid', message: error.message } };
      }
      if (error instanceof z.ZodError) {
        return { ok: false, error: { code: 'invalid', message: z.prettifyError(error) } };
      }
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Handoff Fields failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        },
      };
    }
  };
}
