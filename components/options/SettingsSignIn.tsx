/**
 * Settings › Salesforce sign-in (OAuth): the callback URL to copy into the org's External Client
 * App, how agents sign in (the setting `salesforceOAuth`: its mode and each org's consumer key,
 * saved with the rest of the form, read-only when the organisation's policy sets it), and this
 * browser's sign-in per org with **Connect** and **Sign out**, which act at once.
 *
 * The sign-in status is asked for once this part is shown (an effect, after its first paint), and
 * again after each save: the options page's first render never waits for it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrgSignIn } from '../../lib/messaging/protocol';
import { ErrorText } from '../shared/ErrorText';
import type { SignInApi } from './settings-api';
import {
  errorAt,
  SettingArea,
  type SettingsForm,
  SettingsPart,
  TextField,
} from './settings-controls';
import { newUid, type OAuthAppDraft, type SettingsDraft } from './settings-draft';
import { controlId } from './settings-problems';
import { createSignInStore, type OrgMessage, orgKey, type SignInStore } from './sign-in-store';
import {
  CALLBACK_SENTENCE,
  connectionWords,
  OAUTH_MODES,
  SIGN_IN_LEAD,
  SIGN_IN_TITLE,
} from './sign-in-text';

export function SalesforceSignInPart({
  form,
  api,
  saved,
}: {
  form: SettingsForm;
  api: SignInApi;
  /** The saved `salesforceOAuth`, as text: its orgs are the status's, so a save reads it again. */
  saved: string;
}) {
  const [signIns] = useState(() => createSignInStore(api));
  useEffect(() => {
    void signIns.load();
  }, [signIns, saved]);
  return (
    <SettingsPart id="settings-salesforce-oauth" title={SIGN_IN_TITLE} lead={SIGN_IN_LEAD}>
      <CallbackUrl store={signIns} />
      <SettingArea form={form} settingKey="salesforceOAuth">
        <div class="settings__stack" id={controlId('salesforceOAuth')}>
          <ModeChoice form={form} />
          <OAuthApps form={form} />
          <ErrorText
            id={`${controlId('salesforceOAuth')}-error`}
            error={errorAt(form, 'salesforceOAuth')}
          />
        </div>
      </SettingArea>
      <Connections store={signIns} />
    </SettingsPart>
  );
}

/** The exact callback URL (the extension's `identity.getRedirectURL()`), read-only, with Copy. */
function CallbackUrl({ store }: { store: SignInStore }) {
  const url = store.status.value?.callbackUrl ?? '';
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const id = 'settings-oauth-callback';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied.');
    } catch {
      // No clipboard (a denied permission): the URL is selected for the keyboard's copy.
      input.current?.focus();
      input.current?.select();
      setCopied('Could not copy by itself: the URL is selected, press Ctrl+C (⌘C on a Mac).');
    }
  };
  const placeholder = store.loadError.value ? 'Not known: see below' : 'Looking it up…';
  return (
    <div class="form-row">
      <label class="form-label" for={id}>
        Callback URL
      </label>
      <div class="settings__copy">
        <input
          id={id}
          ref={input}
          type="text"
          class="input input--code"
          readOnly
          value={url}
          placeholder={url ? undefined : placeholder}
          spellcheck={false}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          class="button button--neutral"
          disabled={!url}
          onClick={() => void copy()}
        >
          Copy
        </button>
      </div>
      <p class="form-hint" id={`${id}-hint`}>
        {CALLBACK_SENTENCE}
      </p>
      <p class="form-hint" role="status">
        {copied}
      </p>
    </div>
  );
}

function ModeChoice({ form }: { form: SettingsForm }) {
  const path = 'salesforceOAuth.mode';
  const mode = form.draft.salesforceOAuth.mode;
  return (
    <fieldset class="fieldset" id={controlId(path)}>
      <legend class="form-label">How agents sign in to Salesforce's API</legend>
      {OAUTH_MODES.map((m) => (
        <label class="choice" key={m.value}>
          <input
            type="radio"
            name="settings-salesforce-oauth-mode"
            value={m.value}
            checked={mode === m.value}
            onChange={() =>
              form.edit(
                (d) => ({ ...d, salesforceOAuth: { ...d.salesforceOAuth, mode: m.value } }),
                path,
              )
            }
          />
          <span>{m.label}</span>
        </label>
      ))}
      <ErrorText id={`${controlId(path)}-error`} error={errorAt(form, path)} />
    </fieldset>
  );
}

const withApps = (d: SettingsDraft, apps: OAuthAppDraft[]): SettingsDraft => ({
  ...d,
  salesforceOAuth: { ...d.salesforceOAuth, apps },
});

/** Each org and its External Client App's consumer key: Add org, Remove. */
function OAuthApps({ form }: { form: SettingsForm }) {
  const apps = form.draft.salesforceOAuth.apps;
  const addRef = useRef<HTMLButtonElement>(null);
  const path = 'salesforceOAuth.apps';
  const setApp = (i: number, field: 'org' | 'consumerKey', value: string) =>
    form.edit(
      (d) =>
        withApps(
          d,
          d.salesforceOAuth.apps.map((a, j) => (j === i ? { ...a, [field]: value } : a)),
        ),
      `${path}[${i}].${field}`,
    );
  return (
    <fieldset class="fieldset settings__issuers" id={controlId(path)}>
      <legend class="form-label">Orgs and their External Client App's consumer key</legend>
      {apps.length === 0 && (
        <p class="form-hint">
          None: no org can be connected. Add each org whose API refuses the agents' browser session,
          with its app's consumer key.
        </p>
      )}
      {apps.map((app, i) => (
        <div class="settings__issuer" key={app.uid} data-oauth-app={i}>
          <div class="settings__pair">
            <TextField
              form={form}
              path={`${path}[${i}].org`}
              label={`Org ${i + 1}: its My Domain name`}
              code
              placeholder="acme"
              value={app.org}
              onInput={(org) => setApp(i, 'org', org)}
              hint="As in its console address: acme for acme.lightning.force.com, acme--uat.sandbox for a sandbox."
            />
            <TextField
              form={form}
              path={`${path}[${i}].consumerKey`}
              label={`Org ${i + 1}: consumer key`}
              code
              value={app.consumerKey}
              onInput={(key) => setApp(i, 'consumerKey', key)}
              hint="From the app's OAuth settings. No consumer secret: a browser extension cannot keep one."
            />
          </div>
          <button
            type="button"
            class="button button--neutral button--small button--destructive-text"
            onClick={() => {
              form.edit(
                (d) =>
                  withApps(
                    d,
                    d.salesforceOAuth.apps.filter((_, j) => j !== i),
                  ),
                path,
              );
              addRef.current?.focus();
            }}
          >
            Remove org {i + 1}
            {app.org.trim() ? ` (${app.org.trim()})` : ''}
          </button>
        </div>
      ))}
      <ErrorText id={`${controlId(path)}-error`} error={errorAt(form, path)} />
      <div>
        <button
          type="button"
          class="button button--neutral button--small"
          ref={addRef}
          onClick={() =>
            form.edit(
              (d) =>
                withApps(d, [
                  ...d.salesforceOAuth.apps,
                  { uid: newUid(), org: '', consumerKey: '' },
                ]),
              path,
            )
          }
        >
          Add org
        </button>
      </div>
    </fieldset>
  );
}

/** This browser's sign-in per saved org: Connect or Sign out, at once. */
function Connections({ store }: { store: SignInStore }) {
  const status = store.status.value;
  const error = store.loadError.value;
  return (
    <div class="settings__connections">
      <h4 class="form-label" id="settings-oauth-connections">
        Signed in from this browser
      </h4>
      {error && (
        <div class="notice notice--error" role="alert">
          <p>This browser's sign-ins could not be read: {error}</p>
          <button
            type="button"
            class="button button--neutral button--small"
            onClick={() => void store.load()}
          >
            Try again
          </button>
        </div>
      )}
      {!status && !error && (
        <p class="form-hint" role="status">
          Looking up this browser's sign-ins…
        </p>
      )}
      {status?.orgs.length === 0 && (
        <p class="form-hint">
          No org has a consumer key saved yet: add one above, save, then connect it here.
        </p>
      )}
      {status && status.orgs.length > 0 && (
        <ul class="settings__orgs" aria-labelledby="settings-oauth-connections">
          {status.orgs.map((org) => (
            <OrgRow key={orgKey(org)} org={org} store={store} />
          ))}
        </ul>
      )}
      <p class="form-hint">
        Connect opens the org's sign-in window; Sign out revokes this browser's sign-in at
        Salesforce. Both act at once, without Save.
      </p>
    </div>
  );
}

function OrgRow({ org, store }: { org: OrgSignIn; store: SignInStore }) {
  const key = orgKey(org);
  const action = store.working.value.get(key);
  const message = store.messages.value.get(key);
  const name = org.org;
  return (
    <li class="settings__org" data-org={name}>
      <p class="settings__org-line">
        <strong>{name}</strong>: {connectionWords(org.connected)}
      </p>
      {org.connected ? (
        <button
          type="button"
          class="button button--neutral button--small"
          aria-label={action ? `Signing out of ${name}…` : `Sign out of ${name}`}
          disabled={action !== undefined}
          onClick={() => void store.signOut(org)}
        >
          {action ? 'Signing out…' : 'Sign out'}
        </button>
      ) : (
        <button
          type="button"
          class="button button--brand button--small"
          aria-label={action ? `Connecting to ${name}…` : `Connect ${name}`}
          disabled={action !== undefined}
          onClick={() => void store.connect(org)}
        >
          {action ? 'Connecting…' : 'Connect'}
        </button>
      )}
      {message && <OrgMessageLine message={message} />}
    </li>
  );
}

function OrgMessageLine({ message }: { message: OrgMessage }) {
  return (
    <div
      class={message.tone === 'error' ? 'notice notice--error' : 'notice'}
      role={message.tone === 'error' ? 'alert' : 'status'}
    >
      <p>{message.text}</p>
      {message.detail && (
        <details>
          <summary>Salesforce's own words</summary>
          <code>{message.detail}</code>
        </details>
      )}
    </div>
  );
}
