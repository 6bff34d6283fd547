/**
 * The popup's first script. Before anything else it asks the background for what the popup shows
 * first — the remembered target's first mappings and its fields — and for every mapping, then
 * loads the panel (./app, where the popup's requests live). The background answers while this
 * page loads and runs its code, and the first rows paint before all 5,000 mappings have arrived.
 */
import { FIRST_ASKED } from '@/components/popup/list-sizes';
import { popupStorage, storedTargetKey } from '@/components/popup/remembered';
import { request } from '@/lib/messaging/client';
import type { EarlyRequests } from './app';

const key = storedTargetKey(popupStorage()) ?? 'salesforce:Case';
const [platform, object = ''] = key.split(':');
// The small requests first: the background answers them before it reads every mapping.
const target =
  (platform === 'salesforce' || platform === 'kustomer') && object
    ? {
        key,
        firstRows: request({ type: 'mappings:list', platform, object, limit: FIRST_ASKED }),
        fields: request({ type: 'catalog:fields', platform, object }),
      }
    : undefined;
const early: EarlyRequests = { target, list: request({ type: 'mappings:list' }) };
// A failure is shown by the panel when it takes the answer; until then it is not "unhandled".
for (const answer of [early.list, early.target?.firstRows, early.target?.fields]) {
  answer?.catch(() => undefined);
}
void import('./app').then(({ start }) => start(early));
