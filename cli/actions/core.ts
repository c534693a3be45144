/** The store's commands — run, report, erase, key rotate, retention apply, audit — loaded only
 * when one of them runs (cli/main.ts declares their options). */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../pipeline/config.js';
import { ConfigError } from '../../pipeline/errors.js';
import { parseWindow, type ReportWindow } from '../../pipeline/period.js';
import { auditEntry } from '../../pipeline/audit.js';
import { eraseEmployee } from '../../pipeline/erase/employee.js';
import { sha256File } from '../../pipeline/ingest/hash.js';
import { ingestStream } from '../../pipeline/ingest/ingest.js';
import type { AnalyticsStore, PeriodUsage, ReportWindowRef } from '../../pipeline/ports/analytics-store.js';
import { caseKey, employeeIdSpellings, oneSpelling, pseudonymise } from '../../pipeline/pseudonym.js';
import { REJECTS_LISTED, runPipeline, storedEmployees } from '../../pipeline/run.js';
import type { Reject } from '../../pipeline/ingest/records.js';
import type { Lang } from '../../reports/i18n.js';
import { writePeriodReports, writeReports } from '../../reports/write.js';
import { applyRetention } from '../../jobs/retention.js';
import { rotateKey } from '../../jobs/rotate.js';
import { parseFormats, requireFile, UsageError, type CommandContext } from '../command.js';
import { messages, type DryRun } from '../messages.js';
import { createProgress } from '../progress.js';
import { analyticsStore, createSessionDeps, modelCacheFor, objectStoreFor } from '../../app/compose.js';
import { releaseSessionCaches } from '../../pipeline/caches.js';
import { fullCollection, limitHeapGrowth } from '../../app/gc.js';
import { checkTranscription } from '../../app/preflight.js';
import { manifestNeedsTranscription } from '../../pipeline/ingest/recordings.js';
import { config } from './config.js';
import { importSurveyAudited, surveyDryRun } from './survey.js';
import { readCompanies } from '../../pipeline/ingest/companies.js';
import { eraseInQueue } from './queue.js';

/** The store of the configuration, open for `fn`, closed afterwards whatever happens. */
async function withStore<T>(cfg: Config, fn: (store: AnalyticsStore) => Promise<T>): Promise<T> {
  const store = await analyticsStore(cfg).open();
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export interface RunOptions {
  companies: string;
  manifest: string;
  out: string;
  lang: Lang;
  format: string;
  reprocess?: boolean;
  demo?: boolean;
  dryRun?: boolean;
  json?: boolean;
  /** `--no-cache`: false. */
  cache?: boolean;
  /** A survey file imported before the run's reports (as honne survey import does). */
  survey?: string;
}

export async function run(o: RunOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  requireFile('--companies', o.companies);
  requireFile('--manifest', o.manifest);
  if (o.survey) requireFile('--survey', o.survey);
  const formats = parseFormats(o.format);
  const cfg = config(io, o.demo, o.cache === false ? { HONNE_CACHE: 'off' } : {});
  if (o.dryRun) return dryRun(o, cfg, ctx);
  // before the store is opened or a session touched: what transcribing the recordings needs
  if (await manifestNeedsTranscription(o.manifest)) await checkTranscription(cfg);
  const stop = stopOnSignal();
  try {
    await runWithStore(o, cfg, formats, ctx, stop.signal);
  } catch (err) {
    if (!stop.signal.aborted) throw err;
    io.err(messages.runStopped(String(stop.signal.reason)));
    ctx.setExitCode(130);
  } finally {
    stop.dispose();
  }
}

/** SIGINT or SIGTERM stops a run: the transcription in hand is aborted (its upload ends, its
 * temporary audio is removed), nothing is loaded; a second signal exits at once. */
function stopOnSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const on = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(name);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/** How far `honne run`'s heap grows past what is alive before V8 collects. */
const HEAP_GROWING_PERCENT = 20;

async function runWithStore(o: RunOptions, cfg: Config, formats: ReturnType<typeof parseFormats>, ctx: CommandContext, signal: AbortSignal): Promise<void> {
  const { io } = ctx;
  // a run's peak follows what is alive, in the sessions and in the reports alike (app/gc.ts)
  limitHeapGrowth(HEAP_GROWING_PERCENT);
  await withStore(cfg, async (store) => {
    const runId = randomUUID();
    // before anything is read: a run that fails still leaves its output folder to erasure
    await store.audit(auditEntry('run_started', { out: resolve(o.out) }, io.now(), runId));
    // Before the run's reports, so they show it; its companies count as known before their load.
    const survey = o.survey
      ? await importSurveyAudited(store, o.survey, resolve(o.out), (await readCompanies(o.companies)).companies.map((c) => c.company_id), io.now)
      : null;
    if (survey && !o.json) io.out(messages.surveyImported(survey));
    const summary = await runPipeline(
      { companiesFile: o.companies, manifestFile: o.manifest, outDir: resolve(o.out), lang: o.lang, formats, reprocess: o.reprocess ?? false },
      {
        config: cfg, store, session: () => createSessionDeps(cfg), releaseSessions: releaseSessionCaches, collectGarbage: fullCollection(), runId, now: io.now, progress: createProgress('sessions'), reportProgress: createProgress('reports'),
        writeReports: (req, settings, progress) => writePeriodReports(store, req, settings, progress),
        signal,
      },
    );
    const inputs = { companies: await sha256File(o.companies), manifest: await sha256File(o.manifest) };
    await store.audit(
      auditEntry('run', {
        inputs, out: resolve(o.out), processed: summary.processed, skipped: summary.skipped, erased: summary.erased,
        failed: summary.failed.length, rejects: summary.rejected, reports: summary.reports.length,
      }, io.now(), runId),
    );
    io.out(o.json ? JSON.stringify({ ...summary, out: resolve(o.out), ...(survey ? { survey } : {}) }) : messages.runSummary(summary, resolve(o.out)));
    if (summary.failed.length > 0 || summary.rejected > 0 || (survey?.rejected ?? 0) > 0) ctx.setExitCode(1);
  });
}

/** The stored and erased employees and the case keys of the store, read without writing it. */
async function readStoredIds(cfg: Config): Promise<{ storedEmployees: Set<string>; storedCases: Map<string, Set<string>> }> {
  const store = await analyticsStore(cfg).openReadOnly();
  try {
    return { storedEmployees: await storedEmployees(store), storedCases: await store.employeeCases() };
  } finally {
    store.close();
  }
}

/** `run --dry-run`: reads and validates both files as a run would (every reject named), counts
 * the sessions per company and period, and says what a run would do; writes neither the store
 * nor the output folder. An existing store is read, opened read-only (under the run's key: another key is refused
 * as a run's is) for its employees, so an id in another letter case than a stored or erased one
 * is rejected here as the run would reject it; none is created. */
async function dryRun(o: RunOptions, cfg: Config, ctx: CommandContext): Promise<void> {
  const session = await createSessionDeps(cfg);
  const stored = existsSync(cfg.storePath) ? await readStoredIds(cfg) : undefined;
  const { companies, companyRejects, items } = await ingestStream({
    companiesFile: o.companies, manifestFile: o.manifest, pseudonymKey: cfg.pseudonymKey, analysis: session.provider, inputRoot: cfg.inputRoot,
    ...stored,
  });
  const rejects: Reject[] = companyRejects.slice(0, REJECTS_LISTED);
  let rejected = companyRejects.length;
  const periods = new Map<string, Map<string, number>>();
  let sessions = 0;
  for await (const item of items) {
    if (item.reject) {
      if (rejects.length < REJECTS_LISTED) rejects.push(item.reject);
      rejected += 1;
      continue;
    }
    sessions += 1;
    const byCompany = periods.get(item.session.period) ?? new Map<string, number>();
    byCompany.set(item.session.company_id, (byCompany.get(item.session.company_id) ?? 0) + 1);
    periods.set(item.session.period, byCompany);
  }
  const plan: DryRun = {
    dryRun: true,
    companies: companies.length,
    sessions,
    rejected,
    rejects,
    periods: [...periods.keys()].sort().map((period) => ({ period, companies: Object.fromEntries([...periods.get(period)!].sort(([a], [b]) => a.localeCompare(b))) })),
    store: cfg.storePath,
    out: resolve(o.out),
    formats: parseFormats(o.format),
    lang: o.lang,
    reprocess: o.reprocess ?? false,
    ...(o.survey ? { survey: await surveyDryRun(cfg, o.survey, companies.map((c) => c.company_id)) } : {}),
  };
  ctx.io.out(o.json ? JSON.stringify(plan) : messages.dryRun(plan));
  if (rejected > 0 || (plan.survey?.rejected ?? 0) > 0) ctx.setExitCode(1);
}

export interface ReportOptions {
  company: string;
  period: string;
  /** Months of a rolling window ending at `period` (a string as commander gives it). */
  window?: string;
  lang: Lang;
  format: string;
  out: string;
  demo?: boolean;
  json?: boolean;
  /** The survey metric of the behind-the-scores section. */
  metric?: string;
}

export async function report(o: ReportOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  let window: ReportWindow;
  try {
    window = parseWindow(o.period, o.window === undefined ? undefined : /^\d+$/.test(o.window) ? Number(o.window) : NaN);
  } catch {
    throw new UsageError(`--period must be YYYY-MM or YYYY-Qn (with --window N: YYYY-MM and N from 1 to 12), got "${o.period}"${o.window === undefined ? '' : ` --window "${o.window}"`}`);
  }
  const formats = parseFormats(o.format);
  const cfg = config(io, o.demo);
  await withStore(cfg, async (store) => {
    if (!(await store.companyIds()).includes(o.company)) throw new UsageError(`--company: unknown company "${o.company}" (not in the store)`);
    const periods = (await store.sessionPeriods()).filter((p) => p.company_id === o.company);
    if (!periods.some((p) => window.months.includes(p.period))) {
      // Nothing to report on: no empty report is written (and nothing is recorded).
      io.err(messages.noSessions(o.company, window.id, periods.map((p) => p.period)));
      if (o.json) io.out(JSON.stringify({ out: resolve(o.out), reports: [] }));
      ctx.setExitCode(1);
      return;
    }
    const written = await writeReports(
      store,
      { period: window.id, companyIds: [o.company], lang: o.lang, formats, outDir: resolve(o.out), ...(o.metric ? { surveyMetric: o.metric } : {}) },
      { k: cfg.k, benchmarkMinCompanies: cfg.benchmarkMinCompanies, now: io.now },
    );
    io.out(o.json ? JSON.stringify({ out: resolve(o.out), reports: written }) : messages.reports(written, resolve(o.out)));
  });
}

export interface EraseOptions {
  employee: string;
  company?: string;
  demo?: boolean;
  json?: boolean;
}

export async function erase(o: EraseOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const cfg = config(io, o.demo);
  const opener = analyticsStore(cfg);
  const store = await opener.open();
  let closed = false;
  try {
    const companies = o.company ? [o.company] : await store.companyIds();
    // every spelling tried, and whoever the store holds under the id's case key (any mix of cases)
    const cases = await store.employeeCases();
    const pids = new Set(companies.flatMap((c) => [
      ...employeeIdSpellings(o.employee).map((id) => pseudonymise(cfg.pseudonymKey, c, id)),
      ...(cases.get(caseKey(cfg.pseudonymKey, c, oneSpelling(o.employee))) ?? []),
    ]));
    // remembered as erased: the id as asked and in its one spelling; its other cases where found
    const remembered = new Set(companies.flatMap((c) => [...new Set([o.employee.trim(), oneSpelling(o.employee)])].map((id) => pseudonymise(cfg.pseudonymKey, c, id))));
    const who = { employeeId: o.employee, companyIds: new Set(companies), pids, remembered };
    const counts = await eraseEmployee({ store, objects: objectStoreFor(cfg), cache: modelCacheFor(cfg), queue: { eraseSessions: (byBatch, w) => eraseInQueue(io, byBatch, w) }, now: io.now }, who);
    store.close();
    closed = true;
    await opener.rewrite();
    io.out(o.json ? JSON.stringify(counts) : messages.erased(counts));
    // a typo, another company or another key finds nothing: say so, and fail
    if (Object.values(counts).every((n) => n === 0)) {
      io.err(messages.eraseFoundNothing);
      ctx.setExitCode(1);
    }
  } finally {
    if (!closed) store.close();
  }
}

export interface KeyRotateOptions {
  newKeyEnv: string;
  manifest: string[];
  json?: boolean;
}

export async function keyRotate(o: KeyRotateOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const cfg = config(io);
  const newKey = io.env[o.newKeyEnv];
  if (!newKey) throw new UsageError(`--new-key-env: ${o.newKeyEnv} is not set`);
  try {
    loadConfig({ ...io.env, HONNE_PSEUDONYM_KEY: newKey });
  } catch (err) {
    // the same rules as for HONNE_PSEUDONYM_KEY, named after the variable given
    if (err instanceof ConfigError) throw new ConfigError(err.message.replace('HONNE_PSEUDONYM_KEY', o.newKeyEnv), { variable: o.newKeyEnv });
    throw err;
  }
  if (newKey === cfg.pseudonymKey) throw new UsageError(`--new-key-env: ${o.newKeyEnv} holds the key in use (HONNE_PSEUDONYM_KEY)`);
  for (const m of o.manifest) requireFile('--manifest', m);
  const result = await withStore(cfg, (store) =>
    rotateKey({
      store, manifests: o.manifest.map((m) => resolve(m)), oldKey: cfg.pseudonymKey, newKey,
      objects: objectStoreFor(cfg), inputRoot: cfg.inputRoot, now: io.now(),
    }),
  );
  // the old pseudonyms keep their bytes in the file's free blocks until it is rewritten
  await analyticsStore(cfg).rewrite();
  // model-cache entries are filed under the old pseudonyms, where erase would no longer find them
  await modelCacheFor(cfg).clear();
  io.out(o.json ? JSON.stringify(result) : messages.keyRotated(result.pseudonyms, result.sessions, result.objectFiles, o.newKeyEnv));
}

export interface RetentionOptions {
  dryRun?: boolean;
  json?: boolean;
  demo?: boolean;
}

export async function retention(o: RetentionOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const cfg = config(io, o.demo);
  const result = await withStore(cfg, (store) =>
    applyRetention({ store, objects: objectStoreFor(cfg), cache: modelCacheFor(cfg), lifetimes: cfg.retention, now: io.now(), dryRun: o.dryRun ?? false }),
  );
  // deleted rows keep their bytes in the file's free blocks until it is rewritten
  if (result.storeChanged) await analyticsStore(cfg).rewrite();
  io.out(o.json ? JSON.stringify(result) : messages.retention(result));
}

export interface CacheClearOptions {
  json?: boolean;
}

/** `honne cache clear`: every cached model answer goes (no key needed: nothing is read). */
export async function cacheClear(o: CacheClearOptions, { io }: CommandContext): Promise<void> {
  const cfg = loadConfig(io.env, { demo: true });
  const entries = await modelCacheFor(cfg).clear();
  io.out(o.json ? JSON.stringify({ entries, cacheDir: cfg.cacheDir }) : messages.cacheCleared(entries, cfg.cacheDir));
}

export interface AuditOptions {
  json?: boolean;
  demo?: boolean;
}

export async function audit(o: AuditOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const cfg = config(io, o.demo);
  const log = await withStore(cfg, (store) => store.auditLog());
  io.out(o.json ? JSON.stringify(log) : messages.audit(log));
}

export interface UsageOptions {
  company?: string;
  period?: string;
  json?: boolean;
  demo?: boolean;
}

/** `honne usage`: what transcription and analysis cost per company and month (or over a quarter
 * or a year), from the sessions' rows in the store, with a total: counts and sums for the
 * operator, never a session or an employee. */
export async function usage(o: UsageOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const window = o.period === undefined ? undefined : usageWindow(o.period);
  const cfg = config(io, o.demo);
  const rows = await withStore(cfg, async (store) => {
    if (o.company !== undefined && !(await store.companyIds()).includes(o.company)) throw new UsageError(`--company: unknown company "${o.company}" (not in the store)`);
    return store.usageByPeriod(window, o.company);
  });
  const total = usageTotal(rows);
  io.out(o.json ? JSON.stringify({ rows, total }) : messages.usage(rows, total));
}

/** `--period`: a month, a quarter (parseWindow) or a whole year. */
function usageWindow(period: string): ReportWindowRef {
  if (/^\d{4}$/.test(period)) return { id: period, months: Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`) };
  try {
    return parseWindow(period);
  } catch {
    throw new UsageError(`--period must be YYYY-MM, YYYY-Qn or YYYY, got "${period}"`);
  }
}

function usageTotal(rows: readonly PeriodUsage[]): Omit<PeriodUsage, 'company_id' | 'period'> {
  const keys = ['sessions', 'recorded', 'recordings', 'transcriptCached', 'audioSeconds', 'trimmedSeconds', 'transcribeCostUsd', 'analysisInputTokens', 'analysisOutputTokens', 'analysisCostUsd', 'costUsd'] as const;
  return Object.fromEntries(keys.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)])) as Omit<PeriodUsage, 'company_id' | 'period'>;
}
