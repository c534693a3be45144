/** CSV reports: one file per table, UTF-8 with BOM (for Excel), a header row in the report's
 * language, long format, for Excel and for diff:
 * - every row names the company (id and name) and the period (a Tokyo month), so files concatenate;
 * - a row whose figures are all suppressed is left out (the PDF hatches those cells); a row
 *   kept with one figure suppressed has it empty, and the `suppressed` column says why;
 * - two renders of the same data are byte-identical but for the method table's run metadata
 *   (i18n.ts: RUN_METADATA), which comes last; its report id is a digest of the figures. */
import { stringify } from 'csv-stringify/sync';
import type { ReportModel, Reason } from '../pipeline/aggregate/model.js';
import { itemId } from '../pipeline/aggregate/behind.js';
import { LABELS, methodTable, segmentLabel, type Column, type Lang, type Labels } from './i18n.js';

export const REPORT_TABLES = [
  'overview',
  'theme_prevalence',
  'themes_by_segment',
  'top_keywords',
  'rising_keywords',
  'risk_distribution',
  'risk_by_segment',
  'method',
  'behind_the_scores',
  'emerging_topics',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

type Cell = string | number | null;
type RowOut = Partial<Record<Column, Cell>>;

interface TableSpec {
  columns: Column[];
  rows: (m: ReportModel, l: Labels) => RowOut[];
  /** The figure columns of a table with suppressed cells: a row in which all of them are
   * empty says nothing and is not written. Absent: every row is written. */
  figures?: Column[];
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const num = (x: number | null, digits = 3) => (x === null ? null : Number(x.toFixed(digits)));

const BENCH_COLS: Column[] = ['bench_companies', 'bench_p25_pct', 'bench_p50_pct', 'bench_p75_pct', 'bench_p90_pct'];
const BENCH_FIGURES: Column[] = ['bench_p25_pct', 'bench_p50_pct', 'bench_p75_pct', 'bench_p90_pct'];

/** The registry of report tables: adding a table id fails to compile until it is specified. */
export const TABLES: Record<ReportTable, TableSpec> = {
  overview: {
    columns: ['metric', 'value', 'previous', 'change', 'suppressed'],
    rows: (m, l) =>
      m.overview.map((r) => ({
        metric: l.metrics[r.metric],
        value: num(r.value),
        previous: num(r.previous),
        change: num(r.change),
        suppressed: reasons(r.suppressed, m, l),
      })),
  },
  theme_prevalence: {
    columns: ['theme_id', 'theme', 'employees', 'base', 'share_pct', 'previous_share_pct', 'change_pt', ...BENCH_COLS, 'suppressed'],
    figures: ['employees', 'share_pct', 'previous_share_pct', 'change_pt', ...BENCH_FIGURES],
    rows: (m, l) =>
      m.themes.map((r) => ({
        theme_id: r.theme,
        theme: l.themes[r.theme],
        employees: r.employees,
        base: r.base,
        share_pct: pct(r.share),
        previous_share_pct: pct(r.previous_share),
        change_pt: pct(r.change_pt),
        ...benchCells(r.benchmark),
        suppressed: reasons(r.suppressed, m, l),
      })),
  },
  themes_by_segment: {
    columns: ['dimension', 'segment', 'theme_id', 'theme', 'employees', 'base', 'share_pct', 'suppressed'],
    figures: ['employees', 'share_pct'],
    rows: (m, l) =>
      m.themesBySegment.map((r) => ({
        dimension: l.dimensions[r.dimension],
        segment: segmentLabel(r.segment, l),
        theme_id: r.theme,
        theme: l.themes[r.theme],
        employees: r.employees,
        base: r.base,
        share_pct: pct(r.share),
        suppressed: reasons(r.suppressed, m, l),
      })),
  },
  top_keywords: {
    columns: ['rank', 'keyword', 'employees', 'share_pct', 'lift', 'elsewhere'],
    rows: (m, l) =>
      m.topKeywords.map((r) => ({
        rank: r.rank, keyword: r.keyword, employees: r.employees, share_pct: pct(r.share),
        // a version published before lifts existed has neither field (`?.`, `??`)
        lift: r.lift ?? null, elsewhere: l.keywordElsewhere[r.elsewhere]?.(m.k, m.benchmarkMinCompanies) ?? '',
      })),
  },
  rising_keywords: {
    columns: ['rank', 'keyword', 'employees', 'share_pct', 'previous_employees', 'previous_share_pct', 'change_pt', 'p_value'],
    rows: (m) =>
      m.risingKeywords.map((r) => ({
        rank: r.rank,
        keyword: r.keyword,
        employees: r.employees,
        share_pct: pct(r.share),
        previous_employees: r.previous_employees,
        previous_share_pct: pct(r.previous_share),
        change_pt: pct(r.change_pt),
        p_value: r.p_value,
      })),
  },
  risk_distribution: {
    columns: ['signal', 'level', 'employees', 'base', 'share_pct', 'previous_share_pct', ...BENCH_COLS, 'suppressed'],
    figures: ['employees', 'share_pct', 'previous_share_pct', ...BENCH_FIGURES],
    rows: (m, l) =>
      m.risks.map((r) => ({
        signal: l.signals[r.signal],
        level: l.levels[r.level],
        employees: r.employees,
        base: r.base,
        share_pct: pct(r.share),
        previous_share_pct: pct(r.previous_share),
        ...benchCells(r.benchmark),
        suppressed: reasons(r.suppressed, m, l),
      })),
  },
  risk_by_segment: {
    columns: ['dimension', 'segment', 'signal', 'level', 'employees', 'base', 'share_pct', 'suppressed'],
    figures: ['employees', 'share_pct'],
    rows: (m, l) =>
      m.risksBySegment.map((r) => ({
        dimension: l.dimensions[r.dimension],
        segment: segmentLabel(r.segment, l),
        signal: l.signals[r.signal],
        level: l.levels[r.level],
        employees: r.employees,
        base: r.base,
        share_pct: pct(r.share),
        suppressed: reasons(r.suppressed, m, l),
      })),
  },
  method: {
    columns: ['item', 'value'],
    rows: (m, l) => methodTable(m, l).map((r) => ({ item: l.methodItems[r.item], value: r.value })),
  },
  // Only the rows the model shows (pipeline/aggregate/behind.ts decides); one per group and item.
  behind_the_scores: {
    columns: ['survey_metric', 'survey_period', 'dimension', 'side', 'segments', 'item_id', 'item', 'employees', 'base', 'share_pct', 'rest_employees', 'rest_base', 'rest_share_pct', 'lift_vs_rest'],
    rows: (m, l) =>
      (m.behindScores?.dimensions ?? []).flatMap((d) =>
        d.rows.map((r) => {
          const g = d.groups.find((x) => x.side === r.side)!;
          return {
            survey_metric: m.behindScores!.metric,
            survey_period: m.behindScores!.survey_period ?? '',
            dimension: l.dimensions[d.dimension],
            side: l.sides[r.side],
            segments: g.segments.map((s) => `${segmentLabel(s.segment, l)} (${s.score}; ${s.respondents})`).join(' / '),
            item_id: itemId(r.item),
            item: r.item.kind === 'theme' ? l.themes[r.item.theme] : `${l.signals[r.item.signal]}: ${l.levels[r.item.level]}`,
            employees: r.employees,
            base: r.base,
            share_pct: pct(r.share),
            rest_employees: r.rest_employees,
            rest_base: r.rest_base,
            rest_share_pct: pct(r.rest_share),
            lift_vs_rest: r.lift,
          };
        }),
      ),
  },
  emerging_topics: {
    columns: ['rank', 'topic', 'employees', 'share_pct', 'trend'],
    rows: (m, l) =>
      (m.emergingTopics ?? []).map((t) => ({ rank: t.rank, topic: t.keywords.join(' / '), employees: t.employees, share_pct: pct(t.share), trend: l.trends[t.trend] })),
  },
};

/** Tables written only when the model has their section (a survey given, a new topic found). */
const PRESENT: Partial<Record<ReportTable, (m: ReportModel) => boolean>> = {
  behind_the_scores: (m) => m.behindScores !== undefined,
  emerging_topics: (m) => (m.emergingTopics?.length ?? 0) > 0,
};

function benchCells(b: ReportModel['themes'][number]['benchmark']): RowOut {
  return {
    bench_companies: b.companies,
    bench_p25_pct: pct(b.p25),
    bench_p50_pct: pct(b.p50),
    bench_p75_pct: pct(b.p75),
    bench_p90_pct: pct(b.p90),
  };
}


function reasons(rs: Reason[], m: ReportModel, l: Labels): string | null {
  return rs.length === 0 ? null : rs.map((r) => l.reasons[r](m.k, m.benchmarkMinCompanies)).join(' / ');
}

/** What a spreadsheet may read as the start of a formula: = + - @, their full-width and small
 * forms and the minus sign U+2212 (Japanese input gives those, and a spreadsheet may fold them
 * to ASCII), also after leading spaces, which Excel trims; and a leading tab, CR or LF. */
const FORMULA_START = /^(?:[\t\r\n]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\u2212\uFE62\uFE63\uFE66\uFE6B])/u;

/** A text cell as OWASP's CSV-injection rule has it: one that could start a formula
 * (`=HYPERLINK(…)` as a company id, a department, a keyword) gets a leading `'` and stays text.
 * The CSV writer applies it to every string cell; numbers are not strings and stay numbers. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const blank = (v: Cell | undefined) => v === null || v === undefined;

/** Renders one table as CSV bytes: BOM, header, one row per cell that shows a figure, leading
 * columns naming the company and period so files can be concatenated. */
export function renderCsvTable(model: ReportModel, table: ReportTable, lang: Lang): Buffer {
  const l = LABELS[lang];
  const spec = TABLES[table];
  const columns: Column[] = ['company_id', 'company', 'period', ...spec.columns];
  const lead: RowOut = { company_id: model.company.id, company: model.company.name, period: model.period };
  const rows = spec
    .rows(model, l)
    .filter((r) => !spec.figures || spec.figures.some((c) => !blank(r[c])))
    .map((r) => columns.map((c) => (c in lead ? lead[c] : r[c]) ?? ''));
  // Neutralised in the writer, so no string cell (the company id, the header, any new column)
  // can be missed.
  const text = stringify([columns.map((c) => l.columns[c]), ...rows], { record_delimiter: '\r\n', cast: { string: neutraliseFormula } });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export function renderCsvReport(model: ReportModel, lang: Lang): { table: ReportTable; file: string; bytes: Buffer }[] {
  return REPORT_TABLES.flatMap((table, i) =>
    PRESENT[table] && !PRESENT[table](model)
      ? []
      : [{ table, file: `${String(i + 1).padStart(2, '0')}_${table}.csv`, bytes: renderCsvTable(model, table, lang) }],
  );
}
