/**
 * Journal export files for the merge's tests, written by the extension's own export
 * (`buildJournalExport`) and then brought to the version a test needs: version 1 (`id`, `state`)
 * or version 2 (`handoffId`, `journalId`, `status` only), whichever the export writes today.
 */
import { buildJournalExport, type StoredEntry } from '@/lib/journal/export';
import { handoffId } from '@/lib/journal/handoff-id';
import type { Redaction } from '@/lib/settings/schema';
import type { JournalEntry } from '@/lib/store/journal-schema';
import { NOW } from './fixtures';

export type Json = { [key: string]: unknown };

/** The entries as the options page's Export JSON writes them, parsed. */
export async function exported(
  entries: readonly StoredEntry[],
  options: { redaction?: Redaction; now?: number } = {},
): Promise<Json> {
  const file = await buildJournalExport(entries, {
    format: 'json',
    filters: {},
    redaction: options.redaction ?? 'none',
    now: options.now ?? NOW,
  });
  return JSON.parse(file.text) as Json;
}

/** A version-1 file: each entry keyed by the browser's `id`, with the raw `state`. */
export async function exportV1(
  entries: readonly StoredEntry[],
  options: { redaction?: Redaction; now?: number } = {},
): Promise<Json> {
  const file = await exported(entries, options);
  const list = file.entries as Json[];
  return {
    ...file,
    version: 1,
    entries: list.map((e, i) => {
      const { handoffId: _h, journalId, id, ...rest } = e;
      const { at, status, recordUrl, ...others } = rest;
      return {
        id: id ?? journalId,
        at,
        status,
        recordUrl,
        ...others,
        state: (entries[i] as JournalEntry).state,
      };
    }),
  };
}

/** A version-2 file: `handoffId` first, then `journalId`; no `id` nor `state`. */
export async function exportV2(
  entries: readonly StoredEntry[],
  options: { redaction?: Redaction; now?: number } = {},
): Promise<Json> {
  const file = await exported(entries, options);
  const list = file.entries as Json[];
  const out: Json[] = [];
  for (const [i, e] of list.entries()) {
    const stored = entries[i] as StoredEntry;
    const { handoffId: own, journalId, id, state: _state, ...rest } = e;
    out.push({
      handoffId: own ?? (await handoffId(stored)),
      journalId: journalId ?? id,
      ...rest,
    });
  }
  return { ...file, version: 2, entries: out };
}

export const stored = (e: JournalEntry, id: number): StoredEntry => ({ ...e, id });

/** A file as text, named as the user typed it. */
export const named = (name: string, file: unknown) => ({
  name,
  text: `${JSON.stringify(file, null, 2)}\n`,
});
