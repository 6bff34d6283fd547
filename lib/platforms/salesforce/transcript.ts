/**
 * Reading the Messaging for In-App and Web transcript in the Service Console.
 * Unverified (platform-facts): no public source documents this markup. These selectors follow the
 * SLDS chat blueprint as seen on the simulated console (test/sim); keep every selector here.
 */

import { queryAllDeep } from '../../dom/deep-query';
import { classNames, siblingIndex, textWithBreaks } from '../../dom/text';
import type { Author, CandidateMessage } from '../types';

export const transcriptSelectors = {
  /** The list of messages; found through shadow roots. */
  list: 'ul.slds-chat-list',
  item: 'li.slds-chat-listitem',
  text: '.slds-chat-message__text',
  author: '.slds-chat-message__author',
  eventText: '.slds-chat-event__body',
  inbound: 'slds-chat-listitem_inbound',
  outbound: 'slds-chat-listitem_outbound',
  event: 'slds-chat-listitem_event',
} as const;

/** Outbound messages whose sender is one of these names are the bot's; others are an agent's. */
export const defaultBotNames = ['Chatbot', 'Einstein Bot', 'Automated Process', 'Agentforce'];

export function findTranscriptLists(root: ParentNode = document): Element[] {
  return queryAllDeep(root, transcriptSelectors.list).filter(isShown);
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
    const name = item.querySelector(transcriptSelectors.author)?.textContent?.trim() ?? '';
    return botNames.some((b) => b.toLowerCase() === name.toLowerCase()) ? 'bot' : 'agent';
  }
  return 'unknown';
}

export function readTranscriptItem(
  item: Element,
  botNames: readonly string[] = defaultBotNames,
): CandidateMessage | null {
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
