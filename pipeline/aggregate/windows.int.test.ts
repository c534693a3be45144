/** Differencing attacks between reporting windows (pipeline/period.ts): a quarter, a rolling
 * window and the months inside them share employees, and subtracting one publication from
 * another is the attack. A real DuckDB file, reports written by writeReports (what `honne run`
 * and `honne report` call), read back from the CSV files and subtracted as an attacker would. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePeriodReports, writeReports } from '../../reports/write.js';
import { DuckDbStore } from '../../adapters/duckdb/store.js';
import { fakeResult, run, TEST_BINDING, type FakeSession } from '../testing/results.js';
import type { ThemeId } from '../themes.js';
import { buildReportModel, OTHER_SEGMENT } from './model.js';
import { aggregatePeriod } from './queries.js';

const K = 5;
let dir: string;
let store: DuckDbStore;
let renders = 0;

const companies = [{ company_id: 'acme', name: 'acme 株式会社', industry: 'it', employee_count: 100 }];

/** Ten employees of acme in a month, each seen once (prefix: who they are). */
function month(period: string, prefix: string, n = 10): FakeSession[] {
  return Array.from({ length: n }, (_, i) => ({
    company: 'acme', employee: `${prefix}${i}`, period, department: i < 5 ? '営業部' : '開発部',
    themes: [...(i < 5 ? (['job_change'] as ThemeId[]) : []), ...(i % 2 ? (['workload'] as ThemeId[]) : [])],
    retention: i < 5 ? 'medium' : 'low', sentiment: 0.1,
  }));
}
/** September's few employees, whose themes an attacker wants. */
const september = (n: number): FakeSession[] =>
  Array.from({ length: n }, (_, i) => ({
    company: 'acme', employee: `S${i}`, period: '2026-09', department: '営業部', themes: ['job_change', 'workload'], retention: 'high', sentiment: -0.9,
  }));

async function render(period: string) {
  const out = join(dir, `out-${++renders}`);
  const [w] = await writeReports(store, { period, companyIds: ['acme'], lang: 'en', formats: ['csv'], outDir: out }, {
    k: K, benchmarkMinCompanies: 5, now: () => new Date(Date.UTC(2026, 10, renders)),
  });
  const folder = join(out, 'acme', period);
  const tables: Record<string, Record<string, string>[]> = {};
  for (const f of readdirSync(folder)) tables[f] = parse(readFileSync(join(folder, f)), { bom: true, columns: true }) as Record<string, string>[];
  return { status: w!.status, tables };
}
const employees = (t: Record<string, Record<string, string>[]>) => t['01_overview.csv']![1]!['value'];
const themeN = (t: Record<string, Record<string, string>[]>, theme: string) => t['02_theme_prevalence.csv']!.find((r) => r['theme_id'] === theme)!['employees'];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-windows-'));
  store = await DuckDbStore.open(join(dir, 'honne.duckdb'), TEST_BINDING);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a quarter after its months', () => {
  it('is held back when September adds fewer than k employees: Q3 − July − August would be them', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...month('2026-08', 'B'), ...september(2)].map((f) => fakeResult(f)), run());
    const jul = await render('2026-07');
    const aug = await render('2026-08');
    expect([jul.status, aug.status]).toEqual(['ok', 'ok']);

    // Without the rule: the quarter's figures as the model builds them, before the ledger.
    const agg = await aggregatePeriod(store, '2026-Q3', '2026-Q2', K);
    const q3 = buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: '2026-11-01T00:00:00Z' });
    const n = (theme: string) => q3.themes.find((t) => t.theme === theme)!.employees!;
    const e = q3.overview.find((o) => o.metric === 'employees')!.value!;
    // the attacker's subtraction recovers two people, both with job_change and workload
    expect(e - Number(employees(jul.tables)) - Number(employees(aug.tables))).toBe(2);
    expect(n('job_change') - Number(themeN(jul.tables, 'job_change')) - Number(themeN(aug.tables, 'job_change'))).toBe(2);
    expect(n('workload') - Number(themeN(jul.tables, 'workload')) - Number(themeN(aug.tables, 'workload'))).toBe(2);

    // With the rule: the quarter shows nothing, and says why.
    const shown = await render('2026-Q3');
    expect(shown.status).toBe('held_back');
    expect(employees(shown.tables)).toBe('');
    expect(shown.tables['02_theme_prevalence.csv']!.every((r) => r['employees'] === '')).toBe(true);
    expect(shown.tables['01_overview.csv']![0]!['suppressed']).toMatch(/overlapping periods would single out fewer than 5/);
    // a rolling window over the same months is the same attack
    expect((await render('2026-07..2026-09')).status).toBe('held_back');
  });

  it('is published when September adds at least k employees (every difference is over k)', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...month('2026-08', 'B'), ...september(K)].map((f) => fakeResult(f)), run());
    await render('2026-07');
    await render('2026-08');
    const q3 = await render('2026-Q3');
    expect(q3.status).toBe('ok');
    expect(employees(q3.tables)).toBe('25');
  });

  it('holds back a month whose quarter and other months were published first (the attack in the other order)', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...month('2026-08', 'B'), ...september(2)].map((f) => fakeResult(f)), run());
    expect((await render('2026-Q3')).status).toBe('ok');
    expect((await render('2026-07')).status).toBe('ok');
    // Q3 − July − August would leave September's two
    expect((await render('2026-08')).status).toBe('held_back');
  });

  it("holds back the last month that leaves the quarter's one employee unaccounted for, though July's late newcomers stop every sum at k + 1 (attack)", async () => {
    // July's ten, August's one (the victim, 営業部, thinking of leaving) and September's ten
    const victim: FakeSession = { company: 'acme', employee: 'V', period: '2026-08', department: '営業部', themes: ['job_change'], retention: 'high', sentiment: -0.9 };
    await store.load(companies, [...month('2026-07', 'A'), victim, ...month('2026-09', 'C')].map((f) => fakeResult(f)), run());
    const q3 = await render('2026-Q3');
    // then five newcomers of 営業部 in July, none thinking of leaving: July is k more than Q3 saw
    await store.load(companies, Array.from({ length: K }, (_, i): FakeSession => ({
      company: 'acme', employee: `L${i}`, period: '2026-07', department: '営業部', themes: ['workload'], retention: 'low', sentiment: 0.1,
    })).map((f) => fakeResult(f)), run());
    const jul = await render('2026-07');
    expect([q3.status, jul.status, employees(q3.tables), employees(jul.tables)]).toEqual(['ok', 'ok', '21', '15']);
    // Q3 − July − September is the victim less the five newcomers: every sum keeps six people
    // (combinations.ts), September against Q3 removes eleven. But counts are bounded: newcomers
    // only take away, so a job_change count above zero is the victim's, whom the attacker knows
    // as August's one. Only the rule on the windows around the new one (residual) holds it back.
    const sep = await render('2026-09');
    if (sep.status === 'ok') {
      const solve = (theme: string) => Number(themeN(q3.tables, theme)) - Number(themeN(jul.tables, theme)) - Number(themeN(sep.tables, theme));
      expect(solve('job_change')).toBeLessThanOrEqual(0);
    }
    expect(sep.status).toBe('held_back');
  });
});

describe('two overlapping windows and the window around both', () => {
  /** One employee in August only, whose themes and risk an attacker wants. */
  const august = (n: number): FakeSession[] =>
    Array.from({ length: n }, (_, i) => ({
      company: 'acme', employee: `V${i}`, period: '2026-08', department: '営業部', themes: ['job_change', 'workload'], retention: 'high', sentiment: -0.9,
    }));

  it('holds back the quarter when July–August plus August–September minus Q3 would be August alone (inclusion–exclusion)', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...august(1), ...month('2026-09', 'C')].map((f) => fakeResult(f)), run());
    const ja = await render('2026-07..2026-08');
    const as = await render('2026-08..2026-09');
    expect([ja.status, as.status]).toEqual(['ok', 'ok']);
    const q3 = await render('2026-Q3');
    if (q3.status === 'ok') {
      // what an attacker computes from the three published reports: |A ∪ V| + |V ∪ C| − |A ∪ V ∪ C| = V
      const solved = Number(employees(ja.tables)) + Number(employees(as.tables)) - Number(employees(q3.tables));
      const jobChange = Number(themeN(ja.tables, 'job_change')) + Number(themeN(as.tables, 'job_change')) - Number(themeN(q3.tables, 'job_change'));
      expect({ solved, jobChange }).toEqual({ solved: 0, jobChange: 0 });
    }
    expect(q3.status).toBe('held_back');
    // and the other order of the same windows: Q3 and one of them shown, the second held back
  });

  it('holds back the second overlapping window once the quarter and the first were shown', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...august(1), ...month('2026-09', 'C')].map((f) => fakeResult(f)), run());
    expect((await render('2026-Q3')).status).toBe('ok');
    expect((await render('2026-07..2026-08')).status).toBe('ok');
    expect((await render('2026-08..2026-09')).status).toBe('held_back');
  });

  it('holds back a month at the end of a chain: Q3 − July − Sep–Oct + October is August alone', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...august(1), ...month('2026-09', 'C'), ...month('2026-10', 'D')].map((f) => fakeResult(f)), run());
    const shown = [];
    for (const p of ['2026-07', '2026-Q3', '2026-09..2026-10']) shown.push(await render(p));
    expect(shown.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    // Q3 and July share no month with October, nor lie inside a window that does
    const oct = await render('2026-10');
    if (oct.status === 'ok') {
      const [jul, q3, so] = shown.map((r) => r.tables);
      const solve = (f: (t: Record<string, Record<string, string>[]>) => string | undefined) => Number(f(q3!)) - Number(f(jul!)) - Number(f(so!)) + Number(f(oct.tables));
      expect({ employees: solve(employees), jobChange: solve((t) => themeN(t, 'job_change')) }).toEqual({ employees: 0, jobChange: 0 });
    }
    expect(oct.status).toBe('held_back');
  });

  it("holds back the quarter when July–August + August–September − Q3 is one employee of a department (k company-wide)", async () => {
    // twenty a month in July and September, ten per department, half of each thinking of
    // leaving; August: the victim of 営業部 beside four of 開発部, five company-wide
    const twenty = (period: string, prefix: string): FakeSession[] =>
      Array.from({ length: 20 }, (_, i) => ({
        company: 'acme', employee: `${prefix}${i}`, period, department: i < 10 ? '営業部' : '開発部',
        themes: i % 2 ? (['job_change'] as ThemeId[]) : (['workload'] as ThemeId[]), retention: 'low', sentiment: 0.1,
      }));
    const aug: FakeSession[] = [
      ...august(1),
      ...Array.from({ length: 4 }, (_, i): FakeSession => ({ company: 'acme', employee: `W${i}`, period: '2026-08', department: '開発部', themes: ['workload'], retention: 'low', sentiment: 0.1 })),
    ];
    await store.load(companies, [...twenty('2026-07', 'A'), ...aug, ...twenty('2026-09', 'C')].map((f) => fakeResult(f)), run());
    const ja = await render('2026-07..2026-08');
    const as = await render('2026-08..2026-09');
    expect([ja.status, as.status]).toEqual(['ok', 'ok']);
    const cell = (t: Record<string, Record<string, string>[]>, theme: string) => {
      const file = Object.keys(t).find((f) => f.includes('themes_by_segment'))!;
      const r = t[file]!.find((x) => x['segment'] === '営業部' && x['theme_id'] === theme)!;
      return Number(r['employees']);
    };
    // each window shows 営業部's job_change (6 of 11): every pairwise change is k or more people
    // there, and company-wide the three windows leave August's five
    expect([cell(ja.tables, 'job_change'), cell(as.tables, 'job_change')]).toEqual([6, 6]);
    const q3 = await render('2026-Q3');
    if (q3.status === 'ok') {
      // the attacker's sum inside 営業部 is August's one employee there: do they think of leaving
      const sum = (theme: string) => cell(ja.tables, theme) + cell(as.tables, theme) - cell(q3.tables, theme);
      expect({ jobChange: sum('job_change'), workload: sum('workload') }).toEqual({ jobChange: 0, workload: 0 });
    }
    expect(q3.status).toBe('held_back');
  });

  it('publishes all three when August has at least k employees', async () => {
    await store.load(companies, [...month('2026-07', 'A'), ...august(K), ...month('2026-09', 'C')].map((f) => fakeResult(f)), run());
    expect((await render('2026-07..2026-08')).status).toBe('ok');
    expect((await render('2026-08..2026-09')).status).toBe('ok');
    expect((await render('2026-Q3')).status).toBe('ok');
  });
});

describe('segments', () => {
  it('never pools every segment into one "other" that is the whole company', async () => {
    // ten employees in five departments of two: every department is under k
    const sessions = month('2026-07', 'A').map((f, i) => ({ ...f, department: `部${i % 5}` }));
    await store.load(companies, sessions.map((f) => fakeResult(f)), run());
    const agg = await aggregatePeriod(store, '2026-07', '2026-06', K);
    const m = buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: '2026-11-01T00:00:00Z' });
    expect(m.status).toBe('ok');
    expect(m.themesBySegment.filter((r) => r.dimension === 'department')).toEqual([]);
    expect(m.risksBySegment.filter((r) => r.dimension === 'department')).toEqual([]);
    // an "other" segment, wherever one is left, is never the whole company
    for (const r of [...m.themesBySegment, ...m.risksBySegment]) if (r.segment === OTHER_SEGMENT && r.base !== null) expect(r.base).toBeLessThan(10);
  });
  it('keeps "other" when it pools small segments beside a shown one', async () => {
    const sessions = [...month('2026-07', 'A'), ...month('2026-07', 'B', 2).map((f) => ({ ...f, department: '総務部' }))];
    await store.load(companies, sessions.map((f) => fakeResult(f)), run());
    const agg = await aggregatePeriod(store, '2026-07', '2026-06', K);
    const m = buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: '2026-11-01T00:00:00Z' });
    const segs = new Set(m.themesBySegment.filter((r) => r.dimension === 'department').map((r) => r.segment));
    expect([...segs].sort()).toEqual([OTHER_SEGMENT, '営業部', '開発部'].sort());
  });
});

describe('a small month in honne run', () => {
  it('is withheld, points to its quarter, and the quarter is written instead', async () => {
    // July: 6 employees (no theme shared by at least k and missed by at least k); August: 6 more
    const six = (period: string, prefix: string) => month(period, prefix, 6).map((f) => ({ ...f, themes: ['job_change'] as ThemeId[] }));
    await store.load(companies, [...six('2026-07', 'A'), ...six('2026-08', 'B')].map((f) => fakeResult(f)), run());
    const out = join(dir, 'run');
    const written = await writePeriodReports(store, { periods: ['2026-07', '2026-08'], companyIds: ['acme'], lang: 'ja', formats: ['csv', 'pdf'], outDir: out }, {
      k: K, benchmarkMinCompanies: 5, now: () => new Date(Date.UTC(2026, 10, 1)),
    });
    expect(written.map((w) => [w.period, w.status])).toEqual([['2026-07', 'see_quarter'], ['2026-08', 'see_quarter'], ['2026-Q3', 'ok']]);
    const pdf = (p: string) => execFileSync('pdftotext', ['-layout', join(out, 'acme', p, `report_acme_${p}_ja.pdf`), '-'], { encoding: 'utf8' });
    expect(pdf('2026-07')).toContain('この月は人数が少ないため、四半期（2026年第3四半期（7〜9月））のレポートをご覧ください');
    expect(pdf('2026-Q3')).toContain('2026年第3四半期（7〜9月）');
    const q3 = parse(readFileSync(join(out, 'acme', '2026-Q3', '01_overview.csv')), { bom: true }) as string[][];
    expect(q3[2]![4]).toBe('12');
    // the months show no figure: nothing to subtract from the quarter
    const jul = parse(readFileSync(join(out, 'acme', '2026-07', '01_overview.csv')), { bom: true }) as string[][];
    expect(jul.slice(1).every((r) => r[4] === '')).toBe(true);
  });
});
