/**
 * The test bench's plan of one context: how it was read (form, trust, values), why it may not be
 * used, and per mapped field the source key, raw, mapped and coerced value and the action. Shown
 * for a single message and for each handoff of a conversation.
 */
import type { Preview, PreviewField } from '../../lib/mapping/preview';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import type { Author, PlatformId } from '../../lib/platforms/types';
import { ContextValuesTable } from './ContextValuesTable';

export const authors: Array<{ value: Author; label: string }> = [
  { value: 'bot', label: 'The bot' },
  { value: 'customer', label: 'The customer' },
  { value: 'agent', label: 'An agent' },
  { value: 'system', label: 'The system' },
  { value: 'unknown', label: 'Unknown' },
];

const formWords = { signed: 'signed token', json: 'JSON', 'key-value': 'key–value lines' } as const;
const trustWords: Record<string, string> = {
  signed: 'signed by a trusted issuer',
  'bot-authored': 'posted by the bot (unverified form, accepted)',
  'trusted-source': 'from a trusted source',
  unverified: 'unverified: nobody vouches for it',
  refused: 'refused',
};
const reasonWords: Record<string, string> = {
  empty: 'empty in the context',
  unchanged: 'already this value',
  'kept-existing': 'kept the existing value (fill empty only)',
};

/** A value in a bench table cell: text as is, JSON for the rest, a dash for nothing. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

function countText(fields: readonly PreviewField[]): string {
  const n = (a: PreviewField['action']) => fields.filter((f) => f.action === a).length;
  return `${n('write')} would be written, ${n('skip')} skipped, ${n('refuse')} refused`;
}

/**
 * The plan: the context as read, then one row per mapped field. A conversation shows one per
 * handoff, each with its own title ("Message 3 (bot)"), heading level and id.
 */
export function PlanView({
  preview,
  platform,
  title = 'Plan',
  titleId = 'plan-title',
  heading: Heading = 'h3',
  message,
}: {
  preview: Preview;
  platform: PlatformId;
  title?: string;
  titleId?: string;
  heading?: 'h3' | 'h4';
  /** The message's index in the conversation (a `data-message` attribute). */
  message?: number;
}) {
  const { context, fields } = preview;
  const values = Object.entries(context.values);
  return (
    <section class="plan" aria-labelledby={titleId} data-message={message}>
      <Heading class="card__title" id={titleId}>
        {title}
      </Heading>
      <p class="plan__summary" data-testid="plan-summary">
        {context.error
          ? 'Nothing would be written.'
          : `${countText(fields)}. Nothing was written: this is a preview.`}
      </p>
      <dl class="plan__context">
        <dt>Form</dt>
        <dd>{context.form ? formWords[context.form] : 'no context found'}</dd>
        {/* Without a context there is nothing to trust or refuse: the sample is what is wrong. */}
        {context.form && (
          <>
            <dt>Trust</dt>
            <dd>{trustWords[context.trust] ?? context.trust}</dd>
          </>
        )}
      </dl>
      {context.error && (
        <p class="notice notice--error" data-testid="plan-error">
          {context.error}
        </p>
      )}
      <ContextValuesTable
        caption="Values in the context"
        className="table--compact"
        values={values}
        render={cellText}
      />
      {!context.error && fields.length === 0 && (
        <p class="empty">
          No enabled {platformNames[platform]} mapping: add mappings to see what they would write.
        </p>
      )}
      {fields.length > 0 && <PlanFields fields={fields} />}
    </section>
  );
}

/** One row per mapped field: where its value came from, what it becomes, and what would happen. */
function PlanFields({ fields }: { fields: readonly PreviewField[] }) {
  return (
    <table class="table plan__fields">
      <caption class="table__caption">Fields</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Source key</th>
          <th scope="col">Raw value</th>
          <th scope="col">Mapped</th>
          <th scope="col">Value to write</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr
            key={`${f.object}|${f.mapping}`}
            data-field={f.field}
            class={`plan__row plan__row--${f.action}`}
          >
            <th scope="row">
              <span class="cell cell--strong">{f.label}</span>
              <span class="cell cell--weak">
                {f.object} · <code>{f.field}</code>
              </span>
            </th>
            <td>{f.source.length > 0 ? f.source.join(', ') : '—'}</td>
            <td>{cellText(f.raw)}</td>
            <td>{cellText(f.mapped)}</td>
            <td>{f.action === 'refuse' ? '—' : cellText(f.value)}</td>
            <td>
              <span class={`badge badge--${f.action}`}>
                {f.action === 'write' ? 'Write' : f.action === 'skip' ? 'Skip' : 'Refuse'}
              </span>
              {f.reason && <span class="plan__reason"> {reasonWords[f.reason] ?? f.reason}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
