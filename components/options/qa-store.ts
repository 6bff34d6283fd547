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
  const form = signal<QaFilterForm>(emptyFilterForm);
  /** The filters of the rows shown (the form may be ahead of them while a query runs). */
  const applied = signal<JournalFilters>({});
  const formError = signal<string | null>(null);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  const error = signal<string | null>(null);
  const rows = signal<JournalRow[]>([]);
  const matched = signal(0);
  const total = signal(0);
  const next = signal<JournalCursor | undefined>(undefined);
  const loadingOlder = signal(false);
  const detail = signal<Detail | null>(null);
  const exporting = signal<ExportFormat | null>(null);
  const exportOutcome = signal<ExportOutcome>(null);
  /** Each query's number: an answer to an older one (the filters changed since) is dropped. */
  let seq = 0;

  /** Runs the form's filters from the newest entry, counting the matches. */
  async function search(): Promise<void> {
    const read = filtersFromForm(form.value);
    if (!read.ok) {
      formError.value = read.error;
      return;
    }
    formError.value = null;
    const mine = ++seq;
    batch(() => {
      status.value = 'loading';
      error.value = null;
      loadingOlder.value = false;
    });
    try {
      const page = await api.query({ filters: read.filters, limit: QA_PAGE_SIZE, count: true });
      if (mine !== seq) return;
      batch(() => {
        applied.value = read.filters;
        rows.value = page.rows;
        matched.value = page.matched ?? page.rows.length;
        total.value = page.total ?? page.rows.length;
        next.value = page.next;
        status.value = 'ready';
      });
    } catch (e) {
      if (mine !== seq) return;
      batch(() => {
        error.value = messageOf(e);
        status.value = 'failed';
      });
    }
  }

  /** The next (older) page of the same query, appended. */
  async function loadOlder(): Promise<void> {
    const cursor = next.value;
    if (!cursor || loadingOlder.value || status.value !== 'ready') return;
    const mine = seq;
    loadingOlder.value = true;
    try {
      const page = await api.query({ filters: applied.value, cursor, limit: QA_PAGE_SIZE });
      if (mine !== seq) return;
      batch(() => {
        rows.value = [...rows.value, ...page.rows];
        next.value = page.next;
      });
    } catch (e) {
      if (mine === seq) error.value = messageOf(e);
    } finally {
      if (mine === seq) loadingOlder.value = false;
    }
  }

  function setForm(patch: Partial<QaFilterForm>): void {
    form.value = { ...form.value, ...patch };
  }

  async function open(id: number): Promise<void> {
    detail.value = { state: 'loading', id };
    try {
      const entry = await api.entry(id);
      if (detail.value?.id !== id) return;
      detail.value = entry ? { state: 'ready', id, entry } : { state: 'missing', id };
    } catch (e) {
      if (detail.value?.id === id) detail.value = { state: 'failed', id, message: messageOf(e) };
    }
  }

  function close(): void {
    detail.value = null;
  }

  /** Exports every entry matching the shown filters (not only the loaded rows). */
  async function exportAs(
    format: ExportFormat,
    save: (name: string, text: string) => void,
  ): Promise<void> {
    exporting.value = format;
    exportOutcome.value = null;
    try {
      const file: JournalExportFile = await api.exportFile(applied.value, format);
      save(file.fileName, file.text);
      const what =
        format === 'csv'
          ? `${file.entries} ${file.entries === 1 ? 'handoff' : 'handoffs'} (${file.records} ${file.records === 1 ? 'row' : 'rows'})`
          : `${file.entries} ${file.entries === 1 ? 'handoff' : 'handoffs'}`;
      exportOutcome.value = { tone: 'success', text: `Exported ${what} to ${file.fileName}.` };
    } catch (e) {
      exportOutcome.value = { tone: 'error', text: `Nothing was exported. ${messageOf(e)}` };
    } finally {
      exporting.value = null;
    }
  }

  return {
    form,
    applied,
    formError,
    status,
    error,
    rows,
    matched,
    total,
    next,
    loadingOlder,
    detail,
    exporting,
    exportOutcome,
    search,
    loadOlder,
    setForm,
    open,
    close,
    exportAs,
  };
}
export type QaStore = ReturnType<typeof createQaStore>;
