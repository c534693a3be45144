/** The plain-language summary at the top of the PDF, chosen by rules from the report model.
 * Pure, and it reads only figures the model publishes (a suppressed cell has `share: null`),
 * so the summary can never say more than the tables do. */
import type { Dimension } from '../../pipeline/aggregate/rows.js';
import type { ReportModel } from '../../pipeline/aggregate/model.js';
import { DIMENSIONS } from '../../pipeline/aggregate/rows.js';
import { RISK_SIGNALS, THEME_IDS, type RiskLevel, type RiskSignal, type ThemeId } from '../../pipeline/themes.js';
import { notable, type BehindRow } from '../../pipeline/aggregate/behind.js';
import { segmentLabel, type Labels } from '../i18n.js';

export interface ThemeHighlight {
  theme: ThemeId;
  share: number;
  median: number | null;
}

export interface RiskHighlight {
  signal: RiskSignal;
  level: RiskLevel;
  /** The group with the highest visible share at `level`, or null when every such share is hidden. */
  top: { dimension: Dimension; segment: string; share: number } | null;
}

export type ThemeSummary =
  /** Up to three themes with the largest share minus the benchmark median, all above it. */
  | { kind: 'above_benchmark'; themes: ThemeHighlight[] }
  /** Benchmarks exist but no visible theme is above its median. */
  | { kind: 'none_above' }
  /** No benchmark at all: the three most frequent visible themes instead. */
  | { kind: 'no_benchmark'; themes: ThemeHighlight[] }
  /** Every theme share is suppressed. */
  | { kind: 'all_hidden' };

export interface Summary {
  employees: number | null;
  sessions: number | null;
  employeesChange: number | null;
  themes: ThemeSummary;
  risks: RiskHighlight[];
}

export const SUMMARY_THEMES = 3;
/** The level whose share by group the summary names. */
export const SUMMARY_RISK_LEVEL: RiskLevel = 'high';

const order = (t: ThemeId) => THEME_IDS.indexOf(t);

export function summarize(model: ReportModel): Summary {
  const metric = (m: 'sessions' | 'employees') => model.overview.find((r) => r.metric === m);
  const visible = model.themes.filter((t): t is typeof t & { share: number } => t.share !== null);

  let themes: ThemeSummary;
  if (visible.length === 0) {
    themes = { kind: 'all_hidden' };
  } else if (visible.some((t) => t.benchmark.p50 !== null)) {
    const above = visible
      .filter((t) => t.benchmark.p50 !== null && t.share - t.benchmark.p50 > 0)
      .map((t) => ({ theme: t.theme, share: t.share, median: t.benchmark.p50 }))
      .sort((a, b) => b.share - (b.median ?? 0) - (a.share - (a.median ?? 0)) || order(a.theme) - order(b.theme))
      .slice(0, SUMMARY_THEMES);
    themes = above.length > 0 ? { kind: 'above_benchmark', themes: above } : { kind: 'none_above' };
  } else {
    themes = {
      kind: 'no_benchmark',
      themes: [...visible]
        .sort((a, b) => b.share - a.share || order(a.theme) - order(b.theme))
        .slice(0, SUMMARY_THEMES)
        .map((t) => ({ theme: t.theme, share: t.share, median: null })),
    };
  }

  const risks: RiskHighlight[] = RISK_SIGNALS.map((signal) => {
    const rows = model.risksBySegment.filter(
      (r): r is typeof r & { share: number } =>
        r.signal === signal && r.level === SUMMARY_RISK_LEVEL && r.share !== null && r.suppressed.length === 0 && r.share > 0,
    );
    const best = rows.sort(
      (a, b) =>
        b.share - a.share ||
        DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) ||
        (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
    )[0];
    return {
      signal,
      level: SUMMARY_RISK_LEVEL,
      top: best ? { dimension: best.dimension, segment: best.segment, share: best.share } : null,
    };
  });

  const employees = metric('employees');
  return {
    employees: employees?.value ?? null,
    sessions: metric('sessions')?.value ?? null,
    employeesChange: employees?.change ?? null,
    themes,
    risks,
  };
}

/** Behind the scores in sentences an HR manager reads in a minute, one per group: what stands
 * out most there against the rest of the company (behind.ts: notable), or that nothing does.
 * Only rows the model shows are read. */
export function behindSentences(m: ReportModel, l: Labels): string[] {
  const b = m.behindScores;
  if (!b) return [];
  const metric = l.surveyMetric(b.metric);
  const item = (r: BehindRow) =>
    r.item.kind === 'theme' ? l.themes[r.item.theme] : l.pdf.behindRiskItem(l.signals[r.item.signal], l.levels[r.item.level]);
  const out: string[] = [];
  for (const d of b.dimensions) {
    const rest = l.pdf.behindRest(d.dimension);
    for (const g of d.groups) {
      const group = l.pdf.behindGroup(g.side, g.segments.length, d.dimension);
      const segs = g.segments.map((s) => segmentLabel(s.segment, l)).join(l.pdf.locale === 'en' ? ', ' : '・');
      const order = g.side === 'low' ? (['over', 'under'] as const) : (['under', 'over'] as const);
      const top = order.map((dir) => [dir, notable(d, g.side, dir)[0]] as const).find(([, r]) => r !== undefined);
      if (!top) out.push(l.pdf.behindNone(metric, group, segs, rest));
      else {
        const [dir, r] = top;
        out.push((dir === 'over' ? l.pdf.behindMore : l.pdf.behindLess)(metric, group, segs, item(r!), rest, r!.lift.toFixed(1)));
      }
    }
  }
  return out;
}
