import { z } from 'zod';

export const ContextValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ContextValue = z.infer<typeof ContextValue>;
export type ContextValues = Record<string, ContextValue>;

export type ContextForm = 'signed' | 'json' | 'key-value';

/**
 * Where a context came from (docs/context-sources.md): a chat message the content script read, a message from the
 * platform's API (Kustomer), a `window.postMessage` from an allowed origin, or a record field the
 * admin chose. Every journal entry records it; trust depends on it (docs/context-sources.md).
 */
export type ContextSource = 'transcript' | 'api-messages' | 'post-message' | 'record-field';

/**
 * Why a found context is refused before any trust decision: it only pretends to be the bot's own
 * block — someone else's quoted text, an imitation with lookalike characters, or an object inside
 * a sentence (a greeting that echoes a name the customer chose).
 */
export type Spoof = 'quoted' | 'lookalike' | 'inline';

/**
 * What the parser found in one message. It never throws: hostile or broken input yields
 * `{ found: true, ok: false, error }` with a message an agent or admin can act on.
 */
export type ParsedContext =
  | { found: false }
  | {
      found: true;
      ok: true;
      form: 'json' | 'key-value';
      values: ContextValues;
      /** The block's own text (the pairs, or the object's source): what an echo check compares. */
      block: string;
      /** Keys left out (reserved, invalid, beyond a limit), one sentence each; absent when none. */
      dropped?: string[];
    }
  | { found: true; ok: true; form: 'signed'; token: string }
  | { found: true; ok: false; form: ContextForm | null; error: string; spoof?: Spoof };
