/**
 * The options page's first script: it asks the background for the mappings and the field catalogs
 * before anything else, then loads the page (./app, where the page's requests live), so the
 * background answers while this page loads and runs its code.
 */
import { request } from '@/lib/messaging/client';

const early = {
  list: request({ type: 'mappings:list' }),
  catalogs: request({ type: 'catalog:list' }),
};
// User Timing for the benchmark and the e2e measurement: when the list was really asked for.
performance.mark?.('hf:mappings-requested');
// A failure is shown by the page when it takes the answer; until then it is not "unhandled".
early.list.catch(() => undefined);
early.catalogs.catch(() => undefined);
void import('./app').then(({ start }) => start(early));
