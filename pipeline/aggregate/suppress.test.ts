import { describe, expect, it } from 'vitest';
import { suppress } from './suppress.js';

const asObject = (m: Map<string, string>) => Object.fromEntries([...m].sort());

describe('suppress', () => {
  it('hides cells under k and nothing else when no group leaks', () => {
    const r = suppress({ cells: [{ id: 'a', n: 4 }, { id: 'b', n: 5 }, { id: 'c', n: 9 }], groups: [], k: 5 });
    expect(asObject(r)).toEqual({ a: 'below_k' });
  });

  it('adds the smallest sibling when one hidden cell could be recovered from the total', () => {
    // a + b + c = 20 is published; hiding only a (2) would let anyone compute it.
    const r = suppress({
      cells: [{ id: 'a', n: 2 }, { id: 'b', n: 7 }, { id: 'c', n: 11 }],
      groups: [['a', 'b', 'c']],
      k: 5,
    });
    expect(asObject(r)).toEqual({ a: 'below_k', b: 'complementary' });
  });

  it('keeps going while the hidden cells of a group add up to fewer than k', () => {
    const r = suppress({
      cells: [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 6 }, { id: 'd', n: 8 }],
      groups: [['a', 'b', 'c', 'd']],
      k: 5,
    });
    // a and b are both under k but together only 3: their sum would be a figure from 3 people.
    expect(asObject(r)).toEqual({ a: 'below_k', b: 'below_k', c: 'complementary' });
  });

  it('cascades through parents and overlapping groups', () => {
    // Department sizes (groups: partition of 20 employees), and a theme count per department.
    const r = suppress({
      cells: [
        { id: 'dept:A', n: 3 },
        { id: 'dept:B', n: 8 },
        { id: 'dept:C', n: 9 },
        { id: 'theme:A', n: 2, parent: 'dept:A' },
        { id: 'theme:B', n: 6, parent: 'dept:B' },
        { id: 'theme:C', n: 7, parent: 'dept:C' },
      ],
      groups: [['dept:A', 'dept:B', 'dept:C'], ['theme:A', 'theme:B', 'theme:C']],
      k: 5,
    });
    expect(asObject(r)).toEqual({
      'dept:A': 'below_k',
      'dept:B': 'complementary',
      'theme:A': 'below_k',
      'theme:B': 'base_suppressed',
    });
  });

  it('never leaves a group with exactly one hidden cell or a recoverable small sum', () => {
    // Property check over many random tables.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 300; t++) {
      const cells = Array.from({ length: 2 + Math.floor(rnd() * 6) }, (_, i) => ({ id: `c${i}`, n: Math.floor(rnd() * 12) }));
      const k = 3 + Math.floor(rnd() * 3);
      const group = cells.map((c) => c.id);
      const hidden = suppress({ cells, groups: [group], k });
      const h = cells.filter((c) => hidden.has(c.id));
      for (const c of cells) if (c.n < k) expect(hidden.has(c.id)).toBe(true);
      if (h.length > 0 && h.length < cells.length) {
        expect(h.length).toBeGreaterThan(1);
        expect(h.reduce((s, c) => s + c.n, 0)).toBeGreaterThanOrEqual(k);
      }
    }
  });

  it('rejects a group that names an unknown cell', () => {
    expect(() => suppress({ cells: [{ id: 'a', n: 9 }], groups: [['a', 'zz']], k: 5 })).toThrow(/unknown cell "zz"/);
  });
});
