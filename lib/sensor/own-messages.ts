/**
 * Requests the console tab takes from the extension alone (its pages and its background): the
 * sender must be this extension and its URL one of the extension's. The page, other extensions
 * and web pages cannot reach these listeners (`runtime.onMessage` hears only the extension; the
 * check is there for defence in depth). Anything else is ignored, unanswered.
 */

/** What the background sends the active tab on the browser's shortcut (`commands` in the manifest). */
export const TOGGLE_PANEL = { type: 'panel:toggle' } as const;

/**
 * What the background sends every console tab when the handoffs whose writes gave up change:
 * `{type, alerts: GaveUpAlert[]}` (lib/handoff/types.ts), the whole list each time.
 */
export const GAVE_UP_PUSH = 'panel:gave-up';

export type OwnMessageListener = (
  message: unknown,
  sender: { id?: string; url?: string },
  sendResponse: (answer: unknown) => void,
) => undefined;

/** The slice of `browser.runtime` the content script listens with. */
export interface OwnRuntime {
  id: string;
  getURL(path: '/'): string;
  onMessage: {
    addListener(listener: OwnMessageListener): void;
    removeListener(listener: OwnMessageListener): void;
  };
}

/**
 * Answers `{type}` from the extension's own pages and worker with `answer(message)`, for the
 * page's life.
 */
export function onOwnMessage(
  runtime: OwnRuntime,
  signal: AbortSignal,
  type: string,
  answer: (message: unknown) => unknown,
): void {
  const own = runtime.getURL('/');
  const listener: OwnMessageListener = (message, sender, sendResponse) => {
    if ((message as { type?: unknown } | null)?.type !== type) return undefined;
    if (sender.id !== runtime.id || !sender.url?.startsWith(own)) return undefined;
    sendResponse(answer(message));
    return undefined;
  };
  runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => runtime.onMessage.removeListener(listener));
}
