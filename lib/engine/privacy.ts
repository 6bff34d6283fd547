/**
 * Privacy upkeep of the extension's database (settings `retentionDays`, `redaction`): run when the
 * worker starts, once a day (an alarm, background-tasks.ts) and when an admin saves the settings.
 *
 * - Retention: journal entries older than the period are deleted (never one whose writes are still
 *   live), with the write queue's settled rows; `seen` rows too, but never before a signed context
 *   could have expired anyway (replay protection outlives its token).
 * - Redaction: each handoff is redacted when it settles (write-queue.ts); this sweep redacts what settled
 *   before redaction was switched on, and drops the values failed queue rows kept for Retry.
 */
import { redactEntry } from '../privacy/redact';
import type { Db } from '../store/db';
import { deleteOlder } from '../store/delete-older';
import { journalRepo } from '../store/journal';
import { isSettledState } from '../store/journal-schema';
import { queueRepo } from '../store/queue';
import { DAY_MS, retentionCutoff } from '../store/retention';
import type { SettingsRepo } from '../store/settings';

export interface PrivacyDeps {
  db: Db;
  settings: SettingsRepo;
  now(): number;
}

export function privacyTasks(deps: PrivacyDeps) {
  const queue = queueRepo(deps.db);
  const journalStore = journalRepo(deps.db);

  async function purge(): Promise<{ journal: number; queue: number; seen: number; said: number }> {
    const settings = await deps.settings.get();
    const now = deps.now();
    const cutoff = retentionCutoff(now, settings.retentionDays);
    const tokenLife = (settings.trust.maxAgeSeconds + settings.trust.clockSkewSeconds) * 1000;
    const seenCutoff = Math.min(cutoff, now - tokenLife - DAY_MS);

    const journal = await journalStore.purgeSettled(cutoff);
    const rows = await queue.purgeSettled(cutoff);
    const seen = await deleteOlder(deps.db, 'seen', seenCutoff);
    // What non-bot authors wrote matters as long as the conversation's handoffs are kept.
    const said = await deleteOlder(deps.db, 'said', cutoff);
    return { journal, queue: rows, seen, said };
  }

  /** Redacts every settled, unredacted entry under the current setting; answers how many. */
  async function redactSettled(): Promise<number> {
    const { redaction } = await deps.settings.get();
    if (redaction === 'none') return 0;
    // Ids first (one read-only pass), then each entry on its own: hashing awaits WebCrypto, which
    // would end a transaction held open across it.
    const ids = await journalStore.unredactedSettledIds();
    let n = 0;
    for (const id of ids) {
      const entry = await journalStore.get(id);
      if (!entry || entry.redacted || !isSettledState(entry.state)) continue;
      await journalStore.update({ ...(await redactEntry(entry, redaction)), id });
      n++;
    }
    await queue.dropSettledValues();
    return n;
  }

  return { purge, redactSettled };
}
export type PrivacyTasks = ReturnType<typeof privacyTasks>;
