/**
 * The QA journal's reads, in the background over the `by-at` index, newest first: a page of rows
 * at a time (with how many entries match, when asked), and every matching entry for an export.
 * Entries past retention are never read, also before the daily purge deleted them.
 *
 * Order: `at` descending, then id descending (the journal store's `newestFirst` walk), so a cursor
 * `{at, id}` of the last row given resumes after it even when many entries share one `at`. The
 * walking itself is the store's (lib/store/journal.ts); here, which range and which entries.
 */
import type { Db } from '../store/db';
import { type AtRange, journalRepo } from '../store/journal';
import type { JournalEntry } from '../store/journal-schema';
import { retentionCutoff as cutoffAt } from '../store/retention';
import {
  JOURNAL_PAGE_MAX,
  type JournalCursor,
  type JournalFilters,
  matchesFilters,
  needsPredicate,
} from './filter';
import { type JournalRow, journalRow } from './summary';

export interface JournalPage {
  rows: JournalRow[];
  /** Where the next (older) page starts; absent when these were the last. */
  next?: JournalCursor;
  /** How many entries match the filters (only when the request asked to count). */
  matched?: number;
  /** How many entries retention keeps, unfiltered (only when the request asked to count). */
  total?: number;
}

/** What retention keeps at `now` (settings `retentionDays`). */
export interface JournalWindow {
  now: number;
  retentionDays: number;
}

/**
 * The newest moment retention no longer keeps: entries at or before it are past `retentionDays`
 * and are never shown nor exported, also before the daily purge (engine/privacy.ts) deleted them.
 */
export const retentionCutoff = (window: JournalWindow): number =>
  cutoffAt(window.now, window.retentionDays);

/** The `at` range to walk: the filters' dates, clipped to retention and to the cursor. */
function atRange(
  filters: JournalFilters,
  window: JournalWindow,
  cursor?: JournalCursor,
): AtRange | null {
  const cutoff = retentionCutoff(window);
  // Retention deletes entries at or before the cutoff (engine/privacy.ts): the same are left out.
  const [lower, lowerOpen] =
    filters.from !== undefined && filters.from > cutoff ? [filters.from, false] : [cutoff, true];
  let upper: number | undefined = filters.to;
  let upperOpen = true;
  if (cursor && (upper === undefined || cursor.at < upper)) {
    // Inclusive: entries sharing the cursor's `at` but with a lower id are still to come.
    upper = cursor.at;
    upperOpen = false;
  }
  if (upper === undefined) return { lower, lowerOpen, upperOpen };
  if (upper < lower || (upper === lower && (lowerOpen || upperOpen))) return null;
  return { lower, lowerOpen, upper, upperOpen };
}

/** Whether an entry at the cursor's moment was already given (same `at`, id not below). */
const alreadyGiven = (cursor: JournalCursor | undefined, at: number, id: number) =>
  cursor !== undefined && at === cursor.at && id >= cursor.id;

/**
 * One page of rows, newest first, after `cursor`. With `count`, the walk goes on to the end of the
 * range to count the matches (the first page of a query); without, it stops at `limit`.
 */
export async function queryJournal(
  db: Db,
  request: { filters: JournalFilters; cursor?: JournalCursor; limit: number; count?: boolean },
  window: JournalWindow,
): Promise<JournalPage> {
  const { filters, cursor, count = false } = request;
  const limit = Math.max(1, Math.min(request.limit, JOURNAL_PAGE_MAX));
  const predicate = needsPredicate(filters);
  const rows: JournalRow[] = [];
  let next: JournalCursor | undefined;
  let matched = 0;

  const range = atRange(filters, window, cursor);
  // Counting without a predicate is the index's own count (the range is the whole filter).
  const countByIndex = count && !predicate && cursor === undefined;
  const counts: { total?: AtRange | null; matched?: AtRange | null } = {};
  if (count) counts.total = atRange({}, window);
  if (countByIndex) counts.matched = range;
  const counted = await journalRepo(db).newestFirst(
    range,
    (entry, id) => {
      if (alreadyGiven(cursor, entry.at, id) || (predicate && !matchesFilters(entry, filters))) {
        return true;
      }
      if (rows.length < limit) rows.push(journalRow({ ...entry, id }));
      else next ??= { at: rows.at(-1)?.at ?? entry.at, id: rows.at(-1)?.id ?? id };
      if (count && !countByIndex) matched++;
      // Enough rows, and nothing more to count: stop here.
      return !(next && (!count || countByIndex));
    },
    counts,
  );
  if (countByIndex) matched = counted.matched ?? 0;
  return {
    rows,
    ...(next ? { next } : {}),
    ...(count ? { matched, total: counted.total ?? 0 } : {}),
  };
}

/**
 * Every entry that matches the filters inside retention, newest first: what an export holds. Read
 * in one read-only transaction (the caller redacts afterwards: hashing awaits WebCrypto, which
 * would end a transaction held across it).
 */
export async function matchingEntries(
  db: Db,
  filters: JournalFilters,
  window: JournalWindow,
): Promise<Array<JournalEntry & { id: number }>> {
  const range = atRange(filters, window);
  if (!range) return [];
  const predicate = needsPredicate(filters);
  const out: Array<JournalEntry & { id: number }> = [];
  await journalRepo(db).newestFirst(range, (entry, id) => {
    if (!predicate || matchesFilters(entry, filters)) out.push({ ...entry, id });
    return true;
  });
  return out;
}

/** One entry by id, or undefined when it does not exist or retention no longer keeps it. */
export async function journalEntry(
  db: Db,
  id: number,
  window: JournalWindow,
): Promise<(JournalEntry & { id: number }) | undefined> {
  const entry = await journalRepo(db).get(id);
  if (!entry || entry.at <= retentionCutoff(window)) return undefined;
  return { ...entry, id };
}
