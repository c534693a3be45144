/** Privacy of every report table, on a real DuckDB file: a group of k−1 employees and a PII
 * string never come out, suppressed cells cannot be recovered from totals, and benchmarks
 * appear only with enough other companies. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCsvReport, REPORT_TABLES } from '../../reports/csv.js';
import { LABELS } from '../../reports/i18n.js';
import { DuckDbStore } from '../../adapters/duckdb/store.js';
import { fakeResult, modelWithPrevious, run, TEST_BINDING, type FakeSession } from '../testing/results.js';
import type { SessionResult } from '../schemas.js';
import { buildReportModel, OTHER_SEGMENT, type ReportModel } from './model.js';
import { aggregatePeriod, type PeriodAggregates } from './queries.js';

const K = 5;
const PII = '山田花子';
const SECRET_WORD = 'ひみつ語';

function target(): FakeSession[] {
  const out: FakeSession[] = [];
  for (let i = 0; i < 20; i++) {
    const department = i < 9 ? '営業部' : i < 16 ? '開発部' : '法務部'; // 法務部: 4 = k-1 employees
    out.push({
      company: 'acme',
      employee: `E${i}`,
      department,
      age_band: i % 2 ? '30-39' : '40-49',
      gender: i % 3 ? '女性' : '男性',
      themes: [
        ...(i < 10 ? (['job_change'] as const) : []),
        ...(i >= 16 ? (['childcare'] as const) : []), // exactly the 4 people of 法務部
        ...(i < 17 ? (['health'] as const) : []), // 17 of 20: only 3 without
      ],
      // キャリア: all 20; 残業: all but k-1 (17); 転職: 12 with, 8 without
      keywords: ['キャリア', ...(i >= 16 ? [SECRET_WORD, PII] : []), ...(i < 12 ? ['転職'] : []), ...(i < 17 ? ['残業'] : [])],
      retention: i < 4 ? 'high' : i < 10 ? 'medium' : 'low',
      mental: i < 8 ? 'medium' : 'low',
      sentiment: -0.2,
    });
  }
  // previous period: 10 employees, fewer used 転職
  for (let i = 0; i < 10; i++) {
    out.push({ company: 'acme', employee: `E${i}`, period: '2026-09', department: '営業部', themes: i < 5 ? ['job_change'] : [], keywords: ['キャリア', ...(i < 5 ? ['転職'] : [])] });
  }
  return out;
}

function others(count: number): FakeSession[] {
  const out: FakeSession[] = [];
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < 20; i++) {
      // job_change 5, 6 or 7 of 20 (shares 0.25 … 0.35, visible in their own reports): all below acme's 0.5
      out.push({ company: `other${c}`, employee: `X${i}`, department: '営業部', themes: i < 5 + (c % 3) ? ['job_change'] : [], keywords: ['キャリア'] });
    }
  }
  // a small company: 3 employees only
  for (let i = 0; i < 3; i++) out.push({ company: 'tiny', employee: `T${i}`, themes: ['health'], keywords: [PII] });
  return out;
}

let dir: string;
let store: DuckDbStore;
let agg: PeriodAggregates;
let prevAgg: PeriodAggregates;
let results: SessionResult[];
const companies = ['acme', 'tiny', 'ghost', ...Array.from({ length: 6 }, (_, c) => `other${c}`)].map((id) => ({
  company_id: id,
  name: `${id} 株式会社`,
  industry: 'it',
  employee_count: 100,
}));
/** A company's report as writeReports builds it, the previous period published from prevAgg. */
const model = (id: string, min = 5): ReportModel => modelWithPrevious(agg, prevAgg, id, { benchmarkMinCompanies: min, generatedAt: '2026-11-01T00:00:00Z' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-privacy-'));
  store = await DuckDbStore.open(join(dir, 'honne.duckdb'), TEST_BINDING);
  results = [...target(), ...others(6)].map((f) => fakeResult(f));
  await store.load(companies, results, run());
  agg = await aggregatePeriod(store, '2026-10', '2026-09', K);
  prevAgg = await aggregatePeriod(store, '2026-09', '2026-08', K);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every CSV table of a model, parsed, in both languages. */
function csvTables(m: ReportModel) {
  return (['ja', 'en'] as const).flatMap((lang) =>
    renderCsvReport(m, lang).map((f) => {
      expect([...f.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = f.bytes.toString('utf8');
      return { lang, table: f.table, text, rows: parse(text, { bom: true, columns: true }) as Record<string, string>[] };
    }),
  );
}

describe('report tables never show a group under k or a PII string', () => {
  it('theme prevalence: k-1 employees and "all but k-1" are both suppressed', () => {
    const m = model('acme');
    const byTheme = Object.fromEntries(m.themes.map((t) => [t.theme, t]));
    expect(byTheme.job_change).toMatchObject({ employees: 10, base: 20, share: 0.5, suppressed: [] });
    // nobody had childcare or health in the previous period (0 < k): no previous figure either
    // and no other company publishes a childcare or health share (0 < k): no benchmark either
    // and both say the same of why: "under k" for one and "to prevent working it out" for the
    // other told the company which side was small (the attack below)
    expect(byTheme.childcare).toMatchObject({ employees: null, share: null, suppressed: ['small_cell', 'previous_below_k', 'benchmark_too_few_companies'] });
    expect(byTheme.health).toMatchObject({ employees: null, share: null, suppressed: ['small_cell', 'previous_below_k', 'benchmark_too_few_companies'] });
    expect([byTheme.job_change!.previous_share, byTheme.job_change!.change_pt]).toEqual([0.5, 0]);
    expect(byTheme.career_path).toMatchObject({ employees: null, previous_share: null });
  });

  it('themes by segment: a department of k-1 is suppressed and cannot be recovered from the others', () => {
    const m = model('acme');
    const dept = m.themesBySegment.filter((r) => r.dimension === 'department');
    // A department under k is not even named: it is pooled into "other".
    expect(dept.some((r) => r.segment === '法務部')).toBe(false);
    expect(dept.filter((r) => r.segment === OTHER_SEGMENT).every((r) => r.base === null && r.employees === null)).toBe(true);
    // Department sizes add up to the published 20: hiding "other" alone would leak it.
    const hiddenBases = new Set(dept.filter((r) => r.base === null).map((r) => r.segment));
    expect([...hiddenBases].sort()).toEqual([OTHER_SEGMENT, '開発部']);
    assertNoRecoverableCells(m);
  });

  it('risk distribution: levels add up to the total, so one small level takes another with it', () => {
    const m = model('acme');
    const ret = Object.fromEntries(m.risks.filter((r) => r.signal === 'retention_risk').map((r) => [r.level, r.employees]));
    expect(ret).toEqual({ low: 10, medium: null, high: null });
    const mental = Object.fromEntries(m.risks.filter((r) => r.signal === 'mental_health_risk').map((r) => [r.level, r.employees]));
    // nobody is at high (0 < k): hiding only that 0 would let anyone compute it from 20 − 12 − 8
    expect(mental).toEqual({ low: 12, medium: null, high: null });
    assertNoRecoverableCells(m);
  });

  it('keywords: only words used by at least k employees and not used by at least k, never a PII string', () => {
    const m = model('acme');
    // キャリア (20 of 20) and 残業 (17 of 20: only 3 without) would tell about the few without
    expect(m.topKeywords.map((r) => [r.keyword, r.employees])).toEqual([['転職', 12]]);
    // 転職 went from 5 of 10 to 12 of 20 employees (50 % → 60 %): 7 more people, but a rise
    // within the noise (p ≈ 0.3), so not "rising" (issue #16: rising only beyond the noise)
    expect(m.risingKeywords).toEqual([]);
  });

  it('no CSV file of any company contains a PII string, the secret word, or a count under k', () => {
    for (const id of ['acme', 'tiny', 'ghost', 'other0']) {
      const tables = csvTables(model(id));
      // the two tables of sections that exist only with a survey / a new topic are not there
      expect(new Set(tables.map((t) => t.table))).toEqual(new Set(REPORT_TABLES.filter((t) => t !== 'behind_the_scores' && t !== 'emerging_topics')));
      for (const t of tables) {
        expect(t.text).not.toContain(PII);
        expect(t.text).not.toContain(SECRET_WORD);
        const cols = LABELS[t.lang].columns;
        for (const row of t.rows) {
          for (const col of [cols.employees, cols.previous_employees]) {
            const v = row[col];
            if (v !== undefined && v !== '') expect(Number(v), `${id} ${t.table} ${col}`).toBeGreaterThanOrEqual(K);
          }
          const base = row[cols.base];
          if (base !== undefined && base !== '') expect(Number(base)).toBeGreaterThanOrEqual(K);
          // a breakdown's row is written only for a cell the model shows
          if (t.table === 'themes_by_segment' || t.table === 'risk_by_segment') expect(row[cols.employees], `${id} ${t.table}`).not.toBe('');
        }
      }
    }
  });

  it('a company with fewer than k employees gets a report that withholds every figure', () => {
    const m = model('tiny');
    expect(m.status).toBe('below_k');
    expect(m.overview.every((r) => r.value === null)).toBe(true);
    expect(m.themes.every((r) => r.employees === null && r.suppressed.includes('company_below_k'))).toBe(true);
    expect([m.topKeywords, m.themesBySegment, m.risksBySegment]).toEqual([[], [], []]);
    const csv = csvTables(m).find((t) => t.lang === 'ja' && t.table === 'overview')!;
    expect(csv.text).toContain('5人未満');
  });

  it('a company without sessions gets an explanatory, empty report', () => {
    const m = model('ghost');
    expect(m.status).toBe('no_sessions');
    expect(m.overview.map((r) => [r.metric, r.value])).toEqual([
      ['sessions', 0],
      ['employees', 0],
    ]);
  });
});

describe('why a cell is hidden says nothing of which side was small', () => {
  // The attacker reads the reason column of the CSV (or `suppressed` in the model): a cell that
  // fewer than k employees have and one that fewer than k do NOT have were hidden for different
  // reasons, and so "hidden to prevent working it out" beside a level whose others are "under k"
  // said: all but a few of the company's consulting employees are at high retention risk.
  it('seven employees all at high retention risk but one, a theme of six of them: the same reason as a theme of one', async () => {
    const d = mkdtempSync(join(tmpdir(), 'honne-why-'));
    const s = await DuckDbStore.open(join(d, 'honne.duckdb'), TEST_BINDING);
    try {
      const people: FakeSession[] = [];
      for (let i = 0; i < 7; i++) {
        people.push({
          company: 'nearly', employee: `N${i}`, department: i < 5 ? '総務部' : '経理部',
          themes: [...(i < 6 ? (['job_change'] as const) : []), ...(i === 6 ? (['health'] as const) : [])],
          retention: i < 6 ? 'high' : 'low',
        });
      }
      await s.load([{ company_id: 'nearly', name: 'N', industry: 'it', employee_count: 40 }], people.map((f) => fakeResult(f)), run());
      const a = await aggregatePeriod(s, '2026-10', '2026-09', K);
      const m = buildReportModel(a, 'nearly', { benchmarkMinCompanies: 5, generatedAt: 'now' });
      const theme = Object.fromEntries(m.themes.map((t) => [t.theme, t]));
      const risk = Object.fromEntries(m.risks.filter((r) => r.signal === 'retention_risk').map((r) => [r.level, r]));
      // every figure is hidden (7 < 2k) ...
      expect([theme.job_change!.employees, theme.health!.employees, risk.high!.employees, risk.low!.employees]).toEqual([null, null, null, null]);
      // ... and the reasons are alike: the many and the few cannot be told apart
      expect(theme.job_change!.suppressed).toEqual(theme.health!.suppressed);
      expect(risk.high!.suppressed).toEqual(risk.low!.suppressed);
      expect(risk.high!.suppressed).toEqual(risk.medium!.suppressed);
      // and so in every table, segments (a hidden base among them) included: one reason for every hidden cell
      const hiddenReasons = new Set([...m.themes, ...m.risks, ...m.themesBySegment, ...m.risksBySegment]
        .filter((r) => r.employees === null).map((r) => JSON.stringify(r.suppressed)));
      expect([...hiddenReasons]).toEqual([JSON.stringify(['small_cell'])]);
      const ja = renderCsvReport(m, 'ja').map((f) => f.bytes.toString('utf8')).join('\n');
      expect(ja).not.toContain('逆算を防ぐため非表示');
    } finally {
      s.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('risk by segment cannot be worked out from the company totals', () => {
  it('a small, homogeneous group stays hidden (28 men, 4 women and 2 unspecified, all high)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'honne-homog-'));
    const s = await DuckDbStore.open(join(d, 'honne.duckdb'), TEST_BINDING);
    try {
      const people: FakeSession[] = [];
      for (let i = 0; i < 28; i++) people.push({ company: 'homog', employee: `M${i}`, gender: '男性', retention: i < 5 ? 'low' : i < 8 ? 'medium' : 'high' });
      for (let i = 0; i < 4; i++) people.push({ company: 'homog', employee: `W${i}`, gender: '女性', retention: 'high' });
      for (let i = 0; i < 2; i++) people.push({ company: 'homog', employee: `U${i}`, retention: 'high' });
      await s.load([{ company_id: 'homog', name: 'H', industry: 'it', employee_count: 50 }], people.map((f) => fakeResult(f)), run());
      const a = await aggregatePeriod(s, '2026-10', '2026-09', K);
      const m = buildReportModel(a, 'homog', { benchmarkMinCompanies: 5, generatedAt: 'now' });
      const highByGender = m.risksBySegment.filter((r) => r.dimension === 'gender' && r.signal === 'retention_risk' && r.level === 'high');
      // the company's 26 high and the men's base of 28 are published: the men's 20 must not be
      expect(m.risks.find((r) => r.signal === 'retention_risk' && r.level === 'high')!.employees).toBe(26);
      expect(highByGender.find((r) => r.segment === '男性')!.employees).toBeNull();
      expect(highByGender.some((r) => r.segment === '女性')).toBe(false); // 4 < k: pooled, never named
      assertNoRecoverableCells(m);
    } finally {
      s.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('the audit itself', () => {
  it('asserted on every breakdown it was given, the count and the complement checks included', () => {
    // 3 reports audited above x 3 dimensions x (15 themes + 6 risk levels)
    expect(audited.breakdowns).toBe(3 * 3 * 21);
    expect(audited.hiddenCount + audited.companyHidden).toBe(audited.breakdowns);
    expect(audited.hiddenComplement).toBeGreaterThan(20);
    expect(audited.companyHidden).toBeGreaterThan(20);
  });
});

describe('benchmarks', () => {
  it('are quantiles over the other companies only, shown with enough of them', () => {
    const m = model('acme');
    const jc = m.themes.find((t) => t.theme === 'job_change')!;
    // others' published shares: 0.25, 0.3, 0.35, 0.25, 0.3, 0.35 — acme's own 0.5 is not among
    // them; micro-aggregated in sorted groups of three: 0.2667 ×3, 0.3333 ×3
    expect(jc.benchmark).toEqual({ companies: 6, p25: 0.27, p50: 0.3, p75: 0.33, p90: 0.33 });
    // the tiny company (3 employees) never enters anyone's benchmark
    const other = model('other0').themes.find((t) => t.theme === 'job_change')!;
    expect(other.benchmark.companies).toBe(6); // acme + 5 others, not tiny
  });

  it('are withheld when fewer than the minimum of other companies contribute', () => {
    const m = model('acme', 7);
    const jc = m.themes.find((t) => t.theme === 'job_change')!;
    expect(jc.benchmark).toEqual({ companies: 6, p25: null, p50: null, p75: null, p90: null });
    expect(jc.suppressed).toContain('benchmark_too_few_companies');
    expect(m.risks.every((r) => r.benchmark.p50 === null)).toBe(true);
  });
});

describe('loading', () => {
  it('is idempotent: loading the same results again changes nothing', async () => {
    const count = async () =>
      store.query(
        `SELECT (SELECT count(*) FROM sessions) s, (SELECT count(*) FROM session_themes) t,
                (SELECT count(*) FROM session_keywords) k, (SELECT count(*) FROM session_signals) g,
                (SELECT count(*) FROM companies) c`,
      );
    const before = await count();
    await store.load(companies, results, run('run-again'));
    expect(await count()).toEqual(before);
    const again = await aggregatePeriod(store, '2026-10', '2026-09', K);
    expect({ ...again, lineage: [] }).toEqual({ ...agg, lineage: [] });
  });

  it('stores no raw employee id', async () => {
    const rows = await store.query(`SELECT * FROM sessions`);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/"E1"|"X1"|"T1"/);
  });
});

/** How often each check of the audit ran, so a test can prove the audit did not pass by
 * skipping (every call makes at least one assertion). */
const audited = { breakdowns: 0, hiddenCount: 0, hiddenComplement: 0, companyHidden: 0 };

/** An attacker's audit: for every segment breakdown, take what is published (the company's
 * count when shown, the total, visible segment counts and bases) and work out what the hidden
 * cells hold together:
 * - their combined count (company count − visible counts): 0 or at least k;
 * - their combined complement (employees of the hidden cells' segments without the attribute:
 *   total − bases of the fully visible segments − the combined count): 0 or at least k;
 * - when the company's count is hidden, the segment counts must not add up to it: at least one
 *   segment cell is hidden too. */
function assertNoRecoverableCells(m: ReportModel) {
  const total = m.overview.find((r) => r.metric === 'employees')?.value ?? null;
  expect(total, 'an audited report publishes its total').not.toBeNull();
  const audit = (companyN: number | null, rows: { segment: string; employees: number | null; base: number | null }[], what: string) => {
    audited.breakdowns++;
    const hidden = rows.filter((r) => r.employees === null);
    if (companyN === null) {
      audited.companyHidden++;
      expect(rows.length === 0 || hidden.length > 0, `${what}: hidden company count = sum of visible segments`).toBe(true);
      return;
    }
    const visibleN = rows.reduce((s, r) => s + (r.employees ?? 0), 0);
    const hiddenN = companyN - visibleN;
    audited.hiddenCount++;
    expect(hidden.length === 0 ? hiddenN === 0 : hiddenN >= K, `${what}: hidden count ${hiddenN} over ${hidden.length} cells`).toBe(true);
    const fullyVisibleBase = rows.filter((r) => r.employees !== null).reduce((s, r) => s + (r.base ?? 0), 0);
    const hiddenWithout = total! - fullyVisibleBase - hiddenN;
    audited.hiddenComplement++;
    expect(hidden.length === 0 || hiddenWithout >= K || hiddenWithout === 0, `${what}: hidden complement ${hiddenWithout}`).toBe(true);
  };
  for (const dim of ['department', 'age_band', 'gender'] as const) {
    for (const t of m.themes) {
      audit(t.employees, m.themesBySegment.filter((r) => r.dimension === dim && r.theme === t.theme), `${dim}/${t.theme}`);
    }
    for (const r of m.risks) {
      audit(r.employees, m.risksBySegment.filter((x) => x.dimension === dim && x.signal === r.signal && x.level === r.level), `${dim}/${r.signal}/${r.level}`);
    }
  }
  for (const sig of ['retention_risk', 'mental_health_risk'] as const) {
    const hidden = m.risks.filter((r) => r.signal === sig && r.employees === null);
    expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
  }
}
