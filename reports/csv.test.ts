import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../pipeline/aggregate/model.js';
import { neutraliseFormula, renderCsvTable } from './csv.js';
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
      ['company_id', 'period', 'metric', 'value', 'previous', 'change', 'suppressed'],
      [`'=HYPERLINK("http://x","Click")`, '2026-10', 'sessions', -2.5, '', -1, ''],
    ]);
    expect(rows('method')[1]).toEqual([`'=HYPERLINK("http://x","Click")`, '2026-10', 'analysis provider', `'－local`]);
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
