import { useRef } from 'preact/hooks';
import type { KnownAudience } from '../../lib/messaging/protocol';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import type { TrustPolicy } from '../../lib/settings/schema';
import { ErrorText } from '../shared/ErrorText';
import { errorAt, type SettingsForm, TextField } from './settings-controls';
import { keySummaries, newUid, type SettingsDraft } from './settings-draft';
import { controlId } from './settings-problems';

const policies: Array<{ value: TrustPolicy; label: string; hint: string }> = [
  {
    value: 'signed-or-bot',
    label: 'Signed, or posted by the bot',
    hint: 'A signed context from a trusted issuer fills fields whoever posted it; an unsigned one (Key: Value lines, JSON) only when the console shows the bot posted it, and not when it repeats what the customer wrote.',
  },
  {
    value: 'signed-only',
    label: 'Signed only',
    hint: 'Only a signed context from a trusted issuer fills fields. Unsigned ones are refused even from the bot: choose this once your bot signs its contexts.',
  },
];

/** Trust: the policy, the audiences, the trusted issuers with their public keys, the lifetimes. */
export function TrustControls({
  form,
  known,
}: {
  form: SettingsForm;
  known: KnownAudience[] | null;
}) {
  const { draft } = form;
  const set = (path: string, change: Partial<SettingsDraft>) =>
    form.edit((d) => ({ ...d, ...change }), path);
  const policyError = errorAt(form, 'trust.policy');
  return (
    <>
      <fieldset class="fieldset" id={controlId('trust.policy')}>
        <legend class="form-label">Which contexts fill fields</legend>
        {policies.map((p) => (
          <label class="choice choice--top" key={p.value}>
            <input
              type="radio"
              name="settings-policy"
              value={p.value}
              checked={draft.policy === p.value}
              aria-describedby={`settings-policy-${p.value}-hint`}
              onChange={() => set('trust.policy', { policy: p.value })}
            />
            <span>
              <strong>{p.label}</strong>
              <span class="form-hint settings__choice-hint" id={`settings-policy-${p.value}-hint`}>
                {p.hint}
              </span>
            </span>
          </label>
        ))}
        <ErrorText id={`${controlId('trust.policy')}-error`} error={policyError} />
      </fieldset>
      <TextField
        form={form}
        path="trust.audiences"
        label="Audiences, one a line"
        rows={3}
        code
        value={draft.audiences}
        onInput={(audiences) => set('trust.audiences', { audiences })}
        hint="A signed context names the org it is for (its aud): your Salesforce org id (00D…) or your Kustomer org name. One is needed as soon as an issuer is listed."
      />
      <KnownAudiences form={form} known={known} />
      <Issuers form={form} />
      <div class="settings__pair">
        <TextField
          form={form}
          path="trust.maxAgeSeconds"
          label="Longest lifetime of a signed context (seconds)"
          size="input--short"
          inputMode="numeric"
          placeholder="86400"
          value={draft.maxAgeSeconds}
          onInput={(maxAgeSeconds) => set('trust.maxAgeSeconds', { maxAgeSeconds })}
          hint="Older contexts are refused whatever their expiry: 1 second to 30 days (2592000)."
        />
        <TextField
          form={form}
          path="trust.clockSkewSeconds"
          label="Clock difference tolerated (seconds)"
          size="input--short"
          inputMode="numeric"
          placeholder="60"
          value={draft.clockSkewSeconds}
          onInput={(clockSkewSeconds) => set('trust.clockSkewSeconds', { clockSkewSeconds })}
          hint="Between the bot's clock and the agent's: 0 to 600."
        />
      </div>
    </>
  );
}

/** The audiences of the orgs this browser has seen, each added with one button. */
function KnownAudiences({ form, known }: { form: SettingsForm; known: KnownAudience[] | null }) {
  if (known === null) return <p class="form-hint">Looking for the orgs this browser has seen…</p>;
  if (known.length === 0) {
    return (
      <p class="form-hint">
        No org seen in this browser yet (import a field catalog, or handle a handoff): type the
        audiences above.
      </p>
    );
  }
  const listed = new Set(form.draft.audiences.split('\n').map((a) => a.trim()));
  return (
    <div class="settings__known">
      <p class="form-hint" id="settings-known-audiences">
        Seen in this browser:
      </p>
      <ul class="settings__chips" aria-labelledby="settings-known-audiences">
        {known.map((k) => {
          const where = `${platformNames[k.platform] ?? k.platform} · ${k.org}`;
          if (k.audience === null) {
            return (
              <li key={`${k.platform}:${k.org}`} class="form-hint">
                {where}: sign in to this org in this browser to read its org id.
              </li>
            );
          }
          const audience = k.audience;
          return (
            <li key={`${k.platform}:${k.org}`}>
              <button
                type="button"
                class="button button--neutral button--small"
                disabled={listed.has(audience)}
                onClick={() =>
                  form.edit(
                    (d) => ({
                      ...d,
                      audiences: [d.audiences.trimEnd(), audience].filter(Boolean).join('\n'),
                    }),
                    'trust.audiences',
                  )
                }
              >
                {listed.has(audience) ? `${audience} is listed` : `Add ${audience}`}
                <span class="settings__chip-where"> ({where})</span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The trusted issuers: each an `iss` and its public key(s), with every `kid` shown. */
function Issuers({ form }: { form: SettingsForm }) {
  const { draft } = form;
  const addRef = useRef<HTMLButtonElement>(null);
  const issuersError = errorAt(form, 'trust.issuers');
  const setIssuer = (i: number, path: string, change: Partial<SettingsDraft['issuers'][number]>) =>
    form.edit(
      (d) => ({ ...d, issuers: d.issuers.map((x, j) => (j === i ? { ...x, ...change } : x)) }),
      path,
    );
  return (
    <fieldset class="fieldset settings__issuers" id={controlId('trust.issuers')}>
      <legend class="form-label">Trusted issuers (the bots that sign contexts)</legend>
      {draft.issuers.length === 0 && (
        <p class="form-hint">
          None: only unsigned contexts from the bot can fill fields. Add your bot with its public
          key to accept its signed contexts.
        </p>
      )}
      {draft.issuers.map((issuer, i) => (
        <div class="settings__issuer" key={issuer.uid} data-issuer={i}>
          <TextField
            form={form}
            path={`trust.issuers[${i}].iss`}
            label={`Issuer ${i + 1}: its name (iss)`}
            code
            value={issuer.iss}
            onInput={(iss) => setIssuer(i, `trust.issuers[${i}].iss`, { iss })}
            hint="Exactly as the bot writes it in the token's iss claim."
          />
          <TextField
            form={form}
            path={`trust.issuers[${i}].keys`}
            label={`Issuer ${i + 1}: public key (a JWK, or a JWKS {"keys": […]})`}
            rows={6}
            code
            value={issuer.keys}
            onInput={(keys) => setIssuer(i, `trust.issuers[${i}].keys`, { keys })}
            hint="Only the public key (EC P-256: kty, crv, x, y; RSA: kty, n, e; and its kid). A private key is refused."
          />
          <KeyList text={issuer.keys} index={i} />
          <button
            type="button"
            class="button button--neutral button--small button--destructive-text"
            onClick={() => {
              form.edit(
                (d) => ({ ...d, issuers: d.issuers.filter((_, j) => j !== i) }),
                'trust.issuers',
              );
              addRef.current?.focus();
            }}
          >
            Remove issuer {i + 1}
            {issuer.iss.trim() ? ` (${issuer.iss.trim()})` : ''}
          </button>
        </div>
      ))}
      <ErrorText id={`${controlId('trust.issuers')}-error`} error={issuersError} />
      <div>
        <button
          type="button"
          class="button button--neutral button--small"
          ref={addRef}
          onClick={() =>
            form.edit(
              (d) => ({ ...d, issuers: [...d.issuers, { uid: newUid(), iss: '', keys: '' }] }),
              'trust.issuers',
            )
          }
        >
          Add issuer
        </button>
      </div>
    </fieldset>
  );
}

/** Each pasted key's `kid` (how a token names the key it was signed with) and type. */
function KeyList({ text, index }: { text: string; index: number }) {
  const keys = keySummaries(text);
  if (keys.length === 0) return null;
  return (
    <p class="form-hint settings__kids" data-kids={index}>
      {keys.length === 1 ? 'Key: ' : `${keys.length} keys: `}
      {keys.map((k, i) => (
        <span key={`${i}-${k.kid}`}>
          {i > 0 && ', '}
          {k.kid === null ? <em>no kid</em> : <code>{k.kid}</code>} ({k.kty})
        </span>
      ))}
    </p>
  );
}
