/**
 * The platforms Handoff Fields supports, as plain values: the extension's pages read them without
 * loading zod (the schemas in ./types build on them).
 */
export const platformIds = ['salesforce', 'kustomer'] as const;
export type PlatformId = (typeof platformIds)[number];
