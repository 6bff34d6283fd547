import type { JournalExportFile, PresentedEntry } from '../../lib/journal/export';
import type { ExportFormat, JournalCursor, JournalFilters } from '../../lib/journal/filter';
import type { JournalPage } from '../../lib/journal/query';

/** One page of the journal to ask for; `count` on the first page of a query. */
export interface JournalQuery {
  filters: JournalFilters;
  cursor?: JournalCursor;
  limit?: number;
  count?: boolean;
}

/**
 * What the QA journal needs from the background. The options entrypoint implements it with the
 * typed messages (`journal:*`); tests pass a fake. Every method rejects with Error(message) when
 * the background refuses; the message is shown as is.
 */
export interface JournalApi {
  query(query: JournalQuery): Promise<JournalPage>;
  /** One entry with its evidence, or null when retention no longer keeps it. */
  entry(id: number): Promise<PresentedEntry | null>;
  /** Every entry matching the filters as a file, under retention and redaction. */
  exportFile(filters: JournalFilters, format: ExportFormat): Promise<JournalExportFile>;
}
