/**
 * "Import fields" starts from the console tabs the admin has open: their addresses name the org.
 * The extension's host permissions let it read the address of those tabs (and only those), so no
 * `tabs` permission is needed.
 */
import { apiHostForOrg } from '../../lib/platforms/kustomer/url';
import { myDomainHostForOrg } from '../../lib/platforms/salesforce/url';
import type { PlatformId } from '../../lib/platforms/types';

/** The match patterns of the console pages, as `browser.tabs.query({url})` takes them. */
export const consoleTabPatterns: Record<PlatformId, string[]> = {
  salesforce: ['https://*.lightning.force.com/*'],
  kustomer: ['https://*.kustomerapp.com/app/*'],
};

const SUFFIX: Record<PlatformId, string> = {
  salesforce: '.lightning.force.com',
  kustomer: '.kustomerapp.com',
};

/**
 * The org a console address belongs to: `acme` for `https://acme.lightning.force.com/…` or
 * `https://acme.kustomerapp.com/app/…`; `acme--uat.sandbox` for a sandbox. Null for anything else
 * (another host, Kustomer's API host, a name the platform never gives an org).
 */
export function orgFromConsoleUrl(platform: PlatformId, url: string): string | null {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return null;
    if (platform === 'kustomer' && !parsed.pathname.startsWith('/app')) return null;
    host = parsed.hostname.toLowerCase();
  } catch {
    return null;
  }
  const suffix = SUFFIX[platform];
  if (!host.endsWith(suffix)) return null;
  const org = host.slice(0, -suffix.length);
  try {
    // The same checks the background makes before a host goes into a URL that carries a session.
    if (platform === 'salesforce') myDomainHostForOrg(org);
    else apiHostForOrg(org);
  } catch {
    return null;
  }
  return org;
}

/** The orgs of the open tabs, each once, in the order the tabs came. */
export function orgsFromUrls(platform: PlatformId, urls: readonly string[]): string[] {
  const orgs = urls
    .map((url) => orgFromConsoleUrl(platform, url))
    .filter((org): org is string => org !== null);
  return [...new Set(orgs)];
}

/** What to say when no console tab of the platform is open. */
export const noConsoleMessage: Record<PlatformId, string> = {
  salesforce:
    'No Salesforce console tab is open: open the Service Console in this browser (signed in), then press Import fields again — or paste a describe below.',
  kustomer:
    'No Kustomer tab is open: open Kustomer in this browser (signed in), then press Import fields again — or paste the metadata below.',
};
