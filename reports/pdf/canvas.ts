/** A thin layer over a pdfkit document: a vertical cursor that starts a new page when a block
 * does not fit, and text that is measured, wrapped or shrunk to its box — never cut off, never
 * running into the next element. Page margins are 0 so that pdfkit never adds a page by
 * itself; the canvas decides. */
import { FONT_NAMES, type FontWeight } from './fonts.js';
import { COLOR, PAGE, SIZE } from './style.js';

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: string;
  align?: 'left' | 'center' | 'right';
  lineGap?: number;
}

export interface FitOptions extends TextStyle {
  /** Lines the text may take before it is shrunk (default 1). */
  maxLines?: number;
  /** The smallest size to shrink to (default SIZE.min); past it the text is ellipsised. */
  minSize?: number;
  /** Narrow the box until just before the text needs another line, so wrapped lines come out
   * even ("カスタマー／サクセス部" rather than "カスタマーサクセ／ス部"). */
  balance?: boolean;
}

export interface Fitted {
  size: number;
  height: number;
  /** The width the text was set in (narrower than asked when balanced). */
  width: number;
}

export class Canvas {
  y: number = PAGE.top;
  /** Zero-based index of the current page. */
  page = -1;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.page += 1;
    this.y = PAGE.top;
  }

  /** Starts a new page unless `height` fits below the cursor; true when it started one. */
  ensure(height: number): boolean {
    if (this.page >= 0 && this.y + height <= PAGE.bottom) return false;
    this.newPage();
    return true;
  }

  get remaining(): number {
    return PAGE.bottom - this.y;
  }

  private use(style: TextStyle): void {
    this.doc.font(FONT_NAMES[style.weight ?? 'regular']).fontSize(style.size).fillColor(style.color ?? COLOR.text);
  }

  lineHeight(size: number, weight: FontWeight = 'regular', lineGap = 0): number {
    this.doc.font(FONT_NAMES[weight]).fontSize(size);
    return this.doc.currentLineHeight(true) + lineGap;
  }

  width(text: string, style: TextStyle): number {
    this.use(style);
    return this.doc.widthOfString(text);
  }

  /** Height of `text` wrapped to `width`. */
  measure(text: string, width: number, style: TextStyle): number {
    this.use(style);
    return this.doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 });
  }

  /** Draws wrapped text in a box of `width`; returns its height. */
  text(text: string, x: number, y: number, width: number, style: TextStyle): number {
    this.use(style);
    const opts = { width, lineGap: style.lineGap ?? 0, align: style.align ?? 'left' } as const;
    const h = this.doc.heightOfString(text, opts);
    this.doc.text(text, x, y, opts);
    return h;
  }

  /** The largest size from `style.size` down to `minSize` at which `text` fits `maxLines`. */
  fit(text: string, width: number, opts: FitOptions): Fitted {
    const maxLines = opts.maxLines ?? 1;
    const min = opts.minSize ?? SIZE.min;
    for (let size = opts.size; size >= min - 1e-9; size -= 0.5) {
      const line = this.lineHeight(size, opts.weight, opts.lineGap);
      const h = this.measure(text, width, { ...opts, size });
      if (h <= maxLines * line + 0.5 && (maxLines > 1 || this.width(text, { ...opts, size }) <= width)) {
        return { size, height: h, width: opts.balance && h > line + 0.5 ? this.balanced(text, width, h, { ...opts, size }) : width };
      }
    }
    return { size: min, height: maxLines * this.lineHeight(min, opts.weight, opts.lineGap), width };
  }

  /** The narrowest width (to half a point) at which `text` still takes `height`. */
  private balanced(text: string, width: number, height: number, style: TextStyle): number {
    let lo = width / 2;
    let hi = width;
    while (hi - lo > 0.5) {
      const mid = (lo + hi) / 2;
      if (this.measure(text, mid, style) <= height + 0.5) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /** Draws `text` at the fitted size; ellipsised only when even `minSize` is too large. */
  fitText(text: string, x: number, y: number, width: number, opts: FitOptions): Fitted {
    const f = this.fit(text, width, opts);
    const maxLines = opts.maxLines ?? 1;
    const line = this.lineHeight(f.size, opts.weight, opts.lineGap);
    const align = opts.align ?? 'left';
    const dx = f.width < width ? (align === 'center' ? (width - f.width) / 2 : align === 'right' ? width - f.width : 0) : 0;
    this.use({ ...opts, size: f.size });
    this.doc.text(text, x + dx, y, {
      width: f.width,
      height: maxLines * line,
      ellipsis: true,
      lineGap: opts.lineGap ?? 0,
      align: opts.align ?? 'left',
    });
    return { size: f.size, height: Math.min(f.height, maxLines * line), width: f.width };
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.doc.rect(x, y, w, h).fill(fill);
  }

  line(x1: number, y1: number, x2: number, y2: number, color: string, width = 0.5): void {
    this.doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(color).stroke().restore();
  }

  /** A grey box with diagonal hatching: the mark of a suppressed figure. */
  hatched(x: number, y: number, w: number, h: number): void {
    const d = this.doc;
    d.save();
    d.rect(x, y, w, h).fill(COLOR.suppressedFill);
    d.rect(x, y, w, h).clip();
    d.lineWidth(0.6).strokeColor(COLOR.hatch);
    for (let s = -h; s < w; s += 4) d.moveTo(x + s, y + h).lineTo(x + s + h, y).stroke();
    d.restore();
  }
}
