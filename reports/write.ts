/** Writes report files for companies and periods from the store: the I/O edge of reporting. */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReportModel, smallMonth, withheldModel, type ReportModel } from '../pipeline/aggregate/model.js';
import { auditEntry } from '../pipeline/audit.js';
import { bandsOf, newBandAllowed, withBenchmarks } from '../pipeline/aggregate/benchmark.js';
import {
  decidePublication, previousFigures, shownModel, shownSegments,
  type OverlappingPublished, type Published, type PublicationDecision, type SegmentValues,
} from '../pipeline/aggregate/publication.js';
import { aggregatePeriod } from '../pipeline/aggregate/queries.js';
import { candidateWord, coveredByLexicon, findEmerging } from '../pipeline/aggregate/emerging.js';
import { bundledLexicons } from '../pipeline/analyze/lexicon.js';
import { overlaps, previousWindow, quarterOf, windowOfId, type ReportWindow } from '../pipeline/period.js';
import { silentProgress, type Progress } from '../pipeline/progress.js';
import type { AnalyticsStore } from '../pipeline/ports/analytics-store.js';
import { REPORT_FORMATS, type PeriodReportRequest, type ReportFormat, type WrittenReport } from '../pipeline/report-options.js';
import { renderCsvReport } from './csv.js';
import type { Lang } from './i18n.js';
import { renderPdfReport } from './pdf/render.js';

// Defined in pipeline/ so that a run names them without importing reports/.
export { REPORT_FORMATS, type ReportFormat, type WrittenReport };

export interface ReportRequest {
  period: string;
  companyIds: string[];
  lang: Lang;
  formats: ReportFormat[];
  outDir: string;
  /** A month too small to report (model.ts: smallMonth) and not yet shown is withheld, pointing
   * to its quarter (`honne run` then writes the quarter: writePeriodReports). */
  quarterForSmall?: boolean;
  /** The survey metric behind-the-scores ranks segments by (default `engagement`). */
  surveyMetric?: string;
}

export interface ReportSettings {
  k: number;
  benchmarkMinCompanies: number;
  now: () => Date;
  /** The run the reports belong to, for the audit trail. */
  runId?: string;
  /** Called after each report is written. */
  onWritten?: (report: WrittenReport) => void;
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
 * id such as `../x` can never leave the output folder; a changed id gets a short hash of the
 * original, so two ids (`C 1`, `C_1`) never share a folder and one company's report never
 * overwrites another's. */
export function safeName(id: string): string {
  const safe = id.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return safe === id ? id : `${safe}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/** `report_<company>_<period>_<lang>.pdf`. */
export function pdfFileName(model: ReportModel, lang: Lang): string {
  return `report_${safeName(model.company.id)}_${model.period}_${lang}.pdf`;
}

/** Aggregates the period once, settles every company's publication of it (the ledger decides:
 * a new version, the published figures again, or held back; pipeline/aggregate/publication.ts),
 * then renders the requested companies that have sessions in the period, each with its
 * benchmark over the other companies' publications. Every company with sessions in the period
 * is settled, rendered or not: its published figures are what the others' benchmarks are made
 * of. */
export async function writeReports(store: AnalyticsStore, req: ReportRequest, settings: ReportSettings): Promise<WrittenReport[]> {
  const window = windowOfId(req.period);
  const previous = previousWindow(window).id;
  const agg = await aggregatePeriod(store, req.period, previous, settings.k);
  // new topics: the keyword sets of the window and the one before
  const previousMonths = previousWindow(window).months;
  const covered = coveredByLexicon(bundledLexicons());
  const generatedAt = settings.now().toISOString();
  const membersOf = new Map<string, Map<string, string>>();
  const valuesOf = new Map<string, Map<string, SegmentValues>>();
  for (const m of agg.members) {
    const members = membersOf.get(m.company_id) ?? new Map<string, string>();
    members.set(m.employee_pid, m.digest);
    membersOf.set(m.company_id, members);
    const values = valuesOf.get(m.company_id) ?? new Map<string, SegmentValues>();
    values.set(m.employee_pid, { department: m.department, age_band: m.age_band, gender: m.gender });
    valuesOf.set(m.company_id, values);
  }
  // 1. Each company's own figures: a new version, the published ones again, or held back.
  const settled = new Map<string, { model: ReportModel; decision: PublicationDecision; past: Published[] }>();
  // A month settles every company with sessions (the benchmarks are made of their figures); a
  // quarter or rolling window only the companies asked for: nobody else is shown one, and a
  // window recorded for them would constrain their later reports (publication.ts: overlapSafe).
  const settle = window.kind === 'month' ? [...membersOf.keys(), ...req.companyIds] : req.companyIds;
  // found over every company's employees (emerging.ts), counted for each company
  const sets = await store.keywordSets([...previousMonths, ...window.months], settings.k, false, undefined, candidateWord(covered));
  for (const companyId of [...new Set(settle)].sort()) {
    const members = membersOf.get(companyId) ?? new Map<string, string>();
    const emerging = findEmerging(sets, { k: settings.k, window: window.months, previous: previousMonths, company: companyId, covered, restMinCompanies: settings.benchmarkMinCompanies });
    const prev = (await history(store, companyId, previous)).at(-1) ?? null;
    const current = buildReportModel(agg, companyId, {
      benchmarkMinCompanies: settings.benchmarkMinCompanies,
      generatedAt,
      previous: previousFigures(prev, members, settings.k),
      ...(req.surveyMetric ? { surveyMetric: req.surveyMetric } : {}),
      emerging,
    });
    const past = await history(store, companyId, req.period);
    if (req.quarterForSmall && window.kind === 'month' && smallMonth(current) && !past.some((p) => p.model.status === 'ok')) {
      settled.set(companyId, { model: withheldModel(current, 'see_quarter', 'see_quarter'), decision: { kind: 'withhold' }, past });
      continue;
    }
    const decision = decidePublication(
      past, current, members, settings.k, { months: window.months, versions: await overlapping(store, companyId, req.period) }, valuesOf.get(companyId) ?? new Map(),
    );
    settled.set(companyId, { model: shownModel(decision, past, current, generatedAt), decision, past });
  }
  // 2. The bands of each new version, over the others' settled figures; a version kept shows
  // the bands it was published with. A new band replaces the ones shown before only when the
  // companies behind it changed enough (benchmark.ts: newBandAllowed); else the last one stays.
  const peers = [...settled.values()].map((x) => x.model);
  for (const [companyId, entry] of settled) {
    if (entry.decision.kind !== 'publish') continue;
    const shownBefore = entry.past.filter((p) => p.model.status === 'ok');
    const candidate = withBenchmarks(entry.model, peers, settings.benchmarkMinCompanies);
    const last = shownBefore.at(-1);
    const model = !last || newBandAllowed(candidate.benchmark_basis, shownBefore.map((p) => p.model.benchmark_basis)) ? candidate : bandsOf(entry.model, last.model);
    // each member's segments as this version shows them: what its successors are compared by
    const values = valuesOf.get(companyId) ?? new Map<string, SegmentValues>();
    await store.recordPublication(
      { c: companyId, p: req.period }, entry.decision.version, generatedAt, JSON.stringify({ ...model, publication: null }),
      membersOf.get(companyId) ?? new Map<string, string>(),
      new Map([...values].map(([pid, v]) => [pid, shownSegments(model, v)])),
    );
    settled.set(companyId, { ...entry, model });
  }
  const written: WrittenReport[] = [];
  // A company without sessions in the period gets no report: an empty one says nothing, and
  // `honne run` would write one for every company of the companies file in every period.
  for (const companyId of req.companyIds.filter((id) => membersOf.has(id))) {
    const { model, decision } = settled.get(companyId)!;
    const dir = join(req.outDir, safeName(companyId), req.period);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const format of req.formats) {
      for (const out of await RENDERERS[format](model, req.lang)) {
        const path = join(dir, out.file);
        await writeAtomically(path, out.bytes);
        files.push(path);
      }
    }
    const report: WrittenReport = { companyId, period: req.period, status: model.status, files };
    written.push(report);
    await store.audit(
      auditEntry('report', {
        company_id: companyId,
        period: req.period,
        version: model.publication?.version ?? 0,
        decision: decision.kind === 'publish' ? 'published' : decision.kind === 'withhold' || decision.held_back ? 'held_back' : 'unchanged',
        files: files.length,
      }, settings.now(), settings.runId ?? null),
    );
    settings.onWritten?.(report);
  }
  return written;
}

/** Every version of every other window of the company linked to `period` by a chain of windows
 * that share a month (Jun, Jun–Jul, Jul–Aug and Aug: each shares one with the next): every window
 * an attacker can add or subtract to isolate part of it. That includes the windows sharing a
 * month with it and every window inside one of those (publication.ts: overlapSafe), and the rest
 * of the chain (combinations.ts). */
async function overlapping(store: AnalyticsStore, companyId: string, period: string): Promise<OverlappingPublished[]> {
  const w = windowOfId(period);
  let rest = (await store.publishedPeriods(companyId)).filter((id) => id !== period).map(windowOfId);
  const linked: ReportWindow[] = [];
  for (let edge = [w]; edge.length > 0; ) {
    const next = rest.filter((o) => edge.some((x) => overlaps(x, o)));
    rest = rest.filter((o) => !next.includes(o));
    linked.push(...next);
    edge = next;
  }
  const out: OverlappingPublished[] = [];
  for (const other of linked) {
    for (const p of await history(store, companyId, other.id)) out.push({ ...p, months: other.months });
  }
  return out;
}

async function history(store: AnalyticsStore, companyId: string, period: string): Promise<Published[]> {
  return (await store.publicationHistory(companyId, period)).map((r) => ({ ...r, model: JSON.parse(r.model) as ReportModel }));
}

/** Every company's reports for several periods, one aggregation per period; `progress`
 * counts the reports (a company and period with sessions) as they are written. */
export async function writePeriodReports(
  store: AnalyticsStore,
  req: PeriodReportRequest,
  settings: ReportSettings,
  progress: Progress = silentProgress,
): Promise<WrittenReport[]> {
  const { periods, ...rest } = req;
  const wanted = new Set(rest.companyIds);
  const withSessions = await store.sessionPeriods();
  progress.start(withSessions.filter((r) => wanted.has(r.company_id) && periods.includes(r.period)).length);
  const written: WrittenReport[] = [];
  let done = 0;
  try {
    const quarters = new Map<string, Set<string>>();
    for (const period of periods) {
      const months = await writeReports(store, { ...rest, period, quarterForSmall: true }, { ...settings, onWritten: () => progress.tick((done += 1)) });
      written.push(...months);
      for (const r of months.filter((m) => m.status === 'see_quarter')) {
        const q = quarterOf(period).id;
        quarters.set(q, (quarters.get(q) ?? new Set<string>()).add(r.companyId));
      }
    }
    // The quarters the small months point to, once each, for those companies only.
    for (const [q, companies] of [...quarters].sort(([a], [b]) => (a < b ? -1 : 1))) {
      written.push(...(await writeReports(store, { ...rest, period: q, companyIds: [...companies].sort() }, settings)));
    }
  } finally {
    progress.stop();
  }
  return written;
}

/** A reader sees the old file or the new one, never half of one (a killed run included). */
async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}
