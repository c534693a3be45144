/** The PDF report as a reader gets it: text extracted with pdftotext (poppler-utils; the test
 * fails, never skips, without it), checked for labels, figures of the model, and the absence
 * of every suppressed figure and PII string; the font embedded as a subset; explanatory PDFs
 * for a company without sessions and one under k; and the file written beside the CSVs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSPECIFIED_SEGMENT, type ReportModel } from '../../pipeline/aggregate/model.js';
import { aggregatePeriod, type PeriodAggregates } from '../../pipeline/aggregate/queries.js';
import { DuckDbStore } from '../../adapters/duckdb/store.js';
import { fakeResult, modelWithPrevious, run, TEST_BINDING, type FakeSession } from '../../pipeline/testing/results.js';
import { THEME_IDS } from '../../pipeline/themes.js';
import { LABELS, type Lang } from '../i18n.js';
import { writeReports } from '../write.js';
import { pct } from './format.js';
import { renderPdfReport } from './render.js';
import { summarize } from './summary.js';

const K = 5;
const PII = '山田花子';
const SECRET_WORD = 'ひみつ語';

/** acme: 23 employees; 法務部 has k−1 = 4, all of whom (and only they) have childcare and
 * use the PII string. Previous period: 10 employees. */
function acme(): FakeSession[] {
  const out: FakeSession[] = [];
  for (let i = 0; i < 23; i++) {
    const department = i < 10 ? '営業部' : i < 19 ? '開発部' : '法務部';
    out.push({
      company: 'acme',
      employee: `E${i}`,
      department,
      age_band: i % 2 ? '30-39' : '40-49',
      gender: i % 3 ? '女性' : '男性',
      themes: [
        ...(i < 10 ? (['job_change'] as const) : []),
        ...(i >= 19 ? (['childcare'] as const) : []),
        ...(i < 12 ? (['career_path'] as const) : []),
        ...(i < 20 ? (['health'] as const) : []), // 20 of 23: the 3 without give it away
      ],
      keywords: ['キャリア', ...(i >= 19 ? [SECRET_WORD, PII] : []), ...(i < 12 ? ['転職'] : [])],
      retention: i < 6 ? 'high' : i < 13 ? 'medium' : 'low',
      mental: i < 8 ? 'medium' : 'low',
      sentiment: -0.2,
    });
  }
  for (let i = 0; i < 10; i++) {
    out.push({ company: 'acme', employee: `E${i}`, period: '2026-09', department: '営業部', themes: i < 5 ? ['job_change'] : [], keywords: ['キャリア', ...(i < 5 ? ['転職'] : [])] });
  }
  return out;
}

function others(): FakeSession[] {
  const out: FakeSession[] = [];
  for (let c = 0; c < 6; c++) {
    // 20 employees, 5–7 on job_change and the rest on career_path: shares their reports publish
    for (let i = 0; i < 20; i++) {
      out.push({ company: `other${c}`, employee: `X${i}`, department: '営業部', themes: i < 5 + (c % 3) ? ['job_change'] : ['career_path'], keywords: ['キャリア'] });
    }
  }
  for (let i = 0; i < 3; i++) out.push({ company: 'tiny', employee: `T${i}`, themes: ['health'], keywords: [PII] });
  // exactly k employees: every theme, segment and risk figure is suppressed
  for (let i = 0; i < K; i++) out.push({ company: 'small', employee: `S${i}`, department: '総務部', themes: ['workload'], keywords: ['残業'] });
  return out;
}

const companies = ['acme', 'tiny', 'ghost', 'small', ...Array.from({ length: 6 }, (_, c) => `other${c}`)].map((id) => ({
  company_id: id,
  name: id === 'acme' ? 'アクメ・ホールディングス株式会社' : `${id} 株式会社`,
  industry: 'it',
  employee_count: 100,
}));

let dir: string;
let store: DuckDbStore;
let agg: PeriodAggregates;
let prevAgg: PeriodAggregates;
let sessions: FakeSession[];
const model = (id: string): ReportModel => modelWithPrevious(agg, prevAgg, id, { benchmarkMinCompanies: 5, generatedAt: '2026-11-01T00:00:00Z' });

/** Runs a poppler tool; a missing tool fails the test with what to install. */
function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${tool} could not run (${r.error.message}): install Debian's poppler-utils (.ci/run does)`);
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const pdfs = new Map<string, { file: string; bytes: Buffer; text: string; flat: string }>();
async function pdf(id: string, lang: Lang) {
  const key = `${id}:${lang}`;
  let got = pdfs.get(key);
  if (!got) {
    const bytes = await renderPdfReport(model(id), lang);
    const file = join(dir, `${id}_${lang}.pdf`);
    writeFileSync(file, bytes);
    const text = poppler('pdftotext', ['-enc', 'UTF-8', file, '-']);
    // Japanese has no spaces: labels wrapped over two lines are compared without whitespace
    got = { file, bytes, text, flat: text.replace(/\s+/g, '') };
    pdfs.set(key, got);
  }
  return got;
}
const flat = (s: string) => s.replace(/\s+/g, '');
const pages = (text: string) => text.split('\f').filter((p) => p.trim() !== '').length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'honne-pdf-'));
  store = await DuckDbStore.open(join(dir, 'honne.duckdb'), TEST_BINDING);
  sessions = [...acme(), ...others()];
  await store.load(companies, sessions.map((f) => fakeResult(f)), run());
  agg = await aggregatePeriod(store, '2026-10', '2026-09', K);
  prevAgg = await aggregatePeriod(store, '2026-09', '2026-08', K);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PDF report of a company with data', () => {
  it('explains every figure in one line a non-specialist reads: sentiment, shares, bands, lift, rising, hidden', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const { flat: t } = await pdf('acme', lang);
      const notes = LABELS[lang].pdf.readingNotes(K, 5);
      for (const line of notes) expect(t).toContain(flat(line));
      // the sentiment line says the scale, what negative means and how it is averaged
      const sentiment = notes.find((x) => x.includes(lang === 'ja' ? '感情スコア' : 'Sentiment'))!;
      expect(sentiment).toMatch(lang === 'ja' ? /−1.*\+1.*マイナス.*従業員ごと/ : /−1.*\+1.*negative.*per employee/);
    }
  });

  it('shows the Japanese labels, the company, the period and figures of the model', async () => {
    const { flat: t, text } = await pdf('acme', 'ja');
    const p = LABELS.ja.pdf;
    // every section but the overview, which is the cover itself
    // behind the scores and new topics exist only with a survey / a new topic (none here)
    const sections = Object.entries(p.sections).filter(([s]) => !['overview', 'behind', 'emerging'].includes(s)).map(([, v]) => v);
    for (const s of [p.title, 'アクメ・ホールディングス株式会社', '2026年10月', p.summaryTitle, ...sections]) expect(t).toContain(flat(s));
    for (const id of THEME_IDS) expect(t).toContain(flat(LABELS.ja.themes[id]));
    for (const s of Object.values(LABELS.ja.dimensions)) expect(t).toContain(p.bySegment(s));
    const m = model('acme');
    const jc = m.themes.find((x) => x.theme === 'job_change')!;
    expect(jc.share).toBeCloseTo(10 / 23, 10);
    expect(t).toContain(pct(jc.share!)); // 43.5%
    expect(t).toContain(flat(`${LABELS.ja.pdf.keywordEmployees('12')} · ${pct(12 / 23)}`)); // 転職
    expect(m.topKeywords.map((r) => r.keyword)).toEqual(['転職']); // キャリア, used by everyone, is hidden
    expect(t).not.toContain(flat(`${LABELS.ja.pdf.keywordEmployees('23')} · ${pct(1)}`));
    const n = pages(text);
    expect(n).toBeGreaterThanOrEqual(6); // cover, one page per section
    for (let i = 1; i <= n; i++) expect(t).toContain(`${i}/${n}`); // the footer's "i / n"
  });

  it('starts with a summary made by rules from published figures only', async () => {
    const m = model('acme');
    const s = summarize(m);
    const jc = m.themes.find((x) => x.theme === 'job_change')!;
    const cp = m.themes.find((x) => x.theme === 'career_path')!;
    expect(s).toEqual({
      employees: 23,
      sessions: 23,
      employeesChange: 13,
      themes: {
        kind: 'above_benchmark',
        themes: [
          { theme: 'job_change', share: jc.share, median: jc.benchmark.p50 },
        ],
      },
      risks: [
        { signal: 'retention_risk', level: 'high', top: null },
        { signal: 'mental_health_risk', level: 'high', top: null },
      ],
    });
    // career_path (12 of 23) is visible but below the others' median (they all have it)
    expect(cp.share).not.toBeNull();
    expect(cp.share!).toBeLessThan(cp.benchmark.p50!);
    const { flat: t } = await pdf('acme', 'ja');
    expect(t).toContain(flat(LABELS.ja.pdf.summaryThemeItem(LABELS.ja.themes.job_change, pct(jc.share!), pct(jc.benchmark.p50!))));
    expect(t).toContain(flat(LABELS.ja.pdf.summaryRiskHidden(LABELS.ja.signals.retention_risk, LABELS.ja.levels.high, K)));
  });

  it('never shows a suppressed figure, a group under k or a PII string', async () => {
    const m = model('acme');
    const visible = new Set(
      [
        ...m.themes.flatMap((r) => [r.share, r.previous_share, r.benchmark.p25, r.benchmark.p50, r.benchmark.p75]),
        ...m.themesBySegment.map((r) => r.share),
        ...m.risks.flatMap((r) => [r.share, r.previous_share, r.benchmark.p25, r.benchmark.p50, r.benchmark.p75]),
        ...m.risksBySegment.map((r) => r.share),
        ...m.topKeywords.map((r) => r.share),
        ...m.risingKeywords.flatMap((r) => [r.share, r.previous_share]),
      ].flatMap((v) => (v === null ? [] : [pct(v)])),
    );
    const current = sessions.filter((s) => s.company === 'acme' && (s.period ?? '2026-10') === '2026-10');
    const truth = (pred: (s: FakeSession) => boolean, base: FakeSession[]) => base.filter(pred).length / base.length;
    const hidden: string[] = [];
    for (const r of m.themes.filter((x) => x.share === null)) hidden.push(pct(truth((s) => s.themes!.includes(r.theme), current)));
    for (const r of m.themesBySegment.filter((x) => x.share === null)) {
      const seg = current.filter((s) => (s[r.dimension] ?? UNSPECIFIED_SEGMENT) === r.segment);
      if (seg.length > 0) hidden.push(pct(truth((s) => s.themes!.includes(r.theme), seg)));
    }
    expect(hidden).toContain('17.4%'); // childcare: the 4 people of 法務部
    const mustNotShow = [...new Set(hidden)].filter((h) => !visible.has(h));
    expect(mustNotShow.length).toBeGreaterThan(3);

    for (const lang of ['ja', 'en'] as const) {
      const { text, flat: t } = await pdf('acme', lang);
      expect(t).not.toContain(PII);
      expect(t).not.toContain(SECRET_WORD);
      // whole figures only: "0.0%" is inside "50.0%"
      const shownFigures = new Set(text.match(/\d+\.\d%/g) ?? []);
      for (const h of mustNotShow) expect(shownFigures.has(h), `${lang}: suppressed ${h}`).toBe(false);
    }
    // head-counts: every one printed is at least k, and hidden bases (法務部 4, 開発部 9) never appear
    const { text: en } = await pdf('acme', 'en');
    const bases = [...en.matchAll(/n=(\d+)/g)].map((x) => Number(x[1]));
    expect(bases.length).toBeGreaterThan(0);
    for (const n of bases) expect(n).toBeGreaterThanOrEqual(K);
    const published = new Set(m.themesBySegment.flatMap((r) => (r.base === null ? [] : [r.base])));
    for (const n of bases) expect(published.has(n), `n=${n} is a published base`).toBe(true);
    const { text: ja } = await pdf('acme', 'ja');
    for (const x of ja.matchAll(/(\d+)人/g)) expect(Number(x[1])).toBeGreaterThanOrEqual(K);
    expect(flat(ja)).not.toContain('法務部（4人）');
  });

  it('reads the same in English', async () => {
    const { flat: t } = await pdf('acme', 'en');
    const p = LABELS.en.pdf;
    // behind the scores and new topics exist only with a survey / a new topic (none here)
    const sections = Object.entries(p.sections).filter(([s]) => !['overview', 'behind', 'emerging'].includes(s)).map(([, v]) => v);
    for (const s of [p.title, 'October 2026', p.summaryTitle, ...sections]) expect(t).toContain(flat(s));
    expect(t).toContain(flat('Considering a job change'));
    expect(t).toContain(pct(10 / 23));
  });

  it('embeds Noto Sans JP as a subset and stays small', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const { file, bytes } = await pdf('acme', lang);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.length).toBeLessThan(500 * 1024);
      const fonts = poppler('pdffonts', [file]).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) {
        // name type encoding emb sub uni …: every font is Noto Sans JP, embedded and subset
        expect(line).toMatch(/^[A-Z]{6}\+NotoSansJP-(Regular|Bold)\s.*\byes\s+yes\s+yes\b/);
      }
      expect(poppler('pdfinfo', [file])).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    }
  });
});

describe('PDF report of a company without figures', () => {
  it("explains a period without sessions instead of drawing empty charts", async () => {
    expect(model('ghost').status).toBe('no_sessions');
    for (const lang of ['ja', 'en'] as const) {
      const { text, flat: t } = await pdf('ghost', lang);
      const p = LABELS[lang].pdf;
      expect(t).toContain(flat(p.noSessions('2026-10')));
      expect(t).toContain(flat(p.sections.method));
      expect(t).not.toContain(flat(p.sections.themes));
      expect(text).not.toMatch(/\d+\.\d%/);
      expect(pages(text)).toBe(2);
    }
  });

  it('withholds everything for a company under k, and says why', async () => {
    expect(model('tiny').status).toBe('below_k');
    for (const lang of ['ja', 'en'] as const) {
      const { text, flat: t } = await pdf('tiny', lang);
      const p = LABELS[lang].pdf;
      expect(t).toContain(flat(p.belowK(K)));
      expect(t).not.toContain(PII);
      expect(t).not.toContain(flat(LABELS[lang].themes.health));
      expect(text).not.toMatch(/\d+\.\d%/);
      expect(text).not.toMatch(/\b3\b/); // its head-count
      expect(pages(text)).toBe(2);
    }
  });

  it('draws suppressed charts as such when every figure is hidden', async () => {
    const m = model('small');
    expect(m.status).toBe('ok');
    expect(m.themes.every((r) => r.share === null)).toBe(true);
    const { flat: t } = await pdf('small', 'ja');
    const p = LABELS.ja.pdf;
    expect(t).toContain(flat(p.summaryNoThemes(K)));
    expect(t).toContain(flat(p.dimensionAllHidden(LABELS.ja.dimensions.department, K)));
    expect(t).toContain(flat(p.legendSuppressed(K)));
    expect(t).not.toContain('残業'); // used by all 5: nobody without it, so hidden
  });
});

describe('writeReports', () => {
  it('writes the PDF beside the CSV files; nothing for a company without sessions in the period', async () => {
    const out = join(dir, 'out');
    const written = await writeReports(
      store,
      { period: '2026-10', companyIds: ['acme', 'ghost'], lang: 'ja', formats: ['csv', 'pdf'], outDir: out },
      { k: K, benchmarkMinCompanies: 5, now: () => new Date('2026-11-01T00:00:00Z') },
    );
    const acmeFiles = written.find((w) => w.companyId === 'acme')!.files;
    expect(acmeFiles).toContain(join(out, 'acme', '2026-10', 'report_acme_2026-10_ja.pdf'));
    expect(acmeFiles).toContain(join(out, 'acme', '2026-10', '01_overview.csv'));
    expect(written.map((w) => w.companyId)).toEqual(['acme']);
    expect(existsSync(join(out, 'ghost'))).toBe(false);
  });
});
