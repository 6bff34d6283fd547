/**
 * "Import fields" starts from the console tabs the admin has open: their addresses name the org.
 * The extension's host permissions let it read the address of those tabs (and only those), so no
 * `tabs` permission is needed. Which addresses are consoles each platform's descriptor knows.
 */
import { type PlatformId, platformDescriptor } from '../../lib/platforms/descriptor-registry';

/** The orgs of the open tabs, each once, in the order the tabs came. */
export function orgsFromUrls(platform: PlatformId, urls: readonly string[]): string[] {
  const orgs = urls
    .map((url) => platformDescriptor(platform).console.orgFromUrl(url))
    .filter((org): org is string => org !== null);
  return [...new Set(orgs)];
}
