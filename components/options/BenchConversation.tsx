/**
 * The test bench's conversation: message rows (who posted it, what it says) in posting order, and
 * the plan of every message holding a context, read as the extension reads the conversation (an
 * earlier customer line repeated by the bot is refused, a signed context is accepted once). Loaded
 * with the bench, on demand.
 */
import type { Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ConversationPreview } from '../../lib/mapping/preview';
import type { Author, PlatformId } from '../../lib/platforms/types';
import { fmt } from '../../lib/text/format';
import { describedBy, ErrorText } from '../shared/ErrorText';
import { authors, PlanView } from './BenchPlan';
import { contextProblem } from './bench-input';
import './bench.css';

/** As many messages as the background takes in one request. */
export const MAX_BENCH_MESSAGES = 200;
/** As long as one message may be (the single form's limit too). */
export const MAX_BENCH_TEXT = 70_000;

export interface MessageRow {
  /** Stable across adds and removes: the row's element ids and Preact key. */
  key: number;
  author: Author;
  text: string;
}

let nextKey = 0;
export const messageRow = (author: Author, text = ''): MessageRow => ({
  key: nextKey++,
  author,
  text,
});

/** The usual start: the customer writes, then the bot hands off. */
export const firstRows = (): MessageRow[] => [messageRow('customer'), messageRow('bot')];

/**
 * Each row's problem, by row key; empty when the conversation may be sent. A handoff context that
 * cannot be read is one (a message without a context is not: customers write those).
 */
export function checkMessages(rows: readonly MessageRow[]): Record<number, string> {
  const errors: Record<number, string> = {};
  for (const row of rows) {
    if (row.text.trim() === '') {
      errors[row.key] = 'Paste the message as it was posted, or remove it.';
    } else if (row.text.length > MAX_BENCH_TEXT) {
      errors[row.key] =
        `A message takes at most ${fmt(MAX_BENCH_TEXT)} characters; this one has ${fmt(row.text.length)}.`;
    } else {
      const problem = contextProblem(row.text, false);
      if (problem) errors[row.key] = problem;
    }
  }
  return errors;
}

const placeholders: Partial<Record<Author, string>> = {
  bot: 'Handoff context\nAccount Tier: Premium',
  customer: 'What the customer typed',
};

/** The message rows: author and text each, Remove per row, Add message below. */
export function ConversationMessages({
  id,
  rows,
  errors,
}: {
  id: string;
  rows: Signal<MessageRow[]>;
  errors: Signal<Record<number, string>>;
}) {
  const edit = useMessageRows(id, rows, errors);
  const full = rows.value.length >= MAX_BENCH_MESSAGES;
  return (
    <div class="bench__messages">
      {rows.value.map((row, i) => (
        <MessageInputs
          key={row.key}
          id={id}
          row={row}
          n={i + 1}
          error={errors.value[row.key]}
          textId={edit.textId(row)}
          onUpdate={(change) => edit.update(row.key, change)}
          onRemove={rows.value.length > 1 ? () => edit.remove(i) : undefined}
        />
      ))}
      <div class="bench__message-add">
        <button
          type="button"
          id={`${id}-add`}
          class="button"
          disabled={full}
          aria-describedby={full ? `${id}-add-hint` : undefined}
          onClick={edit.add}
        >
          Add message
        </button>
        {full && (
          <p class="form-hint" id={`${id}-add-hint`}>
            A conversation takes at most {MAX_BENCH_MESSAGES} messages.
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * Changing the rows: an edit clears the row's error; Add and Remove move the focus to the new
 * row's text, or to the row that took the removed one's place (Add message when none is left).
 */
function useMessageRows(
  id: string,
  rows: Signal<MessageRow[]>,
  errors: Signal<Record<number, string>>,
) {
  // The element to focus once the rows have re-rendered (after Add message or Remove).
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const textId = (row: MessageRow) => `${id}-m${row.key}-text`;
  return {
    textId,
    update(key: number, change: Partial<MessageRow>) {
      rows.value = rows.value.map((r) => (r.key === key ? { ...r, ...change } : r));
      if (change.text !== undefined && errors.value[key]) {
        const { [key]: _, ...rest } = errors.value;
        errors.value = rest;
      }
    },
    add() {
      const last = rows.value[rows.value.length - 1];
      const row = messageRow(last?.author === 'bot' ? 'customer' : 'bot');
      rows.value = [...rows.value, row];
      focusNext.current = textId(row);
    },
    remove(index: number) {
      const left = rows.value.filter((_, i) => i !== index);
      rows.value = left;
      const next = left[Math.min(index, left.length - 1)];
      focusNext.current = next ? textId(next) : `${id}-add`;
    },
  };
}

/** One message: who posted it, Remove (when it is not the only one), and its text. */
function MessageInputs({
  id,
  row,
  n,
  error,
  textId,
  onUpdate,
  onRemove,
}: {
  id: string;
  row: MessageRow;
  /** Its number, from 1. */
  n: number;
  error: string | undefined;
  textId: string;
  onUpdate(change: Partial<MessageRow>): void;
  onRemove?: () => void;
}) {
  return (
    <fieldset class="fieldset bench__message">
      <legend class="form-label">Message {n}</legend>
      <div class="bench__message-head">
        <label class="form-label" for={`${id}-m${row.key}-author`}>
          Posted by
        </label>
        <select
          id={`${id}-m${row.key}-author`}
          class="input"
          value={row.author}
          onChange={(ev) => onUpdate({ author: ev.currentTarget.value as Author })}
        >
          {authors.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
        {onRemove && (
          <button
            type="button"
            class="button button--small"
            aria-label={`Remove message ${n}`}
            onClick={onRemove}
          >
            Remove
          </button>
        )}
      </div>
      <label class="form-label" for={textId}>
        Text
      </label>
      <textarea
        id={textId}
        class="input input--code"
        rows={row.author === 'bot' ? 4 : 2}
        value={row.text}
        spellcheck={false}
        placeholder={placeholders[row.author]}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error ? `${textId}-error` : undefined)}
        onInput={(ev) => onUpdate({ text: ev.currentTarget.value })}
      />
      <ErrorText id={`${textId}-error`} error={error} />
    </fieldset>
  );
}

/** "1 of 3 messages holds", "2 of 3 messages hold". */
function holdText(n: number, total: number): string {
  return `${n} of ${total} message${total === 1 ? '' : 's'} ${n === 1 ? 'holds' : 'hold'} a handoff context`;
}

/** The conversation's plan: one plan per message holding a context, refused ones with their reason. */
export function ConversationPlanView({
  conversation,
  platform,
  authors: sentAuthors,
}: {
  conversation: ConversationPreview;
  platform: PlatformId;
  /** Who posted each message sent, by index. */
  authors: readonly Author[];
}) {
  const { handoffs } = conversation;
  const refused = handoffs.filter((h) => h.context.error).length;
  return (
    <section class="bench__handoffs" aria-labelledby="conversation-plan-title">
      <h3 class="card__title" id="conversation-plan-title">
        Plan of the conversation
      </h3>
      <p class="plan__summary" data-testid="conversation-summary">
        {handoffs.length === 0
          ? 'No message holds a handoff context, so nothing would be written.'
          : `${holdText(handoffs.length, sentAuthors.length)}: ${handoffs.length - refused} would be used, ${refused} refused. Nothing was written: this is a preview.`}
      </p>
      {handoffs.length === 0 && (
        <p class="empty">
          A context is a “Handoff context” line followed by “Key: Value” lines, a “handoff-context”
          line followed by a JSON object, or a signed “handoff-context: …” line.
        </p>
      )}
      {handoffs.map((h) => (
        <PlanView
          key={h.message}
          preview={h}
          platform={platform}
          title={`Message ${h.message + 1} (${sentAuthors[h.message] ?? 'unknown'})`}
          titleId={`conversation-plan-${h.message}`}
          heading="h4"
          message={h.message}
        />
      ))}
    </section>
  );
}
