/** Number formats of the PDF. Shares are rounded like the CSV (one decimal of a percent), so a
 * figure reads the same in both files. */
const MINUS = '\u2212';

export function pct(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** A change of shares in percentage points, always signed: `+5.0pt`, `−2.5pt`, `±0.0pt`. */
export function pt(change: number): string {
  const v = Math.round(change * 1000) / 10;
  return `${v > 0 ? '+' : v < 0 ? MINUS : '±'}${Math.abs(v).toFixed(1)}pt`;
}

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function signedInt(n: number): string {
  const v = Math.round(n);
  return `${v > 0 ? '+' : v < 0 ? MINUS : '±'}${Math.abs(v).toLocaleString('en-US')}`;
}

export function decimal(x: number, digits = 2): string {
  const s = Math.abs(x).toFixed(digits);
  return Number(s) === 0 ? s : `${x < 0 ? MINUS : '+'}${s}`;
}

/** The first letter upper-cased, for labels that start a line (no-op for Japanese). */
export function cap(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
