import { signal, useSignal } from '@preact/signals';
import { useId, useMemo, useRef } from 'preact/hooks';
import type { ConversationPreview, Preview } from '../../lib/mapping/preview';
import {
  type PlatformDescriptor,
  type PlatformId,
  platformDescriptors,
} from '../../lib/platforms/descriptor-registry';
import type { Author } from '../../lib/platforms/types';
import { describedBy, ErrorText } from '../shared/ErrorText';
import {
  ConversationMessages,
  ConversationPlanView,
  checkMessages,
  firstRows,
  type MessageRow,
} from './BenchConversation';
import { authors, PlanView } from './BenchPlan';
import { contextProblem, parseCurrent } from './bench-input';
import type { BenchConversationRequest, BenchRequest, OptionsApi } from './options-api';
import type { OptionsStore } from './options-store';

export type BenchErrors = Partial<Record<'text' | 'current', string>>;

type BenchResult =
  | { kind: 'single'; preview: Preview; platform: PlatformId }
  | {
      kind: 'conversation';
      conversation: ConversationPreview;
      platform: PlatformId;
      authors: Author[];
    };

/**
 * The form's own errors, by input: the sample (`text`, when a single message is tried) and the
 * current values. Empty when the background may be asked.
 */
function inputErrors(text: string | null, current: ReturnType<typeof parseCurrent>): BenchErrors {
  const found: BenchErrors = {};
  if (text !== null) {
    const problem =
      text.trim() === ''
        ? 'Paste the bot’s message, or a context on its own.'
        : contextProblem(text, true);
    if (problem) found.text = problem;
  }
  if (!current.ok) found.current = current.error;
  return found;
}

/**
 * The test bench: a sample message (or a bare context) and who posted it — or a whole conversation,
 * one author per message —, optionally the conversation id and the record's current values, and
 * the plan the background computes from the stored mappings, catalogs and settings: per field the
 * source key, raw, mapped and coerced value and the action; for a conversation, one plan per
 * message holding a context. Nothing is written.
 */
export function BenchSection({ store, api }: { store: OptionsStore; api: OptionsApi }) {
  const id = useId();
  const platform = useSignal<PlatformId>((platformDescriptors()[0] as PlatformDescriptor).id);
  const org = useSignal('');
  const text = useSignal('');
  const author = useSignal<Author>('bot');
  const mode = useSignal<'single' | 'conversation'>('single');
  const rows = useMemo(() => signal<MessageRow[]>(firstRows()), []);
  const rowErrors = useSignal<Record<number, string>>({});
  const conversation = useSignal('');
  const current = useSignal('');
  const errors = useSignal<BenchErrors>({});
  const running = useSignal(false);
  const result = useSignal<BenchResult | null>(null);
  const failure = useSignal<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const orgs = [
    ...new Set(store.catalogs.value.filter((c) => c.platform === platform.value).map((c) => c.org)),
  ];

  const submit = async (e: Event) => {
    e.preventDefault();
    const whole = mode.value === 'conversation';
    const cur = parseCurrent(current.value);
    errors.value = inputErrors(whole ? null : text.value, cur);
    rowErrors.value = whole ? checkMessages(rows.value) : {};
    if (
      !cur.ok ||
      Object.keys(errors.value).length > 0 ||
      Object.keys(rowErrors.value).length > 0
    ) {
      // The plan shown was of other inputs: next to these errors it would be read as theirs.
      result.value = null;
      failure.value = null;
      queueMicrotask(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const common: Omit<BenchRequest, 'text' | 'author'> = { platform: platform.value };
    if (org.value) common.org = org.value;
    if (conversation.value.trim()) common.conversationId = conversation.value.trim();
    if (cur.value) common.current = cur.value;
    running.value = true;
    failure.value = null;
    try {
      if (whole) {
        const request: BenchConversationRequest = {
          ...common,
          messages: rows.value.map((r) => ({ author: r.author, text: r.text })),
        };
        result.value = {
          kind: 'conversation',
          conversation: await api.previewConversation(request),
          platform: platform.value,
          authors: request.messages.map((m) => m.author),
        };
      } else {
        const request: BenchRequest = { ...common, text: text.value, author: author.value };
        result.value = {
          kind: 'single',
          preview: await api.preview(request),
          platform: platform.value,
        };
      }
    } catch (error) {
      result.value = null;
      failure.value = error instanceof Error ? error.message : 'The extension did not answer.';
    } finally {
      running.value = false;
    }
  };

  const e = errors.value;
  const conversationField = (
    <div class="form-row">
      <label class="form-label" for={`${id}-conv`}>
        Conversation id (optional)
      </label>
      <input
        id={`${id}-conv`}
        class="input"
        type="text"
        value={conversation.value}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={`${id}-conv-hint`}
        onInput={(ev) => {
          conversation.value = ev.currentTarget.value;
        }}
      />
      <p class="form-hint" id={`${id}-conv-hint`}>
        A signed context’s conv must name it.
      </p>
    </div>
  );
  return (
    <section class="section section--bench" aria-labelledby="bench-title">
      <h2 class="section__title" id="bench-title">
        Test bench
      </h2>
      <p class="section__lead">
        Try a bot’s handoff message, or a whole conversation, against the stored mappings, field
        catalogs and trust settings, and see what would be written, skipped or refused. Nothing is
        written to any record.
      </p>
      <div class="bench">
        <form
          class="bench__form"
          ref={formRef}
          onSubmit={submit}
          noValidate
          aria-labelledby={`${id}-form`}
        >
          <h3 class="card__title" id={`${id}-form`}>
            Sample
          </h3>
          <fieldset class="fieldset">
            <legend class="form-label">Console</legend>
            <div class="bench__platforms">
              {platformDescriptors().map((p) => (
                <label class="choice" key={p.id}>
                  <input
                    type="radio"
                    name={`${id}-platform`}
                    checked={platform.value === p.id}
                    onChange={() => {
                      platform.value = p.id;
                      org.value = '';
                    }}
                  />
                  {`${p.name} (${p.objects.writable.join(' and ')})`}
                </label>
              ))}
            </div>
          </fieldset>
          {orgs.length > 1 && (
            <div class="form-row">
              <label class="form-label" for={`${id}-org`}>
                Field catalog of
              </label>
              <select
                id={`${id}-org`}
                class="input"
                value={org.value}
                onChange={(ev) => {
                  org.value = ev.currentTarget.value;
                }}
              >
                <option value="">The newest import</option>
                {orgs.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset class="fieldset">
            <legend class="form-label">What to try</legend>
            <div class="bench__modes">
              {(
                [
                  ['single', 'Single message'],
                  ['conversation', 'Conversation'],
                ] as const
              ).map(([value, label]) => (
                <label class="choice" key={value}>
                  <input
                    type="radio"
                    name={`${id}-mode`}
                    checked={mode.value === value}
                    aria-describedby={value === 'conversation' ? `${id}-mode-hint` : undefined}
                    onChange={() => {
                      mode.value = value;
                      result.value = null;
                      failure.value = null;
                    }}
                  />
                  {label}
                </label>
              ))}
            </div>
            <p class="form-hint" id={`${id}-mode-hint`}>
              A conversation is read as the extension reads it, one author per message in posting
              order: a bot context that repeats what the customer wrote earlier is refused, and a
              signed context is accepted once.
            </p>
          </fieldset>
          {mode.value === 'single' ? (
            <>
              <div class="form-row">
                <label class="form-label" for={`${id}-text`}>
                  Bot message or context
                </label>
                <textarea
                  id={`${id}-text`}
                  class="input input--code"
                  rows={8}
                  value={text.value}
                  spellcheck={false}
                  placeholder={'Handoff context\nAccount Tier: Premium\nAccount Number: AC-20931'}
                  aria-invalid={e.text ? true : undefined}
                  aria-describedby={describedBy(
                    `${id}-text-hint`,
                    e.text ? `${id}-text-error` : undefined,
                  )}
                  onInput={(ev) => {
                    text.value = ev.currentTarget.value;
                    if (errors.value.text) errors.value = { ...errors.value, text: undefined };
                  }}
                />
                <p class="form-hint" id={`${id}-text-hint`}>
                  The whole message as the bot posts it: key–value lines after “Handoff context”, a
                  JSON object after “handoff-context”, or a signed “handoff-context: …” line.
                </p>
                <ErrorText id={`${id}-text-error`} error={e.text} />
              </div>
              <div class="bench__row">
                <div class="form-row">
                  <label class="form-label" for={`${id}-author`}>
                    Posted by
                  </label>
                  <select
                    id={`${id}-author`}
                    class="input"
                    value={author.value}
                    onChange={(ev) => {
                      author.value = ev.currentTarget.value as Author;
                    }}
                  >
                    {authors.map((a) => (
                      <option key={a.value} value={a.value}>
                        {a.label}
                      </option>
                    ))}
                  </select>
                </div>
                {conversationField}
              </div>
            </>
          ) : (
            <>
              <ConversationMessages id={id} rows={rows} errors={rowErrors} />
              {conversationField}
            </>
          )}
          <div class="form-row">
            <label class="form-label" for={`${id}-current`}>
              Current values of the record (optional JSON)
            </label>
            <textarea
              id={`${id}-current`}
              class="input input--code"
              rows={3}
              value={current.value}
              spellcheck={false}
              placeholder={'{"Account_Tier__c": "tier_basic"}'}
              aria-invalid={e.current ? true : undefined}
              aria-describedby={describedBy(
                `${id}-current-hint`,
                e.current ? `${id}-current-error` : undefined,
              )}
              onInput={(ev) => {
                current.value = ev.currentTarget.value;
                if (errors.value.current) errors.value = { ...errors.value, current: undefined };
              }}
            />
            <p class="form-hint" id={`${id}-current-hint`}>
              Field API name → value. Fields left out count as empty (so “fill empty” writes them).
            </p>
            <ErrorText id={`${id}-current-error`} error={e.current} />
          </div>
          <div>
            <button type="submit" class="button button--brand" disabled={running.value}>
              {running.value ? 'Planning…' : 'Show the plan'}
            </button>
          </div>
        </form>
        <div class="bench__result" aria-live="polite">
          {failure.value && (
            <p class="notice notice--error" role="alert">
              {failure.value}
            </p>
          )}
          {result.value?.kind === 'single' && (
            <PlanView preview={result.value.preview} platform={result.value.platform} />
          )}
          {result.value?.kind === 'conversation' && (
            <ConversationPlanView
              conversation={result.value.conversation}
              platform={result.value.platform}
              authors={result.value.authors}
            />
          )}
        </div>
      </div>
    </section>
  );
}
