import type { JournalRow } from '../../lib/journal/summary';
import { recordUrl } from '../../lib/platforms/console-tabs';
import { platformNames } from '../../lib/platforms/descriptor-registry';
import { recordKey } from '../../lib/platforms/record-key';
import type { RecordRef } from '../../lib/platforms/types';
import { recordWords } from '../widget/view-text';
import { localDateTime, sourceWords, statusClass, statusText, trustWords } from './qa-text';

interface QaTableProps {
  rows: readonly JournalRow[];
  selectedId: number | null;
  /** More (older) rows match than are loaded. */
  hasOlder: boolean;
  loadingOlder: boolean;
  matched: number;
  onOpen(id: number): void;
  onLoadOlder(): void;
}

const countColumns = [
  ['written', 'Written'],
  ['skipped', 'Skipped'],
  ['refused', 'Refused'],
  ['verified', 'Verified'],
  ['different', 'Different'],
] as const;

/**
 * The journal's rows, newest first: one per handoff. A click anywhere on a row opens its details;
 * its button (the time) is how the keyboard and screen readers reach the same (Enter or Space),
 * and ↑ and ↓ move between the rows' buttons. The rows come 200 at a time ("Load older").
 */
export function QaTable({
  rows,
  selectedId,
  hasOlder,
  loadingOlder,
  matched,
  onOpen,
  onLoadOlder,
}: QaTableProps) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const target = e.target as HTMLElement;
    if (!target.matches('button[data-open]')) return;
    const row = target.closest('tr');
    const sibling = e.key === 'ArrowDown' ? row?.nextElementSibling : row?.previousElementSibling;
    const button = sibling?.querySelector<HTMLButtonElement>('button[data-open]');
    if (button) {
      e.preventDefault();
      button.focus();
    }
  };

  // A pointer's shortcut to the row's button: the button stays the one control (keyboard, screen
  // readers); the row's other controls (the record's link) keep their own click, and a drag that
  // selected text is not a request to open.
  const onClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('a, button')) return;
    if (!(target.ownerDocument.getSelection()?.isCollapsed ?? true)) return;
    const id = target.closest('tr')?.getAttribute('data-id');
    if (id) onOpen(Number(id));
  };

  return (
    <div class="qa-table">
      <div class="qa-table__scroll">
        <table class="table qa-grid" aria-labelledby="qa-title" aria-describedby="qa-count">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Platform</th>
              <th scope="col">Record</th>
              <th scope="col">Source</th>
              <th scope="col">Trust</th>
              <th scope="col">State</th>
              {countColumns.map(([key, label]) => (
                <th scope="col" class="qa-grid__count" key={key}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown} onClick={onClick}>
            {rows.map((row) => (
              <QaRow
                key={row.id}
                row={row}
                selected={row.id === selectedId}
                onOpen={() => onOpen(row.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <div class="qa-table__more">
        <p class="toolbar__count">
          Showing {rows.length} of {matched}
          {hasOlder ? '' : rows.length > 0 ? ' (the oldest kept)' : ''}
        </p>
        {hasOlder && (
          <button
            type="button"
            class="button button--neutral"
            disabled={loadingOlder}
            onClick={onLoadOlder}
          >
            {loadingOlder ? 'Loading…' : 'Load older'}
          </button>
        )}
      </div>
    </div>
  );
}

function QaRow({ row, selected, onOpen }: { row: JournalRow; selected: boolean; onOpen(): void }) {
  const when = localDateTime(row.at);
  return (
    <tr
      data-id={row.id}
      data-status={row.status}
      data-platform={row.platform}
      class={selected ? 'qa-grid__row qa-grid__row--selected' : 'qa-grid__row'}
    >
      <th scope="row">
        <button
          type="button"
          class="qa-open"
          data-open={row.id}
          aria-expanded={selected}
          aria-controls={selected ? 'qa-detail' : undefined}
          onClick={onOpen}
        >
          <span class="sr-only">Details of the handoff at </span>
          <time dateTime={new Date(row.at).toISOString()}>{when}</time>
        </button>
      </th>
      <td>
        {platformNames[row.platform] ?? row.platform}
        <span class="cell cell--weak">{row.org}</span>
      </td>
      <td>
        <RecordCell row={row} />
      </td>
      <td>
        {sourceWords[row.source] ?? row.source}
        {row.sourceDetail && <span class="cell cell--weak">{row.sourceDetail}</span>}
      </td>
      <td>{row.trust ? (trustWords[row.trust] ?? row.trust) : '—'}</td>
      <td>
        <span class={statusClass(row.status, row.counts)} data-state={row.status}>
          {statusText(row.status, row.counts)}
        </span>
      </td>
      {countColumns.map(([key]) => (
        <td
          key={key}
          class={`qa-grid__count${row.counts[key] > 0 ? ` qa-count--${key}` : ''}`}
          data-count={key}
        >
          {row.counts[key]}
        </td>
      ))}
    </tr>
  );
}

/**
 * The record written (a MessagingSession's Case), named as the console names it, and the record
 * opened when it is another.
 */
function RecordCell({ row }: { row: JournalRow }) {
  const shown = row.target ?? row.record;
  return (
    <>
      <RecordLink
        record={shown}
        names={row.names}
        url={row.target ? recordUrl(row.target) : row.recordUrl}
      />
      {row.target && <span class="cell cell--weak">for {recordWords(row.record, row.names)}</span>}
    </>
  );
}

/**
 * A record as the console names it ("Case 00001026"; its object when unnamed) over its id, linking
 * to the console page that opens it (in a new tab).
 */
export function RecordLink({
  record,
  names,
  url,
}: {
  record: RecordRef;
  names?: Record<string, string> | undefined;
  url: string | null;
}) {
  const text = (
    <>
      <span class="cell">{names?.[recordKey(record)] ?? record.object}</span>
      <code class="cell cell--weak">{record.id}</code>
    </>
  );
  if (!url) return text;
  return (
    <a class="qa-record" href={url} target="_blank" rel="noopener noreferrer">
      {text}
      <span class="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
