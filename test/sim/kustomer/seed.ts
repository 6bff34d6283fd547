/**
 * The data the simulated Kustomer starts with (and returns to on POST /__sim/reset). Ids are 24-hex
 * Mongo ObjectIds, as Kustomer's are. Re-exported from ../seed.ts as `SEED.kustomer` and
 * `KUSTOMER_SEED`.
 */

/**
 * Who wrote a timeline item (the control API's `author`): the customer, the agent, Customer Assist
 * (`assist`, Kustomer's own bot), a third-party bot app (`bot`), a workflow's automated reply
 * (`workflow`), or a timeline event (`system`).
 */
export type KustomerAuthor = 'customer' | 'agent' | 'bot' | 'assist' | 'workflow' | 'system';

export interface KustomerSeedUser {
  readonly id: string;
  readonly name: string;
  readonly userType: 'user' | 'machine';
  readonly email?: string;
}

export interface KustomerSeedMessage {
  readonly author: KustomerAuthor;
  readonly text: string;
}

export interface KustomerSeedConversation {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly status: 'open' | 'snoozed' | 'done';
  readonly transcript: readonly KustomerSeedMessage[];
}

export interface KustomerSeedCustomer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export interface KustomerSeedOrg {
  readonly org: string;
  readonly orgId: string;
  readonly displayName: string;
  readonly desktopHost: string;
  readonly apiHost: string;
  readonly users: {
    readonly agent: KustomerSeedUser;
    readonly assist: KustomerSeedUser;
    readonly bot: KustomerSeedUser;
    readonly workflow: KustomerSeedUser;
  };
  readonly customers: readonly KustomerSeedCustomer[];
  readonly conversations: readonly KustomerSeedConversation[];
}

const ACME: KustomerSeedOrg = {
  org: 'acme',
  orgId: '66500000c3d4e5f60123ac01',
  displayName: 'Acme Support',
  desktopHost: 'acme.kustomerapp.com',
  apiHost: 'acme.api.kustomerapp.com',
  users: {
    agent: {
      id: '6650aaaac3d4e5f601230001',
      name: 'Alex Agent',
      userType: 'user',
      email: 'alex.agent@acme.example',
    },
    // Kustomer's own bot (Customer Assist) writes as a machine user of the org.
    assist: { id: '6650aaaac3d4e5f601230002', name: 'Customer Assist', userType: 'machine' },
    // A third-party bot installed as an app, posting through its own machine user.
    bot: { id: '6650aaaac3d4e5f601230003', name: 'Ada Bot', userType: 'machine' },
    // The machine user the org's workflows write as (its messages show the org's brand).
    workflow: { id: '6650aaaac3d4e5f601230004', name: 'Workflow', userType: 'machine' },
  },
  customers: [
    { id: '6650a1b2c3d4e5f601234567', name: 'Jamie Customer', email: 'jamie@example.com' },
    { id: '6650a1b2c3d4e5f601234568', name: 'Riley Shopper', email: 'riley@example.com' },
  ],
  conversations: [
    {
      id: '6650f00dc3d4e5f60123aa01',
      customerId: '6650a1b2c3d4e5f601234567',
      name: 'Order A-48213 arrived damaged',
      status: 'open',
      transcript: [
        { author: 'customer', text: 'Hi, my order A-48213 arrived damaged.' },
        {
          author: 'assist',
          text: "Sorry to hear that! I'll collect a few details, then connect you with an agent.",
        },
        { author: 'customer', text: 'The box was crushed and the lamp inside is broken.' },
        { author: 'system', text: 'Conversation assigned to Alex Agent' },
        { author: 'agent', text: "Hi Jamie, I'm Alex. Let me look into this for you." },
      ],
    },
    {
      id: '6650f00dc3d4e5f60123aa02',
      customerId: '6650a1b2c3d4e5f601234568',
      name: 'Charged twice for the May invoice',
      status: 'open',
      transcript: [
        { author: 'customer', text: 'I was charged twice for my May invoice.' },
        { author: 'bot', text: 'I can help with billing questions. What is the invoice number?' },
        { author: 'customer', text: 'INV-2231' },
      ],
    },
    {
      id: '6650f00dc3d4e5f60123aa03',
      customerId: '6650a1b2c3d4e5f601234567',
      name: 'Router keeps dropping the connection',
      status: 'open',
      transcript: [
        { author: 'customer', text: 'My router keeps dropping the connection every evening.' },
        { author: 'agent', text: 'Thanks, Jamie. Which router model do you have?' },
        { author: 'customer', text: 'An RX-200, bought last spring.' },
      ],
    },
  ],
};

const INITECH: KustomerSeedOrg = {
  org: 'initech',
  orgId: '66500000c3d4e5f60123ec01',
  displayName: 'Initech Help Desk',
  desktopHost: 'initech.kustomerapp.com',
  apiHost: 'initech.api.kustomerapp.com',
  users: {
    agent: { id: '6650bbbbc3d4e5f601230001', name: 'Sam Agent', userType: 'user' },
    assist: { id: '6650bbbbc3d4e5f601230002', name: 'Customer Assist', userType: 'machine' },
    bot: { id: '6650bbbbc3d4e5f601230003', name: 'Ada Bot', userType: 'machine' },
    workflow: { id: '6650bbbbc3d4e5f601230004', name: 'Workflow', userType: 'machine' },
  },
  customers: [
    { id: '6650c1b2c3d4e5f601239901', name: 'Peter Gibbons', email: 'peter@initech.example' },
  ],
  conversations: [
    {
      id: '6650f00dc3d4e5f60123cc01',
      customerId: '6650c1b2c3d4e5f601239901',
      name: 'Where is my stapler?',
      status: 'open',
      transcript: [
        { author: 'customer', text: 'Has anyone seen my red stapler?' },
        { author: 'agent', text: 'Checking with facilities now.' },
      ],
    },
  ],
};

export const KUSTOMER_SEED = {
  acme: ACME,
  initech: INITECH,
  /** The acme ids most tests use. */
  ids: {
    customer1: '6650a1b2c3d4e5f601234567',
    customer2: '6650a1b2c3d4e5f601234568',
    conversation1: '6650f00dc3d4e5f60123aa01',
    conversation2: '6650f00dc3d4e5f60123aa02',
    conversation3: '6650f00dc3d4e5f60123aa03',
    agent: '6650aaaac3d4e5f601230001',
    assist: '6650aaaac3d4e5f601230002',
    bot: '6650aaaac3d4e5f601230003',
    workflow: '6650aaaac3d4e5f601230004',
  },
} as const;

export const KUSTOMER_SEED_ORGS: readonly KustomerSeedOrg[] = [ACME, INITECH];

/** The time of the first seeded timeline item; later ones follow a minute apart. */
export const KUSTOMER_SEED_START = '2026-11-20T09:12:00.000Z';
