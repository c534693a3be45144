/** The rows of the aggregate read model: distinct-employee counts per company, period, theme,
 * segment, keyword and risk level, as the analytics store answers them
 * (ports/analytics-store.ts: `periodRows`). Plain data; the privacy rules are applied to them
 * by the report model (model.ts) and the publication ledger (publication.ts). */
import type { RiskLevel, RiskSignal, ThemeId } from '../themes.js';
import type { SurveyScore } from '../survey.js';

export const DIMENSIONS = ['department', 'age_band', 'gender'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface CompanyTotals {
  company_id: string;
  period: string;
  employees: number;
  sessions: number;
  sentiment: number | null;
}
export interface ThemeCount {
  company_id: string;
  period: string;
  theme: ThemeId;
  n: number;
}
export interface SegmentBase {
  company_id: string;
  dimension: Dimension;
  segment: string | null;
  n: number;
}
export interface SegmentThemeCount extends SegmentBase {
  theme: ThemeId;
}
export interface KeywordCount {
  company_id: string;
  period: string;
  keyword: string;
  n: number;
}
export interface RiskCount {
  company_id: string;
  period: string;
  signal: RiskSignal;
  level: RiskLevel;
  n: number;
}
export interface SegmentRiskCount extends SegmentBase {
  signal: RiskSignal;
  level: RiskLevel;
}
export interface LineageRow {
  company_id: string;
  provider: string;
  model: string;
  version: string;
  run_id: string;
  sessions: number;
}
export interface MemberDigest {
  company_id: string;
  employee_pid: string;
  digest: string;
  /** The employee's segment values in the window (their latest session's), which the digest covers. */
  department: string | null;
  age_band: string | null;
  gender: string | null;
}

/** An employee's department, age band and gender in the window, as stored (null: not given). */
export type SegmentValues = Readonly<Record<Dimension, string | null>>;
/** The segment of each dimension's breakdown a report shows an employee in (publication.ts:
 * shownSegments): their own value's, or model.ts's OTHER_SEGMENT where it is pooled (a value
 * under k, and everyone when the report has no breakdown by the dimension: its only figure is
 * the company's own). What the publication ledger keeps of each member's segments. */
export type ShownSegments = Readonly<Record<Dimension, string>>;

/** Everything the reports of one period need, for every company (or the ones asked) at once.
 * Every list comes in a total order (same rows, same answer: reports/determinism.int.test.ts). */
export interface PeriodRows {
  totals: CompanyTotals[];
  themes: ThemeCount[];
  segmentBases: SegmentBase[];
  segmentThemes: SegmentThemeCount[];
  /** Only keywords used by at least k employees of their company and not used by at least k:
   * rarer (and near-universal) words never leave the store. */
  keywords: KeywordCount[];
  risks: RiskCount[];
  segmentRisks: SegmentRiskCount[];
  lineage: LineageRow[];
  /** Every company of the store, whichever were asked. */
  companies: { company_id: string; name: string; industry: string }[];
  /** The employees (pseudonyms) behind each company's figures, each with a digest of what they
   * contribute to them: what publications compare (publication.ts). */
  members: MemberDigest[];
  /** Every engagement-survey score of the companies (the behind-the-scores section picks the
   * period that fits the window: behind.ts). Absent: none asked for. */
  surveys?: SurveyScore[];
}
