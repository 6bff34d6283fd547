/**
 * The QA journal as the background answers it: the reads of query.ts under the current retention,
 * and what leaves (a detail, an export) presented under the current redaction setting.
 */
import type { Db } from '../store/db';
import type { SettingsRepo } from '../store/settings';
import {
  buildJournalExport,
  type JournalExportFile,
  type PresentedEntry,
  presentEntry,
} from './export';
import type { ExportFormat, JournalCursor, JournalFilters } from './filter';
import { type JournalPage, journalEntry, matchingEntries, queryJournal } from './query';

/** Rows per page when the face does not say. */
export const JOURNAL_PAGE_SIZE = 200;

export interface JournalServiceDeps {
  db: Db;
  settings: SettingsRepo;
  now(): number;
}

export function journalService(deps: JournalServiceDeps) {
  const current = async () => {
    const settings = await deps.settings.get();
    return { settings, window: { now: deps.now(), retentionDays: settings.retentionDays } };
  };
  return {
    async query(request: {
      filters: JournalFilters;
      cursor?: JournalCursor;
      limit?: number;
      count?: boolean;
    }): Promise<JournalPage> {
      const { settings, window } = await current();
      const page = await queryJournal(
        deps.db,
        { ...request, limit: request.limit ?? JOURNAL_PAGE_SIZE },
        window,
      );
      if (settings.redaction === 'none') return page;
      // A record's name may be a customer's: under redaction it is never shown (as redactEntry
      // drops it once the handoff settles), also for a handoff not redacted yet.
      return { ...page, rows: page.rows.map(({ names: _names, ...row }) => row) };
    },
    async export(request: {
      filters: JournalFilters;
      format: ExportFormat;
    }): Promise<JournalExportFile> {
      const { settings, window } = await current();
      const entries = await matchingEntries(deps.db, request.filters, window);
      return buildJournalExport(entries, {
        format: request.format,
        filters: request.filters,
        redaction: settings.redaction,
        now: window.now,
      });
    },
    /** One entry for the detail view (never its raw message), or null when retention dropped it. */
    async entry(id: number): Promise<PresentedEntry | null> {
      const { settings, window } = await current();
      const entry = await journalEntry(deps.db, id, window);
      return entry ? presentEntry(entry, settings.redaction, { withText: false }) : null;
    },
  };
}
export type JournalService = ReturnType<typeof journalService>;
