/** Emerging themes: clusters of vocabulary keywords that co-occur across distinct employees and
 * that no taxonomy theme covers. */

/** `rising`: more employees than in the window before, beyond the noise and by at least k;
 * `steady`: present (k employees or more) in two or more months. */
export type EmergingTrend = 'rising' | 'steady';
export const EMERGING_TRENDS = ['rising', 'steady'] as const satisfies readonly EmergingTrend[];

/** A new topic as a company report shows it. */
export interface EmergingTopicRow {
  rank: number;
  /** The cluster's name: its top keywords, each one a keyword the report may show. */
  keywords: string[];
  /** Distinct employees who used at least two of its keywords. */
  employees: number;
  share: number;
  trend: EmergingTrend;
}
