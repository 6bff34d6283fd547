/**
 * Where the agent's Retry can help, shared by the widget (whether it offers the button) and the
 * engine (whether it runs anything): a write that did not land — given up, waiting, or stopped by
 * a session, a sign-in (connect, reconnect as the console's user, a consumer key an admin sets),
 * the network, a limit or an outage — yes. A refused value (a value-map miss, a
 * validation rule) or a context that was not used (customer-typed, unverified, edited, refused) no:
 * running it again gives the same answer, and it would re-plan what was already written.
 */
import type { HandoffView, NoticeCode } from './types';

/** Failures that another try can cure: the agent signed in again, the platform came back… */
const RETRY_CAN_CURE: ReadonlySet<NoticeCode> = new Set<NoticeCode>([
  'session-missing',
  'session-expired',
  // The agent connects (Connect Salesforce / Reconnect as …), then tries again.
  'connect-needed',
  'wrong-user',
  'rate-limited',
  'platform-unavailable',
  'network',
  'catalog-unavailable',
  // A MessagingSession without a Case yet: it gets one.
  'record-unresolved',
  // An admin grants the permission, then the agent tries again (the messages say so).
  'api-access-denied',
  'api-disabled',
  // An admin sets the org's consumer key (Settings → Salesforce sign-in).
  'connect-not-set-up',
  'internal',
]);

export const retryCanCure = (code: NoticeCode | undefined): boolean =>
  code !== undefined && RETRY_CAN_CURE.has(code);

/** Whether Retry can change anything about this handoff. */
export function retryHelps(view: Pick<HandoffView, 'state' | 'queue' | 'notice' | 'context'>) {
  // A write waiting or given up: tried now (a waiting one without using up an attempt).
  if (view.queue?.some((q) => q.state === 'retrying' || q.state === 'failed')) return true;
  const trust = view.context?.trust;
  if (trust === 'unverified' || trust === 'refused') return false;
  return view.state === 'failed' && retryCanCure(view.notice?.code);
}
