import { describe, expect, it } from 'vitest';
import { MICRO_GROUP, withBenchmarks } from './benchmark.js';
import { isEveryday, isRising, lift, LIFT_ALPHA, MIN_LIFT, normalUpperTail, othersShares, rankKeywords, riseP, smoothedShare } from './keywords.js';
import { buildReportModel, type PreviousFigures, type ReportModel } from './model.js';
import type { PeriodAggregates } from './queries.js';

const K = 5;
const MIN = 5;

/** One period's aggregates: each company's employees and keyword counts (already past the
 * with-and-without rule, as the SQL hands them over). */
function agg(companies: Record<string, { employees: number; keywords: Record<string, number> }>, period = '2026-10'): PeriodAggregates {
  const ids = Object.keys(companies).sort();
  return {
    period, previous: '2026-09', k: K,
    totals: ids.map((id) => ({ company_id: id, period, employees: companies[id]!.employees, sessions: companies[id]!.employees, sentiment: 0 })),
    themes: [], segmentBases: [], segmentThemes: [], risks: [], segmentRisks: [], lineage: [], members: [],
    keywords: ids.flatMap((id) => Object.entries(companies[id]!.keywords).map(([keyword, n]) => ({ company_id: id, period, keyword, n }))),
    companies: ids.map((id) => ({ company_id: id, name: id, industry: '' })),
  };
}
const models = (a: PeriodAggregates) => a.companies.map((c) => buildReportModel(a, c.company_id, { benchmarkMinCompanies: MIN, generatedAt: 'now' }));
const report = (a: PeriodAggregates, id: string) => {
  const all = models(a);
  return withBenchmarks(all.find((m) => m.company.id === id)!, all, MIN);
};

describe('everyday words', () => {
  it('stop-words (stopwords-iso) and the everyday list the issue names are out; counselling words stay', () => {
    for (const w of ['こと', 'これ', 'the', 'The', '社内', '家族', '夜', '頭', '首', '主任']) expect(isEveryday(w), w).toBe(true);
    for (const w of ['転職', '残業', '睡眠', 'promotion', 'キャリアシート']) expect(isEveryday(w), w).toBe(false);
  });
});

describe('lift', () => {
  it('is the smoothed share here over the smoothed pooled share elsewhere', () => {
    expect(smoothedShare(10, 20)).toBeCloseTo(10.5 / 21, 12);
    expect(lift(10, 20, smoothedShare(10, 100))).toBeCloseTo((10.5 / 21) / (10.5 / 101), 12);
    expect(LIFT_ALPHA).toBe(0.5);
  });
});

describe('rising: more than the noise, by at least k employees', () => {
  it('the normal upper tail is right to 1e-6', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
    expect(normalUpperTail(1.6448536)).toBeCloseTo(0.05, 6);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
  });
  it('5 → 5 of the same base is not rising, nor is a fall', () => {
    expect(riseP(5, 20, 5, 20)).toBe(1);
    expect(isRising(5, 20, 5, 20, K)).toBe(false);
    expect(isRising(5, 20, 9, 20, K)).toBe(false);
  });
  it('a clear rise is rising', () => {
    expect(riseP(15, 20, 5, 20)).toBeLessThan(0.01);
    expect(isRising(15, 20, 5, 20, K)).toBe(true);
  });
  it('a rise of k employees within the noise of a large base is not (would be without the test)', () => {
    // 50 → 55 of 200: +5 = k employees, but p ≈ 0.3
    expect(55 - 50).toBeGreaterThanOrEqual(K);
    expect(riseP(55, 200, 50, 200)).toBeGreaterThan(0.05);
    expect(isRising(55, 200, 50, 200, K)).toBe(false);
  });
  it('a significant rise of fewer than k employees is not (would be without the k rule)', () => {
    // 0 → 4 of 6: p < 0.05 but only 4 more employees
    expect(riseP(4, 6, 0, 6)).toBeLessThan(0.05);
    expect(isRising(4, 6, 0, 6, K)).toBe(false);
  });
});

describe('ranking by distinctiveness', () => {
  it('everyday and low-lift words out; rare-elsewhere first, then by lift, ties by employees then keyword', () => {
    const others = {
      転職: { companies: 4, share: smoothedShare(10, 100) }, // lift ≈ 4.8
      残業: { companies: 4, share: smoothedShare(45, 100) }, // lift ≈ 1.1: as common elsewhere
      睡眠: { companies: 3, share: smoothedShare(20, 100) }, // lift ≈ 1.8
      独自語: { companies: 1, share: null },
    };
    const rows = rankKeywords(
      [{ keyword: '残業', employees: 10 }, { keyword: '転職', employees: 10 }, { keyword: '社内', employees: 12 }, { keyword: '睡眠', employees: 7 }, { keyword: '独自語', employees: 5 }],
      20, 30, others,
    );
    expect(rows.map((r) => [r.keyword, r.elsewhere])).toEqual([['独自語', 'few_companies'], ['転職', 'pooled'], ['睡眠', 'pooled']]);
    expect(rows.every((r) => r.lift === null || r.lift >= MIN_LIFT)).toBe(true);
    expect(rows[1]!.lift).toBeCloseTo(lift(10, 20, smoothedShare(10, 100)), 2);
  });
  it('without a benchmark, by employees (everyday words still out)', () => {
    const rows = rankKeywords([{ keyword: '転職', employees: 6 }, { keyword: '残業', employees: 6 }, { keyword: '家族', employees: 9 }, { keyword: '睡眠', employees: 8 }], 20, 30, null);
    expect(rows.map((r) => r.keyword)).toEqual(['睡眠', '残業', '転職']);
    expect(rows.every((r) => r.lift === null && r.elsewhere === 'none')).toBe(true);
  });
});

describe('attack: a company recovers another company\'s keyword count from its lifts', () => {
  // The attacker (company A) knows its own a and n, the smoothing, and (worst case) m, the
  // other companies' employees: from a lift it solves b = (m + 2α)·smoothed(a, n)/lift − α.
  const recovered = (row: { employees: number; lift: number | null }, n: number, m: number) =>
    row.lift === null ? null : Math.round((m + 2 * LIFT_ALPHA) * (smoothedShare(row.employees, n) / row.lift) - LIFT_ALPHA);
  // Six companies: A and five others of 20 employees; only B publishes 夜勤 (6 of 20).
  const few = agg({
    A: { employees: 20, keywords: { 夜勤: 8, 転職: 6 } },
    B: { employees: 20, keywords: { 夜勤: 6, 転職: 5 } },
    C: { employees: 20, keywords: { 転職: 7 } },
    D: { employees: 20, keywords: { 転職: 9 } },
    E: { employees: 20, keywords: {} },
    F: { employees: 20, keywords: {} },
  });

  it('a keyword only one other company publishes has no lift: B\'s 6 cannot be solved for', () => {
    const a = report(few, 'A');
    const row = a.topKeywords.find((r) => r.keyword === '夜勤')!;
    expect(row).toMatchObject({ lift: null, elsewhere: 'few_companies' });
    expect(recovered(row, 20, 100)).toBeNull();
  });

  it('without the contributor rule, the attack succeeds (B\'s count falls out exactly)', () => {
    const peers = models(few).filter((m) => m.company.id !== 'A').map((m) => ({
      employees: m.overview.find((o) => o.metric === 'employees')!.value!,
      keywords: new Map(m.visibleKeywords.map((x) => [x.keyword, x.employees])),
    }));
    const open = othersShares(['夜勤'], peers, MIN, 1)!;
    const l = lift(8, 20, open.夜勤!.share!);
    expect(recovered({ employees: 8, lift: Math.round(l * 100) / 100 }, 20, 100)).toBe(6);
  });

  it('a keyword at least MICRO_GROUP other companies publish shows a lift whose pool is their sum, no one company\'s count', () => {
    const a = report(few, 'A');
    const row = a.topKeywords.find((r) => r.keyword === '転職');
    // 転職: B 5, C 7, D 9 → b = 21 over m = 100: lift (6.5/21)/(21.5/101) ≈ 1.45
    expect(MICRO_GROUP).toBe(3);
    expect(row).toMatchObject({ elsewhere: 'pooled' });
    const b = recovered(row!, 20, 100);
    expect(b).toBe(21);
    expect([5, 7, 9]).not.toContain(b);
  });

  it('fewer than the benchmark minimum of other companies: no pooled share at all', () => {
    const tiny = agg({ A: { employees: 20, keywords: { 転職: 6 } }, B: { employees: 20, keywords: { 転職: 5 } }, C: { employees: 20, keywords: { 転職: 7 } }, D: { employees: 20, keywords: { 転職: 9 } } });
    expect(report(tiny, 'A').topKeywords).toEqual([expect.objectContaining({ keyword: '転職', lift: null, elsewhere: 'none' })]);
  });
});

describe('rising keywords in the report model', () => {
  const prevOf = (a: PeriodAggregates, id: string): PreviousFigures => ({ model: models(a).find((m) => m.company.id === id)!, comparable: true });
  const build = (now: PeriodAggregates, before: PeriodAggregates): ReportModel =>
    buildReportModel(now, 'A', { benchmarkMinCompanies: MIN, generatedAt: 'now', previous: prevOf(before, 'A') });
  const before = agg({ A: { employees: 20, keywords: { 転職: 5, 残業: 5, 社内: 5 } } }, '2026-09');

  it('5 → 5 is not rising, 5 → 15 is, an everyday word is not, a keyword hidden last month is not', () => {
    const now = agg({ A: { employees: 20, keywords: { 転職: 15, 残業: 5, 社内: 15, 睡眠: 9 } } });
    const m = build(now, before);
    expect(m.risingKeywords.map((r) => [r.keyword, r.previous_employees, r.employees])).toEqual([['転職', 5, 15]]);
    expect(m.risingKeywords[0]!.p_value).toBeLessThan(0.05);
  });
});
