/**
 * The platforms Handoff Fields supports and their names, as plain values: the extension's pages
 * read them without loading zod (the schemas in ./types build on the ids).
 */
export const platformIds = ['salesforce', 'kustomer'] as const;
export type PlatformId = (typeof platformIds)[number];

/** Each platform's name as the extension's pages show it. */
export const platformNames: Record<PlatformId, string> = {
  salesforce: 'Salesforce',
  kustomer: 'Kustomer',
};
