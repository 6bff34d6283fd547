/**
 * Conversation messages from the API (`GET /v1/conversations/{id}/messages`, DESIGN §5) as
 * candidate messages: `{type: 'message', id, attributes: {channel, app, direction, directionType,
 * preview, body, meta, auto, createdAt}, relationships: {createdBy: {data: {id}}}}`, a page being
 * `{data: [...], links: {next}}`.
 */
import { z } from 'zod';
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

/** The app Kustomer's own AI agent (Customer Assist) posts as. */
const ASSIST_APPS = new Set(['kustomer-assist']);

/**
 * Who wrote a message. *Unverified* (platform-facts): the API does not say how a bot's message is
 * told apart from an agent's, so the whole guess lives here. Inbound is the customer; outbound is
 * the bot when it was generated automatically (`auto`), posted by Customer Assist, or created by
 * a user the admin listed as a bot; any other outbound message is an agent's.
 */
export function authorOfApiMessage(
  message: KustomerApiMessage,
  botUserIds: ReadonlySet<string> = new Set(),
): Author {
  const a = message.attributes;
  if (a.direction === 'in') return 'customer';
  if (a.direction !== 'out') return 'unknown';
  const createdBy = message.relationships?.createdBy?.data?.id ?? undefined;
  const isBot =
    a.auto === true ||
    ASSIST_APPS.has((a.app ?? '').toLowerCase()) ||
    (createdBy !== undefined && botUserIds.has(createdBy));
  return isBot ? 'bot' : 'agent';
}

/** One API message as a candidate; null when it is not a message or has no text. */
export function candidateFromApiMessage(
  message: unknown,
  botUserIds?: ReadonlySet<string>,
): CandidateMessage | null {
  const parsed = KustomerApiMessage.safeParse(message);
  if (!parsed.success) return null;
  const m = parsed.data;
  const body = m.attributes.body;
  const text = (body?.trim() ? body : (m.attributes.preview ?? '')).slice(0, MAX_TEXT);
  if (!text.trim()) return null;
  return { platformMessageId: m.id, author: authorOfApiMessage(m, botUserIds), text };
}

/** Every candidate of a messages page, in page order; an unreadable page gives none. */
export function candidatesFromPage(
  json: unknown,
  botUserIds?: ReadonlySet<string>,
): CandidateMessage[] {
  const page = KustomerMessagesPage.safeParse(json);
  if (!page.success) return [];
  const out: CandidateMessage[] = [];
  for (const item of page.data.data) {
    const candidate = candidateFromApiMessage(item, botUserIds);
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
