import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { cellCombinationsSafe, combinationsSafe, type CellReport } from './combinations.js';

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

describe('cellCombinationsSafe (inside one dimension: each report by segment)', () => {
  /** A report: pseudonym → [digest, segment]; `cells` the segments it shows. */
  const report = (people: Record<string, [string, string]>, cells: string[], blanks = 0): CellReport => ({
    members: new Map(Object.entries(people).map(([p, [d]]) => [p, d])),
    cellOf: new Map(Object.entries(people).map(([p, [, c]]) => [p, c])),
    cells,
    blanks,
  });
  const many = (prefix: string, n: number, digest: string, cell: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, [`${digest}${i}`, cell] as [string, string]]));
  const D = ['営業部', '開発部'];

  it('finds July–August + August–September − Q3 inside 営業部: one employee there, k company-wide', () => {
    const jul = { ...many('js', 10, 'j', '営業部'), ...many('jd', 10, 'j', '開発部') };
    const sep = { ...many('ss', 10, 's', '営業部'), ...many('sd', 10, 's', '開発部') };
    const aug = { ...many('victim', 1, 'v', '営業部'), ...many('ad', 4, 'a', '開発部') };
    const reports = [report({ ...jul, ...aug }, D), report({ ...aug, ...sep }, D), report({ ...jul, ...aug, ...sep }, D)];
    // over the whole company the three leave August's five: no finding
    expect(combinationsSafe(reports.map((r) => r.members), K)).toBe(true);
    expect(cellCombinationsSafe(reports, K)).toBe(false);
    // the same with August's five all of 営業部
    const aug5 = many('a', 5, 'a', '営業部');
    expect(cellCombinationsSafe([report({ ...jul, ...aug5 }, D), report({ ...aug5, ...sep }, D), report({ ...jul, ...aug5, ...sep }, D)], K)).toBe(true);
  });

  it('fails closed on a member the ledger does not place (a row older than the segment columns)', () => {
    const before = report(many('e', 20, 'x', '営業部'), D);
    const after = report({ ...many('e', 20, 'x', '営業部'), ...many('n', 5, 'n', '開発部') }, D);
    expect(cellCombinationsSafe([before, after], K)).toBe(true);
    const unplaced: CellReport = { ...before, cellOf: new Map([...before.cellOf].slice(1)) };
    expect(cellCombinationsSafe([unplaced, after], K)).toBe(false);
    // e0 gone since (an old row, so not erased): in whichever segment they were, that segment's
    // difference may be e0 alone; company-wide the five newcomers hide them
    const without = report({ ...many('e', 20, 'x', '営業部'), ...many('n', 5, 'n', '開発部') }, D);
    without.members = new Map([...without.members].slice(1));
    expect(combinationsSafe([unplaced.members, without.members], K)).toBe(true);
    expect(cellCombinationsSafe([unplaced, without], K)).toBe(false);
    // a report that shows one segment places everyone in it
    expect(cellCombinationsSafe([{ ...unplaced, cells: ['__other__'], cellOf: new Map() }, { ...after, cells: ['__other__'], cellOf: new Map() }], K)).toBe(true);
  });

  it('fails closed on erased members: v1 less v2 would be the erased one, whatever their segment (attack)', () => {
    // v1 showed ten of each department and the victim; the victim was erased (a blank), and
    // five newcomers of 開発部 make v2 a change of k company-wide
    const ten = { ...many('s', 10, 's', '営業部'), ...many('d', 10, 'd', '開発部') };
    const v1 = report(ten, D, 1);
    const v2 = report({ ...ten, ...many('n', 5, 'n', '開発部') }, D);
    expect(combinationsSafe([v1.members, v2.members], K)).toBe(true);
    expect(cellCombinationsSafe([v1, v2], K)).toBe(false);
    // a named employee who left 営業部 beside the blank: the segment's difference is not theirs alone
    // when k of them left; with k named ones gone from each segment, the blank is among them
    const gone = report({ ...ten, ...many('g', 5, 'g', '営業部'), ...many('h', 5, 'h', '開発部') }, D, 1);
    expect(cellCombinationsSafe([gone, v2], K)).toBe(true);
  });

  it('lets a window beside a period past its lifetime be published: the old reports alone decide nothing now', () => {
    // January–March was shown, then every one of its members was forgotten (retention): all
    // blanks. March–May shares a month with it; no combination with March–May reaches January's
    // people that the old report alone did not already show.
    const expired: CellReport = { members: new Map(), cellOf: new Map(), cells: D, blanks: 20 };
    const now = report({ ...many('s', 10, 's', '営業部'), ...many('d', 10, 'd', '開発部') }, D);
    expect(cellCombinationsSafe([expired, now], K)).toBe(true);
    // the same two old reports with the erased victim: v1 − v2 was open to readers before the new one
    const ten = { ...many('s', 10, 's', '営業部'), ...many('d', 10, 'd', '開発部') };
    expect(cellCombinationsSafe([report(ten, D, 1), report(ten, D), expired, now], K)).toBe(true);
    // but a new report that cancels the named ones of an old report with a blank is the attack
    expect(cellCombinationsSafe([report(ten, D, 1), expired, report(ten, D)], K)).toBe(false);
  });

  it('leaves out the pool of small segments under k (suppression hides its cells in its own report)', () => {
    const one = report({ ...many('s', 10, 's', '営業部'), ...many('d', 10, 'd', '開発部'), ...many('o', 2, 'o', '__other__') }, [...D, '__other__']);
    expect(cellCombinationsSafe([one], K)).toBe(true);
  });
});
