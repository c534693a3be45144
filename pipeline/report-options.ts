/** What a run asks of reporting, named here so that pipeline/ never imports reports/: the
 * languages and formats reports come in, what a written report is, and the writer a run is given
 * (reports/write.ts `writePeriodReports`, injected by the caller). */
import type { ReportModel } from './aggregate/model.js';
import type { Progress } from './progress.js';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const REPORT_FORMATS = ['csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface WrittenReport {
  companyId: string;
  period: string;
  status: ReportModel['status'];
  files: string[];
}

/** Every given company's reports for several periods (a company without sessions in a period
 * gets none). */
export interface PeriodReportRequest {
  periods: readonly string[];
  companyIds: string[];
  lang: Lang;
  formats: ReportFormat[];
  outDir: string;
}

export interface PeriodReportSettings {
  k: number;
  benchmarkMinCompanies: number;
  now: () => Date;
  /** The run the reports belong to, for the audit trail. */
  runId?: string;
}

/** Writes the reports from the store the caller holds; `progress` counts them as they are written. */
export type PeriodReportWriter = (req: PeriodReportRequest, settings: PeriodReportSettings, progress: Progress) => Promise<WrittenReport[]>;
