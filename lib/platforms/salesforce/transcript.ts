/**
 * Reading the Messaging for In-App and Web transcript in the Service Console.
 * Unverified (platform-facts): no public source documents this markup. These selectors follow the
 * SLDS chat blueprint as seen on the simulated console (test/sim); keep every selector here.
 *
 * The page is hostile: a message's text may carry markup (a quoted HTML e-mail) that imitates a
 * header. So the author is read only from the item's own meta — never from inside the message
 * text, never from an item nested in another — and only the active console workspace is read.
 */

import { closestAcrossShadows, queryAllDeep } from '../../sensor/dom/deep-query';
import { classNames, siblingIndex, textWithBreaks } from '../../sensor/dom/text';
import type { Author, CandidateMessage } from '../types';

export const transcriptSelectors = {
  /** The list of messages; found through shadow roots. */
  list: 'ul.slds-chat-list',
  item: 'li.slds-chat-listitem',
  text: '.slds-chat-message__text',
  meta: '.slds-chat-message__meta',
  author: '.slds-chat-message__author',
  eventText: '.slds-chat-event__body',
  inbound: 'slds-chat-listitem_inbound',
  outbound: 'slds-chat-listitem_outbound',
  event: 'slds-chat-listitem_event',
  /** The console shell (UTAM page objects): other tabs' workspaces stay in the DOM, inactive. */
  workspace: '.navexWorkspace',
  activeWorkspace: '.navexWorkspace.active',
} as const;

/** Outbound messages whose sender is one of these names are the bot's; others are an agent's. */
export const defaultBotNames = ['Chatbot', 'Einstein Bot', 'Automated Process', 'Agentforce'];

export function findTranscriptLists(root: ParentNode = document): Element[] {
  return queryAllDeep(root, transcriptSelectors.list).filter(
    (list) => isShown(list) && inActiveWorkspace(list),
  );
}

/** A list in an inactive workspace tab belongs to another record (shown or not). */
function inActiveWorkspace(list: Element): boolean {
  const workspace = closestAcrossShadows(list, transcriptSelectors.workspace);
  return !workspace || workspace.matches(transcriptSelectors.activeWorkspace);
}

/** Lightning keeps other tabs' DOM alive but hidden: their transcripts belong to other records. */
function isShown(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return check ? check.call(el) : true;
}

export function authorOf(item: Element, botNames: readonly string[] = defaultBotNames): Author {
  const c = classNames(item);
  if (c.includes(transcriptSelectors.event)) return 'system';
  if (c.includes(transcriptSelectors.inbound)) return 'customer';
  if (c.includes(transcriptSelectors.outbound)) {
    const name =
      ownMeta(item)?.querySelector(transcriptSelectors.author)?.textContent?.trim() ?? '';
    return botNames.some((b) => b.toLowerCase() === name.toLowerCase()) ? 'bot' : 'agent';
  }
  return 'unknown';
}

/** The item's own meta: the first one that is neither inside the message text nor another item's. */
function ownMeta(item: Element): Element | undefined {
  for (const meta of item.querySelectorAll(transcriptSelectors.meta)) {
    if (ownedBy(meta, item) && !meta.closest(transcriptSelectors.text)) return meta;
  }
  return undefined;
}

const ownedBy = (el: Element, item: Element) => el.closest(transcriptSelectors.item) === item;

/** An item inside another item is part of that message's text, not a message. */
const isNested = (item: Element) => item.parentElement?.closest(transcriptSelectors.item) != null;

export function readTranscriptItem(
  item: Element,
  botNames: readonly string[] = defaultBotNames,
): CandidateMessage | null {
  if (isNested(item)) return null;
  const author = authorOf(item, botNames);
  const body = item.querySelector(
    author === 'system' ? transcriptSelectors.eventText : transcriptSelectors.text,
  );
  const text = body ? textWithBreaks(body) : '';
  if (!text.trim()) return null;
  const id = item.getAttribute('data-entry-id') ?? item.id;
  // Without an id, the position and text identify the message within this transcript.
  const platformMessageId = id || `pos-${siblingIndex(item)}-${text.length}`;
  return { platformMessageId, author, text };
}
