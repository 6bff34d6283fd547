/**
 * The QA journal's requests through the router as the options page sends them, answered by the
 * background's handlers over fake-indexeddb: validation, admin only, retention and redaction.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { backgroundHandlers } from '@/lib/background/services';
import type { JournalExportFile, PresentedEntry } from '@/lib/journal/export';
import { isHandoffId } from '@/lib/journal/handoff-id';
import type { JournalPage } from '@/lib/journal/query';
import { createRouter } from '@/lib/messaging/router';
import { maskValue } from '@/lib/privacy/redact';
import { defaultSettings } from '@/lib/settings/schema';
import { type Db, openHandoffDb } from '@/lib/store/db';
import { journalRepo } from '@/lib/store/journal';
import { settingsRepo } from '@/lib/store/settings';
import { parseCsvObjects } from '../../support/csv-parse';
import {
  CASE,
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
let route: ReturnType<typeof createRouter>;

beforeEach(async () => {
  db = await openHandoffDb(`journal-background-test-${n++}`);
  const cookies = { get: async () => null, getAll: async () => [] };
  route = createRouter(backgroundHandlers({ db, cookies, now: () => NOW }));
});

async function send<T>(message: unknown): Promise<T> {
  const reply = await route(message, 'extension-page');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as T;
}

async function seed() {
  const repo = journalRepo(db);
  const sf = await repo.add(entry({ at: NOW - HOUR }));
  const k = await repo.add(kustomerEntry({ at: NOW - 2 * HOUR }));
  const refused = await repo.add(customerRefusal({ at: NOW - 3 * HOUR }));
  // Past the default 30 days: the daily purge has not run yet.
  const old = await repo.add(entry({ at: NOW - 31 * DAY, messageId: 'old' }));
  return {
    sf: sf.id as number,
    k: k.id as number,
    refused: refused.id as number,
    old: old.id as number,
  };
}

describe('journal requests', () => {
  it('are admin requests: a console page may not read or export the journal', async () => {
    await seed();
    for (const message of [
      { type: 'journal:query', filters: {} },
      { type: 'journal:export', filters: {}, format: 'csv' },
      { type: 'journal:entry', id: 1 },
    ]) {
      expect(await route(message, 'content-script')).toEqual({
        ok: false,
        error: { code: 'invalid', message: `A console page may not send "${message.type}".` },
      });
    }
  });

  it('are validated: unknown filters, formats and ids are refused with the reason', async () => {
    for (const message of [
      { type: 'journal:query', filters: { platform: 'zendesk' } },
      { type: 'journal:query', filters: {}, limit: 0 },
      { type: 'journal:query', filters: { from: 10, to: 5 } },
      { type: 'journal:query', filters: { field: 'tier', outcome: 'lost' } },
      { type: 'journal:query', filters: { status: 'has-odd-fields' } },
      { type: 'journal:export', filters: {}, format: 'xlsx' },
      { type: 'journal:entry', id: -1 },
    ]) {
      const reply = await route(message, 'extension-page');
      expect(reply.ok, JSON.stringify(message)).toBe(false);
      expect(JSON.stringify(reply)).toContain('Invalid request');
    }
  });

  it('answers a page with its counts, inside retention', async () => {
    const ids = await seed();
    const page = await send<JournalPage>({ type: 'journal:query', filters: {}, count: true });
    expect(page.rows.map((r) => r.id)).toEqual([ids.sf, ids.k, ids.refused]);
    expect(page).toMatchObject({ matched: 3, total: 3 });
    expect(page.rows.map((r) => r.status)).toEqual(['done', 'done', 'refused']);
  });

  it('runs the field-and-outcome and has-refused filters in the background', async () => {
    const repo = journalRepo(db);
    const refunds = await repo.add(entry({ at: NOW - HOUR, fields: [tierWritten, refundRefused] }));
    await repo.add(entry({ at: NOW - 2 * HOUR }));
    const ids = async (filters: object) =>
      (await send<JournalPage>({ type: 'journal:query', filters, count: true })).rows.map(
        (r) => r.id,
      );
    expect(await ids({ status: 'has-refused-fields' })).toEqual([refunds.id]);
    expect(await ids({ field: 'refund', outcome: 'refused' })).toEqual([refunds.id]);
    // The tier was written in both: "tier + refused" is met by neither.
    expect(await ids({ field: 'tier', outcome: 'refused' })).toEqual([]);
    expect(await ids({ field: 'tier', outcome: 'written' })).toHaveLength(2);
  });

  it('names the records in the rows, but not while the settings redact the journal', async () => {
    const key = `salesforce:acme:Case:${CASE.id}`;
    await journalRepo(db).add(entry({ recordNames: { [key]: '00001026' } }));
    const names = async () =>
      (await send<JournalPage>({ type: 'journal:query', filters: {} })).rows[0]?.names;
    expect(await names()).toEqual({ [key]: 'Case 00001026' });
    // Through the background, which keeps the settings it read (lib/store/settings.ts).
    await send({ type: 'settings:save', settings: { ...defaultSettings(), redaction: 'mask' } });
    expect(await names()).toBeUndefined();
  });

  it('answers one entry for the detail view, never with its raw message', async () => {
    const ids = await seed();
    const detail = await send<PresentedEntry | null>({ type: 'journal:entry', id: ids.sf });
    expect(detail).toMatchObject({ id: ids.sf, record: { object: 'Case' }, state: 'done' });
    expect(detail?.fields.map((f) => f.field)).toEqual(['Account_Tier__c', 'Account_Number__c']);
    expect(detail).not.toHaveProperty('text');
    expect(await send({ type: 'journal:entry', id: ids.old })).toBeNull();
  });

  it('exports every match (not a page), never an entry past retention', async () => {
    const ids = await seed();
    const file = await send<JournalExportFile>({
      type: 'journal:export',
      filters: {},
      format: 'csv',
    });
    const rows = parseCsvObjects(file.text);
    expect(file).toMatchObject({ entries: 3, records: 5 });
    expect(new Set(rows.map((r) => r.journal_id))).toEqual(
      new Set([ids.sf, ids.k, ids.refused].map(String)),
    );
    // The global id, one per handoff, the same whichever browser exports it.
    for (const r of rows) expect(isHandoffId(r.handoff_id ?? '')).toBe(true);
    expect(new Set(rows.map((r) => r.handoff_id)).size).toBe(3);
    const json = await send<JournalExportFile>({
      type: 'journal:export',
      filters: { platform: 'salesforce' },
      format: 'json',
    });
    const parsed = JSON.parse(json.text);
    expect(parsed.filters).toEqual({ platform: 'salesforce' });
    expect(parsed.entries.map((e: { journalId: number }) => e.journalId)).toEqual([
      ids.sf,
      ids.refused,
    ]);
    // Redaction is off: the JSON keeps the raw message as evidence.
    expect(parsed.entries[0].text).toContain('Handoff context');

    // A shorter retention applies at once, also to what the purge has not deleted.
    await journalRepo(db).add(entry({ at: NOW - 2 * DAY, messageId: 'two-days' }));
    const exported = async () =>
      JSON.parse(
        (await send<JournalExportFile>({ type: 'journal:export', filters: {}, format: 'json' }))
          .text,
      ).entries.length;
    expect(await exported()).toBe(4);
    await send({ type: 'settings:save', settings: { ...defaultSettings(), retentionDays: 1 } });
    expect(await exported()).toBe(3);
  });

  it('masks what is exported under redaction, also entries the journal has not redacted yet', async () => {
    const ids = await seed();
    // Saved straight to the store: the sweep that redacts settled entries has not run.
    await settingsRepo(db).save({ ...defaultSettings(), redaction: 'mask' });
    const csv = await send<JournalExportFile>({
      type: 'journal:export',
      filters: {},
      format: 'csv',
    });
    const sf = parseCsvObjects(csv.text).find((r) => r.journal_id === String(ids.sf));
    expect(sf?.value).toBe(maskValue('tier_premium'));
    expect(csv.text).not.toContain('AC-20931');
    const json = await send<JournalExportFile>({
      type: 'journal:export',
      filters: {},
      format: 'json',
    });
    expect(json.text).not.toContain('Handoff context');
    expect(json.text).not.toContain('AC-20931');
    const first = JSON.parse(json.text).entries[0];
    expect(first).toMatchObject({ redacted: 'mask' });
    expect(first).not.toHaveProperty('text');
    // The journal itself is unchanged by an export: redaction there is the sweep's job.
    expect((await journalRepo(db).get(ids.sf))?.fields[0]?.value).toBe('tier_premium');
    const detail = await send<PresentedEntry>({ type: 'journal:entry', id: ids.sf });
    expect(detail.context?.values['Account Number']).toBe(maskValue('AC-20931'));
  });
});
