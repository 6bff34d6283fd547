/**
 * The Settings section's sign-ins (Salesforce OAuth) as signals: the background's status (the
 * callback URL, each org's connection), read after the section is shown and again after a save;
 * and **Connect** / **Sign out** per org, which act at once (not through the settings' Save). One
 * action per org at a time; each says how it went beside its org.
 */
import { signal } from '@preact/signals';
import type { OrgSignIn, SignInStatus } from '../../lib/messaging/protocol';
import { messageOf } from '../shared/message-of';
import type { SignInApi } from './settings-api';
import { connectedWords, signedOutWords } from './sign-in-text';

export type OrgAction = 'connecting' | 'signing-out';

/** How an org's last Connect or Sign out went: a confirmation, or what happened and the fix. */
export interface OrgMessage {
  tone: 'success' | 'error';
  text: string;
  /** The platform's own words (`redirect_uri_mismatch: …`), behind a disclosure. */
  detail?: string;
}

export const orgKey = (o: Pick<OrgSignIn, 'platform' | 'org'>): string => `${o.platform}:${o.org}`;

export function createSignInStore(api: SignInApi) {
  const status = signal<SignInStatus | null>(null);
  const loadError = signal<string | null>(null);
  const working = signal<ReadonlyMap<string, OrgAction>>(new Map());
  const messages = signal<ReadonlyMap<string, OrgMessage>>(new Map());
  // A status read before a later one (a slow first read after a sign-out) never replaces it.
  let generation = 0;

  const withEntry = <T>(map: ReadonlyMap<string, T>, key: string, value: T | undefined) => {
    const next = new Map(map);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    return next;
  };
  const tell = (key: string, message: OrgMessage | undefined) => {
    messages.value = withEntry(messages.value, key, message);
  };
  const show = (next: SignInStatus) => {
    generation += 1;
    status.value = next;
    loadError.value = null;
  };

  async function load(): Promise<void> {
    const mine = ++generation;
    try {
      const next = await api.signInStatus();
      if (mine === generation) show(next);
    } catch (error) {
      if (mine === generation) loadError.value = messageOf(error);
    }
  }

  /** Runs one org's action, unless one already runs for it. */
  async function act(org: OrgSignIn, action: OrgAction, run: () => Promise<OrgMessage>) {
    const key = orgKey(org);
    if (working.value.has(key)) return;
    working.value = withEntry(working.value, key, action);
    tell(key, undefined);
    try {
      tell(key, await run());
    } catch (error) {
      tell(key, { tone: 'error', text: messageOf(error) });
    } finally {
      working.value = withEntry(working.value, key, undefined);
    }
  }

  const connect = (org: OrgSignIn) =>
    act(org, 'connecting', async () => {
      const result = await api.connect(org.platform, org.org);
      if (!result.connected) {
        const { message, detail } = result.notice;
        return { tone: 'error', text: message, ...(detail ? { detail } : {}) };
      }
      await load();
      return { tone: 'success', text: connectedWords(result.user) };
    });

  const signOut = (org: OrgSignIn) =>
    act(org, 'signing-out', async () => {
      show(await api.signOut(org.platform, org.org));
      return { tone: 'success', text: signedOutWords(org.org) };
    });

  return { status, loadError, working, messages, load, connect, signOut };
}

export type SignInStore = ReturnType<typeof createSignInStore>;
