import { describe, expect, it } from 'vitest';
import { worthSending } from '../../../lib/context/candidate';
import type { CandidateMessage } from '../../../lib/platforms/types';
import { MESSAGES_MAX, messageMemory } from '../../../lib/sensor/message-memory';

const worth = (m: CandidateMessage) => worthSending(m.author, m.text);
const RECORD = 'salesforce:acme:Case:5005g00000HfCa1AAF';
const msg = (id: string, text: string, author: CandidateMessage['author'] = 'customer') =>
  ({ platformMessageId: id, author, text }) as CandidateMessage;

describe('the content script’s message memory', () => {
  it('relays a message once, and an edit again marked as edited', () => {
    const memory = messageMemory(worth);
    expect(memory.fresh(RECORD, [msg('m1', 'Account Tier: Gold')])).toHaveLength(1);
    expect(memory.fresh(RECORD, [msg('m1', 'Account Tier: Gold')])).toEqual([]);
    const [edited] = memory.fresh(RECORD, [msg('m1', 'Account Tier: Platinum')]);
    expect(edited).toMatchObject({ platformMessageId: 'm1', edited: true });
  });

  it('tells an edit of a message whose first text held no context', () => {
    const memory = messageMemory(worth);
    expect(memory.fresh(RECORD, [msg('m2', 'Hello there', 'bot')])).toEqual([]);
    const [edited] = memory.fresh(RECORD, [
      msg('m2', 'Handoff context. Account Tier: Gold', 'bot'),
    ]);
    expect(edited?.edited).toBe(true);
  });

  it('keeps the same message of two records apart', () => {
    const memory = messageMemory(worth);
    expect(memory.fresh(RECORD, [msg('m1', 'Tier: Gold')])).toHaveLength(1);
    expect(memory.fresh(`${RECORD}x`, [msg('m1', 'Tier: Gold')])).toHaveLength(1);
  });

  it('never marks a made-up position id as edited', () => {
    const memory = messageMemory(worth);
    memory.fresh(RECORD, [msg('pos-3-10', 'Tier: Gold')]);
    const [next] = memory.fresh(RECORD, [msg('pos-3-10', 'Tier: Silver')]);
    expect(next?.edited).toBeUndefined();
  });

  it('holds at most its cap of messages over a long shift, the least recently read forgotten', () => {
    const memory = messageMemory(worth, 100);
    for (let i = 0; i < 1_000; i++) memory.fresh(RECORD, [msg(`m${i}`, `Line ${i}: hello`)]);
    expect(memory.size).toBe(100);
    // The newest are still known (not relayed again); the oldest were forgotten (relayed again).
    expect(memory.fresh(RECORD, [msg('m999', 'Line 999: hello')])).toEqual([]);
    expect(memory.fresh(RECORD, [msg('m0', 'Line 0: hello')])).toHaveLength(1);
  });

  it('keeps a message read again recent (a watched list re-read is never forgotten)', () => {
    const memory = messageMemory(worth, 3);
    memory.fresh(RECORD, [msg('a', 'A: 1')]);
    memory.fresh(RECORD, [msg('b', 'B: 1'), msg('c', 'C: 1')]);
    memory.fresh(RECORD, [msg('a', 'A: 1')]); // read again: recent
    memory.fresh(RECORD, [msg('d', 'D: 1')]); // forgets b, the least recently read
    expect(memory.fresh(RECORD, [msg('a', 'A: 1')])).toEqual([]);
    expect(memory.fresh(RECORD, [msg('b', 'B: 1')])).toHaveLength(1);
  });

  it('holds one message’s relayed versions to a few, however often it is edited', () => {
    const memory = messageMemory(worth);
    for (let i = 0; i < 100; i++) memory.fresh(RECORD, [msg('m1', `Tier: ${i}`)]);
    // The 100th version is known; the first, long dropped, is relayed again (and marked edited).
    expect(memory.fresh(RECORD, [msg('m1', 'Tier: 99')])).toEqual([]);
    const [again] = memory.fresh(RECORD, [msg('m1', 'Tier: 0')]);
    expect(again).toBeDefined();
    expect(again?.edited).toBeUndefined(); // Tier: 0 was the first text
  });

  it('keeps no message text (a 70,000-character message costs a short key)', () => {
    const memory = messageMemory(worth);
    expect(MESSAGES_MAX).toBeGreaterThanOrEqual(10 * 2_000);
    const long = `Notes: ${'x'.repeat(70_000)}`;
    memory.fresh(RECORD, [msg('m1', long)]);
    expect(memory.fresh(RECORD, [msg('m1', long)])).toEqual([]);
    expect(memory.fresh(RECORD, [msg('m1', `${long}y`)])[0]?.edited).toBe(true);
  });
});
