/**
 * What an agent reads when a field was not filled: what the bot said, why it did not fit, in
 * words they know, and what they can do about it — made from the refusal's kind, which the
 * background decides (lib/mapping/plan.ts, lib/engine/apply.ts). The admin's detail (the mapping,
 * the value map, the platform's message, the API name) is the outcome's `reason`, shown behind
 * "Details for your admin" and kept by the journal and its exports.
 *
 * Made by the background for the view it sends (engine `viewOf`: `FieldOutcome.hint`), not in the
 * widget: the content script loads on every console page and has the tighter size budget.
 */
import { shown } from '../text/format';
import type { FieldOutcome, RefusalKind } from './types';

/** What follows "The bot said 'Gold', which …" for a refusal about the value itself. */
const valueProblem: Partial<Record<RefusalKind, string>> = {
  'not-a-choice': 'is not a choice of {label} here',
  'bad-date': 'is not a date Handoff Fields can read',
  'bad-format': 'does not fit {label}',
};

/** The whole sentence, for refusals that are not about what the bot said. */
const otherProblem: Partial<Record<RefusalKind, string>> = {
  'too-long': "The bot's value is longer than {label} holds. Copy what matters into it by hand.",
  'read-only': '{label} cannot be changed from here. Ask your admin if it should be filled.',
  'not-in-catalog': 'Handoff Fields is not set up right for {label}: tell your admin. {byHand}',
  'duplicate-mapping': 'Handoff Fields is not set up right for {label}: tell your admin. {byHand}',
  platform: 'The record did not accept {value} for {label}. {byHand}',
  conflict: 'The record kept changing while Handoff Fields wrote {label}. Press Retry, or {byhand}',
};

/**
 * One or two sentences: what happened, then what the agent can do. An outcome without a kind
 * (a write given up, an entry from before kinds were kept) gets the general one.
 */
export function refusalWords(field: Pick<FieldOutcome, 'label' | 'value' | 'refusal'>): string {
  const kind = field.refusal;
  const byHand = `Set ${field.label} by hand if you know it.`;
  const said = field.value === null || field.value.trim() === '' ? null : shown(field.value);
  const problem = kind && valueProblem[kind];
  const text = problem
    ? `${said ? 'The bot said {value}, which' : "The bot's value"} ${problem}. {byHand}`
    : ((kind && otherProblem[kind]) ?? 'Not written. {byHand}');
  return text.replace(/\{(label|value|byHand|byhand)\}/g, (_, part: string) =>
    part === 'label'
      ? field.label
      : part === 'value'
        ? (said ?? "the bot's value")
        : part === 'byHand'
          ? byHand
          : `s${byHand.slice(1)}`,
  );
}
