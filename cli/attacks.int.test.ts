/** The attacker's script, over the real CLI and the real DuckDB file: own transcripts and
 * manifests written from scratch, k = 5, the local provider. Each attack is one that got through
 * before (privacy issue): a whole company's words published as keywords, subtracting two
 * publications of one month, a month-over-month column over the same people, a benchmark over
 * few companies. The reports are read back as files: CSV, and the PDF through pdftotext. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run.js';

const root = mkdtempSync(join(tmpdir(), 'honne-attack-'));
const input = join(root, 'in');
const env = { HONNE_DATA_DIR: join(root, 'data'), HONNE_PSEUDONYM_KEY: 'attack-test-key-0123456789' };

const honne = (args: string[]) => runCli(args, env);

interface Row {
  session: string;
  company: string;
  employee: string;
  startedAt: string;
  lines: string[];
}
const rows: Row[] = [];
const say = (company: string, employee: string, startedAt: string, ...lines: string[]) =>
  rows.push({ session: `a-${rows.length + 1}`, company, employee, startedAt, lines });

/** Writes the companies file, the manifest and one plain-text transcript per session. */
function writeInputs(manifest: string, companies: string[]) {
  mkdirSync(join(input, 't'), { recursive: true });
  writeFileSync(join(input, 'companies.csv'), ['company_id,name,industry,employee_count', ...companies.map((c) => `${c},${c}株式会社,it,100`)].join('\n'));
  const lines = rows.map((r) => {
    writeFileSync(join(input, 't', `${r.session}.txt`), ['CC: 今日はどんなお話をしましょうか。', ...r.lines.map((l) => `相談者: ${l}`)].join('\n'));
    return JSON.stringify({
      session_id: r.session, company_id: r.company, employee_id: r.employee, department: '営業部', consultant_id: 'c1',
      started_at: r.startedAt, language: 'ja', transcript_uri: `t/${r.session}.txt`, consultant_speaker: 'CC',
    });
  });
  writeFileSync(join(input, manifest), lines.join('\n') + '\n');
}

const run = (manifest: string, out: string) =>
  honne(['run', '--companies', join(input, 'companies.csv'), '--manifest', join(input, manifest), '--out', join(root, out)]);

function csv(out: string, company: string, period: string, file: string): Record<string, string>[] {
  return parse(readFileSync(join(root, out, company, period, file)), { bom: true, columns: true }) as Record<string, string>[];
}
function figures(out: string, company: string, period: string): Record<string, string> {
  const dir = join(root, out, company, period);
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.csv') && f !== '08_method.csv').map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
function pdfText(out: string, company: string, period: string): string {
  const file = join(root, out, company, period, `report_${company}_${period}_ja.pdf`);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`pdftotext failed on ${file}: install poppler-utils`);
  return r.stdout;
}

const OCT = (day: number) => `2026-10-${String(day).padStart(2, '0')}T10:00:00+09:00`;
const SEP = (day: number) => `2026-09-${String(day).padStart(2, '0')}T10:00:00+09:00`;
const LEAVING = ['退職届をもう書きました。', '転職エージェントに登録して、来月には面接があります。'];
const GROWTH = ['新しいプロジェクトでスキルを伸ばしたいです。', '資格の勉強を続けています。'];
/** Said by T0 alone: stored as T0's keyword, and what erasure must leave no byte of. */
const ONLY_T0 = '週末は盆栽の手入れをしています。';
const LATE = ['親の介護が始まって、退職を決めました。', '夜も眠れない日が続いています。'];

let companies: string[];
/** Everything the runs printed: the operator's log. */
const logs: string[] = [];
beforeAll(async () => {
  // "six": a company of 6 employees who all talk about leaving
  for (let i = 0; i < 6; i++) say('six', `S${i}`, OCT(5 + i), ...LEAVING);
  // "ten": the same 10 people in September and October (half leaving, half growing)
  for (let i = 0; i < 10; i++) {
    say('ten', `T${i}`, SEP(5 + i), ...(i < 5 ? LEAVING : GROWTH));
    say('ten', `T${i}`, OCT(5 + i), ...(i < 5 ? LEAVING : GROWTH), ...(i === 0 ? [ONLY_T0] : []));
  }
  // "mom": the same 10 people in September and October, plus one more in October
  for (let i = 0; i < 10; i++) {
    say('mom', `M${i}`, SEP(5 + i), ...(i < 5 ? LEAVING : GROWTH));
    say('mom', `M${i}`, OCT(5 + i), ...(i < 5 ? LEAVING : GROWTH));
  }
  say('mom', 'EXTRA', OCT(20), ...LATE);
  // six other companies of 12 employees for the benchmark; o0 has 12 of 12 on job_change
  for (let c = 0; c < 6; c++) for (let i = 0; i < 12; i++) say(`o${c}`, `O${i}`, OCT(3 + (i % 20)), ...(c === 0 || i < 5 + (c % 3) ? LEAVING : GROWTH));
  companies = ['six', 'ten', 'mom', ...Array.from({ length: 6 }, (_, c) => `o${c}`)];
  writeInputs('m1.jsonl', companies);
  const first = await run('m1.jsonl', 'out1');
  expect(first.code, first.err).toBe(0);
  // one late October session in "ten" from a new employee, then the same manifest again
  say('ten', 'LATE', OCT(28), ...LATE);
  writeInputs('m2.jsonl', companies);
  const second = await run('m2.jsonl', 'out2');
  expect(second.code, second.err).toBe(0);
  expect(second.out).toMatch(/1 processed/);
  logs.push(first.out, first.err, second.out, second.err);
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the logs', () => {
  it('hold none of what the employees said', () => {
    const text = logs.join('\n');
    expect(text).toMatch(/processed/);
    for (const w of ['退職届', '盆栽', '介護', '眠れない']) expect(text).not.toContain(w);
  });
});

describe('attack: a whole company says the same words', () => {
  it('publishes neither 退職届 (6 of 6) nor 転職エージェント as keywords, in the CSV or the PDF', () => {
    const kw = csv('out1', 'six', '2026-10', '04_top_keywords.csv').map((r) => Object.values(r).join(' '));
    expect(kw.join('\n')).not.toMatch(/退職届|転職エージェント|エージェント/);
    expect(pdfText('out1', 'six', '2026-10')).not.toMatch(/退職届|転職エージェント/);
  });
});

describe('attack: subtract two publications of one month', () => {
  it('a late session does not change one published figure of the month (CSV)', () => {
    expect(figures('out2', 'ten', '2026-10')).toEqual(figures('out1', 'ten', '2026-10'));
    const method = csv('out2', 'ten', '2026-10', '08_method.csv').map((r) => Object.values(r).join(' ')).join('\n');
    expect(method).toMatch(/第1版.*5人以上の変更がそろうまで反映しません/);
  });

  it('nor one figure of the PDF (only the method page says the figures are held back)', () => {
    const pages = (t: string) => t.split('\f');
    const [a, b] = [pages(pdfText('out1', 'ten', '2026-10')), pages(pdfText('out2', 'ten', '2026-10'))];
    expect(b.length).toBe(a.length);
    const method = a.findIndex((p) => p.includes('集計方法とプライバシー') && p.includes('公表版'));
    expect(method).toBeGreaterThan(0);
    for (let i = 0; i < a.length; i++) if (i !== method) expect(b[i], `page ${i + 1}`).toBe(a[i]);
  });

  it('nor does erasing an employee, re-rendered with honne report; and no byte of their words stays in the store file', async () => {
    const storeFile = join(root, 'data', 'honne.duckdb');
    const word = Buffer.from('盆栽');
    expect(readFileSync(storeFile).includes(word), 'the word is stored before erasure').toBe(true);
    const erased = await honne(['erase', '--employee', 'T0', '--company', 'ten']);
    expect(erased.code, erased.err).toBe(0);
    for (const f of readdirSync(join(root, 'data'), { recursive: true, withFileTypes: true })) {
      if (f.isFile()) expect(readFileSync(join(f.parentPath, f.name)).includes(word), `${f.name} holds the erased word`).toBe(false);
    }
    const r = await honne(['report', '--company', 'ten', '--period', '2026-10', '--format', 'csv', '--out', join(root, 'out3')]);
    expect(r.code, r.err).toBe(0);
    expect(figures('out3', 'ten', '2026-10')).toEqual(figures('out1', 'ten', '2026-10'));
  });
});

describe('attack: the month-over-month column over the same people', () => {
  it('shows no previous figure or change when the months differ by fewer than k people', () => {
    // the same ten people in both months: a change is theirs as a group, and is shown
    const same = csv('out1', 'ten', '2026-10', '02_theme_prevalence.csv');
    expect(same.some((r) => r['前期差(pt)'] !== '')).toBe(true);
    // the same ten plus one: the change would be that one person's
    const themes = csv('out1', 'mom', '2026-10', '02_theme_prevalence.csv');
    // (rows showing no figure are left out: those left have none in the previous columns either)
    expect(themes.length).toBeGreaterThan(0);
    for (const r of themes) {
      expect(r['前期割合(%)']).toBe('');
      expect(r['前期差(pt)']).toBe('');
    }
    expect(csv('out1', 'mom', '2026-10', '05_rising_keywords.csv')).toEqual([]);
    const overview = csv('out1', 'mom', '2026-10', '01_overview.csv');
    expect(overview.every((r) => r['前期'] === '' && r['前期差'] === '')).toBe(true);
  });
});

describe('attack: a benchmark over six companies', () => {
  it("never shows o0's 100 % job change, nor a 0 % or 100 % quantile", () => {
    // seen from "ten" (10 employees): "six" (6) is too small for a month now and points to its quarter (write.ts: quarterForSmall)
    const themes = csv('out1', 'ten', '2026-10', '02_theme_prevalence.csv');
    const risks = csv('out1', 'ten', '2026-10', '06_risk_distribution.csv');
    const quantiles = [...themes, ...risks].flatMap((r) => ['他社25%点(%)', '他社中央値(%)', '他社75%点(%)', '他社90%点(%)'].map((c) => r[c]));
    expect(quantiles.some((q) => q !== '')).toBe(true);
    expect(quantiles).not.toContain('100');
    expect(quantiles).not.toContain('0');
  });
});
