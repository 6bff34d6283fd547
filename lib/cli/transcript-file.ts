/**
 * `plan --transcript`: a conversation as a JSON array of `{"author", "text"}` in posting order,
 * checked with zod, every problem one line named by its path (`[3].author: …`). Pure.
 */
import { z } from 'zod';
import { formatPath } from '../mapping/file';
import type { ConversationMessage } from '../mapping/preview';
import { Author } from '../platforms/types';
import { cut, fmt } from '../text/format';
import { type Loaded, type NamedText, parseJsonText } from './inputs';

/** More messages than a chat ever has before a handoff: a file this long is not a transcript. */
export const MAX_TRANSCRIPT_MESSAGES = 2_000;
/** As long as the extension reads a message (the bench and `handoff:messages` take the same). */
export const MAX_MESSAGE_TEXT = 70_000;

const MESSAGE_KEYS = ['author', 'text'];
const EXAMPLE = '[{"author": "customer", "text": "…"}, {"author": "bot", "text": "…"}]';

const Transcript = z
  .array(
    z.strictObject({
      author: Author,
      text: z.string().max(MAX_MESSAGE_TEXT),
    }),
  )
  .max(MAX_TRANSCRIPT_MESSAGES);

/** Problems reported at most, so a file of 2,000 wrong messages stays readable. */
const MAX_PROBLEMS = 20;

/** A transcript file: all or nothing, each problem a line naming the file and the path. */
export function loadTranscript(input: NamedText): Loaded<ConversationMessage[]> {
  const json = parseJsonText(input);
  if (!json.ok) return json;
  const named = (lines: string[]) => ({
    ok: false as const,
    errors: lines.map((line) => `--transcript ${input.name}: ${line}`),
  });
  const value = json.value;
  if (!Array.isArray(value)) {
    return named([
      `must be a JSON array of messages in posting order, e.g. ${EXAMPLE}, not ${described(value)}`,
    ]);
  }
  if (value.length > MAX_TRANSCRIPT_MESSAGES) {
    return named([
      `has ${fmt(value.length)} messages; a transcript takes at most ${fmt(MAX_TRANSCRIPT_MESSAGES)}`,
    ]);
  }
  const parsed = Transcript.safeParse(value, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const lines = parsed.error.issues.flatMap(problemLines);
  const shownLines = lines.slice(0, MAX_PROBLEMS);
  if (lines.length > shownLines.length) {
    shownLines.push(`and ${lines.length - shownLines.length} more problems`);
  }
  return named(shownLines);
}

function problemLines(issue: z.core.$ZodIssue): string[] {
  const where = formatPath(issue.path);
  const key = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map(
        (k) =>
          `${formatPath([...issue.path, k])}: unknown member: a message has ${MESSAGE_KEYS.join(' and ')} only`,
      );
    case 'invalid_value':
      return [
        issue.input === undefined
          ? `${where}: missing: who posted the message, one of ${Author.options.join(', ')}`
          : `${where}: must be one of ${Author.options.join(', ')}`,
      ];
    case 'too_big':
      return [
        `${where}: takes at most ${fmt(MAX_MESSAGE_TEXT)} characters (this one has ${fmt(lengthAt(issue))})`,
      ];
    case 'invalid_type': {
      if (typeof key === 'number') {
        return [
          `${where}: must be a message {"author": …, "text": …}, not ${described(issue.input)}`,
        ];
      }
      if (issue.input === undefined) {
        return [
          key === 'author'
            ? `${where}: missing: who posted the message, one of ${Author.options.join(', ')}`
            : `${where}: missing: the message as it was posted`,
        ];
      }
      return [
        key === 'author'
          ? `${where}: must be one of ${Author.options.join(', ')}`
          : `${where}: must be a string, not ${described(issue.input)}`,
      ];
    }
    default:
      return [`${where}: ${issue.message}`];
  }
}

function lengthAt(issue: z.core.$ZodIssue): number {
  return typeof issue.input === 'string' ? issue.input.length : 0;
}

/** What a JSON value is, for "must be …, not <this>": its kind, and a text or number as well. */
function described(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${JSON.stringify(cut(v, 40))}`;
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}
