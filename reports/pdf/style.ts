/** Page geometry, type sizes and colours of the PDF report, in one place.
 * Colours: "this company" is always Okabe–Ito blue, other companies always grey, so a reader
 * learns the code once. Heat maps use ColorBrewer's sequential Blues (themes) and Oranges
 * (risk), which stay ordered by lightness for every kind of colour blindness; risk levels use
 * light blue → orange → dark red, also ordered by lightness. Suppressed cells are hatched grey,
 * never a colour of the scale. */
import type { RiskLevel } from '../../pipeline/themes.js';

/** A4 in PostScript points. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  marginX: 48,
  top: 50,
  /** Content never goes below this line; the footer sits under it. */
  bottom: 841.89 - 58,
  footerY: 841.89 - 38,
} as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX;

export const SIZE = {
  coverTitle: 22,
  company: 18,
  h1: 16,
  h2: 11.5,
  body: 9.5,
  label: 8.5,
  small: 7.5,
  /** Nothing is ever set smaller than this. */
  min: 6.5,
  kpi: 24,
} as const;

export const COLOR = {
  text: '#1F2328',
  muted: '#57606A',
  faint: '#8C959F',
  rule: '#D0D7DE',
  grid: '#E6EAEE',
  zebra: '#F6F8FA',
  panel: '#F1F5F9',
  accent: '#0072B2',
  company: '#0072B2',
  band: '#C9CED4',
  median: '#24292F',
  suppressedFill: '#F0F0F0',
  hatch: '#A0A4A8',
  rising: '#0072B2',
  new: '#D55E00',
  white: '#FFFFFF',
} as const;

export const RISK_COLOR: Record<RiskLevel, string> = { low: '#9ECAE1', medium: '#E69F00', high: '#A6212C' };

/** ColorBrewer Blues / Oranges, 9 classes, light to dark. */
export const BLUES = ['#F7FBFF', '#DEEBF7', '#C6DBEF', '#9ECAE1', '#6BAED6', '#4292C6', '#2171B5', '#08519C', '#08306B'];
export const ORANGES = ['#FFF5EB', '#FEE6CE', '#FDD0A2', '#FDAE6B', '#FD8D3C', '#F16913', '#D94801', '#A63603', '#7F2704'];

const rgb = (hex: string): [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];
const hex = (c: number[]) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase();

/** The colour of `t` in [0, 1] on a sequential ramp, interpolated between its classes. */
export function ramp(colors: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (colors.length - 1);
  const i = Math.min(colors.length - 2, Math.floor(x));
  const a = rgb(colors[i]!);
  const b = rgb(colors[i + 1]!);
  const f = x - i;
  return hex(a.map((v, j) => v + (b[j]! - v) * f));
}

/** Dark text on light fills, white text on dark ones (relative luminance, WCAG). */
export function textOn(fill: string): string {
  const [r, g, b] = rgb(fill).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.33 ? COLOR.text : COLOR.white;
}
