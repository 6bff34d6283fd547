/**
 * How the Service Console shows a conversation, as Handoff Fields reads it by default: the
 * Salesforce transcript profile (../transcript-profile.ts). Its own module, without the reader
 * (./transcript.ts), so the descriptor and the settings schema can name its keys cheaply.
 */
import type { ProfileDefinition, TranscriptProfile } from '../transcript-profile';

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
    list: { kind: 'selector', means: 'the list of messages (found through open shadow roots)' },
    item: { kind: 'selector', means: 'one entry of the list: a message, an event or a bookend' },
    message: { kind: 'selector', means: 'the message block of an entry (carries the run marker)' },
    text: { kind: 'selector', means: 'the text of a message' },
    meta: { kind: 'selector', means: "the line with the sender's name and the time" },
    eventText: { kind: 'selector', means: 'the text of an event entry' },
    inbound: { kind: 'class', means: "on an entry: the end user's message" },
    outbound: { kind: 'class', means: "on an entry: an agent's or a bot's message" },
    event: { kind: 'class', means: 'on an entry: an event (transfer, join…)' },
    bookend: { kind: 'class', means: 'on an entry: the start or end of the chat' },
    outboundAgent: { kind: 'class', means: "on a message text: another agent's message" },
    fauxAvatar: {
      kind: 'class',
      means: 'on a message block: continues the run of the message before it (same sender)',
    },
    metaSeparator: { kind: 'text', means: "between the sender's name and the time in the meta" },
    workspace: { kind: 'selector', means: "a console tab's workspace" },
    activeWorkspace: { kind: 'selector', means: 'the workspace shown (only it is read)' },
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
