import { describe, expect, it } from 'vitest';
import { QueueStatus } from '../../../components/widget/QueueStatus';
import {
  needsPoll,
  queueWords,
  summaryParts,
  timeWords,
} from '../../../components/widget/view-text';
import type { HandoffView, WriteProgress } from '../../../lib/handoff/types';
import { mount } from './dom';

const target = {
  platform: 'salesforce',
  org: 'acme',
  object: 'Case',
  id: '5005g00000HfCa1AAF',
} as const;
const at = Date.UTC(2026, 10, 21, 10, 31, 5);
const item = (patch: Partial<WriteProgress>): WriteProgress => ({
  target,
  state: 'pending',
  attempts: 0,
  maxAttempts: 8,
  ...patch,
});
const view = (patch: Partial<HandoffView>): HandoffView => ({
  record: target,
  state: 'pending',
  fields: [],
  at,
  ...patch,
});

describe('the widget on queued writes', () => {
  it('says what is pending, when the next attempt is, and when it gave up', () => {
    expect(queueWords(item({}))).toBe('Writing…');
    expect(queueWords(item({}), true)).toBe('Writing Case 5005g00000HfCa1AAF…');
    // While automatic retries run, one message, with nothing for the agent to do and no code.
    const outage = {
      code: 'platform-unavailable' as const,
      message: 'Salesforce is not answering normally. Nothing was written yet.',
      detail: 'SERVER_UNAVAILABLE: Server unavailable',
    };
    const retrying = item({ state: 'retrying', attempts: 2, nextAttemptAt: at, lastError: outage });
    expect(queueWords(retrying)).toBe(`Retrying automatically at ${timeWords(at)} — nothing to do`);
    expect(queueWords(retrying, true)).toBe(
      `Retrying Case 5005g00000HfCa1AAF automatically at ${timeWords(at)} — nothing to do`,
    );
    expect(queueWords(item({ state: 'pending', attempts: 2 }))).toBe('Trying again now…');
    expect(timeWords(at)).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    expect(queueWords(item({ state: 'failed', attempts: 8 }))).toBe(
      'Case 5005g00000HfCa1AAF was not written after 8 attempts.',
    );
    // A first attempt that failed for good is explained by the notice alone.
    expect(queueWords(item({ state: 'failed', attempts: 1 }))).toBeNull();
  });

  it('polls only while something is pending or retrying', () => {
    expect(needsPoll(null)).toBe(false);
    expect(needsPoll(view({ state: 'pending' }))).toBe(true);
    expect(needsPoll(view({ state: 'done', queue: [item({ state: 'retrying' })] }))).toBe(true);
    expect(
      needsPoll(view({ state: 'failed', queue: [item({ state: 'failed', attempts: 8 })] })),
    ).toBe(false);
    expect(needsPoll(view({ state: 'done' }))).toBe(false);
  });

  it('puts the next attempt time in the one-line summary, and nothing contradicting it', () => {
    const pending = { field: 'A__c', label: 'A', value: 'x', outcome: 'pending' as const };
    const parts = summaryParts(
      view({
        fields: [pending],
        queue: [item({ state: 'retrying', attempts: 1, nextAttemptAt: at })],
      }),
    );
    expect(parts).toEqual([`retrying at ${timeWords(at)}`]);
    expect(summaryParts(view({}))).toEqual(['Writing…']);
  });

  it('renders one status line a write, with the time as a machine-readable <time>', async () => {
    const root = await mount(
      <QueueStatus
        queue={[
          item({ state: 'retrying', attempts: 1, nextAttemptAt: at }),
          item({ state: 'failed', attempts: 1, target: { ...target, id: 'other' } }),
        ]}
      />,
    );
    const lines = root.querySelectorAll('.hf-queue__item');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.getAttribute('data-state')).toBe('retrying');
    expect(lines[0]?.querySelector('time')?.getAttribute('datetime')).toBe(
      new Date(at).toISOString(),
    );
    // A live region around a real list (a role on the <ul> would take its list semantics away).
    const list = root.querySelector('.hf-queue');
    expect(list?.tagName).toBe('UL');
    expect(list?.hasAttribute('role')).toBe(false);
    expect(list?.parentElement?.getAttribute('role')).toBe('status');
  });
});
