import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Mapping } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';
import { fieldIndex } from './field-index';
import { FIRST_ROWS, MORE_ROWS } from './list-sizes';
import { MappingRow } from './MappingRow';
import { type Target, wordsFor } from './targets';

export { FIRST_ROWS, MORE_ROWS } from './list-sizes';

const NONE: ReadonlySet<string> = new Set();

interface MappingListProps {
  target: Target;
  mappings: readonly Mapping[];
  catalog: readonly FieldSpec[];
  pending: ReadonlySet<string>;
  /** Shown before every mapping has arrived: the rows' controls wait. */
  locked?: boolean;
  /** Ids of the mappings the organisation's policy sets: read-only rows. */
  managedIds?: ReadonlySet<string>;
  /**
   * When it changes (another filter or target), the list goes back to its first rows. Rows shown
   * so far stay while it does not (a toggle or a delete keeps the place).
   */
  resetKey?: string;
  /**
   * A mapping whose row should take the focus (back from the form): its Edit button, once the list
   * has rendered down to it. `onFocused` says whether it could (false: not in this list).
   */
  focusId?: string | null;
  onFocused?(found: boolean): void;
  onToggle(mapping: Mapping, enabled: boolean): void;
  onEdit(mapping: Mapping): void;
  onDelete(mapping: Mapping): void;
}

/**
 * The mappings as a list that renders its rows as they are needed: the first FIRST_ROWS, then
 * MORE_ROWS more when the admin scrolls near the end or presses "Show more". Each row carries its
 * position in the whole list (aria-posinset/-setsize), so assistive technology announces "3 of 100".
 */
export function MappingList({
  target,
  mappings,
  catalog,
  pending,
  locked = false,
  managedIds = NONE,
  resetKey = '',
  focusId = null,
  onFocused,
  onToggle,
  onEdit,
  onDelete,
}: MappingListProps) {
  const name = listName(target);
  const grow = useGrowingList(resetKey);
  const { count } = grow;
  useRowFocus(grow, mappings, focusId, onFocused);

  if (mappings.length === 0) {
    return (
      <p class="empty">
        No {name} yet. Add one to fill a {target.noun} {wordsFor(target.platform).fieldNoun} from a
        key of the bot’s handoff context.
      </p>
    );
  }
  const labels = fieldIndex(catalog);
  const rows = mappings.length > count ? mappings.slice(0, count) : mappings;
  return (
    <>
      <ul
        class="mapping-list"
        aria-label={name}
        aria-busy={locked ? 'true' : undefined}
        ref={grow.listRef}
      >
        {rows.map((m, i) => (
          // Keyed by place: a filter keystroke updates the rows' text instead of rebuilding them.
          <MappingRow
            key={i}
            mapping={m}
            spec={labels.get(m.field)}
            pending={pending.has(m.id)}
            locked={locked}
            managed={managedIds.has(m.id)}
            position={{ index: i + 1, size: mappings.length }}
            onToggle={(enabled) => onToggle(m, enabled)}
            onEdit={() => onEdit(m)}
            onDelete={() => onDelete(m)}
          />
        ))}
      </ul>
      {count < mappings.length && (
        <button
          type="button"
          class="button button--neutral list-more"
          ref={grow.moreRef}
          onClick={grow.showMore}
        >
          Show more ({count} of {mappings.length} shown)
        </button>
      )}
    </>
  );
}

/**
 * How many rows are rendered: FIRST_ROWS, MORE_ROWS more per "Show more" (by keyboard or click,
 * the focus goes to the first row it added) or when the admin scrolls near it; back to FIRST_ROWS
 * when `resetKey` changes.
 */
function useGrowingList(resetKey: string) {
  const [grown, setGrown] = useState({ key: resetKey, count: FIRST_ROWS });
  const count = grown.key === resetKey ? grown.count : FIRST_ROWS;
  const listRef = useRef<HTMLUListElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  /** After "Show more" by keyboard or click, focus the first row it added. */
  const focusFrom = useRef<number | null>(null);
  const more = () => setGrown({ key: resetKey, count: count + MORE_ROWS });
  useNearEnd(moreRef, count, more);

  useEffect(() => {
    const from = focusFrom.current;
    if (from === null) return;
    focusFrom.current = null;
    listRef.current?.children[from]?.querySelector<HTMLElement>('input, button')?.focus();
  });

  return {
    count,
    listRef,
    moreRef,
    /** Renders at least the first `rows` rows (whole steps of MORE_ROWS), without moving the focus. */
    growTo(rows: number) {
      if (rows <= count) return;
      setGrown({ key: resetKey, count: count + Math.ceil((rows - count) / MORE_ROWS) * MORE_ROWS });
    },
    showMore() {
      focusFrom.current = count;
      more();
    },
  };
}

/**
 * Focuses the Edit button of the mapping `focusId` once its row is rendered (growing the list down
 * to it first), and reports whether it could.
 */
function useRowFocus(
  grow: ReturnType<typeof useGrowingList>,
  mappings: readonly Mapping[],
  focusId: string | null,
  onFocused: ((found: boolean) => void) | undefined,
): void {
  useEffect(() => {
    if (focusId === null) return;
    const at = mappings.findIndex((m) => m.id === focusId);
    if (at >= grow.count) {
      grow.growTo(at + 1); // focused on the render that shows it
      return;
    }
    const edit =
      at < 0
        ? null
        : grow.listRef.current?.children[at]?.querySelector<HTMLButtonElement>(
            'button[data-action="edit"]:not(:disabled)',
          );
    edit?.focus();
    onFocused?.(Boolean(edit));
  });
}

/**
 * Scrolling near the button adds rows by itself (the button stays for keyboard and AT users).
 * One observer per button, not per render: a keystroke does not pay for a new one.
 */
function useNearEnd(
  moreRef: RefObject<HTMLButtonElement | null>,
  count: number,
  more: () => void,
): void {
  const moreLater = useRef(more);
  moreLater.current = more;
  const observed = useRef<{
    button: Element;
    observer: IntersectionObserver;
    count: number;
  } | null>(null);
  useEffect(() => {
    const button = moreRef.current;
    const current = observed.current;
    if (current && current.button === button) {
      // Rows were added and the button may still be near: observing again asks once more.
      if (current.count !== count) {
        current.count = count;
        current.observer.unobserve(button);
        current.observer.observe(button);
      }
      return;
    }
    current?.observer.disconnect();
    observed.current = null;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) moreLater.current();
      },
      { root: button.closest('.panel__content'), rootMargin: '0px 0px 240px 0px' },
    );
    observer.observe(button);
    observed.current = { button, observer, count };
  });
  useEffect(() => () => observed.current?.observer.disconnect(), []);
}

/** "Salesforce Case mappings", "Kustomer customer mappings". */
export const listName = (t: Target) => `${t.platformName} ${t.noun} mappings`;
