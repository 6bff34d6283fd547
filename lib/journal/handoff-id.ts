/**
 * A handoff's id across browsers. The journal's own key is a per-browser counter (1, 2, 3…), so
 * exports from several agents' browsers collide on it; this id is made from what names the
 * handoff anywhere: the platform, the org, the record it was found on, the platform's message id
 * and the digest of the context's text. The same handoff seen by two browsers gets the same id, so
 * `handoff-fields journal merge` keeps it once; a context edited in place (another digest) or the
 * same text posted again (another message id) is another handoff.
 *
 * A hash rather than the parts joined: message ids run to 200 characters and may hold any
 * separator, and a fixed-length id sorts and filters well in a spreadsheet. The parts themselves
 * stay in the export's other columns.
 */
import { sha256Hex } from '../context/digest';
import type { RecordRef } from '../platforms/types';

/** Versioned, so a later scheme can never be mistaken for this one. */
export const HANDOFF_ID_PREFIX = 'hf1-';
const HANDOFF_ID = /^hf1-[0-9a-f]{32}$/;

export interface HandoffIdParts {
  record: RecordRef;
  messageId: string;
  contextDigest: string;
}

/**
 * `hf1-` and 128 bits of SHA-256 over the parts as a JSON array (no separator can be forged by a
 * part that contains it). The org handle is a host-name label, which is case-insensitive; record
 * and message ids are not (Salesforce ids differ by case), so they are kept as they are.
 */
export async function handoffId(parts: HandoffIdParts): Promise<string> {
  const { record } = parts;
  const canonical = JSON.stringify([
    record.platform,
    record.org.toLowerCase(),
    record.object,
    record.id,
    parts.messageId,
    parts.contextDigest,
  ]);
  return `${HANDOFF_ID_PREFIX}${(await sha256Hex(canonical)).slice(0, 32)}`;
}

export const isHandoffId = (text: string): boolean => HANDOFF_ID.test(text);
