import { describe, expect, it } from 'vitest';
import { retryHelps } from '../../../lib/handoff/retry-helps';
import type { FieldOutcome, HandoffView, NoticeCode } from '../../../lib/handoff/types';

const base: HandoffView = {
  record: { platform: 'salesforce', org: 'acme', object: 'Case', id: '500x' },
  state: 'done',
  fields: [],
  at: 0,
};
const f = (outcome: FieldOutcome['outcome']): FieldOutcome => ({
  field: 'F__c',
  label: 'F',
  value: 'v',
  outcome,
});

/** A whole view, as the engine asks about it. */
const helps = (view: HandoffView) => retryHelps(view);

describe('where Retry helps (the background decides it for every view)', () => {
  it('offers retry only where it can help', () => {
    const context = {
      form: 'key-value' as const,
      trust: 'bot-authored' as const,
      author: 'bot',
      messageId: 'm1',
      values: { Tier: 'Gold' },
    };
    const target = base.record;
    const notice = (code: NoticeCode) => ({ code, message: 'm' });
    expect(helps({ ...base, state: 'waiting' })).toBe(false);
    expect(helps({ ...base, fields: [f('written'), f('skipped')] })).toBe(false);
    // A refused value (a value-map miss, a validation rule): the same answer again.
    expect(helps({ ...base, context, fields: [f('written'), f('refused')] })).toBe(false);
    // A context that was not used: customer-typed, unverified, refused (edited, quoted…).
    for (const trust of ['unverified', 'refused'] as const) {
      const refused = {
        ...base,
        state: 'failed' as const,
        context: { ...context, trust, author: 'customer' },
        notice: notice('context-untrusted'),
      };
      expect(helps(refused), trust).toBe(false);
    }
    expect(helps({ ...base, state: 'failed', notice: notice('context-edited') })).toBe(false);
    expect(helps({ ...base, state: 'failed', notice: notice('no-mappings') })).toBe(false);
    // Writes given up, waiting to be retried; session, transient and outage failures: yes.
    const failedWrite = { target, state: 'failed' as const, attempts: 8, maxAttempts: 8 };
    expect(helps({ ...base, state: 'failed', context, queue: [failedWrite] })).toBe(true);
    const waiting = { ...failedWrite, state: 'retrying' as const, attempts: 2 };
    expect(helps({ ...base, state: 'pending', context, queue: [waiting] })).toBe(true);
    for (const code of [
      'session-expired',
      'session-missing',
      // The agent connects, reconnects as the console's user, or an admin sets the consumer key.
      'connect-needed',
      'wrong-user',
      'connect-not-set-up',
      'network',
      'platform-unavailable',
      'rate-limited',
    ] as const) {
      expect(helps({ ...base, state: 'failed', context, notice: notice(code) }), code).toBe(true);
    }
  });
});
