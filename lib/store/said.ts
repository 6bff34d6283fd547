/**
 * The echo check's memory (lib/context/echo.ts) in the extension's IndexedDB: what non-bot authors
 * wrote per conversation, as SHA-256 digests of (conversation, fingerprint) — the values stay
 * unreadable, and a fingerprint only matches in its own conversation. Each sighting keeps the time
 * it was first seen, so a message read again on every page load stays "earlier".
 */
import { sha256Hex } from '../context/digest';
import { type SaidMemory, saidBy, saidFingerprints } from '../context/echo';
import type { Db } from './db';

const digestOf = (conversation: string, fingerprint: string) =>
  sha256Hex(`${conversation}\u0000${fingerprint}`);

export function saidRepo(db: Db): SaidMemory {
  return {
    async remember({ conversation, messageId, by, text, at }) {
      const fingerprints = saidFingerprints(text);
      if (fingerprints.length === 0) return;
      // Digests first: awaiting WebCrypto inside the transaction would end it.
      const keys = await Promise.all(
        fingerprints.map(async (f) => `${await digestOf(conversation, f)}|${messageId}`),
      );
      const tx = db.transaction('said', 'readwrite');
      await Promise.all(
        keys.map(async (key) => {
          if ((await tx.store.getKey(key)) === undefined) await tx.store.put({ key, by, at });
        }),
      );
      await tx.done;
    },
    async find({ conversation, messageId, fingerprints, before }) {
      const digests = await Promise.all(
        fingerprints.map((f) => digestOf(conversation, f.fingerprint)),
      );
      const tx = db.transaction('said', 'readonly');
      const sightings = await Promise.all(
        digests.map((digest) =>
          tx.store.getAll(IDBKeyRange.bound(`${digest}|`, `${digest}|\uffff`)),
        ),
      );
      await tx.done;
      for (let i = 0; i < fingerprints.length; i++) {
        const prefix = (digests[i] as string).length + 1;
        const earlier = sightings[i]?.find(
          (row) => row.key.slice(prefix) !== messageId && row.at <= before,
        );
        if (earlier) {
          return {
            label: (fingerprints[i] as (typeof fingerprints)[number]).label,
            by: saidBy(earlier.by),
          };
        }
      }
      return undefined;
    },
  };
}
