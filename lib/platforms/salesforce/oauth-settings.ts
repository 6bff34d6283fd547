/**
 * The settings key `salesforceOAuth` (a settings-file contract: its name and format stay): how the
 * background signs in to orgs that refuse the browser's cookie session on their REST API (API
 * Access Control), through OAuth 2.0 with PKCE against each org's own External Client App.
 *
 * - `mode`: `cookie-first` (default) tries the agent's cookie session and offers **Connect
 *   Salesforce** only where the org refuses it; `oauth-only` never uses the cookie session for the
 *   API (a policy may set it).
 * - `apps`: per org (the My Domain name as in `acme.lightning.force.com`: `acme`,
 *   `acme--uat.sandbox`), the consumer key of that org's External Client App. A consumer key is
 *   public (it rides in the authorize URL); no consumer secret is ever asked for, as a browser
 *   extension cannot keep one.
 */
import { z } from 'zod';

export const SALESFORCE_OAUTH_APPS_MAX = 50;

/** My Domain names, as the Lightning host names them (lib/platforms/salesforce/url.ts). */
const MY_DOMAIN_ORG =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?$/;

export const SalesforceOAuthMode = z.enum(['cookie-first', 'oauth-only'], {
  error: 'salesforceOAuth.mode must be "cookie-first" or "oauth-only"',
});
export type SalesforceOAuthMode = z.infer<typeof SalesforceOAuthMode>;

export const SalesforceOAuthApp = z.strictObject({
  org: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      MY_DOMAIN_ORG,
      'name the org as in its console address: acme for acme.lightning.force.com, acme--uat.sandbox for a sandbox',
    ),
  consumerKey: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9._-]{20,255}$/,
      "paste the External Client App's consumer key (letters, digits, dots and underscores, 20 characters or more)",
    ),
});
export type SalesforceOAuthApp = z.infer<typeof SalesforceOAuthApp>;

export const SalesforceOAuthSettings = z
  .strictObject({
    mode: SalesforceOAuthMode.default('cookie-first'),
    apps: z
      .array(SalesforceOAuthApp)
      .max(SALESFORCE_OAUTH_APPS_MAX)
      .default([])
      .superRefine((apps, ctx) => {
        const seen = new Map<string, number>();
        apps.forEach((app, i) => {
          const earlier = seen.get(app.org);
          if (earlier !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'org'],
              message: `${app.org} is already listed as salesforceOAuth.apps[${earlier}]: one consumer key per org`,
            });
          } else seen.set(app.org, i);
        });
      }),
  })
  .prefault({});
export type SalesforceOAuthSettings = z.infer<typeof SalesforceOAuthSettings>;

/** The consumer key set for `org`, or null. */
export const consumerKeyFor = (settings: SalesforceOAuthSettings, org: string): string | null =>
  settings.apps.find((app) => app.org === org.toLowerCase())?.consumerKey ?? null;
