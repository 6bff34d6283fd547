/**
 * What the background adds to a handoff's view as it sends it to the panel: whether Retry can
 * help (retry-helps.ts) and, for each refused field, what the agent can do (refusal-words.ts).
 * Decided here, not in the widget: the content script loads on every console page and has the
 * tighter size budget (30 KB gzip), and the words are the same for every tab.
 */
import { refusalWords } from './refusal-words';
import { retryHelps } from './retry-helps';
import type { HandoffView } from './types';

export function forPanel(view: HandoffView): HandoffView {
  return {
    ...view,
    fields: view.fields.map((f) => (f.outcome === 'refused' ? { ...f, hint: refusalWords(f) } : f)),
    retryHelps: retryHelps(view),
  };
}
