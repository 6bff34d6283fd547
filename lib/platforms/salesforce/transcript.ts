/**
 * Reading a Messaging for In-App and Web transcript in the Service Console, as Salesforce's design
 * system publishes its chat markup (salesforce-ux/design-system `ui/components/chat`, its published
 * snapshots; docs/context-sources.md):
 * - `ul.slds-chat-list > li.slds-chat-listitem` with `_inbound` (the end user), `_outbound` (an
 *   agent or a bot), `_event` or `_bookend`;
 * - no author element: the sender's name is the text of `.slds-chat-message__meta` before ` • `
 *   ("Chatbot • 5:09 PM"), also in its `aria-label` ("said Chatbot at 5:09 PM");
 * - a run of messages from one sender shows the meta on its last message only: the first shows the
 *   avatar, the later ones `.slds-chat-message_faux-avatar` in its place ("apply the faux-avatar
 *   modifier to any consecutive message where the avatar is missing", the blueprint's docs); every
 *   message of the run takes the sender of the run's meta;
 * - `.slds-chat-message__text_outbound-agent` is another agent's message: never the bot's.
 * Unverified: that the real Enhanced Conversation component renders this blueprint (no public DOM
 * sample exists). Every selector is a profile value an admin can override in the settings.
 *
 * The page is hostile: a message's text may carry markup that imitates a meta or an item. So the
 * sender is read only from the item's own meta (never from inside a message text, never from an
 * item nested in another) and only the active console workspace is read.
 */

import { closestAcrossShadows, queryAllDeep } from '../../sensor/dom/deep-query';
import { classNames, siblingIndex, textWithBreaks } from '../../sensor/dom/text';
import { isBotName } from '../transcript-profile';
import type { Author, CandidateMessage } from '../types';
import type { SalesforceProfile } from './profile';

export { type SalesforceProfile, type SalesforceProfileKey, salesforceProfile } from './profile';

/** A time has a digit, in any script (5:09 PM, 午後5:09, ٥:٠٩ م). */
const DIGIT = /\p{Nd}/u;

/** A run is never followed further than this many entries (a hostile page cannot make it loop). */
const MAX_RUN = 200;

export function findTranscriptLists(
  profile: SalesforceProfile,
  root: ParentNode = document,
): Element[] {
  return queryAllDeep(root, profile.values.list).filter(
    (list) => isShown(list) && inActiveWorkspace(list, profile),
  );
}

/** A list in an inactive workspace tab belongs to another record (shown or not). */
function inActiveWorkspace(list: Element, profile: SalesforceProfile): boolean {
  const workspace = closestAcrossShadows(list, profile.values.workspace);
  return !workspace || workspace.matches(profile.values.activeWorkspace);
}

/** Lightning keeps other tabs' DOM alive but hidden: their transcripts belong to other records. */
function isShown(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return check ? check.call(el) : true;
}

/**
 * The sender's name in a meta line: the text before the last separator when what follows it looks
 * like a time (it has a digit, in any script), else the whole text (a meta without a time); without text, the
 * `aria-label`'s "said <name> at <time>". A name may itself hold the separator or " at ".
 */
export function senderInMeta(
  text: string,
  ariaLabel: string | null,
  separator = ' • ',
): string | undefined {
  const shown = text.replace(/\s+/g, ' ').trim();
  if (shown !== '') {
    const sep = separator.trim() === '' ? separator : separator.trim();
    const cut = shown.lastIndexOf(sep);
    if (cut > 0 && DIGIT.test(shown.slice(cut + sep.length))) {
      const name = shown.slice(0, cut).trim();
      if (name !== '') return name;
    }
    return shown;
  }
  const label = (ariaLabel ?? '').replace(/\s+/g, ' ').trim();
  const said = /^said (.+)$/i.exec(label)?.[1];
  if (said === undefined) return undefined;
  // "said A at B at 5:09 PM": the time follows the last " at ".
  const at = said.lastIndexOf(' at ');
  const name = at > 0 && DIGIT.test(said.slice(at + 4)) ? said.slice(0, at) : said;
  return name.trim() || undefined;
}

/** How an entry's author was decided: shown by the diagnostics. */
export type AuthorBasis =
  | 'event'
  | 'bookend'
  | 'inbound'
  | 'outbound-agent'
  | 'meta'
  | 'run'
  | 'no-sender'
  | 'no-direction'
  /** Not decided: the text cannot be relayed whoever wrote it (lib/context/candidate.ts). */
  | 'not-read';

export interface SalesforceReading {
  author: Author;
  basis: AuthorBasis;
  /** The sender's name as the meta shows it (outbound messages). */
  sender?: string;
}

export function authorOf(item: Element, profile: SalesforceProfile): SalesforceReading {
  const v = profile.values;
  const c = classNames(item);
  if (c.includes(v.event)) return { author: 'system', basis: 'event' };
  if (c.includes(v.bookend)) return { author: 'system', basis: 'bookend' };
  if (c.includes(v.inbound)) return { author: 'customer', basis: 'inbound' };
  if (!c.includes(v.outbound)) return { author: 'unknown', basis: 'no-direction' };
  const text = own(item, v.text, profile);
  if (text && classNames(text).includes(v.outboundAgent)) {
    return { author: 'agent', basis: 'outbound-agent' };
  }
  const sender = senderOf(item, profile);
  if (!sender) return { author: 'unknown', basis: 'no-sender' };
  return {
    author: isBotName(profile, sender.name) ? 'bot' : 'agent',
    basis: sender.basis,
    sender: sender.name,
  };
}

/**
 * The sender of an outbound entry: its own meta, or — for an entry of a run, which shows no meta —
 * the meta of the run's last entry. As the design system publishes runs, the first entry shows the
 * avatar, each later one carries the run marker (faux avatar) in its place, and only the last one
 * shows the meta: so the sender is found on the first following entry that has a meta, provided
 * every entry up to it continues the run (an outbound message with the run marker).
 */
function senderOf(
  item: Element,
  profile: SalesforceProfile,
): { name: string; basis: 'meta' | 'run' } | undefined {
  const v = profile.values;
  const name = nameIn(item, profile);
  if (name !== undefined) return { name, basis: 'meta' };
  let next = item.nextElementSibling;
  for (let hops = 0; next && hops < MAX_RUN; hops++, next = next.nextElementSibling) {
    if (!next.matches(v.item) || !classNames(next).includes(v.outbound)) return undefined;
    if (!continuesRun(next, profile)) return undefined;
    const last = nameIn(next, profile);
    if (last !== undefined) return { name: last, basis: 'run' };
  }
  return undefined;
}

const continuesRun = (item: Element, profile: SalesforceProfile) => {
  const message = own(item, profile.values.message, profile);
  return message !== undefined && classNames(message).includes(profile.values.fauxAvatar);
};

function nameIn(item: Element, profile: SalesforceProfile): string | undefined {
  const meta = own(item, profile.values.meta, profile);
  if (!meta) return undefined;
  return senderInMeta(
    meta.textContent ?? '',
    meta.getAttribute('aria-label'),
    profile.values.metaSeparator,
  );
}

/**
 * The item's own element matching `selector`: the first that is neither inside the message text
 * (a quoted e-mail may imitate a meta) nor part of another item nested in this one.
 */
function own(item: Element, selector: string, profile: SalesforceProfile): Element | undefined {
  const v = profile.values;
  for (const el of item.querySelectorAll(selector)) {
    if (el.closest(v.item) !== item) continue;
    const text = el.closest(v.text);
    if (text && text !== el) continue;
    return el;
  }
  return undefined;
}

/** An item inside another item is part of that message's text, not a message. */
const isNested = (item: Element, profile: SalesforceProfile) =>
  item.parentElement?.closest(profile.values.item) != null;

export interface ItemReading {
  message: CandidateMessage;
  why: SalesforceReading;
}

export function readTranscriptItem(
  item: Element,
  profile: SalesforceProfile,
  needsAuthor: (text: string) => boolean = () => true,
): ItemReading | null {
  if (isNested(item, profile)) return null;
  const v = profile.values;
  const event = classNames(item).includes(v.event);
  // A bookend has no message text: it ends here, as does an entry whose text is not rendered yet.
  const body = own(item, event ? v.eventText : v.text, profile);
  const text = body ? textWithBreaks(body) : '';
  if (!text.trim()) return null;
  const why: SalesforceReading = event
    ? { author: 'system', basis: 'event' }
    : needsAuthor(text)
      ? authorOf(item, profile)
      : { author: 'unknown', basis: 'not-read' };
  // An outbound message without a sender is not rendered completely yet (its meta comes later) or
  // the profile no longer matches the page: the diagnostics show it.
  if (why.basis === 'bookend' || why.basis === 'no-sender') return null;
  const id = item.getAttribute('data-entry-id') ?? item.id;
  // Without an id, the position and text identify the message within this transcript.
  const platformMessageId = id || `pos-${siblingIndex(item)}-${text.length}`;
  return { message: { platformMessageId, author: why.author, text }, why };
}
