/** The aggregate read model in DuckDB SQL: distinct-employee counts of one period per company,
 * theme, segment, keyword and risk level (pipeline/aggregate/rows.ts). Keywords that fail the
 * with-and-without rule never leave the database; every other small count is suppressed by the
 * report model (with its complementary cells), which needs the exact counts to decide.
 *
 * Same rows, same answer: every ORDER BY here is total (its keys are unique in the result)
 * and no figure depends on the rows' physical order (schema.ts: ties between sessions broken
 * by (started_at, session_id), sentiment summed exactly), so `honne run` and the queue, or one
 * manifest in two orders, give byte-identical reports (reports/determinism.int.test.ts). */
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import type {
  CompanyTotals,
  KeywordCount,
  LineageRow,
  MemberDigest,
  PeriodRows,
  RiskCount,
  SegmentBase,
  SegmentRiskCount,
  SegmentThemeCount,
  ThemeCount,
} from '../../pipeline/aggregate/rows.js';
import type { ReportWindowRef } from '../../pipeline/ports/analytics-store.js';
import type { SurveyScore } from '../../pipeline/survey.js';
import type { KeywordSets } from '../../pipeline/aggregate/emerging.js';
import { THEME_IDS, THEME_PRESENT_THRESHOLD } from '../../pipeline/themes.js';

/** A read of the store (store.ts: `query`). */
export type Query = <T extends Record<string, unknown>>(sql: string, params?: Record<string, DuckDBValue>) => Promise<T[]>;
/** A read of `columns` unsigned integer columns, streamed chunk by chunk into typed arrays
 * (store.ts: `queryInts`). */
export type QueryInts = (sql: string, params: Record<string, DuckDBValue>, columns: number) => Promise<Uint32Array[]>;

export async function periodRows(query: Query, window: ReportWindowRef, k: number, companyIds?: readonly string[]): Promise<PeriodRows> {
  const period = window.id;
  const months = listValue([...window.months]);
  const only = companyIds ? `AND company_id IN (SELECT unnest($companies::VARCHAR[]))` : '';
  const withCompanies = <T extends Record<string, DuckDBValue>>(p: T) =>
    companyIds ? { ...p, months, companies: listValue([...companyIds]) } : { ...p, months };

  const totals = await query<CompanyTotals & Record<string, unknown>>(
    `SELECT company_id, period, count(*) AS employees, sum(sessions) AS sessions, round(avg(sentiment::DECIMAL(18, 9)), 6) AS sentiment
     FROM window_employee($months::VARCHAR[], $period) WHERE period = $period ${only} GROUP BY company_id, period ORDER BY company_id, period`,
    withCompanies({ period }),
  );
  const themes = await query<ThemeCount & Record<string, unknown>>(
    `SELECT company_id, period, theme, count(*) AS n FROM window_themes($months::VARCHAR[], $period)
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentBases = await query<SegmentBase & Record<string, unknown>>(
    `SELECT company_id, dimension, segment, count(*) AS n FROM window_segments($months::VARCHAR[], $period)
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentThemes = await query<SegmentThemeCount & Record<string, unknown>>(
    `SELECT g.company_id, g.dimension, g.segment, t.theme, count(*) AS n
     FROM window_segments($months::VARCHAR[], $period) g JOIN window_themes($months::VARCHAR[], $period) t USING (company_id, period, employee_pid)
     WHERE g.period = $period ${only.replace('company_id', 'g.company_id')} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  // Keywords are filtered here, in the database, by the with-and-without rule: used by at
  // least k employees and not used by at least k. Rarer (and near-universal) words never reach
  // a report model.
  const keywords = await query<KeywordCount & Record<string, unknown>>(
    `WITH kw AS (
       SELECT s.company_id, s.period, k.keyword, count(DISTINCT s.employee_pid) AS n
       FROM window_sessions($months::VARCHAR[], $period) s JOIN session_keywords k USING (session_id)
       WHERE s.period = $period ${only.replace('company_id', 's.company_id')} GROUP BY ALL),
     base AS (SELECT company_id, count(*) AS employees FROM window_employee($months::VARCHAR[], $period) WHERE period = $period GROUP BY ALL)
     SELECT kw.company_id, kw.period, kw.keyword, kw.n FROM kw JOIN base USING (company_id)
     WHERE kw.n >= $k AND base.employees - kw.n >= $k
     ORDER BY kw.company_id, kw.period, kw.n DESC, kw.keyword`,
    withCompanies({ period, k }),
  );
  const risks = await query<RiskCount & Record<string, unknown>>(
    `SELECT company_id, period, signal, level, count(*) AS n FROM window_risk($months::VARCHAR[], $period)
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const segmentRisks = await query<SegmentRiskCount & Record<string, unknown>>(
    `SELECT g.company_id, g.dimension, g.segment, r.signal, r.level, count(*) AS n
     FROM window_segments($months::VARCHAR[], $period) g JOIN window_risk($months::VARCHAR[], $period) r USING (company_id, period, employee_pid)
     WHERE g.period = $period ${only.replace('company_id', 'g.company_id')} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  const lineage = await query<LineageRow & Record<string, unknown>>(
    `SELECT company_id, provider, model, version, run_id, count(*) AS sessions FROM window_sessions($months::VARCHAR[], $period)
     WHERE period = $period ${only} GROUP BY ALL ORDER BY ALL`,
    withCompanies({ period }),
  );
  // The digest is of everything an employee contributes to the figures, in an unambiguous
  // encoding (JSON: a blank department and one named "-" differ, so do "A|B" + "C" and "A" + "B|C").
  const members = await query<MemberDigest & Record<string, unknown>>(
    `WITH th AS (SELECT company_id, employee_pid, list_sort(list(theme)) AS t FROM window_themes($months::VARCHAR[], $period) WHERE period = $period GROUP BY ALL),
     rk AS (SELECT company_id, employee_pid, list_sort(list(signal || ':' || level)) AS r FROM window_risk($months::VARCHAR[], $period) WHERE period = $period GROUP BY ALL),
     kw AS (SELECT s.company_id, s.employee_pid, list_sort(list_distinct(list(k.keyword))) AS w
            FROM window_sessions($months::VARCHAR[], $period) s JOIN session_keywords k USING (session_id) WHERE s.period = $period GROUP BY ALL)
     SELECT p.company_id, p.employee_pid, p.department, p.age_band, p.gender,
            md5(to_json(struct_pack(d := p.department, a := p.age_band, g := p.gender, n := p.sessions,
                                    s := round(p.sentiment, 6), t := th.t, r := rk.r, w := kw.w))::VARCHAR) AS digest
     FROM window_employee($months::VARCHAR[], $period) p
     LEFT JOIN th USING (company_id, employee_pid) LEFT JOIN rk USING (company_id, employee_pid) LEFT JOIN kw USING (company_id, employee_pid)
     WHERE p.period = $period ${only.replace('company_id', 'p.company_id')} ORDER BY p.company_id, p.employee_pid`,
    withCompanies({ period }),
  );
  const companies = await query<{ company_id: string; name: string; industry: string }>(
    `SELECT company_id, name, industry FROM companies ORDER BY ALL`,
  );
  // The companies' own survey aggregates (behind.ts picks the period and hides small segments).
  const surveys = await query<SurveyScore & Record<string, unknown>>(
    `SELECT company_id, period, dimension, segment, metric, score, respondents FROM survey_scores
     WHERE true ${only} ORDER BY company_id, period, dimension, segment, metric`,
    companyIds ? { companies: listValue([...companyIds]) } : undefined,
  );
  return { totals, themes, segmentBases, segmentThemes, keywords, risks, segmentRisks, lineage, companies, members, surveys };
}

/** The keyword sets emerging themes are found in (pipeline/aggregate/emerging.ts): every
 * employee per month; the vocabulary, the distinct stored words of the months that `keep` keeps;
 * and as indexes, streamed into typed arrays (a large store's million uses never become a million
 * objects), each theme an employee had and each use of a word — only of words used by at least
 * `minEmployees` distinct employees over the months (of their company when `perCompany`, else of
 * all the companies given): the uses of rarer words never leave the database. */
export async function keywordSets(
  query: Query, queryInts: QueryInts, months: readonly string[], minEmployees: number, perCompany: boolean, companyIds?: readonly string[], keep?: (keyword: string) => boolean,
): Promise<KeywordSets> {
  const only = companyIds ? 'AND company_id IN (SELECT unnest($companies::VARCHAR[]))' : '';
  const params = { months: listValue([...months]), ...(companyIds ? { companies: listValue([...companyIds]) } : {}) };
  const scoped = `s AS (SELECT company_id, period AS month, employee_pid, session_id FROM sessions WHERE list_contains($months::VARCHAR[], period) ${only})`;
  // an employee-month's index `i`: its place in `employees` (the same total order in every
  // query); `p` the employee, `c` the company
  const staff = `e AS (SELECT company_id, month, employee_pid, (row_number() OVER (ORDER BY company_id, month, employee_pid) - 1)::UINTEGER AS i,
                              dense_rank() OVER (ORDER BY company_id, employee_pid)::UINTEGER AS p, dense_rank() OVER (ORDER BY company_id)::UINTEGER AS c
                       FROM (SELECT DISTINCT company_id, month, employee_pid FROM s))`;
  // `keep` first, asked of the distinct words of the months (a few thousand): most keyword rows
  // are a theme's own words, and DuckDB never counts them
  const said = await query<{ keyword: string }>(
    `WITH ${scoped} SELECT DISTINCT k.keyword FROM s JOIN session_keywords k USING (session_id) ORDER BY keyword`,
    params,
  );
  const vocabulary = said.map((r) => r.keyword).filter(keep ?? (() => true));
  const employees = await query<KeywordSets['employees'][number] & Record<string, unknown>>(
    `WITH ${scoped} SELECT DISTINCT company_id, month, employee_pid FROM s ORDER BY company_id, month, employee_pid`,
    params,
  );
  const themes = await queryInts(
    `WITH ${scoped}, ${staff}, t AS (SELECT DISTINCT s.company_id, s.month, s.employee_pid, t.theme FROM s JOIN session_themes t USING (session_id)
                                     WHERE t.confidence >= ${THEME_PRESENT_THRESHOLD})
     SELECT e.i, (list_position($themes::VARCHAR[], t.theme) - 1)::UINTEGER FROM t JOIN e USING (company_id, month, employee_pid) ORDER BY ALL`,
    { ...params, themes: listValue([...THEME_IDS]) },
    2,
  );
  const themeSets = { employee: themes[0]!, theme: Uint8Array.from(themes[1]!) };
  // an empty list has no type DuckDB can bind
  if (vocabulary.length === 0) return { employees, vocabulary, uses: { employee: new Uint32Array(0), word: new Uint32Array(0) }, themes: themeSets };
  // Counted over integers: an employee's pseudonym (64 characters) and a word once per
  // employee-month, not once per use (at 50,000 sessions, DISTINCT over the strings of a
  // million uses held ~350 MB of DuckDB's memory)
  const uses = await queryInts(
    `WITH ${scoped}, ${staff},
     se AS (SELECT s.session_id, e.i, e.p, e.c FROM s JOIN e USING (company_id, month, employee_pid)),
     v AS (SELECT unnest($vocabulary::VARCHAR[]) AS keyword, unnest(range(len($vocabulary::VARCHAR[])))::UINTEGER AS w),
     kw AS (SELECT DISTINCT se.i, se.p, se.c, v.w FROM se JOIN session_keywords k USING (session_id) JOIN v USING (keyword)),
     common AS (SELECT ${perCompany ? 'c, w' : 'w'} FROM kw GROUP BY ALL HAVING count(DISTINCT p) >= $min)
     SELECT kw.i, kw.w FROM kw SEMI JOIN common USING (${perCompany ? 'c, w' : 'w'}) ORDER BY ALL`,
    { ...params, vocabulary: listValue(vocabulary), min: minEmployees },
    2,
  );
  return { employees, vocabulary, uses: { employee: uses[0]!, word: uses[1]! }, themes: themeSets };
}
