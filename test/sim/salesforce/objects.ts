/**
 * The simulated org's schema: Case, MessagingSession and Conversation as the agent's profile sees them (describe),
 * the fields the profile cannot see at all, formulas and validation rules. Standard Case fields are
 * those of the captured describe (shared/fixtures/real/sf_describe_Case_cumulusci_v48.json).
 */
import { type DescribeField, describeField, type FieldSpec } from './fields';

export type Values = Record<string, unknown>;

export interface ValidationRule {
  /** The fields named in the error (shown beside them in the UI). */
  fields: string[];
  message: string;
  /** True when the record (after the update) breaks the rule. */
  failsWhen(record: Values): boolean;
}

export interface SimObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  /** The fields the agent can see, in describe order. */
  fields: DescribeField[];
  /** Fields stored on the record that the agent's profile has no access to (absent from describe). */
  hidden: DescribeField[];
  /** The field shown as the record's name (tab titles, lookups). */
  nameField: string;
  formulas: Record<string, (record: Values) => unknown>;
  validationRules: ValidationRule[];
  childRelationships: Record<string, unknown>[];
  supportedScopes: { label: string; name: string }[];
}

// biome-ignore format: one field per line, like the describe it mirrors
const CASE_STANDARD: FieldSpec[] = [
  { name: 'Id', label: 'Case ID', type: 'id', updateable: false },
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean', updateable: false, defaultValue: false },
  { name: 'MasterRecordId', label: 'Master Record ID', type: 'reference', updateable: false, referenceTo: ['Case'], relationshipName: 'MasterRecord' },
  { name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30, updateable: false, nillable: false, extra: { autoNumber: true, defaultedOnCreate: true, groupable: false, idLookup: true, nameField: true } },
  { name: 'ContactId', label: 'Contact ID', type: 'reference', referenceTo: ['Contact'], relationshipName: 'Contact', extra: { searchPrefilterable: true } },
  { name: 'AccountId', label: 'Account ID', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account', extra: { searchPrefilterable: true } },
  { name: 'AssetId', label: 'Asset ID', type: 'reference', referenceTo: ['Asset'], relationshipName: 'Asset', extra: { searchPrefilterable: true } },
  { name: 'ParentId', label: 'Parent Case ID', type: 'reference', referenceTo: ['Case'], relationshipName: 'Parent', extra: { searchPrefilterable: true } },
  { name: 'SuppliedName', label: 'Name', type: 'string', length: 80 },
  { name: 'SuppliedEmail', label: 'Email Address', type: 'email', length: 80 },
  { name: 'SuppliedPhone', label: 'Phone', type: 'string', length: 40 },
  { name: 'SuppliedCompany', label: 'Company', type: 'string', length: 80 },
  { name: 'Type', label: 'Case Type', type: 'picklist', length: 40, picklist: ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'] },
  { name: 'Status', label: 'Status', type: 'picklist', length: 40, picklist: [['New', 'New', { default: true }], 'Working', 'Escalated', 'Closed'], defaultValue: 'New', extra: { defaultedOnCreate: true, permissionable: false } },
  { name: 'Reason', label: 'Case Reason', type: 'picklist', length: 40, picklist: ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Equipment Design', 'Feedback', 'Other'] },
  // The captured org had Phone/Email/Web; a messaging org adds Chat and Messaging.
  { name: 'Origin', label: 'Case Origin', type: 'picklist', length: 40, picklist: ['Phone', 'Email', 'Web', 'Chat', 'Messaging'] },
  { name: 'Subject', label: 'Subject', type: 'string', length: 255 },
  { name: 'Priority', label: 'Priority', type: 'picklist', length: 40, picklist: ['High', ['Medium', 'Medium', { default: true }], 'Low'], defaultValue: 'Medium', extra: { defaultedOnCreate: true } },
  { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
  { name: 'IsClosed', label: 'Closed', type: 'boolean', updateable: false, defaultValue: false },
  { name: 'ClosedDate', label: 'Closed Date', type: 'datetime', updateable: false, extra: { permissionable: true } },
  { name: 'IsEscalated', label: 'Escalated', type: 'boolean', defaultValue: false },
  { name: 'OwnerId', label: 'Owner ID', type: 'reference', nillable: false, referenceTo: ['Group', 'User'], relationshipName: 'Owner', extra: { defaultedOnCreate: true, namePointing: true, permissionable: false, polymorphicForeignKey: true } },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'CreatedBy', extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy', extra: { defaultedOnCreate: true } },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'ContactPhone', label: 'Contact Phone', type: 'phone', length: 40, updateable: false },
  { name: 'ContactMobile', label: 'Contact Mobile', type: 'phone', length: 40, updateable: false },
  { name: 'ContactEmail', label: 'Contact Email', type: 'email', length: 80, updateable: false },
  { name: 'ContactFax', label: 'Contact Fax', type: 'phone', length: 40, updateable: false },
  { name: 'Comments', label: 'Internal Comments', type: 'textarea', length: 4000, extra: { aggregatable: true, byteLength: 4000, permissionable: false, sortable: true } },
  { name: 'LastViewedDate', label: 'Last Viewed Date', type: 'datetime', updateable: false },
  { name: 'LastReferencedDate', label: 'Last Referenced Date', type: 'datetime', updateable: false },
];

const ESCALATION_FORMULA =
  'IF(VIP__c, 50, 0) + BLANKVALUE(Attempts__c, 0) * 10 + IF(IsEscalated, 25, 0)';

const CASE_CUSTOM: FieldSpec[] = [
  {
    name: 'Account_Tier__c',
    label: 'Account Tier',
    type: 'picklist',
    restricted: true,
    picklist: [
      ['tier_basic', 'Basic'],
      ['tier_premium', 'Premium'],
      ['tier_enterprise', 'Enterprise'],
      ['tier_legacy', 'Legacy', { active: false }],
    ],
  },
  { name: 'Account_Number__c', label: 'Account Number', type: 'string', length: 20 },
  { name: 'Order_Id__c', label: 'Order ID', type: 'string', length: 40 },
  {
    name: 'Bot_Intent__c',
    label: 'Bot Intent',
    type: 'picklist',
    picklist: [
      ['order_status', 'Order status'],
      ['refund', 'Refund'],
      ['billing', 'Billing question'],
      ['tech_support', 'Technical support'],
      ['cancellation', 'Cancellation'],
      ['other_legacy', 'Other (legacy)', { active: false }],
    ],
  },
  {
    name: 'Products__c',
    label: 'Products',
    type: 'multipicklist',
    restricted: true,
    picklist: [
      ['router', 'Router'],
      ['modem', 'Modem'],
      ['mesh_extender', 'Mesh Extender'],
      ['smart_plug', 'Smart Plug'],
      ['set_top_box', 'Set-top Box', { active: false }],
    ],
  },
  { name: 'VIP__c', label: 'VIP', type: 'boolean' },
  { name: 'Attempts__c', label: 'Attempts', type: 'int', digits: 3 },
  { name: 'Weight_Kg__c', label: 'Weight (kg)', type: 'double', precision: 8, scale: 3 },
  { name: 'Refund_Amount__c', label: 'Refund Amount', type: 'currency', precision: 16, scale: 2 },
  { name: 'Satisfaction__c', label: 'Satisfaction', type: 'percent', precision: 5, scale: 2 },
  { name: 'Customer_Since__c', label: 'Customer Since', type: 'date' },
  { name: 'Last_Contact__c', label: 'Last Contact', type: 'datetime' },
  { name: 'Contact_Email__c', label: 'Customer Email', type: 'email' },
  { name: 'Callback_Phone__c', label: 'Callback Phone', type: 'phone' },
  { name: 'Order_Url__c', label: 'Order URL', type: 'url' },
  { name: 'Chat_Summary__c', label: 'Chat Summary', type: 'textarea', length: 255 },
  { name: 'Bot_Transcript__c', label: 'Bot Transcript', type: 'textarea', length: 32768 },
  {
    name: 'Escalation_Score__c',
    label: 'Escalation Score',
    type: 'double',
    precision: 18,
    scale: 0,
    formula: ESCALATION_FORMULA,
  },
  // Field-level security: the agent's profile can read this field but not edit it.
  {
    name: 'Fraud_Flag__c',
    label: 'Fraud Flag',
    type: 'boolean',
    updateable: false,
    createable: false,
  },
];

/** On the record, but the agent's profile has no access: absent from describe, refused by the API. */
const CASE_HIDDEN: FieldSpec[] = [
  { name: 'Internal_Cost__c', label: 'Internal Cost', type: 'currency', precision: 16, scale: 2 },
];

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export const CASE: SimObjectDef = {
  name: 'Case',
  label: 'Case',
  labelPlural: 'Cases',
  keyPrefix: '500',
  fields: [...CASE_STANDARD, ...CASE_CUSTOM].map(describeField),
  hidden: CASE_HIDDEN.map(describeField),
  nameField: 'CaseNumber',
  formulas: {
    Escalation_Score__c: (r) =>
      (r.VIP__c === true ? 50 : 0) + num(r.Attempts__c) * 10 + (r.IsEscalated === true ? 25 : 0),
  },
  validationRules: [
    {
      fields: ['Refund_Amount__c'],
      message: "Refunds over 5,000 need a manager's approval.",
      failsWhen: (r) => typeof r.Refund_Amount__c === 'number' && r.Refund_Amount__c > 5000,
    },
  ],
  childRelationships: [
    child('Case', 'ParentId', 'Cases', false),
    child('CaseComment', 'ParentId', 'CaseComments', true),
    child('EmailMessage', 'ParentId', 'EmailMessages', true),
    child('MessagingSession', 'CaseId', 'MessagingSessions', false),
    child('Task', 'WhatId', 'Tasks', true),
  ],
  supportedScopes: [
    { label: 'All cases', name: 'everything' },
    { label: 'My case teams cases', name: 'genericteam' },
    { label: 'My cases', name: 'mine' },
    { label: 'Queue owned cases', name: 'queue_owned' },
    { label: "My role-based team's cases", name: 'team_by_role' },
    { label: 'User owned cases', name: 'user_owned' },
  ],
};

// biome-ignore format: one field per line, like the describe it mirrors
const MESSAGING_SESSION_FIELDS: FieldSpec[] = [
  { name: 'Id', label: 'Messaging Session ID', type: 'id', updateable: false },
  { name: 'OwnerId', label: 'Owner ID', type: 'reference', nillable: false, referenceTo: ['Group', 'User'], relationshipName: 'Owner', extra: { defaultedOnCreate: true, namePointing: true, permissionable: false, polymorphicForeignKey: true } },
  { name: 'IsDeleted', label: 'Deleted', type: 'boolean', updateable: false, defaultValue: false },
  { name: 'Name', label: 'Messaging Session Name', type: 'string', length: 80, updateable: false, nillable: false, extra: { autoNumber: true, defaultedOnCreate: true, groupable: false, idLookup: true, nameField: true } },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'CreatedBy', extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy', extra: { defaultedOnCreate: true } },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'MessagingChannelId', label: 'Messaging Channel ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['MessagingChannel'], relationshipName: 'MessagingChannel' },
  { name: 'MessagingEndUserId', label: 'Messaging User ID', type: 'reference', updateable: false, referenceTo: ['MessagingEndUser'], relationshipName: 'MessagingEndUser' },
  {
    name: 'Status',
    label: 'Status',
    type: 'picklist',
    restricted: true,
    picklist: ['New', 'Waiting', 'Active', 'Paused', 'Inactive', 'Ended', 'Error', 'Consent'],
  },
  { name: 'CaseId', label: 'Case ID', type: 'reference', referenceTo: ['Case'], relationshipName: 'Case' },
  {
    name: 'ChannelType',
    label: 'Channel Type',
    type: 'picklist',
    restricted: true,
    updateable: false,
    picklist: [
      ['EmbeddedMessaging', 'Messaging for In-App and Web'],
      ['Text', 'SMS'],
      ['WhatsApp', 'WhatsApp'],
      ['Facebook', 'Facebook Messenger'],
      ['AppleBusinessChat', 'Apple Messages for Business'],
      ['Line', 'LINE'],
    ],
  },
  {
    name: 'Origin',
    label: 'Origin',
    type: 'picklist',
    restricted: true,
    updateable: false,
    picklist: [
      ['InboundInitiated', 'Inbound Initiated'],
      ['OutboundInitiated', 'Outbound Initiated'],
      ['TriggeredOutbound', 'Triggered Outbound'],
    ],
  },
  { name: 'StartTime', label: 'Start Time', type: 'datetime', updateable: false },
  { name: 'AcceptTime', label: 'Accept Time', type: 'datetime', updateable: false },
  { name: 'EndTime', label: 'End Time', type: 'datetime', updateable: false },
  { name: 'ConversationId', label: 'Conversation ID', type: 'reference', updateable: false, referenceTo: ['Conversation'], relationshipName: 'Conversation' },
  { name: 'Handoff_Context__c', label: 'Handoff Context', type: 'textarea', length: 32768 },
  { name: 'Pre_Chat_Account_Number__c', label: 'Pre-Chat Account Number', type: 'string', length: 20 },
  { name: 'Customer_Language__c', label: 'Customer Language', type: 'string', length: 10 },
];

export const MESSAGING_SESSION: SimObjectDef = {
  name: 'MessagingSession',
  label: 'Messaging Session',
  labelPlural: 'Messaging Sessions',
  keyPrefix: '0Mw',
  fields: MESSAGING_SESSION_FIELDS.map(describeField),
  hidden: [],
  nameField: 'Name',
  formulas: {},
  validationRules: [],
  childRelationships: [child('ConversationEntry', 'ConversationId', 'ConversationEntries', true)],
  supportedScopes: [
    { label: 'All messaging sessions', name: 'everything' },
    { label: 'My messaging sessions', name: 'mine' },
    { label: 'Queue owned messaging sessions', name: 'queue_owned' },
  ],
};

// biome-ignore format: one field per line, like the describe it mirrors
const CONVERSATION_FIELDS: FieldSpec[] = [
  { name: 'Id', label: 'Conversation ID', type: 'id', updateable: false },
  { name: 'Name', label: 'Conversation Name', type: 'string', length: 80, updateable: false, nillable: false, extra: { autoNumber: true, defaultedOnCreate: true, groupable: false, idLookup: true, nameField: true } },
  { name: 'ConversationIdentifier', label: 'Conversation Identifier', type: 'string', length: 255, updateable: false, extra: { idLookup: true } },
  { name: 'StartTime', label: 'Start Time', type: 'datetime', updateable: false },
  { name: 'EndTime', label: 'End Time', type: 'datetime', updateable: false },
  { name: 'CreatedDate', label: 'Created Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'CreatedById', label: 'Created By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'CreatedBy', extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
  { name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy', extra: { defaultedOnCreate: true } },
  { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', updateable: false, nillable: false, extra: { defaultedOnCreate: true } },
];

/**
 * The conversation a MessagingSession belongs to (`MessagingSession.ConversationId`): its
 * `ConversationIdentifier` (a UUID) names it in the Connect API (connect.ts). Read only.
 */
export const CONVERSATION: SimObjectDef = {
  name: 'Conversation',
  label: 'Conversation',
  labelPlural: 'Conversations',
  keyPrefix: '0dw',
  fields: CONVERSATION_FIELDS.map(describeField),
  hidden: [],
  nameField: 'Name',
  formulas: {},
  validationRules: [],
  childRelationships: [child('MessagingSession', 'ConversationId', 'MessagingSessions', false)],
  supportedScopes: [{ label: 'All conversations', name: 'everything' }],
};

/** The objects the sim stores records of. */
export const SIM_OBJECTS: Record<string, SimObjectDef> = {
  Case: CASE,
  MessagingSession: MESSAGING_SESSION,
  Conversation: CONVERSATION,
};

export function objectByName(name: string): SimObjectDef | undefined {
  // API object names are case-insensitive in Salesforce URLs.
  const lower = name.toLowerCase();
  return Object.values(SIM_OBJECTS).find((o) => o.name.toLowerCase() === lower);
}

export function objectByKeyPrefix(id: string): SimObjectDef | undefined {
  return Object.values(SIM_OBJECTS).find((o) => id.startsWith(o.keyPrefix));
}

/** Visible field by name, case-insensitively (Salesforce field names are case-insensitive). */
export function visibleField(def: SimObjectDef, name: string): DescribeField | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

export function storedField(def: SimObjectDef, name: string): DescribeField | undefined {
  const lower = name.toLowerCase();
  return [...def.fields, ...def.hidden].find((f) => f.name.toLowerCase() === lower);
}

function child(
  childSObject: string,
  field: string,
  relationshipName: string,
  cascadeDelete: boolean,
) {
  return {
    cascadeDelete,
    childSObject,
    deprecatedAndHidden: false,
    field,
    junctionIdListNames: [],
    junctionReferenceTo: [],
    relationshipName,
    restrictedDelete: false,
  };
}

/** The global describe's objects: [name, label, labelPlural, keyPrefix, custom flags]. */
export const GLOBAL_SOBJECTS: [string, string, string, string | null][] = [
  ['Account', 'Account', 'Accounts', '001'],
  ['Asset', 'Asset', 'Assets', '02i'],
  ['Campaign', 'Campaign', 'Campaigns', '701'],
  ['Case', 'Case', 'Cases', '500'],
  ['CaseComment', 'Case Comment', 'Case Comments', '00a'],
  ['Contact', 'Contact', 'Contacts', '003'],
  ['ContentDocument', 'File', 'Files', '069'],
  ['Conversation', 'Conversation', 'Conversations', '0dw'],
  ['ConversationEntry', 'Conversation Entry', 'Conversation Entries', null],
  ['EmailMessage', 'Email Message', 'Email Messages', '02s'],
  ['Event', 'Event', 'Events', '00U'],
  ['Group', 'Group', 'Groups', '00G'],
  ['Lead', 'Lead', 'Leads', '00Q'],
  ['LiveChatTranscript', 'Chat Transcript', 'Chat Transcripts', '570'],
  ['LiveChatVisitor', 'Chat Visitor', 'Chat Visitors', '571'],
  ['MessagingChannel', 'Messaging Channel', 'Messaging Channels', '0Mj'],
  ['MessagingEndUser', 'Messaging User', 'Messaging Users', '0PA'],
  ['MessagingSession', 'Messaging Session', 'Messaging Sessions', '0Mw'],
  ['Opportunity', 'Opportunity', 'Opportunities', '006'],
  ['Organization', 'Organization', 'Organizations', '00D'],
  ['RecordType', 'Record Type', 'Record Types', '012'],
  ['Task', 'Task', 'Tasks', '00T'],
  ['User', 'User', 'Users', '005'],
];
