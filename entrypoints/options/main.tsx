/**
 * The options page's first script: it asks the background for the mapping table's first screen
 * (with the labels its rows show) before anything else, then loads the page (./app, where the
 * page's requests live), so the background answers while this page loads and runs its code. Every
 * mapping and the field catalogs are asked for once that first screen is painted (options-store
 * `load`).
 */
import { firstScreenRows } from '@/components/options/table-size';
import { request } from '@/lib/messaging/request';
import type { EarlyRequests } from './app';

// The table is never taller than the window: its first screen is at most this many rows.
const limit = Math.min(500, firstScreenRows(window.innerHeight));
const early: EarlyRequests = {
  limit,
  firstScreen: request({ type: 'mappings:first-screen', limit }),
};
// User Timing for the benchmark and the e2e measurement: when the mappings were first asked for.
performance.mark?.('hf:mappings-requested');
// A failure is shown by the page when it takes the answer; until then it is not "unhandled".
early.firstScreen.catch(() => undefined);
void import('./app').then(({ start }) => start(early));
