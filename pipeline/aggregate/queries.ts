/** Aggregation in DuckDB SQL: distinct-employee counts per company, period, theme, segment,
 * keyword and risk level (the cross-company benchmark is built from the other companies'
 * publications: benchmark.ts). Keywords that fail the with-and-without rule never leave
 * the database; every other small count is suppressed by the report model (with its
 * complementary cells), which needs the exact counts to decide.
 *
 * Same rows, same answer: every ORDER BY here is total (its keys are unique in the result)
 * and no figure depends on the rows' physical order (store/schema.ts: ties between sessions
 * broken by (started_at, session_id), sentiment summed exactly), so `honne run` and the queue,
 * or one manifest in two orders, give byte-identical reports (reports/determinism.int.test.ts). */
import { listValue } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import { type RiskLevel, type RiskSignal, type ThemeId } from '../themes.js';

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

/** Everything the reports of one period need, for every company at once. */
export interface PeriodAggregates {
  period: string;
  previous: string;
  k: number;
  totals: CompanyTotals[];
  themes: ThemeCount[];
  segmentBases: SegmentBase[];
  segmentThemes: SegmentThemeCount[];
  keywords: KeywordCount[];
  risks: RiskCount[];
  segmentRisks: SegmentRiskCount[];
  lineage: LineageRow[];
  companies: { company_id: string; name: string; industry: string }[];
  /** The employees (pseudonyms) behind each company's figures, each with a digest of what they
   * contribute to them: what publications compare (publication.ts). */
  members: { company_id: string; employee_pid: string; digest: string }[];
}

export async function aggregatePeriod(
  store: Store,
  period: string,
  previous: string,
  k: number,
  companyIds?: string[],
): Promise<PeriodAggregates> {
  const only = companyIds ? `AND company_id IN (SELECT unnest($companies::VARCHAR[]))` : '';
  const withCompanies = <T extends Record<string, unknown>>(p: T) =>
    companyIds ? { ...p, companies: listValue(companyIds) } : p;

  const totals = await store.query<CompanyTotals & Record<string, unknown>>(
    `SELECT company_id, period, count(*) AS employees, sum(sessions) AS sessions, round(avg(sentiment::DECIMAL(18, 9)), 6) AS sentiment
     FROM employee_period WHERE period = $period ${only} GROUP BY company_id, period ORDER BY company_id, period`,
    withCompanies({ period }),
  );
  const themes = await store.query<ThemeCount & Record<string, unknown>>(
    `SELECT company_id, period, theme, count(*) AS n FROM employee_themes
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentBases = await store.query<SegmentBase & Record<string, unknown>>(
    `SELECT company_id, dimension, segment, count(*) AS n FROM employee_segments
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentThemes = await store.query<SegmentThemeCount & Record<string, unknown>>(
    `SELECT g.company_id, g.dimension, g.segment, t.theme, count(*) AS n
     FROM employee_segments g JOIN employee_themes t USING (company_id, period, employee_pid)
     WHERE g.period = $period ${only.replace('company_id', 'g.company_id')} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  // Keywords are filtered here, in the database, by the with-and-without rule: used by at
  // least k employees and not used by at least k. Rarer (and near-universal) words never reach
  // a report model.
  const keywords = await store.query<KeywordCount & Record<string, unknown>>(
    `WITH kw AS (
       SELECT s.company_id, s.period, k.keyword, count(DISTINCT s.employee_pid) AS n
       FROM sessions s JOIN session_keywords k USING (session_id)
       WHERE s.period = $period ${only.replace('company_id', 's.company_id')} GROUP BY ALL),
     base AS (SELECT company_id, count(*) AS employees FROM employee_period WHERE period = $period GROUP BY ALL)
     SELECT kw.company_id, kw.period, kw.keyword, kw.n FROM kw JOIN base USING (company_id)
     WHERE kw.n >= $k AND base.employees - kw.n >= $k
     ORDER BY kw.company_id, kw.period, kw.n DESC, kw.keyword`,
    withCompanies({ period, k }),
  );
  const risks = await store.query<RiskCount & Record<string, unknown>>(
    `SELECT company_id, period, signal, level, count(*) AS n FROM employee_risk
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentRisks = await store.query<SegmentRiskCount & Record<string, unknown>>(
    `SELECT g.company_id, g.dimension, g.segment, r.signal, r.level, count(*) AS n
     FROM employee_segments g JOIN employee_risk r USING (company_id, period, employee_pid)
     WHERE g.period = $period ${only.replace('company_id', 'g.company_id')} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const lineage = await store.query<LineageRow & Record<string, unknown>>(
    `SELECT company_id, provider, model, version, run_id, count(*) AS sessions FROM sessions
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  // The digest is of everything an employee contributes to the figures, in an unambiguous
  // encoding (JSON: a blank department and one named "-" differ, so do "A|B" + "C" and "A" + "B|C").
  const members = await store.query<{ company_id: string; employee_pid: string; digest: string }>(
    `WITH th AS (SELECT company_id, employee_pid, list_sort(list(theme)) AS t FROM employee_themes WHERE period = $period GROUP BY ALL),
     rk AS (SELECT company_id, employee_pid, list_sort(list(signal || ':' || level)) AS r FROM employee_risk WHERE period = $period GROUP BY ALL),
     kw AS (SELECT s.company_id, s.employee_pid, list_sort(list_distinct(list(k.keyword))) AS w
            FROM sessions s JOIN session_keywords k USING (session_id) WHERE s.period = $period GROUP BY ALL)
     SELECT p.company_id, p.employee_pid,
            md5(to_json(struct_pack(d := p.department, a := p.age_band, g := p.gender, n := p.sessions,
                                    s := round(p.sentiment, 6), t := th.t, r := rk.r, w := kw.w))::VARCHAR) AS digest
     FROM employee_period p
     LEFT JOIN th USING (company_id, employee_pid) LEFT JOIN rk USING (company_id, employee_pid) LEFT JOIN kw USING (company_id, employee_pid)
     WHERE p.period = $period ${only.replace('company_id', 'p.company_id')} ORDER BY p.company_id, p.employee_pid`,
    withCompanies({ period }),
  );
  const companies = await store.query<{ company_id: string; name: string; industry: string }>(
    `SELECT company_id, name, industry FROM companies ORDER BY ALL`,
  );
  return {
    period, previous, k, totals, themes, segmentBases, segmentThemes, keywords, risks, segmentRisks,
    lineage, companies, members,
  };
}

/** The periods that have sessions, newest last. */
export async function periodsInStore(store: Store): Promise<{ company_id: string; period: string }[]> {
  return store.query<{ company_id: string; period: string }>(
    'SELECT DISTINCT company_id, period FROM sessions ORDER BY period, company_id',
  );
}
