import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiKeyPlatform } from '../../lib/platforms/descriptor-registry';
import type { Redaction, WriteMode } from '../../lib/settings/schema';
import { settingsProblemLine } from '../../lib/settings/schema';
import { ApiKeyAccess } from '../shared/ApiKeyAccess';
import { BannerMessage } from '../shared/BannerMessage';
import { createCredentialsStore } from '../shared/credentials';
import { ErrorText } from '../shared/ErrorText';
import type { OptionsStore } from './options-store';
import { ProfilesEditor } from './ProfilesEditor';
import { SettingsImportPanel, useSettingsFiles } from './SettingsImport';
import { SalesforceSignInPart } from './SettingsSignIn';
import { RecordFieldSources } from './SettingsSources';
import { TrustControls } from './SettingsTrust';
import { saveFile } from './save-file';
import type { SettingsApi } from './settings-api';
import {
  errorAt,
  SettingArea,
  type SettingsForm,
  SettingsPart,
  TextField,
} from './settings-controls';
import type { SettingsDraft } from './settings-draft';
import { controlId, controlPaths, placeProblems, within } from './settings-problems';
import { createSettingsStore, type SettingsStore } from './settings-store';
import { TokenTestPanel } from './TokenTestPanel';

export interface SettingsSectionProps {
  api: SettingsApi;
  /** The page's store: the field catalogs the record fields are picked from. */
  store: OptionsStore;
  /** Saves the export (a download by default). */
  save?: (name: string, text: string) => void;
  /**
   * Top-level settings keys an organisation's policy sets ('trust', 'redaction'…): shown read-only
   * with "Set by your organisation".
   */
  managed?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Settings: everything the settings file holds, edited in one form and saved all or nothing —
 * trust (policy, audiences, trusted issuers with "Test a token"), where contexts come from, privacy,
 * how each console is read — with the settings file's import and export, and the API keys.
 */
export function SettingsSection({
  api,
  store: options,
  save = saveFile,
  managed = NONE,
}: SettingsSectionProps) {
  const [store] = useState(() => createSettingsStore(api));
  useEffect(() => {
    void store.load();
  }, [store]);
  const files = useSettingsFiles(store, save);
  const draft = store.draft.value;
  const problems = store.problems.value;
  const placed = useMemo(
    () => placeProblems(problems, draft ? controlPaths(draft) : []),
    [problems, draft],
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    if (await store.save()) return;
    // The summary says what is wrong, with a link to each control: focus goes there.
    setTimeout(() => document.getElementById('settings-problems')?.focus(), 0);
  };

  return (
    <section class="section section--settings" aria-labelledby="settings-title">
      <Toolbar store={store} files={files} />
      <div class="live">
        {store.banner.value && (
          <BannerMessage
            banner={store.banner.value}
            onDismiss={() => {
              store.banner.value = null;
            }}
          />
        )}
      </div>
      <SettingsImportPanel files={files} dirty={store.dirty.value} />
      <ProblemSummary store={store} placed={placed} />
      {store.status.value === 'loading' && <p class="form-hint">Loading the settings…</p>}
      {draft && (
        <SettingsFormView
          store={store}
          form={{
            draft,
            edit: store.edit,
            problemsAt: (path) => placed.byControl.get(path),
            hasProblemsWithin: (prefix) =>
              [...placed.byControl.keys()].some((c) => within(c, prefix)),
            managed: (key) => managed.has(key),
          }}
          catalogs={options.catalogs.value}
          onSubmit={submit}
        />
      )}
      <Access api={api} />
    </section>
  );
}

function Toolbar({
  store,
  files,
}: {
  store: SettingsStore;
  files: ReturnType<typeof useSettingsFiles>;
}) {
  const ready = store.status.value === 'ready';
  return (
    <div class="toolbar">
      <div class="toolbar__title">
        <h2 class="section__title" id="settings-title">
          Settings
        </h2>
        <p class="toolbar__count" role="status">
          {ready ? (store.dirty.value ? 'Unsaved changes' : 'All changes saved') : ''}
        </p>
      </div>
      <div class="toolbar__actions">
        <button
          type="submit"
          form="settings-form"
          class="button button--brand"
          disabled={!ready || store.saving.value}
        >
          {store.saving.value ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          class="button button--neutral"
          ref={files.importRef}
          disabled={!ready}
          onClick={files.choose}
        >
          Import settings…
        </button>
        <input
          type="file"
          accept=".json,application/json"
          hidden
          ref={files.fileRef}
          aria-label="Settings file to import"
          data-testid="settings-import-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void files.onFile(file);
          }}
        />
        <button
          type="button"
          class="button button--neutral"
          disabled={!ready}
          onClick={files.exportSaved}
        >
          Export settings
        </button>
      </div>
    </div>
  );
}

/** Every problem of the last save (or token test), each a link to its control when it has one. */
function ProblemSummary({
  store,
  placed,
}: {
  store: SettingsStore;
  placed: ReturnType<typeof placeProblems>;
}) {
  const problems = store.problems.value;
  if (problems.length === 0) return null;
  const controlOfProblem = new Map<unknown, string>();
  for (const [control, list] of placed.byControl)
    for (const p of list) controlOfProblem.set(p, control);
  return (
    <div
      class="notice notice--error settings__summary"
      id="settings-problems"
      tabIndex={-1}
      role="alert"
    >
      <p>
        <strong>Not saved: nothing changed.</strong> What you typed is kept. Fix{' '}
        {problems.length === 1 ? 'this problem' : `these ${problems.length} problems`}, then save
        again:
      </p>
      <ul class="import__errors">
        {problems.map((p) => {
          const control = controlOfProblem.get(p);
          const line = settingsProblemLine(p);
          return (
            <li key={line}>
              {control ? (
                <a
                  href={`#${controlId(control)}`}
                  onClick={(e) => {
                    // The location hash names the page's section: a link here only moves focus.
                    e.preventDefault();
                    focusControl(controlId(control));
                  }}
                >
                  {line}
                </a>
              ) : (
                <code>{line}</code>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Focus on a control, or on the first input of a group of them (radios, an issuer list). */
function focusControl(id: string) {
  const el = document.getElementById(id);
  const target = el?.matches('input, textarea, select')
    ? el
    : el?.querySelector<HTMLElement>('input, textarea, select, button');
  target?.focus();
}

function SettingsFormView({
  store,
  form,
  catalogs,
  onSubmit,
}: {
  store: SettingsStore;
  form: SettingsForm;
  catalogs: Parameters<typeof RecordFieldSources>[0]['catalogs'];
  onSubmit(event: Event): void;
}) {
  const { draft } = form;
  const set = (path: string, change: Partial<SettingsDraft>) =>
    form.edit((d) => ({ ...d, ...change }), path);
  return (
    <form id="settings-form" class="settings" onSubmit={onSubmit} noValidate>
      <SettingsPart
        id="settings-trust"
        title="Trust"
        lead="Which handoff contexts may fill fields: signed ones are checked against the public keys of the bots you trust."
      >
        <SettingArea form={form} settingKey="trust">
          <TrustControls form={form} known={store.knownAudiences.value} />
        </SettingArea>
        <TokenTestPanel store={store} />
      </SettingsPart>
      <SettingsPart
        id="settings-sources"
        title="Where contexts come from"
        lead="Besides the conversation: record fields filled by your own flow, panels on the console page, and Kustomer bot apps."
      >
        <SettingArea form={form} settingKey="recordFieldSources">
          <RecordFieldSources form={form} catalogs={catalogs} />
        </SettingArea>
        <SettingArea form={form} settingKey="postMessageOrigins">
          <TextField
            form={form}
            path="postMessageOrigins"
            label="postMessage origins, one a line"
            rows={3}
            code
            placeholder="https://assist.example.com"
            value={draft.postMessageOrigins}
            onInput={(postMessageOrigins) => set('postMessageOrigins', { postMessageOrigins })}
            hint="Frames on the console page (an agent-assist panel) whose contexts are read: exact https:// origins, no path, no wildcard."
          />
        </SettingArea>
        <SettingArea form={form} settingKey="kustomerBotApps">
          <TextField
            form={form}
            path="kustomerBotApps"
            label="Kustomer bot apps, one a line"
            rows={2}
            value={draft.kustomerBotApps}
            onInput={(kustomerBotApps) => set('kustomerBotApps', { kustomerBotApps })}
            hint="Apps whose outbound messages are a bot's, besides Customer Assist (a third-party bot installed as an app). A workflow's automatic reply is never the bot."
          />
        </SettingArea>
      </SettingsPart>
      <WritingPart form={form} />
      <PrivacyPart form={form} />
      <SalesforceSignInPart
        form={form}
        api={store.api}
        saved={JSON.stringify(store.saved.value?.salesforceOAuth ?? null)}
      />
      <SettingsPart
        id="settings-profiles"
        title="Reading the console"
        lead="Corrections to how each console's conversation is read, for a console whose markup changed: empty keeps what Handoff Fields ships."
      >
        <SettingArea form={form} settingKey="transcriptProfiles">
          <ProfilesEditor form={form} />
        </SettingArea>
      </SettingsPart>
      <div class="form-actions form-actions--static">
        <button type="submit" class="button button--brand" disabled={store.saving.value}>
          {store.saving.value ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

const writeModes: Array<{ value: WriteMode; label: string }> = [
  { value: 'auto', label: 'Fill the fields at once' },
  { value: 'confirm', label: 'Show the plan first: the agent presses Fill N fields or Not now' },
  {
    value: 'verify-only',
    label: 'Verify only — read and compare, never write (QA and supervisors)',
  },
];

function WritingPart({ form }: { form: SettingsForm }) {
  return (
    <SettingsPart
      id="settings-writing"
      title="Writing"
      lead="When a trusted handoff fills the record. With confirmation, nothing is written before the agent's click, and the journal records who confirmed and when. Verify only never writes: each handoff is compared with what the record holds, and the panel and the journal say what matched."
    >
      <SettingArea form={form} settingKey="writeMode">
        <fieldset class="fieldset" id={controlId('writeMode')}>
          <legend class="form-label">When a handoff arrives</legend>
          {writeModes.map((m) => (
            <label class="choice" key={m.value}>
              <input
                type="radio"
                name="settings-write-mode"
                value={m.value}
                checked={form.draft.writeMode === m.value}
                onChange={() => form.edit((d) => ({ ...d, writeMode: m.value }), 'writeMode')}
              />
              <span>{m.label}</span>
            </label>
          ))}
          <ErrorText id={`${controlId('writeMode')}-error`} error={errorAt(form, 'writeMode')} />
        </fieldset>
      </SettingArea>
    </SettingsPart>
  );
}

const redactions: Array<{ value: Redaction; label: string }> = [
  { value: 'none', label: 'Keep values as they were' },
  { value: 'mask', label: 'Mask: first and last character only (A••••1)' },
  { value: 'hash', label: 'Hash: comparable, not readable (SHA-256)' },
];

function PrivacyPart({ form }: { form: SettingsForm }) {
  const { draft } = form;
  const redactionError = errorAt(form, 'redaction');
  return (
    <SettingsPart
      id="settings-privacy"
      title="Privacy"
      lead="What the journal keeps of a handoff once it settled, and for how long. With mask or hash the message text goes too, so Retry cannot run a settled context again."
    >
      <SettingArea form={form} settingKey="redaction">
        <fieldset class="fieldset" id={controlId('redaction')}>
          <legend class="form-label">Journal values once a handoff settled</legend>
          {redactions.map((r) => (
            <label class="choice" key={r.value}>
              <input
                type="radio"
                name="settings-redaction"
                value={r.value}
                checked={draft.redaction === r.value}
                onChange={() => form.edit((d) => ({ ...d, redaction: r.value }), 'redaction')}
              />
              <span>{r.label}</span>
            </label>
          ))}
          <ErrorText id={`${controlId('redaction')}-error`} error={redactionError} />
        </fieldset>
      </SettingArea>
      <SettingArea form={form} settingKey="retentionDays">
        <TextField
          form={form}
          path="retentionDays"
          label="Keep the journal for (days)"
          size="input--short"
          inputMode="numeric"
          placeholder="30"
          value={draft.retentionDays}
          onInput={(retentionDays) => form.edit((d) => ({ ...d, retentionDays }), 'retentionDays')}
          hint="Older handoffs and settled writes are deleted: 1 to 3650 days. A shorter time applies at once when saved."
        />
      </SettingArea>
    </SettingsPart>
  );
}

/** The API keys of the platform that takes them (Kustomer access), as in the popup: open here. */
function Access({ api }: { api: SettingsApi }) {
  const [credentials] = useState(() => {
    const platform = apiKeyPlatform();
    if (!platform) return null;
    const created = createCredentialsStore(api, platform);
    created.open.value = true;
    return created;
  });
  return credentials ? <ApiKeyAccess store={credentials} /> : null;
}
