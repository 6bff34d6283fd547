/**
 * The content script's sensor, platform-neutral: follows the record open in the console through
 * single-page navigation, watches its transcript, and relays each new candidate message to the
 * background once per page life. It holds no session, mapping or decision. It remembers the first
 * text of every message it reads, so a message edited after it was posted (even one whose first
 * text held no context) reaches the background marked `edited` and is refused there.
 *
 * Candidates are bound to the record whose transcript showed them. A transcript list belongs to
 * the record that was open when the list first appeared: after the agent switches records, the
 * previous record's list may stay in the page (a console keeps other tabs' DOM, and the old view
 * stays shown while the new record loads), and a bot message posted there must never count for
 * the record now open. So at navigation, lists of other records stop being watched, and every
 * touched item is checked against the open record's lists before it is sent. *Unverified*: that a
 * console renders a new list element for another record rather than reusing the old one
 * (docs/context-sources.md).
 *
 * Messages of authors other than the bot are relayed too when they could be repeated by a bot's
 * context (they hold a colon): the background remembers them for its echo check (echo.ts).
 */
import { worthSending } from '../context/candidate';
import { isPositionalId, recordKey } from '../platforms/record-key';
import type { CandidateMessage, RecordRef } from '../platforms/types';
import { watchLists } from './dom/list-watcher';

export interface SensorAdapter {
  recordFromUrl(url: string): RecordRef | null;
  findTranscriptLists(): Element[];
  itemSelector: string;
  readItem(item: Element): CandidateMessage | null;
}

export interface SensorEvents {
  /** The open record changed (null: not a record page). */
  onRecord(record: RecordRef | null): void;
  /** New candidate messages of the open record, never sent before in this page life. */
  onCandidates(record: RecordRef, messages: CandidateMessage[]): void;
}

export function startConsoleSensor(
  adapter: SensorAdapter,
  events: SensorEvents,
  options: {
    signal: AbortSignal;
    location: () => string;
    /** Calls back with the new URL (the Navigation API reports it before `location` changes). */
    onLocationChange(listener: (url: string) => void): void;
  },
) {
  let record: RecordRef | null = null;
  /** Each transcript list's record: the one open when the list first appeared. */
  const listOwner = new WeakMap<Element, string>();
  const sent = new Set<string>();
  /** The first text seen of each message (any message, context or not): a change is an edit. */
  const firstText = new Map<string, string>();

  const follow = (url: string) => {
    const next = adapter.recordFromUrl(url);
    if (next && record && recordKey(next) === recordKey(record)) return;
    record = next;
    events.onRecord(record);
    watcher.rescan();
  };

  const watcher = watchLists<CandidateMessage>({
    signal: options.signal,
    findLists: () => {
      if (!record) return [];
      const key = recordKey(record);
      return adapter.findTranscriptLists().filter((list) => {
        const owner = listOwner.get(list);
        if (owner === undefined) listOwner.set(list, key);
        return (owner ?? key) === key;
      });
    },
    itemSelector: adapter.itemSelector,
    read: adapter.readItem,
    onItems: (messages, list) => {
      if (!record) return;
      const key = recordKey(record);
      // Touched in a list of another record (its observer outlived a navigation by a task).
      if (listOwner.get(list) !== key || !list.isConnected) return;
      const fresh: CandidateMessage[] = [];
      for (const m of messages) {
        // A message shell whose text is not rendered yet has no first text: its text is its first.
        if (m.text.trim() === '') continue;
        const messageKey = `${key}|${m.platformMessageId}`;
        // A made-up id (no id in the page) may name another message after a re-render.
        const first = isPositionalId(m.platformMessageId) ? undefined : firstText.get(messageKey);
        if (first === undefined) firstText.set(messageKey, m.text);
        if (!worthSending(m.author, m.text)) continue;
        // Sent once per text: an edited message is sent again, marked, and refused.
        const id = `${messageKey}|${m.text}`;
        if (sent.has(id)) continue;
        sent.add(id);
        fresh.push(first !== undefined && first !== m.text ? { ...m, edited: true } : m);
      }
      if (fresh.length) events.onCandidates(record, fresh);
    },
  });

  options.onLocationChange(follow);
  follow(options.location());
}
