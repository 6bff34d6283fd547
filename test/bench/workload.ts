/**
 * The benchmark's workload: 50 Salesforce Case mappings over the simulated Case (test/sim/salesforce/
 * objects.ts) and a 50-key handoff context with fresh values for every handoff, so every writable
 * field really changes each time. Shared by the latency line (in Chromium) and the planner line
 * (in Node), so both measure the same thing.
 *
 * The simulated Case has 35 fields the agent may write (18 standard, 17 custom), fewer than 50. The
 * other 15 mappings target read-only fields the describe shows (formula, field-level security,
 * system and contact fields): the planner evaluates them and refuses them ("read-only for you"),
 * the widget shows them, the journal keeps them. So each handoff plans 50 enabled mappings, reads
 * 50 fields and writes 35, every one with a new value. Kustomer has 15 attributes in all; its line
 * maps all 15 (not 50) and says so.
 */
import type { MappingInput } from '../../lib/mapping/schema';
import { to18 } from '../sim/salesforce/ids';
import { SEED } from '../sim/seed';

const sf = (
  id: string,
  field: string,
  sources: string[],
  extra: Partial<MappingInput> = {},
): MappingInput => ({
  id: `bench-${id}`,
  platform: 'salesforce',
  object: 'Case',
  field,
  sources,
  // Every handoff brings new values: overwrite, or the second handoff would keep the first's.
  policy: 'overwrite',
  ...extra,
});

/** The 35 writable Case fields of the simulation, one mapping each (a mix of every planner path). */
export const WRITABLE_MAPPINGS: MappingInput[] = [
  sf('01', 'SuppliedName', ['Customer Name'], { transforms: ['trim', 'collapse-spaces'] }),
  sf('02', 'SuppliedEmail', ['Email'], { transforms: ['trim', 'lower'] }),
  sf('03', 'SuppliedPhone', ['Phone']),
  sf('04', 'SuppliedCompany', ['Company']),
  sf('05', 'Type', ['Product Category'], {
    valueMap: [
      { from: 'hardware', to: 'Mechanical' },
      { from: 'power', to: 'Electrical' },
      { from: 'electronics', to: 'Electronic' },
      { from: 'frame', to: 'Structural' },
      { from: 'misc', to: 'Other' },
    ],
  }),
  sf('06', 'Status', ['Case Status']),
  sf('07', 'Reason', ['Reason']),
  sf('08', 'Origin', ['Channel'], {
    valueMap: [
      { from: 'web chat', to: 'Chat' },
      { from: 'in-app', to: 'Messaging' },
      { from: 'website form', to: 'Web' },
    ],
    transforms: ['lower'],
  }),
  sf('09', 'Subject', ['Subject']),
  sf('10', 'Priority', ['Priority'], {
    valueMap: [
      { from: 'urgent', to: 'High' },
      { from: 'normal', to: 'Medium' },
      { from: 'low', to: 'Low' },
    ],
    unmapped: 'pass',
  }),
  sf('11', 'Description', ['Issue', 'Details'], { combine: 'join', separator: '\n' }),
  sf('12', 'IsEscalated', ['Escalate']),
  sf('13', 'OwnerId', ['Owner Id']),
  sf('14', 'ContactId', ['Contact Id']),
  sf('15', 'AccountId', ['Account Id']),
  sf('16', 'AssetId', ['Asset Id']),
  sf('17', 'ParentId', ['Parent Case']),
  sf('18', 'Comments', ['Agent Notes', 'Bot Notes'], { combine: 'join', separator: ' | ' }),
  sf('19', 'Account_Tier__c', ['Account Tier'], {
    valueMap: [
      { from: 'Basic', to: 'tier_basic' },
      { from: 'Premium', to: 'tier_premium' },
      { from: 'Enterprise', to: 'tier_enterprise' },
    ],
  }),
  sf('20', 'Account_Number__c', ['Account Number', 'Account'], { transforms: ['trim', 'upper'] }),
  sf('21', 'Order_Id__c', ['Order Id', 'Order']),
  sf('22', 'Bot_Intent__c', ['Intent']),
  sf('23', 'Products__c', ['Products']),
  sf('24', 'VIP__c', ['VIP']),
  sf('25', 'Attempts__c', ['Attempts']),
  sf('26', 'Weight_Kg__c', ['Parcel Weight']),
  sf('27', 'Refund_Amount__c', ['Refund Amount']),
  sf('28', 'Satisfaction__c', ['CSAT']),
  sf('29', 'Customer_Since__c', ['Customer Since']),
  sf('30', 'Last_Contact__c', ['Last Contact']),
  sf('31', 'Contact_Email__c', ['Customer Email', 'Email']),
  sf('32', 'Callback_Phone__c', ['Callback Phone']),
  sf('33', 'Order_Url__c', ['Order URL']),
  sf('34', 'Chat_Summary__c', ['Summary', 'Sentiment'], { combine: 'join', separator: ' — ' }),
  sf('35', 'Bot_Transcript__c', ['Transcript']),
];

/** 15 read-only fields of the describe: planned and refused every time (never written). */
export const READ_ONLY_MAPPINGS: MappingInput[] = [
  sf('36', 'ContactEmail', ['Customer Email']),
  sf('37', 'ContactPhone', ['Phone']),
  sf('38', 'ContactMobile', ['Mobile']),
  sf('39', 'ContactFax', ['Fax']),
  sf('40', 'Escalation_Score__c', ['Escalation Score']),
  sf('41', 'Fraud_Flag__c', ['Fraud Suspected']),
  sf('42', 'IsClosed', ['Resolved']),
  sf('43', 'ClosedDate', ['Resolved At']),
  sf('44', 'CaseNumber', ['Case Number']),
  sf('45', 'CreatedDate', ['Conversation Started']),
  sf('46', 'LastModifiedDate', ['Last Updated']),
  sf('47', 'MasterRecordId', ['Duplicate Of']),
  sf('48', 'LastViewedDate', ['Last Viewed']),
  sf('49', 'LastReferencedDate', ['Last Viewed']),
  sf('50', 'IsDeleted', ['Spam']),
];

export const BENCH_MAPPINGS: MappingInput[] = [...WRITABLE_MAPPINGS, ...READ_ONLY_MAPPINGS];
export const WRITABLE_FIELDS: string[] = WRITABLE_MAPPINGS.map((m) => m.field);

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid 18-character id with the key prefix of `prefix`, different for every `i`. */
function recordId(prefix: string, i: number): string {
  const body = (i + 1).toString(36).toUpperCase().padStart(6, '0');
  return to18(`${prefix}5g0000${body}`);
}

const SENTENCES = [
  'Customer reports the parcel arrived with a crushed corner and the router does not power on.',
  'Bot confirmed the order number, the delivery address and the last four digits of the card.',
  'Customer asked for a replacement rather than a refund and prefers a callback after 5 pm.',
  'Bot offered troubleshooting steps; the customer had already tried a reset twice.',
];

/**
 * The 50-key context of handoff `i` (`nonce` keeps values apart across runs). Consecutive handoffs
 * differ in every value a writable field takes, so every one of the 35 writable fields is written.
 */
export function benchContext(i: number, nonce = ''): Record<string, string> {
  const day = new Date(Date.UTC(2019, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const contact = new Date(Date.UTC(2026, 10, 20, 9, 0) + i * 60_000).toISOString();
  const transcript = Array.from({ length: 16 }, (_, k) => pick(SENTENCES, k + i)).join(' ');
  const cases = SEED.acme.cases;
  return {
    'Customer Name': `  Jamie   Customer ${i}${nonce}`,
    Email: `Jamie.Customer+${i}${nonce}@Example.com`,
    Phone: `+1 555 01${pad(i % 100, 2)} ${pad(i % 10_000, 4)}`,
    Company: `Acme Widgets ${i}${nonce}`,
    'Product Category': pick(['hardware', 'power', 'electronics', 'frame', 'misc'], i),
    'Case Status': pick(['Working', 'Escalated', 'New'], i),
    Reason: pick(['Installation', 'Performance', 'Breakdown', 'Feedback', 'Other'], i),
    Channel: pick(['Web Chat', 'In-App', 'Website Form'], i),
    Subject: `Order A-${48_000 + i}${nonce} arrived damaged`,
    Priority: pick(['normal', 'low', 'urgent'], i),
    Issue: `Damaged delivery, handoff ${i}${nonce}`,
    Details: pick(SENTENCES, i),
    Escalate: i % 2 === 0 ? 'yes' : 'no',
    'Owner Id': recordId('005', i),
    'Contact Id': recordId('003', i),
    'Account Id': recordId('001', i),
    'Asset Id': recordId('02i', i),
    'Parent Case': (i % 2 === 0 ? cases[1] : cases[2]).id,
    'Agent Notes': `Callback requested (${i}${nonce})`,
    'Bot Notes': pick(SENTENCES, i + 1),
    'Account Tier': pick(['Basic', 'Premium', 'Enterprise'], i),
    'Account Number': ` ac-${i}${nonce}`.slice(0, 20),
    'Order Id': `A-${48_000 + i}${nonce}`,
    Intent: pick(['Order status', 'Refund', 'Billing question', 'Technical support'], i),
    Products: pick(['Router;Modem', 'Mesh Extender', 'Smart Plug;Router'], i),
    VIP: i % 2 === 0 ? 'true' : 'false',
    Attempts: String((i % 97) + 1),
    'Parcel Weight': `${(1 + (i % 400) * 0.125).toFixed(3)}`,
    'Refund Amount': `$${(100 + (i % 500) * 7.25).toFixed(2)}`,
    CSAT: `${(50 + (i % 50) * 0.5).toFixed(1)}%`,
    'Customer Since': day,
    'Last Contact': contact,
    'Customer Email': `jamie${i}${nonce}@example.org`,
    'Callback Phone': `+44 20 7946 ${pad(i % 10_000, 4)}`,
    'Order URL': `https://shop.example.com/orders/A-${48_000 + i}${nonce}`,
    Summary: `Damaged router, replacement wanted (${i}${nonce})`,
    Sentiment: pick(['frustrated', 'neutral', 'calm'], i),
    Transcript: `${transcript} (${i}${nonce})`,
    Mobile: `+1 555 02${pad(i % 100, 2)} 0000`,
    Fax: `+1 555 03${pad(i % 100, 2)} 0000`,
    'Escalation Score': String(10 + (i % 50)),
    'Fraud Suspected': 'no',
    Resolved: 'no',
    'Resolved At': contact,
    'Case Number': pad(1026 + i, 8),
    'Conversation Started': contact,
    'Last Updated': contact,
    'Duplicate Of': cases[2].id,
    'Last Viewed': contact,
    Spam: 'no',
  };
}

/** The bot's message: the key–value form agents see most (README "Handoff context"). */
export function benchHandoffText(i: number, nonce = ''): string {
  return [
    "Thanks! I'm connecting you with an agent now.",
    '',
    '**Handoff context**',
    ...Object.entries(benchContext(i, nonce)).map(([k, v]) => `${k}: ${v}`),
  ].join('\n');
}

// ─── Kustomer: every attribute the simulated org has (15, on the conversation and its customer) ──

const k = (
  id: string,
  object: 'conversation' | 'customer',
  field: string,
  sources: string[],
  extra: Partial<MappingInput> = {},
): MappingInput => ({
  id: `bench-k-${id}`,
  platform: 'kustomer',
  object,
  field,
  sources,
  policy: 'overwrite',
  ...extra,
});

export const KUSTOMER_BENCH_MAPPINGS: MappingInput[] = [
  k('01', 'conversation', 'accountNumberStr', ['Account Number'], { transforms: ['upper'] }),
  k('02', 'conversation', 'handoffSummaryTxt', ['Summary', 'Details'], {
    combine: 'join',
    separator: '\n',
  }),
  k('03', 'conversation', 'orderTotalNum', ['Order Total']),
  k('04', 'conversation', 'lastOrderAt', ['Last Order']),
  k('05', 'conversation', 'vipBool', ['VIP']),
  k('06', 'conversation', 'orderPageUrl', ['Order URL']),
  k('07', 'conversation', 'linkedOrderId', ['Order Object Id']),
  k('08', 'conversation', 'accountTierStr', ['Account Tier'], {
    valueMap: [
      { from: 'Basic', to: 'basic' },
      { from: 'Premium', to: 'premium' },
      { from: 'Enterprise', to: 'enterprise' },
    ],
  }),
  k('09', 'conversation', 'contactReasonTree', ['Contact Reason']),
  k('10', 'conversation', '@shopify.lastOrderStr', ['Shopify Order']),
  k('11', 'conversation', 'handoffContextTxt', ['Transcript']),
  k('12', 'customer', 'loyaltyTierStr', ['Loyalty Tier']),
  k('13', 'customer', 'lifetimeValueNum', ['Lifetime Value']),
  k('14', 'customer', 'customerSinceAt', ['Customer Since']),
  k('15', 'customer', 'marketingOptInBool', ['Marketing Opt-In']),
];

export function kustomerContext(i: number, nonce = ''): Record<string, string> {
  const day = new Date(Date.UTC(2019, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const at = new Date(Date.UTC(2026, 10, 20, 9, 0) + i * 60_000).toISOString();
  return {
    'Account Number': `ac-${i}${nonce}`,
    Summary: `Damaged router, replacement wanted (${i}${nonce})`,
    Details: pick(SENTENCES, i),
    'Order Total': `${(100 + (i % 500) * 7.25).toFixed(2)}`,
    'Last Order': at,
    VIP: i % 2 === 0 ? 'yes' : 'no',
    'Order URL': `https://shop.example.com/orders/A-${48_000 + i}${nonce}`,
    'Order Object Id': `6650${(0x1000_0000 + i).toString(16)}c3d4e5f6012345`.slice(0, 24),
    'Account Tier': pick(['Basic', 'Premium', 'Enterprise'], i),
    'Contact Reason': pick(['orders.damaged', 'orders.missing', 'billing.refund'], i),
    'Shopify Order': `#${1000 + i}${nonce}`,
    Transcript: Array.from({ length: 16 }, (_, n) => pick(SENTENCES, n + i)).join(' '),
    'Loyalty Tier': pick(['Silver', 'Gold', 'Platinum'], i),
    'Lifetime Value': `${(1000 + i * 3.5).toFixed(2)}`,
    'Customer Since': day,
    'Marketing Opt-In': i % 2 === 0 ? 'yes' : 'no',
  };
}

export function kustomerHandoffText(i: number, nonce = ''): string {
  return [
    'Connecting you with a person now.',
    '',
    '**Handoff context**',
    ...Object.entries(kustomerContext(i, nonce)).map(([key, v]) => `${key}: ${v}`),
  ].join('\n');
}
