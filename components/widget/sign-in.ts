/**
 * The panel's sign-in (orgs that refuse the browser's session: Salesforce OAuth): which notice asks
 * the agent to connect, the words of its button, and what the panel says while the sign-in runs.
 * Pure and free of the other widget modules (panel-state and view-text import it), so the rules
 * and words are tested without a page.
 */
import type {
  HandoffView,
  Notice,
  NoticeCode,
  SignInRequest,
  WriteProgress,
} from '../../lib/handoff/types';
import type { SignedInUser } from '../../lib/messaging/protocol';

/** Notices about signing in: nothing is read or written until someone acts. */
const SIGN_IN_CODES: ReadonlySet<NoticeCode> = new Set([
  'connect-needed',
  'connect-not-set-up',
  'wrong-user',
  'connect-failed',
]);

/**
 * The ones the agent answers with the panel's button. `connect-not-set-up` is not one: no consumer
 * key is set for the org, so a sign-in cannot even start; the notice tells the agent to ask an admin.
 */
const CONNECT_CODES: ReadonlySet<NoticeCode> = new Set([
  'connect-needed',
  'wrong-user',
  'connect-failed',
]);

/** A queued write that waits for the agent to connect (a session wait), not for a clock. */
export const waitsForConnect = (item: WriteProgress): boolean =>
  item.state !== 'failed' &&
  (item.lastError?.code === 'connect-needed' || item.lastError?.code === 'wrong-user');

/** The view's notices, its own first, then the queued writes' last errors. */
function noticesOf(view: HandoffView): Notice[] {
  const queued = (view.queue ?? []).map((q) => q.lastError);
  return [view.notice, view.verifyNotice, ...queued].filter((n): n is Notice => n !== undefined);
}

/** The view's notice about signing in, if any: the panel opens for it (panel-state.ts). */
export function signInNoticeOf(view: HandoffView | null): Notice | null {
  return (view && noticesOf(view).find((n) => SIGN_IN_CODES.has(n.code))) ?? null;
}

/** What the panel's Connect button runs, and for which notice. */
export interface ConnectOffer {
  signIn: SignInRequest;
  code: NoticeCode;
}

/** The sign-in the panel offers for this view, or null (none asked, or only an admin can help). */
export function connectOffer(view: HandoffView | null): ConnectOffer | null {
  if (!view) return null;
  const notice = noticesOf(view).find((n) => n.signIn && CONNECT_CODES.has(n.code));
  return notice?.signIn ? { signIn: notice.signIn, code: notice.code } : null;
}

/** A name from the console, as a button shows it: one line, never longer than a button. */
const MAX_NAME = 40;
export function shortName(name: string): string {
  const one = name.replace(/\s+/g, ' ').trim();
  return one.length > MAX_NAME ? `${one.slice(0, MAX_NAME - 1).trimEnd()}…` : one;
}

/** "Connect Salesforce", or "Reconnect as Jane Doe" when the token is another user's. */
export function connectLabel(offer: ConnectOffer): string {
  const platform = offer.signIn.platformName;
  if (offer.code !== 'wrong-user') return `Connect ${platform}`;
  const user = offer.signIn.consoleUser ? shortName(offer.signIn.consoleUser) : '';
  return user ? `Reconnect as ${user}` : `Reconnect ${platform}`;
}

/**
 * Where the panel's sign-in stands, for the open record: `connecting` while the platform's
 * sign-in window is open; `connected` as whom; `failed` with the background's notice (what
 * happened, and the fix: a callback URL the org's app does not list, a closed window…).
 */
export type SignInProgress =
  | { step: 'idle' }
  | { step: 'connecting'; signIn: SignInRequest }
  | { step: 'connected'; signIn: SignInRequest; user: SignedInUser }
  | { step: 'failed'; signIn: SignInRequest; notice: Notice };

export const IDLE: SignInProgress = { step: 'idle' };

/** The line under the button while connecting, or once connected; null otherwise. */
export function progressWords(progress: SignInProgress): string | null {
  switch (progress.step) {
    case 'connecting':
      return `Finish signing in in the ${progress.signIn.platformName} window.`;
    case 'connected':
      return `Connected as ${shortName(progress.user.name)}.`;
    default:
      return null;
  }
}

/** The hint beside the button: a window opens, so the agent expects it. */
export const connectHint = (offer: ConnectOffer): string =>
  `Opens ${offer.signIn.platformName}'s sign-in in a new window.`;

/** A sign-in that could not even start (the extension went away, a bug): said as its notice. */
export function connectFailure(error: unknown): Notice {
  const why = error instanceof Error ? error.message.trim() : '';
  return {
    code: 'connect-failed',
    message: why || 'The sign-in did not finish. Press Connect to try again.',
  };
}
