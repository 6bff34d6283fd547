import { KUSTOMER_SEED } from './kustomer/seed';

export { KUSTOMER_SEED, KUSTOMER_SEED_ORGS } from './kustomer/seed';

/**
 * The data the simulation starts with (and returns to on POST /__sim/reset). Tests import these
 * constants instead of repeating ids. All ids are valid 18-character Salesforce ids (the last three
 * characters are the case checksum of the first fifteen).
 */

export const SEED_USER = {
  id: '0055g00000AgEnTAAV',
  name: 'Alex Agent',
} as const;

/**
 * A second user of each simulated Salesforce org (the OAuth tests' "Login As" target). Like the
 * agent, the same user id in every org (a simplification: real ids are unique per instance).
 */
export const SEED_SUPERVISOR = {
  id: '0055g00000SuPvRAAV',
  name: 'Sam Supervisor',
} as const;

/** The users of a simulated Salesforce org: the agent (signed in to the console at start) first. */
function orgUsers(domain: string) {
  return {
    agent: {
      ...SEED_USER,
      firstName: 'Alex',
      lastName: 'Agent',
      username: `alex@${domain}`,
      email: `alex@${domain}`,
    },
    supervisor: {
      ...SEED_SUPERVISOR,
      firstName: 'Sam',
      lastName: 'Supervisor',
      username: `sam@${domain}`,
      email: `sam@${domain}`,
    },
  } as const;
}

/** Default author names in the simulated transcript. */
export const AUTHOR_NAMES = {
  bot: 'Chatbot',
  agent: 'Alex Agent',
  other_agent: 'Jordan Lee',
  end_user: 'Jamie Customer',
  system: 'System',
} as const;

export const SEED = {
  user: SEED_USER,
  acme: {
    org: 'acme',
    orgId: '00D5g000004XyZaEAK',
    orgId15: '00D5g000004XyZa',
    lightningHost: 'acme.lightning.force.com',
    myDomainHost: 'acme.my.salesforce.com',
    users: orgUsers('acme.example'),
    cases: [
      {
        id: '5005g00000HfCa1AAF',
        caseNumber: '00001026',
        subject: 'Order A-48213 arrived damaged',
        status: 'New',
        priority: 'High',
        origin: 'Messaging',
      },
      {
        id: '5005g00000HfCb2AAF',
        caseNumber: '00001027',
        subject: 'Charged twice for the May invoice',
        status: 'Working',
        priority: 'Medium',
        origin: 'Messaging',
      },
      {
        id: '5005g00000HfCc3AAF',
        caseNumber: '00001028',
        subject: 'Router keeps dropping the connection',
        status: 'New',
        priority: 'Low',
        origin: 'Web',
      },
    ],
    sessions: [
      { id: '0Mw5g00000Ms0a1CAB', name: 'MS-0001', caseId: '5005g00000HfCa1AAF' },
      { id: '0Mw5g00000Ms0b2CAB', name: 'MS-0002', caseId: '5005g00000HfCb2AAF' },
    ],
  },
  globex: {
    org: 'globex',
    // The brief named 00D5g000001GlbxEAA; EAC is the correct checksum of 00D5g000001Glbx.
    orgId: '00D5g000001GlbxEAC',
    orgId15: '00D5g000001Glbx',
    lightningHost: 'globex.lightning.force.com',
    myDomainHost: 'globex.my.salesforce.com',
    users: orgUsers('globex.example'),
    cases: [
      {
        id: '5005g00000GxCa1AAF',
        caseNumber: '00001001',
        subject: 'Where is my order?',
        status: 'New',
        priority: 'Medium',
        origin: 'Chat',
      },
    ],
    sessions: [{ id: '0Mw5g00000Gx0a1CAB', name: 'MS-0001', caseId: '5005g00000GxCa1AAF' }],
  },
  /** The simulated Kustomer (orgs acme and initech; see kustomer/seed.ts). */
  kustomer: KUSTOMER_SEED,
} as const;

export type SeedOrg = (typeof SEED)['acme'] | (typeof SEED)['globex'];
export const SEED_ORGS: readonly SeedOrg[] = [SEED.acme, SEED.globex];

/** Fixed times of the seed records. */
export const SEED_CREATED = '2026-11-20T09:12:44.000+0000';
