import type { RecordRef } from './types';

/**
 * One string per record, for maps and IndexedDB indexes. Kept apart from types.ts so the content
 * script can use it without pulling zod into its bundle.
 */
export const recordKey = (r: RecordRef): string => `${r.platform}:${r.org}:${r.object}:${r.id}`;

/**
 * A message id the transcript readers made up from the message's position and length, because the
 * page gave none (`pos-3-120`): not stable across re-renders, so it cannot tell an edit.
 */
export const isPositionalId = (messageId: string): boolean => messageId.startsWith('pos-');
