import { describe, expect, it } from 'vitest';
import type { Benchmark, ReportModel, RiskRow, SegmentRiskRow, ThemeRow } from '../../pipeline/aggregate/model.js';
import { RISK_LEVELS, RISK_SIGNALS, THEME_IDS, type ThemeId } from '../../pipeline/themes.js';
import { summarize } from './summary.js';

const bench = (p50: number | null): Benchmark => ({ companies: p50 === null ? 2 : 6, p25: p50, p50, p75: p50, p90: p50 });

function theme(id: ThemeId, share: number | null, median: number | null): ThemeRow {
  return {
    theme: id, employees: share === null ? null : Math.round(share * 40), base: 40, share, previous_share: null, change_pt: null,
    benchmark: bench(median), suppressed: share === null ? ['below_k'] : [],
  };
}

function model(themes: ThemeRow[], risksBySegment: SegmentRiskRow[] = []): ReportModel {
  const risks: RiskRow[] = RISK_SIGNALS.flatMap((signal) =>
    RISK_LEVELS.map((level) => ({ signal, level, employees: null, base: 40, share: null, previous_share: null, benchmark: bench(null), suppressed: ['below_k'] })),
  );
  const byId = new Map(themes.map((t) => [t.theme, t]));
  return {
    company: { id: 'c', name: 'C', industry: 'it' }, period: '2026-10', previous: '2026-09', k: 5, benchmarkMinCompanies: 5, status: 'ok',
    overview: [
      { metric: 'sessions', value: 44, previous: 30, change: 14, suppressed: [] },
      { metric: 'employees', value: 40, previous: 28, change: 12, suppressed: [] },
    ],
    themes: THEME_IDS.map((id) => byId.get(id) ?? theme(id, null, null)),
    themesBySegment: [], topKeywords: [], risingKeywords: [], risks, risksBySegment, visibleKeywords: [], method: [], publication: null, benchmark_basis: {},
  };
}

const segRisk = (segment: string, share: number | null, level: SegmentRiskRow['level'] = 'high'): SegmentRiskRow => ({
  dimension: 'department', segment, signal: 'retention_risk', level, employees: share === null ? null : 5, base: 20, share,
  suppressed: share === null ? ['complementary'] : [],
});

describe('summary rules', () => {
  it('names at most three themes, furthest above the median first, never a hidden one', () => {
    const m = model([
      theme('job_change', 0.5, 0.2), // +0.30
      theme('health', 0.4, 0.3), // +0.10
      theme('workload', 0.3, 0.1), // +0.20
      theme('caregiving', 0.25, 0.2), // +0.05: fourth, left out
      theme('motivation', 0.1, 0.3), // below
      theme('childcare', null, 0.0), // hidden, whatever its true share
    ]);
    expect(summarize(m)).toEqual({
      employees: 40,
      sessions: 44,
      employeesChange: 12,
      themes: {
        kind: 'above_benchmark',
        themes: [
          { theme: 'job_change', share: 0.5, median: 0.2 },
          { theme: 'workload', share: 0.3, median: 0.1 },
          { theme: 'health', share: 0.4, median: 0.3 },
        ],
      },
      risks: [
        { signal: 'retention_risk', level: 'high', top: null },
        { signal: 'mental_health_risk', level: 'high', top: null },
      ],
    });
  });

  it('says so when no theme is above the benchmark, or when there is no benchmark', () => {
    expect(summarize(model([theme('job_change', 0.1, 0.2)])).themes).toEqual({ kind: 'none_above' });
    expect(summarize(model([theme('job_change', 0.1, null), theme('health', 0.3, null)])).themes).toEqual({
      kind: 'no_benchmark',
      themes: [
        { theme: 'health', share: 0.3, median: null },
        { theme: 'job_change', share: 0.1, median: null },
      ],
    });
    expect(summarize(model([])).themes).toEqual({ kind: 'all_hidden' });
  });

  it('names the group with the highest visible high-risk share', () => {
    const m = model([], [segRisk('営業部', 0.25), segRisk('開発部', 0.4), segRisk('法務部', null), segRisk('総務部', 0.9, 'low')]);
    expect(summarize(m).risks[0]).toEqual({ signal: 'retention_risk', level: 'high', top: { dimension: 'department', segment: '開発部', share: 0.4 } });
  });
});
