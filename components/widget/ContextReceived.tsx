import type { HandoffView } from '../../lib/handoff/types';
import {
  contextValueText,
  formWords,
  isEmptyContextValue,
  sourceWords,
  trustWords,
} from './view-text';

type ReceivedContext = NonNullable<HandoffView['context']>;

/**
 * What the bot sent: its form, where it came from, whether we trusted it, and every key–value pair. Keys and values are
 * page-derived (anyone in the chat can type them), so they are rendered as text nodes only.
 */
export function ContextReceived({
  context,
  headingId,
}: {
  context: ReceivedContext;
  headingId: string;
}) {
  const entries = Object.entries(context.values);
  return (
    <section class="hf-section" aria-labelledby={headingId}>
      <h3 class="hf-section__title" id={headingId}>
        Context received
      </h3>
      <p class="hf-context-meta">
        <span class="hf-tag">{formWords[context.form]}</span>
        <span class="hf-tag hf-tag--source" title={sourceWords(context)}>
          {sourceWords(context)}
        </span>
        <span class={`hf-tag hf-tag--trust-${context.trust}`}>{trustWords(context)}</span>
      </p>
      {entries.length === 0 ? (
        <p class="hf-muted">The context has no values.</p>
      ) : (
        <dl class="hf-kv">
          {entries.map(([key, value]) => {
            const text = contextValueText(value);
            return (
              <div class="hf-kv__row" key={key}>
                <dt class="hf-clamp" title={key}>
                  {key}
                </dt>
                <dd
                  class={isEmptyContextValue(value) ? 'hf-clamp hf-muted' : 'hf-clamp'}
                  title={text}
                >
                  {text}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {context.dropped && context.dropped.length > 0 && (
        // The keys the extension left out (reserved, invalid, too deep): the rest stood.
        <ul class="hf-muted hf-dropped">
          {context.dropped.map((words) => (
            <li key={words}>{words}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
