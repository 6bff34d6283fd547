/**
 * How the agent desktop shows a conversation, as Handoff Fields reads it by default: the
 * Kustomer transcript profile (../transcript-profile.ts). Its own module, without the reader
 * (./transcript.ts), so the descriptor and the settings schema can name its keys cheaply.
 */
import type { ProfileDefinition, TranscriptProfile } from '../transcript-profile';

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
    timeline: { kind: 'selector', means: "the conversation's timeline" },
    item: { kind: 'selector', means: 'one item of the timeline: a message or an event' },
    typeAttribute: { kind: 'attribute', means: 'on an item: `message` or `event`' },
    idAttribute: { kind: 'attribute', means: "on an item: the message's or event's id" },
    directionAttribute: {
      kind: 'attribute',
      means: 'on a message item: `in` (customer) or `out` (agent or bot)',
    },
    author: { kind: 'selector', means: "the sender's name in a message's header" },
    botBadge: { kind: 'selector', means: "the bot badge in a message's header" },
    body: { kind: 'selector', means: 'the text of a message' },
    eventText: { kind: 'selector', means: 'the text of an event' },
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
