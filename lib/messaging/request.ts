/** The faces' side of the protocol: one typed call per request, failures thrown as RequestError. */
import { browser } from 'wxt/browser';
import type { Reply, Request, RequestType, Responses } from './protocol';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export async function request<K extends RequestType>(
  message: Extract<Request, { type: K }>,
): Promise<Responses[K]> {
  let reply: Reply<Responses[K]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(message)) as Reply<Responses[K]> | undefined;
  } catch (error) {
    // The extension was updated or reloaded under this page: its old content script is orphaned.
    throw new RequestError(
      'extension-unavailable',
      `Handoff Fields is not answering (${error instanceof Error ? error.message : 'no connection'}). Reload this page.`,
    );
  }
  if (!reply)
    throw new RequestError(
      'extension-unavailable',
      'Handoff Fields did not answer. Reload this page.',
    );
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  return reply.data;
}
