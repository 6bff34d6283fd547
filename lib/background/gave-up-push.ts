/**
 * Tells every console tab of this browser which handoffs' writes gave up (issue 16): the agent
 * may be in another chat by then, so each tab's pill turns red until the handoff is retried or
 * the alert dismissed. The list is read from the durable write queue each time (write-queue.ts
 * `gaveUp`), so a restarted worker tells the same; a tab opened later asks for it
 * (`handoff:gave-up`). A tab without our content script does not answer, which is not an error.
 */
import type { WriteQueue } from '../engine/write-queue';
import type { GaveUpAlert } from '../handoff/types';
import type { Handlers } from '../messaging/router';
import { platformDescriptors } from '../platforms/descriptor-registry';
import { GAVE_UP_PUSH } from '../sensor/own-messages';

/** The part of `browser.tabs` used here. */
export interface ConsoleTabs {
  query(q: { url: string[] }): Promise<{ id?: number }[]>;
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

/** Sends the list to every console tab; never fails (no `tabs` in most unit tests: nothing). */
export async function pushGaveUp(
  tabs: ConsoleTabs | undefined,
  list: () => Promise<GaveUpAlert[]>,
): Promise<void> {
  if (!tabs) return;
  try {
    const message = { type: GAVE_UP_PUSH, alerts: await list() };
    const url = platformDescriptors().flatMap((p) => [...p.console.matches]);
    await Promise.all(
      (await tabs.query({ url })).map((tab) =>
        tab.id === undefined ? undefined : tabs.sendMessage(tab.id, message).catch(() => undefined),
      ),
    );
  } catch {
    // A worker shutting down, storage failing: the next change, or a tab's question, tells it.
  }
}

/** The console tabs' questions: the list (a tab opened later), and the agent's dismissal. */
export function gaveUpHandlers(
  writes: Pick<WriteQueue, 'gaveUp' | 'dismissGaveUp'>,
): Pick<Handlers, 'handoff:gave-up' | 'handoff:gave-up-dismiss'> {
  return {
    'handoff:gave-up': () => writes.gaveUp(),
    'handoff:gave-up-dismiss': async ({ journalIds }) => {
      await writes.dismissGaveUp(journalIds);
      return writes.gaveUp();
    },
  };
}
