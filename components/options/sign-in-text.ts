/**
 * The words of the Settings section's Salesforce sign-in (issue 15), apart from the markup so they
 * are reviewed and tested in one place. Only who is signed in and since when is ever shown: the
 * tokens stay in the background.
 */
import type { SignedInUser } from '../../lib/messaging/protocol';
import type { SalesforceOAuthMode } from '../../lib/platforms/salesforce/oauth-settings';

export const SIGN_IN_TITLE = 'Salesforce sign-in (OAuth)';

export const SIGN_IN_LEAD =
  "For orgs whose API Access Control refuses the agent's browser session: Handoff Fields then signs in with the org's own External Client App (OAuth with PKCE; no consumer secret), and never writes as another user than the one signed in to the console.";

export const OAUTH_MODES: ReadonlyArray<{ value: SalesforceOAuthMode; label: string }> = [
  {
    value: 'cookie-first',
    label: "Use the agent's browser session first; offer Connect where the org refuses it",
  },
  { value: 'oauth-only', label: "Always sign in with the org's app (OAuth only)" },
];

export const CALLBACK_SENTENCE =
  "Add this exact URL as the Callback URL of the org's External Client App.";

/** A date and time in the admin's locale. */
const when = (at: number): string =>
  new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** "Connected as Jane Doe (jane@acme.com) since 5 Jan 2026, 10:30", or "Not connected". */
export function connectionWords(connected: (SignedInUser & { since: number }) | null): string {
  if (!connected) return 'Not connected';
  const username =
    connected.username && connected.username !== connected.name ? ` (${connected.username})` : '';
  return `Connected as ${connected.name}${username} since ${when(connected.since)}`;
}

/** What a Connect that worked says, by the org's row. */
export const connectedWords = (user: SignedInUser): string => `Connected as ${user.name}.`;

export const signedOutWords = (org: string): string =>
  `Signed out of ${org}: this browser's sign-in was revoked at Salesforce.`;
