/**
 * Kustomer as the background uses it: the descriptor (./descriptor.ts) plus the API
 * client — as the signed-in agent, or with the org's API key where the org refuses the session
 * (./auth.ts) — the bot apps the admin listed (settings `kustomerBotApps`, ./bot-apps.ts), and the
 * reading of saved metadata (./catalog.ts).
 */
import type { Platform } from '../platform';
import { kustomerClient } from './api';
import { kustomerAuditPace } from './audit';
import { kustomerApiKeyName, kustomerAuth } from './auth';
import { metadataFormat } from './catalog';
import { kustomerDescriptor } from './descriptor';

const API_KEY_NAME = /^kustomer:([^:]+):api-key$/;

export const kustomer: Platform = {
  ...kustomerDescriptor,
  catalog: metadataFormat,
  auditPace: kustomerAuditPace,
  apiKeys: {
    secretName: kustomerApiKeyName,
    orgOf: (name) => API_KEY_NAME.exec(name)?.[1] ?? null,
  },
  createClient: ({ cookies, secrets, fetch, settings }) =>
    kustomerClient({
      auth: kustomerAuth(cookies, secrets),
      fetch,
      botApps: async () => (await settings()).kustomerBotApps,
    }),
};
