/** Behind the scores: the lift figures against hand-computed ones, and the attacker's view
 * (a survey segment under k, a group that would give back a hidden cell, two reports). */
import { describe, expect, it } from 'vitest';
import type { SurveyScore } from '../survey.js';
import { THEME_IDS, type ThemeId } from '../themes.js';
import { surveyPeriodFor, visibleSurveySegments } from './behind.js';
import { buildReportModel, type ReportModel } from './model.js';
import { changeBetween, decidePublication, shownModel } from './publication.js';
import type { PeriodAggregates } from './queries.js';

const K = 5;
const P = '2026-10';

/** One company `acme`; departments of 15 employees each; `themes[d][t]` employees of d with t;
 * retention levels per department (low, medium, high); mental health all low. */
function agg(
  depts: Record<string, { n: number; themes: Partial<Record<ThemeId, number>>; retention: [number, number, number] }>,
  surveys: Omit<SurveyScore, 'company_id' | 'metric' | 'dimension'>[],
): PeriodAggregates {
  const names = Object.keys(depts).sort();
  const total = names.reduce((a, d) => a + depts[d]!.n, 0);
  const themeTotal = (t: ThemeId) => names.reduce((a, d) => a + (depts[d]!.themes[t] ?? 0), 0);
  const levels = ['low', 'medium', 'high'] as const;
  return {
    period: P, previous: '2026-09', k: K,
    totals: [{ company_id: 'acme', period: P, employees: total, sessions: total, sentiment: 0 }],
    themes: THEME_IDS.filter((t) => themeTotal(t) > 0).map((theme) => ({ company_id: 'acme', period: P, theme, n: themeTotal(theme) })),
    segmentBases: names.map((d) => ({ company_id: 'acme', dimension: 'department' as const, segment: d, n: depts[d]!.n })),
    segmentThemes: names.flatMap((d) =>
      Object.entries(depts[d]!.themes).map(([theme, n]) => ({ company_id: 'acme', dimension: 'department' as const, segment: d, theme: theme as ThemeId, n })),
    ),
    risks: [
      ...levels.map((level, i) => ({ company_id: 'acme', period: P, signal: 'retention_risk' as const, level, n: names.reduce((a, d) => a + depts[d]!.retention[i]!, 0) })),
      { company_id: 'acme', period: P, signal: 'mental_health_risk' as const, level: 'low' as const, n: total },
    ],
    segmentRisks: names.flatMap((d) => [
      ...levels.map((level, i) => ({ company_id: 'acme', dimension: 'department' as const, segment: d, signal: 'retention_risk' as const, level, n: depts[d]!.retention[i]! })),
      { company_id: 'acme', dimension: 'department' as const, segment: d, signal: 'mental_health_risk' as const, level: 'low' as const, n: depts[d]!.n },
    ]),
    keywords: [], lineage: [], members: [],
    companies: [{ company_id: 'acme', name: 'Acme', industry: 'IT' }],
    surveys: surveys.map((s) => ({ company_id: 'acme', metric: 'engagement', dimension: 'department', ...s })),
  };
}

const DEPTS = {
  A: { n: 15, themes: { evaluation_pay: 9, career_path: 5, workload: 6 }, retention: [5, 5, 5] as [number, number, number] },
  B: { n: 15, themes: { evaluation_pay: 8, career_path: 5, workload: 6 }, retention: [5, 5, 5] as [number, number, number] },
  C: { n: 15, themes: { evaluation_pay: 5, career_path: 10, workload: 6 }, retention: [5, 5, 5] as [number, number, number] },
  D: { n: 15, themes: { evaluation_pay: 5, career_path: 10, workload: 3 }, retention: [5, 5, 5] as [number, number, number] },
};
const SURVEY = [
  { period: P, segment: 'A', score: 2.8, respondents: 40 },
  { period: P, segment: 'B', score: 3.0, respondents: 30 },
  { period: P, segment: 'C', score: 3.9, respondents: 25 },
  { period: P, segment: 'D', score: 4.1, respondents: 20 },
];
const model = (a: PeriodAggregates) => buildReportModel(a, 'acme', { benchmarkMinCompanies: 5, generatedAt: 'now' });
const row = (m: ReportModel, side: string, theme: string) =>
  m.behindScores!.dimensions[0]!.rows.find((r) => r.side === side && r.item.kind === 'theme' && r.item.theme === theme);

describe('behind the scores: figures', () => {
  it('groups the two lowest and the two highest of four scored departments, with hand-computed shares and lifts', () => {
    const m = model(agg(DEPTS, SURVEY));
    const d = m.behindScores!.dimensions[0]!;
    expect(m.behindScores!.survey_period).toBe(P);
    expect(d.groups).toEqual([
      { side: 'low', segments: [{ segment: 'A', score: 2.8, respondents: 40 }, { segment: 'B', score: 3.0, respondents: 30 }] },
      { side: 'high', segments: [{ segment: 'D', score: 4.1, respondents: 20 }, { segment: 'C', score: 3.9, respondents: 25 }] },
    ]);
    // evaluation_pay: A+B = 9+8 = 17 of 30; the rest C+D = 5+5 = 10 of 30; lift 17/10 = 1.70
    expect(row(m, 'low', 'evaluation_pay')).toMatchObject({ employees: 17, base: 30, rest_employees: 10, rest_base: 30, lift: 1.7 });
    expect(row(m, 'low', 'evaluation_pay')!.share).toBeCloseTo(17 / 30, 12);
    // and from the high side: 10/30 against 17/30 = 0.588… → 0.59
    expect(row(m, 'high', 'evaluation_pay')).toMatchObject({ employees: 10, rest_employees: 17, lift: 0.59 });
    // career_path: 10 of 30 against 20 of 30 = 0.5; the high side 2.0
    expect(row(m, 'low', 'career_path')).toMatchObject({ employees: 10, rest_employees: 20, lift: 0.5 });
    expect(row(m, 'high', 'career_path')).toMatchObject({ employees: 20, rest_employees: 10, lift: 2 });
    // retention levels: 10 of 30 in every level on both sides, lift 1
    const ret = d.rows.filter((r) => r.item.kind === 'risk' && r.item.signal === 'retention_risk');
    expect(ret.map((r) => [r.side, r.item.kind === 'risk' && r.item.level, r.employees, r.lift])).toEqual([
      ['low', 'low', 10, 1], ['low', 'medium', 10, 1], ['low', 'high', 10, 1],
      ['high', 'low', 10, 1], ['high', 'medium', 10, 1], ['high', 'high', 10, 1],
    ]);
  });

  it('with two or three scored segments, one each side', () => {
    const m = model(agg(DEPTS, SURVEY.slice(0, 3)));
    expect(m.behindScores!.dimensions[0]!.groups.map((g) => g.segments.map((s) => s.segment))).toEqual([['A'], ['C']]);
    // A alone: 9 of 15 against B+C+D = 18 of 45: (9/15)/(18/45) = 1.5
    expect(row(m, 'low', 'evaluation_pay')).toMatchObject({ employees: 9, base: 15, rest_employees: 18, rest_base: 45, lift: 1.5 });
  });

  it('picks the survey period that fits the window', () => {
    expect(surveyPeriodFor('2026-10', ['2026-09', '2026-10', '2026-Q4'])).toBe('2026-10');
    expect(surveyPeriodFor('2026-10', ['2026-09', '2026-Q4'])).toBe('2026-Q4');
    expect(surveyPeriodFor('2026-Q4', ['2026-10', '2026-11', '2026-09'])).toBe('2026-11');
    expect(surveyPeriodFor('2026-09..2026-10', ['2026-Q3', '2026-10'])).toBe('2026-10');
    expect(surveyPeriodFor('2026-10', ['2026-09'])).toBeNull();
  });
});

describe('behind the scores: what an attacker gets', () => {
  it('never shows nor ranks a survey segment answered by fewer than k, and hides a sibling that would give it back', () => {
    const rows: SurveyScore[] = [...SURVEY, { period: P, segment: 'E', score: 1.0, respondents: 3 }].map((s) => ({ ...s, company_id: 'acme', metric: 'engagement', dimension: 'department' }));
    // E (3) under k; with the company's total published, the smallest other (D, 20) goes too
    expect(visibleSurveySegments(rows, K).map((r) => r.segment)).toEqual(['A', 'B', 'C']);
    const a = agg({ ...DEPTS, E: { n: 15, themes: { evaluation_pay: 5, career_path: 5, workload: 5 }, retention: [5, 5, 5] } }, [
      ...SURVEY,
      { period: P, segment: 'E', score: 1.0, respondents: 3 },
    ]);
    const m = model(a);
    const shown = JSON.stringify(m.behindScores);
    expect(m.behindScores!.dimensions[0]!.groups.map((g) => g.segments.map((s) => s.segment))).toEqual([['A'], ['C']]);
    expect(shown).not.toContain('"E"');
    expect(shown).not.toContain('4.1');
  });

  it('withholds an item whose group sums would give back a cell the breakdown hides', () => {
    // workload: D has 3 (hidden, under k) and the breakdown hides one more of A, B, C
    // (complementary); each group then holds exactly one hidden cell: low − its visible cell
    // would be that cell. The item is withheld for both groups, although 12 and 9 are ≥ k.
    const m = model(agg(DEPTS, SURVEY));
    const seg = m.themesBySegment.filter((r) => r.theme === 'workload' && r.employees === null).map((r) => r.segment).sort();
    expect(seg).toEqual(['A', 'D']);
    expect(row(m, 'low', 'workload')).toBeUndefined();
    expect(row(m, 'high', 'workload')).toBeUndefined();
    // mental health: everyone "low": its complement is 0, so no level is shown at all
    expect(m.behindScores!.dimensions[0]!.rows.some((r) => r.item.kind === 'risk' && r.item.signal === 'mental_health_risk')).toBe(false);
  });

  it('every figure shown is one the report already gives: group + rest = the company figure', () => {
    const m = model(agg(DEPTS, SURVEY));
    for (const r of m.behindScores!.dimensions[0]!.rows) {
      const company = r.item.kind === 'theme' ? m.themes.find((t) => t.theme === (r.item as { theme: ThemeId }).theme)!.employees : m.risks.find((x) => r.item.kind === 'risk' && x.signal === r.item.signal && x.level === r.item.level)!.employees;
      expect(company).not.toBeNull();
      expect(r.employees + r.rest_employees).toBe(company);
      for (const n of [r.employees, r.base - r.employees, r.rest_employees, r.rest_base - r.rest_employees]) expect(n).toBeGreaterThanOrEqual(K);
    }
  });

  it('two reports around one late employee in the low group: the second is held back, its figures the first ones', () => {
    const first = model(agg(DEPTS, SURVEY));
    const members = new Map(Array.from({ length: 60 }, (_, i) => [`p${i}`, 'd']));
    const late = { ...DEPTS, A: { ...DEPTS.A, n: 16, themes: { ...DEPTS.A.themes, evaluation_pay: 10 }, retention: [6, 5, 5] as [number, number, number] } };
    const second = model(agg(late, SURVEY));
    expect(row(second, 'low', 'evaluation_pay')!.employees).toBe(18);
    const history = [{ version: 1, published_at: 'then', members, erased: 0, model: first }];
    const now = new Map([...members, ['p60', 'd']]);
    expect(changeBetween(history[0]!, now)).toEqual({ added: 1, removed: 0, modified: 0 });
    const decision = decidePublication(history, second, now, K);
    expect(decision).toEqual({ kind: 'keep', held_back: true });
    const shown = shownModel(decision, history, second, 'now');
    expect(shown.behindScores).toEqual(first.behindScores);
  });

  it('the same people ranked by other survey scores (another --metric, a survey imported again): held back, or three reports give a hidden cell (attack)', () => {
    // job_change: 3, 4, 3 and 4 of each department's 15 — every cell under k, hidden; 14 in all.
    const depts = Object.fromEntries(Object.entries(DEPTS).map(([d, v], i) => [d, { ...v, themes: { ...v.themes, job_change: [3, 4, 3, 4][i]! } }]));
    const scored = (order: string[]) => order.map((segment, i) => ({ period: P, segment, score: 2 + i * 0.5, respondents: 30 }));
    // low / high: A+B = 7 / C+D = 7, then A+C = 6 / B+D = 8, then A+D = 7 / B+C = 7; each group
    // holds two hidden cells adding up to k or more, so each report alone shows it. Together:
    // A = ((A+B) + (A+C) − (B+C)) / 2 = (7 + 6 − 7) / 2 = 3, a cell the breakdown hides.
    const [first, second, third] = [['A', 'B', 'C', 'D'], ['A', 'C', 'B', 'D'], ['A', 'D', 'B', 'C']].map((o) => model(agg(depts, scored(o))));
    expect([first, second, third].map((m) => row(m!, 'low', 'job_change')?.employees)).toEqual([7, 6, 7]);
    expect(first!.themesBySegment.filter((r) => r.theme === 'job_change').map((r) => r.employees)).toEqual([null, null, null, null]);
    const members = new Map(Array.from({ length: 60 }, (_, i) => [`p${i}`, 'd']));
    const history = [{ version: 1, published_at: 'then', members, erased: 0, model: first! }];
    for (const next of [second!, third!]) {
      const decision = decidePublication(history, next, members, K);
      expect(decision).toEqual({ kind: 'keep', held_back: true });
      expect(shownModel(decision, history, next, 'now').behindScores).toEqual(first!.behindScores);
    }
  });

  it('no survey of the metric: no section', () => {
    expect(model(agg(DEPTS, [])).behindScores).toBeUndefined();
    expect(buildReportModel(agg(DEPTS, SURVEY), 'acme', { benchmarkMinCompanies: 5, generatedAt: 'now', surveyMetric: 'eNPS' }).behindScores).toBeUndefined();
  });
});

describe('behind the scores: as the reports show it', () => {
  it('one sentence per group an HR manager reads, and the CSV rows', async () => {
    const { behindSentences } = await import('../../reports/pdf/summary.js');
    const { LABELS } = await import('../../reports/i18n.js');
    const { renderCsvReport } = await import('../../reports/csv.js');
    const m = model(agg(DEPTS, SURVEY));
    expect(behindSentences(m, LABELS.ja)).toEqual([
      'エンゲージメントのスコアが低い2部署（A・B）では、評価・処遇・給与が社内の他部署の1.7倍多く話題に上っています。',
      'エンゲージメントのスコアが高い2部署（D・C）では、評価・処遇・給与の話題は社内の他部署の0.6倍にとどまります。',
    ]);
    expect(behindSentences(m, LABELS.en)[0]).toBe(
      "In the 2 lowest-scoring departments on engagement (A, B), evaluation, grade and pay comes up 1.7× as often as in the company's other departments.",
    );
    const file = renderCsvReport(m, 'en').find((f) => f.table === 'behind_the_scores')!;
    expect(file.file).toBe('09_behind_the_scores.csv');
    const lines = file.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('company_id,company,period_jst,survey_metric,survey_period,dimension,group,group_segments_score_respondents,item_id,item,employees,base_employees,share_pct,rest_employees,rest_base_employees,rest_share_pct,lift_vs_rest');
    expect(lines).toContain('acme,Acme,2026-10,engagement,2026-10,department,lowest-scoring,A (2.8; 40) / B (3; 30),evaluation_pay,"evaluation, grade and pay",17,30,56.7,10,30,33.3,1.7');
    // one row per shown item and group: evaluation_pay, career_path, three retention levels
    expect(lines).toHaveLength(1 + 2 * 5);
    // no survey: no file
    expect(renderCsvReport(model(agg(DEPTS, [])), 'en').some((f) => f.table === 'behind_the_scores')).toBe(false);
  });
});
