import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../pipeline/aggregate/model.js';
import { neutraliseFormula, renderCsvReport, renderCsvTable } from './csv.js';
import { LABELS, RUN_METADATA } from './i18n.js';
import { safeName } from './write.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","Click")', `'=HYPERLINK("http://x","Click")`],
    ['+1', `'+1`],
    ['-x', `'-x`],
    ['-3.5', `'-3.5`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['\r=1', `'\r=1`],
    ['\nx', `'\nx`],
    [' =1+1', `' =1+1`],
    ['\u3000＝1+1', `'\u3000＝1+1`],
    ['\u00a0@x', `'\u00a0@x`],
    ['＝HYPERLINK()', `'＝HYPERLINK()`],
    ['＋1', `'＋1`],
    ['－営業部', `'－営業部`],
    ['＠x', `'＠x`],
    ['\u22121', `'\u22121`],
    ['\ufe62x', `'\ufe62x`],
    ['営業部', '営業部'],
    ['a=b', 'a=b'],
    ['C001', 'C001'],
    ['40-49', '40-49'],
    ['ー', 'ー'],
    ['', ''],
  ])('%j is written as %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it('neutralises every text cell of a table, the company id first, and leaves numbers numbers', () => {
    const model = {
      company: { id: '=HYPERLINK("http://x","Click")', name: '+x', industry: '@x' },
      period: '2026-10',
      k: 5,
      benchmarkMinCompanies: 5,
      overview: [{ metric: 'sessions', value: -2.5, previous: null, change: -1, suppressed: [] }],
      method: [{ item: 'provider', value: '－local' }],
    } as unknown as ReportModel;
    const rows = (table: 'overview' | 'method') =>
      parse(renderCsvTable(model, table, 'en'), { bom: true, cast: (v, ctx) => (ctx.quoting || v === '' || Number.isNaN(Number(v)) ? v : Number(v)) }) as unknown[][];
    expect(rows('overview')).toEqual([
      ['company_id', 'company', 'period_jst', 'metric', 'value', 'previous', 'change', 'suppressed'],
      [`'=HYPERLINK("http://x","Click")`, `'+x`, '2026-10', 'sessions', -2.5, '', -1, ''],
    ]);
    // row 1 is the reporting window (i18n.ts: methodTable)
    expect(rows('method')[2]).toEqual([`'=HYPERLINK("http://x","Click")`, `'+x`, '2026-10', 'analysis provider', `'－local`]);
  });
});

const NO_BENCH = { companies: 3, p25: null, p50: null, p75: null, p90: null };

/** An ok report of 12 employees: one theme shown, one with only its benchmark shown, one
 * withheld entirely; a segment table with one cell shown and one suppressed. */
function okModel(run: { generatedAt: string; runId: string; publishedAt: string }, jobChange = 6): ReportModel {
  return {
    company: { id: 'C1', name: '株式会社テスト', industry: 'it' },
    period: '2026-10', previous: '2026-09', k: 5, benchmarkMinCompanies: 3, status: 'ok',
    overview: [{ metric: 'employees', value: 12, previous: null, change: null, suppressed: ['previous_below_k'] }],
    themes: [
      { theme: 'job_change', employees: jobChange, base: 12, share: jobChange / 12, previous_share: null, change_pt: null, benchmark: NO_BENCH, suppressed: [] },
      { theme: 'health', employees: null, base: 12, share: null, previous_share: null, change_pt: null, benchmark: { ...NO_BENCH, p50: 0.3 }, suppressed: ['below_k'] },
      { theme: 'childcare', employees: null, base: 12, share: null, previous_share: null, change_pt: null, benchmark: NO_BENCH, suppressed: ['below_k'] },
    ],
    themesBySegment: [
      { dimension: 'department', segment: '営業部', theme: 'job_change', employees: 6, base: 7, share: 6 / 7, suppressed: [] },
      { dimension: 'department', segment: '営業部', theme: 'health', employees: null, base: 7, share: null, suppressed: ['below_k'] },
    ],
    topKeywords: [], risingKeywords: [], risks: [], risksBySegment: [], visibleKeywords: [],
    method: [
      { item: 'k', value: '5' },
      { item: 'run_ids', value: run.runId },
      { item: 'publication', value: '' },
      { item: 'generated_at', value: run.generatedAt },
    ],
    benchmark_basis: {},
    publication: { version: 1, published_at: run.publishedAt, held_back: false },
  } as ReportModel;
}

describe('CSV tables for Excel and for diff', () => {
  const first = { generatedAt: '2026-11-01T00:00:00Z', runId: 'run-a', publishedAt: '2026-10-31T16:00:00Z' };
  const second = { generatedAt: '2026-11-02T12:34:56Z', runId: 'b-0123456789ab', publishedAt: '2026-11-02T12:34:56Z' };
  const table = (m: ReportModel, name: string) =>
    parse(renderCsvReport(m, 'en').find((f) => f.table === name)!.bytes, { bom: true, columns: true }) as Record<string, string>[];

  it('leave out the rows whose figures are all suppressed, and keep every overview row', () => {
    const m = okModel(first);
    expect(table(m, 'themes_by_segment').map((r) => [r['segment'], r['theme_id'], r['employees']])).toEqual([['営業部', 'job_change', '6']]);
    // a theme whose own figure is hidden but whose benchmark is shown keeps its row
    expect(table(m, 'theme_prevalence').map((r) => [r['theme_id'], r['employees'], r['benchmark_median_pct']])).toEqual([
      ['job_change', '6', ''],
      ['health', '', '30'],
    ]);
    const withheld = { ...m, status: 'below_k', overview: [{ metric: 'employees', value: null, previous: null, change: null, suppressed: ['company_below_k'] }] } as ReportModel;
    expect(table(withheld, 'overview').map((r) => r['suppressed'])).toEqual([LABELS.en.reasons.company_below_k(5, 3)]);
  });

  it('name the company, give times in Japan time, and differ between two renders of the same figures only in the run metadata', () => {
    const a = renderCsvReport(okModel(first), 'en');
    const b = renderCsvReport(okModel(second), 'en');
    for (const [i, f] of a.entries()) if (f.table !== 'method') expect(b[i]!.bytes.equals(f.bytes), f.table).toBe(true);
    const method = (files: typeof a) => parse(files.find((f) => f.table === 'method')!.bytes, { bom: true, columns: true }) as Record<string, string>[];
    const [ma, mb] = [method(a), method(b)];
    expect(ma.every((r) => r['company'] === '株式会社テスト')).toBe(true);
    const metadata = RUN_METADATA.map((item) => LABELS.en.methodItems[item]);
    // the run metadata comes last; everything before it, the report id included, is equal
    expect(ma.slice(-metadata.length).map((r) => r['item'])).toEqual(metadata);
    expect(mb.slice(0, -metadata.length)).toEqual(ma.slice(0, -metadata.length));
    expect(ma.find((r) => r['item'] === 'report id (from the figures)')!['value']).toMatch(/^[0-9a-f]{16}$/);
    expect(ma.slice(-3).map((r) => r['value'])).toEqual(['version 1 (published 2026-11-01)', 'run-a', '2026-11-01 09:00:00']);
    expect(mb.slice(-3).map((r) => r['value'])).toEqual(['version 1 (published 2026-11-02)', 'b-0123456789ab', '2026-11-02 21:34:56']);
    // one figure changed: another report id
    const changed = method(renderCsvReport(okModel(first, 7), 'en'));
    expect(changed.find((r) => r['item'] === 'report id (from the figures)')!['value']).not.toBe(ma.find((r) => r['item'] === 'report id (from the figures)')!['value']);
  });
});

describe('report paths', () => {
  it('keep a company id inside the output folder', () => {
    const names = ['C001', '../etc', '..', 'a/b', '株式会社-01', '.hidden', 'C 1', 'C_1'].map(safeName);
    expect(names.map((n) => n.replace(/-[0-9a-f]{8}$/, ''))).toEqual(['C001', '___etc', '__', 'a_b', '株式会社-01', '_hidden', 'C_1', 'C_1']);
    // two ids never share a folder: one company's report never overwrites another's
    expect(new Set(names).size).toBe(names.length);
  });
});
