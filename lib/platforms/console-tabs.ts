/**
 * Which browser tabs are a platform's console, and whose org they show: "Import fields" starts from
 * them; and the console address that opens a record (the QA journal's links). Each platform's
 * descriptor knows its own addresses (`PlatformDescriptor.console`); these ask the registry.
 */
import { isPlatformId, type PlatformId, platformDescriptor } from './descriptor-registry';
import type { RecordRef } from './types';

/**
 * The match patterns of a platform's console pages, as `browser.tabs.query({url})` takes them; an
 * id that is not registered throws (UnknownPlatformError).
 */
export function consoleTabPatterns(platform: PlatformId): string[] {
  return [...platformDescriptor(platform).console.matches];
}

/**
 * The org a console address belongs to: `acme` for `https://acme.lightning.force.com/…` or
 * `https://acme.kustomerapp.com/app/…`; `acme--uat.sandbox` for a sandbox. Null for anything else
 * (another host, Kustomer's API host, a name the platform never gives an org).
 */
export function orgFromConsoleUrl(platform: PlatformId, url: string): string | null {
  return platformDescriptor(platform).console.orgFromUrl(url);
}

/** The orgs of the open console tabs, each once, in the order the tabs came. */
export function orgsFromUrls(platform: PlatformId, urls: readonly string[]): string[] {
  const orgs = urls
    .map((url) => orgFromConsoleUrl(platform, url))
    .filter((org): org is string => org !== null);
  return [...new Set(orgs)];
}

/**
 * The console address that opens a record (a Salesforce record page, a Kustomer conversation or
 * customer), or null when the record's parts are not ones the platform gives — or its platform is
 * no longer registered (the journal keeps what a page once said).
 */
export function recordUrl(record: RecordRef): string | null {
  return isPlatformId(record.platform)
    ? platformDescriptor(record.platform).console.recordUrl(record)
    : null;
}
