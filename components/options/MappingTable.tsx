import { useSignal } from '@preact/signals';
import { useEffect, useId, useLayoutEffect, useRef } from 'preact/hooks';
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
  onOpen,
  focusRequest,
  labelledBy,
  loading = false,
}: MappingTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);
  const viewport = useSignal(DEFAULT_VIEWPORT);
  /** The row in the tab order (roving tabindex), by index in `rows`. */
  const active = useSignal(0);
  /** Focus the active row after the next render (it may only now be rendered). */
  const wantFocus = useRef(false);
  const hintId = useId();
  const rendered = useRef(false);

  // The viewport's height, measured once and on resize (never during scrolling).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => {
      if (el.clientHeight > 0) viewport.value = el.clientHeight;
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const count = rows.length;
  const activeIndex = Math.min(active.value, Math.max(0, count - 1));

  // First paint with rows: a User Timing mark for the benchmark and the e2e measurement.
  useEffect(() => {
    if (rendered.current || count === 0) return;
    rendered.current = true;
    performance.mark?.('hf:mappings-table-rendered');
  });

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
    const top = target * ROW_HEIGHT;
    const inView = viewport.value - HEAD_HEIGHT;
    let next = el.scrollTop;
    if (top < next) next = top;
    else if (top + ROW_HEIGHT > next + inView) next = top + ROW_HEIGHT - inView;
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
    const page = Math.max(1, Math.floor((viewport.value - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: count - 1,
    };
    const to = moves[e.key];
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

  const { start, end } = visibleRange(count, scrollTop.value, viewport.value);
  const slice = rows.slice(start, end);

  return (
    <div
      class="grid-scroll"
      ref={scrollRef}
      onScroll={(e) => {
        scrollTop.value = e.currentTarget.scrollTop;
      }}
    >
      <p class="sr-only" id={hintId}>
        {loading
          ? `The first ${count} of ${total} mappings; loading the others.`
          : `${count} of ${total} mappings. Up and down arrows move between rows; Enter opens a mapping in the editor.`}
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
        <tbody onKeyDown={onKeyDown}>
          {start > 0 && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row has nothing focusable; it only keeps the scroll height
            <tr
              class="grid__spacer"
              aria-hidden="true"
              style={{ height: `${start * ROW_HEIGHT}px` }}
            >
              <td colSpan={columns.length} />
            </tr>
          )}
          {slice.map((row, i) => {
            const index = start + i;
            const m = row.mapping;
            return (
              <tr
                key={m.id}
                class={`grid__row${m.enabled ? '' : ' grid__row--off'}`}
                data-id={m.id}
                data-index={index}
                aria-rowindex={index + 2}
                aria-current={m.id === currentId ? 'true' : undefined}
                tabIndex={index === activeIndex ? 0 : -1}
                onClick={() => {
                  active.value = index;
                  if (!loading) onOpen(row);
                }}
                onFocus={() => {
                  active.value = index;
                }}
              >
                <td>{row.where}</td>
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
                  <span class={m.enabled ? 'badge badge--on' : 'badge'}>
                    {m.enabled ? 'On' : 'Off'}
                  </span>
                </td>
              </tr>
            );
          })}
          {end < count && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: as above
            <tr
              class="grid__spacer"
              aria-hidden="true"
              style={{ height: `${(count - end) * ROW_HEIGHT}px` }}
            >
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
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
