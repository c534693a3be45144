import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { combinationsSafe } from './combinations.js';

const K = 5;

/** Reports as an attacker holds them: per report, who is behind it with what digest. */
function reports(n: number, people: { id: string; in: Record<number, string> }[]): Map<string, string>[] {
  return Array.from({ length: n }, (_, i) => new Map(people.filter((p) => p.in[i] !== undefined).map((p) => [p.id, p.in[i]!])));
}
const group = (prefix: string, size: number, inReports: Record<number, string>) =>
  Array.from({ length: size }, (_, i) => ({ id: `${prefix}${i}`, in: Object.fromEntries(Object.entries(inReports).map(([r, d]) => [r, `${d}${i}`])) }));

describe('combinationsSafe', () => {
  // reports 0: July–August, 1: August–September, 2: Q3
  it('finds July–August + August–September − Q3, which leaves August alone', () => {
    const people = [...group('jul', 10, { 0: 'a', 2: 'a' }), ...group('sep', 10, { 1: 's', 2: 's' }), ...group('aug', 1, { 0: 'v', 1: 'v', 2: 'v' })];
    expect(combinationsSafe(reports(3, people), K)).toBe(false);
  });
  it('lets the same three through when August has k employees', () => {
    const people = [...group('jul', 10, { 0: 'a', 2: 'a' }), ...group('sep', 10, { 1: 's', 2: 's' }), ...group('aug', K, { 0: 'v', 1: 'v', 2: 'v' })];
    expect(combinationsSafe(reports(3, people), K)).toBe(true);
  });

  // reports 0: July, 1: August, 2: September, 3: Q3; people seen in two months differ in each
  const months = () => [...group('jul', 10, { 0: 'j', 3: 'j' }), ...group('aug', 10, { 1: 'a', 3: 'a' }), ...group('sep', 10, { 2: 's', 3: 's' })];
  it('counts together the small groups no combination can tell apart (Q3 − the months leaves all who came twice)', () => {
    const twice = [...group('ja', 2, { 0: 'x', 1: 'y', 3: 'z' }), ...group('js', 2, { 0: 'x', 2: 'y', 3: 'z' }), ...group('as', 1, { 1: 'x', 2: 'y', 3: 'z' })];
    expect(combinationsSafe(reports(4, [...months(), ...twice]), K)).toBe(true);
    expect(combinationsSafe(reports(4, [...months(), ...twice.slice(1)]), K)).toBe(false);
    // a search cut short is no proof: unsafe
    expect(combinationsSafe(reports(4, [...months(), ...twice]), K, 0)).toBe(false);
    // nothing small to leave: safe without a search
    expect(combinationsSafe(reports(4, months()), K, 0)).toBe(true);
  });

  it('searches hyperplanes when the small groups add more than one dimension', () => {
    // reports 0: July–August, 1: August–September, 2: September–October, 3: Q3, 4: Oct–Nov.
    // Two small months (August, October), each alone its own combination.
    const people = [
      ...group('jul', 10, { 0: 'j', 3: 'j' }),
      ...group('sep', 10, { 1: 's', 2: 's', 3: 's' }),
      ...group('nov', 10, { 4: 'n' }),
      ...group('aug', 3, { 0: 'a', 1: 'a', 3: 'a' }),
      ...group('oct', 3, { 2: 'o', 4: 'o' }),
    ];
    expect(combinationsSafe(reports(5, people), K)).toBe(false);
    // the same months each of k: safe
    const big = people.map((p) => p);
    big.push(...group('aug+', 2, { 0: 'b', 1: 'b', 3: 'b' }), ...group('oct+', 2, { 2: 'p', 4: 'p' }));
    expect(combinationsSafe(reports(5, big), K)).toBe(true);
  });

  it('agrees with a brute-force attacker on random ledgers (weights −2…2 on each report)', () => {
    const rand = mulberry32(13);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(rand() * 3);
      const people: { id: string; in: Record<number, string> }[] = [];
      const kinds = 2 + Math.floor(rand() * 4);
      for (let t = 0; t < kinds; t++) {
        const inReports: Record<number, string> = {};
        for (let r = 0; r < n; r++) if (rand() < 0.6) inReports[r] = rand() < 0.5 ? 'd' : `d${r}`;
        if (Object.keys(inReports).length === 0) continue;
        people.push(...group(`t${t}-`, 1 + Math.floor(rand() * 7), inReports));
      }
      const ledger = reports(n, people);
      expect(combinationsSafe(ledger, K)).toBe(!bruteForceLeak(ledger, K));
    }
  });
});

/** Tries every weight in −2…2 on each report: does some combination leave 1 … k−1 employees? */
function bruteForceLeak(ledger: Map<string, string>[], k: number): boolean {
  const n = ledger.length;
  const who = new Set(ledger.flatMap((m) => [...m.keys()]));
  const total = 5 ** n;
  for (let code = 1; code < total; code++) {
    const w = Array.from({ length: n }, (_, i) => (Math.floor(code / 5 ** i) % 5) - 2);
    let left = 0;
    for (const p of who) {
      const sums = new Map<string, number>();
      ledger.forEach((m, i) => {
        const d = m.get(p);
        if (d !== undefined) sums.set(d, (sums.get(d) ?? 0) + w[i]!);
      });
      if ([...sums.values()].some((s) => s !== 0)) left++;
    }
    if (left > 0 && left < k) return true;
  }
  return false;
}
