/**
 * The QA journal's reads, in the background over the `by-at` index, newest first: a page of rows
 * at a time (with how many entries match, when asked), and every matching entry for an export.
 * Entries past retention are never read, also before the daily purge deleted them.
 *
 * Order: `at` descending, then id descending (an index cursor walking `prev` gives exactly that), so
 * a cursor `{at, id}` of the last row given resumes after it even when many entries share one `at`.
 */
import { DAY_MS } from '../engine/privacy';
import type { Db } from '../store/db';
import type { JournalEntry } from '../store/journal-schema';
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
  window.now - window.retentionDays * DAY_MS;

/** The `at` range to walk: the filters' dates, clipped to retention and to the cursor. */
function atRange(
  filters: JournalFilters,
  window: JournalWindow,
  cursor?: JournalCursor,
): IDBKeyRange | null {
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
  if (upper === undefined) return IDBKeyRange.lowerBound(lower, lowerOpen);
  if (upper < lower || (upper === lower && (lowerOpen || upperOpen))) return null;
  return IDBKeyRange.bound(lower, upper, lowerOpen, upperOpen);
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
  let total: number | undefined;

  const tx = db.transaction('journal');
  const index = tx.store.index('by-at');
  if (count) {
    const kept = atRange({}, window);
    total = kept ? await index.count(kept) : 0;
  }
  const range = atRange(filters, window, cursor);
  // Counting without a predicate is the index's own count (the range is the whole filter).
  const countByIndex = count && !predicate && cursor === undefined;
  if (countByIndex) matched = range ? await index.count(range) : 0;
  let walk = range ? await index.openCursor(range, 'prev') : null;
  while (walk) {
    const entry = walk.value as JournalEntry;
    const id = walk.primaryKey;
    if (!alreadyGiven(cursor, entry.at, id) && (!predicate || matchesFilters(entry, filters))) {
      if (rows.length < limit) rows.push(journalRow({ ...entry, id }));
      else next ??= { at: rows.at(-1)?.at ?? entry.at, id: rows.at(-1)?.id ?? id };
      if (count && !countByIndex) matched++;
      // Enough rows, and nothing more to count: stop here.
      if (next && (!count || countByIndex)) break;
    }
    walk = await walk.continue();
  }
  await tx.done;
  return {
    rows,
    ...(next ? { next } : {}),
    ...(count ? { matched, total } : {}),
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
  const tx = db.transaction('journal');
  let walk = await tx.store.index('by-at').openCursor(range, 'prev');
  while (walk) {
    const entry = walk.value as JournalEntry;
    if (!predicate || matchesFilters(entry, filters)) out.push({ ...entry, id: walk.primaryKey });
    walk = await walk.continue();
  }
  await tx.done;
  return out;
}

/** One entry by id, or undefined when it does not exist or retention no longer keeps it. */
export async function journalEntry(
  db: Db,
  id: number,
  window: JournalWindow,
): Promise<(JournalEntry & { id: number }) | undefined> {
  const entry = await db.get('journal', id);
  if (!entry || entry.at <= retentionCutoff(window)) return undefined;
  return { ...entry, id };
}
