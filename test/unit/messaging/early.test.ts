// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { takeOnce } from '@/lib/messaging/early';

describe('takeOnce', () => {
  it('answers the first call with the early answer, and asks on every later call', async () => {
    const first = takeOnce(Promise.resolve('early'));
    const ask = vi.fn(async () => 'asked');
    expect(await first(ask)).toBe('early');
    expect(ask).not.toHaveBeenCalled();
    expect(await first(ask)).toBe('asked');
    expect(await first(ask)).toBe('asked');
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('with a key, gives the early answer only to a first call about the same thing', async () => {
    const same = takeOnce(Promise.resolve('early'), 'salesforce:Case');
    expect(await same(async () => 'asked', 'salesforce:Case')).toBe('early');

    const other = takeOnce(Promise.resolve('early'), 'salesforce:Case');
    expect(await other(async () => 'asked', 'kustomer:conversation')).toBe('asked');
    // The first call used up the early answer, even though it was about something else.
    expect(await other(async () => 'asked again', 'salesforce:Case')).toBe('asked again');
  });

  it('asks when there was no early request', async () => {
    const none = takeOnce<string>(undefined, undefined);
    expect(await none(async () => 'asked', 'salesforce:Case')).toBe('asked');
  });
});
