import { z } from 'zod';

/** Reporting periods are calendar months in Asia/Tokyo. Japan has no daylight saving time,
 * so the month is that of the instant shifted by +09:00. */
const TOKYO_OFFSET_MS = 9 * 3600 * 1000;

export function periodOf(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${isoInstant}`);
  return new Date(ms + TOKYO_OFFSET_MS).toISOString().slice(0, 7);
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

// --- Reporting windows: a set of whole calendar months (Asia/Tokyo).

export type WindowKind = 'month' | 'quarter' | 'rolling';

/** A reporting window: whole calendar months, oldest first. `id` is stable: the ledger and the
 * output folders are keyed by it (`2026-09`, `2026-Q3`, `2026-07..2026-09`). */
export interface ReportWindow {
  kind: WindowKind;
  id: string;
  months: string[];
}

const monthIndex = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return y * 12 + (mm - 1);
};
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const monthsEnding = (end: string, n: number) => Array.from({ length: n }, (_, i) => monthOf(monthIndex(end) - (n - 1) + i));

export const QUARTER_RE = /^(\d{4})-Q([1-4])$/;

export function monthWindow(month: string): ReportWindow {
  return { kind: 'month', id: month, months: [month] };
}

export function quarterWindow(year: number, q: number): ReportWindow {
  const first = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}`;
  return { kind: 'quarter', id: `${year}-Q${q}`, months: monthsEnding(monthOf(monthIndex(first) + 2), 3) };
}

/** The quarter a month falls in. */
export function quarterOf(month: string): ReportWindow {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return quarterWindow(y, Math.floor((m - 1) / 3) + 1);
}

/** N whole months ending at `end` (N = 1 is the month itself). */
export function rollingWindow(end: string, n: number): ReportWindow {
  if (n === 1) return monthWindow(end);
  const months = monthsEnding(end, n);
  return { kind: 'rolling', id: `${months[0]}..${end}`, months };
}

const WindowRequest = z.object({
  period: z.string().refine((p) => PERIOD_RE.test(p) || QUARTER_RE.test(p), { message: 'must be YYYY-MM or YYYY-Qn' }),
  window: z.number().int().min(1).max(12).optional(),
}).refine((r) => r.window === undefined || PERIOD_RE.test(r.period), { message: '--window needs a month (YYYY-MM) as --period' });

/** `--period 2026-09`, `--period 2026-Q3`, `--period 2026-09 --window 3`; throws a RangeError
 * with a usage message otherwise. */
export function parseWindow(period: string, window?: number): ReportWindow {
  const r = WindowRequest.safeParse({ period, window });
  if (!r.success) throw new RangeError(r.error.issues.map((i) => (i.path.length ? `--${i.path.join('.')}: ` : '') + i.message).join('; '));
  const q = QUARTER_RE.exec(period);
  if (q) return quarterWindow(Number(q[1]), Number(q[2]));
  return window === undefined ? monthWindow(period) : rollingWindow(period, window);
}

/** A window's id back to the window (the ledger's keys). */
export function windowOfId(id: string): ReportWindow {
  if (PERIOD_RE.test(id)) return monthWindow(id);
  const q = QUARTER_RE.exec(id);
  if (q) return quarterWindow(Number(q[1]), Number(q[2]));
  const r = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(id);
  if (r && PERIOD_RE.test(r[1]!) && PERIOD_RE.test(r[2]!)) return rollingWindow(r[2]!, monthIndex(r[2]!) - monthIndex(r[1]!) + 1);
  throw new RangeError(`not a window id: ${id}`);
}

/** The window of the same kind and length just before (the 前期差 columns). */
export function previousWindow(w: ReportWindow): ReportWindow {
  if (w.kind === 'month') return monthWindow(previousPeriod(w.id));
  if (w.kind === 'quarter') return quarterOf(monthOf(monthIndex(w.months[0]!) - 1));
  return rollingWindow(monthOf(monthIndex(w.months[0]!) - 1), w.months.length);
}

/** Whether two windows share a month. */
export function overlaps(a: ReportWindow, b: ReportWindow): boolean {
  return a.months.some((m) => b.months.includes(m));
}

/** Every window id a publication could have been made under that shares a month with `w`:
 * the months themselves, their quarters, and every rolling window of 2..12 months that
 * contains one of them. */
export function overlappingWindowIds(w: ReportWindow): string[] {
  const ids = new Set<string>();
  for (const m of w.months) {
    ids.add(m);
    ids.add(quarterOf(m).id);
    for (let n = 2; n <= 12; n++) for (let e = 0; e < n; e++) ids.add(rollingWindow(monthOf(monthIndex(m) + e), n).id);
  }
  ids.delete(w.id);
  return [...ids].sort();
}

/** The window's name for a report. */
export function windowLabel(w: ReportWindow, lang: 'ja' | 'en'): string {
  const [y0, m0] = w.months[0]!.split('-').map(Number) as [number, number];
  const [y1, m1] = w.months.at(-1)!.split('-').map(Number) as [number, number];
  const ENM = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const jaRange = y0 === y1 ? `${y0}年${m0}月〜${m1}月` : `${y0}年${m0}月〜${y1}年${m1}月`;
  const enRange = y0 === y1 ? `${ENM[m0 - 1]}–${ENM[m1 - 1]} ${y0}` : `${ENM[m0 - 1]} ${y0}–${ENM[m1 - 1]} ${y1}`;
  if (w.kind === 'month') return lang === 'ja' ? `${y0}年${m0}月` : `${ENM[m0 - 1]} ${y0}`;
  if (w.kind === 'quarter') {
    const q = w.id.slice(-1);
    return lang === 'ja' ? `${y0}年第${q}四半期（${m0}〜${m1}月）` : `Q${q} ${y0} (${enRange})`;
  }
  return lang === 'ja' ? `直近${w.months.length}か月（${jaRange}）` : `${w.months.length} months to ${ENM[m1 - 1]} ${y1} (${enRange})`;
}
