/** The PDF report: A4, Noto Sans JP embedded (subset), vector charts, every label from the
 * i18n table. It draws only from the ReportModel — the same model as the CSV — so the two
 * always agree, and a suppressed figure (null in the model) can only ever be drawn as
 * hatched. Sections live in a registry keyed by PdfSection; a company whose status is not
 * 'ok' gets the cover (with the explanation) and the method page only. */
import PDFDocument from 'pdfkit';
import type { ReportModel } from '../../pipeline/aggregate/model.js';
import { OTHER_SEGMENT, UNSPECIFIED_SEGMENT } from '../../pipeline/aggregate/model.js';
import { quarterOf } from '../../pipeline/period.js';
import { DIMENSIONS, type Dimension } from '../../pipeline/aggregate/rows.js';
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS, type ThemeId } from '../../pipeline/themes.js';
import { LABELS, methodTable, PDF_SECTIONS, segmentLabel, type Labels, type Lang, type PdfLabels, type PdfSection } from '../i18n.js';
import { Canvas } from './canvas.js';
import { benchmarkChart, heatMap, KEYWORD_ROW, keywordBars, legend, niceMax, note, scaleLegend, type HeatColumn, type HeatRow, type LegendItem } from './charts.js';
import { registerFonts } from './fonts.js';
import { cap, decimal, int, pct, pt, signedInt } from './format.js';
import { BLUES, COLOR, CONTENT_WIDTH, ORANGES, PAGE, SIZE } from './style.js';
import { behindSentences, summarize } from './summary.js';
import { notable } from '../../pipeline/aggregate/behind.js';

const X0 = PAGE.marginX;
/** How many keywords of each list the PDF shows (the CSV has them all). */
export const PDF_TOP_KEYWORDS = 20;
export const PDF_RISING_KEYWORDS = 15;

interface Ctx {
  c: Canvas;
  m: ReportModel;
  l: Labels;
  p: PdfLabels;
  /** Themes in the order of the bar chart: visible by share, then suppressed. */
  themeOrder: ThemeId[];
  /** First page of each section drawn, zero-based. */
  starts: Partial<Record<PdfSection, number>>;
  /** Where the contents list on the cover waits for its page numbers. */
  contents: { section: PdfSection; y: number }[];
}

type Section = (x: Ctx) => void;

/** The sections in order; adding a PdfSection fails to compile until it is drawn here. */
const SECTIONS: Record<PdfSection, Section> = { overview: cover, themes, segments, behind, keywords, emerging, risks, method };
const ALWAYS: PdfSection[] = ['overview', 'method'];

export async function renderPdfReport(model: ReportModel, lang: Lang): Promise<Buffer> {
  const l = LABELS[lang];
  const p = l.pdf;
  const created = Date.parse(model.method.find((r) => r.item === 'generated_at')?.value ?? '');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    lang: p.locale,
    displayTitle: true,
    info: {
      Title: `${p.title} — ${model.company.name} ${p.period(model.period)}`,
      Author: 'honne',
      Subject: p.title,
      Creator: 'honne',
      ...(Number.isNaN(created) ? {} : { CreationDate: new Date(created), ModDate: new Date(created) }),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);

  const x: Ctx = { c: new Canvas(doc), m: model, l, p, themeOrder: themeOrder(model), starts: {}, contents: [] };
  for (const s of shownSections(model)) {
    x.starts[s] = x.c.page + 1;
    SECTIONS[s](x);
  }
  contentsPageNumbers(x);
  footers(x);
  doc.end();
  return done;
}

export function shownSections(model: ReportModel): PdfSection[] {
  // the two sections that exist only with their data: a survey given, a new topic found
  const present = (s: PdfSection) =>
    s === 'behind' ? model.behindScores !== undefined : s === 'emerging' ? (model.emergingTopics?.length ?? 0) > 0 : true;
  return PDF_SECTIONS.filter((s) => (model.status === 'ok' || ALWAYS.includes(s)) && present(s));
}

function themeOrder(m: ReportModel): ThemeId[] {
  const visible = m.themes.filter((t) => t.share !== null).sort((a, b) => b.share! - a.share! || THEME_IDS.indexOf(a.theme) - THEME_IDS.indexOf(b.theme));
  const hidden = THEME_IDS.filter((t) => !visible.some((v) => v.theme === t));
  return [...visible.map((t) => t.theme), ...hidden];
}

const segLabel = (x: Ctx, s: string) => segmentLabel(s, x.l);

/** The segments of a dimension: named ones in the model's order, then "other", "not given". */
function segmentsOf<T extends { dimension: Dimension; segment: string }>(rows: T[], dim: Dimension): string[] {
  const all = [...new Set(rows.filter((r) => r.dimension === dim).map((r) => r.segment))];
  const last = [OTHER_SEGMENT, UNSPECIFIED_SEGMENT];
  return [...all.filter((s) => !last.includes(s)), ...last.filter((s) => all.includes(s))];
}

// ---------------------------------------------------------------- headings

function sectionNumber(x: Ctx, s: PdfSection): number {
  const numbered: PdfSection[] = shownSections(x.m).filter((t) => t !== 'overview');
  return numbered.indexOf(s) + 1;
}

function sectionHeading(x: Ctx, s: PdfSection): void {
  const { c, p } = x;
  c.newPage();
  const title = `${sectionNumber(x, s)}. ${p.sections[s]}`;
  c.rect(X0, c.y + 3, 4, SIZE.h1, COLOR.accent);
  c.y += c.text(title, X0 + 12, c.y, CONTENT_WIDTH - 12, { size: SIZE.h1, weight: 'bold' }) + 6;
  const intro = p.intros[s](x.m.k, x.m.benchmarkMinCompanies);
  if (intro) c.y += c.text(intro, X0, c.y, CONTENT_WIDTH, { size: SIZE.body, color: COLOR.muted, lineGap: 2 }) + 12;
}

/** A sub-heading kept together with at least `keep` points of what follows it. */
function subHeading(x: Ctx, text: string, keep = 120): void {
  const { c } = x;
  const h = c.measure(text, CONTENT_WIDTH, { size: SIZE.h2, weight: 'bold' });
  if (c.y > PAGE.top) c.y += 8;
  c.ensure(h + 6 + keep);
  c.y += c.text(text, X0, c.y, CONTENT_WIDTH, { size: SIZE.h2, weight: 'bold' }) + 6;
}

function bullets(x: Ctx, items: string[], size: number = SIZE.body): void {
  const { c } = x;
  const indent = 12;
  for (const it of items) {
    const h = c.measure(it, CONTENT_WIDTH - indent, { size, lineGap: 2 });
    c.ensure(h + 4);
    c.rect(X0 + 2, c.y + c.lineHeight(size) / 2 - 1.5, 3, 3, COLOR.accent);
    c.y += c.text(it, X0 + indent, c.y, CONTENT_WIDTH - indent, { size, lineGap: 2 }) + 4;
  }
}

// ---------------------------------------------------------------- cover

function cover(x: Ctx): void {
  const { c, m, l, p } = x;
  c.newPage();
  c.rect(0, 0, PAGE.width, 8, COLOR.accent);
  c.y = 44;
  c.y += c.text('honne', X0, c.y, 200, { size: SIZE.label, weight: 'bold', color: COLOR.accent }) + 2;
  c.y += c.text(p.title, X0, c.y, CONTENT_WIDTH, { size: SIZE.coverTitle, weight: 'bold' }) + 12;
  c.y += c.fitText(m.company.name, X0, c.y, CONTENT_WIDTH, { size: SIZE.company, weight: 'bold', maxLines: 2, minSize: 11 }).height + 4;
  c.y += c.text(p.periodLine(m.period, m.previous), X0, c.y, CONTENT_WIDTH, { size: SIZE.body, color: COLOR.muted }) + 18;

  // KPI tiles
  const rows = m.overview;
  const gap = 12;
  const tileW = (CONTENT_WIDTH - gap * (rows.length - 1)) / Math.max(1, rows.length);
  const pad = 10;
  const tiles = rows.map((r) => {
    const fmt = (v: number) => (r.metric === 'sentiment_mean' ? decimal(v) : int(v));
    const value = r.value === null ? '—' : fmt(r.value);
    const sub =
      r.suppressed.length > 0
        ? p.kpiWithheld
        : r.previous !== null && r.change !== null
          ? p.kpiPrevious(p.period(m.previous), fmt(r.previous), r.metric === 'sentiment_mean' ? decimal(r.change) : signedInt(r.change))
          : p.kpiNoPrevious(m.k);
    return { label: cap(l.metrics[r.metric]), value, sub };
  });
  const inner = tileW - 2 * pad;
  const labelH = Math.max(...tiles.map((t) => c.fit(t.label, inner, { size: SIZE.label, maxLines: 2 }).height));
  const subH = Math.max(...tiles.map((t) => c.fit(t.sub, inner, { size: SIZE.small, maxLines: 3 }).height));
  const valueH = c.lineHeight(SIZE.kpi, 'bold');
  const tileH = pad + labelH + valueH + subH + pad + 2;
  tiles.forEach((t, i) => {
    const tx = X0 + i * (tileW + gap);
    c.rect(tx, c.y, tileW, tileH, COLOR.panel);
    c.rect(tx, c.y, tileW, 2.5, COLOR.accent);
    c.fitText(t.label, tx + pad, c.y + pad, inner, { size: SIZE.label, maxLines: 2, color: COLOR.muted });
    c.fitText(t.value, tx + pad, c.y + pad + labelH, inner, { size: SIZE.kpi, weight: 'bold', minSize: 12 });
    c.fitText(t.sub, tx + pad, c.y + pad + labelH + valueH, inner, { size: SIZE.small, maxLines: 3, color: COLOR.muted });
  });
  c.y += tileH + 18;

  // summary
  const lines = summaryLines(x);
  const sp = 14;
  const titleH = c.lineHeight(SIZE.h2, 'bold');
  const bodyW = CONTENT_WIDTH - 2 * sp - 12;
  const bodyH = lines.reduce((s, t) => s + c.measure(t, bodyW, { size: SIZE.body, lineGap: 2.5 }) + 6, 0);
  const boxH = sp + titleH + 8 + bodyH + sp - 6;
  c.rect(X0, c.y, CONTENT_WIDTH, boxH, COLOR.panel);
  c.rect(X0, c.y, 4, boxH, COLOR.accent);
  let y = c.y + sp;
  c.text(p.summaryTitle, X0 + sp, y, CONTENT_WIDTH - 2 * sp, { size: SIZE.h2, weight: 'bold' });
  y += titleH + 8;
  for (const t of lines) {
    c.rect(X0 + sp + 1, y + c.lineHeight(SIZE.body) / 2 - 2, 4, 4, COLOR.accent);
    y += c.text(t, X0 + sp + 12, y, bodyW, { size: SIZE.body, lineGap: 2.5 }) + 6;
  }
  c.y += boxH + 22;

  // contents (page numbers are filled in once every page exists)
  c.y += c.text(p.contents, X0, c.y, CONTENT_WIDTH, { size: SIZE.h2, weight: 'bold' }) + 6;
  for (const s of shownSections(m).filter((t) => t !== 'overview')) {
    x.contents.push({ section: s, y: c.y });
    c.text(`${sectionNumber(x, s)}. ${p.sections[s]}`, X0 + 4, c.y, CONTENT_WIDTH - 80, { size: SIZE.body });
    c.y += c.lineHeight(SIZE.body) + 4;
  }

  // the privacy promise, at the foot of the cover
  const promise = p.coverPrivacy(m.k);
  const ph = c.measure(promise, CONTENT_WIDTH - 20, { size: SIZE.small, lineGap: 1.5 }) + 16;
  const py = Math.max(c.y + 12, PAGE.bottom - ph);
  c.doc.save().rect(X0, py, CONTENT_WIDTH, ph).lineWidth(0.6).strokeColor(COLOR.rule).stroke().restore();
  c.text(promise, X0 + 10, py + 8, CONTENT_WIDTH - 20, { size: SIZE.small, color: COLOR.muted, lineGap: 1.5 });
  c.y = py + ph;
}

function summaryLines(x: Ctx): string[] {
  const { m, l, p } = x;
  if (m.status === 'no_sessions') return [p.noSessions(m.period)];
  if (m.status === 'below_k') return [p.belowK(m.k)];
  if (m.status === 'held_back') return [l.reasons.window_overlap(m.k, m.benchmarkMinCompanies)];
  if (m.status === 'see_quarter') return [p.seeQuarter(p.period(quarterOf(m.period).id))];
  const s = summarize(m);
  const out: string[] = [];
  if (s.employees !== null && s.sessions !== null) {
    out.push(p.summaryOverview(p.period(m.period), int(s.employees), int(s.sessions), s.employeesChange === null ? null : signedInt(s.employeesChange)));
  }
  const item = (t: { theme: ThemeId; share: number; median: number | null }) =>
    p.summaryThemeItem(l.themes[t.theme], pct(t.share), t.median === null ? null : pct(t.median));
  const th = s.themes;
  if (th.kind === 'above_benchmark') out.push(p.summaryAbove(th.themes.map(item)));
  if (th.kind === 'none_above') out.push(p.summaryNoneAbove);
  if (th.kind === 'no_benchmark') out.push(p.summaryNoBenchmark(m.benchmarkMinCompanies, th.themes.map(item)));
  if (th.kind === 'all_hidden') out.push(p.summaryNoThemes(m.k));
  // the first sentence of behind the scores (the lowest-scoring group), the rest on its page
  out.push(...behindSentences(m, l).slice(0, 1));
  for (const r of s.risks) {
    out.push(
      r.top
        ? p.summaryRisk(l.signals[r.signal], l.levels[r.level], l.dimensions[r.top.dimension], segLabel(x, r.top.segment), pct(r.top.share))
        : p.summaryRiskHidden(l.signals[r.signal], l.levels[r.level], m.k),
    );
  }
  return out;
}

// ---------------------------------------------------------------- themes

function benchLegend(x: Ctx, anyBenchmark: boolean): void {
  const { p, m } = x;
  const items: LegendItem[] = [{ mark: 'bar', label: p.legendCompany }];
  if (anyBenchmark) items.push({ mark: 'band', label: p.legendBand }, { mark: 'median', label: p.legendMedian });
  items.push({ mark: 'hatch', label: p.legendSuppressed(m.k) });
  legend(x.c, items);
  if (!anyBenchmark) note(x.c, p.noBenchmark(m.benchmarkMinCompanies));
}

function themes(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'themes');
  benchLegend(x, m.themes.some((t) => t.benchmark.p50 !== null));
  if (m.themes.every((t) => t.share === null)) note(c, p.summaryNoThemes(m.k));
  const byId = new Map(m.themes.map((t) => [t.theme, t]));
  const rows = x.themeOrder.flatMap((id) => {
    const t = byId.get(id);
    if (!t) return [];
    return [{ label: cap(l.themes[id]), share: t.share, benchmark: t.benchmark, change: t.change_pt === null ? null : pt(t.change_pt) }];
  });
  benchmarkChart(c, rows, { hidden: p.hidden, shareHeader: p.colCompany, changeHeader: p.colChange }, { labelWidth: 150 });
}

// ---------------------------------------------------------------- themes by segment

function segments(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'segments');
  const shares = m.themesBySegment.flatMap((r) => (r.share === null ? [] : [r.share]));
  const max = niceMax(shares);
  if (shares.length > 0) scaleLegend(c, BLUES, max, p.legendScale, p.legendSuppressed(m.k));
  for (const dim of DIMENSIONS) {
    const dimLabel = l.dimensions[dim];
    const rows = m.themesBySegment.filter((r) => r.dimension === dim);
    const segs = segmentsOf(rows, dim);
    const heading = p.bySegment(dimLabel);
    if (segs.length === 0 || segs.every((s) => s === UNSPECIFIED_SEGMENT)) {
      subHeading(x, heading, 40);
      // no rows at all: every group was under k (model.ts gives no breakdown then)
      note(c, segs.length === 0 ? p.dimensionAllSmall(dimLabel, m.k) : p.dimensionNoData(dimLabel));
      continue;
    }
    if (rows.every((r) => r.share === null)) {
      subHeading(x, heading, 40);
      note(c, p.dimensionAllHidden(dimLabel, m.k));
      continue;
    }
    const cell = new Map(rows.map((r) => [`${r.segment}\u0000${r.theme}`, r]));
    const columns: HeatColumn[] = segs.map((s) => {
      const base = rows.find((r) => r.segment === s)?.base ?? null;
      return { label: segLabel(x, s), ...(base !== null ? { sub: p.segmentN(int(base)) } : {}) };
    });
    const heat: HeatRow[] = x.themeOrder.map((t) => ({
      label: cap(l.themes[t]),
      cells: segs.map((s) => cell.get(`${s}\u0000${t}`)?.share ?? null),
    }));
    // keep a dimension's map on one page when it fits on one
    subHeading(x, heading, Math.min(PAGE.bottom - PAGE.top - 40, 60 + heat.length * 19));
    heatMap(c, columns, heat, { labelWidth: 140, colors: BLUES, max });
  }
}

// ---------------------------------------------------------------- keywords

function keywords(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'keywords');
  subHeading(x, p.keywordsTop, 60);
  if (m.topKeywords.length === 0) note(c, p.keywordsNone(m.k));
  else
    keywordBars(
      c,
      m.topKeywords.slice(0, PDF_TOP_KEYWORDS).map((r) => ({
        rank: r.rank,
        label: r.keyword,
        share: r.share,
        value: `${p.keywordEmployees(int(r.employees))} · ${pct(r.share)}${typeof r.lift === 'number' ? ` · ${p.keywordLift(decimal(r.lift, 1))}` : ''}`,
      })),
    );

  const rowH = KEYWORD_ROW;
  const shown = m.risingKeywords.slice(0, PDF_RISING_KEYWORDS);
  // the heading and the table stay on one page
  subHeading(x, p.keywordsRising, shown.length === 0 ? 60 : Math.min(PAGE.bottom - PAGE.top - 40, 24 + shown.length * rowH));
  const hasPrevious = m.overview.some((r) => r.metric === 'employees' && r.previous !== null);
  if (m.risingKeywords.length === 0) {
    note(c, hasPrevious ? p.risingNone : p.risingNoPrevious(m.k));
    return;
  }
  const cols = [
    { key: 'rank', w: 18, align: 'right' },
    { key: 'keyword', w: 0, align: 'left' },
    { key: 'share', w: 92, align: 'right' },
    { key: 'previous', w: 56, align: 'right' },
    { key: 'change', w: 60, align: 'right' },
    { key: 'status', w: 52, align: 'center' },
  ] as const;
  const fixed = cols.reduce((s, col) => s + col.w, 0) + 6 * 5;
  const widths = cols.map((col) => (col.w === 0 ? CONTENT_WIDTH - fixed : col.w));
  const xs = widths.map((_, i) => X0 + widths.slice(0, i).reduce((s, w) => s + w + 6, 0));
  const head = [l.columns.rank, l.columns.keyword, p.colShare, p.colPrevious, p.colChange, ''];
  const header = () => {
    head.forEach((h, i) => c.fitText(h, xs[i]!, c.y, widths[i]!, { size: SIZE.small, color: COLOR.muted, align: cols[i]!.align }));
    c.y += c.lineHeight(SIZE.small) + 3;
    c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  };
  header();
  shown.forEach((r, i) => {
    if (c.ensure(rowH)) header();
    const top = c.y;
    if (i % 2 === 1) c.rect(X0, top, CONTENT_WIDTH, rowH, COLOR.zebra);
    const ty = top + (rowH - c.lineHeight(SIZE.label)) / 2;
    const cells = [
      String(r.rank),
      r.keyword,
      `${p.keywordEmployees(int(r.employees))} · ${pct(r.share)}`,
      pct(r.previous_share),
      pt(r.change_pt),
    ];
    cells.forEach((t, j) =>
      c.fitText(t, xs[j]!, ty, widths[j]!, { size: SIZE.label, align: cols[j]!.align, color: j === 0 ? COLOR.muted : COLOR.text }),
    );
    const badge = p.risingBadge;
    const bw = Math.min(widths[5]!, c.width(badge, { size: SIZE.small, weight: 'bold' }) + 12);
    const bx = xs[5]! + (widths[5]! - bw) / 2;
    c.doc.roundedRect(bx, top + 3, bw, rowH - 6, 3).fill(COLOR.rising);
    c.text(badge, bx, top + (rowH - c.lineHeight(SIZE.small, 'bold')) / 2, bw, { size: SIZE.small, weight: 'bold', color: COLOR.white, align: 'center' });
    c.y += rowH;
  });
  c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  c.y += 8;
}

// ---------------------------------------------------------------- behind the scores

interface TableCol {
  head: string;
  w: number;
  align: 'left' | 'right' | 'center';
}

/** A plain table: a header row, zebra rows, the header again after a page break. */
function table(x: Ctx, cols: TableCol[], rows: string[][]): void {
  const { c } = x;
  const rowH = KEYWORD_ROW;
  const gap = 6;
  const fixed = cols.reduce((s, col) => s + col.w, 0) + gap * (cols.length - 1);
  const widths = cols.map((col) => (col.w === 0 ? CONTENT_WIDTH - fixed : col.w));
  const xs = widths.map((_, i) => X0 + widths.slice(0, i).reduce((s, w) => s + w + gap, 0));
  const header = () => {
    cols.forEach((col, i) => c.fitText(col.head, xs[i]!, c.y, widths[i]!, { size: SIZE.small, color: COLOR.muted, align: col.align }));
    c.y += c.lineHeight(SIZE.small) + 3;
    c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  };
  header();
  rows.forEach((cells, i) => {
    if (c.ensure(rowH)) header();
    if (i % 2 === 1) c.rect(X0, c.y, CONTENT_WIDTH, rowH, COLOR.zebra);
    const ty = c.y + (rowH - c.lineHeight(SIZE.label)) / 2;
    cells.forEach((t, j) => c.fitText(t, xs[j]!, ty, widths[j]!, { size: SIZE.label, align: cols[j]!.align }));
    c.y += rowH;
  });
  c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  c.y += 8;
}

function behind(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'behind');
  const b = m.behindScores!;
  const metric = l.surveyMetric(b.metric);
  if (b.dimensions.length === 0) {
    note(c, p.behindNoDimension(m.k));
    return;
  }
  bullets(x, behindSentences(m, l));
  for (const d of b.dimensions) {
    subHeading(x, p.behindHeading(l.dimensions[d.dimension], metric, p.period(b.survey_period ?? m.period)), 100);
    for (const g of d.groups) {
      const segs = g.segments.map((s) => p.behindSegmentScore(segLabel(x, s.segment), String(s.score), int(s.respondents))).join(' / ');
      c.ensure(c.lineHeight(SIZE.body) + 4);
      c.y += c.text(p.behindScores(p.behindGroup(g.side, g.segments.length, d.dimension), segs), X0, c.y, CONTENT_WIDTH, { size: SIZE.body, color: COLOR.muted }) + 4;
    }
    if (d.rows.length === 0) {
      note(c, p.behindAllWithheld(m.k));
      continue;
    }
    for (const g of d.groups) {
      // what stands out there: over-represented first, then under-represented
      const rows = [...notable(d, g.side, 'over'), ...notable(d, g.side, 'under')];
      if (rows.length === 0) continue;
      c.ensure(40 + rows.length * KEYWORD_ROW);
      c.y += c.text(cap(p.behindGroup(g.side, g.segments.length, d.dimension)), X0, c.y, CONTENT_WIDTH, { size: SIZE.label, weight: 'bold' }) + 4;
      table(
        x,
        [
          { head: p.behindColItem, w: 0, align: 'left' },
          { head: p.behindColGroup, w: 110, align: 'right' },
          { head: p.behindColRest, w: 110, align: 'right' },
          { head: p.behindColLift, w: 60, align: 'right' },
        ],
        rows.map((r) => [
          r.item.kind === 'theme' ? l.themes[r.item.theme] : cap(p.behindRiskItem(l.signals[r.item.signal], l.levels[r.item.level])),
          `${pct(r.share)}（${int(r.employees)}/${int(r.base)}）`,
          `${pct(r.rest_share)}（${int(r.rest_employees)}/${int(r.rest_base)}）`,
          r.lift.toFixed(2),
        ]),
      );
    }
  }
}

// ---------------------------------------------------------------- new topics

function emerging(x: Ctx): void {
  const { m, l, p } = x;
  sectionHeading(x, 'emerging');
  table(
    x,
    [
      { head: '', w: 18, align: 'right' },
      { head: p.emergingColTopic, w: 0, align: 'left' },
      { head: p.emergingColEmployees, w: 100, align: 'right' },
      { head: p.emergingColTrend, w: 90, align: 'center' },
    ],
    (m.emergingTopics ?? []).map((t) => [String(t.rank), t.keywords.join(l.pdf.locale === 'en' ? ', ' : '・'), `${p.keywordEmployees(int(t.employees))} · ${pct(t.share)}`, l.trends[t.trend]]),
  );
}

// ---------------------------------------------------------------- risks

function risks(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'risks');
  benchLegend(x, m.risks.some((r) => r.benchmark.p50 !== null));
  // one axis for both signals, so their bars compare
  const axis = niceMax(m.risks.flatMap((r) => [r.share ?? 0, r.benchmark.p75 ?? 0, r.benchmark.p50 ?? 0]));
  for (const sig of RISK_SIGNALS) {
    subHeading(x, p.riskDistribution(l.signals[sig]), 110);
    const rows = RISK_LEVELS.flatMap((level) => {
      const r = m.risks.find((v) => v.signal === sig && v.level === level);
      if (!r) return [];
      const change = r.share !== null && r.previous_share !== null ? pt(r.share - r.previous_share) : null;
      return [{ label: cap(l.levels[level]), share: r.share, benchmark: r.benchmark, change }];
    });
    benchmarkChart(c, rows, { hidden: p.hidden, shareHeader: p.colCompany, changeHeader: p.colChange }, { labelWidth: 90, max: axis });
  }

  const coloured = m.risksBySegment.flatMap((r) => (r.share === null || r.level === 'low' ? [] : [r.share]));
  const max = niceMax(coloured);
  const columns: HeatColumn[] = RISK_SIGNALS.flatMap((sig) =>
    RISK_LEVELS.map((level) => ({ label: l.levels[level], group: cap(l.signals[sig]), plain: level === 'low' })),
  );
  let legendDrawn = false;
  for (const dim of DIMENSIONS) {
    const dimLabel = l.dimensions[dim];
    const rows = m.risksBySegment.filter((r) => r.dimension === dim);
    const segs = segmentsOf(rows, dim);
    const heading = p.riskBySegment(dimLabel);
    const heat: HeatRow[] = segs.map((s) => {
      const base = rows.find((r) => r.segment === s)?.base ?? null;
      return {
        label: base === null ? segLabel(x, s) : p.withN(segLabel(x, s), int(base)),
        cells: RISK_SIGNALS.flatMap((sig) =>
          RISK_LEVELS.map((level) => rows.find((r) => r.segment === s && r.signal === sig && r.level === level)?.share ?? null),
        ),
      };
    });
    const noData = segs.length === 0 || segs.every((s) => s === UNSPECIFIED_SEGMENT);
    const allHidden = rows.every((r) => r.share === null);
    if (noData || allHidden) {
      subHeading(x, heading, 40);
      note(c, segs.length === 0 ? p.dimensionAllSmall(dimLabel, m.k) : noData ? p.dimensionNoData(dimLabel) : p.dimensionAllHidden(dimLabel, m.k));
      continue;
    }
    subHeading(x, heading, Math.min(PAGE.bottom - PAGE.top - 40, 70 + heat.length * 19 + (legendDrawn ? 0 : 30)));
    if (!legendDrawn) {
      if (coloured.length > 0) scaleLegend(c, ORANGES, max, p.legendRiskScale, p.legendSuppressed(m.k));
      else legend(c, [{ mark: 'hatch', label: p.legendSuppressed(m.k) }]);
      legendDrawn = true;
    }
    heatMap(c, columns, heat, { labelWidth: 150, colors: ORANGES, max, minColWidth: 44 });
  }
}

// ---------------------------------------------------------------- method and privacy

function method(x: Ctx): void {
  const { c, m, l, p } = x;
  sectionHeading(x, 'method');
  subHeading(x, p.methodTable, 80);
  const keyW = 170;
  c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  for (const r of methodTable(m, l)) {
    const value = r.value === '' ? '–' : r.value;
    const style = { size: SIZE.label, lineGap: 1.5 };
    const h = Math.max(c.measure(l.methodItems[r.item], keyW - 8, style), c.measure(value, CONTENT_WIDTH - keyW, style)) + 8;
    c.ensure(h);
    c.text(l.methodItems[r.item], X0, c.y + 4, keyW - 8, { ...style, color: COLOR.muted });
    c.text(value, X0 + keyW, c.y + 4, CONTENT_WIDTH - keyW, style);
    c.y += h;
    c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.grid);
  }
  c.y += 6;
  subHeading(x, p.privacyTitle, 80);
  bullets(x, p.privacyNotes(m.k, m.benchmarkMinCompanies));
  // how to read the figures: only a report that shows figures has any to read
  if (m.status !== 'ok') return;
  subHeading(x, p.readingTitle, 60);
  bullets(x, p.readingNotes(m.k, m.benchmarkMinCompanies));
}

// ---------------------------------------------------------------- page furniture

function contentsPageNumbers(x: Ctx): void {
  const { c } = x;
  if (x.contents.length === 0) return;
  c.doc.switchToPage(0);
  const size = SIZE.body;
  for (const e of x.contents) {
    const start = x.starts[e.section];
    if (start === undefined) continue;
    const label = String(start + 1);
    const titleW = c.width(`${sectionNumber(x, e.section)}. ${x.p.sections[e.section]}`, { size });
    const numW = 30;
    const lineY = e.y + c.lineHeight(size) * 0.72;
    c.doc.save().moveTo(X0 + 4 + titleW + 8, lineY).lineTo(X0 + CONTENT_WIDTH - numW - 4, lineY).lineWidth(0.6).dash(1, { space: 2.5 }).strokeColor(COLOR.faint).stroke().undash().restore();
    c.text(label, X0 + CONTENT_WIDTH - numW, e.y, numW, { size, align: 'right' });
  }
}

function footers(x: Ctx): void {
  const { c, m, p } = x;
  const range = c.doc.bufferedPageRange();
  const size = SIZE.small;
  for (let i = range.start; i < range.start + range.count; i++) {
    c.doc.switchToPage(i);
    c.line(X0, PAGE.footerY - 5, X0 + CONTENT_WIDTH, PAGE.footerY - 5, COLOR.rule);
    const numW = 50;
    const left = `${m.company.name}\u3000|\u3000${p.period(m.period)}\u3000|\u3000${p.title}`;
    c.fitText(left, X0, PAGE.footerY, CONTENT_WIDTH - numW - 10, { size, color: COLOR.muted });
    c.text(`${i + 1} / ${range.count}`, X0 + CONTENT_WIDTH - numW, PAGE.footerY, numW, { size, color: COLOR.muted, align: 'right' });
  }
}
