/**
 * What the content script remembers of the messages it read, so each is relayed once per page life
 * and an edit is told: per message, a key of its first text and the (author, text) pairs it relayed.
 *
 * Bounded. A console page stays open for a whole shift, showing hundreds of conversations of
 * thousands of messages; kept whole, every text read would stay in the page's memory until the
 * agent reloads. So texts are kept as keys (length + 53-bit hash, lib/text/text-key.ts), and at
 * most MESSAGES_MAX messages, the least recently read forgotten first. Every message of a watched
 * list is read again when the list is found again, which makes it recent: 20,000 holds the lists
 * of ten open 2,000-message transcripts, so what is on screen is never forgotten. A message
 * forgotten and read again later is relayed again: the background handles each (org, message,
 * text) once, also across restarts (its `seen` store), so that costs a lookup, never a second
 * write. What the bound gives up: an edit of a message not read for 20,000 messages is not marked
 * here; the background still refuses an edit of a message whose first text held a context.
 */

import { recentMap } from '../memory/recent';
import { isPositionalId } from '../platforms/record-key';
import type { CandidateMessage } from '../platforms/types';
import { textKey } from '../text/text-key';

/** How many messages are remembered (see above). */
export const MESSAGES_MAX = 20_000;
/**
 * How many (author, text) pairs are remembered per message: a message edited again and again, or a
 * made-up position id that names one message after another, keeps only its latest few.
 */
export const RELAYED_PER_MESSAGE_MAX = 16;

interface Remembered {
  /** The key of the first text seen: another text later is an edit. */
  first: string;
  /** `author|text key` of each version relayed, oldest first. */
  relayed: string[];
}

/**
 * The messages of a record never relayed before (per author and text), an edit marked; remembers
 * the first text of every message it is given (any message, context or not). `worth` says which
 * are relayed at all (the others are only remembered).
 */
export function messageMemory(worth: (m: CandidateMessage) => boolean, max: number = MESSAGES_MAX) {
  const memory = recentMap<string, Remembered>(max);
  const fresh = (key: string, messages: readonly CandidateMessage[]): CandidateMessage[] => {
    const out: CandidateMessage[] = [];
    for (const m of messages) {
      // A message shell whose text is not rendered yet has no first text: its text is its first.
      if (m.text.trim() === '') continue;
      const messageKey = `${key}|${m.platformMessageId}`;
      const text = textKey(m.text);
      let known = memory.get(messageKey);
      // A made-up id (no id in the page) may name another message after a re-render.
      const first = known && !isPositionalId(m.platformMessageId) ? known.first : undefined;
      if (!known) {
        known = { first: text, relayed: [] };
        memory.set(messageKey, known);
      }
      if (!worth(m)) continue;
      // Relayed once per author and text: an edited message is relayed again, marked, and refused;
      // a message a corrected profile reads as another author's is relayed again.
      const id = `${m.author}|${text}`;
      if (known.relayed.includes(id)) continue;
      known.relayed.push(id);
      if (known.relayed.length > RELAYED_PER_MESSAGE_MAX) known.relayed.shift();
      out.push(first !== undefined && first !== text ? { ...m, edited: true } : m);
    }
    return out;
  };
  return {
    fresh,
    /** How many messages are remembered now (the diagnostics, the soak run). */
    get size() {
      return memory.size;
    },
  };
}
