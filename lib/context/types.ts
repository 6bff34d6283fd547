import { z } from 'zod';

export const ContextValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ContextValue = z.infer<typeof ContextValue>;
export type ContextValues = Record<string, ContextValue>;

export type ContextForm = 'signed' | 'json' | 'key-value';

/**
 * What the parser found in one message. It never throws: hostile or broken input yields
 * `{ found: true, ok: false, error }` with a message an agent or admin can act on.
 */
export type ParsedContext =
  | { found: false }
  | { found: true; ok: true; form: 'json' | 'key-value'; values: ContextValues }
  | { found: true; ok: true; form: 'signed'; token: string }
  | { found: true; ok: false; form: ContextForm | null; error: string };
