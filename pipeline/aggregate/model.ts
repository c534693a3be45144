/** The report model of one company and period, built purely from the period's aggregates.
 * Every report renderer (CSV, PDF) draws from this model, so they always agree, and every
 * privacy rule is applied here, once:
 * - the whole report is withheld when the company has fewer than k employees in the period;
 * - a count is shown only when both the employees with and without the attribute number at
 *   least k (a theme shared by "everyone but two" tells about those two), with complementary
 *   suppression across every published total (see suppress.ts);
 * - keywords reach the model only when used by at least k employees and not used by at least
 *   k (filtered in SQL, checked again here), everyday words left out (keywords.ts); they are
 *   ranked by distinctiveness against the other companies' pooled publishable counts when the
 *   benchmark is attached, and "rising" only beyond the noise (keywords.ts);
 * - benchmarks are attached afterwards from the other companies' published figures
 *   (benchmark.ts: withBenchmarks);
 * - previous-period figures are the previous period's *published* figures (publication.ts),
 *   set beside this period's only when the two populations cannot be differenced. */
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS, THEME_PRESENT_THRESHOLD, type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';
import type { PeriodAggregates } from './queries.js';
import { isEveryday, isRising, rankKeywords, riseP, type OthersShare, type RankedKeyword } from './keywords.js';
import { DIMENSIONS, type Dimension } from './rows.js';
import { suppress, type Cell, type SuppressionReason } from './suppress.js';
import { emergingRows, type EmergingCluster, type EmergingTopicRow } from './emerging.js';
import { behindScores, DEFAULT_SURVEY_METRIC, type BehindScores, type DimensionFigures } from './behind.js';

export type Reason =
  /** A hidden cell, whichever cell of its groups was small and why it was hidden: see
   * `hiddenBecause`. */
  | 'small_cell'
  /** Said of hidden cells by versions published before `small_cell`; re-shown from the ledger as
   * they were, never made any more. */
  | SuppressionReason
  | 'company_below_k'
  | 'previous_below_k'
  | 'previous_not_comparable'
  | 'benchmark_too_few_companies'
  | 'benchmark_extreme'
  /** Shown nothing: with the reports of overlapping windows already shown, its figures would
   * single out fewer than k employees by subtraction (publication.ts: overlapSafe). */
  | 'window_overlap'
  /** A month too small to report (smallMonth): its quarter is reported instead. */
  | 'see_quarter';

export const UNSPECIFIED_SEGMENT = '__unspecified__';
/** A row's benchmark before withBenchmarks (benchmark.ts) attaches one. */
export const NO_BENCHMARK: Benchmark = { companies: 0, p25: null, p50: null, p75: null, p90: null };
/** Why a hidden cell is hidden, as a report says it: one reason for every cell suppression hid.
 * Its own reasons would tell the direction the with-and-without rule hides: a theme hidden
 * because fewer than k employees have it said 「k人未満」, one hidden because fewer than k do
 * not said 「逆算を防ぐため」 — "all but a few of your 6 consulting employees are at high
 * retention risk" — and inside a segment whose base is hidden, "base" against "under k" told the
 * same. */
function hiddenBecause(why: SuppressionReason | undefined): Reason[] {
  return why === undefined ? [] : ['small_cell'];
}

/** Where segments with fewer than k employees are pooled. */
export const OTHER_SEGMENT = '__other__';

export interface Benchmark {
  companies: number;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p90: number | null;
}

export interface OverviewRow {
  metric: 'sessions' | 'employees' | 'sentiment_mean';
  value: number | null;
  previous: number | null;
  change: number | null;
  suppressed: Reason[];
}
export interface ThemeRow {
  theme: ThemeId;
  employees: number | null;
  base: number | null;
  share: number | null;
  previous_share: number | null;
  change_pt: number | null;
  benchmark: Benchmark;
  suppressed: Reason[];
}
export interface SegmentThemeRow {
  dimension: Dimension;
  segment: string;
  theme: ThemeId;
  employees: number | null;
  base: number | null;
  share: number | null;
  suppressed: Reason[];
}

/** A listed keyword: rank, distinct employees, share and its lift (keywords.ts: rankKeywords). */
export type KeywordRow = RankedKeyword;
/** A keyword whose share rose beyond the noise (keywords.ts: isRising); both periods published. */
export interface RisingKeywordRow {
  rank: number;
  keyword: string;
  employees: number;
  share: number;
  previous_employees: number;
  previous_share: number;
  change_pt: number;
  /** One-sided p-value of the rise (two-proportion z-test over distinct employees). */
  p_value: number;
}
export interface RiskRow {
  signal: RiskSignal;
  level: RiskLevel;
  employees: number | null;
  base: number | null;
  share: number | null;
  previous_share: number | null;
  benchmark: Benchmark;
  suppressed: Reason[];
}
export interface SegmentRiskRow {
  dimension: Dimension;
  segment: string;
  signal: RiskSignal;
  level: RiskLevel;
  employees: number | null;
  base: number | null;
  share: number | null;
  suppressed: Reason[];
}
export interface MethodRow {
  item:
    | 'k'
    | 'benchmark_min_companies'
    | 'benchmark_companies'
    | 'provider'
    | 'model'
    | 'version'
    | 'run_ids'
    | 'theme_threshold'
    | 'publication'
    | 'generated_at';
  value: string;
}

/** `held_back`: figures withheld because overlapping windows were shown (reason window_overlap). */
export type ReportStatus = 'ok' | 'no_sessions' | 'below_k' | 'held_back' | 'see_quarter';

export interface ReportModel {
  company: { id: string; name: string; industry: string };
  period: string;
  previous: string;
  k: number;
  benchmarkMinCompanies: number;
  status: ReportStatus;
  overview: OverviewRow[];
  themes: ThemeRow[];
  themesBySegment: SegmentThemeRow[];
  topKeywords: KeywordRow[];
  risingKeywords: RisingKeywordRow[];
  risks: RiskRow[];
  risksBySegment: SegmentRiskRow[];
  /** Every keyword that passed the rules (topKeywords is the first of them): what the next
   * period's rising keywords are measured against. */
  visibleKeywords: { keyword: string; employees: number }[];
  /** What the keyword ranking was made with: the list length asked for and the other companies'
   * pooled share of each visible keyword (null: no benchmark attached). Kept, not shown; absent
   * from models published before it existed (read as 30 and null). */
  keywordBasis?: { limit: number; others: Record<string, OthersShare> | null };
  /** Behind the scores (behind.ts): the themes and risk levels of the segments with the lowest
   * and highest survey scores against the rest of the company. Absent: the company gave no
   * survey of the metric (or the model was published before the section existed). */
  behindScores?: BehindScores;
  /** New topics (emerging.ts): keyword clusters no theme covers, said by k employees or more.
   * Absent: none qualifies (or the model was published before the section existed). */
  emergingTopics?: EmergingTopicRow[];
  method: MethodRow[];
  /** Which version of which other company the bands were made of (benchmark.ts). */
  benchmark_basis: Record<string, number>;
  /** Which publication of the company-period this is (set by publication.ts). */
  publication: PublicationInfo | null;
}

export interface PublicationInfo {
  version: number;
  published_at: string;
  /** True when later changes (late sessions, erasures) of fewer than k employees are held back
   * and the figures are those published at `published_at`. */
  held_back: boolean;
}

/** The previous period's published report, and whether its population may be set beside this
 * one's (publication.ts: previousFigures). */
export interface PreviousFigures {
  model: ReportModel;
  comparable: boolean;
}

export interface ModelOptions {
  benchmarkMinCompanies: number;
  generatedAt: string;
  topKeywords?: number;
  /** The previous period as published; null or absent: no previous-period columns. */
  previous?: PreviousFigures | null;
  /** The survey metric behind-the-scores ranks segments by (default `engagement`). */
  surveyMetric?: string;
  /** The company's emerging keyword clusters of the window (emerging.ts: findEmerging). */
  emerging?: readonly EmergingCluster[];
}

const share = (n: number, base: number) => (base > 0 ? n / base : 0);
const seg = (s: string | null) => s ?? UNSPECIFIED_SEGMENT;

export function buildReportModel(agg: PeriodAggregates, companyId: string, opts: ModelOptions): ReportModel {
  const { k, period, previous } = agg;
  const info = agg.companies.find((c) => c.company_id === companyId);
  const company = { id: companyId, name: info?.name ?? companyId, industry: info?.industry ?? '' };
  const total = agg.totals.find((t) => t.company_id === companyId && t.period === period);
  const base = total?.employees ?? 0;
  const prev = opts.previous && opts.previous.model.status === 'ok' ? opts.previous : null;
  const prevModel = prev?.comparable ? prev.model : null;
  const prevBase = prevModel?.overview.find((o) => o.metric === 'employees')?.value ?? 0;
  /** Why a previous-period figure is missing: not comparable, or suppressed when published. */
  const prevReason = (shown: boolean): Reason[] =>
    !prev ? [] : !prev.comparable ? ['previous_not_comparable'] : shown ? [] : ['previous_below_k'];
  const status: ReportStatus = !total ? 'no_sessions' : base < k ? 'below_k' : 'ok';
  const lineage = agg.lineage.filter((l) => l.company_id === companyId);

  const method: MethodRow[] = [
    { item: 'k', value: String(k) },
    { item: 'benchmark_min_companies', value: String(opts.benchmarkMinCompanies) },
    { item: 'benchmark_companies', value: '0' },
    { item: 'provider', value: uniq(lineage.map((l) => l.provider)) },
    { item: 'model', value: uniq(lineage.map((l) => l.model)) },
    { item: 'version', value: uniq(lineage.map((l) => l.version)) },
    { item: 'run_ids', value: uniq(lineage.map((l) => l.run_id)) },
    { item: 'theme_threshold', value: String(THEME_PRESENT_THRESHOLD) },
    { item: 'publication', value: '' },
    { item: 'generated_at', value: opts.generatedAt },
  ];
  const empty: ReportModel = {
    company, period, previous, k, benchmarkMinCompanies: opts.benchmarkMinCompanies, status,
    overview: [], themes: [], themesBySegment: [], topKeywords: [], risingKeywords: [], risks: [], risksBySegment: [],
    visibleKeywords: [], keywordBasis: { limit: opts.topKeywords ?? 30, others: null }, method, publication: null, benchmark_basis: {},
  };

  if (status === 'no_sessions') {
    return {
      ...empty,
      overview: [
        { metric: 'sessions', value: 0, previous: null, change: null, suppressed: [] },
        { metric: 'employees', value: 0, previous: null, change: null, suppressed: [] },
      ],
    };
  }
  if (status === 'below_k') return withheldModel(empty, 'below_k', 'company_below_k');


  // --- overview
  const prevOverview = (metric: OverviewRow['metric']) => prevModel?.overview.find((o) => o.metric === metric)?.value ?? null;
  const overview: OverviewRow[] = [
    metricRow('sessions', total!.sessions, prevOverview('sessions'), prevReason(true)),
    metricRow('employees', base, prevOverview('employees'), prevReason(true)),
    metricRow('sentiment_mean', total!.sentiment, prevOverview('sentiment_mean'), prevReason(true)),
  ];

  // --- themes (company level)
  const themeN = countMap(agg.themes.filter((t) => t.company_id === companyId && t.period === period), (t) => t.theme);
  const themeCells: Cell[] = [];
  const themeGroups: string[][] = [];
  for (const t of THEME_IDS) {
    const n = themeN.get(t) ?? 0;
    themeCells.push({ id: `with:${t}`, n }, { id: `without:${t}`, n: base - n });
    themeGroups.push([`with:${t}`, `without:${t}`]);
  }
  const themeHidden = suppress({ cells: themeCells, groups: themeGroups, k });
  const themes: ThemeRow[] = THEME_IDS.map((theme) => {
    const n = themeN.get(theme) ?? 0;
    const hidden = themeHidden.get(`with:${theme}`) ?? themeHidden.get(`without:${theme}`);
    const ps = prevModel?.themes.find((r) => r.theme === theme)?.share ?? null;
    const reasons: Reason[] = [...hiddenBecause(hidden), ...prevReason(ps !== null)];
    const s = hidden ? null : share(n, base);
    return {
      theme,
      employees: hidden ? null : n,
      base,
      share: s,
      previous_share: ps,
      change_pt: s !== null && ps !== null ? s - ps : null,
      benchmark: NO_BENCHMARK,
      suppressed: reasons,
    };
  });

  // --- themes by segment
  const themesBySegment: SegmentThemeRow[] = [];
  const risksBySegment: SegmentRiskRow[] = [];
  const dimensionFigures: Omit<DimensionFigures, 'companyCount'>[] = [];
  for (const dim of DIMENSIONS) {
    // Segments under k are folded into one "other" segment before anything else: a tiny
    // department's name alone would say that someone from it came to a session.
    const rawBases = agg.segmentBases.filter((b) => b.company_id === companyId && b.dimension === dim);
    const bucket = new Map(rawBases.map((b) => [seg(b.segment), b.n < k ? OTHER_SEGMENT : seg(b.segment)]));
    // Every segment under k: "other" would be the whole company under a label that says it is
    // a few small groups, and repeat the company's own figures. No breakdown by this dimension.
    if ([...bucket.values()].every((b) => b === OTHER_SEGMENT)) continue;
    const baseOf = countMap(rawBases, (b) => bucket.get(seg(b.segment))!);
    const segments = [...baseOf.keys()].sort();
    const stN = countMap(
      agg.segmentThemes.filter((x) => x.company_id === companyId && x.dimension === dim),
      (x) => `${bucket.get(seg(x.segment))}\u0000${x.theme}`,
    );
    const srN = countMap(
      agg.segmentRisks.filter((x) => x.company_id === companyId && x.dimension === dim),
      (x) => `${bucket.get(seg(x.segment))}\u0000${x.signal}\u0000${x.level}`,
    );
    const cells: Cell[] = segments.map((s) => ({ id: `base:${s}`, n: baseOf.get(s) ?? 0 }));
    const groups: string[][] = [segments.map((s) => `base:${s}`)];
    for (const t of THEME_IDS) {
      for (const s of segments) {
        const n = stN.get(`${s}\u0000${t}`) ?? 0;
        cells.push({ id: `with:${s}:${t}`, n, parent: `base:${s}` }, { id: `without:${s}:${t}`, n: (baseOf.get(s) ?? 0) - n, parent: `base:${s}` });
        groups.push([`with:${s}:${t}`, `without:${s}:${t}`]);
      }
      groups.push(segments.map((s) => `with:${s}:${t}`), segments.map((s) => `without:${s}:${t}`));
    }
    // Risk levels: each level's count and its complement ("not at this level") per segment,
    // grouped within the segment and across segments (both add up to published totals).
    for (const sig of RISK_SIGNALS) {
      for (const s of segments) {
        const ids = RISK_LEVELS.map((l) => `risk:${s}:${sig}:${l}`);
        for (const [i, l] of RISK_LEVELS.entries()) {
          const n = srN.get(`${s}\u0000${sig}\u0000${l}`) ?? 0;
          cells.push({ id: ids[i]!, n, parent: `base:${s}` }, { id: `notrisk:${s}:${sig}:${l}`, n: (baseOf.get(s) ?? 0) - n, parent: `base:${s}` });
          groups.push([ids[i]!, `notrisk:${s}:${sig}:${l}`]);
        }
        groups.push(ids);
      }
      for (const l of RISK_LEVELS) {
        groups.push(segments.map((s) => `risk:${s}:${sig}:${l}`), segments.map((s) => `notrisk:${s}:${sig}:${l}`));
      }
    }
    const hidden = suppress({ cells, groups, k });
    const cellId = (s: string, item: string, side: 'with' | 'without' | 'base') => {
      if (side === 'base') return `base:${s}`;
      const risk = item.includes(':');
      return risk ? `${side === 'with' ? 'risk' : 'notrisk'}:${s}:${item}` : `${side}:${s}:${item}`;
    };
    dimensionFigures.push({
      dimension: dim, k, base, bases: baseOf,
      named: segments.filter((s) => s !== OTHER_SEGMENT && s !== UNSPECIFIED_SEGMENT && !hidden.has(`base:${s}`)),
      count: (s, item) => (item.includes(':') ? srN.get(`${s}\u0000${item.replace(':', '\u0000')}`) : stN.get(`${s}\u0000${item}`)) ?? 0,
      hidden: (s, item, side) => hidden.has(cellId(s, item, side)),
    });
    for (const t of THEME_IDS) {
      for (const s of segments) {
        const b = baseOf.get(s) ?? 0;
        const n = stN.get(`${s}\u0000${t}`) ?? 0;
        const why = hidden.get(`with:${s}:${t}`) ?? hidden.get(`without:${s}:${t}`);
        const baseHidden = hidden.has(`base:${s}`);
        themesBySegment.push({
          dimension: dim, segment: s, theme: t,
          employees: why ? null : n,
          base: baseHidden ? null : b,
          share: why ? null : share(n, b),
          suppressed: hiddenBecause(why),
        });
      }
    }
    for (const sig of RISK_SIGNALS) {
      for (const s of segments) {
        const b = baseOf.get(s) ?? 0;
        for (const l of RISK_LEVELS) {
          const n = srN.get(`${s}\u0000${sig}\u0000${l}`) ?? 0;
          const why = hidden.get(`risk:${s}:${sig}:${l}`) ?? hidden.get(`notrisk:${s}:${sig}:${l}`);
          risksBySegment.push({
            dimension: dim, segment: s, signal: sig, level: l,
            employees: why ? null : n,
            base: hidden.has(`base:${s}`) ? null : b,
            share: why ? null : share(n, b),
            suppressed: hiddenBecause(why),
          });
        }
      }
    }
  }

  // --- keywords (the with-and-without rule ran in SQL; checked again here). Everyday words stay
  // among the visible ones (what the next period and the others' benchmark are measured
  // against) and are left out of both lists (keywords.ts).
  const kw = agg.keywords.filter((x) => x.company_id === companyId && x.period === period && x.n >= k && base - x.n >= k);
  const prevKw = new Map((prevModel?.visibleKeywords ?? []).map((x) => [x.keyword, x.employees]));
  const limit = opts.topKeywords ?? 30;
  const visibleKeywords = [...kw]
    .sort((a, b) => b.n - a.n || (a.keyword < b.keyword ? -1 : 1))
    .map((x) => ({ keyword: x.keyword, employees: x.n }));
  // Ranked by employees here; by distinctiveness once the benchmark is attached (benchmark.ts).
  const topKeywords: KeywordRow[] = rankKeywords(visibleKeywords, base, limit, null);
  // Rising: both periods' figures published (this one visible, the previous one visible in the
  // previous period's comparable publication) and a rise beyond the noise by at least k.
  const risingKeywords: RisingKeywordRow[] = visibleKeywords
    .flatMap((x) => {
      const pn = prevKw.get(x.keyword);
      if (pn === undefined || prevBase === 0 || isEveryday(x.keyword) || !isRising(x.employees, base, pn, prevBase, k)) return [];
      const s = share(x.employees, base);
      const ps = share(pn, prevBase);
      return [{
        rank: 0, keyword: x.keyword, employees: x.employees, share: s,
        previous_employees: pn, previous_share: ps, change_pt: s - ps,
        p_value: Math.round(riseP(x.employees, base, pn, prevBase) * 1000) / 1000,
      }];
    })
    .sort((a, b) => b.change_pt - a.change_pt || (a.keyword < b.keyword ? -1 : 1))
    .slice(0, limit)
    .map((r, i) => ({ ...r, rank: i + 1 }));

  // --- risks (company level)
  const riskN = countMap(agg.risks.filter((r) => r.company_id === companyId && r.period === period), (r) => `${r.signal}\u0000${r.level}`);
  const riskCells: Cell[] = [];
  const riskGroups: string[][] = [];
  for (const sig of RISK_SIGNALS) {
    riskGroups.push(RISK_LEVELS.map((l) => `${sig}:${l}`));
    for (const l of RISK_LEVELS) {
      riskCells.push({ id: `${sig}:${l}`, n: riskN.get(`${sig}\u0000${l}`) ?? 0 });
    }
  }
  const riskHidden = suppress({ cells: riskCells, groups: riskGroups, k });
  const risks: RiskRow[] = RISK_SIGNALS.flatMap((signal) =>
    RISK_LEVELS.map((level) => {
      const id = `${signal}:${level}`;
      const n = riskN.get(`${signal}\u0000${level}`) ?? 0;
      const why = riskHidden.get(id);
      const ps = prevModel?.risks.find((r) => r.signal === signal && r.level === level)?.share ?? null;
      return {
        signal, level,
        employees: why ? null : n,
        base,
        share: why ? null : share(n, base),
        previous_share: ps,
        benchmark: NO_BENCHMARK,
        suppressed: [...hiddenBecause(why), ...prevReason(ps !== null)],
      };
    }),
  );

  // --- behind the scores: sums of the breakdowns' cells, shown only where they hide nothing
  const surveys = (agg.surveys ?? []).filter((s) => s.company_id === companyId);
  const companyCount = (item: string) =>
    item.includes(':')
      ? (risks.find((r) => `${r.signal}:${r.level}` === item)?.employees ?? null)
      : (themes.find((t) => t.theme === item)?.employees ?? null);
  const behind = behindScores(period, surveys, opts.surveyMetric ?? DEFAULT_SURVEY_METRIC, dimensionFigures.map((f) => ({ ...f, companyCount })));

  // --- new topics: never a cluster whose count, set beside a keyword's, would count fewer than k
  const emergingTopics = emergingRows(opts.emerging ?? [], new Map(visibleKeywords.map((x) => [x.keyword, x.employees])), k);

  return {
    ...empty, overview, themes, themesBySegment, topKeywords, risingKeywords, risks, risksBySegment, visibleKeywords,
    ...(behind ? { behindScores: behind } : {}),
    ...(emergingTopics.length > 0 ? { emergingTopics } : {}),
  };
}

/** A model that shows nothing of `model` but why (under k, or held back for overlapping windows). */
export function withheldModel(model: ReportModel, status: 'below_k' | 'held_back' | 'see_quarter', why: Reason): ReportModel {
  const withheld: Reason[] = [why];
  return {
    ...model, status,
    topKeywords: [], risingKeywords: [], themesBySegment: [], risksBySegment: [], visibleKeywords: [], benchmark_basis: {},
    behindScores: undefined, emergingTopics: undefined,
    overview: (['sessions', 'employees', 'sentiment_mean'] as const).map((metric) => ({
      metric, value: null, previous: null, change: null, suppressed: withheld,
    })),
    themes: THEME_IDS.map((theme) => ({
      theme, employees: null, base: null, share: null, previous_share: null, change_pt: null, benchmark: NO_BENCHMARK, suppressed: withheld,
    })),
    risks: RISK_SIGNALS.flatMap((signal) =>
      RISK_LEVELS.map((level) => ({
        signal, level, employees: null, base: null, share: null, previous_share: null, benchmark: NO_BENCHMARK, suppressed: withheld,
      })),
    ),
  };
}

/** A month too small to report on its own (`honne run` reports its quarter instead,
 * reports/write.ts): fewer than 2k employees. Then no theme can ever be shown (a theme needs k
 * employees with it and k without), nor most other figures: the month would be all but empty. */
export function smallMonth(model: ReportModel): boolean {
  if (model.status === 'below_k') return true;
  const employees = model.overview.find((o) => o.metric === 'employees')?.value ?? 0;
  return model.status === 'ok' && employees < 2 * model.k;
}

function metricRow(metric: OverviewRow['metric'], value: number | null, previous: number | null, reasons: Reason[]): OverviewRow {
  return { metric, value, previous, change: value !== null && previous !== null ? value - previous : null, suppressed: reasons };
}

function countMap<T extends { n: number }>(rows: T[], key: (r: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.n);
  return m;
}

function uniq(values: string[]): string {
  return [...new Set(values)].sort().join(', ');
}
