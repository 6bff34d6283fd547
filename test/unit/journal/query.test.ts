/** The QA journal's reads over fake-indexeddb: paging newest first, filters, counts, retention. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { JournalCursor, JournalFilters } from '@/lib/journal/filter';
import { journalEntry, matchingEntries, queryJournal, retentionCutoff } from '@/lib/journal/query';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import type { JournalEntry } from '@/lib/store/journal-schema';
import {
  customerRefusal,
  DAY,
  entry,
  HOUR,
  kustomerEntry,
  NOW,
  refundRefused,
  tierWritten,
} from './fixtures';

let n = 0;
let db: Db;
const window = { now: NOW, retentionDays: 30 };

beforeEach(async () => {
  db = await openHandoffDb(`journal-query-test-${n++}`);
});

async function add(...entries: JournalEntry[]): Promise<number[]> {
  const repo = journalRepo(db);
  const ids: number[] = [];
  for (const e of entries) ids.push((await repo.add(e)).id as number);
  return ids;
}

/** Every page of a query, as the options page walks them with "Load older". */
async function allPages(filters: JournalFilters, limit: number) {
  const pages: number[][] = [];
  let cursor: JournalCursor | undefined;
  let first = true;
  do {
    const page = await queryJournal(db, { filters, cursor, limit, count: first }, window);
    if (first) expect(page.matched).toBeGreaterThanOrEqual(0);
    else expect(page.matched).toBeUndefined();
    first = false;
    pages.push(page.rows.map((r) => r.id));
    cursor = page.next;
  } while (cursor);
  return pages;
}

describe('queryJournal', () => {
  it('pages newest first and resumes after the cursor, also through entries sharing one moment', async () => {
    // 450 entries, three at each moment, added oldest first.
    const entries = Array.from({ length: 450 }, (_, i) =>
      entry({ at: NOW - DAY + Math.floor(i / 3) * 1000, messageId: `m-${i}` }),
    );
    const ids = await add(...entries);
    const pages = await allPages({}, 200);
    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    // Newest first: `at` descending, then id descending: exactly the ids in reverse.
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it('counts the matches and what retention keeps on the first page only', async () => {
    await add(
      entry({ at: NOW - HOUR }),
      kustomerEntry({ at: NOW - 2 * HOUR }),
      customerRefusal({ at: NOW - 3 * HOUR }),
      entry({ at: NOW - 40 * DAY }), // past retention, not purged yet
    );
    const first = await queryJournal(db, { filters: {}, limit: 2, count: true }, window);
    expect(first.rows).toHaveLength(2);
    expect(first.matched).toBe(3);
    expect(first.total).toBe(3);
    expect(first.next).toEqual({ at: NOW - 2 * HOUR, id: first.rows[1]?.id });
    const second = await queryJournal(db, { filters: {}, limit: 2, cursor: first.next }, window);
    expect(second.rows.map((r) => r.status)).toEqual(['refused']);
    expect(second).not.toHaveProperty('next');
    expect(second).not.toHaveProperty('matched');

    const kustomer = await queryJournal(
      db,
      { filters: { platform: 'kustomer' }, limit: 200, count: true },
      window,
    );
    expect(kustomer.rows.map((r) => r.platform)).toEqual(['kustomer']);
    expect(kustomer).toMatchObject({ matched: 1, total: 3 });
  });

  it('filters by date range, status and field in the background', async () => {
    const different = entry({
      at: NOW - 5 * HOUR,
      fields: [
        {
          ...tierWritten,
          verification: { state: 'different', expected: 'a', actual: 'b', at: NOW, by: 'write' },
        },
      ],
    });
    const [recent, , refused, diff, failed] = await add(
      entry({ at: NOW - HOUR, fields: [tierWritten] }),
      kustomerEntry({ at: NOW - 2 * HOUR }),
      customerRefusal({ at: NOW - 3 * HOUR }),
      different,
      entry({
        at: NOW - 6 * HOUR,
        fields: [refundRefused],
        state: 'failed',
        notice: { code: 'session-expired', message: 'expired' },
      }),
    );
    const ids = async (filters: JournalFilters) =>
      (await queryJournal(db, { filters, limit: 200, count: true }, window)).rows.map((r) => r.id);
    expect(await ids({ status: 'refused-context' })).toEqual([refused]);
    expect(await ids({ status: 'has-different-fields' })).toEqual([diff]);
    expect(await ids({ status: 'failed' })).toEqual([failed]);
    expect(await ids({ field: 'ACCOUNT TIER' })).toEqual([recent, diff]);
    expect(await ids({ field: 'refund_amount' })).toEqual([failed]);
    // From inclusive, to exclusive.
    expect(await ids({ from: NOW - 3 * HOUR, to: NOW - HOUR })).toEqual([
      (await ids({ platform: 'kustomer' }))[0],
      refused,
    ]);
    expect(await ids({ from: NOW - 3 * HOUR, to: NOW - HOUR, field: 'tier__c' })).toEqual([]);
  });

  it('pages through a filter that skips most entries, counting all matches', async () => {
    const entries = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? kustomerEntry({ at: NOW - DAY + i }) : entry({ at: NOW - DAY + i }),
    );
    await add(...entries);
    const first = await queryJournal(
      db,
      { filters: { platform: 'kustomer' }, limit: 40, count: true },
      window,
    );
    expect(first.matched).toBe(100);
    expect(first.total).toBe(300);
    const pages = await allPages({ platform: 'kustomer' }, 40);
    expect(pages.map((p) => p.length)).toEqual([40, 40, 20]);
    expect(new Set(pages.flat()).size).toBe(100);
  });

  it('never reads entries past retention, nor a range that ends before retention starts', async () => {
    const cutoff = retentionCutoff(window);
    expect(cutoff).toBe(NOW - 30 * DAY);
    const [atCutoff, justInside] = await add(entry({ at: cutoff }), entry({ at: cutoff + 1 }));
    const page = await queryJournal(db, { filters: {}, limit: 10, count: true }, window);
    expect(page.rows.map((r) => r.id)).toEqual([justInside]);
    expect(page).toMatchObject({ matched: 1, total: 1 });
    const before = await queryJournal(
      db,
      { filters: { to: cutoff }, limit: 10, count: true },
      window,
    );
    expect(before).toMatchObject({ rows: [], matched: 0 });
    expect(await journalEntry(db, atCutoff as number, window)).toBeUndefined();
    expect((await journalEntry(db, justInside as number, window))?.id).toBe(justInside);
    expect(await journalEntry(db, 999, window)).toBeUndefined();
  });

  it('clamps a page to at most 500 rows', async () => {
    await add(...Array.from({ length: 520 }, (_, i) => entry({ at: NOW - DAY + i })));
    const page = await queryJournal(db, { filters: {}, limit: 10_000 }, window);
    expect(page.rows).toHaveLength(500);
    expect(page.next).toBeDefined();
  });
});

describe('matchingEntries (the export’s selection)', () => {
  it('is every match inside retention, newest first, whole entries with their ids', async () => {
    const [a, , c] = await add(
      entry({ at: NOW - 3 * HOUR }),
      kustomerEntry({ at: NOW - 2 * HOUR }),
      entry({ at: NOW - HOUR }),
      entry({ at: NOW - 31 * DAY }),
    );
    const found = await matchingEntries(db, { platform: 'salesforce' }, window);
    expect(found.map((e) => e.id)).toEqual([c, a]);
    expect(found[0]?.text).toContain('Handoff context');
  });
});
