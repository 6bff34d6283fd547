/**
 * "What Handoff Fields sees", the console tab's half: the record the sensor follows, where it
 * found the transcript, how it read each of the last entries (author, and why) and what the
 * admin's profile changed — as a plain, serialisable object, for the widget's panel and for the
 * options page (which asks the tab's content script, `diagnostics:collect`). The background's half
 * is lib/background/diagnostics.ts; the admin page's `diagnosticReport`
 * (components/shared/diagnostic-report.ts) joins both for a support ticket, structure only.
 *
 * Content-script side (no zod). Asked for on demand, never while reading: still, it walks as the
 * readers do (dom/text.ts: attributes and `firstChild`-style walks, no `classList`, no layout).
 */
import { mayHoldContext } from '../context/candidate';
import type { ProfileProblem, TranscriptProfile } from '../platforms/transcript-profile';
import type { Author, RecordRef } from '../platforms/types';
import type { AuthorReading, SensorAdapter, SensorState } from './console-sensor';
import { queryAllDeep } from './dom/deep-query';
import { classNames, siblingIndex } from './dom/text';
import { type OwnRuntime, onOwnMessage } from './own-messages';

/** The last entries of the watched lists the diagnostics describe. */
export const DIAGNOSTIC_MESSAGES = 50;

/** Why the sensor did not read an entry as a message. */
export type SkipReason = 'bookend' | 'no-sender' | 'nested' | 'empty';

export interface MessageDiagnostics {
  /** The message's id in the page, or `pos-<index>` for an entry the sensor did not read. */
  id: string;
  author: Author;
  /** The reader's rule that decided the author (`meta`, `run`, `outbound-agent`, `bot-badge`…). */
  basis: string;
  /** The sender's name as the page shows it (never in the copied report). */
  sender?: string;
  /** The length of the text read. */
  chars?: number;
  mayHoldContext?: boolean;
  skipped?: SkipReason;
  /** The entry's tag and classes, e.g. `li.slds-chat-listitem.slds-chat-listitem_outbound`. */
  entry: string;
  /** Its own message block's tag and classes (the profile's `message`, else its first child). */
  block?: string;
  /** Which of the profile's attributes the entry carries (names only). */
  attributes?: string[];
}

export interface ListDiagnostics {
  /** Tag names and classes from the document down to the list; `⟶#shadow⟶` crosses a shadow root. */
  where: string;
  items: number;
}

export interface SensorDiagnostics {
  platform: string;
  record: RecordRef | null;
  collectedAt: number;
  profile: {
    /** The keys whose value the admin changed (names only). */
    overridden: string[];
    botNames: { count: number; shipped: boolean };
    problems: ProfileProblem[];
  };
  lists: ListDiagnostics[];
  /** With no list found: the entries matching the item selector anywhere (open shadow roots too). */
  itemsOutsideLists?: number;
  /** How many entries the lists hold: the last `DIAGNOSTIC_MESSAGES` are in `messages`. */
  entries: number;
  messages: MessageDiagnostics[];
}

export interface CollectOptions {
  root?: ParentNode;
  now?(): number;
  maxMessages?: number;
}

export function collectSensorDiagnostics(
  adapter: SensorAdapter,
  state: SensorState,
  options: CollectOptions = {},
): SensorDiagnostics {
  const profile = state.profile;
  const selector = adapter.itemSelector(profile);
  const items = state.lists.map((list) => [...list.querySelectorAll(selector)]);
  const all = items.flat();
  const last = all.slice(-(options.maxMessages ?? DIAGNOSTIC_MESSAGES));
  return {
    platform: adapter.platform,
    record: state.record,
    collectedAt: (options.now ?? Date.now)(),
    profile: profileSummary(adapter, state),
    lists: state.lists.map((list, i) => ({ where: wherePath(list), items: items[i]?.length ?? 0 })),
    ...(state.lists.length === 0
      ? { itemsOutsideLists: queryAllDeep(options.root ?? document, selector).length }
      : {}),
    entries: all.length,
    messages: last.map((item) => messageDiagnostics(adapter, profile, item, selector)),
  };
}

function profileSummary(adapter: SensorAdapter, state: SensorState): SensorDiagnostics['profile'] {
  const shipped = adapter.profile.defaults;
  const values = state.profile.values as Record<string, string>;
  const names = state.profile.botNames;
  return {
    overridden: Object.keys(shipped.values).filter(
      (key) => values[key] !== (shipped.values as Record<string, string>)[key],
    ),
    botNames: {
      count: names.length,
      shipped:
        names.length === shipped.botNames.length &&
        names.every((n, i) => n === shipped.botNames[i]),
    },
    problems: state.problems.map((p) => ({ ...p })),
  };
}

function messageDiagnostics(
  adapter: SensorAdapter,
  profile: TranscriptProfile,
  item: Element,
  selector: string,
): MessageDiagnostics {
  const reading = adapter.readItem(item, profile);
  const why: AuthorReading = reading?.why ?? adapter.explainItem(item, profile);
  const block = blockOf(item, profile);
  const attributes = profileAttributes(adapter, profile).filter((a) => item.hasAttribute(a));
  const text = reading?.message.text;
  return {
    id: reading?.message.platformMessageId ?? `pos-${siblingIndex(item)}`,
    author: why.author,
    basis: why.basis,
    ...(why.sender !== undefined ? { sender: why.sender } : {}),
    ...(text !== undefined
      ? { chars: text.length, mayHoldContext: mayHoldContext(text) }
      : { skipped: skipReason(item, why, selector) }),
    entry: shapeOf(item),
    ...(block ? { block: shapeOf(block) } : {}),
    ...(attributes.length > 0 ? { attributes } : {}),
  };
}

function skipReason(item: Element, why: AuthorReading, selector: string): SkipReason {
  if (why.basis === 'bookend') return 'bookend';
  if (why.basis === 'no-sender') return 'no-sender';
  // An entry inside another entry is part of that message's text.
  if (item.parentElement?.closest(selector)) return 'nested';
  return 'empty';
}

/** The entry's message block: the profile's `message` selector when it has one, else its first child. */
function blockOf(item: Element, profile: TranscriptProfile): Element | null {
  const message = (profile.values as Record<string, string | undefined>).message;
  if (message) {
    try {
      return item.querySelector(message);
    } catch {
      return null;
    }
  }
  return item.firstElementChild;
}

/** The attribute names the profile reads (its `attribute` keys' values). */
function profileAttributes(adapter: SensorAdapter, profile: TranscriptProfile): string[] {
  const values = profile.values as Record<string, string>;
  return Object.entries(adapter.profile.shape)
    .filter(([, spec]) => spec.kind === 'attribute')
    .map(([key]) => values[key])
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

/** At most this many classes of one element are named (a CSS-in-JS element may carry dozens). */
const MAX_CLASSES = 8;
/** At most this many elements of a path are named, from the list up. */
const MAX_DEPTH = 40;
const SHADOW = ' ⟶#shadow⟶ ';

/** `tag.class1.class2` of an element: structure only (no id, no attribute value, no text). */
export function shapeOf(el: Element): string {
  const classes = classNames(el);
  const named = classes.slice(0, MAX_CLASSES).map((c) => `.${c}`);
  const more = classes.length > MAX_CLASSES ? `(+${classes.length - MAX_CLASSES})` : '';
  return `${el.tagName.toLowerCase()}${named.join('')}${more}`;
}

/**
 * Where an element sits: its ancestors' shapes from the document down (html and body left out),
 * `>` between parent and child, `⟶#shadow⟶` where a shadow root's host holds the rest.
 */
export function wherePath(el: Element): string {
  let path = '';
  let sep = '';
  let node: Element | null = el;
  for (let depth = 0; node; depth++) {
    if (depth >= MAX_DEPTH) {
      path = `…${sep}${path}`;
      break;
    }
    if (node.tagName !== 'HTML' && node.tagName !== 'BODY') {
      path = `${shapeOf(node)}${sep}${path}`;
      sep = ' > ';
    }
    const parent: Element | null = node.parentElement;
    if (parent) node = parent;
    else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
      if (node) sep = SHADOW;
    }
  }
  return path;
}

// ─── The options page asks the tab ───────────────────────────────────────────────────────────────

/** What the options page sends a console tab (`browser.tabs.sendMessage`) for its diagnostics. */
export const COLLECT_REQUEST = { type: 'diagnostics:collect' } as const;

/** The slice of `browser.runtime` the content script answers with. */
export type DiagnosticsRuntime = OwnRuntime;

/**
 * Answers `diagnostics:collect` from the extension's own pages only (the options page): the
 * answer is page structure and the sensor's readings; sent to no one else.
 */
export function answerDiagnosticsRequests(
  runtime: DiagnosticsRuntime,
  signal: AbortSignal,
  collect: () => SensorDiagnostics,
): void {
  onOwnMessage(runtime, signal, COLLECT_REQUEST.type, collect);
}
