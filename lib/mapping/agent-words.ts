/**
 * What an agent reads when a field was not filled: what the bot said, why it did not fit in a
 * word they know, and what they can do about it. The admin's detail (the mapping, the value map,
 * the platform's message, the API name) stays in the outcome's `reason`, which the widget shows
 * behind "Details for your admin" and the journal and its exports keep.
 */
import type { RefusalKind } from '../handoff/types';
import { fmt, shown } from '../text/format';

export interface RefusedField {
  kind: RefusalKind;
  /** The field's label as the console shows it. */
  label: string;
  /** What the bot sent, before the value map (undefined: nothing or not text). */
  said?: string | number | boolean | null;
  /** The field's length limit, for `too-long`. */
  length?: number;
}

/** One or two sentences: what happened, then what the agent can do. */
export function agentWords(refused: RefusedField): string {
  const { kind, label } = refused;
  const said = refused.said === undefined || refused.said === null ? '' : String(refused.said);
  const bot = said.trim() === '' ? 'The bot' : `The bot said ${shown(said)}, which`;
  const byHand = `Set ${label} by hand if you know it.`;
  switch (kind) {
    case 'not-a-choice':
      return said
        ? `${bot} is not a choice of ${label} here. ${byHand}`
        : `The bot's value is not a choice of ${label} here. ${byHand}`;
    case 'bad-date':
      return said
        ? `${bot} is not a date Handoff Fields can read. ${byHand}`
        : `The bot's value is not a date Handoff Fields can read. ${byHand}`;
    case 'too-long':
      return `The bot's value is longer than ${label} holds${refused.length ? ` (${fmt(refused.length)} characters)` : ''}. Copy what matters into it by hand.`;
    case 'bad-format':
      return said
        ? `${bot} does not fit ${label}. ${byHand}`
        : `The bot's value does not fit ${label}. ${byHand}`;
    case 'read-only':
      return `${label} cannot be changed from here. Ask your admin if it should be filled.`;
    case 'not-in-catalog':
    case 'duplicate-mapping':
      return `Handoff Fields is not set up right for ${label}: tell your admin. ${byHand}`;
    case 'platform':
      return said
        ? `The record did not accept ${shown(said)} for ${label}. ${byHand}`
        : `The record did not accept the bot's value for ${label}. ${byHand}`;
    case 'conflict':
      return `The record kept changing while Handoff Fields wrote ${label}. Press Retry, or ${byHand.charAt(0).toLowerCase()}${byHand.slice(1)}`;
  }
}
