/** Journal entries for the QA journal's tests: one builder, with the handoffs QA sees most. */
import type { FieldOutcome } from '@/lib/handoff/types';
import type { RecordRef } from '@/lib/platforms/types';
import type { JournalEntry } from '@/lib/store/journal-schema';
import { CASE, SESSION } from '../engine/fake-salesforce';

export const NOW = Date.UTC(2026, 10, 21, 10, 0);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export { CASE, SESSION };
export const CONVERSATION: RecordRef = {
  platform: 'kustomer',
  org: 'acme',
  object: 'conversation',
  id: '6650f00dc3d4e5f60123aa01',
};
export const CUSTOMER: RecordRef = {
  platform: 'kustomer',
  org: 'acme',
  object: 'customer',
  id: '6650f00dc3d4e5f60123cc01',
};

export const tierWritten: FieldOutcome = {
  object: 'Case',
  field: 'Account_Tier__c',
  label: 'Account Tier',
  value: 'tier_premium',
  outcome: 'written',
};
export const numberWritten: FieldOutcome = {
  object: 'Case',
  field: 'Account_Number__c',
  label: 'Account Number',
  value: 'AC-20931',
  outcome: 'written',
};
export const refundRefused: FieldOutcome = {
  object: 'Case',
  field: 'Refund_Amount__c',
  label: 'Refund Amount',
  value: '7500',
  outcome: 'refused',
  reason: "Refunds over 5,000 need a manager's approval.",
};
export const prioritySkipped: FieldOutcome = {
  object: 'Case',
  field: 'Priority',
  label: 'Priority',
  value: 'High',
  outcome: 'skipped',
  reason: 'unchanged',
};

/** A bot's key–value handoff on a Case that settled done; `over` changes any part. */
export function entry(over: Partial<JournalEntry> = {}): JournalEntry {
  const record = over.record ?? CASE;
  return {
    recordKeys: [`${record.platform}:${record.org}:${record.object}:${record.id}`],
    record,
    at: NOW - HOUR,
    source: 'transcript',
    messageId: 'msg-1',
    contextDigest: 'd'.repeat(64),
    context: {
      form: 'key-value',
      trust: 'bot-authored',
      source: 'transcript',
      author: 'bot',
      messageId: 'msg-1',
      values: { 'Account Number': 'AC-20931', 'Account Tier': 'Premium' },
    },
    fields: [tierWritten, numberWritten],
    state: 'done',
    text: 'Handoff context\nAccount Number: AC-20931\nAccount Tier: Premium',
    author: 'bot',
    settledAt: NOW - HOUR + 500,
    ...over,
  };
}

/** The customer typed a context block: refused, nothing planned. */
export function customerRefusal(over: Partial<JournalEntry> = {}): JournalEntry {
  return entry({
    messageId: 'msg-customer',
    context: {
      form: 'key-value',
      trust: 'unverified',
      source: 'transcript',
      author: 'customer',
      messageId: 'msg-customer',
      values: { 'Account Tier': 'Enterprise' },
    },
    fields: [],
    state: 'failed',
    notice: {
      code: 'context-untrusted',
      message:
        'A handoff context was posted by the customer, not by the bot, so nothing was written.',
    },
    author: 'customer',
    ...over,
  });
}

/** A Kustomer handoff over the conversation and its customer. */
export function kustomerEntry(over: Partial<JournalEntry> = {}): JournalEntry {
  return entry({
    record: CONVERSATION,
    recordKeys: ['kustomer:acme:conversation:6650f00dc3d4e5f60123aa01'],
    targets: [CONVERSATION, CUSTOMER],
    context: {
      form: 'key-value',
      trust: 'bot-authored',
      source: 'api-messages',
      author: 'bot',
      messageId: 'k-msg-1',
      values: { 'Account Number': 'AC-7', 'Loyalty Tier': 'Gold' },
    },
    source: 'api-messages',
    messageId: 'k-msg-1',
    fields: [
      {
        object: 'conversation',
        field: 'accountNumberStr',
        label: 'Account Number',
        value: 'AC-7',
        outcome: 'written',
      },
      {
        object: 'customer',
        field: 'loyaltyTierStr',
        label: 'Loyalty Tier',
        value: 'Gold',
        outcome: 'written',
      },
    ],
    ...over,
  });
}
