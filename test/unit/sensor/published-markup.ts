/**
 * A Salesforce transcript in the chat markup the design system publishes (ui/components/chat), as
 * the diagnostics' tests build it: a list two open shadow roots deep, and one conversation with a
 * bookend, the customer, a bot's run, another agent, an event and an entry with no sender yet.
 */
import type { SourceDiagnostics } from '@/lib/messaging/protocol';
import { salesforceSensor } from '@/lib/platforms/salesforce/content';
import { findTranscriptLists, salesforceProfile } from '@/lib/platforms/salesforce/transcript';
import type { RecordRef } from '@/lib/platforms/types';
import { collectSensorDiagnostics, type SensorDiagnostics } from '@/lib/sensor/diagnostics';

/** A transcript as the simulated console builds it: a list two open shadow roots deep. */
export function consoleWithTranscript(): HTMLElement {
  const outer = document.createElement('one-record-home');
  document.body.append(outer);
  const host = document.createElement('runtime-messaging-transcript');
  outer.attachShadow({ mode: 'open' }).append(host);
  const section = document.createElement('section');
  section.className = 'slds-chat';
  const list = document.createElement('ul');
  list.className = 'slds-chat-list';
  section.append(list);
  host.attachShadow({ mode: 'open' }).append(section);
  return list;
}

type Kind = 'inbound' | 'outbound' | 'outbound-agent' | 'event' | 'bookend';

/** One entry as the design system publishes it (see test/unit/sensor/transcript.test.ts). */
export function entry(
  kind: Kind,
  text: string,
  sender = '',
  id = '',
  o: { faux?: boolean; meta?: boolean } = {},
) {
  const li = document.createElement('li');
  li.className = `slds-chat-listitem slds-chat-listitem_${kind === 'outbound-agent' ? 'outbound' : kind}`;
  if (id) li.setAttribute('data-entry-id', id);
  if (kind === 'event' || kind === 'bookend') {
    const body = kind === 'event' ? 'slds-chat-event__body' : 'slds-chat-bookend__text';
    li.innerHTML = `<div class="slds-chat-${kind}"><div class="${body}"><p></p></div></div>`;
    (li.querySelector('p') as HTMLElement).textContent = text;
    return li;
  }
  const run = o.faux ? ' slds-chat-message_faux-avatar' : '';
  li.innerHTML = `<div class="slds-chat-message${run}"><div class="slds-chat-message__body"><div class="slds-chat-message__text slds-chat-message__text_${kind}"><span></span></div></div></div>`;
  (li.querySelector('span') as HTMLElement).textContent = text;
  if (o.meta ?? true) {
    const meta = document.createElement('div');
    meta.className = 'slds-chat-message__meta';
    meta.setAttribute('aria-label', `said ${sender} at 10:01 AM`);
    meta.textContent = `${sender} • 10:01 AM`;
    li.querySelector('.slds-chat-message__body')?.append(meta);
  }
  return li;
}

export const CONTEXT = 'Handoff context\nAccount Tier: Premium\nOrder Id: A-7731';
export const CUSTOMER_TEXT = 'Hi, my order never arrived';

/** A published-markup conversation: bookend, customer, a bot run, another agent, an event. */
export function publishedTranscript(): HTMLElement {
  const list = consoleWithTranscript();
  list.append(
    entry('bookend', 'Chat started'),
    entry('inbound', CUSTOMER_TEXT, 'Jamie Rivera', 'e1'),
    entry('outbound', 'Let me check that for you.', '', 'e2', { meta: false }),
    entry('outbound', CONTEXT, 'Chatbot', 'e3', { faux: true }),
    entry('outbound-agent', 'Jordan here, taking over.', 'Jordan Lee', 'e4'),
    entry('event', 'Chat transferred to Jordan Lee', '', 'e5'),
    entry('outbound', 'No meta yet', '', 'e6', { meta: false }),
  );
  return list;
}

export const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};
export const NOW = Date.UTC(2026, 10, 21, 10, 0);

/** What the sensor reads of the published-markup transcript, with the record open. */
export function sensorNow(): SensorDiagnostics {
  publishedTranscript();
  const profile = salesforceProfile.defaults;
  return collectSensorDiagnostics(
    salesforceSensor,
    { record: CASE, profile, problems: [], lists: findTranscriptLists(profile) },
    { now: () => NOW },
  );
}

/** What the background might answer for CASE: the API reached, an empty field, one context taken. */
export const sampleSources: SourceDiagnostics = {
  api: {
    supported: true,
    reached: true,
    messages: 4,
    byAuthor: { bot: 1, customer: 3, agent: 0, system: 0, unknown: 0 },
    recent: [
      { id: '0Mw1', author: 'customer', basis: 'role EndUser', chars: 12, mayHoldContext: false },
      { id: '0Mw2', author: 'bot', basis: 'role Bot', chars: 140, mayHoldContext: true },
    ],
  },
  recordFields: [{ object: 'Case', field: 'Handoff_Context__c', reached: true, filled: 0 }],
  candidates: [
    {
      at: NOW,
      source: 'transcript',
      author: 'bot',
      messageId: 'e3',
      form: 'key-value',
      level: 'bot-authored',
      trust: 'taken',
      reason: { message: 'done: 2 written' },
      state: 'done',
      fields: { written: 2, skipped: 0, refused: 0, pending: 0, planned: 0, checked: 0 },
    },
  ],
};
