import type { WriteProgress } from '../../lib/handoff/types';
import type { RecordRef } from '../../lib/platforms/types';
import { queueWords } from './view-text';

/**
 * The durable write queue's work on this handoff: what is being written, what waits to be retried
 * (and when: the only message while automatic retries run), what was given up. Announced politely
 * (role="status"); the reason of a failure is the notice above it, and Retry is in the actions
 * below. Records are named when the handoff writes several, or another than the open one.
 */
export function QueueStatus({
  queue,
  record,
}: {
  queue: readonly WriteProgress[];
  record?: RecordRef;
}) {
  const named = (target: RecordRef) =>
    queue.length > 1 || !record || record.object !== target.object || record.id !== target.id;
  const lines = queue.flatMap((item) => {
    const text = queueWords(item, named(item.target));
    return text === null ? [] : [{ item, text }];
  });
  if (lines.length === 0) return null;
  return (
    // The live region wraps the list: `role` on the <ul> itself would take its list semantics away
    // (axe: an <li> outside a list).
    <div role="status">
      <ul class="hf-queue">
        {lines.map(({ item, text }) => (
          <li
            key={`${item.target.object}:${item.target.id}`}
            class={`hf-queue__item hf-queue__item--${item.state}`}
            data-state={item.state}
          >
            {item.state !== 'failed' && <span class="hf-spinner" aria-hidden="true" />}
            {item.nextAttemptAt !== undefined ? (
              <time dateTime={new Date(item.nextAttemptAt).toISOString()}>{text}</time>
            ) : (
              text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
