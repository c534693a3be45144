import { describe, expect, it } from 'vitest';
import { benchmarkBand, microAggregate, newBandAllowed } from './benchmark.js';

const values = (b: ReturnType<typeof benchmarkBand>['benchmark']) => [b.p25, b.p50, b.p75, b.p90];

describe('microAggregate', () => {
  it('replaces each sorted share by the mean of its group of three, the last group taking the rest', () => {
    expect(microAggregate([0.3, 0.1, 0.2, 0.6, 0.5, 0.4])).toEqual([0.2, 0.2, 0.2, 0.5, 0.5, 0.5].map((x) => expect.closeTo(x, 10)));
    expect(microAggregate([0.1, 0.2, 0.3, 0.4, 0.5])).toEqual(Array(5).fill(expect.closeTo(0.3, 10)));
    expect(microAggregate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])).toEqual(
      [0.2, 0.2, 0.2, 0.55, 0.55, 0.55, 0.55].map((x) => expect.closeTo(x, 10)),
    );
  });
});

describe('benchmarkBand: no quantile is one company\'s figure', () => {
  // The attack: among the other companies one had 5 of 5 employees on a theme (100 %), and
  // another none (0 %); both figures are suppressed in those companies' own reports.
  for (const n of [5, 6, 10]) {
    it(`with ${n} companies, neither the 100 % nor the 0 % company shows, nor any single company's share`, () => {
      const shares = [1, 0, ...[0.12, 0.18, 0.26, 0.33, 0.44, 0.47, 0.58, 0.63].slice(0, n - 2)];
      const { benchmark } = benchmarkBand(shares, 5);
      expect(benchmark.companies).toBe(n);
      const shown = values(benchmark).filter((v): v is number => v !== null);
      expect(shown.length).toBeGreaterThan(0);
      for (const v of shown) {
        expect(v).not.toBe(1);
        expect(v).not.toBe(0);
        // every shown value is a mean over >= 3 companies (with evenly spaced shares it could
        // coincide with the middle one by chance, which no reader can tell from the band)
        for (const s of shares) expect(Math.abs(v - s), `quantile ${v} equals a company's ${s}`).toBeGreaterThan(0.004);
      }
    });
  }

  it('with plain quantiles p90 of six companies would have been the 100 % company (the attack this prevents)', () => {
    const shares = [1, 0.2, 0.25, 0.3, 0.35, 0.4];
    const sorted = [...shares].sort((a, b) => a - b);
    const plainP90 = sorted[4]! + (sorted[5]! - sorted[4]!) * 0.5;
    expect(plainP90).toBeGreaterThan(0.65);
    expect(benchmarkBand(shares, 5).benchmark.p90).toBeLessThan(0.6);
  });

  it('withholds quantiles that round to 0 % or 100 % (every company of a group had none, or all)', () => {
    const { benchmark, extremes } = benchmarkBand([0, 0, 0, 0, 0, 0.2], 5);
    expect(benchmark).toEqual({ companies: 6, p25: null, p50: 0.03, p75: 0.07, p90: 0.07 });
    expect(extremes).toBe(true);
    expect(benchmarkBand([1, 1, 1, 1, 1, 1], 5).benchmark).toEqual({ companies: 6, p25: null, p50: null, p75: null, p90: null });
  });

  it('withholds everything under the minimum number of companies', () => {
    expect(benchmarkBand([0.2, 0.3, 0.4, 0.5], 5)).toEqual({ benchmark: { companies: 4, p25: null, p50: null, p75: null, p90: null }, extremes: false });
  });
});

describe('newBandAllowed: no sum of a company\'s bands is one other company (attack)', () => {
  // v1's band over a1–a3 and x, v2's over x and c1–c3 (three left, three entered: pairwise
  // fine), v3's over all seven (three entered against each): v1 + v2 − v3 is x alone, as a
  // pooled keyword share's counts add up
  const v1 = { a1: 1, a2: 1, a3: 1, x: 1 };
  const v2 = { x: 1, c1: 1, c2: 1, c3: 1 };
  const v3 = { ...v1, ...v2 };
  it('refuses the third band that the first two sum down to one company with', () => {
    expect(newBandAllowed(v2, [v1])).toBe(true);
    expect(newBandAllowed(v3, [v1, v2])).toBe(false);
  });
  it('allows it when x is one of three companies every sum keeps together', () => {
    const w1 = { a1: 1, a2: 1, a3: 1, x: 1, y: 1, z: 1 };
    const w2 = { x: 1, y: 1, z: 1, c1: 1, c2: 1, c3: 1 };
    expect(newBandAllowed(w2, [w1])).toBe(true);
    expect(newBandAllowed({ ...w1, ...w2 }, [w1, w2])).toBe(true);
  });
});
