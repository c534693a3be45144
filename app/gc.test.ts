import { describe, expect, it } from 'vitest';
import { fullCollection } from './gc.js';

describe('fullCollection', () => {
  it('collects garbage when asked, without --expose-gc on the command line', () => {
    const collect = fullCollection();
    let garbage: { s: string }[] | null = Array.from({ length: 1_000_000 }, (_, i) => ({ s: `row ${i}` }));
    const held = process.memoryUsage().heapUsed;
    garbage = null;
    collect();
    expect(garbage).toBeNull();
    // a million small objects and their strings are some tens of MB: most of it is gone
    expect(held - process.memoryUsage().heapUsed).toBeGreaterThan(20 * 1024 * 1024);
  });
});
