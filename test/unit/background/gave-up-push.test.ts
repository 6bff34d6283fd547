/**
 * The console tabs told when writes give up (lib/background/gave-up-push.ts): every tab of every
 * platform's console gets the whole list; a tab without the content script is not an error.
 */
import { describe, expect, it } from 'vitest';
import { pushGaveUp } from '@/lib/background/gave-up-push';
import type { GaveUpAlert } from '@/lib/handoff/types';
import { GAVE_UP_PUSH } from '@/lib/sensor/own-messages';

const alert: GaveUpAlert = {
  journalId: 3,
  target: { platform: 'salesforce', org: 'acme', object: 'Case', id: '5005g00000HfCa1AAF' },
  at: 1,
};

describe('telling the console tabs that writes gave up', () => {
  it('sends the list to every console tab, whatever a tab without the content script answers', async () => {
    const asked: string[][] = [];
    const sent: [number, unknown][] = [];
    await pushGaveUp(
      {
        async query({ url }) {
          asked.push(url);
          return [{ id: 1 }, { id: 2 }, {}];
        },
        async sendMessage(id, message) {
          if (id === 2)
            throw new Error('Could not establish connection. Receiving end does not exist.');
          sent.push([id, message]);
          return undefined;
        },
      },
      async () => [alert],
    );
    // The consoles of every registered platform, by their match patterns.
    expect(asked[0]?.some((u) => u.includes('force.com'))).toBe(true);
    expect(asked[0]?.some((u) => u.includes('kustomerapp.com'))).toBe(true);
    expect(sent).toEqual([[1, { type: GAVE_UP_PUSH, alerts: [alert] }]]);
  });

  it('never fails: a list that cannot be read tells nobody, and the next change tries again', async () => {
    const sent: unknown[] = [];
    const tabs = {
      query: async () => [{ id: 1 }],
      sendMessage: async (_id: number, m: unknown) => sent.push(m),
    };
    await expect(
      pushGaveUp(tabs, async () => {
        throw new Error('storage failed');
      }),
    ).resolves.toBeUndefined();
    expect(sent).toEqual([]);
    await expect(pushGaveUp(undefined, async () => [alert])).resolves.toBeUndefined();
  });
});
