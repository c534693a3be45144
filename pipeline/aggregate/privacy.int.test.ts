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
import { Store } from '../store/duckdb.js';
import { fakeResult, run, type FakeSession } from '../testing/results.js';
import type { SessionResult } from '../schemas.js';
import { buildReportModel, type ReportModel } from './model.js';
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
      keywords: ['キャリア', ...(i >= 16 ? [SECRET_WORD, PII] : []), ...(i < 12 ? ['転職'] : [])],
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
    for (let i = 0; i < 10; i++) {
      // job_change share 0.1 … 0.3: all below acme's 0.5
      out.push({ company: `other${c}`, employee: `X${i}`, department: '営業部', themes: i < 1 + (c % 3) ? ['job_change'] : [], keywords: ['キャリア'] });
    }
  }
  // a small company: 3 employees only
  for (let i = 0; i < 3; i++) out.push({ company: 'tiny', employee: `T${i}`, themes: ['health'], keywords: [PII] });
  return out;
}

let dir: string;
let store: Store;
let agg: PeriodAggregates;
let results: SessionResult[];
const companies = ['acme', 'tiny', 'ghost', ...Array.from({ length: 6 }, (_, c) => `other${c}`)].map((id) => ({
  company_id: id,
  name: `${id} 株式会社`,
  industry: 'it',
  employee_count: 100,
}));
const model = (id: string, min = 5): ReportModel => buildReportModel(agg, id, { benchmarkMinCompanies: min, generatedAt: '2026-11-01T00:00:00Z' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-privacy-'));
  store = await Store.open(join(dir, 'honne.duckdb'));
  results = [...target(), ...others(6)].map((f) => fakeResult(f));
  await store.load(companies, results, run());
  agg = await aggregatePeriod(store, '2026-10', '2026-09', K);
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
    expect(byTheme.childcare).toMatchObject({ employees: null, share: null, suppressed: ['below_k', 'previous_below_k'] });
    expect(byTheme.health).toMatchObject({ employees: null, share: null, suppressed: ['complementary', 'previous_below_k'] });
    expect([byTheme.job_change!.previous_share, byTheme.job_change!.change_pt]).toEqual([0.5, 0]);
    expect(byTheme.career_path).toMatchObject({ employees: null, previous_share: null });
  });

  it('themes by segment: a department of k-1 is suppressed and cannot be recovered from the others', () => {
    const m = model('acme');
    const dept = m.themesBySegment.filter((r) => r.dimension === 'department');
    expect(dept.filter((r) => r.segment === '法務部').every((r) => r.base === null && r.employees === null)).toBe(true);
    // Department sizes add up to the published 20: hiding 法務部 alone would leak it.
    const hiddenBases = new Set(dept.filter((r) => r.base === null).map((r) => r.segment));
    expect([...hiddenBases].sort()).toEqual(['法務部', '開発部']);
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

  it('keywords: only words used by at least k employees, never a PII string', () => {
    const m = model('acme');
    expect(m.topKeywords.map((r) => [r.keyword, r.employees])).toEqual([
      ['キャリア', 20],
      ['転職', 12],
    ]);
    expect(m.risingKeywords.map((r) => [r.keyword, r.status, r.previous_employees])).toEqual([
      ['転職', 'rising', 5],
    ]);
  });

  it('no CSV file of any company contains a PII string, the secret word, or a count under k', () => {
    for (const id of ['acme', 'tiny', 'ghost', 'other0']) {
      const tables = csvTables(model(id));
      expect(new Set(tables.map((t) => t.table))).toEqual(new Set(REPORT_TABLES));
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

describe('benchmarks', () => {
  it('are quantiles over the other companies only, shown with enough of them', () => {
    const m = model('acme');
    const jc = m.themes.find((t) => t.theme === 'job_change')!;
    // others' shares: 0.1, 0.2, 0.3, 0.1, 0.2, 0.3 — acme's own 0.5 is not among them
    expect(jc.benchmark.companies).toBe(6);
    expect(jc.benchmark.p50).toBeCloseTo(0.2, 10);
    expect(jc.benchmark.p90).toBeCloseTo(0.3, 10);
    expect(jc.benchmark.p25).toBeCloseTo(0.125, 10);
    expect(jc.benchmark.p75).toBeCloseTo(0.275, 10);
    // the tiny company (3 employees) never enters anyone's benchmark
    const other = model('other0').themes.find((t) => t.theme === 'health')!;
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

/** For every group of cells that adds up to a published total, either nothing is hidden or
 * at least two cells are hidden and together they hold at least k employees. */
function assertNoRecoverableCells(m: ReportModel) {
  const truth = new Map<string, number>();
  for (const r of results.filter((x) => x.session.company_id === m.company.id && x.session.period === m.period)) {
    const d = r.session.department ?? '__unspecified__';
    truth.set(`base:${d}`, (truth.get(`base:${d}`) ?? 0) + 1);
  }
  const dept = m.themesBySegment.filter((r) => r.dimension === 'department' && r.theme === 'job_change');
  const hiddenBases = dept.filter((r) => r.base === null);
  if (hiddenBases.length > 0) {
    expect(hiddenBases.length).toBeGreaterThan(1);
    expect(hiddenBases.reduce((s, r) => s + (truth.get(`base:${r.segment}`) ?? 0), 0)).toBeGreaterThanOrEqual(K);
  }
  for (const sig of ['retention_risk', 'mental_health_risk'] as const) {
    const levels = m.risks.filter((r) => r.signal === sig);
    const hidden = levels.filter((r) => r.employees === null);
    expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
  }
}
