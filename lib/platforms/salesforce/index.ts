/**
 * Salesforce as the background uses it: the descriptor (./descriptor.ts) plus the REST
 * client, which authenticates as the signed-in agent with the session cookie (./session.ts), and
 * the reading of a saved describe (./catalog.ts).
 */
import type { Platform } from '../platform';
import { salesforceClient } from './api';
import { salesforceAuditPace } from './audit';
import { describeFormat } from './catalog';
import { salesforceDescriptor } from './descriptor';
import { salesforceSessions } from './session';

export const salesforce: Platform = {
  ...salesforceDescriptor,
  catalog: describeFormat,
  auditPace: salesforceAuditPace,
  createClient: ({ cookies, fetch }) => salesforceClient(salesforceSessions(cookies), fetch),
};
