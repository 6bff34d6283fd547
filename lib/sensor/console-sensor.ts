/**
 * The content script's sensor, platform-neutral: follows the record open in the console through
 * single-page navigation, watches its transcript, and relays each new candidate message to the
 * background once per page life. It holds no session, mapping or decision.
 */
import { mayHoldContext } from '../context/candidate';
import { watchLists } from '../dom/list-watcher';
import { recordKey } from '../platforms/record-key';
import type { CandidateMessage, RecordRef } from '../platforms/types';

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
  const sent = new Set<string>();

  const follow = (url: string) => {
    const next = adapter.recordFromUrl(url);
    if (next && record && recordKey(next) === recordKey(record)) return;
    record = next;
    events.onRecord(record);
    watcher.rescan();
  };

  const watcher = watchLists<CandidateMessage>({
    signal: options.signal,
    findLists: () => (record ? adapter.findTranscriptLists() : []),
    itemSelector: adapter.itemSelector,
    read: adapter.readItem,
    onItems: (messages) => {
      if (!record) return;
      const key = recordKey(record);
      const fresh = messages.filter((m) => {
        const id = `${key}|${m.platformMessageId}|${m.text.length}|${m.text.slice(0, 64)}`;
        if (!mayHoldContext(m.text) || sent.has(id)) return false;
        sent.add(id);
        return true;
      });
      if (fresh.length) events.onCandidates(record, fresh);
    },
  });

  options.onLocationChange(follow);
  follow(options.location());
}
