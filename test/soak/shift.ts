/**
 * The agent's day the soak plays: five console tabs in one Chromium, four conversations behind
 * them, a chat of a few lines before each handoff, the bot's handoff message with fresh values, and
 * its write looked for in the sim's request log.
 *
 * Tabs: acme Case 00001026, acme Case 00001027 and its Messaging Session MS-0002 (a Case and its
 * session open side by side, as agents work: both tabs read the same conversation, and the
 * extension must write each of its handoffs once), globex Case 00001001 (another org), and the
 * Kustomer desktop on acme's first conversation. Each conversation's transcript is seeded with
 * `transcript` messages before the tabs open (posted through the sim's control API, as the bench's
 * main-thread line does).
 */
import type { CDPSession, Page } from 'playwright-core';
import type { MappingInput } from '../../lib/mapping/schema';
import { TSX_NAME_SHIM, waitFor } from '../bench/common';
import { appearedAt, installObserver, saveAll } from '../bench/latency';
import { type KeepAliveClient, pool } from '../bench/sim-http';
import { KUSTOMER_BENCH_MAPPINGS, kustomerHandoffText } from '../bench/workload';
import type { LoggedRequest } from '../sim/request-log';
import { SEED } from '../sim/seed';
import type { ExtensionBrowser } from '../support/chromium';
import { recordPath, type Stack } from '../support/stack';

export interface Conversation {
  name: string;
  platform: 'salesforce' | 'kustomer';
  org: string;
  /** The record the messages are posted to (a Case, a Kustomer conversation). */
  recordId: string;
  /** Where the "appears" time is taken (the tab index of its first tab). */
  measuredIn: number;
}

const acme = SEED.acme;
const globex = SEED.globex;
const K = SEED.kustomer;

export const CONVERSATIONS: Conversation[] = [
  {
    name: 'acme Case 1',
    platform: 'salesforce',
    org: acme.org,
    recordId: acme.cases[0].id,
    measuredIn: 0,
  },
  {
    name: 'acme Case 2',
    platform: 'salesforce',
    org: acme.org,
    recordId: acme.cases[1].id,
    measuredIn: 1,
  },
  {
    name: 'globex Case',
    platform: 'salesforce',
    org: globex.org,
    recordId: globex.cases[0].id,
    measuredIn: 3,
  },
  {
    name: 'Kustomer conversation',
    platform: 'kustomer',
    org: K.acme.org,
    recordId: K.ids.conversation1,
    measuredIn: 4,
  },
];

interface TabSpec {
  platform: 'salesforce' | 'kustomer';
  org: string;
  path: string;
}

const session2 = acme.sessions[1];
const TABS: TabSpec[] = [
  { platform: 'salesforce', org: acme.org, path: recordPath('Case', acme.cases[0].id) },
  { platform: 'salesforce', org: acme.org, path: recordPath('Case', acme.cases[1].id) },
  {
    platform: 'salesforce',
    org: acme.org,
    path: `${recordPath('MessagingSession', session2.id)}?ws=${encodeURIComponent(recordPath('Case', session2.caseId))}`,
  },
  { platform: 'salesforce', org: globex.org, path: recordPath('Case', globex.cases[0].id) },
  { platform: 'kustomer', org: K.acme.org, path: `/app/conversations/${K.ids.conversation1}` },
];

export const TAB_COUNT = TABS.length;

/** The soak's Salesforce mappings: six Case fields every handoff changes (valid in both orgs). */
const SALESFORCE_MAPPINGS: MappingInput[] = [
  ['Subject', 'Subject'],
  ['Description', 'Issue'],
  ['Account_Number__c', 'Account Number'],
  ['Order_Id__c', 'Order Id'],
  ['Chat_Summary__c', 'Summary'],
].map(([field, source]) => ({
  id: `soak-${field}`,
  platform: 'salesforce',
  object: 'Case',
  field: field as string,
  sources: [source as string],
  policy: 'overwrite',
}));

export async function saveWorkload(stack: Stack) {
  await saveAll(stack, [...SALESFORCE_MAPPINGS, ...KUSTOMER_BENCH_MAPPINGS]);
}

/** The value that tells handoff `n`'s write apart from every other's. */
export function mark(c: Conversation, n: number, nonce: string): string {
  return c.platform === 'salesforce'
    ? `Soak ${nonce} handoff ${n}`
    : `AC-${n}${nonce}`.toUpperCase();
}

function handoffText(c: Conversation, n: number, nonce: string): string {
  if (c.platform === 'kustomer') return kustomerHandoffText(n, nonce);
  return [
    "Thanks! I'm connecting you with an agent now.",
    '',
    '**Handoff context**',
    `Subject: ${mark(c, n, nonce)}`,
    `Issue: Parcel ${n} arrived damaged (${nonce})`,
    `Account Number: S${n}${nonce}`.slice(0, 30),
    `Order Id: A-${48_000 + n}-${nonce}`,
    `Summary: Replacement wanted, handoff ${n} ${nonce}`,
  ].join('\n');
}

/** A chat line without a colon (the echo check keeps lines with one). */
const CHAT = [
  'Hi, the parcel I got today is broken',
  'Sorry to hear that, let me have a look',
  'The box was crushed and the lamp inside too',
  'Thanks, one moment while I check the order',
];

const AUTHORS = {
  salesforce: ['end_user', 'agent'],
  kustomer: ['customer', 'agent'],
} as const;

/** Posts one message to a conversation through the sim's control API. */
export function post(
  http: KeepAliveClient,
  c: Conversation,
  author: string,
  text: string,
): Promise<{ entryId: string }> {
  return http.json('POST', '/__sim/messages', {
    ...(c.platform === 'kustomer' ? { platform: 'kustomer' } : {}),
    org: c.org,
    recordId: c.recordId,
    author,
    text,
  });
}

/** Seeds each conversation's transcript with `count` chat lines, before the tabs open. */
export async function seedTranscripts(http: KeepAliveClient, count: number) {
  for (const c of CONVERSATIONS) {
    const ks = Array.from({ length: count }, (_, k) => k);
    await pool(ks, 8, (k) =>
      post(http, c, AUTHORS[c.platform][k % 2] as string, `${CHAT[k % CHAT.length]} (#${k})`),
    );
  }
}

export interface Tab {
  page: Page;
  cdp: CDPSession;
}

/**
 * Opens the five tabs, each signed in through its console's login (as Stack.openConsole and
 * openDesktop do; the soak relaunches the browser under the same sim, which a Stack cannot), each
 * with the transcript observer of the latency line.
 */
export async function openTabs(browser: ExtensionBrowser, transcript: number): Promise<Tab[]> {
  await browser.context.addInitScript(TSX_NAME_SHIM);
  const tabs: Tab[] = [];
  for (const spec of TABS) {
    const page = await browser.context.newPage();
    const login =
      spec.platform === 'salesforce'
        ? `https://${spec.org}.my.salesforce.com/secur/frontdoor.jsp?retURL=${encodeURIComponent(spec.path)}`
        : `https://${spec.org}.kustomerapp.com/login?next=${encodeURIComponent(spec.path)}`;
    await page.goto(login);
    await page.locator('handoff-fields-widget').waitFor({ state: 'attached', timeout: 30_000 });
    await installObserver(page, spec.platform);
    tabs.push({ page, cdp: await browser.context.newCDPSession(page) });
  }
  // The first scan of each long transcript is not part of any handoff. (The Kustomer desktop
  // shows the newest ~30 of a conversation, as the real one does.)
  let counts: number[] = [];
  await waitFor(
    'the tabs to show their transcripts',
    async () => {
      counts = await Promise.all(tabs.map((t) => shownMessages(t.page)));
      return counts.every((n) => n >= Math.min(transcript, 20)) ? true : undefined;
    },
    60_000,
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (messages shown per tab: ${counts.join(', ')})`);
  });
  return tabs;
}

/** How many messages a tab shows (through open shadow roots). */
const shownMessages = (page: Page) =>
  page.evaluate(() => {
    let n = 0;
    const roots: Array<Document | ShadowRoot> = [document];
    while (roots.length > 0) {
      const root = roots.shift() as Document | ShadowRoot;
      n += root.querySelectorAll('li.slds-chat-listitem, [data-kt-id]').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return n;
  });

export interface Played {
  i: number;
  conversation: string;
  platform: 'salesforce' | 'kustomer';
  mark: string;
  /** Message appears → write stored (ms); NaN when it was not stored within WRITE_WAIT_MS (late or lost). */
  latencyMs: number;
  /** The first handoff after a worker stop or a browser restart: the worker starts cold. */
  cold: boolean;
  /** From its first chat line posted to its write found in the log (ms). */
  wallMs: number;
}

/** The write requests of a platform's org in the sim's log (one method, so the list stays short). */
export async function writesOf(http: KeepAliveClient, c: Pick<Conversation, 'platform' | 'org'>) {
  const method = c.platform === 'salesforce' ? 'PATCH' : 'PUT';
  const query = new URLSearchParams({ org: c.org, method, platform: c.platform });
  const { requests } = await http.json<{ requests: LoggedRequest[] }>(
    'GET',
    `/__sim/requests?${query}`,
  );
  return requests;
}

/** Whether a logged write carries handoff `markValue` (Subject, or the Kustomer account number). */
export function carries(r: LoggedRequest, markValue: string): boolean {
  const body = (r.body ?? {}) as { Subject?: unknown; custom?: { accountNumberStr?: unknown } };
  return body.Subject === markValue || body.custom?.accountNumberStr === markValue;
}

/** How long a handoff's write is waited for before the next handoff starts. */
export const WRITE_WAIT_MS = 15_000;

/** One handoff: a few chat lines, the bot's message, and its write stored in the sim. */
export async function playHandoff(
  http: KeepAliveClient,
  tabs: Tab[],
  i: number,
  nonce: string,
  cold: boolean,
): Promise<Played> {
  const c = CONVERSATIONS[i % CONVERSATIONS.length] as Conversation;
  const t0 = Date.now();
  for (const [k, line] of CHAT.entries()) {
    await post(http, c, AUTHORS[c.platform][k % 2] as string, `${line} (${i}.${k})`);
  }
  const value = mark(c, i, nonce);
  const { entryId } = await post(http, c, 'bot', handoffText(c, i, nonce));
  // A write not stored within WRITE_WAIT_MS is marked late and the day goes on; the log at the end
  // says whether it came after all (late) or never (lost).
  const write = await waitFor(
    `the write of handoff ${i} (${c.name})`,
    async () =>
      (await writesOf(http, c)).find((r) => r.status >= 200 && r.status < 300 && carries(r, value)),
    WRITE_WAIT_MS,
    50,
  ).catch(() => undefined);
  const base = {
    i,
    conversation: c.name,
    platform: c.platform,
    mark: value,
    cold,
    wallMs: Date.now() - t0,
  };
  if (!write) return { ...base, latencyMs: Number.NaN };
  const tab = tabs[c.measuredIn] as Tab;
  const appeared = await appearedAt(tab.page, entryId);
  return { ...base, latencyMs: Date.parse(write.time) - appeared };
}
