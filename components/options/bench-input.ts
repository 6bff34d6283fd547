/**
 * The test bench's own checks of what the admin typed, before anything is asked of the background:
 * a mistake in the sample is the admin's to fix next to its input, not a plan that calls it a
 * refused context ("Trust: refused" is the extension's verdict on a context it could read).
 */
import { parseContext } from '../../lib/context/parse';
import { firstSyntaxError, lineColumn } from '../../lib/text/json-text';

const EXAMPLE = 'e.g. {"Account_Tier__c": "tier_basic"}';

/** The current values as typed: empty, or a JSON object of field API name → value. */
export function parseCurrent(
  text: string,
): { ok: true; value?: Record<string, unknown> } | { ok: false; error: string } {
  // Editors on Windows may save a byte order mark; JSON.parse refuses it.
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return { ok: true };
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    const at = firstSyntaxError(source);
    const place = at === undefined ? undefined : lineColumn(source, at);
    const where = place ? ` at line ${place.line}, column ${place.column}` : '';
    return {
      ok: false,
      error: `Current values: not valid JSON${where}. Write an object, ${EXAMPLE}.`,
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      error: `Current values: write an object of field API names and values, ${EXAMPLE}.`,
    };
  }
  return { ok: true, value: json as Record<string, unknown> };
}

/** What a sample without any handoff context is told (the single message must hold one). */
export const NO_CONTEXT_IN_SAMPLE =
  'No handoff context in this message: paste the bot’s message with its “Handoff context” line and “Key: Value” lines, a “handoff-context” line followed by a JSON object, or a signed “handoff-context: …” line.';

/**
 * Why a message's handoff context cannot be read (a JSON syntax error, a line without a colon…),
 * or null: when it reads, or when it imitates or quotes a context (then the plan shows the
 * extension's refusal, which is the point of trying it). `required`: a message without any context
 * is a mistake too (the single sample; a conversation has messages without one).
 */
export function contextProblem(text: string, required: boolean): string | null {
  const parsed = parseContext(text);
  if (!parsed.found) return required ? NO_CONTEXT_IN_SAMPLE : null;
  if (parsed.ok || parsed.spoof) return null;
  return `${parsed.error.replace(/\.$/, '')}. Correct the sample, then show the plan again.`;
}
