/**
 * The postMessage source (docs/context-sources.md), content-script side: a frame on the console page (a bot
 * vendor's agent-assist panel) posts `{type: "handoff-fields/context", version: 1, conversationId,
 * context}` to the console window. Only messages whose `event.origin` is exactly one of the admin's
 * allowed origins, and that say they are a handoff context, are relayed to the background, which
 * validates the payload and its conversation and reports a bad one in the widget. Anything else —
 * another origin, the page's own window, other postMessage traffic — is ignored without a word, so
 * no page can fill the widget with notices. No zod here: the content script stays small.
 */

export const CONTEXT_MESSAGE_TYPE = 'handoff-fields/context';

/** Messages that arrive before the allowed origins are known wait, up to this many. */
const MAX_QUEUED = 20;

export interface RelayedPostMessage {
  origin: string;
  /** Only the format's members, copied from `event.data` (validated by the background). */
  data: { type: unknown; version: unknown; conversationId: unknown; context: unknown };
}

export interface PostMessageListenerOptions {
  /** The console window the frames post to. */
  target: Window;
  signal: AbortSignal;
  /** The allowed origins, asked once (the page must be reloaded after the admin changes them). */
  loadOrigins(): Promise<readonly string[]>;
  onMessage(message: RelayedPostMessage): void;
}

export function listenForContextMessages(options: PostMessageListenerOptions): void {
  const { target, signal } = options;
  let allowed: ReadonlySet<string> | null = null;
  const queued: MessageEvent[] = [];

  const consider = (event: MessageEvent) => {
    if (!allowed?.has(event.origin)) return;
    // The console's own scripts post to themselves: only frames are a source.
    if (event.source === target) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null) return;
    const d = data as Record<string, unknown>;
    if (d.type !== CONTEXT_MESSAGE_TYPE) return;
    options.onMessage({
      origin: event.origin,
      data: {
        type: d.type,
        version: d.version,
        conversationId: d.conversationId,
        context: d.context,
      },
    });
  };

  const onMessage = (event: MessageEvent) => {
    if (allowed) consider(event);
    else if (queued.length < MAX_QUEUED) queued.push(event);
  };
  target.addEventListener('message', onMessage, { signal });

  options.loadOrigins().then(
    (origins) => {
      allowed = new Set(origins);
      for (const event of queued.splice(0)) consider(event);
      if (allowed.size === 0) target.removeEventListener('message', onMessage);
    },
    () => {
      // The background did not answer: no origin is allowed for this page life.
      allowed = new Set();
      queued.length = 0;
      target.removeEventListener('message', onMessage);
    },
  );
}
