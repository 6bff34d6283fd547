/**
 * The content script's sensor, platform-neutral: follows the record open in the console through
 * single-page navigation, watches its transcript, and relays each new candidate message to the
 * background once per page life. It holds no session, mapping or decision. It remembers the first
 * text of every message it reads (as a key, for the most recent 20,000: message-memory.ts), so a
 * message edited after it was posted (even one whose first text held no context) reaches the
 * background marked `edited` and is refused there.
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
 *
 * Every message is read through the platform's transcript profile in force (transcript-profile.ts):
 * the shipped defaults, or an admin's override. A new profile takes effect at once: the lists are
 * found and read again with it, and a message it reads differently (another author) is relayed
 * again.
 */
import { mayBeWorthSending, worthSending } from '../context/candidate';
import { recordKey } from '../platforms/record-key';
import {
  type ProfileDefinition,
  type ProfileOverride,
  type ProfileProblem,
  profileWithOverride,
  type TranscriptProfile,
} from '../platforms/transcript-profile';
import type { Author, CandidateMessage, RecordRef } from '../platforms/types';
import { watchLists } from './dom/list-watcher';
import { pageActivity } from './dom/page-activity';
import { messageMemory } from './message-memory';

export interface SensorAdapter<K extends string = string> {
  /** The platform's id (settings `transcriptProfiles` are keyed by it). */
  platform: string;
  /** The platform's transcript profile: its keys and shipped values. */
  profile: ProfileDefinition<K>;
  recordFromUrl(url: string): RecordRef | null;
  findTranscriptLists(profile: TranscriptProfile<K>): Element[];
  /** One entry of a list. */
  itemSelector(profile: TranscriptProfile<K>): string;
  /**
   * The entry as a candidate message, with how its author was decided; null when it is not a
   * message or not readable yet. With `needsAuthor`, the author is decided only for a text it
   * accepts (otherwise `unknown`, basis `not-read`): the text is read first.
   */
  readItem(
    item: Element,
    profile: TranscriptProfile<K>,
    needsAuthor?: (text: string) => boolean,
  ): ItemReading | null;
  /** How the entry's author reads (also for entries `readItem` skips): for the diagnostics. */
  explainItem(item: Element, profile: TranscriptProfile<K>): AuthorReading;
}

/** How an entry's author was decided: the author, the rule that decided it, the name seen. */
export interface AuthorReading {
  author: Author;
  /** A platform's rule name, e.g. `meta`, `run`, `outbound-agent`, `bot-badge`. */
  basis: string;
  sender?: string;
}

export interface ItemReading {
  message: CandidateMessage;
  why: AuthorReading;
}

/** What the sensor holds now: for the diagnostics. */
export interface SensorState {
  record: RecordRef | null;
  profile: TranscriptProfile;
  problems: ProfileProblem[];
  /** The transcript lists of the open record it watches. */
  lists: Element[];
}

export interface SensorEvents {
  /** The open record changed (null: not a record page). */
  onRecord(record: RecordRef | null): void;
  /** New candidate messages of the open record, never sent before in this page life. */
  onCandidates(record: RecordRef, messages: CandidateMessage[]): void;
  /**
   * The page changed while no transcript of the open record can be found (the profile does not
   * match the page): a message may have arrived that only the platform's API can show.
   */
  onActivity?(record: RecordRef): void;
}

export function startConsoleSensor<K extends string>(
  adapter: SensorAdapter<K>,
  events: SensorEvents,
  options: {
    signal: AbortSignal;
    location: () => string;
    /** Calls back with the new URL (the Navigation API reports it before `location` changes). */
    onLocationChange(listener: (url: string) => void): void;
    /** The admin's override of the platform's transcript profile, read from the first message on. */
    override?: ProfileOverride;
  },
) {
  let record: RecordRef | null = null;
  const owners = listOwners();

  const first = profileWithOverride(adapter.profile, options.override);
  let profile = first.profile;
  let problems = first.problems;
  /** The lists the watcher last found for the open record. */
  let lists: Element[] = [];

  const follow = (url: string) => {
    const next = adapter.recordFromUrl(url);
    if (next && record && recordKey(next) === recordKey(record)) return;
    record = next;
    events.onRecord(record);
    watcher.rescan();
  };

  const memory = messageMemory((m) => worthSending(m.author, m.text));
  const activity = pageActivity({
    signal: options.signal,
    root: () => document.body,
    onActivity: () => {
      if (record) events.onActivity?.(record);
    },
  });
  const onItems = (messages: CandidateMessage[], list: Element) => {
    if (!record) return;
    const key = recordKey(record);
    // Touched in a list of another record (its observer outlived a navigation by a task).
    if (!owners.owns(list, key) || !list.isConnected) return;
    const out = memory.fresh(key, messages);
    if (out.length) events.onCandidates(record, out);
  };

  /** Watches the open record's lists with the profile in force (again from scratch when it changes). */
  const watch = (signal: AbortSignal) =>
    watchLists<CandidateMessage>({
      signal,
      findLists: () => {
        if (!record) {
          activity.watch(false);
          return [];
        }
        lists = owners.ofRecord(adapter.findTranscriptLists(profile), recordKey(record));
        activity.watch(lists.length === 0);
        return lists;
      },
      itemSelector: adapter.itemSelector(profile),
      // The author only of a message that could be relayed: every message's first text is kept
      // (edits), but an ordinary line's author is never needed.
      read: (item) => adapter.readItem(item, profile, mayBeWorthSending)?.message ?? null,
      onItems,
    });

  let watching = new AbortController();
  const stopWith = () => watching.abort();
  options.signal.addEventListener('abort', stopWith);
  let watcher = watch(watching.signal);

  options.onLocationChange(follow);
  follow(options.location());

  return {
    /**
     * Reads with the shipped profile and `override` from now on (lists found and read again).
     * Answers what in the override could not be used: the defaults stay in force for those keys.
     */
    useProfile(override: ProfileOverride | undefined): ProfileProblem[] {
      const next = profileWithOverride(adapter.profile, override);
      profile = next.profile;
      problems = next.problems;
      if (!options.signal.aborted) {
        watching.abort();
        watching = new AbortController();
        watcher = watch(watching.signal);
      }
      return next.problems;
    },
    /** What it reads now and with what (for the diagnostics). */
    state(): SensorState {
      return { record, profile, problems, lists: lists.filter((l) => l.isConnected) };
    },
  };
}

/** Each transcript list's record: the one open when the list first appeared. */
function listOwners() {
  const owner = new WeakMap<Element, string>();
  return {
    /** The lists of record `key` among `lists` (a list seen for the first time is the record's). */
    ofRecord(lists: Element[], key: string): Element[] {
      return lists.filter((list) => {
        const known = owner.get(list);
        if (known === undefined) owner.set(list, key);
        return (known ?? key) === key;
      });
    },
    owns: (list: Element, key: string) => owner.get(list) === key,
  };
}
