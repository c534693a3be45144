import { describe, expect, it } from 'vitest';
import { recentlyUsed, setRecent } from './recent.js';

describe('recent', () => {
  it('keeps the most recently set entries', () => {
    const m = new Map<string, number>();
    for (const [k, v] of [['a', 1], ['b', 2], ['a', 3], ['c', 4]] as const) setRecent(m, k, v, 2);
    expect([...m]).toEqual([['a', 3], ['c', 4]]);
  });

  it('loads once per key while kept, loads again after eviction or a failure', async () => {
    const calls: string[] = [];
    let fail = true;
    const get = recentlyUsed(async (k: string) => {
      calls.push(k);
      if (k === 'x' && fail) throw new Error('not yet');
      return k.toUpperCase();
    }, 2);
    await expect(get('x')).rejects.toThrow('not yet');
    fail = false;
    expect(await get('x')).toBe('X');
    expect(await get('x')).toBe('X');
    await get('y');
    await get('z'); // x is now the least recently used and goes
    await get('x');
    expect(calls).toEqual(['x', 'x', 'y', 'z', 'x']);
  });
});
