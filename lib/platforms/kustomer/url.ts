/**
 * Kustomer agent-desktop URLs and ids (platform-facts: Agent desktop, API): which conversation a
 * page shows, and the API host of an org.
 */

export interface KustomerConversationLocation {
  /** The org name as in the host name: `acme` for `acme.kustomerapp.com`. */
  org: string;
  conversationId: string;
  /** Present when the URL shows the conversation inside its customer's timeline. */
  customerId?: string;
}

const APP_SUFFIX = '.kustomerapp.com';
const API_SUFFIX = '.api.kustomerapp.com';
/** One DNS label: letters, digits and inner hyphens, at most 63 characters (lowercase, as URL gives hosts). */
const ORG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Host labels under kustomerapp.com that are Kustomer's own services, never an org's desktop. */
const RESERVED_ORGS = new Set(['api', 'www']);
/** Kustomer ids are MongoDB object ids: 24 lowercase hex digits. */
const ID = /^[0-9a-f]{24}$/;

export function isKustomerId(id: string): boolean {
  return ID.test(id);
}

/**
 * The conversation an agent-desktop URL shows:
 * `/app/customers/{customerId}/event/{conversationId}` or `/app/conversations/{conversationId}`,
 * either with trailing segments, query or fragment. Anything else (another host, the API host, a
 * customer page without a conversation, an id that is not 24 lowercase hex digits) is null.
 */
export function conversationFromUrl(url: string): KustomerConversationLocation | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  const org = orgFromAppHost(parsed.hostname);
  if (!org) return null;
  const parts = parsed.pathname.split('/');
  // ['', 'app', 'customers', customerId, 'event', conversationId, ...]
  if (parts[1] !== 'app') return null;
  if (parts[2] === 'customers' && parts[4] === 'event') {
    const customerId = parts[3] ?? '';
    const conversationId = parts[5] ?? '';
    if (!isKustomerId(customerId) || !isKustomerId(conversationId)) return null;
    return { org, conversationId, customerId };
  }
  if (parts[2] === 'conversations') {
    const conversationId = parts[3] ?? '';
    return isKustomerId(conversationId) ? { org, conversationId } : null;
  }
  return null;
}

/** The desktop's path per record object: a conversation opens on its own, a customer in its timeline. */
const APP_PATHS: Record<string, string> = {
  conversation: 'conversations',
  customer: 'customers',
};

/**
 * The agent-desktop address that opens a record: `https://<org>.kustomerapp.com/app/conversations/<id>`
 * or `…/app/customers/<id>` (the QA journal links every handoff to it). Null for another object, an
 * org that is not a single host label, or an id that is not a Kustomer id.
 */
export function recordUrl(record: { org: string; object: string; id: string }): string | null {
  const org = record.org.toLowerCase();
  const path = Object.hasOwn(APP_PATHS, record.object) ? APP_PATHS[record.object] : undefined;
  if (!path || !isOrgName(org) || !isKustomerId(record.id)) return null;
  return `https://${org}${APP_SUFFIX}/app/${path}/${record.id}`;
}

/** The org of an agent-desktop address (`https://<org>.kustomerapp.com/app/…`), or null. */
export function orgFromConsoleUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || !parsed.pathname.startsWith('/app')) return null;
    return orgFromAppHost(parsed.hostname);
  } catch {
    return null;
  }
}

function orgFromAppHost(host: string): string | null {
  const lower = host.toLowerCase();
  if (!lower.endsWith(APP_SUFFIX)) return null;
  const org = lower.slice(0, -APP_SUFFIX.length);
  // A single label only: `acme.api.kustomerapp.com` (two labels) is the API, not the desktop.
  return isOrgName(org) ? org : null;
}

function isOrgName(org: string): boolean {
  return ORG.test(org) && !RESERVED_ORGS.has(org);
}

/**
 * The API host of an org: `acme` → `acme.api.kustomerapp.com`. Throws for anything that is not a
 * single host label: the result goes into a URL that carries the agent's session, so no crafted
 * org (`evil.example/x`, `a.b`, `x@y`) may become another host.
 */
export function apiHostForOrg(org: string): string {
  const lower = org.toLowerCase();
  if (!isOrgName(lower)) throw new Error(`'${org.slice(0, 100)}' is not a Kustomer org name`);
  return `${lower}${API_SUFFIX}`;
}

/** The console pages: the id their records carry and the addresses the content script runs on. */
export const kustomerConsole = {
  id: 'kustomer',
  matches: ['https://*.kustomerapp.com/app/*'],
  // The API host is under kustomerapp.com too, and never the desktop.
  excludeMatches: ['https://*.api.kustomerapp.com/*'],
} as const;
