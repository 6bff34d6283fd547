/**
 * Reading the conversation timeline in the Kustomer agent desktop (content-script side: no zod, no
 * heavy imports). The desktop is a React app whose stable hooks are `data-kt="…"` attributes
 * (platform-facts: Agent desktop); every selector is a value of `kustomerProfile`, which an admin
 * can override in the settings (lib/platforms/transcript-profile.ts).
 *
 * The author name and the bot badge count only in the item's own header: a rich body (an HTML
 * e-mail) may carry markup that imitates them, and an item nested in another is that message's
 * text.
 */

import { queryAllDeep } from '../../sensor/dom/deep-query';
import { siblingIndex, textWithBreaks } from '../../sensor/dom/text';
import { isBotName } from '../transcript-profile';
import type { Author, CandidateMessage } from '../types';
import type { KustomerProfile } from './profile';

export { type KustomerProfile, type KustomerProfileKey, kustomerProfile } from './profile';

/** The timelines on the page (open shadow roots included, should the app ever use them). */
export function findTimelines(profile: KustomerProfile, root: ParentNode = document): Element[] {
  return queryAllDeep(root, profile.values.timeline).filter(isShown);
}

/** A hidden timeline (another workspace tab kept in the DOM) belongs to another conversation. */
function isShown(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return check ? check.call(el) : true;
}

/** How an item's author was decided: shown by the diagnostics. */
export interface KustomerReading {
  author: Author;
  basis:
    | 'event'
    | 'inbound'
    | 'bot-badge'
    | 'header-name'
    | 'no-type'
    | 'no-direction'
    /** Not decided: the text cannot be relayed whoever wrote it (lib/context/candidate.ts). */
    | 'not-read';
  /** The sender's name in the item's header (outbound messages). */
  sender?: string;
}

export function readingOf(item: Element, profile: KustomerProfile): KustomerReading {
  const v = profile.values;
  const type = item.getAttribute(v.typeAttribute);
  if (type === 'event') return { author: 'system', basis: 'event' };
  if (type !== 'message') return { author: 'unknown', basis: 'no-type' };
  const direction = item.getAttribute(v.directionAttribute);
  if (direction === 'in') return { author: 'customer', basis: 'inbound' };
  if (direction !== 'out') return { author: 'unknown', basis: 'no-direction' };
  const name = inHeader(item, v.author, profile)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const sender = name ? { sender: name } : {};
  if (inHeader(item, v.botBadge, profile)) return { author: 'bot', basis: 'bot-badge', ...sender };
  return { author: isBotName(profile, name) ? 'bot' : 'agent', basis: 'header-name', ...sender };
}

/** The first `selector` of the item's own header: not inside the body, not in a nested item. */
function inHeader(item: Element, selector: string, profile: KustomerProfile): Element | undefined {
  for (const el of item.querySelectorAll(selector)) {
    if (el.closest(profile.values.item) === item && !el.closest(profile.values.body)) return el;
  }
  return undefined;
}

/**
 * One timeline item as a candidate message; null when it has no text. With `needsAuthor`, the
 * author is decided only for a text it accepts (the header is not read for the others).
 */
export function readTimelineItem(
  item: Element,
  profile: KustomerProfile,
  needsAuthor: (text: string) => boolean = () => true,
): { message: CandidateMessage; why: KustomerReading } | null {
  const v = profile.values;
  // An item inside another item is part of that message's text, not a message.
  if (item.parentElement?.closest(v.item)) return null;
  const event = item.getAttribute(v.typeAttribute) === 'event';
  const body = item.querySelector(event ? v.eventText : v.body);
  const text = body ? textWithBreaks(body) : '';
  if (!text.trim()) return null;
  const why: KustomerReading = needsAuthor(text)
    ? readingOf(item, profile)
    : { author: 'unknown', basis: 'not-read' };
  const id = item.getAttribute(v.idAttribute)?.trim();
  // Without an id, the position and text identify the item within this timeline.
  const platformMessageId = id ? id.slice(0, 200) : `pos-${siblingIndex(item)}-${text.length}`;
  return { message: { platformMessageId, author: why.author, text: text.slice(0, 70_000) }, why };
}
