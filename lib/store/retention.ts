/**
 * Retention (settings `retentionDays`), as plain arithmetic: the one rule that the daily purge
 * (lib/engine/privacy.ts) deletes by and the QA journal's reads (lib/journal/query.ts) hide by, so
 * an entry the purge has not reached yet is never shown either.
 */

export const DAY_MS = 86_400_000;

/** The newest moment retention no longer keeps: rows at or before it are past `retentionDays`. */
export const retentionCutoff = (now: number, retentionDays: number): number =>
  now - retentionDays * DAY_MS;
