import { useSignal } from '@preact/signals';
import { Fragment } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { orgsFromUrls } from '../../lib/platforms/console-tabs';
import {
  type PlatformDescriptor,
  platformDescriptor,
  platformDescriptors,
  platformNames,
  wordList,
} from '../../lib/platforms/descriptor-registry';
import type { Catalog, PlatformId } from '../../lib/platforms/types';
import { describedBy, ErrorText } from '../shared/ErrorText';
import { messageOf } from '../shared/message-of';
import type { OptionsApi } from './options-api';
import type { OptionsStore } from './options-store';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const importedAt = (at: number) => timeFormat.format(new Date(at));

type Outcome = { tone: 'success' | 'error'; text: string } | null;

/** A stored catalog's platform as the table shows it (its id, should it no longer be registered). */
const nameOf = (platform: PlatformId) => platformNames[platform] ?? platform;

/**
 * Field catalogs: "Import fields" per platform from the console tab the admin has open (the
 * background reads them with the signed-in session), the stored catalogs with when each was
 * imported and a Refresh, and a pasted describe / metadata when no console is open.
 */
export function CatalogsSection({ store, api }: { store: OptionsStore; api: OptionsApi }) {
  /** Per platform: the orgs to choose from when several consoles are open. */
  const choices = useSignal<Partial<Record<PlatformId, string[]>>>({});
  const outcome = useSignal<Partial<Record<PlatformId, Outcome>>>({});
  const working = useSignal<string | null>(null);

  const setOutcome = (platform: PlatformId, o: Outcome) => {
    outcome.value = { ...outcome.value, [platform]: o };
  };

  async function importFrom(platform: PlatformId, org: string) {
    working.value = `${platform}:${org}`;
    setOutcome(platform, null);
    try {
      const result = await api.importCatalog(platform, org);
      await store.reloadCatalogs();
      const read = result.imported.map((c) => `${c.object} (${c.fieldCount} fields)`).join(' and ');
      const failed = result.failed.map((f) => `${f.object} could not be read: ${f.message}`);
      setOutcome(platform, {
        tone: failed.length > 0 ? 'error' : 'success',
        text: [`Imported from ${org}: ${read}.`, ...failed].join(' '),
      });
    } catch (error) {
      setOutcome(platform, {
        tone: 'error',
        text: `Nothing imported from ${org}. ${messageOf(error)}`,
      });
    } finally {
      working.value = null;
    }
  }

  async function findAndImport(platform: PlatformId) {
    setOutcome(platform, null);
    choices.value = { ...choices.value, [platform]: undefined };
    let orgs: string[];
    try {
      orgs = orgsFromUrls(platform, await api.consoleTabs(platform));
    } catch (error) {
      setOutcome(platform, { tone: 'error', text: messageOf(error) });
      return;
    }
    if (orgs.length === 0) {
      setOutcome(platform, {
        tone: 'error',
        text: platformDescriptor(platform).words.noConsoleOpen,
      });
      return;
    }
    if (orgs.length > 1) {
      choices.value = { ...choices.value, [platform]: orgs };
      return;
    }
    await importFrom(platform, orgs[0] as string);
  }

  const catalogs = store.catalogs.value;
  return (
    <section class="section section--catalogs" aria-labelledby="catalogs-title">
      <h2 class="section__title" id="catalogs-title">
        Field catalogs
      </h2>
      <p class="section__lead">
        The fields of each object, read from your org as you see them: the mapping editor offers
        them by label or API name with their type, fills value maps from picklist values, and checks
        every mapping against them.
      </p>
      <div class="cards">
        {platformDescriptors().map((platform) => (
          <PlatformCard
            key={platform.id}
            platform={platform}
            orgs={choices.value[platform.id]}
            outcome={outcome.value[platform.id] ?? null}
            working={working.value}
            onImport={() => void findAndImport(platform.id)}
            onImportOrg={(org) => void importFrom(platform.id, org)}
          />
        ))}
      </div>
      <CatalogTable
        catalogs={catalogs}
        working={working.value}
        onRefresh={(c) => void importFrom(c.platform, c.org)}
      />
      <PasteForm store={store} api={api} />
    </section>
  );
}

function PlatformCard({
  platform,
  orgs,
  outcome,
  working,
  onImport,
  onImportOrg,
}: {
  platform: PlatformDescriptor;
  orgs: string[] | undefined;
  outcome: Outcome;
  working: string | null;
  onImport(): void;
  onImportOrg(org: string): void;
}) {
  const { name } = platform;
  const objects = platform.objects.catalogs.join(' and ');
  const busy = working?.startsWith(`${platform.id}:`) ?? false;
  return (
    <div class="card" data-platform={platform.id}>
      <h3 class="card__title">{name}</h3>
      <p class="form-hint">
        Reads {objects} from the {name} {platform.console.word} open in this browser, as you.
      </p>
      <div>
        <button type="button" class="button button--brand" disabled={busy} onClick={onImport}>
          {busy ? 'Importing…' : `Import fields from ${name}`}
        </button>
      </div>
      {orgs && (
        <fieldset class="fieldset">
          <legend class="form-label">Several {name} orgs are open: import from</legend>
          <div class="card__orgs">
            {orgs.map((org) => (
              <button
                type="button"
                key={org}
                class="button button--neutral button--small"
                disabled={busy}
                onClick={() => onImportOrg(org)}
              >
                {org}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      <div aria-live="polite" class="card__outcome">
        {outcome && (
          <p
            class={`notice notice--${outcome.tone}`}
            role={outcome.tone === 'error' ? 'alert' : undefined}
          >
            {outcome.text}
          </p>
        )}
      </div>
    </div>
  );
}

function CatalogTable({
  catalogs,
  working,
  onRefresh,
}: {
  catalogs: readonly Catalog[];
  working: string | null;
  onRefresh(c: Catalog): void;
}) {
  if (catalogs.length === 0) {
    return (
      <p class="empty">
        No field catalog yet: import the fields from an open console, or paste a response below.
      </p>
    );
  }
  return (
    <table class="table" aria-labelledby="catalogs-stored">
      <caption id="catalogs-stored" class="table__caption">
        Imported catalogs
      </caption>
      <thead>
        <tr>
          <th scope="col">Platform</th>
          <th scope="col">Org</th>
          <th scope="col">Object</th>
          <th scope="col">Fields</th>
          <th scope="col">Imported</th>
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {catalogs.map((c) => (
          <tr
            key={`${c.platform}|${c.org}|${c.object}`}
            data-catalog={`${c.platform}:${c.org}:${c.object}`}
          >
            <td>{nameOf(c.platform)}</td>
            <td>{c.org}</td>
            <td>{c.object}</td>
            <td>{c.fields.length}</td>
            <td>
              <time dateTime={new Date(c.fetchedAt).toISOString()}>{importedAt(c.fetchedAt)}</time>
            </td>
            <td>
              <button
                type="button"
                class="button button--neutral button--small"
                disabled={working !== null}
                aria-label={`Refresh the ${nameOf(c.platform)} fields of ${c.org}`}
                onClick={() => onRefresh(c)}
              >
                Refresh
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A describe or metadata response pasted by hand, with the org it came from. */
function PasteForm({ store, api }: { store: OptionsStore; api: OptionsApi }) {
  const id = useId();
  const org = useSignal('');
  const text = useSignal('');
  const errors = useSignal<{ org?: string; json?: string }>({});
  const result = useSignal<string | null>(null);
  const saving = useSignal(false);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    result.value = null;
    const next: { org?: string; json?: string } = {};
    if (org.value.trim() === '') next.org = 'Name the org the response came from, e.g. acme.';
    let json: unknown;
    if (text.value.trim() === '') next.json = 'Paste the response.';
    else {
      try {
        json = JSON.parse(text.value);
      } catch (error) {
        next.json = `This is not JSON (${error instanceof Error ? error.message : 'unreadable'}): paste the response exactly as the platform sent it.`;
      }
    }
    errors.value = next;
    if (Object.keys(next).length > 0) {
      queueMicrotask(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    saving.value = true;
    try {
      const answer = await api.pasteCatalog(org.value, json);
      if ('error' in answer) {
        errors.value = { json: answer.error };
        queueMicrotask(() => formRef.current?.querySelector<HTMLElement>('textarea')?.focus());
      } else {
        const c = answer.stored;
        result.value = `Stored the ${nameOf(c.platform)} ${c.object} fields of ${c.org} (${c.fieldCount} fields).`;
        text.value = '';
        await store.reloadCatalogs();
      }
    } catch (error) {
      errors.value = { org: messageOf(error) };
    } finally {
      saving.value = false;
    }
  };

  const e = errors.value;
  return (
    <form class="paste" ref={formRef} onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 class="card__title" id={`${id}-title`}>
        No console open? Paste a response
      </h3>
      <p class="form-hint">
        {platformDescriptors().map((p, i) => (
          <Fragment key={p.id}>
            {i > 0 && ' '}
            <PasteHint platform={p} />
          </Fragment>
        ))}
      </p>
      <div class="form-row paste__org">
        <label class="form-label" for={`${id}-org`}>
          Org
        </label>
        <input
          id={`${id}-org`}
          class="input"
          type="text"
          value={org.value}
          autocomplete="off"
          spellcheck={false}
          placeholder="acme"
          aria-invalid={e.org ? true : undefined}
          aria-describedby={describedBy(`${id}-org-hint`, e.org ? `${id}-org-error` : undefined)}
          onInput={(ev) => {
            org.value = ev.currentTarget.value;
            if (errors.value.org) errors.value = { ...errors.value, org: undefined };
          }}
        />
        <p class="form-hint" id={`${id}-org-hint`}>
          The first part of {wordList(platformDescriptors().map((p) => p.console.exampleHost))}.
        </p>
        <ErrorText id={`${id}-org-error`} error={e.org} />
      </div>
      <div class="form-row">
        <label class="form-label" for={`${id}-json`}>
          Describe or metadata response (JSON)
        </label>
        <textarea
          id={`${id}-json`}
          class="input input--code"
          rows={6}
          value={text.value}
          spellcheck={false}
          aria-invalid={e.json ? true : undefined}
          aria-describedby={describedBy(e.json ? `${id}-json-error` : undefined)}
          onInput={(ev) => {
            text.value = ev.currentTarget.value;
            if (errors.value.json) errors.value = { ...errors.value, json: undefined };
          }}
        />
        <ErrorText id={`${id}-json-error`} error={e.json} />
      </div>
      <div>
        <button type="submit" class="button button--brand" disabled={saving.value}>
          {saving.value ? 'Storing…' : 'Store the fields'}
        </button>
      </div>
      <div aria-live="polite">
        {result.value && <p class="notice notice--success">{result.value}</p>}
      </div>
    </form>
  );
}

/** "Salesforce: the response of `GET …` (where to find it)." */
function PasteHint({ platform }: { platform: PlatformDescriptor }) {
  const { requests, where } = platform.words.pasteHelp;
  return (
    <>
      {platform.name}: the response of{' '}
      {requests.map((request, i) => (
        <Fragment key={request}>
          {i > 0 && ' or '}
          <code>{request}</code>
        </Fragment>
      ))}
      {where && ` (${where})`}.
    </>
  );
}
