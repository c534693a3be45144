import { describe, expect, it } from 'vitest';
import { fullCollection, limitHeapGrowth } from './gc.js';

describe('fullCollection', () => {
  it('collects garbage when asked, without --expose-gc on the command line', async () => {
    const collect = fullCollection();
    const ref = new WeakRef(Array.from({ length: 1_000_000 }, (_, i) => ({ s: `row ${i}` })));
    // a WeakRef holds its target until the current job ends
    await new Promise((resolve) => setTimeout(resolve, 0));
    collect();
    expect(ref.deref()).toBeUndefined();
  });
});

describe('limitHeapGrowth', () => {
  /** How far the heap rises above what is alive (a million live objects) while 40 rounds of
   * ~10 MB of short-lived garbage are made. */
  const overshoot = (collect: () => void) => {
    const alive = Array.from({ length: 1_000_000 }, (_, i) => ({ s: `alive ${i}` }));
    collect();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let round = 0; round < 40; round++) {
      const garbage = Array.from({ length: 100_000 }, (_, i) => ({ s: `garbage ${round} ${i}` }));
      peak = Math.max(peak, process.memoryUsage().heapUsed - garbage.length);
    }
    expect(alive).toHaveLength(1_000_000);
    return peak - base;
  };

  it('keeps the heap near what is alive while garbage is made', () => {
    const collect = fullCollection();
    limitHeapGrowth(10);
    try {
      // V8's default lets a few hundred MB pile up here
      expect(overshoot(collect)).toBeLessThan(150 * 1024 * 1024);
    } finally {
      limitHeapGrowth(0);
    }
  });
});
