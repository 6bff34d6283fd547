/** A fake Salesforce org and the mappings the engine tests (handoff, verify) fill it with. */
import type { MappingInput } from '@/lib/mapping/schema';
import type { PlatformClient, PlatformError, WriteResult } from '@/lib/platforms/platform-client';
import { salesforceRules } from '@/lib/platforms/salesforce/rules';
import type { CandidateMessage, FieldSpec, RecordRef } from '@/lib/platforms/types';

export const CASE: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
};
export const SESSION: RecordRef = {
  platform: 'salesforce',
  org: 'acme',
  object: 'MessagingSession',
  id: '0Mw5g00000Ms0a1CAB',
};

export const fields: FieldSpec[] = [
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    restricted: true,
    updateable: true,
    options: [
      { value: 'tier_basic', label: 'Basic', active: true },
      { value: 'tier_premium', label: 'Premium', active: true },
    ],
  },
  {
    name: 'Account_Number__c',
    label: 'Account Number',
    type: 'string',
    length: 20,
    updateable: true,
  },
  {
    name: 'Refund_Amount__c',
    label: 'Refund Amount',
    type: 'currency',
    precision: 16,
    scale: 2,
    updateable: true,
  },
];

/** A fake Salesforce: stores values, refuses refunds over 5000 as a validation rule would. */
export function fakeSalesforce() {
  const record: Record<string, unknown> = {
    Account_Tier__c: null,
    Account_Number__c: null,
    Refund_Amount__c: null,
  };
  const writes: Record<string, unknown>[] = [];
  let failNext: PlatformError | undefined;
  /** Simulates another writer between our read and our write (an optimistic-lock conflict). */
  let conflictNext: Record<string, unknown> | undefined;
  const client: PlatformClient = {
    rules: salesforceRules,
    async resolveTargets(r) {
      return [r.object === 'MessagingSession' ? CASE : r];
    },
    async describe() {
      return fields;
    },
    async read() {
      return { values: { ...record } };
    },
    async write(_target, values): Promise<WriteResult> {
      writes.push(values);
      if (failNext) {
        const e = failNext;
        failNext = undefined;
        throw e;
      }
      if (conflictNext) {
        Object.assign(record, conflictNext);
        conflictNext = undefined;
        return { ok: false, conflict: true, message: 'Document update conflict' };
      }
      if (typeof values.Refund_Amount__c === 'number' && values.Refund_Amount__c > 5000) {
        return {
          ok: false,
          refusals: [
            { field: 'Refund_Amount__c', message: "Refunds over 5,000 need a manager's approval." },
          ],
          message: "Refunds over 5,000 need a manager's approval.",
        };
      }
      Object.assign(record, values);
      return { ok: true };
    },
  };
  return {
    client,
    record,
    writes,
    failWith: (e: PlatformError) => (failNext = e),
    conflictWith: (values: Record<string, unknown>) => (conflictNext = values),
  };
}

export const mappings: MappingInput[] = [
  {
    id: 'tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    valueMap: [{ from: 'Premium', to: 'tier_premium' }],
  },
  {
    id: 'number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['account_number'],
  },
  {
    id: 'refund',
    platform: 'salesforce',
    object: 'Case',
    field: 'Refund_Amount__c',
    sources: ['Refund'],
  },
];

export const bot = (text: string, id = 'm1'): CandidateMessage => ({
  platformMessageId: id,
  author: 'bot',
  text,
});
export const kv = (lines: string) => `Thanks, connecting you.\nHandoff context\n${lines}`;
