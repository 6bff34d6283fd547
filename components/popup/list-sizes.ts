/** How many mappings the popup's list renders (no imports: the popup's first script reads them too). */

/**
 * Rows rendered at first: two screens of the popup (which shows about five), few enough that the
 * list renders, and re-renders on each filter keystroke, in a few milliseconds.
 */
export const FIRST_ROWS = 10;
/** Rows added each time the end of the rendered ones comes near ("Show more", or scrolling). */
export const MORE_ROWS = 10;
/**
 * How many of a target's first mappings the popup asks for before the whole list: its first
 * screen, and one more to know whether the list is long enough for a filter.
 */
export const FIRST_ASKED = FIRST_ROWS + 1;
