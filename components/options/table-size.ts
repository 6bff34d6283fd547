/**
 * The mapping table's fixed sizes, and how many rows its first screen can show. No imports: the
 * options page's first script reads them to ask for that first screen before the page has loaded.
 */

/** Every body row has this height (CSS `.grid__row`), so the visible slice is pure arithmetic. */
export const ROW_HEIGHT = 44;
/** The sticky header row's height (CSS `.grid thead th`). */
export const HEAD_HEIGHT = 36;
/** Rows rendered above and below the visible ones, so fast scrolling shows no gap. */
export const OVERSCAN = 5;

/** The rows a table as tall as `viewport` renders when scrolled to its top (its first screen). */
export const firstScreenRows = (viewport: number): number =>
  Math.ceil(Math.max(0, viewport) / ROW_HEIGHT) + 1 + OVERSCAN;
