import { useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { CredentialHint } from '../../lib/messaging/protocol';
import { describedBy, ErrorText } from '../shared/ErrorText';
import { apiKeyAuth, checkCredential, orgFromInput } from './credential-check';
import type { CredentialErrors, CredentialsStore } from './credentials';
import { InlineConfirm } from './InlineConfirm';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const savedDate = (savedAt: number) => dateFormat.format(new Date(savedAt));

/**
 * "<Platform> access" (today "Kustomer access", for the platform whose auth takes API keys,
 * `store.platform`): how the extension writes to it, and the restricted API keys an admin enters
 * where an org refuses the agent's session. Collapsed by default: most orgs need no key.
 */
export function ApiKeyAccess({ store }: { store: CredentialsStore }) {
  const id = useId();
  const { platform } = store;
  const auth = apiKeyAuth(platform);
  const orgRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (store.status.value === 'idle') void store.load();
  }, [store]);

  const open = store.open.value;
  const hints = store.hints.value;
  const notice = store.notice.value;
  const summary =
    store.status.value !== 'ready'
      ? ''
      : hints.length === 0
        ? 'as the signed-in agent'
        : `API key for ${hints.length === 1 ? '1 org' : `${hints.length} orgs`}`;

  return (
    <section class="access" aria-labelledby={`${id}-heading`}>
      <div class="access__bar">
        <h2 class="access__heading" id={`${id}-heading`}>
          <button
            type="button"
            class="access__toggle"
            aria-expanded={open}
            aria-controls={`${id}-body`}
            onClick={() => {
              store.open.value = !open;
            }}
          >
            {platform.name} access
          </button>
        </h2>
        {summary && <span class="access__summary">{summary}</span>}
      </div>
      <div class="access__body" id={`${id}-body`} hidden={!open}>
        <p class="form-hint">
          Handoff Fields writes to {platform.name} as the signed-in agent. Where your org refuses
          that, an admin enters a <strong>restricted API key</strong> (roles: {auth.keyRoles}): it
          stays only in this browser’s extension storage and is never shown again in full.
        </p>
        {notice && (
          <p
            class={`access__notice access__notice--${notice.tone}`}
            role={notice.tone === 'error' ? 'alert' : 'status'}
          >
            {notice.text}
          </p>
        )}
        <CredentialForm store={store} orgRef={orgRef} idPrefix={id} />
        <CredentialList store={store} onRemoved={() => orgRef.current?.focus()} />
      </div>
    </section>
  );
}

function CredentialForm({
  store,
  orgRef,
  idPrefix,
}: {
  store: CredentialsStore;
  orgRef: RefObject<HTMLInputElement | null>;
  idPrefix: string;
}) {
  const org = useSignal('');
  const errors = useSignal<CredentialErrors>({});
  const saving = useSignal(false);
  // The key stays in its input (uncontrolled): no signal, state or prop ever holds it.
  const keyRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = useRef(false);
  const id = (name: string) => `${idPrefix}-${name}`;

  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });

  const clear = (...keys: Array<keyof CredentialErrors>) => {
    if (keys.some((k) => errors.value[k])) {
      const next = { ...errors.value };
      for (const k of keys) delete next[k];
      errors.value = next;
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const keyInput = keyRef.current;
    if (saving.value || !keyInput) return;
    const check = checkCredential(store.platform, org.value, keyInput.value);
    if (!check.ok) {
      errors.value = check.errors;
      focusFirstError.current = true;
      return;
    }
    errors.value = {};
    saving.value = true;
    const refused = await store.save(check.org, check.apiKey);
    saving.value = false;
    if (refused) {
      // What the admin typed stays, org and key alike, so a fix is one edit away.
      errors.value = refused;
      focusFirstError.current = true;
      return;
    }
    keyInput.value = '';
    org.value = '';
  };

  const e = errors.value;
  const { platform } = store;
  const existing = store.hints.value.find((h) => h.org === orgFromInput(platform, org.value));
  return (
    <form class="access__form" ref={formRef} onSubmit={submit} noValidate>
      <div class="form-row">
        <label class="form-label" for={id('org')}>
          {platform.name} org
        </label>
        <input
          id={id('org')}
          ref={orgRef}
          class="input"
          type="text"
          value={org.value}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder="acme"
          aria-invalid={e.org ? true : undefined}
          aria-describedby={describedBy(id('org-hint'), e.org ? id('org-error') : undefined)}
          onInput={(ev) => {
            org.value = ev.currentTarget.value;
            clear('org', 'form');
          }}
        />
        <p class="form-hint" id={id('org-hint')}>
          {existing
            ? `${existing.org} has a key (••••${existing.last4}): saving replaces it.`
            : apiKeyAuth(platform).orgHint}
        </p>
        <ErrorText id={id('org-error')} error={e.org} />
      </div>
      <div class="form-row">
        <label class="form-label" for={id('key')}>
          API key
        </label>
        <input
          id={id('key')}
          ref={keyRef}
          class="input"
          type="password"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          aria-invalid={e.apiKey ? true : undefined}
          aria-describedby={describedBy(id('key-hint'), e.apiKey ? id('key-error') : undefined)}
          onInput={() => clear('apiKey', 'form')}
        />
        <p class="form-hint" id={id('key-hint')}>
          Stored in this browser only; afterwards shown as its last four characters.
        </p>
        <ErrorText id={id('key-error')} error={e.apiKey} />
      </div>
      {e.form && (
        <p class="form-error" role="alert">
          Not stored. {e.form}
        </p>
      )}
      <div>
        <button type="submit" class="button button--brand button--small" disabled={saving.value}>
          {saving.value ? 'Saving key…' : 'Save key'}
        </button>
      </div>
    </form>
  );
}

function CredentialList({ store, onRemoved }: { store: CredentialsStore; onRemoved(): void }) {
  const status = store.status.value;
  if (status === 'idle' || status === 'loading') {
    return <p class="form-hint">Loading API keys…</p>;
  }
  if (status === 'failed') {
    return (
      <button
        type="button"
        class="button button--neutral button--small"
        onClick={() => void store.load()}
      >
        Load the API keys again
      </button>
    );
  }
  if (store.hints.value.length === 0) {
    return <p class="form-hint">No API keys stored: every write goes as the signed-in agent.</p>;
  }
  return (
    <ul class="cred-list" aria-label={`${store.platform.name} orgs with an API key`}>
      {store.hints.value.map((hint) => (
        <CredentialRow
          key={hint.org}
          platformName={store.platform.name}
          hint={hint}
          pending={store.pending.value.has(hint.org)}
          onRemove={async () => {
            if (await store.remove(hint.org)) onRemoved();
          }}
        />
      ))}
    </ul>
  );
}

function CredentialRow({
  platformName,
  hint,
  pending,
  onRemove,
}: {
  platformName: string;
  hint: CredentialHint;
  pending: boolean;
  onRemove(): void;
}) {
  const confirming = useSignal(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // As for a mapping's delete: focus on the safe answer, then back to Remove.
  useEffect(() => {
    if (confirming.value) cancelRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming.value;
  }, [confirming.value]);

  return (
    <li class="cred" data-org={hint.org}>
      <p class="cred__text">
        <span class="cred__org">{hint.org}</span>
        <span aria-hidden="true"> · </span>
        <span class="cred__key">
          <span class="sr-only">, key ending in </span>
          <span aria-hidden="true">••••</span>
          {hint.last4}
        </span>
        <span aria-hidden="true"> · </span>
        <span class="cred__date">
          <span class="sr-only">, </span>saved{' '}
          <time dateTime={new Date(hint.savedAt).toISOString()}>{savedDate(hint.savedAt)}</time>
        </span>
      </p>
      <button
        type="button"
        class="button button--neutral button--small button--destructive-text"
        aria-label={`Remove the API key for ${hint.org}`}
        disabled={pending}
        ref={removeRef}
        onClick={() => {
          confirming.value = true;
        }}
      >
        Remove
      </button>
      {confirming.value && (
        <InlineConfirm
          question={`Remove the API key for ${hint.org}? Writes then go as the signed-in agent, and ${platformName} may refuse them.`}
          confirmLabel="Remove key"
          pending={pending}
          cancelRef={cancelRef}
          onConfirm={() => {
            confirming.value = false;
            onRemove();
          }}
          onCancel={() => {
            confirming.value = false;
          }}
        />
      )}
    </li>
  );
}
