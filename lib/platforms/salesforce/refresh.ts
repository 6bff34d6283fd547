/**
 * Refreshing the open record's view in place, without reloading the console. Salesforce documents
 * `$A.get('e.force:refreshView').fire()`: "Reloads the view without a page reload"; on a Lightning
 * record page it reloads the data of the standard components, and one.app handles it
 * (developer.salesforce.com, component library, `force:refreshView`, Beta).
 *
 * `$A` lives in the page's world, which the content script cannot see: a main-world content script
 * (entrypoints/salesforce-refresh.content.ts) answers requests sent as DOM events on `document`.
 * Both halves are here, small and without zod (the content side).
 *
 * The page is hostile and shares `document` with both: it can send the request too (harmless: the
 * view is refreshed) and it can fake the answer. So the answer carries one word and chooses only
 * whether the panel tells the agent that the console may show older values; nothing else trusts it.
 *
 * *Unverified*: whether `force:refreshView` refreshes the Enhanced Messaging component and the
 * custom fields a standard record detail shows (the docs promise "standard components"), which tab
 * it refreshes when several records are open (the docs say "the view"), and what it does to an
 * inline edit in progress.
 */

/** The content script asks the page's world to refresh the view. */
export const REFRESH_REQUEST = 'handoff-fields:refresh-view';
/** The page's world answers: `REFRESHED` when `force:refreshView` was fired. */
export const REFRESH_ANSWER = 'handoff-fields:refresh-view-answer';
export const REFRESHED = 'refreshed';
export const NOT_REFRESHED = 'unavailable';

/** Aura's `$A`, as far as this file calls it. */
interface Aura {
  get?(name: string): { fire?(): unknown } | null | undefined;
}

/**
 * The main world's half, for the page's life: on each request, fires `force:refreshView` if
 * Lightning's `$A` is there, and answers whether it could.
 */
export function answerRefreshRequests(doc: Document, page: { $A?: unknown }): void {
  doc.addEventListener(REFRESH_REQUEST, () => {
    let fired = false;
    try {
      const event = (page.$A as Aura | undefined)?.get?.('e.force:refreshView');
      if (typeof event?.fire === 'function') {
        event.fire();
        fired = true;
      }
    } catch {
      // Not Lightning, or a page that breaks $A: the content script shows its fallback.
    }
    doc.dispatchEvent(
      new CustomEvent(REFRESH_ANSWER, { detail: fired ? REFRESHED : NOT_REFRESHED }),
    );
  });
}

/**
 * The content script's half: asks the page's world to refresh the view and says whether it
 * answered that it did. DOM events reach every world's listeners during `dispatchEvent` itself, so
 * the answer, when there is one, has arrived when it returns: no answer means no main-world script
 * (or a page that stopped the request), and any answer but the one word means not refreshed.
 */
export function refreshRecordView(doc: Document): boolean {
  let refreshed = false;
  // `detail` is the DOM's own getter, which the page cannot replace in this world.
  const hear = (answer: Event) => {
    refreshed = (answer as CustomEvent).detail === REFRESHED;
  };
  doc.addEventListener(REFRESH_ANSWER, hear);
  doc.dispatchEvent(new CustomEvent(REFRESH_REQUEST));
  doc.removeEventListener(REFRESH_ANSWER, hear);
  return refreshed;
}
