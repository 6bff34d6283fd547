/**
 * What a face may ask of the QA journal — filters, a page cursor, an export format — validated with
 * zod since it crosses to the background, and the filters' predicate the background runs over each
 * entry. The date range is also an index range (query.ts); the predicate checks it again so that it
 * is complete on its own.
 */
import { z } from 'zod';
import { PlatformId } from '../platforms/types';
import type { JournalEntry } from '../store/journal-schema';
import { journalStatusFilters } from './status-filters';
import { handoffStatus, hasDifferentFields } from './summary';

export { journalStatusFilters } from './status-filters';
export const JournalStatusFilter = z.enum(journalStatusFilters);
export type JournalStatusFilter = z.infer<typeof JournalStatusFilter>;

const EpochMs = z.number().int().min(0).max(8.64e15);

export const JournalFilters = z
  .object({
    /** Epoch ms: entries at or after this moment. */
    from: EpochMs.optional(),
    /** Epoch ms: entries before this moment (exclusive: the page sends the day after "to"). */
    to: EpochMs.optional(),
    platform: PlatformId.optional(),
    status: JournalStatusFilter.optional(),
    /** A field's API name or label, or a part of it, in any case; matches any field outcome. */
    field: z.string().trim().max(200).optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, {
    message: 'the start of the date range must come before its end',
    path: ['to'],
  });
export type JournalFilters = z.infer<typeof JournalFilters>;

/** Whether a filter narrows beyond the date range: then each entry must be read to decide. */
export const needsPredicate = (f: JournalFilters): boolean =>
  f.platform !== undefined || f.status !== undefined || (f.field ?? '') !== '';

/** Where the next (older) page starts: the `at` and id of the last row given. */
export const JournalCursor = z.object({
  at: z.number(),
  id: z.number().int().min(0),
});
export type JournalCursor = z.infer<typeof JournalCursor>;

/** The most rows one page may hold (a face asks for about 200). */
export const JOURNAL_PAGE_MAX = 500;

export const ExportFormat = z.enum(['csv', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export function matchesStatus(entry: JournalEntry, status: JournalStatusFilter): boolean {
  switch (status) {
    case 'refused-context':
      return handoffStatus(entry) === 'refused';
    case 'has-different-fields':
      return hasDifferentFields(entry);
    default:
      return handoffStatus(entry) === status;
  }
}

/** Any field outcome whose API name or label contains the text, in any case. */
export function matchesField(entry: JournalEntry, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return entry.fields.some(
    (f) => f.field.toLowerCase().includes(needle) || f.label.toLowerCase().includes(needle),
  );
}

export function matchesFilters(entry: JournalEntry, filters: JournalFilters): boolean {
  if (filters.from !== undefined && entry.at < filters.from) return false;
  if (filters.to !== undefined && entry.at >= filters.to) return false;
  if (filters.platform !== undefined && entry.record.platform !== filters.platform) return false;
  if (filters.status !== undefined && !matchesStatus(entry, filters.status)) return false;
  return matchesField(entry, filters.field ?? '');
}
