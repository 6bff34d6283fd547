/**
 * The echo check's memory (lib/context/echo.ts) in the extension's IndexedDB: what non-bot authors
 * wrote, one row per conversation, as SHA-256 digests of (conversation, fingerprint) — the values
 * stay unreadable, and a fingerprint only matches in its own conversation. One row per
 * conversation keeps the check to a single read on the handoff's path. Each sighting keeps the
 * time it was first seen, so a message read again on every page load stays "earlier".
 */
import { sha256Hex } from '../context/digest';
import { type SaidBy, type SaidMemory, saidBy, saidFingerprints } from '../context/echo';
import type { Db, SaidRow, Sighting } from './db';

/** Sightings kept per conversation at most: a chat of thousands of `Key: Value` lines is no chat. */
const MAX_SIGHTINGS = 20_000;

const digestOf = (conversation: string, fingerprint: string) =>
  sha256Hex(`${conversation}\u0000${fingerprint}`);

export function saidRepo(db: Db): SaidMemory {
  return {
    async remember(saids) {
      const fresh: Array<{ conversation: string; sighting: Sighting }> = [];
      // Digests first: awaiting WebCrypto inside the transaction would end it.
      for (const { conversation, messageId, by, text, at } of saids) {
        const digests = await Promise.all(
          saidFingerprints(text).map((f) => digestOf(conversation, f)),
        );
        for (const d of digests)
          fresh.push({ conversation, sighting: { d, m: messageId, by, at } });
      }
      if (fresh.length === 0) return;
      const tx = db.transaction('said', 'readwrite');
      const rows = new Map<string, SaidRow>();
      for (const { conversation, sighting } of fresh) {
        let row = rows.get(conversation);
        if (!row) {
          row = (await tx.store.get(conversation)) ?? { conversation, at: sighting.at, seen: [] };
          rows.set(conversation, row);
        }
        const known = row.seen.some((s) => s.d === sighting.d && s.m === sighting.m);
        if (!known && row.seen.length < MAX_SIGHTINGS) row.seen.push(sighting);
        row.at = Math.max(row.at, sighting.at);
      }
      for (const row of rows.values()) await tx.store.put(row);
      await tx.done;
    },
    async find({ conversation, messageId, fingerprints, before }) {
      const [row, digests] = await Promise.all([
        db.get('said', conversation),
        Promise.all(fingerprints.map((f) => digestOf(conversation, f.fingerprint))),
      ]);
      if (!row) return undefined;
      const earlier = new Map<string, SaidBy>();
      for (const s of row.seen) {
        if (s.m !== messageId && s.at <= before && !earlier.has(s.d))
          earlier.set(s.d, saidBy(s.by));
      }
      for (let i = 0; i < digests.length; i++) {
        const by = earlier.get(digests[i] as string);
        if (by) return { label: (fingerprints[i] as (typeof fingerprints)[number]).label, by };
      }
      return undefined;
    },
  };
}
