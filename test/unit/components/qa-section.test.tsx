/**
 * The QA journal section of the options page, over an in-memory journal that filters and pages like
 * the background (the same predicate and row builder).
 */
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { JournalApi, JournalQuery } from '../../../components/options/journal-api';
import { OptionsApp, sectionFromHash } from '../../../components/options/OptionsApp';
import {
  emptyFilterForm,
  filtersFromForm,
  matchWords,
  statusText,
} from '../../../components/options/qa-text';
import { buildJournalExport, presentEntry } from '../../../lib/journal/export';
import { matchesFilters } from '../../../lib/journal/filter';
import { journalRow } from '../../../lib/journal/summary';
import type { JournalEntry } from '../../../lib/store/journal-schema';
import {
  CASE,
  CUSTOMER,
  customerRefusal,
  entry,
  HOUR,
  kustomerEntry,
  NOW,
  refundRefused,
  tierWritten,
} from '../journal/fixtures';
import { button, byLabel, choose, click, flush, mount, type } from './dom';
import { fakeOptionsApi } from './options-fakes';

type Stored = JournalEntry & { id: number };

function fakeJournal(entries: Stored[]) {
  // Newest first, as the `by-at` index walks them.
  const sorted = [...entries].sort((a, b) => b.at - a.at || b.id - a.id);
  const api = {
    query: vi.fn(async ({ filters, cursor, limit = 200, count }: JournalQuery) => {
      const matching = sorted.filter((e) => matchesFilters(e, filters));
      const start = cursor ? matching.findIndex((e) => e.id === cursor.id) + 1 : 0;
      const page = matching.slice(start, start + limit);
      const last = page.at(-1);
      return {
        rows: page.map(journalRow),
        ...(last && start + limit < matching.length ? { next: { at: last.at, id: last.id } } : {}),
        ...(count ? { matched: matching.length, total: sorted.length } : {}),
      };
    }),
    entry: vi.fn(async (id: number) => {
      const found = sorted.find((e) => e.id === id);
      return found ? presentEntry(found, 'none', { withText: false }) : null;
    }),
    exportFile: vi.fn(async (filters, format) =>
      buildJournalExport(
        sorted.filter((e) => matchesFilters(e, filters)),
        { format, filters, redaction: 'none', now: NOW },
      ),
    ),
  } satisfies JournalApi;
  return api;
}

const different = {
  ...tierWritten,
  verification: {
    state: 'different' as const,
    expected: 'tier_premium',
    actual: 'tier_basic',
    at: NOW - 60_000,
    by: 'verify-now' as const,
  },
};

function journal(): Stored[] {
  return [
    { ...entry({ at: NOW - HOUR, fields: [different, refundRefused] }), id: 1 },
    { ...kustomerEntry({ at: NOW - 2 * HOUR }), id: 2 },
    { ...customerRefusal({ at: NOW - 3 * HOUR }), id: 3 },
  ];
}

async function qa(entries = journal(), save = vi.fn()) {
  const api = fakeJournal(entries);
  const root = await mount(
    <OptionsApp api={fakeOptionsApi().api} journal={api} initialSection="qa" save={save} />,
  );
  return { api, root, save };
}

const count = (root: HTMLElement) => root.querySelector('#qa-count')?.textContent;
const rowIds = (root: HTMLElement) =>
  [...root.querySelectorAll('tr[data-id]')].map((r) => Number(r.getAttribute('data-id')));

describe('the QA journal section', () => {
  it('is a section of the options page at #qa', async () => {
    expect(sectionFromHash('#qa')).toBe('qa');
    const { root } = await qa();
    expect(root.querySelector('a[aria-current="page"]')?.textContent).toBe('QA journal');
    expect(root.querySelector('h2')?.textContent).toBe('QA journal');
  });

  it('lists the handoffs newest first with their record link, source, trust, state and counts', async () => {
    const { api, root } = await qa();
    expect(api.query).toHaveBeenCalledWith({ filters: {}, limit: 200, count: true });
    expect(rowIds(root)).toEqual([1, 2, 3]);
    expect(count(root)).toBe('3 handoffs in the journal');
    const first = root.querySelector('tr[data-id="1"]') as HTMLElement;
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe(
      new Date(NOW - HOUR).toISOString(),
    );
    const link = first.querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(
      `https://acme.lightning.force.com/lightning/r/Case/${CASE.id}/view`,
    );
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(first.textContent).toContain('Transcript');
    expect(first.textContent).toContain('Bot-authored');
    // Done, but with a refused and a different field: said, and not in the green of a clean Done.
    const badge = first.querySelector('[data-state]') as HTMLElement;
    expect(badge.textContent).toBe('Done with 1 refused, 1 different');
    expect(badge.getAttribute('data-state')).toBe('done');
    expect(badge.classList.contains('qa-status--caveat')).toBe(true);
    const clean = root.querySelector('tr[data-id="2"] [data-state]') as HTMLElement;
    expect(clean.textContent).toBe('Done');
    expect(clean.classList.contains('qa-status--caveat')).toBe(false);
    const counts = Object.fromEntries(
      [...first.querySelectorAll('[data-count]')].map((c) => [
        c.getAttribute('data-count'),
        c.textContent,
      ]),
    );
    expect(counts).toEqual({
      written: '1',
      skipped: '0',
      refused: '1',
      verified: '0',
      different: '1',
    });
    expect(root.querySelector('tr[data-id="3"] [data-state]')?.textContent).toBe('Refused context');
    expect(root.querySelector('tr[data-id="2"] a')?.getAttribute('href')).toBe(
      'https://acme.kustomerapp.com/app/conversations/6650f00dc3d4e5f60123aa01',
    );
  });

  it('filters in the background and announces how many match', async () => {
    const { api, root } = await qa();
    expect(root.querySelector('#qa-count')?.getAttribute('role')).toBe('status');
    await choose(byLabel(root, 'Platform'), 'kustomer');
    await flush();
    expect(api.query).toHaveBeenLastCalledWith({
      filters: { platform: 'kustomer' },
      limit: 200,
      count: true,
    });
    expect(rowIds(root)).toEqual([2]);
    expect(count(root)).toBe('1 of 3 handoffs match');

    await choose(byLabel(root, 'Platform'), '');
    await choose(byLabel(root, 'Status'), 'refused-context');
    await flush();
    expect(rowIds(root)).toEqual([3]);

    await choose(byLabel(root, 'Status'), '');
    await flush();
    const asked = api.query.mock.calls.length;
    vi.useFakeTimers();
    try {
      await type(byLabel(root, 'Field (API name or label)'), 'refund');
      await type(byLabel(root, 'Field (API name or label)'), 'refund_amount');
      // Typing waits for a pause before asking, then asks once.
      expect(api.query.mock.calls.length).toBe(asked);
      await act(() => {
        vi.advanceTimersByTime(300);
      });
      expect(api.query.mock.calls.length).toBe(asked + 1);
    } finally {
      vi.useRealTimers();
    }
    await flush();
    expect(api.query).toHaveBeenLastCalledWith({
      filters: { field: 'refund_amount' },
      limit: 200,
      count: true,
    });
    expect(rowIds(root)).toEqual([1]);

    await type(byLabel(root, 'Field (API name or label)'), 'nothing-like-this');
    await click(button(root, 'Refresh'));
    expect(count(root)).toBe('No handoff matches these filters (3 handoffs in the journal).');
    expect(root.querySelector('.empty')?.textContent).toBe('No handoff matches these filters.');
    await click(button(root, 'Clear filters'));
    expect(rowIds(root)).toEqual([1, 2, 3]);
  });

  it('filters on refused fields, and on a field with its outcome', async () => {
    const { api, root } = await qa();
    await choose(byLabel(root, 'Status'), 'has-refused-fields');
    await flush();
    expect(api.query).toHaveBeenLastCalledWith({
      filters: { status: 'has-refused-fields' },
      limit: 200,
      count: true,
    });
    expect(rowIds(root)).toEqual([1]);
    await choose(byLabel(root, 'Status'), '');
    await type(byLabel(root, 'Field (API name or label)'), 'account tier');
    await choose(byLabel(root, 'Field outcome'), 'refused');
    await flush();
    expect(api.query).toHaveBeenLastCalledWith({
      filters: { field: 'account tier', outcome: 'refused' },
      limit: 200,
      count: true,
    });
    // Handoff 1 refused the refund, not the tier.
    expect(rowIds(root)).toEqual([]);
    await choose(byLabel(root, 'Field outcome'), 'different');
    await flush();
    expect(rowIds(root)).toEqual([1]);
    await click(button(root, 'Clear filters'));
    expect((byLabel(root, 'Field outcome') as HTMLSelectElement).value).toBe('');
    expect(rowIds(root)).toEqual([1, 2, 3]);
  });

  it('opens a handoff from anywhere on its row, but leaves the record’s link to itself', async () => {
    const { api, root } = await qa();
    const row = root.querySelector('tr[data-id="2"]') as HTMLElement;
    await click(row.querySelector('[data-count="written"]') as HTMLElement);
    expect(api.entry).toHaveBeenLastCalledWith(2);
    expect(root.querySelector('#qa-detail')).not.toBeNull();
    expect(row.querySelector('button[data-open]')?.getAttribute('aria-expanded')).toBe('true');
    api.entry.mockClear();
    const link = root.querySelector('tr[data-id="1"] a') as HTMLAnchorElement;
    link.addEventListener('click', (e) => e.preventDefault());
    await click(link);
    expect(api.entry).not.toHaveBeenCalled();
  });

  it('names the records as the console does, in the table and the detail’s title', async () => {
    const entries = journal();
    const caseKey = `salesforce:acme:Case:${CASE.id}`;
    entries[0] = { ...(entries[0] as Stored), recordNames: { [caseKey]: '00001026' } };
    entries[1] = {
      ...(entries[1] as Stored),
      recordNames: { [`kustomer:acme:customer:${CUSTOMER.id}`]: 'Jamie Customer' },
    };
    const { root } = await qa(entries);
    expect(root.querySelector('tr[data-id="1"] a')?.textContent).toMatch(/^Case 00001026/);
    expect(root.querySelector('tr[data-id="2"] a')?.textContent).toMatch(
      /^conversation with Jamie Customer/,
    );
    // Unnamed: its object and id.
    expect(root.querySelector('tr[data-id="3"] a')?.textContent).toMatch(/^Case\s*500/);
    await click(root.querySelector('button[data-open="2"]') as HTMLElement);
    expect(root.querySelector('#qa-detail-title')?.textContent).toBe(
      'conversation with Jamie Customer',
    );
    await click(root.querySelector('button[data-open="1"]') as HTMLElement);
    const panel = root.querySelector('#qa-detail') as HTMLElement;
    expect(root.querySelector('#qa-detail-title')?.textContent).toBe('Case 00001026');
    expect(panel.querySelector('[data-state]')?.textContent).toBe(
      'Done with 1 refused, 1 different',
    );
    expect(panel.querySelector('[data-handoff-id]')?.textContent).toMatch(/^hf1-[0-9a-f]{32}$/);
    // The evidence is a plain table: no box of its own to scroll (nor a tab stop for one).
    expect(panel.querySelector('.qa-evidence table')).not.toBeNull();
    expect(panel.querySelector('[tabindex="0"]')).toBeNull();
  });

  it('pages 200 at a time with Load older, the focus going to the first row that came', async () => {
    const many = Array.from({ length: 450 }, (_, i) => ({
      ...entry({ at: NOW - i * 1000 }),
      id: i + 1,
    }));
    const { api, root } = await qa(many);
    expect(rowIds(root)).toHaveLength(200);
    expect(root.querySelector('.qa-table__more')?.textContent).toContain('Showing 200 of 450');
    await click(button(root, 'Load older'));
    expect(api.query).toHaveBeenLastCalledWith({
      filters: {},
      cursor: { at: NOW - 199_000, id: 200 },
      limit: 200,
    });
    expect(rowIds(root)).toHaveLength(400);
    expect(document.activeElement?.getAttribute('data-open')).toBe('201');
    await click(button(root, 'Load older'));
    expect(rowIds(root)).toHaveLength(450);
    expect(() => button(root, 'Load older')).toThrow();
    expect(document.activeElement?.getAttribute('data-open')).toBe('401');
  });

  it('shows a handoff’s evidence as text, and Escape gives the focus back to its row', async () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const entries = journal();
    const first = entries[0] as Stored;
    entries[0] = {
      ...first,
      context: first.context && { ...first.context, values: { 'Account Tier': hostile } },
      verifyNotice: { code: 'session-expired', message: 'Your Salesforce session has expired.' },
      notice: { code: 'record-unresolved', message: 'A note for QA.' },
    };
    const { api, root } = await qa(entries);
    const open = root.querySelector('button[data-open="1"]') as HTMLButtonElement;
    expect(open.textContent).toContain('Details of the handoff at');
    await click(open);
    expect(api.entry).toHaveBeenCalledWith(1);
    const panel = root.querySelector('#qa-detail') as HTMLElement;
    expect(open.getAttribute('aria-expanded')).toBe('true');
    expect(open.getAttribute('aria-controls')).toBe('qa-detail');
    expect(document.activeElement?.id).toBe('qa-detail-title');
    expect(panel.textContent).toContain('Key–value');
    expect(panel.textContent).toContain('msg-1');
    expect(panel.querySelector('.qa-values')?.textContent).toContain(hostile);
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.textContent).toContain('Notice: A note for QA.');
    expect(panel.textContent).toContain('Read-back: Your Salesforce session has expired.');
    const tier = panel.querySelector('tr[data-field="Account_Tier__c"]') as HTMLElement;
    expect(tier.textContent).toContain('Account Tier');
    expect(tier.textContent).toContain('Case');
    expect(tier.querySelector('[data-verification="different"]')?.textContent).toMatch(
      /Different.*Expected.*tier_premium.*Actual.*tier_basic.*By.*Verify now/,
    );
    const refund = panel.querySelector('tr[data-field="Refund_Amount__c"]') as HTMLElement;
    expect(refund.textContent).toContain("Refunds over 5,000 need a manager's approval.");
    expect(refund.textContent).toContain('Not read back');

    await act(() => {
      panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await flush();
    expect(root.querySelector('#qa-detail')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('button[data-open="1"]'));
  });

  it('moves between the rows with ↑ and ↓', async () => {
    const { root } = await qa();
    const first = root.querySelector('button[data-open="1"]') as HTMLButtonElement;
    first.focus();
    await act(() => {
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    expect(document.activeElement?.getAttribute('data-open')).toBe('2');
  });

  it('exports every match of the shown filters through save, and says what it wrote', async () => {
    const save = vi.fn();
    const { api, root } = await qa(journal(), save);
    await choose(byLabel(root, 'Platform'), 'salesforce');
    await flush();
    await click(button(root, 'Export CSV'));
    expect(api.exportFile).toHaveBeenCalledWith({ platform: 'salesforce' }, 'csv');
    expect(save).toHaveBeenCalledWith(
      'handoff-fields-journal-2026-11-21-1000.csv',
      expect.any(String),
    );
    expect(root.querySelector('.qa-export-outcome')?.textContent).toBe(
      'Exported 2 handoffs (3 rows) to handoff-fields-journal-2026-11-21-1000.csv.',
    );
    api.exportFile.mockRejectedValueOnce(new Error('The background is busy.'));
    await click(button(root, 'Export JSON'));
    expect(root.querySelector('.qa-export-outcome [role="alert"]')?.textContent).toBe(
      'Nothing was exported. The background is busy.',
    );
  });
});

describe('the filter form', () => {
  it('sends whole local days: from its midnight, to the next midnight (exclusive)', () => {
    const read = filtersFromForm({ ...emptyFilterForm, from: '2026-11-20', to: '2026-11-21' });
    expect(read).toEqual({
      ok: true,
      filters: {
        from: new Date(2026, 10, 20).getTime(),
        to: new Date(2026, 10, 22).getTime(),
      },
    });
    expect(filtersFromForm({ ...emptyFilterForm, field: '  tier ', platform: 'kustomer' })).toEqual(
      {
        ok: true,
        filters: { field: 'tier', platform: 'kustomer' },
      },
    );
    expect(filtersFromForm({ ...emptyFilterForm, from: '2026-11-22', to: '2026-11-21' })).toEqual({
      ok: false,
      error: 'The "to" date is before the "from" date: no handoff can match.',
    });
  });

  it('says what a status’s fields add to it', () => {
    const none = { refused: 0, different: 0 };
    expect(statusText('done', none)).toBe('Done');
    expect(statusText('done', { refused: 3, different: 0 })).toBe('Done with 3 refused');
    expect(statusText('done', { refused: 0, different: 1 })).toBe('Done with 1 different');
    expect(statusText('failed', { refused: 2, different: 1 })).toBe(
      'Failed with 2 refused, 1 different',
    );
    expect(statusText('refused', none)).toBe('Refused context');
  });

  it('counts in words', () => {
    expect(matchWords(0, 0, false)).toBe('The journal has no handoff yet.');
    expect(matchWords(1, 1, false)).toBe('1 handoff in the journal');
    expect(matchWords(37, 10_204, true)).toBe('37 of 10,204 handoffs match');
  });
});
