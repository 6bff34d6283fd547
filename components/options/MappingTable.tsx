import { type Signal, useSignal } from '@preact/signals';
import type { RefObject } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
import { ManagedBadge } from '../shared/ManagedBadge';
import type { Row, Sort, SortKey } from './options-store';
import { firstScreenRows, HEAD_HEIGHT, OVERSCAN, ROW_HEIGHT } from './table-size';

export { HEAD_HEIGHT, OVERSCAN, ROW_HEIGHT } from './table-size';

/** The viewport assumed before it is measured (and where nothing can measure it). */
const DEFAULT_VIEWPORT = 600;

/** The rows [start, end) that a viewport scrolled to `scrollTop` shows, with overscan. */
export function visibleRange(
  count: number,
  scrollTop: number,
  viewport: number,
): { start: number; end: number } {
  // Clamped: after a filter shrinks the list, the old scroll position may lie past its end.
  const first = Math.min(
    Math.floor(Math.max(0, scrollTop - HEAD_HEIGHT) / ROW_HEIGHT),
    Math.max(0, count - 1),
  );
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(count, first + firstScreenRows(viewport));
  return { start, end };
}

interface Column {
  key: SortKey | null;
  label: string;
  className: string;
}

const columns: Column[] = [
  { key: 'where', label: 'Object', className: 'col-where' },
  { key: 'label', label: 'Target field', className: 'col-target' },
  { key: 'sources', label: 'Context keys', className: 'col-sources' },
  { key: null, label: 'Combine', className: 'col-combine' },
  { key: null, label: 'Value map', className: 'col-map' },
  { key: null, label: 'Transforms', className: 'col-transforms' },
  { key: 'policy', label: 'Write policy', className: 'col-policy' },
  { key: 'enabled', label: 'Enabled', className: 'col-enabled' },
];

const policyText = { 'fill-empty': 'Fill empty', overwrite: 'Overwrite' } as const;

const NONE: ReadonlySet<string> = new Set();

export interface FocusRequest {
  id: string;
  /** A new object for each request, so asking twice for the same row focuses it twice. */
  seq: number;
}

interface MappingTableProps {
  rows: readonly Row[];
  /** How many mappings there are before filtering (for the caption). */
  total: number;
  sort: Sort;
  onSort(key: SortKey): void;
  /** The mapping open in the editor: its row is marked. */
  currentId: string | null;
  /** The mappings the organisation's policy sets: their rows carry a badge (the editor is read-only). */
  managedIds?: ReadonlySet<string>;
  onOpen(row: Row): void;
  /** Scroll to a row and focus it (after the editor closes). */
  focusRequest: FocusRequest | null;
  labelledBy: string;
  /**
   * Only the first screen is here and the rest is loading: the rows are shown but cannot be opened
   * or sorted yet (the table is `aria-busy`).
   */
  loading?: boolean;
}

/**
 * All mappings as a table with fixed-height rows, virtualised: only the rows in view (and a few
 * more) are in the DOM, between two spacer rows that keep the scroll height. Keyboard: one row is
 * in the tab order; ↑ ↓ Home End Page Up/Down move, Enter opens the mapping.
 */
export function MappingTable({
  rows,
  total,
  sort,
  onSort,
  currentId,
  managedIds = NONE,
  onOpen,
  focusRequest,
  labelledBy,
  loading = false,
}: MappingTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const viewport = useViewport(scrollRef);
  const hintId = useId();
  const count = rows.length;
  useRenderedMark(count);
  const { active, activeIndex, onKeyDown } = useRovingRow({
    rows,
    scrollRef,
    scrollTop,
    viewport,
    focusRequest,
    loading,
    onOpen,
  });

  const { start, end } = visibleRange(count, scrollTop.value, viewport.value);

  return (
    <div
      class="grid-scroll"
      ref={scrollRef}
      onScroll={(e) => {
        scrollTop.value = e.currentTarget.scrollTop;
      }}
    >
      <p class="sr-only" id={hintId}>
        {hintText(count, total, loading)}
      </p>
      <table
        class="grid"
        aria-labelledby={labelledBy}
        aria-describedby={hintId}
        aria-rowcount={count + 1}
        aria-busy={loading ? 'true' : undefined}
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.label} class={c.className} />
          ))}
        </colgroup>
        <TableHead sort={sort} onSort={onSort} loading={loading} />
        <TableBody
          rows={rows}
          range={{ start, end }}
          activeIndex={activeIndex}
          currentId={currentId}
          managedIds={managedIds}
          onKeyDown={onKeyDown}
          onActive={(index) => {
            active.value = index;
          }}
          onOpen={loading ? undefined : onOpen}
        />
      </table>
      {count === 0 && (
        <p class="empty">
          {total === 0
            ? 'No mappings yet. Add one with New mapping, or import a mappings file.'
            : 'No mapping matches the filter.'}
        </p>
      )}
    </div>
  );
}

/** What a screen reader hears about the table: how many rows, and how to move and open. */
function hintText(count: number, total: number, loading: boolean): string {
  return loading
    ? `The first ${count} of ${total} mappings; loading the others.`
    : `${count} of ${total} mappings. Up and down arrows move between rows; Enter opens a mapping in the editor.`;
}

/**
 * The viewport's height, measured on first layout and on resize (never during scrolling). The
 * ResizeObserver's first report comes after the browser's own layout of the first frame, before its
 * paint: reading `clientHeight` right after the first render instead forced a layout of the whole
 * page before the browser's (16 ms of the options page's first render with 5,000 mappings).
 */
function useViewport(scrollRef: RefObject<HTMLDivElement | null>): Signal<number> {
  const viewport = useSignal(DEFAULT_VIEWPORT);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => {
      if (el.clientHeight > 0) viewport.value = el.clientHeight;
    };
    if (typeof ResizeObserver === 'undefined') {
      measure();
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return viewport;
}

/** First paint with rows: a User Timing mark for the benchmark and the e2e measurement. */
function useRenderedMark(count: number): void {
  const rendered = useRef(false);
  useEffect(() => {
    if (rendered.current || count === 0) return;
    rendered.current = true;
    performance.mark?.('hf:mappings-table-rendered');
  });
}

/**
 * The roving tabindex: one row in the tab order (`active`, by index in `rows`), moved by the keys
 * ↑ ↓ Home End Page Up/Down and by a focus request, scrolled into view and focused; Enter or Space
 * opens it.
 */
function useRovingRow({
  rows,
  scrollRef,
  scrollTop,
  viewport,
  focusRequest,
  loading,
  onOpen,
}: {
  rows: readonly Row[];
  scrollRef: RefObject<HTMLDivElement | null>;
  scrollTop: Signal<number>;
  viewport: Signal<number>;
  focusRequest: FocusRequest | null;
  /** Rows cannot be opened while the rest is loading. */
  loading: boolean;
  onOpen(row: Row): void;
}) {
  const active = useSignal(0);
  /** Focus the active row after the next render (it may only now be rendered). */
  const wantFocus = useRef(false);
  const count = rows.length;
  const activeIndex = Math.min(active.value, Math.max(0, count - 1));

  useEffect(() => {
    if (!focusRequest) return;
    const at = rows.findIndex((r) => r.mapping.id === focusRequest.id);
    if (at >= 0) moveTo(at);
  }, [focusRequest]);

  useLayoutEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${activeIndex}"]`)?.focus();
  });

  /** Makes row `index` the active one, scrolls it into view and focuses it. */
  function moveTo(index: number) {
    const el = scrollRef.current;
    const target = Math.max(0, Math.min(count - 1, index));
    active.value = target;
    if (!el) return;
    const next = scrolledTo(target, el.scrollTop, viewport.value);
    const row = el.querySelector<HTMLElement>(`tr[data-index="${target}"]`);
    if (next === el.scrollTop && row) {
      row.focus();
      return;
    }
    el.scrollTop = next;
    scrollTop.value = next; // render the row now, not after the scroll event
    wantFocus.current = true; // and focus it once rendered
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const to = keyMove(e.key, activeIndex, count, viewport.value);
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      const row = rows[activeIndex];
      if (row && !loading) {
        e.preventDefault();
        onOpen(row);
      }
    }
  };

  return { active, activeIndex, onKeyDown };
}

/** The row a key moves to from `activeIndex` (↑ ↓ Home End Page Up/Down), or undefined. */
function keyMove(key: string, activeIndex: number, count: number, viewport: number) {
  const page = Math.max(1, Math.floor((viewport - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
  const moves: Record<string, number> = {
    ArrowDown: activeIndex + 1,
    ArrowUp: activeIndex - 1,
    PageDown: activeIndex + page,
    PageUp: activeIndex - page,
    Home: 0,
    End: count - 1,
  };
  return moves[key];
}

/** The scroll position that shows row `index` whole, moving as little as possible from `scrollTop`. */
function scrolledTo(index: number, scrollTop: number, viewport: number): number {
  const top = index * ROW_HEIGHT;
  const inView = viewport - HEAD_HEIGHT;
  if (top < scrollTop) return top;
  if (top + ROW_HEIGHT > scrollTop + inView) return top + ROW_HEIGHT - inView;
  return scrollTop;
}

function TableHead({
  sort,
  onSort,
  loading,
}: {
  sort: Sort;
  onSort(key: SortKey): void;
  loading: boolean;
}) {
  return (
    <thead>
      <tr aria-rowindex={1}>
        {columns.map((c) => (
          <th
            key={c.label}
            scope="col"
            aria-sort={
              c.key && sort.key === c.key
                ? sort.dir === 'asc'
                  ? 'ascending'
                  : 'descending'
                : undefined
            }
          >
            {c.key ? (
              <button
                type="button"
                class="grid__sort"
                disabled={loading}
                onClick={() => onSort(c.key as SortKey)}
              >
                {c.label}
                <span class="grid__arrow" aria-hidden="true">
                  {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            ) : (
              c.label
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * The rows in view between two spacers. A click makes a row the active one and opens it (unless
 * `onOpen` is absent: the rest is still loading); focus makes it the active one.
 */
function TableBody({
  rows,
  range: { start, end },
  activeIndex,
  currentId,
  managedIds,
  onKeyDown,
  onActive,
  onOpen,
}: {
  rows: readonly Row[];
  range: { start: number; end: number };
  activeIndex: number;
  currentId: string | null;
  managedIds: ReadonlySet<string>;
  onKeyDown(e: KeyboardEvent): void;
  onActive(index: number): void;
  onOpen?: (row: Row) => void;
}) {
  return (
    <tbody onKeyDown={onKeyDown}>
      {start > 0 && <Spacer rows={start} />}
      {rows.slice(start, end).map((row, i) => {
        const index = start + i;
        return (
          <TableRow
            key={row.mapping.id}
            row={row}
            index={index}
            current={row.mapping.id === currentId}
            managed={managedIds.has(row.mapping.id)}
            inTabOrder={index === activeIndex}
            onClick={() => {
              onActive(index);
              onOpen?.(row);
            }}
            onFocus={() => onActive(index)}
          />
        );
      })}
      {end < rows.length && <Spacer rows={rows.length - end} />}
    </tbody>
  );
}

/** A row that keeps the scroll height of `rows` rows that are not rendered. */
function Spacer({ rows }: { rows: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row has nothing focusable; it only keeps the scroll height
    <tr class="grid__spacer" aria-hidden="true" style={{ height: `${rows * ROW_HEIGHT}px` }}>
      <td colSpan={columns.length} />
    </tr>
  );
}

function TableRow({
  row,
  index,
  current,
  managed,
  inTabOrder,
  onClick,
  onFocus,
}: {
  row: Row;
  index: number;
  current: boolean;
  managed: boolean;
  inTabOrder: boolean;
  onClick(): void;
  onFocus(): void;
}) {
  const m = row.mapping;
  return (
    <tr
      class={`grid__row${m.enabled ? '' : ' grid__row--off'}`}
      data-id={m.id}
      data-index={index}
      aria-rowindex={index + 2}
      aria-current={current ? 'true' : undefined}
      tabIndex={inTabOrder ? 0 : -1}
      onClick={onClick}
      onFocus={onFocus}
    >
      <td>
        {managed ? (
          <>
            <span class="cell">{row.where}</span>
            <span class="cell">
              <ManagedBadge />
            </span>
          </>
        ) : (
          row.where
        )}
      </td>
      <td>
        <span class="cell cell--strong">{row.label}</span>
        {row.type ? (
          <span class="cell cell--weak">
            <code>{m.field}</code> · {row.type}
          </span>
        ) : (
          <span class="cell cell--weak">not in a field catalog</span>
        )}
      </td>
      <td>{m.sources.join(', ')}</td>
      <td>{m.combine === 'join' ? `Join “${m.separator}”` : 'First'}</td>
      <td>
        {m.valueMap.length === 0
          ? '—'
          : `${m.valueMap.length} ${m.valueMap.length === 1 ? 'value' : 'values'}`}
      </td>
      <td>{m.transforms.length ? m.transforms.join(', ') : '—'}</td>
      <td>{policyText[m.policy]}</td>
      <td>
        <span class={m.enabled ? 'badge badge--on' : 'badge'}>{m.enabled ? 'On' : 'Off'}</span>
      </td>
    </tr>
  );
}
