/**
 * Salesforce as the background uses it: the content-safe descriptor (./content.ts) plus the REST
 * client, which authenticates as the signed-in agent with the session cookie (./session.ts), and
 * the reading of a saved describe (./catalog.ts).
 */
import type { Platform } from '../platform';
import { salesforceClient } from './api';
import { describeFormat } from './catalog';
import { salesforceContent } from './content';
import { salesforceSessions } from './session';

export const salesforce: Platform = {
  ...salesforceContent,
  catalog: describeFormat,
  createClient: ({ cookies, fetch }) => salesforceClient(salesforceSessions(cookies), fetch),
};
