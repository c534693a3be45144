/** Writes report files for companies and periods from the store: the I/O edge of reporting. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReportModel, type ReportModel } from '../pipeline/aggregate/model.js';
import { aggregatePeriod } from '../pipeline/aggregate/queries.js';
import { previousPeriod } from '../pipeline/period.js';
import type { Store } from '../pipeline/store/duckdb.js';
import { renderCsvReport } from './csv.js';
import type { Lang } from './i18n.js';
import { renderPdfReport } from './pdf/render.js';

export const REPORT_FORMATS = ['csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportRequest {
  period: string;
  companyIds: string[];
  lang: Lang;
  formats: ReportFormat[];
  outDir: string;
}

export interface ReportSettings {
  k: number;
  benchmarkMinCompanies: number;
  now: () => Date;
}

export interface WrittenReport {
  companyId: string;
  period: string;
  status: ReportModel['status'];
  files: string[];
}

export interface RenderedFile {
  file: string;
  bytes: Buffer;
}
/** A renderer turns one report model into files (names relative to the company's period folder). */
export type Renderer = (model: ReportModel, lang: Lang) => Promise<RenderedFile[]>;

/** The registry of report formats: adding a format fails to compile until it has a renderer. */
export const RENDERERS: Record<ReportFormat, Renderer> = {
  csv: async (model, lang) => renderCsvReport(model, lang),
  pdf: async (model, lang) => [{ file: pdfFileName(model, lang), bytes: await renderPdfReport(model, lang) }],
};

/** A company id as a file or folder name: unsafe characters and leading dots replaced, so an
 * id such as `../x` can never leave the output folder. */
export function safeName(id: string): string {
  return id.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
}

/** `report_<company>_<period>_<lang>.pdf`. */
export function pdfFileName(model: ReportModel, lang: Lang): string {
  return `report_${safeName(model.company.id)}_${model.period}_${lang}.pdf`;
}

/** Aggregates the period once (benchmarks need every company), then renders each company. */
export async function writeReports(store: Store, req: ReportRequest, settings: ReportSettings): Promise<WrittenReport[]> {
  const agg = await aggregatePeriod(store, req.period, previousPeriod(req.period), settings.k);
  const generatedAt = settings.now().toISOString();
  const written: WrittenReport[] = [];
  for (const companyId of req.companyIds) {
    const model = buildReportModel(agg, companyId, { benchmarkMinCompanies: settings.benchmarkMinCompanies, generatedAt });
    const dir = join(req.outDir, safeName(companyId), req.period);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const format of req.formats) {
      for (const out of await RENDERERS[format](model, req.lang)) {
        const path = join(dir, out.file);
        await writeFile(path, out.bytes);
        files.push(path);
      }
    }
    written.push({ companyId, period: req.period, status: model.status, files });
  }
  return written;
}

/** Every company's reports for several periods, one aggregation per period. */
export async function writePeriodReports(
  store: Store,
  req: Omit<ReportRequest, 'period'> & { periods: readonly string[] },
  settings: ReportSettings,
): Promise<WrittenReport[]> {
  const { periods, ...rest } = req;
  const written: WrittenReport[] = [];
  for (const period of periods) written.push(...(await writeReports(store, { ...rest, period }, settings)));
  return written;
}
