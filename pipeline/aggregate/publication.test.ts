/** The publication rule inside segments and the shared-worry rule, on plain data: where a member's segment is not known
 * (erased, a ledger row older than the segment columns), every segment it may be in is judged.
 * The attacks through real reports are in publication.int.test.ts. */
import { describe, expect, it } from 'vitest';
import { buildReportModel, OTHER_SEGMENT, UNSPECIFIED_SEGMENT, type ReportModel } from './model.js';
import { decidePublication, shownSegments, type Published, type SegmentValues } from './publication.js';
import type { PeriodAggregates } from './queries.js';
import type { RiskLevel, ThemeId } from '../themes.js';

const K = 5;
const P = '2026-10';

/** acme's model with these departments (employees each); no age band or gender given. */
function model(depts: Record<string, number>, themes: Partial<Record<ThemeId, number>> = {}): ReportModel {
  const names = Object.keys(depts).sort();
  const total = names.reduce((a, d) => a + depts[d]!, 0);
  const agg: PeriodAggregates = {
    period: P, previous: '2026-09', k: K,
    totals: [{ company_id: 'acme', period: P, employees: total, sessions: total, sentiment: 0 }],
    themes: Object.entries(themes).map(([theme, n]) => ({ company_id: 'acme', period: P, theme: theme as ThemeId, n })),
    segmentThemes: [], risks: [], segmentRisks: [], keywords: [], lineage: [], members: [],
    segmentBases: [
      ...names.map((d) => ({ company_id: 'acme', dimension: 'department' as const, segment: d, n: depts[d]! })),
      { company_id: 'acme', dimension: 'age_band' as const, segment: null, n: total },
      { company_id: 'acme', dimension: 'gender' as const, segment: null, n: total },
    ],
    companies: [{ company_id: 'acme', name: 'Acme', industry: 'IT' }],
  };
  return buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: 'now' });
}

/** `n` employees of a department: pseudonym → segment values. */
const staff = (prefix: string, department: string, n: number): [string, SegmentValues][] =>
  Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { department, age_band: null, gender: null }]);
const digests = (values: Map<string, SegmentValues>) => new Map([...values.keys()].map((p) => [p, 'same']));

describe('segments as a report shows them', () => {
  it('a department under k is pooled; a dimension given by nobody is the unspecified segment', () => {
    const m = model({ 営業部: 10, 開発部: 10, 総務部: 2 });
    expect(shownSegments(m, { department: '総務部', age_band: null, gender: null })).toEqual({
      department: OTHER_SEGMENT, age_band: UNSPECIFIED_SEGMENT, gender: UNSPECIFIED_SEGMENT,
    });
    expect(shownSegments(m, { department: '営業部', age_band: '30s', gender: null }).department).toBe('営業部');
    // no breakdown at all (every department under k): everyone is in the company's own figures
    expect(shownSegments(model({ 営業部: 3, 開発部: 3 }), { department: '営業部', age_band: null, gender: null }).department).toBe(OTHER_SEGMENT);
  });
});

describe('a new version against one whose members’ segments are not all known', () => {
  const v1Values = new Map([...staff('s', '営業部', 10), ...staff('d', '開発部', 10)]);
  const v1 = model({ 営業部: 10, 開発部: 10 });

  it('erasing k−1 of one department beside one of another is held back: erased members may be in any segment (attack)', () => {
    const published: Published = {
      version: 1, published_at: 'then', model: v1, erased: 5,
      // the ledger forgot the five erased: s9 of 営業部 and d6…d9 of 開発部
      members: digests(new Map([...staff('s', '営業部', 9), ...staff('d', '開発部', 6)])),
      segments: new Map([...staff('s', '営業部', 9), ...staff('d', '開発部', 6)].map(([p, v]) => [p, shownSegments(v1, v)])),
    };
    const values = new Map([...staff('s', '営業部', 9), ...staff('d', '開発部', 6)]);
    // five removed company-wide; 営業部's cells would be v1's less s9's
    expect(decidePublication([published], model({ 営業部: 9, 開発部: 6 }), digests(values), K, undefined, values)).toEqual({ kind: 'keep', held_back: true });
  });

  it('a version published before one reason for every hidden cell is the same figures to an upgraded build, not a change held back', () => {
    // workload said by 2 of 20 (under k), career_path by 19 (its complement under k): both hidden
    const now = model({ 営業部: 10, 開発部: 10 }, { workload: 2, career_path: 19, job_change: 10 });
    const hidden = now.themes.filter((t) => t.suppressed.includes('small_cell')).map((t) => t.theme);
    expect(hidden).toEqual(expect.arrayContaining(['career_path', 'workload']));
    expect(hidden).not.toContain('job_change');
    // as a build before small_cell published it: each hidden cell its own reason
    const own = { ...now, themes: now.themes.map((t) => ({ ...t, suppressed: t.suppressed.map((r) => (r === 'small_cell' ? (t.theme === 'career_path' ? 'complementary' : 'below_k') : r)) })) } as ReportModel;
    const published: Published = { version: 1, published_at: 'then', model: own, erased: 0, members: digests(v1Values), segments: new Map([...v1Values].map(([p, v]) => [p, shownSegments(own, v)])) };
    expect(decidePublication([published], now, digests(v1Values), K, undefined, v1Values)).toEqual({ kind: 'keep', held_back: false });
  });

  it('a ledger older than the segment columns: unchanged members are placed by their digest, k newcomers of one department are published', () => {
    const old: Published = { version: 1, published_at: 'then', model: v1, erased: 0, members: digests(v1Values) };
    const values = new Map([...v1Values, ...staff('n', '営業部', 5)]);
    expect(decidePublication([old], model({ 営業部: 15, 開発部: 10 }), digests(values), K, undefined, values)).toEqual({ kind: 'publish', version: 2 });
    // four newcomers of 開発部 and one of 営業部: 営業部's one is held back, as with a new ledger
    const split = new Map([...v1Values, ...staff('n', '開発部', 4), ...staff('x', '営業部', 1)]);
    expect(decidePublication([old], model({ 営業部: 11, 開発部: 14 }), digests(split), K, undefined, split)).toEqual({ kind: 'keep', held_back: true });
  });

  it("one member's changed contribution inside their own department is held back", () => {
    const published: Published = {
      version: 1, published_at: 'then', model: v1, erased: 0, members: digests(v1Values),
      segments: new Map([...v1Values].map(([p, v]) => [p, shownSegments(v1, v)])),
    };
    // s3 came again (another theme), still of 営業部
    const now = new Map([...digests(v1Values), ['s3', 'changed']]);
    expect(decidePublication([published], model({ 営業部: 10, 開発部: 10 }), now, K, undefined, v1Values)).toEqual({ kind: 'keep', held_back: true });
  });

  it('members without segment values now may be in any segment: a change is held back', () => {
    const published: Published = { version: 1, published_at: 'then', model: v1, erased: 0, members: digests(v1Values) };
    const values = new Map([...v1Values, ...staff('n', '営業部', 5)]);
    expect(decidePublication([published], model({ 営業部: 15, 開発部: 10 }), digests(values), K)).toEqual({ kind: 'keep', held_back: true });
  });
});

describe('a difference that says the same worry of each of its people (sharedWorrySafe)', () => {
  /** acme with `total` employees, no segment given, these theme and risk counts. */
  function counts(total: number, themes: Partial<Record<ThemeId, number>>, risks: Partial<Record<RiskLevel, number>> = {}): ReportModel {
    const agg: PeriodAggregates = {
      period: P, previous: '2026-09', k: K,
      totals: [{ company_id: 'acme', period: P, employees: total, sessions: total, sentiment: 0 }],
      themes: Object.entries(themes).map(([theme, n]) => ({ company_id: 'acme', period: P, theme: theme as ThemeId, n: n! })),
      segmentThemes: [],
      risks: Object.entries(risks).map(([level, n]) => ({ company_id: 'acme', period: P, signal: 'retention_risk' as const, level: level as RiskLevel, n: n! })),
      segmentRisks: [], keywords: [], lineage: [], members: [],
      segmentBases: (['department', 'age_band', 'gender'] as const).map((dimension) => ({ company_id: 'acme', dimension, segment: null, n: total })),
      companies: [{ company_id: 'acme', name: 'Acme', industry: 'IT' }],
    };
    return buildReportModel(agg, 'acme', { benchmarkMinCompanies: 5, generatedAt: 'now' });
  }
  const people = (prefix: string, n: number, digest = 'd') => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, digest] as [string, string]);
  const shown = (members: [string, string][], m: ReportModel): Published => ({ version: 1, published_at: 'then', members: new Map(members), erased: 0, model: m });
  const decide = (v1: Published, members: [string, string][], m: ReportModel) => decidePublication([v1], m, new Map(members), K).kind;

  it('holds back five newcomers who all said a theme, and publishes four of five', () => {
    const v1 = shown(people('S', 20), counts(20, { job_change: 10 }));
    const now = [...people('S', 20), ...people('N', 5)];
    expect(decide(v1, now, counts(25, { job_change: 15 }))).toBe('keep');
    expect(decide(v1, now, counts(25, { job_change: 14 }))).toBe('publish');
    // all five without it says no one's worry
    expect(decide(v1, now, counts(25, { job_change: 10 }))).toBe('publish');
  });

  it('holds back five who came again and all dropped a theme: each of them had it', () => {
    // (five erased are held back before this rule: their figures alone would be v1 − v2)
    const v1 = shown([...people('S', 20), ...people('E', 5)], counts(25, { job_change: 15 }));
    const again = [...people('S', 20), ...people('E', 5, 'changed')];
    expect(decide(v1, again, counts(25, { job_change: 10 }))).toBe('keep');
    expect(decide(v1, again, counts(25, { job_change: 11 }))).toBe('publish');
  });

  it('holds back five newcomers all above low risk, though no level alone says it', () => {
    const v1 = shown(people('S', 20), counts(20, {}, { low: 10, medium: 5, high: 5 }));
    const now = [...people('S', 20), ...people('N', 5)];
    // medium grows by three and high by two, but low stays at ten: all five are above it
    expect(decide(v1, now, counts(25, {}, { low: 10, medium: 8, high: 7 }))).toBe('keep');
    expect(decide(v1, now, counts(25, {}, { low: 11, medium: 8, high: 6 }))).toBe('publish');
  });

  // Attacks: the worry counts a report shows outside the themes, risks and top keywords.
  const withTopic = (m: ReportModel, employees: number, keywords = ['副業', '起業']): ReportModel => ({
    ...m,
    emergingTopics: [{ rank: 1, keywords, employees, share: employees / 25, trend: 'rising' }],
  });
  const withRising = (m: ReportModel, employees: number): ReportModel => ({
    ...m,
    risingKeywords: [{ rank: 1, keyword: '介護', employees, share: employees / 25, previous_employees: 1, previous_share: 0.05, change_pt: 0.2, p_value: 0.01 }],
  });
  const withBehind = (m: ReportModel, employees: number, rest: number): ReportModel => ({
    ...m,
    behindScores: {
      metric: 'engagement', survey_period: P,
      dimensions: [{
        dimension: 'department', withheld: 0,
        groups: [{ side: 'low', segments: [{ segment: '営業部', score: 2.1, respondents: 10 }] }],
        rows: [{ side: 'low', item: { kind: 'theme', theme: 'job_change' }, employees, base: 10, share: employees / 10, rest_employees: rest, rest_base: 15, rest_share: rest / 15, lift: 2 }],
      }],
    },
  });

  it('attack: holds back five newcomers who all said a new topic (its count is no keyword shown)', () => {
    const v1 = shown(people('S', 20), withTopic(counts(20, {}), 5));
    const now = [...people('S', 20), ...people('N', 5)];
    expect(decide(v1, now, withTopic(counts(25, {}), 10))).toBe('keep');
    // …named again with one more word
    expect(decide(v1, now, withTopic(counts(25, {}), 10, ['副業', '起業', '独立']))).toBe('keep');
    expect(decide(v1, now, withTopic(counts(25, {}), 9))).toBe('publish');
  });

  it('attack: holds back five newcomers who all said a rising keyword beyond the top keywords', () => {
    const v1 = shown(people('S', 20), withRising(counts(20, {}), 6));
    const now = [...people('S', 20), ...people('N', 5)];
    expect(decide(v1, now, withRising(counts(25, {}), 11))).toBe('keep');
    expect(decide(v1, now, withRising(counts(25, {}), 10))).toBe('publish');
  });

  it('attack: holds back five newcomers of the rest of the company who all said a theme behind the scores', () => {
    // the newcomers' department is not known to the ledger: they may be in the group or the rest
    const v1 = shown(people('S', 20), withBehind(counts(20, {}), 6, 4));
    const now = [...people('S', 20), ...people('N', 5)];
    expect(decide(v1, now, withBehind(counts(25, {}), 6, 9))).toBe('keep');
    expect(decide(v1, now, withBehind(counts(25, {}), 6, 8))).toBe('publish');
  });
});
