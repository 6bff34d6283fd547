/**
 * "Import fields" starts from the console tabs the admin has open: their addresses name the org.
 * The extension's host permissions let it read the address of those tabs (and only those), so no
 * `tabs` permission is needed. Which addresses are consoles is the adapters' knowledge.
 */
import { orgFromConsoleUrl } from '../../lib/platforms/console-tabs';
import type { PlatformId } from '../../lib/platforms/types';

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
