/**
 * What a face may ask of the QA journal — filters, a page cursor, an export format — validated with
 * zod since it crosses to the background, and the filters' predicate the background runs over each
 * entry. The date range is also an index range (query.ts); the predicate checks it again so that it
 * is complete on its own.
 */
import { z } from 'zod';
import type { FieldOutcome } from '../handoff/types';
import { PlatformId } from '../platforms/types';
import type { JournalEntry } from '../store/journal-schema';
import { journalFieldOutcomes, journalStatusFilters } from './status-filters';
import { handoffStatus, hasDifferentFields, hasRefusedFields } from './summary';

export { journalFieldOutcomes, journalStatusFilters } from './status-filters';
export const JournalStatusFilter = z.enum(journalStatusFilters);
export type JournalStatusFilter = z.infer<typeof JournalStatusFilter>;
export const JournalFieldOutcome = z.enum(journalFieldOutcomes);
export type JournalFieldOutcome = z.infer<typeof JournalFieldOutcome>;

const EpochMs = z.number().int().min(0).max(8.64e15);

export const JournalFilters = z
  .object({
    /** Epoch ms: entries at or after this moment. */
    from: EpochMs.optional(),
    /** Epoch ms: entries before this moment (exclusive: the page sends the day after "to"). */
    to: EpochMs.optional(),
    platform: PlatformId.optional(),
    status: JournalStatusFilter.optional(),
    /** A field's API name or label, or a part of it, in any case. */
    field: z.string().trim().max(200).optional(),
    /** Only fields that came to this (with `field`: that field): "Account Tier + refused". */
    outcome: JournalFieldOutcome.optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, {
    message: 'the start of the date range must come before its end',
    path: ['to'],
  });
export type JournalFilters = z.infer<typeof JournalFilters>;

/** Whether a filter narrows beyond the date range: then each entry must be read to decide. */
export const needsPredicate = (f: JournalFilters): boolean =>
  f.platform !== undefined ||
  f.status !== undefined ||
  f.outcome !== undefined ||
  (f.field ?? '') !== '';

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
    case 'has-refused-fields':
      return hasRefusedFields(entry);
    case 'has-different-fields':
      return hasDifferentFields(entry);
    default:
      return handoffStatus(entry) === status;
  }
}

/** Whether a field came to the outcome asked (its read-back, for `verified` and `different`). */
export function fieldHasOutcome(f: FieldOutcome, outcome: JournalFieldOutcome): boolean {
  switch (outcome) {
    case 'kept':
      return f.outcome === 'skipped' && f.reason === 'kept-existing';
    case 'verified':
    case 'different':
      return f.verification?.state === outcome;
    default:
      return f.outcome === outcome;
  }
}

/**
 * Some field whose API name or label contains the text, in any case, and (when asked) that came to
 * `outcome`: the same field must match both, so "tier + refused" is not met by a refused refund
 * beside a written tier. Neither given: every entry matches.
 */
export function matchesField(
  entry: JournalEntry,
  text: string,
  outcome?: JournalFieldOutcome,
): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '' && outcome === undefined) return true;
  return entry.fields.some(
    (f) =>
      (needle === '' ||
        f.field.toLowerCase().includes(needle) ||
        f.label.toLowerCase().includes(needle)) &&
      (outcome === undefined || fieldHasOutcome(f, outcome)),
  );
}

export function matchesFilters(entry: JournalEntry, filters: JournalFilters): boolean {
  if (filters.from !== undefined && entry.at < filters.from) return false;
  if (filters.to !== undefined && entry.at >= filters.to) return false;
  if (filters.platform !== undefined && entry.record.platform !== filters.platform) return false;
  if (filters.status !== undefined && !matchesStatus(entry, filters.status)) return false;
  return matchesField(entry, filters.field ?? '', filters.outcome);
}
