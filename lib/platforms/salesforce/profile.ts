/**
 * How the Service Console shows a conversation, as Handoff Fields reads it by default: the
 * Salesforce transcript profile (../transcript-profile.ts). Its own module, without the reader
 * (./transcript.ts), so the descriptor and the settings schema can name its keys cheaply.
 */
import type { ProfileDefinition, ProfileWords, TranscriptProfile } from '../transcript-profile';

export type SalesforceProfileKey =
  | 'list'
  | 'item'
  | 'message'
  | 'text'
  | 'meta'
  | 'eventText'
  | 'inbound'
  | 'outbound'
  | 'event'
  | 'bookend'
  | 'outboundAgent'
  | 'fauxAvatar'
  | 'metaSeparator'
  | 'workspace'
  | 'activeWorkspace';

export type SalesforceProfile = TranscriptProfile<SalesforceProfileKey>;

export const salesforceProfile: ProfileDefinition<SalesforceProfileKey> = {
  shape: {
    list: { kind: 'selector' },
    item: { kind: 'selector' },
    message: { kind: 'selector' },
    text: { kind: 'selector' },
    meta: { kind: 'selector' },
    eventText: { kind: 'selector' },
    inbound: { kind: 'class' },
    outbound: { kind: 'class' },
    event: { kind: 'class' },
    bookend: { kind: 'class' },
    outboundAgent: { kind: 'class' },
    fauxAvatar: { kind: 'class' },
    metaSeparator: { kind: 'text' },
    workspace: { kind: 'selector' },
    activeWorkspace: { kind: 'selector' },
  },
  defaults: {
    values: {
      list: 'ul.slds-chat-list',
      item: 'li.slds-chat-listitem',
      message: '.slds-chat-message',
      text: '.slds-chat-message__text',
      meta: '.slds-chat-message__meta',
      eventText: '.slds-chat-event__body',
      inbound: 'slds-chat-listitem_inbound',
      outbound: 'slds-chat-listitem_outbound',
      event: 'slds-chat-listitem_event',
      bookend: 'slds-chat-listitem_bookend',
      outboundAgent: 'slds-chat-message__text_outbound-agent',
      fauxAvatar: 'slds-chat-message_faux-avatar',
      metaSeparator: ' • ',
      workspace: '.navexWorkspace',
      activeWorkspace: '.navexWorkspace.active',
    },
    // Unverified: no public sample shows how the console labels a bot's messages.
    botNames: ['Chatbot', 'Einstein Bot', 'Automated Process', 'Agentforce'],
  },
};

/** What each key names, for the admin (the options page, through the descriptor): not in the content script. */
export const salesforceProfileWords: ProfileWords<SalesforceProfileKey> = {
  list: 'the list of messages (found through open shadow roots)',
  item: 'one entry of the list: a message, an event or a bookend',
  message: 'the message block of an entry (carries the run marker)',
  text: 'the text of a message',
  meta: "the line with the sender's name and the time",
  eventText: 'the text of an event entry',
  inbound: "on an entry: the end user's message",
  outbound: "on an entry: an agent's or a bot's message",
  event: 'on an entry: an event (transfer, join…)',
  bookend: 'on an entry: the start or end of the chat',
  outboundAgent: "on a message text: another agent's message",
  fauxAvatar: 'on a message block: continues the run of the message before it (same sender)',
  metaSeparator: "between the sender's name and the time in the meta",
  workspace: "a console tab's workspace",
  activeWorkspace: 'the workspace shown (only it is read)',
};
