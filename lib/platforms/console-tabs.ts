/**
 * Which browser tabs are a platform's console, and whose org they show: "Import fields" starts from
 * them; and the console address that opens a record (the QA journal's links). Each adapter knows
 * its own addresses; this only dispatches.
 */
import { orgFromConsoleUrl as kustomerOrg, recordUrl as kustomerRecordUrl } from './kustomer/url';
import {
  orgFromConsoleUrl as salesforceOrg,
  recordUrl as salesforceRecordUrl,
} from './salesforce/url';
import type { PlatformId, RecordRef } from './types';

/** The match patterns of the console pages, as `browser.tabs.query({url})` takes them. */
export const consoleTabPatterns: Record<PlatformId, string[]> = {
  salesforce: ['https://*.lightning.force.com/*'],
  kustomer: ['https://*.kustomerapp.com/app/*'],
};

const orgOf: Record<PlatformId, (url: string) => string | null> = {
  salesforce: salesforceOrg,
  kustomer: kustomerOrg,
};

/**
 * The org a console address belongs to: `acme` for `https://acme.lightning.force.com/…` or
 * `https://acme.kustomerapp.com/app/…`; `acme--uat.sandbox` for a sandbox. Null for anything else
 * (another host, Kustomer's API host, a name the platform never gives an org).
 */
export function orgFromConsoleUrl(platform: PlatformId, url: string): string | null {
  return orgOf[platform](url);
}

const recordUrlOf: Record<PlatformId, (record: RecordRef) => string | null> = {
  salesforce: salesforceRecordUrl,
  kustomer: kustomerRecordUrl,
};

/**
 * The console address that opens a record (a Salesforce record page, a Kustomer conversation or
 * customer), or null when the record's parts are not ones the platform gives.
 */
export function recordUrl(record: RecordRef): string | null {
  return Object.hasOwn(recordUrlOf, record.platform) ? recordUrlOf[record.platform](record) : null;
}
