/** The aggregate read model of one period, as the store answers it (ports/analytics-store.ts:
 * `periodRows`; the SQL lives in adapters/duckdb/aggregates.ts): distinct-employee counts per
 * company, period, theme, segment, keyword and risk level. The cross-company benchmark is
 * built from the other companies' publications (benchmark.ts); every small count is
 * suppressed by the report model (model.ts) with its complementary cells. */
import type { AnalyticsStore } from '../ports/analytics-store.js';
import type { PeriodRows } from './rows.js';
import { windowOfId } from '../period.js';

/** Everything the reports of one reporting window need, for every company at once: `period`
 * is the window's id (a month `2026-09`, a quarter `2026-Q3`, `2026-07..2026-09`; pipeline/period.ts),
 * `previous` the id of the window of the same length before it. */
export interface PeriodAggregates extends PeriodRows {
  period: string;
  previous: string;
  k: number;
}

export async function aggregatePeriod(
  store: Pick<AnalyticsStore, 'periodRows'>,
  period: string,
  previous: string,
  k: number,
  companyIds?: string[],
): Promise<PeriodAggregates> {
  return { period, previous, k, ...(await store.periodRows(windowOfId(period), k, companyIds)) };
}
