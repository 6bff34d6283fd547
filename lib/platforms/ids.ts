/**
 * The registered platforms' ids and names, as plain values the extension's pages read without
 * loading zod: views of the registry (content-registry.ts), kept up to date by it.
 */
export { type PlatformId, platformIds, platformNames } from './content-registry';
