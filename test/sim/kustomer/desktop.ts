/**
 * The simulated Kustomer agent desktop page (HTML with the app script and styles inlined) and the
 * data it loads from the sim: the conversation list and a conversation's timeline. Attribute values
 * come from the API, as the real web app gets them (see desktop-app.js).
 */
import { readFileSync } from 'node:fs';
import { RICH_BODY_SCRIPT } from '../rich-body';
import type { KConversation, KOrgState, TimelineItem } from './store';

const CSS = readFileSync(new URL('./desktop.css', import.meta.url), 'utf8');
const APP = readFileSync(new URL('./desktop-app.js', import.meta.url), 'utf8');

/** Messages the timeline keeps in the DOM (older ones are only in the API). */
export const TIMELINE_WINDOW = 25;

export interface ConversationSummary {
  id: string;
  customerId: string;
  customerName: string;
  name: string;
  status: string;
  preview: string;
  time: string;
  path: string;
}

export function desktopSummary(org: KOrgState): ConversationSummary[] {
  return [...org.conversations.values()].map((c) => {
    const last = (org.timelines.get(c.id) ?? []).filter((i) => i.kind === 'message').at(-1);
    return {
      id: c.id,
      customerId: c.customerId,
      customerName: org.customers.get(c.customerId)?.name ?? 'Customer',
      name: c.name,
      status: c.status,
      preview: last ? last.text.slice(0, 80) : '',
      time: last?.time ?? c.createdAt,
      path: `/app/customers/${c.customerId}/event/${c.id}`,
    };
  });
}

export interface DesktopTimeline {
  conversationId: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  name: string;
  status: string;
  /** Every item; the page renders the last TIMELINE_WINDOW messages (and the events among them). */
  items: TimelineItem[];
}

export function timelineOf(org: KOrgState, c: KConversation): DesktopTimeline {
  const customer = org.customers.get(c.customerId);
  return {
    conversationId: c.id,
    customerId: c.customerId,
    customerName: customer?.name ?? 'Customer',
    customerEmail: customer?.email ?? '',
    name: c.name,
    status: c.status,
    items: [...(org.timelines.get(c.id) ?? [])],
  };
}

export interface DesktopBoot {
  org: KOrgState;
  apiOrigin: string;
  conversation: KConversation | undefined;
  notFound: boolean;
  seq: number;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function desktopPage(boot: DesktopBoot): string {
  const { org } = boot;
  const agent = org.users.get(org.seed.users.agent.id);
  const data = {
    org: org.handle,
    orgName: org.displayName,
    apiOrigin: boot.apiOrigin,
    user: agent ? { id: agent.id, name: agent.name } : null,
    window: TIMELINE_WINDOW,
    conversations: desktopSummary(org),
    current: boot.conversation ? timelineOf(org, boot.conversation) : null,
    notFound: boot.notFound,
    seq: boot.seq,
  };
  const title = boot.conversation ? `${boot.conversation.name} | Kustomer` : 'Kustomer';
  return `<!DOCTYPE html>
<html lang="en" data-org="${escapeHtml(org.handle)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<div id="root"></div>
<script type="application/json" id="kt-boot">${scriptJson(data)}</script>
<script>${RICH_BODY_SCRIPT}
${APP}</script>
</body>
</html>
`;
}
