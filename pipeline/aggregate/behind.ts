/** "Behind the scores": for the segments of a dimension with the lowest and the highest
 * engagement-survey scores, which themes and risk levels come up more (or less) there than in
 * the rest of the company. Pure; the report model (model.ts) calls it with the figures of its
 * own breakdown by that dimension, already suppressed.
 *
 * Privacy. Every figure here is a sum of the breakdown's cells (themes / risks by segment) or
 * the company's figure less such a sum, so it is a function of the report's figures; and it is
 * shown only when it tells nothing they hide:
 * - the survey: a segment answered by fewer than k people is never shown nor ranked, with
 *   complementary suppression over the dimension's segments (their respondents add up to the
 *   whole company's); a survey segment must also be a segment the report names (k employees
 *   or more, not pooled into "other");
 * - the low group, the high group and the segments in neither (the middle) are the atoms of
 *   what is published (low, high, the rest of each, the company): each atom's count of an item
 *   is none or at least k employees with it and without it, and each atom's cells hidden in the
 *   breakdown are none or at least two adding up to at least k (else subtracting the visible
 *   ones would give a hidden one back);
 * - an item is shown for both groups or for neither, and a risk signal's levels all or none
 *   (they add up to the group's employees);
 * - the company's own figure of the item must be shown (low + rest would give it).
 * Two reports of one company-period are as differencing-safe as the rest of the report: the
 * section is part of the published model (publication.ts). */
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import { windowOfId } from '../period.js';
import type { SurveyScore } from '../survey.js';
import type { Dimension } from './rows.js';
import { suppress, type Cell } from './suppress.js';

/** The metric the section ranks segments by unless told otherwise. */
export const DEFAULT_SURVEY_METRIC = 'engagement';
/** A group's share at least this many times the rest's is "over-represented" (its inverse: under). */
export const NOTABLE_LIFT = 1.5;

export type BehindItem = { kind: 'theme'; theme: ThemeId } | { kind: 'risk'; signal: RiskSignal; level: RiskLevel };
export type BehindSide = 'low' | 'high';

export interface BehindRow {
  side: BehindSide;
  item: BehindItem;
  /** Distinct employees of the group with the item, of the group's employees. */
  employees: number;
  base: number;
  share: number;
  /** The rest of the company (every other employee of the company). */
  rest_employees: number;
  rest_base: number;
  rest_share: number;
  /** share ÷ rest_share, two decimals. */
  lift: number;
}

export interface BehindGroup {
  side: BehindSide;
  segments: { segment: string; score: number; respondents: number }[];
}

export interface BehindDimension {
  dimension: Dimension;
  groups: BehindGroup[];
  /** Only what may be shown; an item missing was withheld (`withheld` counts them). */
  rows: BehindRow[];
  withheld: number;
}

export interface BehindScores {
  metric: string;
  /** The survey period used (pipeline/aggregate/behind.ts: surveyPeriodFor), or null: none fits. */
  survey_period: string | null;
  dimensions: BehindDimension[];
}

/** The survey period a report window uses: the window's own id (a month, a quarter), else the
 * latest survey period lying inside the window (a month survey in a quarter report), else, for
 * a month, its quarter's survey. */
export function surveyPeriodFor(windowId: string, periods: readonly string[]): string | null {
  const months = windowOfId(windowId).months;
  const uniq = [...new Set(periods)];
  if (uniq.includes(windowId)) return windowId;
  const inside = uniq
    .filter((p) => windowOfId(p).months.every((m) => months.includes(m)))
    .sort((a, b) => (last(windowOfId(a).months) < last(windowOfId(b).months) ? 1 : -1) || (a < b ? -1 : 1));
  if (inside[0]) return inside[0];
  if (months.length === 1) return uniq.find((p) => /Q/.test(p) && windowOfId(p).months.includes(months[0]!)) ?? null;
  return null;
}
const last = (xs: readonly string[]) => xs[xs.length - 1]!;

/** A segment name as a survey and a manifest may each write it (width, surrounding spaces). */
export const segmentKey = (s: string) => s.normalize('NFKC').trim();

/** The survey segments of one dimension that may be shown: at least k respondents, with
 * complementary suppression over the dimension (their respondents add up to the company's). */
export function visibleSurveySegments(rows: readonly SurveyScore[], k: number): SurveyScore[] {
  const cells: Cell[] = rows.map((r) => ({ id: r.segment, n: r.respondents }));
  const hidden = suppress({ cells, groups: [cells.map((c) => c.id)], k });
  return rows.filter((r) => !hidden.has(r.segment));
}

export const itemId = (i: BehindItem) => (i.kind === 'theme' ? i.theme : `${i.signal}:${i.level}`);
const ITEMS: BehindItem[] = [
  ...THEME_IDS.map((theme) => ({ kind: 'theme', theme }) as const),
  ...RISK_SIGNALS.flatMap((signal) => RISK_LEVELS.map((level) => ({ kind: 'risk', signal, level }) as const)),
];

/** What the report model knows of one dimension's breakdown, after its suppression. */
export interface DimensionFigures {
  dimension: Dimension;
  k: number;
  /** Company employees. */
  base: number;
  /** The breakdown's segments (named ones, "other", "not given") and their employees. */
  bases: ReadonlyMap<string, number>;
  /** Segments the report names (not pooled, base shown): the only ones a survey may match. */
  named: readonly string[];
  /** Employees of a segment with an item (`itemId`). */
  count: (segment: string, item: string) => number;
  /** Whether the breakdown hides a segment's cell of an item ('with') or of its complement ('without'), or its base. */
  hidden: (segment: string, item: string, side: 'with' | 'without' | 'base') => boolean;
  /** Employees of the company with an item, or null when the report hides it. */
  companyCount: (item: string) => number | null;
}

/** The section for one dimension, or null when fewer than two segments have a visible score. */
export function behindDimension(f: DimensionFigures, survey: readonly SurveyScore[]): BehindDimension | null {
  const { k } = f;
  const byKey = new Map(f.named.map((s) => [segmentKey(s), s]));
  const scored = visibleSurveySegments(survey, k)
    .flatMap((r) => {
      const segment = byKey.get(segmentKey(r.segment));
      return segment === undefined ? [] : [{ segment, score: r.score, respondents: r.respondents }];
    })
    .sort((a, b) => a.score - b.score || (a.segment < b.segment ? -1 : 1));
  if (scored.length < 2) return null;
  const size = scored.length >= 4 ? 2 : 1;
  const groups: BehindGroup[] = [
    { side: 'low', segments: scored.slice(0, size) },
    { side: 'high', segments: scored.slice(-size).reverse() },
  ];
  const low = new Set(groups[0]!.segments.map((s) => s.segment));
  const high = new Set(groups[1]!.segments.map((s) => s.segment));
  const middle = [...f.bases.keys()].filter((s) => !low.has(s) && !high.has(s));
  const atoms = [[...low], [...high], middle];
  const sum = (segs: readonly string[], n: (s: string) => number) => segs.reduce((a, s) => a + n(s), 0);

  const baseOf = (s: string) => f.bases.get(s) ?? 0;
  const bases = atoms.map((a) => sum(a, baseOf));
  const baseSafe = atoms.every((a) => {
    const hidden = a.filter((s) => f.hidden(s, '', 'base'));
    return hidden.length === 0 || (hidden.length >= 2 && sum(hidden, baseOf) >= k);
  });
  const shownItem = (item: string): boolean => {
    const company = f.companyCount(item);
    if (company === null || !baseSafe) return false;
    const okCount = (n: number, b: number, mayBeEmpty: boolean) => (mayBeEmpty && b === 0) || (n >= k && b - n >= k);
    const counts = atoms.map((a) => sum(a, (s) => f.count(s, item)));
    if (!okCount(counts[0]!, bases[0]!, false) || !okCount(counts[1]!, bases[1]!, false)) return false;
    if (counts[2]! !== 0 && counts[2]! < k) return false;
    if (bases[2]! - counts[2]! !== 0 && bases[2]! - counts[2]! < k) return false;
    // the rest of each group
    for (const g of [0, 1]) {
      const n = company - counts[g]!;
      const b = f.base - bases[g]!;
      if (n < k || b - n < k) return false;
    }
    for (const a of atoms) {
      for (const side of ['with', 'without'] as const) {
        const hidden = a.filter((s) => f.hidden(s, item, side));
        const n = (s: string) => (side === 'with' ? f.count(s, item) : baseOf(s) - f.count(s, item));
        if (hidden.length === 1 || (hidden.length > 1 && sum(hidden, n) < k)) return false;
      }
    }
    return true;
  };
  const shown = new Set(ITEMS.map(itemId).filter(shownItem));
  // a risk signal's levels add up to the group's employees: all of them or none
  for (const signal of RISK_SIGNALS) {
    const ids = RISK_LEVELS.map((level) => `${signal}:${level}`);
    if (!ids.every((id) => shown.has(id))) for (const id of ids) shown.delete(id);
  }

  const rows: BehindRow[] = [];
  for (const [g, group] of groups.entries()) {
    for (const item of ITEMS) {
      const id = itemId(item);
      if (!shown.has(id)) continue;
      const n = atoms[g]!.reduce((a, s) => a + f.count(s, id), 0);
      const b = bases[g]!;
      const rn = f.companyCount(id)! - n;
      const rb = f.base - b;
      const share = n / b;
      const restShare = rn / rb;
      rows.push({ side: group.side, item, employees: n, base: b, share, rest_employees: rn, rest_base: rb, rest_share: restShare, lift: round2(share / restShare) });
    }
  }
  return { dimension: f.dimension, groups, rows, withheld: ITEMS.length - shown.size };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The rows of a side that stand out: over-represented (lift ≥ NOTABLE_LIFT), largest first,
 * or under-represented (lift ≤ 1 / NOTABLE_LIFT), smallest first. */
export function notable(d: BehindDimension, side: BehindSide, direction: 'over' | 'under'): BehindRow[] {
  const rows = d.rows.filter((r) => r.side === side && (r.item.kind === 'theme' || r.item.level !== 'low'));
  return direction === 'over'
    ? rows.filter((r) => r.lift >= NOTABLE_LIFT).sort((a, b) => b.lift - a.lift || (itemId(a.item) < itemId(b.item) ? -1 : 1))
    : rows.filter((r) => r.lift <= 1 / NOTABLE_LIFT).sort((a, b) => a.lift - b.lift || (itemId(a.item) < itemId(b.item) ? -1 : 1));
}

/** Builds the section from each dimension's figures: the survey rows of the company are those
 * of the period `surveyPeriodFor` picks and of `metric`. */
export function behindScores(
  windowId: string,
  surveys: readonly SurveyScore[],
  metric: string,
  figures: readonly DimensionFigures[],
): BehindScores | undefined {
  const ofMetric = surveys.filter((s) => s.metric === metric);
  if (ofMetric.length === 0) return undefined;
  const period = surveyPeriodFor(windowId, ofMetric.map((s) => s.period));
  const inPeriod = ofMetric.filter((s) => s.period === period);
  const dimensions = figures.flatMap((f) => behindDimension(f, inPeriod.filter((s) => s.dimension === f.dimension)) ?? []);
  return { metric, survey_period: period, dimensions };
}
