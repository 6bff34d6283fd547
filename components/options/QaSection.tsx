import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { journalFieldOutcomes, journalStatusFilters } from '../../lib/journal/status-filters';
import { platformIds, platformNames } from '../../lib/platforms/descriptor-registry';
import type { AuditApi } from './audit-api';
import type { JournalApi } from './journal-api';
import { AuditPanel } from './lazy-audit';
import { QaDetail } from './QaDetail';
import { QaTable } from './QaTable';
import { createQaStore, type QaStore } from './qa-store';
import {
  emptyFilterForm,
  fieldOutcomeFilterWords,
  isFiltered,
  matchWords,
  type QaFilterForm,
  statusFilterWords,
} from './qa-text';
import { saveFile } from './save-file';
import './qa.css';

/** How long the field filter waits after a keystroke before asking the background. */
const FIELD_DEBOUNCE_MS = 300;

/**
 * The QA journal: every handoff, newest first, with filters the background runs over the journal,
 * the match count (announced), a detail panel per handoff, and CSV / JSON exports of every match.
 */
export function QaSection({
  api,
  audit,
  save = saveFile,
}: {
  api: JournalApi;
  /** The audit's requests (default: the typed messages, built in the audit's own chunk). */
  audit?: AuditApi;
  /** How an export reaches the admin: a download (tests pass a spy). */
  save?: (name: string, text: string) => void;
}) {
  const [store] = useState(() => createQaStore(api));
  const tableRef = useRef<HTMLDivElement>(null);
  const change = useFilterChange(store);
  return (
    <section
      // With a handoff open, the section grows with its evidence and the page scrolls.
      class={store.detail.value ? 'section section--qa section--qa-detail' : 'section section--qa'}
      aria-labelledby="qa-title"
    >
      <h2 class="section__title" id="qa-title">
        QA journal
      </h2>
      <p class="section__lead">
        Every handoff this browser handled, newest first: where the context came from, whether it
        was trusted, and per field what was written, skipped or refused and what the platform held
        when read back. Open a row for its evidence; export what the filters match as CSV or JSON.
      </p>
      <Filters store={store} onChange={change} />
      <QaSummary store={store} save={save} />
      <QaWorkspace store={store} tableRef={tableRef} />
      <AuditPanel {...(audit ? { api: audit } : {})} save={save} />
    </section>
  );
}

/**
 * Runs the first search, and every filter change: at once, or (the field filter, typed) once the
 * admin pauses.
 */
function useFilterChange(store: QaStore) {
  const fieldTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    void store.search();
    return () => clearTimeout(fieldTimer.current);
  }, [store]);
  return (patch: Partial<QaFilterForm>, debounce = false) => {
    store.setForm(patch);
    clearTimeout(fieldTimer.current);
    if (debounce) fieldTimer.current = setTimeout(() => void store.search(), FIELD_DEBOUNCE_MS);
    else void store.search();
  };
}

/** The match count (announced), the exports and their outcome, and a failed search's error. */
function QaSummary({ store, save }: { store: QaStore; save(name: string, text: string): void }) {
  const status = store.status.value;
  const outcome = store.exportOutcome.value;
  return (
    <>
      <div class="qa-summary">
        <p id="qa-count" class="toolbar__count qa-count" role="status" aria-atomic="true">
          {status === 'loading'
            ? 'Searching the journal…'
            : status === 'ready'
              ? matchWords(store.matched.value, store.total.value, isFiltered(store.form.value))
              : ''}
        </p>
        <div class="toolbar__actions">
          <ExportButtons store={store} save={save} disabled={status !== 'ready'} />
        </div>
      </div>
      <div aria-live="polite" class="qa-export-outcome">
        {outcome && (
          <p
            class={`notice notice--${outcome.tone}`}
            role={outcome.tone === 'error' ? 'alert' : undefined}
          >
            {outcome.text}
          </p>
        )}
      </div>
      {store.error.value && (
        <div class="notice notice--error" role="alert">
          {store.error.value}{' '}
          <button
            type="button"
            class="button button--neutral button--small"
            onClick={() => void store.search()}
          >
            Try again
          </button>
        </div>
      )}
    </>
  );
}

/** The rows (or why there are none) and the open handoff's detail; focus returns to its row. */
function QaWorkspace({
  store,
  tableRef,
}: {
  store: QaStore;
  tableRef: RefObject<HTMLDivElement | null>;
}) {
  /** Focus on a row's button; on the first row's when that row is no longer listed (filtered out). */
  const focusRow = (id: number) =>
    queueMicrotask(() => {
      const table = tableRef.current;
      (
        table?.querySelector<HTMLButtonElement>(`button[data-open="${id}"]`) ??
        table?.querySelector<HTMLButtonElement>('button[data-open]')
      )?.focus();
    });

  const closeDetail = () => {
    const id = store.detail.value?.id;
    store.close();
    if (id !== undefined) focusRow(id);
  };

  const loadOlder = async () => {
    const before = store.rows.value.length;
    await store.loadOlder();
    // The button may be gone (the last page): the focus goes to the first row that came.
    const first = store.rows.value[before];
    if (first) focusRow(first.id);
  };

  const detail = store.detail.value;
  const ready = store.status.value === 'ready';
  return (
    <div class={detail ? 'qa-workspace qa-workspace--detail' : 'qa-workspace'} ref={tableRef}>
      {ready && store.rows.value.length > 0 && (
        <QaTable
          rows={store.rows.value}
          selectedId={detail?.id ?? null}
          hasOlder={store.next.value !== undefined}
          loadingOlder={store.loadingOlder.value}
          matched={store.matched.value}
          onOpen={(id) => void store.open(id)}
          onLoadOlder={() => void loadOlder()}
        />
      )}
      {ready && store.rows.value.length === 0 && (
        <p class="empty">
          {store.total.value === 0
            ? 'No handoff yet: the journal fills as agents open conversations with a handoff context.'
            : 'No handoff matches these filters.'}
        </p>
      )}
      {detail && (
        <QaDetail
          detail={detail}
          row={store.rows.value.find((r) => r.id === detail.id)}
          onClose={closeDetail}
        />
      )}
    </div>
  );
}

type OnFilterChange = (patch: Partial<QaFilterForm>, debounce?: boolean) => void;

function Filters({ store, onChange }: { store: QaStore; onChange: OnFilterChange }) {
  const form = store.form.value;
  const error = store.formError.value;
  return (
    <form
      class="toolbar qa-filters"
      aria-label="Filter the journal"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onChange({});
      }}
    >
      <DateFilters form={form} error={error} onChange={onChange} />
      <ChoiceFilters form={form} onChange={onChange} />
      <FieldFilter form={form} onChange={onChange} />
      <div class="qa-filter qa-filter--actions">
        <button
          type="button"
          class="button button--neutral"
          disabled={!isFiltered(form)}
          onClick={() => onChange(emptyFilterForm)}
        >
          Clear filters
        </button>
        <button type="submit" class="button button--neutral">
          Refresh
        </button>
      </div>
      {error && (
        <p class="form-error qa-filters__error" id="qa-filter-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function DateFilters({
  form,
  error,
  onChange,
}: {
  form: QaFilterForm;
  error: string | null;
  onChange: OnFilterChange;
}) {
  return (
    <>
      <div class="qa-filter">
        <label class="form-label" for="qa-from">
          From
        </label>
        <input
          id="qa-from"
          class="input"
          type="date"
          value={form.from}
          max={form.to || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'qa-filter-error' : undefined}
          onInput={(e) => onChange({ from: e.currentTarget.value })}
        />
      </div>
      <div class="qa-filter">
        <label class="form-label" for="qa-to">
          To
        </label>
        <input
          id="qa-to"
          class="input"
          type="date"
          value={form.to}
          min={form.from || undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'qa-filter-error' : undefined}
          onInput={(e) => onChange({ to: e.currentTarget.value })}
        />
      </div>
    </>
  );
}

function ChoiceFilters({ form, onChange }: { form: QaFilterForm; onChange: OnFilterChange }) {
  return (
    <>
      <div class="qa-filter">
        <label class="form-label" for="qa-platform">
          Platform
        </label>
        <select
          id="qa-platform"
          class="input"
          value={form.platform}
          onChange={(e) =>
            onChange({ platform: e.currentTarget.value as QaFilterForm['platform'] })
          }
        >
          <option value="">All platforms</option>
          {platformIds.map((p) => (
            <option key={p} value={p}>
              {platformNames[p]}
            </option>
          ))}
        </select>
      </div>
      <div class="qa-filter">
        <label class="form-label" for="qa-status">
          Status
        </label>
        <select
          id="qa-status"
          class="input"
          value={form.status}
          onChange={(e) => onChange({ status: e.currentTarget.value as QaFilterForm['status'] })}
        >
          <option value="">All statuses</option>
          {journalStatusFilters.map((s) => (
            <option key={s} value={s}>
              {statusFilterWords[s]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** A field by its name or label, and what it came to: "Account Tier" + "Refused". */
function FieldFilter({ form, onChange }: { form: QaFilterForm; onChange: OnFilterChange }) {
  return (
    <>
      <div class="toolbar__filter qa-filter">
        <label class="form-label" for="qa-field">
          Field (API name or label)
        </label>
        <input
          id="qa-field"
          class="input"
          type="search"
          value={form.field}
          maxLength={200}
          autocomplete="off"
          spellcheck={false}
          placeholder="e.g. Account_Tier__c"
          onInput={(e) => onChange({ field: e.currentTarget.value }, true)}
        />
      </div>
      <div class="qa-filter">
        <label class="form-label" for="qa-outcome">
          Field outcome
        </label>
        <select
          id="qa-outcome"
          class="input"
          value={form.outcome}
          onChange={(e) => onChange({ outcome: e.currentTarget.value as QaFilterForm['outcome'] })}
        >
          <option value="">Any outcome</option>
          {journalFieldOutcomes.map((o) => (
            <option key={o} value={o}>
              {fieldOutcomeFilterWords[o]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function ExportButtons({
  store,
  save,
  disabled,
}: {
  store: QaStore;
  save(name: string, text: string): void;
  disabled: boolean;
}) {
  const exporting = store.exporting.value;
  return (
    <>
      {(['csv', 'json'] as const).map((format) => (
        <button
          key={format}
          type="button"
          class="button button--neutral"
          disabled={disabled || exporting !== null}
          aria-describedby="qa-export-hint"
          onClick={() => void store.exportAs(format, save)}
        >
          {exporting === format ? 'Exporting…' : `Export ${format.toUpperCase()}`}
        </button>
      ))}
      <span id="qa-export-hint" class="sr-only">
        Exports every handoff the filters match, not only the rows shown.
      </span>
    </>
  );
}
