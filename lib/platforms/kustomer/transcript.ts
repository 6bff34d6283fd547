/**
 * Reading the conversation timeline in the Kustomer agent desktop (content-script side: no zod, no
 * heavy imports). The desktop is a React app whose stable hooks are `data-kt="…"` attributes
 * (platform-facts: Agent desktop); every selector is in `timelineSelectors`.
 *
 * The author name and the bot badge count only in the item's own header: a rich body (an HTML
 * e-mail) may carry markup that imitates them, and an item nested in another is that message's
 * text.
 */

import { queryAllDeep } from '../../sensor/dom/deep-query';
import { siblingIndex, textWithBreaks } from '../../sensor/dom/text';
import type { Author, CandidateMessage } from '../types';

export const timelineSelectors = {
  timeline: '[data-kt="timeline"]',
  item: '[data-kt="timelineItem"]',
  /** On an item: `message` or `event`. */
  typeAttribute: 'data-kt-type',
  /** On an item: the message or event id. */
  idAttribute: 'data-kt-id',
  /** On a message item: `in` (customer) or `out` (agent or bot). */
  directionAttribute: 'data-kt-direction',
  author: '[data-kt="messageAuthor"]',
  botBadge: '[data-kt="botBadge"]',
  body: '[data-kt="messageBody"]',
  eventText: '[data-kt="eventText"]',
} as const;

/** Outbound messages from a sender of one of these names are the bot's (besides a bot badge). */
export const defaultKustomerBotNames = [
  'Customer Assist',
  'Kustomer AI',
  'Kustomer AI Agent',
  'AI Agent',
  'Ada',
  'Ada Bot',
  'Chatbot',
];

/** The timelines on the page (open shadow roots included, should the app ever use them). */
export function findTimelines(root: ParentNode = document): Element[] {
  return queryAllDeep(root, timelineSelectors.timeline).filter(isShown);
}

/** A hidden timeline (another workspace tab kept in the DOM) belongs to another conversation. */
function isShown(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return check ? check.call(el) : true;
}

export function authorOfItem(
  item: Element,
  botNames: readonly string[] = defaultKustomerBotNames,
): Author {
  const type = item.getAttribute(timelineSelectors.typeAttribute);
  if (type === 'event') return 'system';
  if (type !== 'message') return 'unknown';
  const direction = item.getAttribute(timelineSelectors.directionAttribute);
  if (direction === 'in') return 'customer';
  if (direction !== 'out') return 'unknown';
  if (inHeader(item, timelineSelectors.botBadge)) return 'bot';
  const name = normaliseName(inHeader(item, timelineSelectors.author)?.textContent ?? '');
  return botNames.some((b) => normaliseName(b) === name) ? 'bot' : 'agent';
}

/** The first `selector` of the item's own header: not inside the body, not in a nested item. */
function inHeader(item: Element, selector: string): Element | undefined {
  for (const el of item.querySelectorAll(selector)) {
    if (el.closest(timelineSelectors.item) === item && !el.closest(timelineSelectors.body)) {
      return el;
    }
  }
  return undefined;
}

/** One timeline item as a candidate message; null when it has no text. */
export function readTimelineItem(
  item: Element,
  botNames: readonly string[] = defaultKustomerBotNames,
): CandidateMessage | null {
  // An item inside another item is part of that message's text, not a message.
  if (item.parentElement?.closest(timelineSelectors.item)) return null;
  const author = authorOfItem(item, botNames);
  const body = item.querySelector(
    author === 'system' ? timelineSelectors.eventText : timelineSelectors.body,
  );
  const text = body ? textWithBreaks(body) : '';
  if (!text.trim()) return null;
  const id = item.getAttribute(timelineSelectors.idAttribute)?.trim();
  // Without an id, the position and text identify the item within this timeline.
  const platformMessageId = id ? id.slice(0, 200) : `pos-${siblingIndex(item)}-${text.length}`;
  return { platformMessageId, author, text: text.slice(0, 70_000) };
}

function normaliseName(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}
