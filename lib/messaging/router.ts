/**
 * The background's side of the protocol: validates each request and wraps every answer in a Reply,
 * so that a failure reaches the face as a message it can show, never as a lost promise.
 */
import { z } from 'zod';
import { PlatformError } from '../platforms/client';
import { type Reply, Request, type RequestType, type Responses } from './protocol';

export type Handlers = {
  [K in RequestType]: (request: Extract<Request, { type: K }>) => Promise<Responses[K]>;
};

export function createRouter(handlers: Handlers) {
  return async function route(raw: unknown): Promise<Reply<unknown>> {
    const parsed = Request.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid', message: `Invalid request: ${z.prettifyError(parsed.error)}` },
      };
    }
    const request = parsed.data;
    try {
      const handler = handlers[request.type] as (r: Request) => Promise<unknown>;
      return { ok: true, data: await handler(request) };
    } catch (error) {
      if (error instanceof PlatformError)
        return { ok: false, error: { code: error.code, message: error.message } };
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
