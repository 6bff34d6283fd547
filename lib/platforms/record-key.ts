import type { RecordRef } from './types';

/**
 * One string per record, for maps and IndexedDB indexes. Kept apart from types.ts so the content
 * script can use it without pulling zod into its bundle.
 */
export const recordKey = (r: RecordRef): string => `${r.platform}:${r.org}:${r.object}:${r.id}`;
