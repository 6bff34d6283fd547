/**
 * The QA journal's state as signals, and the actions that change it through the JournalApi. The
 * background filters and pages; the page holds the rows loaded so far (200 at a time), the match
 * count of the current filters, and the one entry open in the detail view.
 */
import { batch, signal } from '@preact/signals';
import type { JournalExportFile, PresentedEntry } from '../../lib/journal/export';
import type { ExportFormat, JournalCursor, JournalFilters } from '../../lib/journal/filter';
import type { JournalRow } from '../../lib/journal/summary';
import { messageOf } from '../shared/message-of';
import type { JournalApi } from './journal-api';
import { emptyFilterForm, filtersFromForm, type QaFilterForm } from './qa-text';

export const QA_PAGE_SIZE = 200;

export type Detail =
  | { state: 'loading'; id: number }
  | { state: 'ready'; id: number; entry: PresentedEntry }
  | { state: 'missing'; id: number }
  | { state: 'failed'; id: number; message: string };

export type ExportOutcome = { tone: 'success' | 'error'; text: string } | null;

export function createQaStore(api: JournalApi) {
  const s = qaState();
  return {
    form: s.form,
    applied: s.applied,
    formError: s.formError,
    status: s.status,
    error: s.error,
    rows: s.rows,
    matched: s.matched,
    total: s.total,
    next: s.next,
    loadingOlder: s.loadingOlder,
    detail: s.detail,
    exporting: s.exporting,
    exportOutcome: s.exportOutcome,
    search: () => search(api, s),
    loadOlder: () => loadOlder(api, s),
    setForm(patch: Partial<QaFilterForm>): void {
      s.form.value = { ...s.form.value, ...patch };
    },
    open: (id: number) => open(api, s, id),
    close(): void {
      s.detail.value = null;
    },
    exportAs: (format: ExportFormat, save: (name: string, text: string) => void) =>
      exportAs(api, s, format, save),
  };
}
export type QaStore = ReturnType<typeof createQaStore>;
type QaState = ReturnType<typeof qaState>;

function qaState() {
  return {
    form: signal<QaFilterForm>(emptyFilterForm),
    /** The filters of the rows shown (the form may be ahead of them while a query runs). */
    applied: signal<JournalFilters>({}),
    formError: signal<string | null>(null),
    status: signal<'loading' | 'ready' | 'failed'>('loading'),
    error: signal<string | null>(null),
    rows: signal<JournalRow[]>([]),
    matched: signal(0),
    total: signal(0),
    next: signal<JournalCursor | undefined>(undefined),
    loadingOlder: signal(false),
    detail: signal<Detail | null>(null),
    exporting: signal<ExportFormat | null>(null),
    exportOutcome: signal<ExportOutcome>(null),
    /** Each query's number: an answer to an older one (the filters changed since) is dropped. */
    seq: 0,
  };
}

/** Runs the form's filters from the newest entry, counting the matches. */
async function search(api: JournalApi, s: QaState): Promise<void> {
  const read = filtersFromForm(s.form.value);
  if (!read.ok) {
    s.formError.value = read.error;
    return;
  }
  s.formError.value = null;
  const mine = ++s.seq;
  batch(() => {
    s.status.value = 'loading';
    s.error.value = null;
    s.loadingOlder.value = false;
  });
  try {
    const page = await api.query({ filters: read.filters, limit: QA_PAGE_SIZE, count: true });
    if (mine !== s.seq) return;
    batch(() => {
      s.applied.value = read.filters;
      s.rows.value = page.rows;
      s.matched.value = page.matched ?? page.rows.length;
      s.total.value = page.total ?? page.rows.length;
      s.next.value = page.next;
      s.status.value = 'ready';
    });
  } catch (e) {
    if (mine !== s.seq) return;
    batch(() => {
      s.error.value = messageOf(e);
      s.status.value = 'failed';
    });
  }
}

/** The next (older) page of the same query, appended. */
async function loadOlder(api: JournalApi, s: QaState): Promise<void> {
  const cursor = s.next.value;
  if (!cursor || s.loadingOlder.value || s.status.value !== 'ready') return;
  const mine = s.seq;
  s.loadingOlder.value = true;
  try {
    const page = await api.query({ filters: s.applied.value, cursor, limit: QA_PAGE_SIZE });
    if (mine !== s.seq) return;
    batch(() => {
      s.rows.value = [...s.rows.value, ...page.rows];
      s.next.value = page.next;
    });
  } catch (e) {
    if (mine === s.seq) s.error.value = messageOf(e);
  } finally {
    if (mine === s.seq) s.loadingOlder.value = false;
  }
}

async function open(api: JournalApi, s: QaState, id: number): Promise<void> {
  s.detail.value = { state: 'loading', id };
  try {
    const entry = await api.entry(id);
    if (s.detail.value?.id !== id) return;
    s.detail.value = entry ? { state: 'ready', id, entry } : { state: 'missing', id };
  } catch (e) {
    if (s.detail.value?.id === id) s.detail.value = { state: 'failed', id, message: messageOf(e) };
  }
}

/** Exports every entry matching the shown filters (not only the loaded rows). */
async function exportAs(
  api: JournalApi,
  s: QaState,
  format: ExportFormat,
  save: (name: string, text: string) => void,
): Promise<void> {
  s.exporting.value = format;
  s.exportOutcome.value = null;
  try {
    const file: JournalExportFile = await api.exportFile(s.applied.value, format);
    save(file.fileName, file.text);
    const what =
      format === 'csv'
        ? `${file.entries} ${file.entries === 1 ? 'handoff' : 'handoffs'} (${file.records} ${file.records === 1 ? 'row' : 'rows'})`
        : `${file.entries} ${file.entries === 1 ? 'handoff' : 'handoffs'}`;
    s.exportOutcome.value = { tone: 'success', text: `Exported ${what} to ${file.fileName}.` };
  } catch (e) {
    s.exportOutcome.value = { tone: 'error', text: `Nothing was exported. ${messageOf(e)}` };
  } finally {
    s.exporting.value = null;
  }
}
