/**
 * Conversation messages from the API (`GET /v1/conversations/{id}/messages`, docs/context-sources.md) as
 * candidate messages: `{type: 'message', id, attributes: {channel, app, direction, directionType,
 * preview, body, meta, auto, createdAt}, relationships: {createdBy: {data: {id}}}}`, a page being
 * `{data: [...], links: {next}}`.
 */
import { z } from 'zod';
import { htmlToText, looksLikeHtml } from '../../context/html-text';
import type { Author, CandidateMessage } from '../types';

const MAX_TEXT = 70_000;
const MAX_ID = 200;

const Relationship = z.object({ data: z.object({ id: z.string().nullish() }).nullish() }).nullish();

/** Only what attribution and text need; every other key of the message is ignored. */
export const KustomerApiMessage = z.object({
  type: z.literal('message').optional(),
  id: z.string().min(1).max(MAX_ID),
  attributes: z.object({
    channel: z.string().nullish().catch(undefined),
    app: z.string().nullish().catch(undefined),
    direction: z.string().nullish().catch(undefined),
    directionType: z.string().nullish().catch(undefined),
    preview: z.string().nullish().catch(undefined),
    body: z.string().nullish().catch(undefined),
    auto: z.boolean().nullish().catch(undefined),
    createdAt: z.string().nullish().catch(undefined),
  }),
  relationships: z
    .object({ createdBy: Relationship.catch(undefined) })
    .nullish()
    .catch(undefined),
});
export type KustomerApiMessage = z.infer<typeof KustomerApiMessage>;

export const KustomerMessagesPage = z.object({
  data: z.array(z.unknown()),
  links: z
    .object({ next: z.string().nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
});

/**
 * The app Kustomer's own AI agent (Customer Assist) posts as. *Unverified*: the value is this
 * project's assumption (platform-facts: Kustomer API, Messages); admins add the apps their bots
 * post as in the settings (`kustomerBotApps`).
 */
export const CUSTOMER_ASSIST_APPS: readonly string[] = ['kustomer-assist'];

/**
 * Who wrote a message. *Unverified* (platform-facts): the API does not say how a bot's message is
 * told apart from an agent's, so the whole guess lives here. Inbound is the customer. Outbound is
 * the bot only when it comes from Customer Assist or from a bot app the admin listed (`botApps`):
 * `auto` alone proves nothing, since a workflow's automatic reply — which may quote the customer —
 * is automatic too, and counts as `system`. Any other outbound message is an agent's.
 */
export function authorOfApiMessage(
  message: KustomerApiMessage,
  botApps: readonly string[] = [],
): Author {
  return readingOfApiMessage(message, botApps).author;
}

/** The author, and the API's words that decided it (`direction out · app kustomer-assist`). */
export function readingOfApiMessage(
  message: KustomerApiMessage,
  botApps: readonly string[] = [],
): { author: Author; basis: string } {
  const a = message.attributes;
  if (a.direction === 'in') return { author: 'customer', basis: 'direction in' };
  if (a.direction !== 'out') return { author: 'unknown', basis: 'no direction' };
  const app = (a.app ?? '').toLowerCase();
  const appWords = app ? ` · app ${app.slice(0, 60)}` : '';
  if (app && [...CUSTOMER_ASSIST_APPS, ...botApps].some((b) => b.toLowerCase() === app)) {
    return { author: 'bot', basis: `direction out${appWords} (a bot app)` };
  }
  return a.auto === true
    ? { author: 'system', basis: `direction out${appWords} · auto` }
    : { author: 'agent', basis: `direction out${appWords}` };
}

/** One API message as a candidate; null when it is not a message or has no text. */
export function candidateFromApiMessage(
  message: unknown,
  botApps?: readonly string[],
): CandidateMessage | null {
  const parsed = KustomerApiMessage.safeParse(message);
  if (!parsed.success) return null;
  const m = parsed.data;
  const body = m.attributes.body;
  const text = (body?.trim() ? readableBody(body) : (m.attributes.preview ?? '')).slice(
    0,
    MAX_TEXT,
  );
  if (!text.trim()) return null;
  return { platformMessageId: m.id, ...readingOfApiMessage(m, botApps), text };
}

/**
 * An e-mail's body comes as HTML: read as the desktop shows it, quoted parts marked (`> `), so a
 * context inside a quoted reply is refused here as it is on the page.
 */
function readableBody(body: string): string {
  return looksLikeHtml(body) ? htmlToText(body.slice(0, MAX_TEXT * 4)) : body;
}

/** Every candidate of a messages page, in page order; an unreadable page gives none. */
export function candidatesFromPage(json: unknown, botApps?: readonly string[]): CandidateMessage[] {
  const page = KustomerMessagesPage.safeParse(json);
  if (!page.success) return [];
  const out: CandidateMessage[] = [];
  for (const item of page.data.data) {
    const candidate = candidateFromApiMessage(item, botApps);
    if (candidate) out.push(candidate);
  }
  return out;
}

/**
 * The next page's path (`/v1/conversations/…/messages?page=2`), or null on the last page. An
 * absolute link is kept only on a Kustomer API host and reduced to its path: the caller sends it
 * with the agent's credentials, so a link elsewhere is never followed.
 */
export function nextPage(json: unknown): string | null {
  const page = KustomerMessagesPage.safeParse(json);
  const next = page.success ? page.data.links?.next?.trim() : undefined;
  if (!next) return null;
  if (next.startsWith('/') && !next.startsWith('//') && !next.includes('\\')) return next;
  try {
    const url = new URL(next);
    const host = url.hostname.toLowerCase();
    const apiHost = host === 'api.kustomerapp.com' || host.endsWith('.api.kustomerapp.com');
    return url.protocol === 'https:' && apiHost ? `${url.pathname}${url.search}` : null;
  } catch {
    return null;
  }
}
