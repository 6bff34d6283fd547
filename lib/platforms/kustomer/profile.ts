/**
 * How the agent desktop shows a conversation, as Handoff Fields reads it by default: the
 * Kustomer transcript profile (../transcript-profile.ts). Its own module, without the reader
 * (./transcript.ts), so the descriptor and the settings schema can name its keys cheaply.
 */
import type { ProfileDefinition, ProfileWords, TranscriptProfile } from '../transcript-profile';

export type KustomerProfileKey =
  | 'timeline'
  | 'item'
  | 'typeAttribute'
  | 'idAttribute'
  | 'directionAttribute'
  | 'author'
  | 'botBadge'
  | 'body'
  | 'eventText';

export type KustomerProfile = TranscriptProfile<KustomerProfileKey>;

export const kustomerProfile: ProfileDefinition<KustomerProfileKey> = {
  shape: {
    timeline: { kind: 'selector' },
    item: { kind: 'selector' },
    typeAttribute: { kind: 'attribute' },
    idAttribute: { kind: 'attribute' },
    directionAttribute: { kind: 'attribute' },
    author: { kind: 'selector' },
    botBadge: { kind: 'selector' },
    body: { kind: 'selector' },
    eventText: { kind: 'selector' },
  },
  defaults: {
    values: {
      timeline: '[data-kt="timeline"]',
      item: '[data-kt="timelineItem"]',
      typeAttribute: 'data-kt-type',
      idAttribute: 'data-kt-id',
      directionAttribute: 'data-kt-direction',
      author: '[data-kt="messageAuthor"]',
      botBadge: '[data-kt="botBadge"]',
      body: '[data-kt="messageBody"]',
      eventText: '[data-kt="eventText"]',
    },
    botNames: [
      'Customer Assist',
      'Kustomer AI',
      'Kustomer AI Agent',
      'AI Agent',
      'Ada',
      'Ada Bot',
      'Chatbot',
    ],
  },
};

/** What each key names, for the admin (the options page, through the descriptor): not in the content script. */
export const kustomerProfileWords: ProfileWords<KustomerProfileKey> = {
  timeline: "the conversation's timeline",
  item: 'one item of the timeline: a message or an event',
  typeAttribute: 'on an item: `message` or `event`',
  idAttribute: "on an item: the message's or event's id",
  directionAttribute: 'on a message item: `in` (customer) or `out` (agent or bot)',
  author: "the sender's name in a message's header",
  botBadge: "the bot badge in a message's header",
  body: 'the text of a message',
  eventText: 'the text of an event',
};
