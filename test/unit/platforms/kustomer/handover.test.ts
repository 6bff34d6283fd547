import { describe, expect, it } from 'vitest';
import { HANDOVER_MS, readHandover } from '@/lib/platforms/kustomer/handover';
import type { RecordRef } from '@/lib/platforms/types';

const conversation = (n: number): RecordRef => ({
  platform: 'kustomer',
  org: 'acme',
  object: 'conversation',
  id: `c${n}`,
});

describe('readHandover', () => {
  it('hands a read over once, within HANDOVER_MS', async () => {
    const t = { now: 0 };
    const h = readHandover<string>(() => t.now);
    h.handOver(conversation(1), 'read', h.ask());
    expect(await h.fresh(conversation(1))).toBe('read');
    expect(await h.takeOver(conversation(1))).toBe('read');
    expect(await h.takeOver(conversation(1))).toBeUndefined();
    h.handOver(conversation(1), 'again', h.ask());
    t.now += HANDOVER_MS + 1;
    expect(await h.takeOver(conversation(1))).toBeUndefined();
  });

  it('voids a read asked before a write of the same record started or ended, not of another', async () => {
    const h = readHandover<string>(() => 0);
    const askOne = h.ask();
    const askTwo = h.ask();
    await h.writing(conversation(1), async () => undefined);
    h.handOver(conversation(1), 'stale', askOne);
    h.handOver(conversation(2), 'other record', askTwo);
    expect(await h.takeOver(conversation(1))).toBeUndefined();
    expect(await h.takeOver(conversation(2))).toBe('other record');
  });

  it('makes a read wait for the same record asked early, and takes its answer', async () => {
    const h = readHandover<string>(() => 0);
    let answer: (v: string) => void = () => undefined;
    const early = new Promise<string>((resolve) => {
      answer = resolve;
    });
    const ask = h.ask();
    h.asking(
      conversation(1),
      early.then((data) => {
        h.handOver(conversation(1), data, ask);
        return data;
      }),
    );
    const taken = h.takeOver(conversation(1));
    answer('early');
    expect(await taken).toBe('early');
  });

  it('remembers the writes of at most 500 records over a shift, and then only voids reads', async () => {
    const h = readHandover<string>(() => 0);
    const ask = h.ask();
    for (let n = 0; n < 2_000; n++) await h.writing(conversation(n), async () => undefined);
    expect(h.tracked()).toBeLessThanOrEqual(500);
    // A read asked before the generations were forgotten is never handed over.
    h.handOver(conversation(1_999_999), 'asked long ago', ask);
    expect(await h.takeOver(conversation(1_999_999))).toBeUndefined();
  });
});
