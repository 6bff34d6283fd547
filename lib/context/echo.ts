/**
 * Customer text laundered through the bot (docs/context-format.md, "Trust"). A bot that restates what the
 * customer typed ("You wrote: …"), or fills a template with it (`Issue: {{text}}` where the text
 * holds a line break and `VIP: yes`), posts the customer's keys under the bot's name. So, per
 * conversation, what non-bot authors wrote is remembered as fingerprints, and an unverified context
 * is refused when its block, or any of its `Key: Value` lines or JSON members, appeared in an
 * earlier message of someone else. Values the bot collected by asking still land: the customer
 * types "4242", the bot posts `Account Number: 4242` — "4242" alone is no `Key: Value` line.
 *
 * Fingerprints are normalised texts (keys as keys are matched, values without case, spacing or
 * invisible characters); stores keep only their digests (lib/store/said.ts). Pure.
 */
import { printable } from '../text/format';
import { normaliseKey } from './normalise';
import { keyValueOfLine, parseContext } from './parse';
import { withoutQuoteMarks } from './quoted';
import type { ContextValue, ContextValues } from './types';
import { shownKey } from './values';

/** Who wrote a remembered fingerprint (the platform adapters' author labels, less the bot). */
export type SaidBy = 'customer' | 'agent' | 'system' | 'unknown';

/** An author label as a SaidBy (anything not named is `unknown`). */
export function saidBy(author: string): SaidBy {
  return author === 'customer' || author === 'agent' || author === 'system' ? author : 'unknown';
}

export interface ContextFingerprint {
  fingerprint: string;
  /** What the agent is told was repeated: the key as the context spells it, or the whole block. */
  label: { kind: 'block' } | { kind: 'line'; key: string };
}

export interface EchoMatch {
  label: ContextFingerprint['label'];
  by: SaidBy;
}

/**
 * What non-bot authors wrote in each conversation. `conversation` is the record the transcript
 * belongs to; `messageId` lets a message never count as an echo of itself (two readers may label
 * one message differently); `at` orders sightings, so only what was seen before the bot's message
 * counts.
 */
export interface SaidMemory {
  /** Remembers messages in the order given (several at once: one write for a batch). */
  remember(saids: readonly Said[]): Promise<void>;
  find(query: EchoQuery): Promise<EchoMatch | undefined>;
}

export interface Said {
  conversation: string;
  messageId: string;
  by: SaidBy;
  text: string;
  at: number;
}

export interface EchoQuery {
  conversation: string;
  /** The bot's message: its own fingerprints never count. */
  messageId: string;
  fingerprints: readonly ContextFingerprint[];
  /** Only what was seen at or before this time counts (the bot's message's first sighting). */
  before: number;
}

/** Fingerprints kept per message at most (a 64 KiB message of one-character pairs is not a chat). */
const MAX_PER_MESSAGE = 1_000;
/** Longer keys are no context keys (values.ts refuses keys over 200 characters). */
const MAX_KEY = 200;

/** The fingerprints of what a non-bot author wrote: its `Key: Value` lines, JSON members and context blocks. */
export function saidFingerprints(text: string): string[] {
  const out = new Set<string>();
  const add = (fingerprint: string | null) => {
    if (fingerprint !== null && out.size < MAX_PER_MESSAGE) out.add(fingerprint);
  };
  // Quote marks are no protection: a customer quoting "> VIP: yes" still wrote it.
  for (const line of withoutQuoteMarks(text).split(/\r\n|\r|\n/)) {
    const pair = keyValueOfLine(line);
    if (pair) add(pairFingerprint(pair[0], pair[1]));
  }
  for (const [key, value] of jsonMembers(text)) add(pairFingerprint(key, value));
  const parsed = parseContext(text);
  if (parsed.found && parsed.ok && parsed.form !== 'signed') {
    add(blockFingerprint(parsed.block));
    for (const [key, value] of Object.entries(parsed.values)) add(pairFingerprint(key, value));
  }
  return [...out];
}

/** The fingerprints an unverified context is checked by: its block, then each of its pairs. */
export function contextFingerprints(context: {
  block: string;
  values: ContextValues;
}): ContextFingerprint[] {
  const out: ContextFingerprint[] = [];
  const block = blockFingerprint(context.block);
  if (block) out.push({ fingerprint: block, label: { kind: 'block' } });
  for (const [key, value] of Object.entries(context.values)) {
    const fingerprint = pairFingerprint(key, value);
    if (fingerprint) out.push({ fingerprint, label: { kind: 'line', key } });
    // A nested member (`customer.tier`) is also the member the customer may have written alone
    // (`"tier": "Gold"` inside their own object): a bot wrapping customer JSON launders it too.
    const dot = key.lastIndexOf('.');
    const leaf = dot >= 0 ? pairFingerprint(key.slice(dot + 1), value) : null;
    if (leaf && leaf !== fingerprint) out.push({ fingerprint: leaf, label: { kind: 'line', key } });
  }
  return out;
}

/** Keys match as the planner matches them; values without case, spacing, quotes or invisibles. */
function pairFingerprint(key: string, value: ContextValue): string | null {
  if (key.length > MAX_KEY) return null;
  const k = normaliseKey(key);
  const v = value === null ? '' : normaliseText(String(value)).replace(/^["'`*_]+|["'`*_]+$/g, '');
  // An empty value is never written, so repeating it launders nothing.
  return k && v ? `pair\u001f${k}\u001f${v}` : null;
}

/** A block as its words: the same block written with other spacing or line breaks is the same. */
function blockFingerprint(block: string): string | null {
  const text = normaliseText(block).replace(/\s+/g, '');
  return text ? `block\u001f${text}` : null;
}

function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `"key": value` members anywhere in a text (a customer may paste JSON inside a sentence), with
 * scalar values. One linear pass over the string literals: each is read once, and a literal
 * followed by `:` is a key.
 */
export function jsonMembers(text: string): Array<[string, ContextValue]> {
  const out: Array<[string, ContextValue]> = [];
  let i = text.indexOf('"');
  while (i >= 0 && out.length < MAX_PER_MESSAGE) {
    const key = stringAt(text, i);
    if (!key) {
      i = text.indexOf('"', i + 1);
      continue;
    }
    let j = skipSpaces(text, key.end);
    if (text[j] === ':') {
      j = skipSpaces(text, j + 1);
      const value = scalarAt(text, j);
      if (value) out.push([key.value, value.value]);
    }
    // The next literal may start right where this one ended (a value after its key).
    i = text.indexOf('"', key.end);
  }
  return out;
}

/** The JSON string literal opening at `at`, decoded, and the offset after it; null if none. */
function stringAt(text: string, at: number): { value: string; end: number } | null {
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '\n' || c === '\r') return null;
    else if (c === '"') {
      try {
        return { value: JSON.parse(text.slice(at, i + 1)) as string, end: i + 1 };
      } catch {
        return null;
      }
    }
  }
  return null;
}

const NUMBER = /^-?\d{1,40}(?:\.\d{1,40})?(?:[eE][+-]?\d{1,4})?/;

function scalarAt(text: string, at: number): { value: ContextValue } | null {
  if (text[at] === '"') {
    const s = stringAt(text, at);
    return s ? { value: s.value } : null;
  }
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (text.startsWith(word, at)) return { value };
  }
  const number = NUMBER.exec(text.slice(at, at + 90))?.[0];
  return number ? { value: number } : null;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Words an agent understands for who wrote what the bot repeated. */
const saidByWords: Record<SaidBy, string> = {
  customer: 'the customer',
  agent: 'an agent',
  system: 'an automated message',
  unknown: 'someone other than the bot',
};

/** The panel's sentence for a context refused as an echo: what happened, what to do, no values. */
export function echoMessage(match: EchoMatch): string {
  const what =
    match.label.kind === 'block'
      ? 'the whole block'
      : `the line '${shownKey(printable(match.label.key))}'`;
  return `This handoff context repeats what ${saidByWords[match.by]} wrote earlier in this conversation (${what}), so it may be their own words passed on by the bot. Nothing was written: check the values with the customer and fill the fields by hand. A bot that passes on what customers type must sign its context (see the signing guide).`;
}

/** A SaidMemory in a plain Map: the CLI, the test bench and tests (the background's is IndexedDB). */
export function memorySaid(): SaidMemory {
  type Sighting = { messageId: string; by: SaidBy; at: number };
  const byConversation = new Map<string, Map<string, Sighting[]>>();
  const rememberOne = ({ conversation, messageId, by, text, at }: Said) => {
    const seen = byConversation.get(conversation) ?? new Map<string, Sighting[]>();
    byConversation.set(conversation, seen);
    for (const fingerprint of saidFingerprints(text)) {
      const sightings = seen.get(fingerprint) ?? [];
      if (!sightings.some((s) => s.messageId === messageId)) sightings.push({ messageId, by, at });
      seen.set(fingerprint, sightings);
    }
  };
  return {
    async remember(saids) {
      for (const said of saids) rememberOne(said);
    },
    async find({ conversation, messageId, fingerprints, before }) {
      const seen = byConversation.get(conversation);
      for (const { fingerprint, label } of fingerprints) {
        const earlier = seen
          ?.get(fingerprint)
          ?.find((s) => s.messageId !== messageId && s.at <= before);
        if (earlier) return { label, by: earlier.by };
      }
      return undefined;
    },
  };
}
