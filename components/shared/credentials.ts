/**
 * API keys in the popup and the options page's Settings section, for the platform whose orgs may
 * need one (Kustomer): the placing of a refusal next to the input it concerns, and the state of
 * its "… access" section as signals (the checks before a key is sent are in ./credential-check).
 * The key itself is never kept here: it goes from the input to the api, and only the background
 * stores it.
 */
import { signal } from '@preact/signals';
import type { CredentialHint } from '../../lib/messaging/protocol';
import type { PlatformDescriptor } from '../../lib/platforms/platform-descriptor';

/**
 * The requests the "… access" section sends (the popup's and the options page's apis have them).
 * Every method rejects with Error(message) when the background refuses.
 */
export interface CredentialsApi {
  /** The orgs with an API key: never the key, only its last four characters. */
  credentials(): Promise<CredentialHint[]>;
  /**
   * Store (or, with null, remove) the API key of an org; answers the new list. A refusal of the
   * request's shape names the input (`→ at org`, `→ at apiKey`) in its message.
   */
  setCredential(org: string, apiKey: string | null): Promise<CredentialHint[]>;
}

/** Where a credential error is shown: under the org input, the key input, or the form. */
export type CredentialErrors = Partial<Record<'org' | 'apiKey' | 'form', string>>;

const fallback = 'The extension did not answer. Try again.';

/**
 * A refusal from the background, placed: the router words an invalid request as
 * `Invalid request: ✖ <message>\n  → at <path>` (zod's prettifyError), one pair per issue.
 */
export function errorsFromRefusal(error: unknown): CredentialErrors {
  const message = error instanceof Error && error.message ? error.message : fallback;
  const errors: CredentialErrors = {};
  for (const [, text, path] of message.matchAll(/✖\s*(.+)\n\s*→ at (\S+)/g)) {
    const key = path === 'org' || path === 'apiKey' ? path : 'form';
    if (text) errors[key] ??= text.trim();
  }
  if (Object.keys(errors).length === 0) errors.form = message;
  return errors;
}

export interface CredentialNotice {
  tone: 'error' | 'success';
  text: string;
}

/**
 * The API keys of `platform` (the one registered platform whose auth takes API keys: the popup's
 * `setCredential` names no platform, see descriptor-registry.ts `apiKeyPlatform`).
 */
export function createCredentialsStore(api: CredentialsApi, platform: PlatformDescriptor) {
  const hints = signal<CredentialHint[]>([]);
  const status = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  /** The section is open: kept here so it stays open when the admin switches the platform's objects. */
  const open = signal(false);
  const notice = signal<CredentialNotice | null>(null);
  /** Orgs with a save or removal in flight. */
  const pending = signal<ReadonlySet<string>>(new Set());

  const setPending = (org: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(org);
    else next.delete(org);
    pending.value = next;
  };
  const sorted = (list: CredentialHint[]) =>
    list.filter((h) => h.platform === platform.id).sort((a, b) => a.org.localeCompare(b.org));

  async function load(): Promise<void> {
    status.value = 'loading';
    try {
      hints.value = sorted(await api.credentials());
      status.value = 'ready';
    } catch (error) {
      status.value = 'failed';
      notice.value = { tone: 'error', text: errorsFromRefusal(error).form ?? fallback };
    }
  }

  /**
   * Sends the key; null when it was stored, else the errors placed by input. The key is only an
   * argument here: nothing in the store keeps it.
   */
  async function save(org: string, apiKey: string): Promise<CredentialErrors | null> {
    notice.value = null;
    setPending(org, true);
    try {
      hints.value = sorted(await api.setCredential(org, apiKey));
      status.value = 'ready';
      notice.value = {
        tone: 'success',
        text: `API key stored for ${org}: used where ${platform.name} refuses the agent’s session, and shown in ${platform.name} as the author of those writes.`,
      };
      return null;
    } catch (error) {
      return errorsFromRefusal(error);
    } finally {
      setPending(org, false);
    }
  }

  async function remove(org: string): Promise<boolean> {
    notice.value = null;
    setPending(org, true);
    try {
      hints.value = sorted(await api.setCredential(org, null));
      notice.value = {
        tone: 'success',
        text: `API key for ${org} removed: writes go as the signed-in agent.`,
      };
      return true;
    } catch (error) {
      const errors = errorsFromRefusal(error);
      notice.value = {
        tone: 'error',
        text: `Not removed. ${errors.form ?? errors.org ?? errors.apiKey ?? fallback}`,
      };
      return false;
    } finally {
      setPending(org, false);
    }
  }

  return { platform, hints, status, open, notice, pending, load, save, remove };
}

export type CredentialsStore = ReturnType<typeof createCredentialsStore>;
