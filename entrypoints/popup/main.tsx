/**
 * The popup's first script. Before anything else it asks the background for what the popup shows
 * first — the remembered target's first mappings and its fields (the registered targets,
 * components/popup/targets.ts, say which are valid) — then loads the panel (./app,
 * where the popup's requests live). The background answers while this page loads and runs its
 * code; every mapping is asked for once those first rows are painted (mappings-store `load`).
 */
import { FIRST_ASKED } from '@/components/popup/list-sizes';
import { popupStorage, rememberedTarget } from '@/components/popup/targets';
import { request } from '@/lib/messaging/request';
import type { EarlyRequests } from './app';

// The target the panel opens on (the remembered one, else the first), as the panel will choose it.
const { key, platform, object } = rememberedTarget(popupStorage());
const early: EarlyRequests = {
  target: {
    key,
    firstRows: request({ type: 'mappings:list', platform, object, limit: FIRST_ASKED }),
    fields: request({ type: 'catalog:fields', platform, object }),
  },
};
// A failure is shown by the panel when it takes the answer; until then it is not "unhandled".
for (const answer of [early.target?.firstRows, early.target?.fields]) {
  answer?.catch(() => undefined);
}
void import('./app').then(({ start }) => start(early));
