/**
 * Context sources other than a chat message (docs/context-sources.md):
 *
 * - **postMessage**: `{type: "handoff-fields/context", version: 1, conversationId, context}` from a
 *   frame on the console page whose origin the admin allowed exactly. `context` is a string in any
 *   of the three forms.
 * - **record field**: the value of a field the admin chose, holding a context in any form.
 *
 * Both hold *only* a context, so besides the chat forms a bare signed token or a bare JSON object is
 * read as one (a hidden pre-chat field rarely has room for a marker line). Background only (zod).
 */
import { z } from 'zod';
import { cut, fmt } from '../text/format';
import { parseContext } from './parse';
import type { ParsedContext } from './types';

export const POST_MESSAGE_TYPE = 'handoff-fields/context';

/** The limit of a chat message (CandidateMessage); the parser refuses contexts over 64 KiB. */
const MAX_CONTEXT_CHARS = 70_000;

export const PostMessagePayload = z.strictObject({
  type: z.literal(POST_MESSAGE_TYPE),
  version: z.literal(1),
  conversationId: z.string().min(1).max(200),
  context: z.string().min(1).max(MAX_CONTEXT_CHARS),
});
export type PostMessagePayload = z.infer<typeof PostMessagePayload>;

export type PostMessageCheck =
  | { ok: true; payload: PostMessagePayload }
  | { ok: false; problem: string };

/** Validates a relayed `event.data`; the problem is a short phrase naming the member at fault. */
export function checkPostMessage(data: unknown): PostMessageCheck {
  const parsed = PostMessagePayload.safeParse(data);
  if (parsed.success) return { ok: true, payload: parsed.data };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problem: 'the message is not an object' };
  }
  const issue = parsed.error.issues[0];
  const member = issue?.path[0];
  const got =
    member === undefined ? undefined : (data as Record<string, unknown>)[member as string];
  if (issue?.code === 'unrecognized_keys') {
    return {
      ok: false,
      problem: `it has members the format does not know (${issue.keys
        .slice(0, 5)
        .map((k) => `"${k.slice(0, 40)}"`)
        .join(', ')})`,
    };
  }
  switch (member) {
    case 'type':
      return { ok: false, problem: `its type is not "${POST_MESSAGE_TYPE}"` };
    case 'version':
      return {
        ok: false,
        problem: `its version is ${got === undefined ? 'missing' : asWritten(got)}; this extension reads version 1`,
      };
    case 'conversationId':
      return {
        ok: false,
        problem:
          got === undefined
            ? 'it does not say which conversation it belongs to (conversationId)'
            : 'its conversationId is not an id (a text of 1 to 200 characters)',
      };
    case 'context':
      return {
        ok: false,
        problem:
          typeof got === 'string' && got.length > MAX_CONTEXT_CHARS
            ? `its context has ${fmt(got.length)} characters; the limit is ${fmt(MAX_CONTEXT_CHARS)}`
            : 'its context is missing or is not a text (a context in any of the three forms)',
      };
    default:
      return { ok: false, problem: 'it does not match the handoff-fields/context format' };
  }
}

/** A payload field as the bot wrote it (a text in double quotes, anything else as JSON), cut. */
function asWritten(value: unknown): string {
  return cut(typeof value === 'string' ? `"${value}"` : String(JSON.stringify(value)), 40);
}

/** Three base64url parts: a JWS in compact form. The classes exclude `.`, so no backtracking. */
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Reads a value that holds nothing but a context (a postMessage's `context`, a record field): the
 * chat forms, or a bare signed token, or a bare JSON object of values.
 */
export function parseSourceValue(text: string): ParsedContext {
  const parsed = parseContext(text);
  if (parsed.found) return parsed;
  const t = text.trim();
  if (t.length > 0 && t.length <= MAX_CONTEXT_CHARS && JWS_COMPACT.test(t)) {
    return parseContext(`handoff-context: ${t}`);
  }
  if (t.startsWith('{')) return parseContext(`handoff-context\n${t}`);
  return parsed;
}
