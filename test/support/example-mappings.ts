import type { MappingInput } from '../../lib/mapping/schema';
import type { SettingsInput } from '../../lib/settings/schema';
import { APP_OF } from '../sim/kustomer/store';

/**
 * The settings the demo and the end-to-end tests start from: the simulated Kustomer org's
 * third-party bot is an app the admin lists as a bot (settings `kustomerBotApps`).
 */
export const exampleSettings: SettingsInput = {
  format: 'handoff-fields/settings',
  version: 1,
  kustomerBotApps: [APP_OF.bot],
};

/** The mappings the demo and the end-to-end tests start from (README "How an admin maps fields"). */
export const exampleMappings: MappingInput[] = [
  {
    id: 'account-tier',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Tier__c',
    sources: ['Account Tier'],
    valueMap: [
      { from: 'Basic', to: 'tier_basic' },
      { from: 'Premium', to: 'tier_premium' },
      { from: 'Enterprise', to: 'tier_enterprise' },
    ],
  },
  {
    id: 'account-number',
    platform: 'salesforce',
    object: 'Case',
    field: 'Account_Number__c',
    sources: ['Account Number', 'Account'],
  },
  {
    id: 'priority',
    platform: 'salesforce',
    object: 'Case',
    field: 'Priority',
    sources: ['Priority'],
    valueMap: [
      { from: 'urgent', to: 'High' },
      { from: 'normal', to: 'Medium' },
      { from: 'low', to: 'Low' },
    ],
    // Values that already are picklist values (High, Medium, Low) pass on to the picklist check.
    unmapped: 'pass',
    policy: 'overwrite',
  },
  {
    id: 'customer-since',
    platform: 'salesforce',
    object: 'Case',
    field: 'Customer_Since__c',
    sources: ['Customer Since'],
  },
  { id: 'vip', platform: 'salesforce', object: 'Case', field: 'VIP__c', sources: ['VIP'] },
  {
    id: 'refund-amount',
    platform: 'salesforce',
    object: 'Case',
    field: 'Refund_Amount__c',
    sources: ['Refund Amount'],
  },
  {
    id: 'order-id',
    platform: 'salesforce',
    object: 'Case',
    field: 'Order_Id__c',
    sources: ['Order Id', 'Order'],
  },
];

/** Kustomer: conversation attributes and the customer's own, filled from one context. */
export const kustomerExampleMappings: MappingInput[] = [
  {
    id: 'k-account-number',
    platform: 'kustomer',
    object: 'conversation',
    field: 'accountNumberStr',
    sources: ['Account Number'],
  },
  {
    id: 'k-account-tier',
    platform: 'kustomer',
    object: 'conversation',
    field: 'accountTierStr',
    sources: ['Account Tier'],
    valueMap: [{ from: 'Gold', to: 'premium' }],
    unmapped: 'pass',
  },
  {
    id: 'k-contact-reason',
    platform: 'kustomer',
    object: 'conversation',
    field: 'contactReasonTree',
    sources: ['Contact Reason'],
  },
  { id: 'k-vip', platform: 'kustomer', object: 'conversation', field: 'vipBool', sources: ['VIP'] },
  {
    id: 'k-order-total',
    platform: 'kustomer',
    object: 'conversation',
    field: 'orderTotalNum',
    sources: ['Order Total'],
  },
  {
    id: 'k-last-order',
    platform: 'kustomer',
    object: 'conversation',
    field: 'lastOrderAt',
    sources: ['Last Order'],
  },
  {
    id: 'k-loyalty-tier',
    platform: 'kustomer',
    object: 'customer',
    field: 'loyaltyTierStr',
    sources: ['Loyalty Tier'],
  },
  {
    id: 'k-customer-since',
    platform: 'kustomer',
    object: 'customer',
    field: 'customerSinceAt',
    sources: ['Customer Since'],
  },
];

/** A bot's handoff message in the key–value form. */
export const keyValueHandoff = (lines: Record<string, string>) =>
  [
    "Thanks! I'm connecting you with an agent now.",
    '',
    '**Handoff context**',
    ...Object.entries(lines).map(([k, v]) => `${k}: ${v}`),
  ].join('\n');
