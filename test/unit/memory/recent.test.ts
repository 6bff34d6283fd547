import { describe, expect, it } from 'vitest';
import { recentKeys, recentMap } from '../../../lib/memory/recent';

describe('recentMap', () => {
  it('holds at most its cap, the least recently used forgotten first', () => {
    const map = recentMap<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c'].entries()) map.set(k, i);
    expect(map.get('a')).toBe(0); // used: now the most recent
    map.set('d', 3);
    expect(map.size).toBe(3);
    expect(map.get('b')).toBeUndefined();
    expect([map.get('a'), map.get('c'), map.get('d')]).toEqual([0, 2, 3]);
  });

  it('stays at its cap however many keys go through it', () => {
    const map = recentMap<number, number>(100);
    for (let i = 0; i < 10_000; i++) map.set(i, i);
    expect(map.size).toBe(100);
    expect(map.get(9_999)).toBe(9_999);
    expect(map.get(0)).toBeUndefined();
  });
});

describe('recentKeys', () => {
  it('holds at most its cap of keys', () => {
    const keys = recentKeys(2);
    keys.add('a');
    keys.add('b');
    keys.add('c');
    expect(keys.size).toBe(2);
    expect(keys.has('a')).toBe(false);
    expect(keys.has('c')).toBe(true);
  });
});
