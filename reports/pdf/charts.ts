/** Vector charts drawn with pdfkit primitives: bars against a benchmark band, heat maps with
 * hatched suppressed cells, keyword bars, legends. Each chart takes plain rows (labels
 * already translated, `null` for a suppressed figure) and flows over pages through the
 * canvas, repeating its header on a new page. */
import type { Benchmark } from '../../pipeline/aggregate/model.js';
import type { Canvas } from './canvas.js';
import { pct } from './format.js';
import { COLOR, CONTENT_WIDTH, PAGE, ramp, SIZE, textOn } from './style.js';

const X0 = PAGE.marginX;

function stepFor(m: number): number {
  return m <= 0.2 ? 0.05 : m <= 0.5 ? 0.1 : 0.2;
}

/** A round upper bound of the axis above every value, on a gridline (5, 10 or 20 points). */
export function niceMax(values: number[], floor = 0.1): number {
  const m = Math.min(1, Math.max(floor, ...values.filter((v) => Number.isFinite(v))));
  const step = stepFor(m);
  return Math.min(1, Math.round(Math.ceil(m / step - 1e-9) * step * 100) / 100);
}

function ticksFor(max: number): number[] {
  const step = stepFor(max);
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(Math.round(t * 100) / 100);
  if ((out[out.length - 1] ?? 0) < max - 1e-9) out.push(max);
  return out;
}

// ---------------------------------------------------------------- legend

export type LegendMark = 'bar' | 'band' | 'median' | 'hatch';
export interface LegendItem {
  mark: LegendMark;
  label: string;
}

/** One line of legend items, wrapping onto more lines when they do not fit. */
export function legend(c: Canvas, items: LegendItem[]): void {
  const size = SIZE.small;
  const lh = c.lineHeight(size);
  const gap = 14;
  const swatch = 16;
  let x = X0;
  let y = c.y;
  for (const it of items) {
    const w = swatch + 4 + c.width(it.label, { size });
    if (x > X0 && x + w > X0 + CONTENT_WIDTH) {
      x = X0;
      y += lh + 3;
    }
    const my = y + lh / 2;
    if (it.mark === 'bar') c.rect(x, my - 4, swatch, 8, COLOR.company);
    if (it.mark === 'band') c.rect(x, my - 3, swatch, 6, COLOR.band);
    if (it.mark === 'median') c.rect(x + swatch / 2 - 0.9, my - 5, 1.8, 10, COLOR.median);
    if (it.mark === 'hatch') c.hatched(x, my - 4.5, swatch, 9);
    c.text(it.label, x + swatch + 4, y, w, { size, color: COLOR.muted });
    x += w + gap;
  }
  c.y = y + lh + 8;
}

/** A continuous colour scale from 0 to `max`, and the hatched mark of suppressed cells. */
export function scaleLegend(c: Canvas, colors: readonly string[], max: number, label: string, hiddenLabel: string): void {
  const size = SIZE.small;
  const lh = c.lineHeight(size);
  const labelW = c.width(label, { size });
  c.text(label, X0, c.y, labelW + 2, { size, color: COLOR.muted });
  const x = X0 + labelW + 8;
  const w = 120;
  const steps = 40;
  for (let i = 0; i < steps; i++) c.rect(x + (i * w) / steps, c.y + 2, w / steps + 0.3, 8, ramp(colors, i / (steps - 1)));
  c.text('0%', x - 2, c.y + 11, 30, { size: SIZE.min, color: COLOR.muted });
  const maxLabel = pct(max).replace('.0%', '%');
  c.text(maxLabel, x + w - 28, c.y + 11, 30, { size: SIZE.min, color: COLOR.muted, align: 'right' });
  const hx = x + w + 18;
  c.hatched(hx, c.y + 1, 16, 10);
  c.text(hiddenLabel, hx + 20, c.y, X0 + CONTENT_WIDTH - hx - 20, { size, color: COLOR.muted });
  c.y += Math.max(lh, 20) + 8;
}

/** A grey note box: what stands in for a chart that has nothing to show. */
export function note(c: Canvas, text: string): void {
  const pad = 10;
  const h = c.measure(text, CONTENT_WIDTH - 2 * pad, { size: SIZE.body, lineGap: 2 }) + 2 * pad;
  c.ensure(h);
  c.rect(X0, c.y, CONTENT_WIDTH, h, COLOR.panel);
  c.rect(X0, c.y, 3, h, COLOR.faint);
  c.text(text, X0 + pad, c.y + pad, CONTENT_WIDTH - 2 * pad, { size: SIZE.body, lineGap: 2, color: COLOR.muted });
  c.y += h + 10;
}

// ---------------------------------------------------------------- bars with benchmark

export interface BenchRow {
  label: string;
  /** The company's share, or null when suppressed. */
  share: number | null;
  benchmark: Benchmark;
  /** Change against the previous period, already formatted; null when there is none. */
  change: string | null;
}

export interface BenchChartText {
  hidden: string;
  shareHeader: string;
  changeHeader: string;
}

/** Horizontal bars of the company's share, each with the benchmark's 25–75 % band and median
 * tick right under it, and fixed columns for the value and the change, so no label ever
 * collides with a bar. */
export function benchmarkChart(c: Canvas, rows: BenchRow[], text: BenchChartText, opts: { labelWidth: number; max?: number }): void {
  const labelW = opts.labelWidth;
  const valueW = 42;
  const changeW = 46;
  const plotX = X0 + labelW + 8;
  const plotW = CONTENT_WIDTH - labelW - 8 - 10 - valueW - changeW;
  const valueX = plotX + plotW + 10;
  const changeX = valueX + valueW;
  const max =
    opts.max ??
    niceMax(rows.flatMap((r) => [r.share ?? 0, r.benchmark.p75 ?? 0, r.benchmark.p50 ?? 0]));
  const ticks = ticksFor(max);
  const xOf = (v: number) => plotX + (Math.min(v, max) / max) * plotW;

  const header = () => {
    const size = SIZE.small;
    const lh = c.lineHeight(size);
    const hs = [text.shareHeader, text.changeHeader].map((h, i) =>
      c.fit(h, i === 0 ? valueW : changeW, { size, maxLines: 2 }),
    );
    const h = Math.max(lh, ...hs.map((f) => f.height));
    for (const t of ticks) {
      const label = `${Math.round(t * 100)}%`;
      const w = c.width(label, { size });
      const x = Math.min(Math.max(xOf(t) - w / 2, plotX - 4), plotX + plotW - w + 4);
      c.text(label, x, c.y + h - lh, w + 1, { size, color: COLOR.muted });
    }
    c.fitText(text.shareHeader, valueX, c.y + h - hs[0]!.height, valueW, { size, maxLines: 2, color: COLOR.muted, align: 'right' });
    c.fitText(text.changeHeader, changeX, c.y + h - hs[1]!.height, changeW, { size, maxLines: 2, color: COLOR.muted, align: 'right' });
    c.y += h + 3;
    c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  };

  const labelStyle = { size: SIZE.label, maxLines: 2, minSize: 7 } as const;
  const heights = rows.map((r) => Math.max(27, c.fit(r.label, labelW, labelStyle).height + 8));
  c.ensure(40 + (heights[0] ?? 0));
  header();
  rows.forEach((r, i) => {
    const rowH = heights[i]!;
    if (c.ensure(rowH)) header();
    const top = c.y;
    if (i % 2 === 1) c.rect(X0, top, CONTENT_WIDTH, rowH, COLOR.zebra);
    for (const t of ticks) c.line(xOf(t), top, xOf(t), top + rowH, t === 0 ? COLOR.rule : COLOR.grid, t === 0 ? 0.8 : 0.5);
    const lf = c.fit(r.label, labelW, labelStyle);
    c.fitText(r.label, X0 + 2, top + (rowH - lf.height) / 2, labelW - 2, labelStyle);

    const barY = top + (rowH - 19) / 2;
    const valueSize = SIZE.label;
    const valueLh = c.lineHeight(valueSize, 'bold');
    if (r.share === null) {
      c.hatched(plotX, barY, Math.min(34, plotW), 10);
      c.text(text.hidden, valueX, barY + 5 - c.lineHeight(SIZE.small) / 2, valueW, { size: SIZE.small, color: COLOR.muted, align: 'right' });
    } else {
      c.rect(plotX, barY, Math.max(0.8, xOf(r.share) - plotX), 10, COLOR.company);
      c.text(pct(r.share), valueX, barY + 5 - valueLh / 2, valueW, { size: valueSize, weight: 'bold', align: 'right' });
    }
    const b = r.benchmark;
    if (b.p25 !== null && b.p75 !== null) {
      const x1 = xOf(b.p25);
      c.rect(x1, barY + 13, Math.max(1.5, xOf(b.p75) - x1), 6, COLOR.band);
    }
    if (b.p50 !== null) c.rect(xOf(b.p50) - 0.9, barY + 11.5, 1.8, 9, COLOR.median);
    const change = r.change ?? '–';
    c.text(change, changeX, barY + 5 - c.lineHeight(SIZE.small) / 2, changeW, { size: SIZE.small, color: COLOR.muted, align: 'right' });
    c.y += rowH;
  });
  c.line(X0, c.y, X0 + CONTENT_WIDTH, c.y, COLOR.rule);
  c.y += 10;
}

// ---------------------------------------------------------------- heat map

export interface HeatColumn {
  label: string;
  /** A second header line, e.g. the group's head-count. */
  sub?: string;
  /** Columns with the same consecutive group share a spanning header. */
  group?: string;
  /** Values printed on white, outside the colour scale (e.g. the share at low risk). */
  plain?: boolean;
}
export interface HeatRow {
  label: string;
  /** One share per column; null when suppressed. */
  cells: (number | null)[];
}

export interface HeatOptions {
  labelWidth: number;
  colors: readonly string[];
  max: number;
  minColWidth?: number;
  maxColWidth?: number;
}

/** A heat map with rows × columns. Too many columns for the page width are split into
 * several blocks, each repeating the row labels; rows flow over pages with the header. */
export function heatMap(c: Canvas, columns: HeatColumn[], rows: HeatRow[], opts: HeatOptions): void {
  const labelW = opts.labelWidth;
  const avail = CONTENT_WIDTH - labelW - 6;
  const perBlock = Math.max(1, Math.floor(avail / (opts.minColWidth ?? 40)));
  const blocks = Math.ceil(columns.length / perBlock);
  const size = Math.ceil(columns.length / blocks);
  for (let b = 0; b < blocks; b++) {
    const idx = columns.map((_, i) => i).slice(b * size, (b + 1) * size);
    heatBlock(c, idx.map((i) => columns[i]!), rows.map((r) => ({ label: r.label, cells: idx.map((i) => r.cells[i] ?? null) })), opts);
    if (b < blocks - 1) c.y += 8;
  }
}

function heatBlock(c: Canvas, columns: HeatColumn[], rows: HeatRow[], opts: HeatOptions): void {
  const labelW = opts.labelWidth;
  const gx = X0 + labelW + 6;
  const colW = Math.min(opts.maxColWidth ?? 68, (CONTENT_WIDTH - labelW - 6) / columns.length);
  const headStyle = { size: SIZE.small, maxLines: 3, minSize: SIZE.min, balance: true } as const;
  const subSize = SIZE.min;
  const subLh = c.lineHeight(subSize);
  const hasGroups = columns.some((col) => col.group !== undefined);
  const groupLh = c.lineHeight(SIZE.small, 'bold');
  const headH = Math.max(...columns.map((col) => c.fit(col.label, colW - 4, headStyle).height)) + (columns.some((col) => col.sub) ? subLh : 0);

  const header = () => {
    let y = c.y;
    if (hasGroups) {
      let i = 0;
      while (i < columns.length) {
        let j = i;
        while (j + 1 < columns.length && columns[j + 1]!.group === columns[i]!.group) j++;
        const g = columns[i]!.group;
        if (g !== undefined) {
          const x = gx + i * colW;
          const w = (j - i + 1) * colW;
          c.fitText(g, x + 2, y, w - 4, { size: SIZE.small, weight: 'bold', align: 'center' });
          c.line(x + 3, y + groupLh + 1, x + w - 3, y + groupLh + 1, COLOR.rule, 0.8);
        }
        i = j + 1;
      }
      y += groupLh + 4;
    }
    columns.forEach((col, i) => {
      const x = gx + i * colW;
      const f = c.fit(col.label, colW - 4, headStyle);
      const labelBottom = y + headH - (col.sub ? subLh : 0);
      c.fitText(col.label, x + 2, labelBottom - f.height, colW - 4, { ...headStyle, align: 'center' });
      if (col.sub) c.text(col.sub, x + 1, labelBottom, colW - 2, { size: subSize, color: COLOR.muted, align: 'center' });
    });
    c.y = y + headH + 3;
  };

  const labelStyle = { size: SIZE.label, maxLines: 2, minSize: 7 } as const;
  const heights = rows.map((r) => Math.max(17, c.fit(r.label, labelW, labelStyle).height + 5));
  c.ensure((hasGroups ? groupLh + 4 : 0) + headH + 3 + (heights[0] ?? 0) * Math.min(3, rows.length));
  header();
  rows.forEach((r, ri) => {
    const rowH = heights[ri]!;
    if (c.ensure(rowH)) header();
    const top = c.y;
    const lf = c.fit(r.label, labelW, labelStyle);
    c.fitText(r.label, X0, top + (rowH - lf.height) / 2, labelW, labelStyle);
    r.cells.forEach((v, i) => {
      const x = gx + i * colW + 0.75;
      const w = colW - 1.5;
      const y = top + 0.75;
      const h = rowH - 1.5;
      if (v === null) {
        c.hatched(x, y, w, h);
        return;
      }
      const fill = columns[i]?.plain ? COLOR.white : ramp(opts.colors, opts.max > 0 ? v / opts.max : 0);
      if (fill === COLOR.white) c.doc.save().rect(x, y, w, h).lineWidth(0.6).strokeColor(COLOR.rule).stroke().restore();
      else c.rect(x, y, w, h, fill);
      const label = pct(v);
      const f = c.fit(label, w - 2, { size: SIZE.small, minSize: SIZE.min });
      c.text(label, x + 1, y + (h - c.lineHeight(f.size)) / 2, w - 2, { size: f.size, color: textOn(fill), align: 'center' });
    });
    c.y += rowH;
  });
  c.y += 6;
}

// ---------------------------------------------------------------- keyword bars

export const KEYWORD_ROW = 15.5;

export interface KeywordBar {
  rank: number;
  label: string;
  share: number;
  value: string;
}

export function keywordBars(c: Canvas, rows: KeywordBar[]): void {
  const rankW = 18;
  const labelW = 140;
  const valueW = 96;
  const plotX = X0 + rankW + 6 + labelW + 8;
  const plotW = CONTENT_WIDTH - (plotX - X0) - valueW - 6;
  const max = niceMax(rows.map((r) => r.share));
  const rowH = KEYWORD_ROW;
  rows.forEach((r, i) => {
    c.ensure(rowH);
    const top = c.y;
    if (i % 2 === 1) c.rect(X0, top, CONTENT_WIDTH, rowH, COLOR.zebra);
    const lh = c.lineHeight(SIZE.label);
    c.text(String(r.rank), X0, top + (rowH - lh) / 2, rankW, { size: SIZE.label, color: COLOR.muted, align: 'right' });
    c.fitText(r.label, X0 + rankW + 6, top + (rowH - lh) / 2, labelW, { size: SIZE.label });
    c.rect(plotX, top + 4, Math.max(0.8, (Math.min(r.share, max) / max) * plotW), rowH - 8, COLOR.company);
    c.text(r.value, X0 + CONTENT_WIDTH - valueW, top + (rowH - lh) / 2, valueW, { size: SIZE.label, align: 'right' });
    c.y += rowH;
  });
  c.y += 8;
}
